"""Reading a spreadsheet into rows of cell values, each with its row number as the user sees it.

.xlsx through openpyxl's read-only mode (the fastest reader; merged cells then show their value in
the top-left cell only, which header detection allows for); .csv in UTF-8 (with or without BOM)
or the Thai Windows code page cp874 that Excel uses when saving "CSV" on Thai Windows.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moi_desktop.errors import UserError
from moi_desktop.thai.text import clean_text

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


def read_table(path: Path, sheet: str | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"ไม่พบไฟล์: {path}", field="file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix == ".xls":
        raise UserError("ไฟล์ .xls เป็นรูปแบบเก่า กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx ก่อนนำเข้า", field="file")
    raise UserError(f"นำเข้าได้เฉพาะไฟล์ .xlsx หรือ .csv (ไฟล์นี้เป็น {suffix or 'ไม่มีนามสกุล'})", field="file")


def sheet_names(path: Path) -> list[str]:
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    workbook = _open_workbook(Path(path))
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> "Workbook":
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UserError(f"เปิดไฟล์ Excel ไม่ได้ (ไฟล์อาจเสียหายหรือไม่ใช่ .xlsx): {path.name}", detail=str(exc)) from exc


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    workbook = _open_workbook(path)
    try:
        if sheet is None:
            ws = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            ws = workbook[sheet]
        else:
            raise UserError(f"ไม่พบแผ่นงาน “{sheet}” ในไฟล์ {path.name}", field="sheet")
        # Some programs write a wrong <dimension>; without a reset read-only mode would stop early.
        ws.reset_dimensions()
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if any(v is not None and v != "" for v in values):
                rows.append((number, values))
        return Table(f"{path.name} [{ws.title}]", ws.title, rows)
    finally:
        workbook.close()


def _decode(data: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"อ่านตัวอักษรในไฟล์ {name} ไม่ได้ กรุณาบันทึกเป็น CSV UTF-8", field="file")


def _delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: the one most used in the first lines.
    (csv.Sniffer guesses wrong on short Thai files.)"""
    head = "\n".join(text.splitlines()[:10])
    return max((",", ";", "\t"), key=lambda d: (head.count(d), d == ","))


def _read_csv(path: Path) -> Table:
    text = _decode(path.read_bytes(), path.name)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    for number, values in enumerate(reader, start=1):
        if any(v.strip() for v in values):
            rows.append((number, tuple(values)))
    return Table(path.name, None, rows)
