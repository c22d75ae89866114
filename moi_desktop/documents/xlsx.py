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

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
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
from moi_desktop.documents.xlsx_layout import (
    A4_PT,
    MAX_ROW_PT,
    SheetFont,
    column_points,
    print_scale,
    sheet_font,
)
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai.text import ZERO_WIDTH
from moi_desktop.workbooks.save import save_workbook, writable

DEFAULT_FONT_NAME = "TH Sarabun New"
DATA_SHEET = "ข้อมูล"
BODY_SIZE = 16
TITLE_SIZE = 18
PAGE_NUMBER_SIZE = 14
LINE_HEIGHT = 24.0  # rows of the (unprinted) data sheet: one 16 pt line
MAX_TEXT_WIDTH = 48.0  # column width (characters) beyond which text wraps
MIN_WIDTH = 6.0
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
    object); copying a finished style array from a prototype is ~40x cheaper."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[object, ...], StyleArray] = {}

    def apply(self, cell: Cell, key: tuple[object, ...], make: Callable[[], dict[str, Any]]) -> None:
        """Style `cell` like every other cell of `key`; `make()` gives the attributes once."""
        array = self._arrays.get(key)
        if array is None:
            for name, value in make().items():
                setattr(cell, name, value)
            self._arrays[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(array)


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
    """Write the workbook to `out` (atomically: a half-written file never replaces a good one)."""
    out = Path(out)
    family = excel_font_name(font_name)
    rows = defn.row_values()
    wb = Workbook()
    report = wb.active
    report.title = safe_sheet_name(defn.sheet_name if defn.sheet_name != DATA_SHEET else "รายงาน")
    _write_report_sheet(report, defn, rows, family, progress, cancelled)
    data = wb.create_sheet(DATA_SHEET)
    _write_data_sheet(data, defn, rows, family, cancelled)
    data.sheet_state = "hidden"  # kept for re-import and sorting; printing the workbook prints the report
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
    cells: list[tuple[Any, str]] = field(default_factory=list)  # (value stored, text shown) per column


def _write_report_sheet(ws: Worksheet, defn: ReportDefinition, rows: list[list[Any]], family: str,
                        progress: Progress | None, cancelled: Cancelled | None) -> None:
    columns = defn.all_columns
    measure = sheet_font(family)
    data = []
    for n, values in enumerate(rows, start=1):
        data.append([_excel_value(defn, c, v) for c, v in zip(columns, values, strict=True)])
        if n % 500 == 0:
            check_cancelled(cancelled, CANCELLED)
    totals_values = defn.totals_values(rows)
    totals = None if totals_values is None else [
        _excel_value(defn, c, v) for c, v in zip(columns, totals_values, strict=True)]

    widths = _column_widths(measure, columns, data, totals)
    total_points = sum(column_points(w) for w in widths)
    orientation = sheet_orientation(defn, sum(widths))
    page_width, page_height = A4_PT if orientation == "portrait" else A4_PT[::-1]
    scale = print_scale(widths, page_width - (MARGINS["left"] + MARGINS["right"]) * CM_PT)
    capacity = (page_height - (MARGINS["top"] + MARGINS["bottom"]) * CM_PT) * 100 / scale * PAGE_FILL

    def height(texts: list[str], bold: bool, wrap_all: bool = False) -> float:
        lines = max((measure.lines(t, column_points(widths[i]), BODY_SIZE, bold=bold,
                                   is_name=columns[i].kind == "name")
                     if wrap_all or _wraps(columns[i]) else t.count("\n") + 1) for i, t in enumerate(texts))
        return measure.row_height(lines, BODY_SIZE)

    def merged(kind: str, text: str, size: float, bold: bool = False) -> _Line:
        text = writable(defn.digits(text))
        return _Line(kind, measure.row_height(measure.lines(text, total_points, size, bold=bold), size), text)

    block = [merged("title", t, TITLE_SIZE, bold=True) for t in defn.title_lines]
    block += [merged("subtitle", t, BODY_SIZE) for t in defn.subtitle_lines]
    header = _Line("header", height([c.title for c in columns], bold=True, wrap_all=True))
    block.append(header)
    units: list[list[_Line]] = [block]  # pages break between units only
    units += [[_Line("data", height([t for _, t in cells], False), cells=cells)] for cells in data]
    if totals is not None:
        units.append([_Line("totals", height([t for _, t in totals], True), cells=totals)])
    if defn.summary:
        units.append([_Line("gap", measure.row_height(1, BODY_SIZE) / 2)])
        units += [[merged("summary", line, BODY_SIZE)] for line in defn.summary]
    if defn.prepared_by is not None:
        units.append([_Line("gap", measure.row_height(1, BODY_SIZE)),
                      *(merged("prepared", line, BODY_SIZE) for line in prepared_by_lines(defn))])

    page_row = measure.row_height(1, PAGE_NUMBER_SIZE)
    pages = _paginate(units, header.height, capacity, page_row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 2)
    header_row, last_data_row = _write_pages(ws, defn, columns, pages, capacity, page_row,
                                             _fonts(family), progress, cancelled)
    ws.freeze_panes = f"A{header_row + 1}"
    data_pages = {n for n, page in enumerate(pages) if any(line.kind == "data" for line in page)}
    if len(data_pages) == 1:  # across pages, the page-number rows would sort and filter with the data
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last_data_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    _print_setup(ws, orientation, scale)


def _wraps(col: Column) -> bool:
    return col.kind in ("text", "name")


def _column_widths(measure: SheetFont, columns: list[Column], data: list[list[tuple[Any, str]]],
                   totals: list[tuple[Any, str]] | None) -> list[float]:
    """Each column as wide as its widest cell (titles bold), capped so long text wraps instead of
    making a 3 m sheet (numbers and dates are never that wide)."""
    widths = [measure.width_chars(c.title, BODY_SIZE, bold=True) for c in columns]
    for cells in data:
        for i, (_, text) in enumerate(cells):
            widths[i] = max(widths[i], measure.width_chars(text, BODY_SIZE))
    if totals is not None:
        for i, (_, text) in enumerate(totals):
            widths[i] = max(widths[i], measure.width_chars(text, BODY_SIZE, bold=True))
    return [round(max(min(w, MAX_TEXT_WIDTH), MIN_WIDTH), 2) for w in widths]


def _paginate(units: list[list[_Line]], repeat: float, capacity: float, page_row: float) -> list[list[_Line]]:
    """Lines per printed page: whole units, each page leaving room for its page-number row; every
    page after the first starts under the repeated header row."""
    pages: list[list[_Line]] = [[]]
    used = 0.0
    for unit in units:
        size = sum(line.height for line in unit)
        if pages[-1] and used + size + page_row > capacity:
            pages.append([])
            used = repeat
        pages[-1].extend(unit)
        used += size
    return pages


def _write_pages(ws: Worksheet, defn: ReportDefinition, columns: list[Column], pages: list[list[_Line]],
                 capacity: float, page_row: float, fonts: dict[str, Font], progress: Progress | None,
                 cancelled: Cancelled | None) -> tuple[int, int]:
    """Write the pages; each ends with a blank row that fills it and a centred "หน้า ๑/๔" row, then a
    manual page break. Returns the header's row and the last data row."""
    formats = [number_format(c, defn.thai_digits) for c in columns]
    last = get_column_letter(len(columns))
    styles = _StyleCache()
    r = header_row = last_data_row = 0
    done = 0
    total_data = sum(1 for page in pages for line in page if line.kind == "data")

    def merged(text: str, font: Font, height: float, horizontal: str) -> None:
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center" if horizontal == "center" else "top",
                                   wrap_text=True)
        if len(columns) > 1:
            ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = height

    for number, page in enumerate(pages, start=1):
        used = header_height = 0.0
        for line in page:
            r += 1
            used += line.height
            if line.kind in ("title", "subtitle"):
                merged(line.text, fonts["title" if line.kind == "title" else "body"], line.height, "center")
            elif line.kind in ("summary", "prepared"):
                merged(line.text, fonts["body"], line.height, "left" if line.kind == "summary" else "center")
            elif line.kind == "gap":
                ws.row_dimensions[r].height = line.height
            elif line.kind == "header":
                header_row, header_height = r, line.height
                _write_header(ws, r, columns, fonts["bold"])
                ws.row_dimensions[r].height = line.height
            else:
                totals = line.kind == "totals"
                _write_row(ws, r, columns, line.cells, formats, fonts["bold" if totals else "body"], styles,
                           fill=_TOTALS_FILL if totals else None)
                ws.row_dimensions[r].height = line.height
                if not totals:
                    last_data_row = r
                    done += 1
                    if done % 500 == 0:
                        check_cancelled(cancelled, CANCELLED)
                        if progress:
                            progress(done, total_data, "กำลังสร้างไฟล์ Excel")
        if number > 1 and not header_height:
            used += ws.row_dimensions[header_row].height or 0.0  # the repeated header printed above
        # Blank rows down to the page's foot (Excel allows at most 409 pt a row), then the number.
        spare = capacity - used - page_row
        while spare > 1:
            r += 1
            ws.row_dimensions[r].height = round(min(spare, MAX_ROW_PT), 2)
            spare -= MAX_ROW_PT
        r += 1
        merged(defn.digits(f"หน้า {number}/{len(pages)}"), fonts["page"], page_row, "center")
        if number < len(pages):
            ws.row_breaks.append(Break(id=r))
    return header_row, last_data_row


