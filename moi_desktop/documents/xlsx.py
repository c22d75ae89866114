"""Excel rendering of a ReportDefinition (openpyxl).

Two sheets: the formatted report (merged title rows, Thai font, explicit row heights, Buddhist-era
and Thai-digit number formats, frozen header, autofilter, A4 print setup repeating the header) and
a plain "ข้อมูล" sheet — one header row and raw values, no merged cells — that can be re-imported.
The formats are locale-tagged so Excel/LibreOffice show ๓๐ สิงหาคม ๒๕๖๕ while the cell keeps a real
date/number (see TECH_NOTES "Thai formatting"; `[$-th-TH,107]` and `bbbb` do not work).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from moi_desktop.documents.report import (
    CANCELLED,
    Column,
    ReportDefinition,
    as_date,
    prepared_by_lines,
)
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai.text import ZERO_WIDTH
from moi_desktop.workbooks.save import save_workbook, writable

DEFAULT_FONT_NAME = "TH Sarabun New"
DATA_SHEET = "ข้อมูล"
BODY_SIZE = 16
TITLE_SIZE = 18
LINE_HEIGHT = 24.0  # points per 16 pt line; less clips Thai marks above/below
TITLE_LINE_HEIGHT = 27.0
MAX_TEXT_WIDTH = 48.0  # column width (characters) beyond which text wraps
CM = 1 / 2.54
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
    _write_data_sheet(wb.create_sheet(DATA_SHEET), defn, rows, family, cancelled)
    return save_workbook(wb, out)


def _fonts(family: str) -> dict[str, Font]:
    return {
        "title": Font(name=family, size=TITLE_SIZE, bold=True),
        "body": Font(name=family, size=BODY_SIZE),
        "bold": Font(name=family, size=BODY_SIZE, bold=True),
    }


def _write_report_sheet(ws: Worksheet, defn: ReportDefinition, rows: list[list[Any]], family: str,
                        progress: Progress | None, cancelled: Cancelled | None) -> None:
    columns = defn.all_columns
    ncols = len(columns)
    last = get_column_letter(ncols)
    fonts = _fonts(family)
    formats = [number_format(c, defn.thai_digits) for c in columns]
    widths = [estimated_width(c.title, bold=True) for c in columns]
    styles = _StyleCache()
    r = 0

    def merged_line(text: str, font: Font, height: float, horizontal: str = "center") -> None:
        nonlocal r
        r += 1
        cell = ws.cell(row=r, column=1, value=writable(defn.digits(text)))
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if ncols > 1:
            ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = height

    for line in defn.title_lines:
        merged_line(line, fonts["title"], TITLE_LINE_HEIGHT)
    for line in defn.subtitle_lines:
        merged_line(line, fonts["body"], LINE_HEIGHT)

    r += 1
    header_row = r
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=r, column=i, value=writable(col.title))
        cell.font = fonts["bold"]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        cell.fill = _HEADER_FILL

    texts_by_row: list[list[str]] = []
    for n, values in enumerate(rows, start=1):
        r += 1
        texts = _write_row(ws, r, defn, columns, values, formats, fonts["body"], styles)
        texts_by_row.append(texts)
        for i, text in enumerate(texts):
            widths[i] = max(widths[i], estimated_width(text))
        if n % 500 == 0:
            check_cancelled(cancelled, CANCELLED)
            if progress:
                progress(n, len(rows), "กำลังสร้างไฟล์ Excel")
    last_data_row = r

    totals = defn.totals_values(rows)
    if totals is not None:
        r += 1
        texts = _write_row(ws, r, defn, columns, totals, formats, fonts["bold"], styles, fill=_TOTALS_FILL)
        texts_by_row.append(texts)
        for i, text in enumerate(texts):
            widths[i] = max(widths[i], estimated_width(text, bold=True))

    # Column widths: the widest cell, capped so long text wraps instead of making a 3 m sheet.
    final_widths = [min(max(w + 2.0, 6.0), MAX_TEXT_WIDTH) for w in widths]
    for i, w in enumerate(final_widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(w, 1)

    # Header and data rows get explicit heights from their wrapped line count.
    ws.row_dimensions[header_row].height = LINE_HEIGHT * max(
        _text_lines(c.title, final_widths[i], bold=True) for i, c in enumerate(columns)
    )
    for offset, texts in enumerate(texts_by_row):
        lines = max(_text_lines(t, final_widths[i]) for i, t in enumerate(texts))
        ws.row_dimensions[header_row + 1 + offset].height = LINE_HEIGHT * lines

    if defn.summary:
        r += 1
        ws.row_dimensions[r].height = LINE_HEIGHT / 2
        total_width = sum(final_widths)
        for line in defn.summary:
            lines = _line_count(estimated_width(defn.digits(line)), total_width)
            merged_line(line, fonts["body"], LINE_HEIGHT * lines, horizontal="left")
    if defn.prepared_by is not None:
        r += 1
        ws.row_dimensions[r].height = LINE_HEIGHT
        for line in prepared_by_lines(defn):
            merged_line(line, fonts["body"], LINE_HEIGHT)

    ws.freeze_panes = f"A{header_row + 1}"
    if rows:
        ws.auto_filter.ref = f"A{header_row}:{last}{last_data_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    _print_setup(ws, defn, family, sum(final_widths))


def _write_row(ws: Worksheet, r: int, defn: ReportDefinition, columns: list[Column], values: list[Any],
               formats: list[str], font: Font, styles: _StyleCache, fill: PatternFill | None = None) -> list[str]:
    """Write one table row and return the texts it shows (for width/height estimates)."""
    texts = []
    for i, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
        excel_value, shown = _excel_value(defn, col, value)
        cell = ws.cell(row=r, column=i, value=excel_value)
        is_text = isinstance(excel_value, str)

        def make(col: Column = col, is_text: bool = is_text, number_format: str = formats[i - 1]) -> dict[str, Any]:
            attrs = {
                "font": font,
                "border": _BORDER,
                "number_format": "@" if is_text else number_format,
                "alignment": Alignment(horizontal=col.align, vertical="top",
                                       wrap_text=col.kind in ("text", "name")),
            }
            if fill is not None:
                attrs["fill"] = fill
            return attrs

        styles.apply(cell, ("row", i, font.b, fill is not None, is_text), make)
        texts.append(shown)
    return texts


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


def _text_lines(text: str, column_width: float, *, bold: bool = False) -> int:
    """Lines a wrapped cell needs: each explicit line break starts a new line (row heights)."""
    return sum(_line_count(estimated_width(part, bold=bold), column_width) for part in str(text).split("\n"))


def _line_count(text_width: float, column_width: float) -> int:
    usable = max(column_width - 1.5, 1.0)
    return max(1, math.ceil(text_width / usable)) if text_width else 1


def sheet_orientation(defn: ReportDefinition, total_width: float) -> str:
    """"auto" prints landscape when the columns are wider than a portrait page's body (the sheet
    is then fitted to one page wide either way, so portrait would only shrink the text)."""
    if defn.orientation != "auto":
        return defn.orientation
    return "landscape" if total_width > PORTRAIT_BODY_WIDTH else "portrait"


def _print_setup(ws: Worksheet, defn: ReportDefinition, family: str, total_width: float) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = sheet_orientation(defn, total_width)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=3 * CM, right=2 * CM, top=2.5 * CM, bottom=2 * CM,
                                  header=1 * CM, footer=1 * CM)
    ws.oddFooter.center.text = "หน้า &P/&N"
    ws.oddFooter.center.font = f"{family},Regular"
    ws.oddFooter.center.size = 14


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
