"""Excel rendering of a ReportDefinition (openpyxl).

Two sheets: the formatted report (merged title rows, Thai font, Buddhist-era and Thai-digit number
formats, frozen header, A4 print setup repeating the header) and a hidden plain "ข้อมูล" sheet — one
header row and raw values, no merged cells, an autofilter — kept for re-import and for sorting,
left out when the workbook is printed. The formats are locale-tagged so Excel/LibreOffice show
๓๐ สิงหาคม ๒๕๖๕ while the cell keeps a real date/number (see TECH_NOTES "Thai formatting";
`[$-th-TH,107]` and `bbbb` do not work).

Row heights come from the wrapped lines of each cell measured with the document font's real
metrics (xlsx_layout.py), so LibreOffice and Excel print every line. Page numbers in Thai digits:
Excel's header/footer codes (&P, &N) have no number format and print 0-9 in both programs, so the
report sheet is paginated here instead — an explicit print scale, a manual break after each page,
and each page closed by a centred "หน้า ๑/๔" row at its foot (blank rows fill the page down to it).
A table that runs over several pages therefore has no autofilter (the number rows would sort with
the data); sorting and filtering belong on the ข้อมูล sheet.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from moi_desktop.documents.report import (
    CANCELLED,
    Column,
    ReportDefinition,
    as_date,
    prepared_by_lines,
)
from moi_desktop.documents.spill import RowSpill
from moi_desktop.documents.xlsx_layout import (
    A4_PT,
    MAX_ROW_PT,
    SheetFont,
    chars_for,
    column_points,
    points_for,
    print_scale,
    sheet_font,
)
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai.text import ZERO_WIDTH
from moi_desktop.workbooks.save import save_workbook, text_cell, writable

DEFAULT_FONT_NAME = "TH Sarabun New"
DATA_SHEET = "ข้อมูล"
BODY_SIZE = 16
TITLE_SIZE = 18
PAGE_NUMBER_SIZE = 14
LINE_HEIGHT = 24.0  # rows of the (unprinted) data sheet: one 16 pt line
MAX_TEXT_WIDTH = 48.0  # column width (characters) beyond which text wraps
MIN_WIDTH = 6.0
RAW_CHAR_WIDTH = 1.3  # estimated_width of one character at BODY_SIZE: the most a character adds
PAGE_FILL = 0.97  # of a page's height: what the programs' rounding may take is left over
CM = 1 / 2.54  # openpyxl page margins are in inches
CM_PT = 72 / 2.54
MARGINS = {"left": 3.0, "right": 2.0, "top": 2.5, "bottom": 2.0}  # cm, as the PDF reports
# A4 portrait body (21 cm − 3 cm − 2 cm) in column-width units (~0.19 cm each at 100 %)
PORTRAIT_BODY_WIDTH = 86.0

DATE_FORMAT_THAI = "[$-D07041E]d mmmm yyyy"  # ๓๐ สิงหาคม ๒๕๖๕
DATE_FORMAT_ARABIC = "[$-107041E]d mmmm yyyy"  # 30 สิงหาคม 2565
THAI_DIGITS_PREFIX = "[$-D00041E]"
RAW_DATE_FORMAT = "yyyy-mm-dd"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
_TOTALS_FILL = PatternFill("solid", fgColor="F2F2F2")
# Thai marks above/below the line and invisible characters take no horizontal room.
_NO_ADVANCE = re.compile(f"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e{ZERO_WIDTH}]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class _StyleCache:
    """Styling each cell through openpyxl's descriptors costs ~0.15 ms (hashing every style
    object); giving it a prototype's finished style array is ~40x cheaper. The sheets are
    write-only — each cell is written and dropped at once — so the cells of one key share
    one array."""

    def __init__(self) -> None:
        self.arrays: dict[tuple[object, ...], StyleArray] = {}

    def apply(self, cell: Cell, key: tuple[object, ...], make: Callable[[], dict[str, Any]]) -> None:
        """Style `cell` like every other cell of `key`; `make()` gives the attributes once."""
        array = self.arrays.get(key)
        if array is None:
            for name, value in make().items():
                setattr(cell, name, value)
            self.arrays[key] = cell._style
        else:
            cell._style = array


def excel_font_name(preferred: str | None = None) -> str:
    """The font family written into cells: the office's TH Sarabun family when it chose one,
    otherwise TH Sarabun New (on every Thai government PC; Excel falls back cleanly elsewhere)."""
    if preferred and preferred.strip():
        return preferred.strip()
    return DEFAULT_FONT_NAME


def number_format(column: Column, thai_digits: bool) -> str:
    if column.kind == "date":
        return DATE_FORMAT_THAI if thai_digits else DATE_FORMAT_ARABIC
    if column.kind in ("int", "number", "percent"):
        if column.key == "_no":
            body = "0"
        else:
            body = "#,##0" if column.kind != "percent" else "0"
            if column.decimals:
                body += "." + "0" * column.decimals
        return (THAI_DIGITS_PREFIX + body) if thai_digits else body
    return "@"


def estimated_width(text: str, size: float = BODY_SIZE, bold: bool = False) -> float:
    """Approximate Excel column width (in '0' characters of the default font) for text at
    `size` pt in TH Sarabun: Thai letters and digits are about 1.3 units at 16 pt."""
    visible = len(_NO_ADVANCE.sub("", text))
    return visible * 1.3 * (size / BODY_SIZE) * (1.06 if bold else 1.0)


def safe_sheet_name(name: str) -> str:
    cleaned = _BAD_SHEET_CHARS.sub(" ", name).strip() or "รายงาน"
    return cleaned[:31]


def render_xlsx(defn: ReportDefinition, out: str | Path, *, font_name: str | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None) -> Path:
    """Write the workbook to `out` (atomically: a half-written file never replaces a good one).

    The workbook is write-only (openpyxl streams each row into the sheet's XML), so memory stays
    bounded whatever the number of rows: the definition's rows are read once into a temporary
    spill while the column widths and each row's height are measured (the page breaks follow
    from the heights); a second pass over the spill writes the report sheet and the raw ข้อมูล
    sheet side by side.

    A row's height is known in the first pass although the column widths are not final yet: a
    column ends at least as wide as its widest text and at most MAX_TEXT_WIDTH, so a text whose
    widest line fits MAX_TEXT_WIDTH never wraps (one line a line break), and one that does not
    fit it wraps in a column of exactly MAX_TEXT_WIDTH."""
    out = Path(out)
    family = excel_font_name(font_name)
    columns = defn.all_columns
    measure = sheet_font(family)
    wb = Workbook(write_only=True)
    report = wb.create_sheet(safe_sheet_name(defn.sheet_name if defn.sheet_name != DATA_SHEET else "รายงาน"))
    data = wb.create_sheet(DATA_SHEET)
    data.sheet_state = "hidden"  # kept for re-import and sorting; printing the workbook prints the report
    n = len(columns)
    wrapping = [_wraps(c) for c in columns]
    names = [c.kind == "name" for c in columns]
    widest_ever = points_for(MAX_TEXT_WIDTH)  # points: a wider line wraps
    capped = column_points(MAX_TEXT_WIDTH)
    row_height = [measure.row_height(k, BODY_SIZE) for k in range(1, 17)]
    with RowSpill(out.parent) as spill:
        # Pass 1: each row's stored values and raw values into the spill; the widest cell of each
        # column on both sheets; each row's height.
        widths = [measure.width_chars(c.title, BODY_SIZE, bold=True) for c in columns]
        widest_points = [0.0] * n
        raw_widths = [estimated_width(c.title, bold=True) for c in columns]
        raw_chars = [w / RAW_CHAR_WIDTH for w in raw_widths]  # no text of fewer characters can be wider
        heights = array("d")
        sums = defn.column_sums()
        for values in defn.iter_row_values():
            stored: list[Any] = []
            raws: list[Any] = []
            lines = 1
            for i, value in enumerate(values):
                column = columns[i]
                cell, text, raw = _cell_values(defn, column, value)
                stored.append(cell)
                raws.append(raw)
                if text:
                    widest = measure.widest_line(text, BODY_SIZE)
                    if widest > widest_points[i]:
                        widest_points[i] = widest
                    if wrapping[i]:
                        if widest > widest_ever or "\n" in text:
                            lines = max(lines, measure.lines(
                                text, capped if widest > widest_ever else column_points(chars_for(widest)),
                                BODY_SIZE, is_name=names[i], widest=widest))
                    elif "\n" in text:
                        lines = max(lines, text.count("\n") + 1)
                if raw is not None and len(raw_text := raw if isinstance(raw, str) else str(raw)) > raw_chars[i]:
                    width = estimated_width(raw_text)
                    if width > raw_widths[i]:
                        raw_widths[i] = width
                        raw_chars[i] = width / RAW_CHAR_WIDTH
            heights.append(row_height[lines - 1] if lines <= 16 else measure.row_height(lines, BODY_SIZE))
            spill.append((stored, raws))
            sums.add(values)
            if spill.count % 500 == 0:
                check_cancelled(cancelled, CANCELLED)
                if progress:
                    progress(0, 0, f"กำลังอ่านข้อมูล {spill.count:,} แถว")
        for i, points in enumerate(widest_points):
            if points:
                widths[i] = max(widths[i], chars_for(points))
        totals_values = defn.totals_values(sums)
        totals = None if totals_values is None else [
            _excel_value(defn, c, v) for c, v in zip(columns, totals_values, strict=True)]
        if totals is not None:
            for i, (_, text) in enumerate(totals):
                widths[i] = max(widths[i], measure.width_chars(text, BODY_SIZE, bold=True))
        widths = [round(max(min(w, MAX_TEXT_WIDTH), MIN_WIDTH), 2) for w in widths]

        sheet = _ReportSheet(defn, columns, widths, measure, totals, spill.count)
        starts = sheet.page_starts(heights)
        check_cancelled(cancelled, CANCELLED)
        # Pass 2: the report sheet, page by page, and beside each of its data rows the raw one.
        put_raw = _data_sheet(data, columns, raw_widths, family, spill.count)

        def lines_of(rows: Iterable[Sequence[Any]]) -> Iterator[_Line]:
            for height, (cells, raws) in zip(heights, rows, strict=True):
                put_raw(raws)
                yield _Line("data", height, cells=cells)

        sheet.write(report, lines_of(spill), starts, _fonts(family), progress, cancelled)
    return save_workbook(wb, out)


def _fonts(family: str) -> dict[str, Font]:
    return {
        "title": Font(name=family, size=TITLE_SIZE, bold=True),
        "body": Font(name=family, size=BODY_SIZE),
        "bold": Font(name=family, size=BODY_SIZE, bold=True),
        "page": Font(name=family, size=PAGE_NUMBER_SIZE),
    }


@dataclass
class _Line:
    """A row of the report sheet before it is written: its kind, what it holds, its height."""

    kind: str  # "title", "subtitle", "header", "data", "totals", "gap", "summary", "prepared"
    height: float
    text: str = ""
    cells: Sequence[Any] = ()  # the value stored in each column


class _ReportSheet:
    """The printed report sheet: its lines, where its pages break, and how they are written.
    Pages break between units only: the title block (with the header), each data row, the
    totals row, each summary line, the prepared-by block."""

    def __init__(self, defn: ReportDefinition, columns: list[Column], widths: list[float], measure: SheetFont,
                 totals: list[tuple[Any, str]] | None, data_rows: int) -> None:
        self.defn, self.columns, self.widths, self.measure = defn, columns, widths, measure
        self.data_rows = data_rows
        total_points = sum(column_points(w) for w in widths)
        self.orientation = sheet_orientation(defn, sum(widths))
        page_width, page_height = A4_PT if self.orientation == "portrait" else A4_PT[::-1]
        self.scale = print_scale(widths, page_width - (MARGINS["left"] + MARGINS["right"]) * CM_PT)
        self.capacity = (page_height - (MARGINS["top"] + MARGINS["bottom"]) * CM_PT) * 100 / self.scale * PAGE_FILL
        self.page_row = measure.row_height(1, PAGE_NUMBER_SIZE)

        def merged(kind: str, text: str, size: float, bold: bool = False) -> _Line:
            text = writable(defn.digits(text))
            return _Line(kind, measure.row_height(measure.lines(text, total_points, size, bold=bold), size), text)

        self.block = [merged("title", t, TITLE_SIZE, bold=True) for t in defn.title_lines]
        self.block += [merged("subtitle", t, BODY_SIZE) for t in defn.subtitle_lines]
        self.header = _Line("header", self.height([c.title for c in columns], bold=True, wrap_all=True))
        self.block.append(self.header)
        self.tail: list[list[_Line]] = []  # the units after the data rows
        if totals is not None:
            self.tail.append([_Line("totals", self.height([t for _, t in totals], True), cells=[v for v, _ in totals])])
        if defn.summary:
            self.tail.append([_Line("gap", measure.row_height(1, BODY_SIZE) / 2)])
            self.tail += [[merged("summary", line, BODY_SIZE)] for line in defn.summary]
        if defn.prepared_by is not None:
            self.tail.append([_Line("gap", measure.row_height(1, BODY_SIZE)),
                              *(merged("prepared", line, BODY_SIZE) for line in prepared_by_lines(defn))])

    def height(self, texts: list[str], bold: bool, wrap_all: bool = False,
               widest: Sequence[float] | None = None) -> float:
        """The row's height: its tallest cell's lines (`widest`: each text's widest line, known)."""
        columns, widths, measure = self.columns, self.widths, self.measure
        lines = max((measure.lines(t, column_points(widths[i]), BODY_SIZE, bold=bold,
                                   is_name=columns[i].kind == "name", widest=None if widest is None else widest[i])
                     if wrap_all or _wraps(columns[i]) else t.count("\n") + 1) for i, t in enumerate(texts))
        return measure.row_height(lines, BODY_SIZE)

    def _units(self, data: Iterable[_Line]) -> Iterator[list[_Line]]:
        yield self.block
        for line in data:
            yield [line]
        yield from self.tail

    def page_starts(self, heights: Sequence[float]) -> list[int]:
        """The units that open a page (the first always does): whole units, each page leaving
        room for its page-number row; every page after the first starts under the repeated
        header row."""
        starts = [0]
        used = 0.0
        for k, unit in enumerate(self._units(_Line("data", h) for h in heights)):
            size = sum(line.height for line in unit)
            if k > starts[-1] and used + size + self.page_row > self.capacity:
                starts.append(k)
                used = self.header.height
            used += size
        return starts

    def write(self, ws: WriteOnlyWorksheet, data: Iterable[_Line], starts: list[int], fonts: dict[str, Font],
              progress: Progress | None, cancelled: Cancelled | None) -> None:
        """Write the pages; each ends with a blank row that fills it and a centred "หน้า ๑/๔" row,
        then a manual page break."""
        defn, columns = self.defn, self.columns
        # What the sheet's XML holds before its rows: set before the first row is written.
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = round(width, 2)
        ws.freeze_panes = f"A{len(self.block) + 1}"  # under the header, the block's last row
        _print_setup(ws, self.orientation, self.scale)
        pages = len(starts)
        opening = set(starts[1:])
        formats = [number_format(c, defn.thai_digits) for c in columns]
        last = get_column_letter(len(columns))
        styles = _StyleCache()
        r = header_row = last_data_row = 0
        number = 1
        used = header_height = 0.0
        done = 0
        data_pages: set[int] = set()

        heights: dict[float, RowDimension] = {}  # one per height the table's rows take

        def put(cells: list[Cell], height: float) -> None:
            """Append a row `height` points tall. Its RowDimension is read only while the row is
            written (the index is not one of its written fields), so rows of a height share one."""
            nonlocal r
            r += 1
            dims = heights.get(height)
            if dims is None:
                dims = RowDimension(ws, ht=height)
                if len(heights) < 256:  # a table's rows take a few heights; a page's foot, any
                    heights[height] = dims
            ws.row_dimensions[r] = dims
            ws.append(cells)
            del ws.row_dimensions[r]  # written: the sheet need not remember it

        def merged(text: str, font: Font, height: float, horizontal: str) -> None:
            cell = text_cell(ws, text)
            styles.apply(cell, ("merged", id(font), horizontal, cell.quotePrefix), lambda: {
                "font": font, "alignment": Alignment(horizontal=horizontal, wrap_text=True,
                                                     vertical="center" if horizontal == "center" else "top")})
            put([cell], height)
            if len(columns) > 1:  # straight into the set: MultiCellRange.add scans every range first
                ws.merged_cells.ranges.add(CellRange(min_col=1, min_row=r, max_col=len(columns), max_row=r))

        def close_page() -> None:
            nonlocal used
            if number > 1 and not header_height:
                used += self.header.height  # the repeated header printed above
            # Blank rows down to the page's foot (Excel allows at most 409 pt a row), then the number.
            spare = self.capacity - used - self.page_row
            while spare > 1:
                put([], round(min(spare, MAX_ROW_PT), 2))
                spare -= MAX_ROW_PT
            merged(defn.digits(f"หน้า {number}/{pages}"), fonts["page"], self.page_row, "center")
            if number < pages:
                ws.row_breaks.append(Break(id=r))

        for k, unit in enumerate(self._units(data)):
            if k in opening:
                close_page()
                number += 1
                used = header_height = 0.0
            for line in unit:
                used += line.height
                if line.kind in ("title", "subtitle"):
                    merged(line.text, fonts["title" if line.kind == "title" else "body"], line.height, "center")
                elif line.kind in ("summary", "prepared"):
                    merged(line.text, fonts["body"], line.height, "left" if line.kind == "summary" else "center")
                elif line.kind == "gap":
                    put([], line.height)
                elif line.kind == "header":
                    put(_header_cells(ws, columns, fonts["bold"]), line.height)
                    header_row, header_height = r, line.height
                else:
                    totals = line.kind == "totals"
                    put(_row_cells(ws, columns, line.cells, formats, fonts["bold" if totals else "body"], styles,
                                   fill=_TOTALS_FILL if totals else None), line.height)
                    if not totals:
                        last_data_row = r
                        data_pages.add(number)
                        done += 1
                        if done % 500 == 0:
                            check_cancelled(cancelled, CANCELLED)
                            if progress:
                                progress(done, self.data_rows, "กำลังสร้างไฟล์ Excel")
        close_page()
        if len(data_pages) == 1:  # across pages, the page-number rows would sort and filter with the data
            ws.auto_filter.ref = f"A{header_row}:{last}{last_data_row}"
        ws.print_title_rows = f"{header_row}:{header_row}"


def _wraps(col: Column) -> bool:
    return col.kind in ("text", "name")


def _header_cells(ws: WriteOnlyWorksheet, columns: list[Column], font: Font) -> list[Cell]:
    cells = []
    for col in columns:
        cell = text_cell(ws, col.title)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        cell.fill = _HEADER_FILL
        cells.append(cell)
    return cells


def _row_cells(ws: WriteOnlyWorksheet, columns: list[Column], values: Sequence[Any], formats: list[str],
               font: Font, styles: _StyleCache, fill: PatternFill | None = None) -> list[Cell]:
    """One table row of the values its cells store."""
    out = []
    arrays = styles.arrays
    for i, value in enumerate(values):
        is_text = isinstance(value, str)
        cell = text_cell(ws, value) if is_text else WriteOnlyCell(ws, value)
        key = ("row", i, font.b, fill is not None, is_text, cell.quotePrefix)
        array = arrays.get(key)
        if array is not None:  # all but the first cell of a kind: no attributes to make
            cell._style = array
            out.append(cell)
            continue
        col = columns[i]

        def make(col: Column = col, is_text: bool = is_text, number_format: str = formats[i]) -> dict[str, Any]:
            attrs = {
                "font": font,
                "border": _BORDER,
                "number_format": "@" if is_text else number_format,
                "alignment": Alignment(horizontal=col.align, vertical="top", wrap_text=_wraps(col)),
            }
            if fill is not None:
                attrs["fill"] = fill
            return attrs

        styles.apply(cell, key, make)
        out.append(cell)
    return out


def _excel_value(defn: ReportDefinition, col: Column, value: Any) -> tuple[Any, str]:
    """(value stored in the cell, text it displays). Numbers and dates stay typed."""
    if value is None or value == "":
        return None, ""
    if col.kind in ("int", "number", "percent") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, defn.cell_text(col, value)
    if col.kind == "date":
        d = as_date(value)
        if d is not None:
            return d, defn.cell_text(Column(col.key, col.title, kind="date", date_style="full"), d)
    text = writable(defn.digits(str(value)))
    return text, text


def sheet_orientation(defn: ReportDefinition, total_width: float) -> str:
    """"auto" prints landscape when the columns are wider than a portrait page's body (the sheet
    is then scaled to one page wide either way, so portrait would only shrink the text)."""
    if defn.orientation != "auto":
        return defn.orientation
    return "landscape" if total_width > PORTRAIT_BODY_WIDTH else "portrait"


def _print_setup(ws: WriteOnlyWorksheet, orientation: str, scale: int) -> None:
    """A4, one page wide. The programs pick the scale, at most `scale` (the one the breaks were
    planned at), so a page never holds more than planned; `scale` is also stored for a program
    that prints without fitting."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.scale = scale
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the breaks make
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=MARGINS["left"] * CM, right=MARGINS["right"] * CM, top=MARGINS["top"] * CM,
                                  bottom=MARGINS["bottom"] * CM, header=1 * CM, footer=1 * CM)


def _data_sheet(ws: WriteOnlyWorksheet, columns: list[Column], widths: list[float], family: str,
                count: int) -> Callable[[Sequence[Any]], None]:
    """Set up the ข้อมูล sheet and write its header row of column titles; returns what appends
    one row of raw values (what an importer reads back)."""
    font = Font(name=family, size=BODY_SIZE)
    bold = Font(name=family, size=BODY_SIZE, bold=True)
    styles = _StyleCache()
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(min(max(w + 2.0, 6.0), MAX_TEXT_WIDTH), 1)
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    header = []
    for col in columns:
        cell = text_cell(ws, col.title)
        cell.font = bold
        header.append(cell)
    ws.sheet_format.defaultRowHeight = LINE_HEIGHT  # every row one 16 pt line
    ws.sheet_format.customHeight = True
    ws.append(header)
    arrays = styles.arrays

    def attrs(key: tuple[object, ...]) -> dict[str, Any]:
        return {"font": font, "number_format": RAW_DATE_FORMAT} if key[0] == "date" else {"font": font}

    def put(values: Sequence[Any]) -> None:
        cells = []
        for raw in values:
            key: tuple[object, ...]
            if isinstance(raw, str):
                cell = text_cell(ws, raw)
                key = ("text", cell.quotePrefix)
            else:
                cell = WriteOnlyCell(ws, raw)
                key = ("date",) if isinstance(raw, date) else ("value",)
            array = arrays.get(key)
            if array is None:
                styles.apply(cell, key, partial(attrs, key))
            else:
                cell._style = array
            cells.append(cell)
        ws.append(cells)

    return put


def _cell_values(defn: ReportDefinition, col: Column, value: Any) -> tuple[Any, str, Any]:
    """(value stored in the report cell, text it displays, raw value of the ข้อมูล sheet): the
    report's typed value (numbers and dates stay typed) and the raw value as they are kept."""
    if value is None or value == "":
        return None, "", None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if col.kind == "date":
        d = as_date(value)
        if d is not None:
            return d, defn.cell_text(Column(col.key, col.title, kind="date", date_style="full"), d), d
        raw: Any = str(value)
    elif number:
        if col.kind in ("int", "number", "percent"):
            return value, defn.cell_text(col, value), value
        raw = value
    else:
        raw = None
    plain = str(value)
    shown = defn.digits(plain)
    text = writable(shown)
    if raw is None:
        raw = text if shown is plain else writable(plain)
    return text, text, raw
