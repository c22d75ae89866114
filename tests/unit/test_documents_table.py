"""PDF table report, certificates and sign-in sheets: text, pagination, fonts, QR."""

import re
from datetime import date

import pytest
from pypdf import PdfReader

from moi_desktop.documents.certificate import CertificateItem, render_certificates
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition, verify_document_file
from moi_desktop.documents.signin import SigninRow, qr_matrix, render_signin_sheet
from moi_desktop.documents.table_report import Margins, _Style, column_widths, render_pdf
from moi_desktop.errors import UserError

NAMES = ["นางสาวกาญจนา กาญจนะจิตรา", "นายสมชาย ใจดี", "นางผู้ใหญ่ ที่น้ำใส"]


def _text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text().replace("\u0e4d\u0e32", "\u0e33"))


def _definition(n: int, **kw) -> ReportDefinition:
    rows = [{"name": NAMES[i % 3], "org": "วัดเขาปู่", "n": i + 1, "pct": 50.26,
             "day": "2022-08-30"} for i in range(n)]
    return ReportDefinition(
        title="รายชื่อภาคีเครือข่าย",
        subtitle="อำเภอศรีบรรพต จังหวัดพัทลุง",
        as_of=date(2022, 8, 30),
        columns=[Column("name", "ชื่อ–สกุล", weight=2, kind="name"), Column("org", "หน่วยงาน", weight=2),
                 Column("n", "จำนวน", kind="int"), Column("pct", "ร้อยละ", kind="percent"),
                 Column("day", "วันที่", kind="date")],
        rows=rows, numbered=True, totals=True,
        summary=["ภาคีเครือข่ายราชการ จำนวน 430 คน (59 เปอร์เซ็นต์)"],
        prepared_by=PreparedBy("นายสมชาย ใจดี", "ปลัดอำเภอ", date(2022, 8, 31)),
        **kw,
    )


@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "long.pdf"
    render_pdf(_definition(80), out)
    return PdfReader(out)


def test_header_repeated_and_page_numbers(long_report):
    pages = long_report.pages
    total = len(pages)
    assert total >= 3
    thai_total = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(total))
    for i, page in enumerate(pages, start=1):
        text = _text(page)
        thai_i = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(i))
        assert f"หน้า {thai_i}/{thai_total}" in text
        if i < total or "ชื่อ–สกุล" in text:
            assert "ชื่อ–สกุล" in text and "หน่วยงาน" in text and "ร้อยละ" in text


def test_title_rows_totals_and_blocks(long_report):
    first = _text(long_report.pages[0])
    assert "รายชื่อภาคีเครือข่าย" in first
    assert "ข้อมูล ณ วันที่ ๓๐ สิงหาคม ๒๕๖๕" in first
    assert "นางสาวกาญจนา" in first and "๕๐.๓" in first and "๓๐ ส.ค. ๒๕๖๕" in first
    everything = " ".join(_text(p) for p in long_report.pages)
    assert "รวม" in everything and "๓,๒๔๐" in everything  # 1 + 2 + … + 80, bold totals row
    assert everything.index("๓,๒๔๐") > everything.index("วัดเขาปู่ ๘๐")
    assert "ภาคีเครือข่ายราชการ จำนวน ๔๓๐ คน (๕๙ เปอร์เซ็นต์)" in everything
    last = _text(long_report.pages[-1])
    assert "(นายสมชาย ใจดี)" in last and "ผู้จัดทำ" in last and "๓๑ สิงหาคม ๒๕๖๕" in last
    # every data row appears exactly once across the pages
    assert everything.count("วัดเขาปู่") == 80


def test_fonts_embedded_as_subsets(long_report):
    fonts = set()
    for page in long_report.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descendant = font.get("/DescendantFonts")
            desc = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            if desc is not None:
                assert any(k in desc.get_object() for k in ("/FontFile2", "/FontFile3", "/FontFile"))
    assert fonts and all(re.match(r"/[A-Z]{6}\+", str(f)) for f in fonts)


def test_arabic_digits_when_thai_digits_off(tmp_path):
    out = render_pdf(_definition(3, thai_digits=False), tmp_path / "a.pdf")
    text = _text(PdfReader(out).pages[0])
    assert "หน้า 1/1" in text and "30 สิงหาคม 2565" in text and "50.3" in text
    assert not re.search("[๐-๙]", text)


def test_rows_never_cross_the_margins(tmp_path):
    """Very long text wraps inside its column; the widths add up to the body width."""
    fonts = get_fonts()
    defn = _definition(5)
    columns = defn.all_columns
    texts = [[defn.cell_text(c, v) for c, v in zip(columns, r, strict=True)] for r in defn.row_values()]
    texts[0][2] = "องค์การบริหารส่วนตำบลเขาปู่" * 8
    margins = Margins.official(page_size(False))
    widths = column_widths(columns, [c.title for c in columns], texts, None, _Style(fonts, 16), margins.body_width)
    assert sum(widths) == pytest.approx(margins.body_width, abs=0.5)
    assert min(widths) > 20


