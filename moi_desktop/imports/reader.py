"""Reading a spreadsheet into rows of cell values, each with its row number as the user sees it.

.xlsx through openpyxl's read-only mode (the fastest reader; merged cells then show their value in
the top-left cell only, which header detection allows for), after `workbooks.guard` has checked the
package within SpreadsheetLimits; .csv in UTF-8 (with or without BOM) or the Thai Windows code page
cp874 that Excel uses when saving "CSV" on Thai Windows, read as a stream within the same limits.
Whatever the file, the reader holds at most the limits' worth of cells (see README "Bounded input").
"""

import csv
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from moi_desktop.errors import UserError
from moi_desktop.thai.digits import to_thai_digits
from moi_desktop.thai.text import clean_text
from moi_desktop.workbooks.guard import DEFAULT_LIMITS, SpreadsheetLimits, check_workbook, damaged, workbook_sheet_names

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV_ENCODINGS = ("utf-8-sig", "cp874")


@dataclass
class Table:
    name: str  # file name, plus the sheet for a workbook
    sheet: str | None
    rows: list[tuple[int, tuple]]  # (row number as shown by Excel, cell values)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letter: str) -> int:
    value = 0
    for ch in letter.strip().upper():
        if not "A" <= ch <= "Z":
            raise ValueError(letter)
        value = value * 26 + ord(ch) - 64
    return value - 1


def cell_text(value: Any) -> str:
    """A cell as text: a date as ISO (2022-08-30), a whole number without ".0", text cleaned."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(value)


def read_table(path: Path, sheet: str | None = None, *, limits: SpreadsheetLimits = DEFAULT_LIMITS) -> Table:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"ไม่พบไฟล์: {path}", field="file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet, limits)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, limits)
    if suffix == ".xls":
        raise UserError("ไฟล์ .xls เป็นรูปแบบเก่า กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx ก่อนนำเข้า", field="file")
    raise UserError(f"นำเข้าได้เฉพาะไฟล์ .xlsx หรือ .csv (ไฟล์นี้เป็น {suffix or 'ไม่มีนามสกุล'})", field="file")


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets in order, hidden ones included (a report's raw-data sheet is hidden)."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    return workbook_sheet_names(Path(path))


def _openpyxl_errors() -> tuple[type[BaseException], ...]:
    """What openpyxl raises on a file that passed the guard but is still not a workbook it can
    read (broken XML, a missing part, a value of the wrong type): the file's fault, not a bug."""
    from openpyxl.utils.exceptions import InvalidFileException  # openpyxl loads only when a file is read

    return (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, IndexError,
            SyntaxError, NotImplementedError, RuntimeError, InvalidFileException)


def _open_workbook(path: Path, limits: SpreadsheetLimits) -> "Workbook":
    check_workbook(path, limits)
    from openpyxl import load_workbook  # loads only for a file that passed the guard

    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except _openpyxl_errors() as exc:
        raise damaged(path, exc) from exc


def _read_xlsx(path: Path, sheet: str | None, limits: SpreadsheetLimits) -> Table:
    workbook = _open_workbook(path, limits)
    try:
        worksheets = {w.title: w for w in workbook.worksheets}  # chartsheets have no cells
        if not worksheets:
            raise damaged(path, ValueError("no worksheet"))
        if sheet is None:
            ws = workbook.worksheets[0]
        elif sheet in worksheets:
            ws = worksheets[sheet]
        else:
            raise UserError(f"ไม่พบแผ่นงาน “{sheet}” ในไฟล์ {path.name}", field="sheet")
        # Some programs write a wrong <dimension>; without a reset read-only mode would stop early.
        ws.reset_dimensions()
        rows = []
        positions = 0
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            positions += len(values) + 1  # the guard counted the same; this holds if it ever disagrees
            if positions > limits.max_cells:
                raise _too_many_cells(path, limits)
            if any(v is not None and v != "" for v in values):
                rows.append((number, values))
        return Table(f"{path.name} [{ws.title}]", ws.title, rows)
    except _openpyxl_errors() as exc:
        raise damaged(path, exc) from exc
    finally:
        workbook.close()


