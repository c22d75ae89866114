"""Table reports never cut names, dates or numbers: the font steps down (16 → 15 → 14), then a
portrait table turns landscape, and only then do text cells break inside words."""

import re
from datetime import date

import pytest
from pypdf import PdfReader

from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.table_report import LEVELS, Margins, TablePlan, plan_table, render_pdf
from moi_desktop.documents.xlsx import render_xlsx

NAMES = ["นางสาวกาญจนา กาญจนะจิตรา", "นายประยุทธ์ วงศ์สวัสดิ์", "นางวิไลวรรณ พรหมวงศ์", "นายณัฐพล แก้วมณี"]
SURNAMES = ["กาญจนะจิตรา", "วงศ์สวัสดิ์", "พรหมวงศ์", "แก้วมณี"]
ORGS = ["องค์การบริหารส่วนตำบลเขาปู่", "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านน้ำตก", "วัดเขาปู่"]
THAI_DIGIT = "๐๑๒๓๔๕๖๗๘๙"
WHOLE_NAMES = LEVELS[:LEVELS.index("names-at-spaces")]


def _seven(n: int = 24, **kw) -> ReportDefinition:
    """ลำดับ + six columns: a name, two kinds of text, a sector, a date, a phone number."""
    rows = [{"name": NAMES[i % 4], "org": ORGS[i % 3], "position": "ผู้ใหญ่บ้าน", "sector": "ภาคประชาสังคม",
             "joined": date(2022, 8, 6 + i % 20), "phone": "081-234-5678"} for i in range(n)]
    columns = [Column("name", "ชื่อ–สกุล", weight=2, kind="name"), Column("org", "หน่วยงาน", weight=2),
               Column("position", "ตำแหน่ง"), Column("sector", "ภาคีเครือข่าย"),
               Column("joined", "วันที่ลงทะเบียน", kind="date"), Column("phone", "โทรศัพท์")]
    drop = kw.pop("drop", ())
    return ReportDefinition(title="รายชื่อภาคีเครือข่าย", subtitle="อำเภอศรีบรรพต จังหวัดพัทลุง",
                            columns=[c for c in columns if c.key not in drop], rows=rows, numbered=True,
                            prepared_by=PreparedBy("นายสมชาย ใจดี", "ปลัดอำเภอ", date(2022, 8, 31)), **kw)


def _plan(defn: ReportDefinition) -> TablePlan:
    columns = defn.all_columns
    texts = [[defn.cell_text(c, v) for c, v in zip(columns, row, strict=True)] for row in defn.row_values()]
    return plan_table(defn, [defn.digits(c.title) for c in columns], texts, None, get_fonts())