def _write_header(ws: Worksheet, r: int, columns: list[Column], font: Font) -> None:
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=r, column=i, value=writable(col.title))
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        cell.fill = _HEADER_FILL


def _write_row(ws: Worksheet, r: int, columns: list[Column], cells: list[tuple[Any, str]], formats: list[str],
               font: Font, styles: _StyleCache, fill: PatternFill | None = None) -> None:
    """Write one table row of (stored value, shown text) cells."""
    for i, (col, (excel_value, _)) in enumerate(zip(columns, cells, strict=True), start=1):
        cell = ws.cell(row=r, column=i, value=excel_value)
        is_text = isinstance(excel_value, str)

        def make(col: Column = col, is_text: bool = is_text, number_format: str = formats[i - 1]) -> dict[str, Any]:
            attrs = {
                "font": font,
                "border": _BORDER,
                "number_format": "@" if is_text else number_format,
                "alignment": Alignment(horizontal=col.align, vertical="top", wrap_text=_wraps(col)),
            }
            if fill is not None:
                attrs["fill"] = fill
            return attrs

        styles.apply(cell, ("row", i, font.b, fill is not None, is_text), make)


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


def _print_setup(ws: Worksheet, orientation: str, scale: int) -> None:
    """A4, one page wide. The programs pick the scale, at most `scale` (the one the breaks were
    planned at), so a page never holds more than planned; `scale` is also stored for a program
    that prints without fitting."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.scale = scale
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the breaks make
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=MARGINS["left"] * CM, right=MARGINS["right"] * CM, top=MARGINS["top"] * CM,
                                  bottom=MARGINS["bottom"] * CM, header=1 * CM, footer=1 * CM)


def _write_data_sheet(ws: Worksheet, defn: ReportDefinition, rows: list[list[Any]], family: str,
                      cancelled: Cancelled | None) -> None:
    """Header row of column titles, then raw values: what an importer reads back."""
    columns = defn.all_columns
    font = Font(name=family, size=BODY_SIZE)
    bold = Font(name=family, size=BODY_SIZE, bold=True)
    styles = _StyleCache()
    widths = []
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=writable(col.title))
        cell.font = bold
        widths.append(estimated_width(col.title, bold=True))
    ws.row_dimensions[1].height = LINE_HEIGHT
    for r, values in enumerate(rows, start=2):
        for i, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            raw = _raw_value(col, value)
            cell = ws.cell(row=r, column=i, value=raw)
            if isinstance(raw, date):
                styles.apply(cell, ("data", "date"), lambda: {"font": font, "number_format": RAW_DATE_FORMAT})
            else:
                styles.apply(cell, ("data",), lambda: {"font": font})
            if raw is not None:
                widths[i - 1] = max(widths[i - 1], estimated_width(str(raw)))
        ws.row_dimensions[r].height = LINE_HEIGHT
        if r % 1000 == 0:
            check_cancelled(cancelled, CANCELLED)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(min(max(w + 2.0, 6.0), MAX_TEXT_WIDTH), 1)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _raw_value(col: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if col.kind == "date":
        d = as_date(value)
        return d if d is not None else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return writable(str(value))
