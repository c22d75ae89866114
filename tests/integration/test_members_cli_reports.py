"""Member reports through the report registry: PDF and XLSX, seed-004 style, IDs masked, name cards."""

import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.members import add_member
from moi_desktop.members.reports_data import percent_text, sector_label
from moi_desktop.thai import to_thai_digits
from moi_desktop.thai.national_id import check_digit

ID1 = "110370208488" + str(check_digit("110370208488"))


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.fixture
def filled(db_path):
    db = open_database(db_path)
    counts = {"government": 6, "people": 2, "media": 1}
    for sector, n in counts.items():
        for i in range(n):
            add_member(db, {"first_name": f"คน{sector}{i}", "last_name": "ทดสอบ", "sector": sector,
                              "team_role": "change_agent100", "phone": f"08100000{i:02d}"})
    add_member(db, {"first_name": "ครูใหญ่", "last_name": "ทดสอบ", "sector": "other",
                      "sector_other": "ภาคีเครือข่ายด้านการศึกษา", "national_id": ID1})
    ids = [r[0] for r in db.execute("SELECT id FROM members")]
    db.close()
    return db_path, ids


def test_sector_labels_and_percent_text():
    assert sector_label("government", "ภาคราชการ (ภาครัฐ)", None) == "ภาคีเครือข่ายราชการ"
    assert sector_label("other", "อื่น ๆ", "ภาคการศึกษา") == "ภาคีเครือข่ายการศึกษา"
    assert sector_label("other", "อื่น ๆ", "ภาคีเครือข่ายด้านการศึกษา") == "ภาคีเครือข่ายด้านการศึกษา"
    assert sector_label("other", "อื่น ๆ", None) == "ภาคีเครือข่ายอื่น ๆ"
    assert [percent_text(v) for v in (59.0, 4.8, 7.04, 100)] == ["59", "4.8", "7", "100"]


def test_members_by_sector_pdf_and_xlsx(filled, tmp_path):
    db_path, _ = filled
    pdf = tmp_path / "by_sector.pdf"
    assert main(["report", "members-by-sector", "--db", str(db_path), "--out", str(pdf)]) == 0
    text = pdf_text(pdf)
    assert "ภาคีเครือข่ายราชการ จำนวน ๖ คน (๖๐ เปอร์เซ็นต์)" in text
    assert "ภาคีเครือข่ายสื่อมวลชน จำนวน ๑ คน (๑๐ เปอร์เซ็นต์)" in text
    assert "ภาคีเครือข่ายด้านการศึกษา จำนวน ๑ คน" in text  # other + text kept as its own group
    xlsx = tmp_path / "by_sector.xlsx"
    assert main(["report", "members-by-sector", "--db", str(db_path), "--out", str(xlsx)]) == 0
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert any("คนgovernment๐" in str(c) for c in cells)  # Thai digits, as in the PDF


def test_sector_summary_table(filled, tmp_path):
    db_path, _ = filled
    xlsx = tmp_path / "summary.xlsx"
    assert main(["report", "members-sector-summary", "--db", str(db_path), "--out", str(xlsx),
                 "--param", "team=change_agent100"]) == 0
    rows = [r for r in load_workbook(xlsx).active.iter_rows(values_only=True) if any(r)]
    government = next(r for r in rows if r and "ภาคีเครือข่ายราชการ" in [str(c) for c in r])
    assert 6 in government and 66.7 in government  # 6 of 9 change agents


def test_contacts_show_ids_only_when_confirmed(filled, tmp_path):
    db_path, _ = filled
    pdf = tmp_path / "contacts.pdf"
    assert main(["report", "members-contacts", "--db", str(db_path), "--out", str(pdf)]) == 0
    text = pdf_text(pdf)
    # No ID column unless confirmed: not even the masked tail of the number is printed.
    assert to_thai_digits(ID1[9:]) not in text.replace("-", "") and "เลขประจำตัวประชาชน" not in text
    assert "๐๘๑-๐๐๐-๐๐๐๐" in text
    shown = tmp_path / "contacts_ids.xlsx"
    assert main(["report", "members-contacts", "--db", str(db_path), "--out", str(shown),
                 "--param", "show_ids=yes"]) == 0
    cells = [str(c) for row in load_workbook(shown).active.iter_rows(values_only=True) for c in row if c]
    assert any(c.replace("-", "") in (ID1, to_thai_digits(ID1)) for c in cells)
    db = open_database(db_path)
    audited = [json.loads(r[0]) for r in db.execute(
        "SELECT details FROM audit_log WHERE action = 'export_personal' ORDER BY seq")]
    db.close()
    # Each contact list is a full export of contacts; the second also disclosed the IDs.
    assert [("contacts" in d, "national_ids" in d) for d in audited] == [(True, False), (True, False), (False, True)]


def test_namecards_eight_per_page_with_member_id_qr(filled, tmp_path):
    db_path, ids = filled
    pdf = tmp_path / "cards.pdf"
    assert main(["report", "members-namecards", "--db", str(db_path), "--out", str(pdf)]) == 0
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2  # 10 cards: 8 + 2
    first = reader.pages[0].extract_text()
    assert sum(member_id in first for member_id in ids) == 8
    assert ID1 not in pdf_text(pdf) and to_thai_digits(ID1) not in pdf_text(pdf)
    assert main(["report", "members-namecards", "--db", str(db_path), "--out", str(tmp_path / "c.xlsx")]) == 2
