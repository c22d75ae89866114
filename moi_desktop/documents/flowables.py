"""Flowables that put Thai text on the page: the only place (with draw_text) that calls reportlab's
canvas text API. Lines are filled by thaitext.fill_lines and drawn as pre-shaped strings."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from moi_desktop.documents.thaitext import _font_groups, fill_lines, shape, text_width
from moi_desktop.thai.segment import name_segments, segment
from moi_desktop.thai.text import printable

ALIGNS = ("left", "center", "right", "justify", "thai")

# A wrapped line: its (text, font name) tokens.
type Line = list[tuple[str, str]]


@dataclass(frozen=True)
class TextStyle:
    font: str  # registered regular font name
    size: float = 16
    leading: float | None = None  # default 1.25 × size
    first_indent: float = 0
    left_indent: float = 0
    align: str = "left"  # left / center / right / justify (at spaces) / thai (Thai distributed)
    space_before: float = 0
    space_after: float = 0
    bold: bool = False
    bold_font: str | None = None  # registered bold font name (needed for bold runs)

    @property
    def line_height(self) -> float:
        return self.leading if self.leading is not None else self.size * 1.25

    def with_(self, **changes: Any) -> "TextStyle":
        return replace(self, **changes)


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> float:
    """Draw one shaped line at baseline y; x is the left edge, centre or right edge per `align`.
    Returns the drawn width."""
    text = printable(text)
    width = text_width(text, font, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canvas.setFont(font, size)
    shaped = shape(text, font)
    # A mark HarfBuzz moves right (ี้ in นี้) has its origin past the next letter's; pdftotext
    # orders by origin and would print นีไ้. ActualText gives extractors the logical text (and ำ,
    # which the ToUnicode map can only give as ํ + า).
    actual = "\u0e33" in text or any(sd.x_offset > 0 and sd.x_advance == 0 for sd in shaped.__shapeData__)
    if actual:
        canvas._code.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
    canvas.drawString(x, y, shaped)
    if actual:
        canvas._code.append("EMC")
    return width


def _runs_tokens(runs: Sequence[tuple[str, bool]], regular: str, bold: str, is_name: bool) -> Line:
    """(text, font) tokens of label runs; a font change must fall at a space (TECH_NOTES)."""
    tokens: Line = []
    for i, (text, is_bold) in enumerate(runs):
        text = printable(text)
        changes = i > 0 and text and runs[i - 1][0] and runs[i - 1][1] != is_bold
        if changes and not (text[0].isspace() or runs[i - 1][0][-1].isspace()):
            raise ValueError(f"font change inside a word at {text[:10]!r}: put a space there")
        font = bold if is_bold else regular
        for lineno, para in enumerate(text.split("\n")):
            if lineno:
                tokens.append(("\n", font))
            parts = name_segments(para) if is_name else segment(para)
            tokens += [(p, font) for p in parts]
    return tokens


class ThaiParagraph(Flowable):
    """A paragraph of Thai text, wrapped at segment boundaries, split across pages.

    `runs`: optional [(text, bold)] instead of `text`, e.g. [("เรื่อง", True), (" ขอเชิญ…", False)].
    """

    def __init__(self, text: str = "", style: TextStyle | None = None, runs: Sequence[tuple[str, bool]] | None = None,
                 *, is_name: bool = False, _lines: list[Line] | None = None, _first: bool = True) -> None:
        super().__init__()
        if style is None:
            raise ValueError("ThaiParagraph needs a TextStyle")
        self.style = style
        regular = style.bold_font if style.bold and style.bold_font else style.font
        bold = style.bold_font or style.font
        self.runs = runs if runs is not None else [(text, style.bold)]
        self._regular, self._bold, self.is_name = regular, bold, is_name
        self._lines = _lines
        self._first = _first
        self._width: float | None = None
        self.text = "".join(t for t, _ in self.runs)

    def _layout(self, avail_width: float) -> list[Line]:
        if self._lines is not None and self._width == avail_width:
            return self._lines
        s = self.style
        tokens = _runs_tokens(self.runs, self._regular, self._bold, self.is_name)
        width = avail_width - s.left_indent
        lines: list[Line] = []
        para: Line = []
        for token in tokens + [("\n", self._regular)]:
            if token[0] == "\n":
                indent = s.first_indent if not lines else 0
                filled = fill_lines(para, s.size, width, indent)
                lines += filled
                para = []
            else:
                para.append(token)
        self._lines, self._width = lines, avail_width
        return lines

    def lines(self, avail_width: float) -> list[str]:
        """The wrapped lines as plain text (for tests and measuring)."""
        return ["".join(t for t, _ in line) for line in self._layout(avail_width)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(lines) * self.style.line_height
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's Flowable method name
        return self.style.space_before if self._first else 0

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's Flowable method name
        return self.style.space_after

    def split(self, avail_width: float, avail_height: float) -> list["ThaiParagraph"]:
        lines = self._layout(avail_width)
        fit = int(avail_height // self.style.line_height)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        head = ThaiParagraph(style=self.style.with_(space_after=0), runs=self.runs, is_name=self.is_name,
                             _lines=lines[:fit], _first=self._first)
        tail = ThaiParagraph(style=self.style.with_(first_indent=0, space_before=0), runs=self.runs,
                             is_name=self.is_name, _lines=lines[fit:], _first=False)
        head._width = tail._width = avail_width
        return [head, tail]

    def draw(self) -> None:
        s = self.style
        canvas = self.canv
        lead = s.line_height
        # baseline sits ~0.3 leading above the line box bottom, leaving room above for stacked marks
        y = self.height - lead + (lead - s.size) / 2 + s.size * 0.25
        lines = self._layout(self.width)  # the lines wrap() laid out (reportlab wraps before drawing)
        last = len(lines) - 1
        for i, line in enumerate(lines):
            x = s.left_indent + (s.first_indent if i == 0 and self._first else 0)
            avail = self.width - x
            is_last = i == last  # the last line of the paragraph is never stretched
            self._draw_line(canvas, line, x, y, avail, is_last)
            y -= lead

    def _draw_line(self, canvas: Canvas, line: Line, x: float, y: float, avail: float, is_last: bool) -> None:
        s = self.style
        used = sum(text_width(t, f, s.size) for t, f in line)
        align = s.align
        if align in ("justify", "thai") and not is_last and line:
            gaps = [k for k in range(1, len(line))
                    if align == "thai" or line[k][0] == " "]
            extra = (avail - used) / len(gaps) if gaps else 0
            if gaps and 0 < extra < s.size * (0.8 if align == "justify" else 0.25):
                gapset = set(gaps)
                for k, (t, f) in enumerate(line):
                    if k in gapset:
                        x += extra
                    if not t.isspace():
                        draw_text(canvas, x, y, t, f, s.size)
                    x += text_width(t, f, s.size)
                return
        if align == "center":
            x += (avail - used) / 2
        elif align == "right":
            x += avail - used
        for font, text in _font_groups(line):
            x += draw_text(canvas, x, y, text, font, s.size)


class DottedLabelLine(Flowable):
    """A memo header row: bold label, then the value on a dotted line to the right edge.

    `cells`: [(label, value, share)], shares of the width summing to 1 — e.g. ที่ … | วันที่ ….
    A long value wraps; continuation lines start under the value and keep their dotted line.
    """

    def __init__(self, cells: Sequence[tuple[str, str, float]], *, label_font: str, value_font: str,
                 label_size: float = 20, value_size: float = 16, leading: float | None = None,
                 space_after: float = 0) -> None:
        super().__init__()
        self.cells = [(printable(label), printable(value), share) for label, value, share in cells]
        self.label_font, self.value_font = label_font, value_font
        self.label_size, self.value_size = label_size, value_size
        self.leading = leading or label_size * 1.15
        self.spaceAfter = space_after
        # per cell: (label x, label, value x, right edge, value lines); set by wrap()
        self._layout: list[tuple[float, str, float, float, list[str]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        layout = []
        x = 0.0
        for label, value, share in self.cells:
            cell_width = avail_width * share
            label_w = text_width(label, self.label_font, self.label_size)
            value_x = x + label_w + self.value_size * 0.4
            value_w = x + cell_width - value_x - self.value_size * 0.3
            tokens = [(t, self.value_font) for t in segment(value)]
            lines = ["".join(t for t, _ in ln) for ln in fill_lines(tokens, self.value_size, value_w)]
            layout.append((x, label, value_x, x + cell_width, lines))
            x += cell_width
        self._layout = layout
        self.width = avail_width
        self.height = max(len(cell[4]) for cell in layout) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        descent = self.leading * 0.22
        for x, label, value_x, right, lines in self._layout:
            y = top - self.leading + descent
            draw_text(canvas, x, y, label, self.label_font, self.label_size)
            canvas.saveState()
            canvas.setDash(0.6, 2)
            canvas.setLineWidth(0.6)
            for i, line in enumerate(lines):
                base = y - i * self.leading
                canvas.line(value_x - 2, base - 2.5, right - 4, base - 2.5)
                draw_text(canvas, value_x + self.value_size * 0.3, base, line, self.value_font, self.value_size)
            canvas.restoreState()


class LineBox(Flowable):
    """Fixed-height vertical space (a signature gap) that never splits."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.height

    def draw(self) -> None:
        pass


