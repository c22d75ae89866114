"""Table report pagination: a landscape outgoing register fills page 1 down to the
bottom margin, and the summary and signature block never stand alone on a page: the last row
goes along with them."""

import re
from datetime import date

from pypdf import PdfReader

from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.table_report import (
    Margins,
    _measure_row,
    _Style,
    plan_table,
    render_pdf,
)

SIGNATURE = "ลงชื่อ"


def _register(n: int, summary: int = 1) -> ReportDefinition:
    """Rows like the outgoing register's (correspondence.register): number, date, to, subject,
    kind, note."""
    rows = [{"number": i + 1, "date": date(2026, 1 + i // 28 % 12, 1 + i % 28),
             "to": "ผู้ว่าราชการจังหวัดกำแพงเพชร" if i % 2 else "นายกองค์การบริหารส่วนตำบลทุกแห่ง",
             "subject": "ส่งรายงานทะเบียนภาคีเครือข่าย", "kind": "บันทึกข้อความ",
             "note": "ยกเลิก: พิมพ์ผิด" if i % 7 == 3 else ""} for i in range(n)]
    return ReportDefinition(
        title=["ทะเบียนหนังสือส่ง", "ประจำปี พ.ศ. ๒๕๖๙"], subtitle=["ที่ทำการปกครองอำเภอคลองขลุง"],
        as_of=date(2026, 12, 5),
        columns=[Column("number", "เลขที่", weight=0.6, kind="int", align="center"),
                 Column("date", "ลงวันที่", weight=1.3, kind="date"), Column("to", "ถึง", weight=2.2),
                 Column("subject", "เรื่อง", weight=3.0), Column("kind", "ชนิด", weight=1.5),
                 Column("note", "หมายเหตุ", weight=2.0)],
        rows=rows, summary=[f"ออกเลขหนังสือ {n} เลข"] * summary, prepared_by=PreparedBy(date=date(2026, 12, 5)),
        orientation="landscape", sheet_name="ทะเบียนหนังสือส่ง")


def _numbers_per_page(path) -> list[list[int]]:
    """The register numbers found on each page: a line of Thai digits only, then its date."""
    digits = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    out = []
    for page in PdfReader(path).pages:
        lines = [line.strip() for line in page.extract_text().splitlines()]
        out.append([int(line.translate(digits)) for line, nxt in zip(lines, lines[1:], strict=False)
                    if re.fullmatch("[๐-๙]+", line) and re.fullmatch(r"[๐-๙]+ [ก-ฮ.]+ ๒๕๖๙", nxt)])
    return out


def _row_heights(defn: ReportDefinition) -> tuple[float, list[float], float]:
    """The header's and every row's measured height, at the widths the report plans."""
    fonts = get_fonts()
    columns = defn.all_columns
    texts = [[defn.cell_text(c, v) for c, v in zip(columns, row, strict=True)] for row in defn.row_values()]
    headers = [defn.digits(c.title) for c in columns]
    plan = plan_table(defn, headers, texts, None, fonts)
    table = _Style(fonts, plan.size)
    header = _measure_row(headers, columns, plan.widths, table, bold=True, header=True)
    return header.height, [_measure_row(t, columns, plan.widths, table).height for t in texts], plan.size


def test_a_40_row_landscape_register_fills_page_1_to_the_bottom_margin(tmp_path):
    defn = _register(40)
    out = render_pdf(defn, tmp_path / "register.pdf")
    pages = _numbers_per_page(out)
    assert sorted(n for page in pages for n in page) == list(range(1, 41))  # every row, once
    header, heights, _size = _row_heights(defn)
    margins = Margins.official(page_size(True))
    top = _table_top(defn)
    fits, y = 0, top - header
    for h in heights:
        if y - h < margins.bottom:
            break
        y -= h
        fits += 1
    assert fits >= 4  # a landscape page holds several register rows
    assert len(pages[0]) >= fits  # page 1 is filled as far as the measured rows allow
    # and so is every later page, but the one whose last row went on with the signature
    for page in pages[1:-2]:
        used = header + sum(heights[n - 1] for n in page)
        nxt = page[-1]  # the 0-based index of the first row of the next page
        assert used + heights[nxt] > margins.body_top - margins.bottom


def _table_top(defn: ReportDefinition) -> float:
    """The top of the table on page 1, from the layout's first row op."""
    from moi_desktop.documents import table_report as tr

    fonts = get_fonts()
    header, _heights, size = _row_heights(defn)
    margins = Margins.official(page_size(True))
    table = _Style(fonts, size)
    probe = tr._Row([["x"]] * len(defn.all_columns), 1.0)
    pages = tr._layout(defn, _Style(fonts, defn.font_size), table, margins, defn.all_columns,
                       [1.0] * len(defn.all_columns), tr._Row([["x"]] * len(defn.all_columns), header), [probe])
    header_op = next(op for op in pages[0].ops if op[0] == "row")  # the header row, at the table's top
    return header_op[1]


def _signature_pages(path) -> list[int]:
    return [i for i, page in enumerate(PdfReader(path).pages) if SIGNATURE in page.extract_text()]


def test_the_signature_block_is_never_alone_on_a_page(tmp_path):
    """Whatever the number of rows, the page with the signature also carries the last row."""
    for n in range(1, 26):
        out = render_pdf(_register(n), tmp_path / f"r{n}.pdf")
        pages = _numbers_per_page(out)
        (signed,) = _signature_pages(out)
        assert signed == len(pages) - 1  # the signature is on the last page
        assert n in pages[signed], (n, pages)  # with the last row
