"""Fact sheets: a titled page of sections (facts as label/value rows, paragraphs, tables, a value
chain, photos) — the one-page project brief, and the base of the 5W1H activity report.

An `InfoSheet` is format-neutral: `render_info_sheet_pdf` lays it out with the engine's shaped Thai
flowables; `info_sheet_definition` turns it into a two-column ReportDefinition for Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from moi_desktop.documents.flowables import TextStyle, ThaiParagraph, ThaiTable, draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import make_doc
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.table_report import ASCENT, line_pitch
from moi_desktop.documents.thaitext import wrap_text
from moi_desktop.thai import to_thai_digits

HEADING_FILL = (0.86, 0.91, 0.97)
CHAIN_FILL = (0.95, 0.97, 1.0)


@dataclass
class Section:
    """One block of a fact sheet. Any of the parts may be empty; they print in this order."""

    heading: str
    facts: Sequence[tuple[str, str]] = ()  # (label, value) rows
    paragraphs: Sequence[str] = ()
    table: tuple[Sequence[str], Sequence[Sequence[str]]] | None = None  # (headers, rows)
    table_widths: Sequence[float] | None = None
    table_align: Sequence[str] | None = None
    chain: Sequence[tuple[str, str]] = ()  # value chain stages: (label, text)
    photos: Sequence[tuple[str, Sequence[tuple[Path | None, str]]]] = ()  # (column title, [(file, caption)])


@dataclass
class InfoSheet:
    title: Sequence[str]
    sections: Sequence[Section]
    subtitle: Sequence[str] = ()
    footer: str = ""  # e.g. "ข้อมูล ณ วันที่ ๓๐ สิงหาคม ๒๕๖๕"
    thai_digits: bool = True
    size: float = 14
    sheet_name: str = "ข้อมูล"
    prepared_by: PreparedBy | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai_digits else text


class SectionHeading(Flowable):
    """A shaded bar with the section's bold title."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = text, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, line_pitch(self.size) + 4
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColorRGB(*HEADING_FILL)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setFillGray(0)
        draw_text(c, 4, self.height - 2 - ASCENT * self.size, self.text, self.font, self.size)
        c.restoreState()