def _too_many_cells(path: Path, limits: SpreadsheetLimits) -> UserError:
    return UserError(f"ไฟล์ {path.name} มีตารางใหญ่เกิน {to_thai_digits(f'{limits.max_cells:,}')} เซลล์ "
                     "กรุณาแบ่งเป็นหลายไฟล์", field="file")


def _delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: the one most used in the first lines.
    (csv.Sniffer guesses wrong on short Thai files.)"""
    head = "\n".join(text.splitlines()[:10])
    return max((",", ";", "\t"), key=lambda d: (head.count(d), d == ","))


def _read_csv(path: Path, limits: SpreadsheetLimits) -> Table:
    size = path.stat().st_size
    if size > limits.max_csv_bytes:
        mb = 1 << 20
        raise UserError(f"ไฟล์ {path.name} ใหญ่ {to_thai_digits(f'{size / mb:,.0f}')} MB เกินขีดจำกัด "
                        f"{to_thai_digits(f'{limits.max_csv_bytes / mb:,.0f}')} MB กรุณาแบ่งเป็นหลายไฟล์", field="file")
    for encoding in CSV_ENCODINGS:
        try:
            return _read_csv_as(path, encoding, limits)
        except UnicodeDecodeError:
            continue  # the next encoding; the file is read again from the start
    raise UserError(f"อ่านตัวอักษรในไฟล์ {path.name} ไม่ได้ กรุณาบันทึกเป็น CSV UTF-8", field="file")


def _bounded_lines(f: IO[str], path: Path, limit: int) -> Iterator[str]:
    """The file's lines, refusing one longer than `limit` before it is read whole."""
    number = 0
    while line := f.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise UserError(f"บรรทัดที่ {to_thai_digits(number)} ของไฟล์ {path.name} ยาวเกิน "
                            f"{to_thai_digits(f'{limit:,}')} ตัวอักษร", field="file")
        yield line


def _read_csv_as(path: Path, encoding: str, limits: SpreadsheetLimits) -> Table:
    rows = []
    positions = text = 0
    with open(path, encoding=encoding, newline="") as f:
        delimiter = _delimiter(f.read(64 * 1024))
        f.seek(0)
        reader = csv.reader(_bounded_lines(f, path, limits.max_csv_line_chars), delimiter=delimiter)
        number = 0
        try:
            for number, values in enumerate(reader, start=1):
                positions += len(values) + 1
                if positions > limits.max_cells:
                    raise _too_many_cells(path, limits)
                for i, value in enumerate(values):
                    text += len(value)
                    if len(value) > limits.max_cell_chars:
                        raise _cell_too_long(path, f"{column_letter(i)}{number}", limits)
                if text > limits.max_text_chars:
                    raise UserError(f"ไฟล์ {path.name} มีข้อความรวมเกิน "
                                    f"{to_thai_digits(f'{limits.max_text_chars:,}')} ตัวอักษร", field="file")
                if any(v.strip() for v in values):
                    rows.append((number, tuple(values)))
        except csv.Error as exc:  # a field past csv's own limit (131,072), or a stray NUL
            raise UserError(f"แถวที่ {to_thai_digits(number + 1)} ของไฟล์ {path.name} อ่านไม่ได้: มีช่องข้อมูลยาวเกิน "
                            f"{to_thai_digits(f'{limits.max_cell_chars:,}')} ตัวอักษร หรือมีอักขระที่ใช้ไม่ได้",
                            field="file", detail=str(exc)) from exc
    return Table(path.name, None, rows)


def _cell_too_long(path: Path, cell: str, limits: SpreadsheetLimits) -> UserError:
    return UserError(f"เซลล์ {cell} ของไฟล์ {path.name} มีข้อความยาวเกิน {to_thai_digits(f'{limits.max_cell_chars:,}')} "
                     "ตัวอักษร (ขีดจำกัดของ Excel ต่อเซลล์) จึงไม่นำเข้า กรุณาแก้เซลล์นั้นแล้วนำเข้าใหม่", field="file")
