"""Workbooks the importer writes: the problem rows with an error column, and a blank template.
Both go through workbooks.save, so an imported "=1+2" comes back as the text it was."""

from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.errors import UserError
from moi_desktop.imports.engine import ImportReport, Plan
from moi_desktop.imports.mapping import FieldSpec
from moi_desktop.workbooks.save import save_workbook, writable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

THAI_FONT = "TH Sarabun New"
PROBLEM_HEADER = "ปัญหาที่พบ"
ROW_HEADER = "แถวในไฟล์เดิม"


def _check_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError("ไฟล์ที่บันทึกต้องเป็น .xlsx", field="out")
    if not out.parent.exists():
        raise UserError(f"ไม่พบโฟลเดอร์ {out.parent}", field="out")
    return out


def _style(ws: "Worksheet", header_row: int, widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(name=THAI_FONT, size=14, bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[header_row]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.row_dimensions[header_row].height = 24


def write_error_workbook(report: ImportReport, plan: Plan, out: Path) -> Path:
    """Original rows that have a problem, as they were, plus the row number and the problems — the
    office fixes this file and imports it again (rows already in are then reported as duplicates)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out = _check_out(out)
    problems = report.problems_by_row()
    wb = Workbook()
    ws = wb.active
    ws.title = "ปัญหาการนำเข้า"
    headers = [c["header"] or c["letter"] for c in report.columns]
    ws.append([ROW_HEADER, *map(writable, headers), PROBLEM_HEADER])
    body = Font(name=THAI_FONT, size=14)
    by_number = dict(plan.table.rows)
    for row_number, messages in problems.items():
        values = list(by_number.get(row_number, ()))
        values += [None] * (len(headers) - len(values))
        ws.append([row_number, *map(writable, values[: len(headers)]), writable("\n".join(messages))])
        for cell in ws[ws.max_row]:
            cell.font = body
    _style(ws, 1, [10] + [18] * len(headers) + [60])
    return save_workbook(wb, out)


def write_template(fields: list[FieldSpec], out: Path, *, title: str, notes: list[str] | None = None) -> Path:
    """A blank workbook with a title row and one column per field, headed by its Thai label."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out = _check_out(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "รายชื่อ"
    ws.append([writable(title)])
    ws["A1"].font = Font(name=THAI_FONT, size=18, bold=True)
    ws.append([])
    ws.append([writable(f.label) for f in fields])
    # Text format for whole columns where Excel would eat leading zeros or reformat IDs.
    for i, f in enumerate(fields, start=1):
        if f.name in ("national_id", "phone", "moo", "house_no"):
            for row in range(4, 504):
                ws.cell(row=row, column=i).number_format = "@"
    _style(ws, 3, [max(12, len(f.label) + 4) for f in fields])
    if notes:
        help_ws = wb.create_sheet("คำอธิบาย")
        for line in notes:
            help_ws.append([writable(line)])
            help_ws.cell(row=help_ws.max_row, column=1).font = Font(name=THAI_FONT, size=14)
        help_ws.column_dimensions["A"].width = 100
    return save_workbook(wb, out)