def test_a_row_taller_than_a_page_continues(tmp_path):
    defn = ReportDefinition(title="บันทึก", columns=[Column("t", "รายละเอียด")],
                            rows=[{"t": "ข้อความยาวมาก " * 600}])
    out = render_pdf(defn, tmp_path / "tall.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    assert all("รายละเอียด" in _text(p) for p in reader.pages)


def test_cancel_stops_with_a_user_error(tmp_path):
    with pytest.raises(UserError):
        render_pdf(_definition(300), tmp_path / "c.pdf", cancelled=lambda: True)


def test_verify_document_file(tmp_path):
    out = render_pdf(_definition(2), tmp_path / "ok.pdf")
    assert verify_document_file(out) == out.stat().st_size
    broken = tmp_path / "bad.pdf"
    broken.write_bytes(out.read_bytes()[:-200])
    with pytest.raises(UserError):
        verify_document_file(broken)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(UserError):
        verify_document_file(empty)


def test_certificates_one_page_each_with_names_and_copy_mark(tmp_path):
    items = [CertificateItem(name, serial=f"{i}/2565", copy=(i == 2)) for i, name in enumerate(NAMES, 1)]
    out = render_certificates(items, tmp_path / "c.pdf", course="หลักสูตรนักขับเคลื่อนยุทธศาสตร์ (DCAST) รุ่นที่ 1",
                              date_range_text="ระหว่างวันที่ 6 – 9 สิงหาคม 2565",
                              signatories=[("นายชยาวุธ จันทร", "อธิบดีกรมการปกครอง")])
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width > height  # landscape
    for i, (page, name) in enumerate(zip(reader.pages, NAMES, strict=True), start=1):
        text = _text(page)
        assert name in text
        assert "ระหว่างวันที่ ๖ – ๙ สิงหาคม ๒๕๖๕" in text and "ได้ผ่านการอบรม" in text
        assert f"เลขที่ {'๐๑๒๓'[i]}/๒๕๖๕" in text
        assert ("สำเนา" in text) == (i == 2)
        assert "(นายชยาวุธ จันทร)" in text


def test_certificate_inputs_checked(tmp_path):
    with pytest.raises(UserError):
        render_certificates([], tmp_path / "x.pdf", course="ก", date_range_text="ข", signatories=[("a", "b")])
    with pytest.raises(UserError):
        render_certificates([CertificateItem("ก")], tmp_path / "x.pdf", course="ก", date_range_text="ข",
                            signatories=[])
    assert not (tmp_path / "x.pdf").exists()


def test_signin_sheet_rows_codes_and_pages(tmp_path):
    rows = [SigninRow(NAMES[i % 3], "ภาคประชาชน", f"01a2-{i:04d}") for i in range(30)]
    out = render_signin_sheet(rows, tmp_path / "s.pdf", course="หลักสูตร DCAST รุ่นที่ 1",
                              session_text="วันที่ 6 สิงหาคม 2565 ภาคเช้า")
    reader = PdfReader(out)
    total = len(reader.pages)
    assert total >= 2
    everything = ""
    for page in reader.pages:
        text = _text(page)
        assert "ลายมือชื่อ" in text and "หน่วยงาน/ภาคี" in text
        assert "วันที่ ๖ สิงหาคม ๒๕๖๕ ภาคเช้า" in text
        everything += text
    for i in range(30):
        assert f"01a2-{i:04d}" in everything  # the QR's code as (invisible) text
    assert everything.count("ภาคประชาชน") == 30


def test_qr_matrix_matches_segno():
    import segno

    code = "01a20129-cf21-70d5-b07a-520b39df616e"
    matrix = qr_matrix(code)
    assert len(matrix) == segno.make(code, error="m").symbol_size(border=0)[0] == 29
    assert all(len(row) == 29 for row in matrix)
    # finder patterns: the three 7×7 corners start with a full dark row
    assert all(matrix[0][:7]) and all(matrix[0][-7:]) and all(matrix[-1][:7])


def test_signin_sheet_uses_the_full_width_with_room_to_sign_and_15_rows_a_page(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from moi_desktop.documents.signin import MARGIN_SIDE, SIGNATURE_WIDTH

    sectors = ["ภาคประชาชน", "ภาคราชการ", "ภาคท้องถิ่น", "ภาคเอกชน", "ภาคประชาสังคม", "ภาคศาสนา", "สื่อมวลชน"]
    rows = [SigninRow(NAMES[i % 3], sectors[i % 7], f"01a20129-cf21-70d5-b07a-{i:012d}") for i in range(45)]
    lines: list[tuple[float, float, float, float]] = []
    boxes: list[tuple[float, float]] = []
    line, rect = Canvas.line, Canvas.rect

    def record_line(self, x1, y1, x2, y2):
        lines.append((x1, y1, x2, y2))
        return line(self, x1, y1, x2, y2)

    def record_rect(self, x, y, w, h, **kwargs):
        boxes.append((x, w))
        return rect(self, x, y, w, h, **kwargs)

    Canvas.line, Canvas.rect = record_line, record_rect
    try:
        out = render_signin_sheet(rows, tmp_path / "s.pdf", course="หลักสูตร DCAST รุ่นที่ 1",
                                  session_text="วันที่ 6 สิงหาคม 2565 ภาคเช้า", place="ห้องประชุมอำเภอ")
    finally:
        Canvas.line, Canvas.rect = line, rect
    reader = PdfReader(out)
    assert len(reader.pages) == 3  # 15 rows and more on each page
    first = _text(reader.pages[0])
    assert all(f" {n} " in f" {first} " for n in ("๑", "๑๕"))
    width = page_size(False)[0]
    full = (round(MARGIN_SIDE, 1), round(width - 2 * MARGIN_SIDE, 1))
    assert {(round(x, 1), round(w, 1)) for x, w in boxes} == {full}  # every row spans the paper
    verticals = sorted({round(x1, 1) for x1, y1, x2, y2 in lines if x1 == x2} | {MARGIN_SIDE, width - MARGIN_SIDE})
    gaps = [b - a for a, b in zip(verticals, verticals[1:], strict=False)]
    assert len(gaps) == 5 and gaps[3] == pytest.approx(SIGNATURE_WIDTH, abs=1)  # room to sign
