"""Excel rendering read back with openpyxl: fonts, formats, layout, print setup, data sheet."""

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.xlsx import DATA_SHEET, DATE_FORMAT_ARABIC, DATE_FORMAT_THAI, render_xlsx
from moi_desktop.documents.xlsx_layout import sheet_font

ONE_LINE = sheet_font("TH SarabunIT๙").row_height(1, 16)  # the font this PC measures that family with


def _definition(**kw) -> ReportDefinition:
    rows = [
        ("นางสาวกาญจนา กาญจนะจิตรา", "ภาคราชการ", 430, 59.0, date(2022, 8, 30)),
        ("นายสมชาย ใจดี", "ภาคเอกชน " * 12, 35, 4.8, "2022-08-31"),
    ]
    return ReportDefinition(
        title=["สรุปผู้เข้าอบรม", "รุ่นที่ 1"], subtitle="อำเภอศรีบรรพต", as_of=date(2022, 8, 30),
        columns=[Column("name", "ชื่อ–สกุล", kind="name"), Column("sector", "ภาคี"),
                 Column("n", "จำนวน", kind="int"), Column("pct", "ร้อยละ", kind="percent"),
                 Column("day", "วันที่", kind="date")],
        rows=rows, numbered=True, totals=True, summary=["รวมทั้งสิ้น 465 คน"],
        prepared_by=PreparedBy("นายสมชาย ใจดี", "ปลัดอำเภอ"), orientation="landscape", **kw)


@pytest.fixture
def book(tmp_path):
    out = render_xlsx(_definition(), tmp_path / "r.xlsx", font_name="TH SarabunIT๙")
    return load_workbook(out)


def test_report_sheet_layout(book):
    ws = book.worksheets[0]
    assert ws.title == "รายงาน"
    # merged title rows over all six columns (ลำดับ + 5)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A3:F3", "A4:F4"} <= merged
    assert ws["A2"].value == "รุ่นที่ ๑" and ws["A1"].font.b and ws["A1"].font.sz == 18
    assert ws["A4"].value == "ข้อมูล ณ วันที่ ๓๐ สิงหาคม ๒๕๖๕"
    header = [c.value for c in ws[5]]
    assert header == ["ลำดับ", "ชื่อ–สกุล", "ภาคี", "จำนวน", "ร้อยละ", "วันที่"]
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:F7"
    assert ws.print_title_rows == "$5:$5"
    # typed values with Thai-digit / Buddhist-era formats
    assert ws["D6"].value == 430 and ws["D6"].number_format == "[$-D00041E]#,##0"
    assert ws["E6"].number_format == "[$-D00041E]0.0"
    assert ws["F6"].value == datetime(2022, 8, 30) and ws["F6"].number_format == DATE_FORMAT_THAI
    assert ws["F7"].value == datetime(2022, 8, 31)  # ISO strings from the DB become dates
    # totals row: bold, label and sum
    assert ws["A8"].value == "รวม" and ws["D8"].value == 465 and ws["D8"].font.b
    assert ws["E8"].value is None  # percentages are not summed


def test_fonts_row_heights_and_print_setup(book):
    ws = book.worksheets[0]
    for cell in (ws["A1"], ws["B6"], ws["D8"]):
        assert cell.font.name == "TH SarabunIT๙"
    assert ws["B6"].font.sz == 16
    assert ws.row_dimensions[6].height == ONE_LINE
    assert ws.row_dimensions[7].height > ONE_LINE  # the long wrapped cell gets a taller row
    assert ws["C7"].alignment.wrap_text
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    texts = [ws.cell(row=r, column=1).value for r in range(9, ws.max_row + 1)]
    assert "รวมทั้งสิ้น ๔๖๕ คน" in texts and "(นายสมชาย ใจดี)" in texts


def test_plain_data_sheet_reimports(book):
    ws = book[DATA_SHEET]
    assert not ws.merged_cells.ranges
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("ลำดับ", "ชื่อ–สกุล", "ภาคี", "จำนวน", "ร้อยละ", "วันที่")
    assert rows[1] == (1, "นางสาวกาญจนา กาญจนะจิตรา", "ภาคราชการ", 430, 59.0, datetime(2022, 8, 30))
    assert rows[2][3] == 35 and rows[2][5] == datetime(2022, 8, 31)
    assert len(rows) == 3  # no totals, no titles


def test_arabic_digits_and_default_font(tmp_path):
    wb = load_workbook(render_xlsx(_definition(thai_digits=False), tmp_path / "a.xlsx"))
    ws = wb.worksheets[0]
    assert ws["A2"].value == "รุ่นที่ 1"
    assert ws["D6"].number_format == "#,##0" and ws["F6"].number_format == DATE_FORMAT_ARABIC
    assert ws["B6"].font.name == "TH Sarabun New"


def test_failed_write_leaves_no_file(tmp_path):
    defn = ReportDefinition(title="x", columns=[Column("a", "ก")], rows=[(object(),)])
    out = tmp_path / "r.xlsx"
    render_xlsx(defn, out)  # odd values are written as text, not a crash
    assert load_workbook(out)[DATA_SHEET]["A2"].value.startswith("<object")
    with pytest.raises(ValueError):
        render_xlsx(ReportDefinition(title="x", columns=[Column("a", "ก")], rows=[(1, 2)]), tmp_path / "b.xlsx")
    assert not (tmp_path / "b.xlsx").exists()
    assert not list(tmp_path.glob(".moi-*"))


def test_explicit_line_breaks_make_the_row_taller(tmp_path):
    from openpyxl import load_workbook

    def height(text):
        defn = ReportDefinition(title="ทดสอบ", columns=[Column("a", "ติดต่อ")], rows=[{"a": text}])
        out = tmp_path / f"{len(text)}.xlsx"
        render_xlsx(defn, out)
        ws = load_workbook(out).worksheets[0]
        header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "ติดต่อ")
        return ws.row_dimensions[header + 1].height

    # three short parts: one line by length, three lines by their breaks
    assert height("๐๘๑\nสมชาย\nไลน์") > height("๐๘๑ สมชาย ไลน์")
