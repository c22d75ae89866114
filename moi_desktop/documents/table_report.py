"""PDF table report: title block, sub-title, a table with a repeated header and a totals row,
"หน้า ๑/๓" page numbers and a ผู้จัดทำ block — from a ReportDefinition.

Layout is ours and linear: every cell is wrapped (word boundaries; names only at spaces) and
measured once, rows are sliced into pages by their known heights, and each page is drawn row by
row on the canvas. reportlab's own long-table splitting is superlinear (15,000 rows ≈ 60 s) and
its Table cells cannot carry shaped multi-line Thai, so neither is used here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.report import (
    NUMERIC_KINDS,
    Cancelled,
    Column,
    Progress,
    ReportDefinition,
    check_cancelled,
)
from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.page import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, page_size
from moi_desktop.documents.thaitext import name_segments, segment, text_width, wrap_text
from moi_desktop.documents.xlsx import prepared_by_lines
from moi_desktop.thai import to_thai_digits

CM = 72 / 2.54
PAGE_NUMBER_SIZE = 14
# Vertical metrics as fractions of the font size, for the TH Sarabun-like fonts we use: stacked
# upper marks reach ~0.92 em above the baseline, lower vowels ~0.30 em below it.
ASCENT = 0.92
DESCENT = 0.30

PAD_X = 4.0
PAD_TOP = 5.0  # stacked marks (ผู้, ที่) need room above the first line
PAD_BOTTOM = 3.0
HEADER_FILL = (0.90, 0.90, 0.90)
TOTALS_FILL = (0.95, 0.95, 0.95)
GRID_WIDTH = 0.5
PARAGRAPH_INDENT = 2.5 * CM  # first-line indent of official Thai paragraphs
MAX_MIN_SHARE = 0.45  # a single unbreakable word never claims more than this share of the width


def line_pitch(size: float) -> float:
    return (ASCENT + DESCENT) * size


@dataclass(frozen=True)
class Margins:
    """Official A4 margins (page.py): left 3 cm (binding), right 2 cm, top 2.5 cm, bottom 2 cm."""

    page_width: float
    page_height: float
    left: float = MARGIN_LEFT
    right: float = MARGIN_RIGHT
    top: float = MARGIN_TOP
    bottom: float = MARGIN_BOTTOM

    @classmethod
    def official(cls, pagesize: tuple[float, float]) -> Margins:
        return cls(pagesize[0], pagesize[1])

    @property
    def body_width(self) -> float:
        return self.page_width - self.left - self.right

    @property
    def body_top(self) -> float:
        return self.page_height - self.top

    @property
    def right_edge(self) -> float:
        return self.page_width - self.right


def page_label(number: int, total: int, thai_digits: bool = True) -> str:
    text = f"หน้า {number}/{total}"
    return to_thai_digits(text) if thai_digits else text


@dataclass
class _Row:
    cells: list[list[str]]
    height: float
    bold: bool = False
    fill: tuple[float, float, float] | None = None


@dataclass
class _Page:
    ops: list[tuple] = field(default_factory=list)


@dataclass
class _Style:
    fonts: DocumentFonts
    size: float

    @property
    def pitch(self) -> float:
        return line_pitch(self.size)

    def font(self, bold: bool) -> str:
        return self.fonts.bold if bold else self.fonts.regular


def render_table_report(defn: ReportDefinition, out: str | Path, *, fonts: DocumentFonts | None = None,
                        progress: Progress | None = None, cancelled: Cancelled | None = None) -> Path:
    out = Path(out)
    fonts = fonts or get_fonts()
    style = _Style(fonts, defn.font_size)
    pagesize = page_size(defn.orientation == "landscape")
    margins = Margins.official(pagesize)
    width = margins.body_width
    columns = defn.all_columns
    raw_rows = defn.row_values()
    texts = [[defn.cell_text(c, v) for c, v in zip(columns, row)] for row in raw_rows]
    totals = defn.totals_values(raw_rows)
    totals_texts = [defn.cell_text(c, v) for c, v in zip(columns, totals)] if totals is not None else None
    headers = [defn.digits(c.title) for c in columns]

    widths = column_widths(columns, headers, texts, totals_texts, style, width)
    header_row = _measure_row(headers, columns, widths, style, bold=True, fill=HEADER_FILL, header=True)
    rows: list[_Row] = []
    for i, cells in enumerate(texts):
        rows.append(_measure_row(cells, columns, widths, style))
        if i % 200 == 0:
            check_cancelled(cancelled)
            if progress:
                progress(i, len(texts), "กำลังจัดหน้ารายงาน")
    if totals_texts is not None:
        rows.append(_measure_row(totals_texts, columns, widths, style, bold=True, fill=TOTALS_FILL))

    pages = _layout(defn, style, margins, columns, widths, header_row, rows)
    check_cancelled(cancelled)
    _draw(defn, style, margins, pagesize, pages, out)
    if progress:
        progress(len(texts), len(texts), "สร้างรายงานเสร็จแล้ว")
    return out


# -- measuring ---------------------------------------------------------------------------------
def _pieces(text: str, column: Column) -> list[str]:
    """Pieces a cell can never be broken inside (numbers and dates stay whole)."""
    if column.kind in NUMERIC_KINDS or column.kind == "date":
        return [text]
    parts = name_segments(text) if column.kind == "name" else segment(text)
    return [p for p in parts if not p.isspace()]


def column_widths(columns: list[Column], headers: list[str], texts: list[list[str]],
                  totals: list[str] | None, style: _Style, available: float) -> list[float]:
    """Column widths from measured strings (Thai digits are wider than 0–9), in three steps:

    1. numbers, dates and other columns whose longest cell is short get that width (their
       header may wrap to two lines), so they never wrap;
    2. text columns get room for a typical (90th-percentile) cell when they can, shortest first;
    3. what is left is shared by weight — never below a column's widest unbreakable word.
    """
    regular, bold = style.font(False), style.font(True)
    size = style.size
    n = len(columns)
    pad = 2 * PAD_X + 1
    minimum = [0.0] * n
    widest = [0.0] * n
    cell_widths: list[list[float]] = [[] for _ in columns]
    seen: list[set[str]] = [set() for _ in columns]

    def consider(j: int, text: str, font: str) -> None:
        if not text:
            return
        w = max(text_width(line, font, size) for line in text.split("\n"))
        widest[j] = max(widest[j], w)
        cell_widths[j].append(w)
        for piece in _pieces(text, columns[j]):
            minimum[j] = max(minimum[j], text_width(piece, font, size))

    header_one_line = [0.0] * n
    header_two_lines = [0.0] * n
    for j, title in enumerate(headers):
        pieces = [text_width(p, bold, size) for p in segment(title) if not p.isspace()]
        minimum[j] = max([minimum[j], *pieces])
        header_one_line[j] = text_width(title, bold, size)
        header_two_lines[j] = max(max(pieces, default=0.0), header_one_line[j] * 0.55)
    for row in texts:
        for j, text in enumerate(row):
            if text not in seen[j]:  # repeated values (sectors, dates) are measured once
                seen[j].add(text)
                consider(j, text, regular)
    if totals is not None:
        for j, text in enumerate(totals):
            consider(j, text, bold)

    minimum = [min(m, available * MAX_MIN_SHARE) + pad for m in minimum]
    weights = [c.weight for c in columns]
    roomy = [max(w + pad, header_one_line[j] + pad, minimum[j]) for j, w in enumerate(widest)]
    if sum(roomy) <= available:  # every cell and header on one line: share the spare by weight
        spare = available - sum(roomy)
        return [f + spare * w / sum(weights) for f, w in zip(roomy, weights)]
    full = [max(w + pad, header_two_lines[j] + pad, minimum[j]) for j, w in enumerate(widest)]
    if sum(full) <= available:  # cells on one line, headers on up to two
        spare = available - sum(full)
        return [f + spare * w / sum(weights) for f, w in zip(full, weights)]
    if sum(minimum) >= available:  # hopeless: shrink proportionally, long words split at clusters
        return [m * available / sum(minimum) for m in minimum]

    wrapping = [c.kind in ("text", "name") and full[j] > available / n for j, c in enumerate(columns)]
    widths = [0.0 if wrapping[j] else full[j] for j in range(n)]
    if sum(widths) + sum(minimum[j] for j in range(n) if wrapping[j]) > available:
        widths = list(minimum)
        wrapping = [True] * n
    typical = [max(_percentile(cell_widths[j], 0.9) + pad, minimum[j]) for j in range(n)]
    open_cols = [j for j in range(n) if wrapping[j]]
    while open_cols:
        room = available - sum(widths)
        total_weight = sum(weights[j] for j in open_cols)
        fixed = [j for j in open_cols
                 if typical[j] <= max(room * weights[j] / total_weight, room / len(open_cols))
                 or minimum[j] >= room * weights[j] / total_weight]
        if not fixed:
            for j in open_cols:
                widths[j] = room * weights[j] / total_weight
            break
        j = min(fixed, key=lambda k: typical[k])  # settle the narrowest first, then re-share
        share = room * weights[j] / total_weight
        widths[j] = typical[j] if typical[j] <= max(share, room / len(open_cols)) else minimum[j]
        open_cols.remove(j)
    spare = available - sum(widths)
    if spare > 0.01:  # every wrapping column got its typical width: grow them toward their longest
        grow = [j for j in range(n) if wrapping[j]] or list(range(n))
        total_weight = sum(weights[j] for j in grow)
        for j in grow:
            widths[j] += spare * weights[j] / total_weight
    return widths


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _measure_row(cells: list[str], columns: list[Column], widths: list[float], style: _Style, *,
                 bold: bool = False, fill=None, header: bool = False) -> _Row:
    font = style.font(bold)
    lines: list[list[str]] = []
    for text, column, w in zip(cells, columns, widths):
        inner = w - 2 * PAD_X
        if not text:
            lines.append([])
        elif "\n" not in text and text_width(text, font, style.size) <= inner:
            lines.append([text])
        else:
            is_name = column.kind == "name" and not header
            lines.append(wrap_text(text, font, style.size, inner, is_name=is_name))
    count = max((len(cell) for cell in lines), default=1) or 1
    return _Row(lines, PAD_TOP + count * style.pitch + PAD_BOTTOM, bold, fill)


def _split_row(row: _Row, fit_lines: int, style: _Style) -> tuple[_Row, _Row]:
    """A row taller than a whole page continues on the next one (rare: a very long note)."""
    first = [cell[:fit_lines] for cell in row.cells]
    rest = [cell[fit_lines:] for cell in row.cells]
    left = max(len(c) for c in rest) or 1
    return (_Row(first, PAD_TOP + fit_lines * style.pitch + PAD_BOTTOM, row.bold, row.fill),
            _Row(rest, PAD_TOP + left * style.pitch + PAD_BOTTOM, row.bold, row.fill))


# -- layout ------------------------------------------------------------------------------------
def _layout(defn: ReportDefinition, style: _Style, margins: Margins, columns: list[Column],
            widths: list[float], header: _Row, rows: list[_Row]) -> list[_Page]:
    pages = [_Page()]
    y = margins.body_top
    width = margins.body_width
    centre = margins.left + width / 2
    title_size = style.size + 2
    title_pitch = line_pitch(title_size)

    def new_page() -> None:
        nonlocal y
        pages.append(_Page())
        y = margins.body_top

    def text_line(text: str, font: str, size: float, x: float, align: str, pitch: float) -> None:
        nonlocal y
        if y - pitch < margins.bottom:
            new_page()
        pages[-1].ops.append(("text", x, y - ASCENT * size, text, font, size, align))
        y -= pitch

    for line in defn.title_lines:
        for part in wrap_text(defn.digits(line), style.font(True), title_size, width):
            text_line(part, style.font(True), title_size, centre, "center", title_pitch)
    for line in defn.subtitle_lines:
        for part in wrap_text(defn.digits(line), style.font(False), style.size, width):
            text_line(part, style.font(False), style.size, centre, "center", style.pitch)
    y -= style.pitch / 2

    # The table: a header on every page it touches, rows sliced by their measured heights.
    aligns = [c.align for c in columns]
    queue = list(reversed(rows))
    page_has_rows = False
    while queue:
        row = queue.pop()
        if not page_has_rows:
            fits_fresh_page = header.height + row.height <= margins.body_top - margins.bottom
            little_room = y - header.height - margins.bottom < PAD_TOP + PAD_BOTTOM + 3 * style.pitch
            if (y - header.height - row.height < margins.bottom and y < margins.body_top
                    and (fits_fresh_page or little_room)):
                new_page()
            pages[-1].ops.append(("row", y, header, widths, aligns, True))
            y -= header.height
        room = y - margins.bottom
        if row.height > room:
            fit = int((room - PAD_TOP - PAD_BOTTOM) // style.pitch)
            if not page_has_rows and fit >= 1:
                head, rest = _split_row(row, fit, style)
                queue.append(rest)
                row = head
            else:
                queue.append(row)
                new_page()
                page_has_rows = False
                continue
        pages[-1].ops.append(("row", y, row, widths, aligns, False))
        y -= row.height
        page_has_rows = True

    # Summary paragraphs (official first-line indent), then the prepared-by block kept together.
    if defn.summary:
        y -= style.pitch / 2
    for para in defn.summary:
        lines = wrap_text(defn.digits(para), style.font(False), style.size, width, first_indent=PARAGRAPH_INDENT)
        for i, part in enumerate(lines):
            text_line(part, style.font(False), style.size, margins.left + (PARAGRAPH_INDENT if i == 0 else 0),
                      "left", style.pitch)
    block = prepared_by_lines(defn)
    if block:
        needed = style.pitch * (len(block) + 1.5)
        if y - needed < margins.bottom:
            new_page()
        y -= style.pitch * 1.5
        widest = max(text_width(part, style.font(False), style.size) for part in block)
        x = min(margins.left + width * 0.7, margins.right_edge - widest / 2)
        for part in block:
            text_line(part, style.font(False), style.size, x, "center", style.pitch)
    return pages


# -- drawing -----------------------------------------------------------------------------------
def _draw(defn: ReportDefinition, style: _Style, margins: Margins, pagesize, pages: list[_Page], out: Path) -> None:
    canvas = Canvas(str(out), pagesize=pagesize, pageCompression=1, initialFontName=style.font(False))
    canvas.setTitle(" ".join(defn.title_lines))
    canvas.setCreator("MOI District Desk")
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        for op in page.ops:
            if op[0] == "text":
                _, x, y, text, font, size, align = op
                draw_text(canvas, x, y, text, font, size, align)
            else:
                _, top, row, widths, aligns, is_header = op
                _draw_row(canvas, style, margins.left, top, row, widths, aligns, is_header)
        # Same place as page.numbered_canvas puts it on memos: top right, 1.2 cm from the top.
        label = page_label(number, total, defn.thai_digits)
        draw_text(canvas, margins.right_edge, margins.page_height - 1.2 * CM, label, style.font(False),
                  PAGE_NUMBER_SIZE, "right")
        canvas.showPage()
    canvas.save()


def _draw_row(canvas, style: _Style, left: float, top: float, row: _Row,
              widths: list[float], aligns: list[str], is_header: bool) -> None:
    total_width = sum(widths)
    bottom = top - row.height
    if row.fill is not None:
        canvas.setFillColorRGB(*row.fill)
        canvas.rect(left, bottom, total_width, row.height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(GRID_WIDTH)
    canvas.rect(left, bottom, total_width, row.height, stroke=1, fill=0)
    font = style.font(row.bold)
    x = left
    for cell, w, align in zip(row.cells, widths, aligns):
        if x > left:
            canvas.line(x, top, x, bottom)
        if is_header:
            align = "center"
        anchor = x + PAD_X if align == "left" else x + w - PAD_X if align == "right" else x + w / 2
        baseline = top - PAD_TOP - ASCENT * style.size
        if is_header:  # header titles sit in the middle of the header row
            baseline -= (max(len(c) for c in row.cells) - len(cell)) * style.pitch / 2
        for line in cell:
            draw_text(canvas, anchor, baseline, line, font, style.size, align)
            baseline -= style.pitch
        x += w