def _lines(path) -> list[str]:
    out = []
    for page in PdfReader(path).pages:
        text = page.extract_text().replace("\u0e4d\u0e32", "\u0e33")
        out += [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    return out


def _assert_names_dates_headers_whole(lines: list[str], defn: ReportDefinition) -> None:
    for name, surname in zip(NAMES, SURNAMES, strict=True):
        assert any(name in line for line in lines), name  # the full name on one line
        assert all(name in line for line in lines if surname in line)  # never a surname alone
        assert not any(line.endswith(name.split()[0]) for line in lines)
    dates = [line for line in lines if "ส.ค." in line]
    assert len(dates) == len(defn.rows)
    assert all(re.fullmatch(f"[{THAI_DIGIT}]+ ส.ค. ๒๕๖๕", d) for d in dates), dates
    for word in ("ลำดับ", "วันที่", "ลงทะเบียน", "ตำแหน่ง", "เครือข่าย", "โทรศัพท์", "หน่วยงาน"):
        if any(word in c.title for c in defn.all_columns):
            assert any(word in line for line in lines), word
    if any(c.key == "phone" for c in defn.all_columns):
        assert "๐๘๑-๒๓๔-๕๖๗๘" in lines  # a phone number is a code: one line


def _is_landscape(path) -> bool:
    box = PdfReader(path).pages[0].mediabox
    return box.width > box.height


def test_seven_columns_go_landscape_with_names_and_dates_whole(tmp_path):
    defn = _seven()
    assert defn.orientation == "auto" and defn.min_font_size == 14
    plan = _plan(defn)
    # portrait cannot hold the names, dates and numbers whole even at 14 pt
    portrait = _plan(_seven(orientation="portrait"))
    assert portrait.size == 14 and portrait.level != "whole"
    assert plan.orientation == "landscape" and plan.level in WHOLE_NAMES
    assert sum(plan.widths) == pytest.approx(Margins.official(page_size(True)).body_width, abs=0.5)
    out = render_pdf(defn, tmp_path / "seven.pdf")
    assert _is_landscape(out)
    _assert_names_dates_headers_whole(_lines(out), defn)


def test_font_steps_down_before_the_page_turns(tmp_path):
    defn = _seven(drop=("org", "phone"))
    plan = _plan(defn)
    assert (plan.orientation, plan.size, plan.level) == ("portrait", 14, "whole")
    out = render_pdf(defn, tmp_path / "narrow.pdf")
    assert not _is_landscape(out)
    _assert_names_dates_headers_whole(_lines(out), defn)


def test_min_font_size_is_the_floor_then_landscape():
    defn = _seven(drop=("org", "phone"), min_font_size=16)
    plan = _plan(defn)
    assert (plan.orientation, plan.size, plan.level) == ("landscape", 16, "whole")


def test_fixed_portrait_splits_text_but_never_names_or_dates(tmp_path):
    defn = _seven(orientation="portrait", drop=("position", "phone"))
    plan = _plan(defn)
    assert (plan.size, plan.level) == (14, "split-long-words")
    out = render_pdf(defn, tmp_path / "portrait.pdf")
    assert not _is_landscape(out)
    lines = _lines(out)
    _assert_names_dates_headers_whole(lines, defn)
    assert not any(ORGS[1] in line for line in lines)  # the long organisation name wrapped


def test_fixed_landscape_and_explicit_small_size_are_kept():
    plan = _plan(_seven(drop=("org", "phone"), orientation="landscape", font_size=12))
    assert (plan.orientation, plan.size, plan.level) == ("landscape", 12, "whole")


def test_hopeless_tables_still_fill_the_body_exactly(tmp_path):
    columns = [Column(f"c{i}", f"หัวข้อที่ {i}", kind="date") for i in range(14)]
    defn = ReportDefinition(title="ตาราง", columns=columns, rows=[{f"c{i}": date(2022, 8, 30) for i in range(14)}],
                            orientation="portrait")
    plan = _plan(defn)
    assert plan.level == "shrunk" and plan.size == 14
    assert sum(plan.widths) == pytest.approx(Margins.official(page_size(False)).body_width, abs=0.5)
    render_pdf(defn, tmp_path / "wide.pdf")


def test_an_over_long_word_is_split_and_stays_in_its_column(tmp_path):
    word = "องค์การบริหารส่วนตำบล" * 6  # one segment far wider than any column
    defn = ReportDefinition(title="ตาราง", columns=[Column("a", "ชื่อ–สกุล", kind="name"), Column("b", "รายละเอียด")],
                            rows=[{"a": NAMES[0], "b": word}])
    plan = _plan(defn)
    assert plan.orientation == "portrait" and plan.size == 16
    lines = _lines(render_pdf(defn, tmp_path / "long.pdf"))
    assert NAMES[0] in lines
    pieces = [line for line in lines if "องค์การ" in line or "ตำบล" in line]
    assert len(pieces) >= 3 and "".join(pieces).replace(" ", "") == word


def test_names_break_only_at_spaces_when_nothing_else_is_left():
    columns = [Column("n", "ชื่อ–สกุล", kind="name")] + [Column(f"d{i}", "วันที่", kind="date") for i in range(3)]
    row = {"n": "นางสาวกาญจนา กาญจนะจิตรา", **{f"d{i}": date(2022, 8, 30) for i in range(3)}}
    defn = ReportDefinition(title="ตาราง", columns=columns, rows=[row], orientation="portrait")
    plan = _plan(defn)
    # no size keeps the name whole next to three dates; broken at its space, 16 pt fits again
    assert (plan.level, plan.size) == ("names-at-spaces", 16)
    assert _plan(ReportDefinition(title="ตาราง", columns=columns[:3], rows=[row])).level == "whole"


def test_definition_checks_orientation_and_sizes():
    with pytest.raises(ValueError):
        _seven(orientation="sideways")
    with pytest.raises(ValueError):
        _seven(min_font_size=0)


def test_email_addresses_keep_arabic_digits():
    defn = _seven(thai_digits=True)
    assert defn.digits("member8166@example.com ครั้งที่ 2") == "member8166@example.com ครั้งที่ ๒"
    assert defn.digits("https://moi.go.th/a1 โทร 081") == "https://moi.go.th/a1 โทร ๐๘๑"


def test_excel_auto_orientation_follows_the_columns_width(tmp_path):
    from openpyxl import load_workbook

    wide = load_workbook(render_xlsx(_seven(), tmp_path / "wide.xlsx")).worksheets[0]
    narrow = load_workbook(render_xlsx(_seven(drop=("org", "position", "phone", "joined")),
                                       tmp_path / "narrow.xlsx")).worksheets[0]
    assert wide.page_setup.orientation == "landscape"
    assert narrow.page_setup.orientation == "portrait"