class ChainBoxes(Flowable):
    """Value chain: boxes side by side (ต้นทาง → กลางทาง → ปลายทาง), each with wrapped text."""

    GAP = 0.6 * cm

    def __init__(self, stages: Sequence[tuple[str, str]], font: str, bold: str, size: float) -> None:
        super().__init__()
        self.stages, self.font, self.bold, self.size = list(stages), font, bold, size
        self._lines: list[list[str]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        n = len(self.stages)
        self.box_w = (avail_width - self.GAP * (n - 1)) / n
        self._lines = [wrap_text(text or "-", self.font, self.size, self.box_w - 8) for _, text in self.stages]
        rows = max(len(lines) for lines in self._lines) + 1
        self.width, self.height = avail_width, rows * line_pitch(self.size) + 8
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        pitch = line_pitch(self.size)
        c.saveState()
        c.setLineWidth(0.8)
        for i, ((label, _), lines) in enumerate(zip(self.stages, self._lines, strict=True)):
            x = i * (self.box_w + self.GAP)
            c.setFillColorRGB(*CHAIN_FILL)
            c.roundRect(x, 0, self.box_w, self.height, 4, stroke=1, fill=1)
            c.setFillGray(0)
            y = self.height - 4 - ASCENT * self.size
            draw_text(c, x + self.box_w / 2, y, label, self.bold, self.size, align="center")
            for line in lines:
                y -= pitch
                draw_text(c, x + 4, y, line, self.font, self.size)
            if i < len(self.stages) - 1:  # arrow to the next stage
                ax, ay = x + self.box_w + 2, self.height / 2
                c.line(ax, ay, ax + self.GAP - 4, ay)
                c.line(ax + self.GAP - 8, ay + 3, ax + self.GAP - 4, ay)
                c.line(ax + self.GAP - 8, ay - 3, ax + self.GAP - 4, ay)
        c.restoreState()


class PhotoColumns(Flowable):
    """Photos in titled columns (ก่อน | หลัง): each picture scaled into its cell with a caption."""

    def __init__(self, columns: Sequence[tuple[str, Sequence[tuple[Path | None, str]]]], font: str, bold: str,
                 size: float, photo_height: float = 5.2 * cm) -> None:
        super().__init__()
        self.columns, self.font, self.bold, self.size = list(columns), font, bold, size
        self.photo_height = photo_height

    def _rows(self) -> int:
        return max((len(items) for _, items in self.columns), default=0) or 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        pitch = line_pitch(self.size)
        self.width = avail_width
        self.cell_h = self.photo_height + pitch + 6
        self.height = pitch + 4 + self._rows() * self.cell_h
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        pitch = line_pitch(self.size)
        n = len(self.columns)
        col_w = (self.width - 0.4 * cm * (n - 1)) / n
        for i, (title, items) in enumerate(self.columns):
            x = i * (col_w + 0.4 * cm)
            top = self.height
            draw_text(c, x + col_w / 2, top - ASCENT * self.size, title, self.bold, self.size, align="center")
            top -= pitch + 4
            if not items:
                items = [(None, "ไม่มีภาพ")]
            for path, caption in items:
                box_bottom = top - self.photo_height
                c.saveState()
                c.setStrokeGray(0.6)
                c.rect(x, box_bottom, col_w, self.photo_height)
                c.restoreState()
                if path is not None:
                    image = ImageReader(str(path))
                    iw, ih = image.getSize()
                    scale = min((col_w - 4) / iw, (self.photo_height - 4) / ih)
                    w, h = iw * scale, ih * scale
                    c.drawImage(image, x + (col_w - w) / 2, box_bottom + (self.photo_height - h) / 2, w, h)
                else:
                    draw_text(c, x + col_w / 2, box_bottom + self.photo_height / 2, "ไม่มีภาพ", self.font,
                              self.size, align="center")
                text = (wrap_text(caption, self.font, self.size - 2, col_w) or [""])[0] if caption else ""
                draw_text(c, x + col_w / 2, box_bottom - pitch * 0.85, text, self.font, self.size - 2, align="center")
                top -= self.cell_h


class FactList(Flowable):
    """Label / value rows without a header: bold label on the left, the value wrapped beside it,
    a thin rule under each row. Compact enough for a one-page brief."""

    LABEL_SHARE = 0.27
    PAD = 2.5

    def __init__(self, facts: Sequence[tuple[str, str]], font: str, bold: str, size: float) -> None:
        super().__init__()
        self.facts, self.font, self.bold, self.size = list(facts), font, bold, size
        self._rows: list[tuple[list[str], list[str]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        label_w = avail_width * self.LABEL_SHARE
        self._rows = [(wrap_text(label, self.bold, self.size, label_w - 6),
                       wrap_text(value or "-", self.font, self.size, avail_width - label_w - 6))
                      for label, value in self.facts]
        pitch = line_pitch(self.size)
        self.width = avail_width
        self.height = sum(max(len(a), len(b)) * pitch + 2 * self.PAD for a, b in self._rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[FactList]:
        self.wrap(avail_width, avail_height)
        pitch = line_pitch(self.size)
        used, fit = 0.0, 0
        for a, b in self._rows:
            h = max(len(a), len(b)) * pitch + 2 * self.PAD
            if used + h > avail_height:
                break
            used, fit = used + h, fit + 1
        if fit == 0 or fit == len(self.facts):
            return []
        return [FactList(self.facts[:fit], self.font, self.bold, self.size),
                FactList(self.facts[fit:], self.font, self.bold, self.size)]

    def draw(self) -> None:
        c = self.canv
        pitch = line_pitch(self.size)
        label_w = self.width * self.LABEL_SHARE
        top = self.height
        c.saveState()
        c.setStrokeGray(0.75)
        c.setLineWidth(0.4)
        for label_lines, value_lines in self._rows:
            h = max(len(label_lines), len(value_lines)) * pitch + 2 * self.PAD
            for x, font, lines in ((2, self.bold, label_lines), (label_w + 2, self.font, value_lines)):
                y = top - self.PAD - ASCENT * self.size
                for line in lines:
                    draw_text(c, x, y, line, font, self.size)
                    y -= pitch
            top -= h
            c.line(0, top, self.width, top)
        c.restoreState()


def info_sheet_flowables(sheet: InfoSheet, fonts: DocumentFonts) -> list[Flowable]:
    td = sheet.digits
    size = sheet.size
    title = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=size + 4, align="center", bold=True)
    sub = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=size, align="center")
    body = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=size, first_indent=1 * cm, space_before=2)
    story: list[Flowable] = [ThaiParagraph(td(line), title) for line in sheet.title]
    story += [ThaiParagraph(td(line), sub) for line in sheet.subtitle]
    story.append(Spacer(0, 4))
    for section in sheet.sections:
        parts: list[Flowable] = [Spacer(0, 3), SectionHeading(td(section.heading), fonts.bold, size), Spacer(0, 3)]
        if section.facts:
            parts.append(FactList([(td(a), td(b)) for a, b in section.facts], fonts.regular, fonts.bold, size))
        parts += [ThaiParagraph(td(p), body) for p in section.paragraphs if p]
        if section.table is not None:
            headers, rows = section.table
            parts.append(ThaiTable([td(h) for h in headers], [[td(str(v)) for v in row] for row in rows],
                                   font=fonts.regular, bold_font=fonts.bold, size=size,
                                   col_widths=list(section.table_widths) if section.table_widths else None,
                                   align=list(section.table_align) if section.table_align else None))
        if section.chain:
            parts.append(ChainBoxes([(td(a), td(b)) for a, b in section.chain], fonts.regular, fonts.bold, size))
        if section.photos:
            parts.append(PhotoColumns([(td(t), [(p, td(c)) for p, c in items]) for t, items in section.photos],
                                      fonts.regular, fonts.bold, size))
        # A heading never ends a page alone (room for it and a few lines); the rest may flow on.
        if section.photos:  # pictures cannot split: keep them with their heading
            story.append(KeepTogether(parts))
        else:
            story.append(CondPageBreak(line_pitch(size) * 5))
            story += parts
    if sheet.footer:
        story += [Spacer(0, 6), ThaiParagraph(td(sheet.footer), sub.with_(align="right", size=size - 2))]
    return story


def render_info_sheet_pdf(sheet: InfoSheet, out: str | Path, *, fonts: DocumentFonts | None = None,
                          one_page: bool = False) -> Path:
    """Write the sheet as PDF. `one_page`: step the text size down (at most 2 pt) until it fits."""
    fonts = fonts or get_fonts()
    sizes = [sheet.size - step for step in (0, 0.5, 1, 1.5, 2)] if one_page else [sheet.size]
    for size in sizes:
        buffer = io.BytesIO()
        doc = make_doc(buffer, title=" ".join(sheet.title), top_margin=1.5 * cm, bottom_margin=1.2 * cm,
                       font=fonts.regular)
        doc.build(info_sheet_flowables(replace(sheet, size=size), fonts))
        if doc.page == 1:
            break
    Path(out).write_bytes(buffer.getvalue())
    return Path(out)


def info_sheet_definition(sheet: InfoSheet) -> ReportDefinition:
    """The same content as label/value rows, for Excel (photos are listed by caption)."""
    rows: list[tuple[str, str]] = []
    for section in sheet.sections:
        rows.append((f"— {section.heading} —", ""))
        rows += [(label, value or "-") for label, value in section.facts]
        rows += [("", p) for p in section.paragraphs if p]
        if section.table is not None:
            headers, table_rows = section.table
            rows += [(str(r[0]), " | ".join(f"{h}: {v}" for h, v in zip(headers[1:], r[1:], strict=True)))
                     for r in table_rows]
        rows += [(label, text or "-") for label, text in section.chain]
        for title, items in section.photos:
            rows += [(title, caption or (Path(p).name if p else "ไม่มีภาพ")) for p, caption in items]
    return ReportDefinition(
        title=list(sheet.title), subtitle=list(sheet.subtitle), columns=[
            Column("label", "หัวข้อ", weight=1.2), Column("value", "รายละเอียด", weight=3.5)],
        rows=[{"label": a, "value": b} for a, b in rows], thai_digits=sheet.thai_digits,
        summary=[sheet.footer] if sheet.footer else [], prepared_by=sheet.prepared_by, sheet_name=sheet.sheet_name,
    )