# A table laid out at one width: (available width, column widths, header cell lines, row cell lines).
type _Measured = tuple[float, list[float], list[list[str]], list[list[list[str]]]]


class ThaiTable(Flowable):
    """A grid of wrapped Thai cells with a header row repeated on every page.

    Column widths follow the real shaped text (Thai digits are wider than 0–9), scaled to fit.
    Cells get ≥5 pt top padding so stacked marks are not clipped by the rule above.
    """

    PAD_TOP, PAD_BOTTOM, PAD_X = 5.0, 3.0, 4.0

    def __init__(self, columns: list[str], rows: list[list[str]], *, font: str, bold_font: str,
                 size: float = 16, col_widths: list[float] | None = None, align: list[str] | None = None,
                 _measured: _Measured | None = None) -> None:
        super().__init__()
        self.columns = [printable(c) for c in columns]
        self.rows = [[printable(str(v)) for v in row] for row in rows]
        self.font, self.bold_font, self.size = font, bold_font, size
        self.col_widths = col_widths
        self.align = align or ["left"] * len(columns)
        self._measured = _measured  # (avail_width, widths, header_lines, row_lines)

    def _widths(self, avail_width: float) -> list[float]:
        if self.col_widths:  # relative shares of the frame width
            total = sum(self.col_widths)
            return [w * avail_width / total for w in self.col_widths]
        pad = 2 * self.PAD_X
        natural = []
        for c, head in enumerate(self.columns):
            words = max((text_width(w, self.bold_font, self.size) for w in segment(head) if not w.isspace()),
                        default=0)
            longest = max([text_width(head, self.bold_font, self.size) * 0.6, words]
                          + [text_width(row[c], self.font, self.size) for row in self.rows])
            natural.append(longest + pad)
        total = sum(natural)
        if total <= avail_width:
            extra = (avail_width - total) / len(natural)
            return [w + extra for w in natural]
        # shrink wide columns first: each column keeps at least its share of a fair split
        floor = [min(w, avail_width / len(natural) * 0.6) for w in natural]
        spare = avail_width - sum(floor)
        excess = [w - f for w, f in zip(natural, floor, strict=True)]
        scale = spare / sum(excess) if sum(excess) else 0
        return [f + e * scale for f, e in zip(floor, excess, strict=True)]

    def _cell_lines(self, text: str, font: str, width: float) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            tokens = [(t, font) for t in segment(para)]
            out += ["".join(t for t, _ in ln) for ln in fill_lines(tokens, self.size, width - 2 * self.PAD_X)]
        return out

    def _measure(self, avail_width: float) -> _Measured:
        if self._measured and self._measured[0] == avail_width:
            return self._measured
        widths = self._widths(avail_width)  # one per column: every row has a cell per column
        header = [self._cell_lines(h, self.bold_font, w) for h, w in zip(self.columns, widths, strict=True)]
        rows = [[self._cell_lines(v, self.font, w) for v, w in zip(row, widths, strict=True)] for row in self.rows]
        self._measured = (avail_width, widths, header, rows)
        return self._measured

    def _row_height(self, cells: list[list[str]]) -> float:
        return max(len(c) for c in cells) * self.size * 1.25 + self.PAD_TOP + self.PAD_BOTTOM

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, widths, header, rows = self._measure(avail_width)
        self.width = sum(widths)
        self.height = self._row_height(header) + sum(self._row_height(r) for r in rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list["ThaiTable"]:
        avail, widths, header, rows = self._measure(avail_width)
        used = self._row_height(header)
        fit = 0
        for cells in rows:
            h = self._row_height(cells)
            if used + h > avail_height:
                break
            used += h
            fit += 1
        if fit == 0 or fit == len(rows):
            return []
        parts: list[ThaiTable] = []
        for lo, hi in ((0, fit), (fit, len(rows))):
            part = ThaiTable(self.columns, self.rows[lo:hi], font=self.font, bold_font=self.bold_font,
                             size=self.size, col_widths=self.col_widths, align=self.align,
                             _measured=(avail, widths, header, rows[lo:hi]))
            parts.append(part)
        return parts

    def draw(self) -> None:
        canvas = self.canv
        if self._measured is None:
            raise RuntimeError("ThaiTable.draw before wrap")
        _, widths, header, rows = self._measured
        y = self.height
        canvas.saveState()
        canvas.setLineWidth(0.6)
        for r, cells in enumerate([header] + rows):
            h = self._row_height(cells)
            if r == 0:
                canvas.setFillGray(0.9)
                canvas.rect(0, y - h, self.width, h, stroke=0, fill=1)
                canvas.setFillGray(0)
            x = 0.0
            for c, (lines, w) in enumerate(zip(cells, widths, strict=True)):
                font = self.bold_font if r == 0 else self.font
                align = "center" if r == 0 else self.align[c]
                base = y - self.PAD_TOP - self.size * 0.95
                for line in lines:
                    if align == "center":
                        draw_text(canvas, x + w / 2, base, line, font, self.size, align="center")
                    elif align == "right":
                        draw_text(canvas, x + w - self.PAD_X, base, line, font, self.size, align="right")
                    else:
                        draw_text(canvas, x + self.PAD_X, base, line, font, self.size)
                    base -= self.size * 1.25
                x += w
            canvas.line(0, y, self.width, y)
            y -= h
        canvas.line(0, y, self.width, y)
        x = 0.0
        for w in [0.0] + widths:
            x += w
            canvas.line(x, 0, x, self.height)
        canvas.restoreState()
