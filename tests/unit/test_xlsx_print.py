"""The report workbook as it prints: the raw-data sheet hidden (and still re-importable), page
numbers in Thai digits on every page through planned page breaks, rows tall enough for every
wrapped line at the font's real line pitch. (LibreOffice's own rendering of the same is checked in
tests/integration/test_xlsx_print_libreoffice.py.)"""

import pytest
from openpyxl import load_workbook

from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.xlsx import (
    BODY_SIZE,
    DATA_SHEET,
    MARGINS,
    MAX_TEXT_WIDTH,
    excel_font_name,
    render_xlsx,
)
from moi_desktop.documents.xlsx_layout import A4_PT, column_points, sheet_font
from moi_desktop.imports.reader import read_table, sheet_names

CM_PT = 72 / 2.54


def long_report(n: int = 120, **kw) -> ReportDefinition:
    rows = [{"name": f"นายสมชาย ใจดี{i}", "org": "องค์การบริหารส่วนตำบลวังแขม " * (1 + i % 4), "n": i * 10}
            for i in range(n)]
    return ReportDefinition(title="ทำเนียบภาคีเครือข่าย", subtitle="อำเภอคลองขลุง",
                            columns=[Column("name", "ชื่อ-สกุล", kind="name"), Column("org", "หน่วยงาน"),
                                     Column("n", "จำนวน", kind="int")],
                            rows=rows, numbered=True, summary=["รวม ๑๒๐ คน"],
                            prepared_by=PreparedBy("นายสมชาย ใจดี", "ปลัดอำเภอ"), **kw)


def page_rows(ws) -> list[tuple[int, str]]:
    return [(r, ws.cell(row=r, column=1).value) for r in range(1, ws.max_row + 1)
            if str(ws.cell(row=r, column=1).value or "").startswith("หน้า ")]


def test_the_raw_data_sheet_is_hidden_and_still_reimportable(tmp_path):
    out = render_xlsx(long_report(5), tmp_path / "r.xlsx")
    book = load_workbook(out)
    assert [ws.sheet_state for ws in book.worksheets] == ["visible", "hidden"]
    assert book.active.title != DATA_SHEET  # the report opens, never the hidden sheet
    assert DATA_SHEET in sheet_names(out)
    table = read_table(out, DATA_SHEET)
    assert table.rows[0][1] == ("ลำดับ", "ชื่อ-สกุล", "หน่วยงาน", "จำนวน")
    assert table.rows[1][1][:2] == (1, "นายสมชาย ใจดี0") and len(table.rows) == 6


def test_every_page_ends_with_its_number_in_thai_digits(tmp_path):
    ws = load_workbook(render_xlsx(long_report(), tmp_path / "r.xlsx")).worksheets[0]
    numbers = page_rows(ws)
    pages = len(numbers)
    assert pages > 3
    assert [text for _, text in numbers] == [f"หน้า {_thai(i)}/{_thai(pages)}" for i in range(1, pages + 1)]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks == [row for row, _ in numbers[:-1]]  # each page breaks right after its number
    # Excel's footer codes print 0-9 whatever the format: no footer page number is written.
    assert not ws.oddFooter.center.text and not ws.oddFooter.right.text


def test_arabic_digit_reports_number_their_pages_in_arabic_digits(tmp_path):
    ws = load_workbook(render_xlsx(long_report(thai_digits=False), tmp_path / "r.xlsx")).worksheets[0]
    numbers = page_rows(ws)
    assert numbers[0][1] == f"หน้า 1/{len(numbers)}"


def test_no_page_holds_more_than_the_printable_height(tmp_path):
    ws = load_workbook(render_xlsx(long_report(), tmp_path / "r.xlsx")).worksheets[0]
    width, height = A4_PT if ws.page_setup.orientation == "portrait" else A4_PT[::-1]
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    scale = ws.page_setup.scale
    assert sum(column_points(w) for w in widths) * scale / 100 <= width - (MARGINS["left"] + MARGINS["right"]) * CM_PT
    printable = (height - (MARGINS["top"] + MARGINS["bottom"]) * CM_PT) * 100 / scale
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "ลำดับ")
    starts = [1] + [b.id + 1 for b in ws.row_breaks.brk]
    ends = [b.id for b in ws.row_breaks.brk] + [ws.max_row]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        used = sum(ws.row_dimensions[r].height for r in range(start, end + 1))
        if number:
            used += ws.row_dimensions[header].height  # printed again at the top
        assert used <= printable, f"page {number + 1}: {used:.0f} of {printable:.0f} pt"


def test_rows_are_as_tall_as_their_wrapped_lines_at_the_fonts_pitch(tmp_path):
    measure = sheet_font(excel_font_name())
    pitch = measure.pitch(BODY_SIZE)
    long_text = "การพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่อย่างยั่งยืน " * 8
    defn = ReportDefinition(title="ทดสอบ", columns=[Column("a", "เรื่อง")],
                            rows=[{"a": "บรรทัดหนึ่ง\nบรรทัดสอง\nบรรทัดสาม"}, {"a": long_text}, {"a": "สั้น"}])
    ws = load_workbook(render_xlsx(defn, tmp_path / "r.xlsx")).worksheets[0]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "เรื่อง")
    three, wrapped, short = (ws.row_dimensions[header + i].height for i in (1, 2, 3))
    assert three >= 3 * pitch and short < 2 * pitch
    assert ws.column_dimensions["A"].width == MAX_TEXT_WIDTH  # the long text is capped, so it wraps
    lines = measure.lines(long_text.strip(), column_points(MAX_TEXT_WIDTH), BODY_SIZE)
    assert lines >= 5 and wrapped >= lines * pitch


def test_a_flat_24_point_line_would_have_clipped():
    """The old fixed height per line was below the pitch LibreOffice lays the document fonts out at
    (26.5 pt for Laksaman / TH Sarabun at 16 pt), so every extra line lost ~2.5 pt."""
    assert sheet_font("Laksaman").pitch(16) > 26


def _thai(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def test_thai_text_summed_per_character_measures_as_shaped_whole():
    from moi_desktop.documents.thaitext import text_width
    from moi_desktop.documents.xlsx_layout import measured_width

    font = sheet_font("TH Sarabun New").regular
    for text in ("นายสมชาย ใจดี", "น้ำ ที่ ฐาน ญาติ ปฏิบัติ กำนัน", "หน่วยงานที่ ๑๒๓", "ก่ำ ป่า ฝั่ง ฟ้า", "1,234.50",
                 "Hello AV To", "=SUM(A1)"):
        assert measured_width(text, font, 16) == pytest.approx(text_width(text, font, 16), abs=1e-9)
