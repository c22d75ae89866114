"""`households …` end to end: members with masked IDs, location pasted from a map link, income
against the benchmark, the priority list, and a member's PDPA export and erasure."""

import json

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.office import default_office_for_district, save_office
from tests.attendance_support import valid_national_id


def test_household_members_location_income_priority_and_pdpa(db_path, tmp_path, capsys):
    db = open_database(db_path)
    save_office(db, default_office_for_district(db, "5001"))
    db.close()
    path = str(db_path)
    assert main(["cases", "add", "--db", path, "--head", "นายสมชาย ใจดี", "--house-no", "12", "--moo", "3",
                 "--subdistrict", "500101", "--indicator", "2", "--date", "01/08/2565"]) == 0
    capsys.readouterr()
    hid = db_household(db_path)
    nid = valid_national_id("110170012345")
    assert main(["households", "members", "add", hid, "--name", "นางสมศรี ใจดี", "--birth", "01/01/2490",
                 "--relation", "บิดา/มารดา", "--national-id", nid, "--db", path]) == 0
    member_id = capsys.readouterr().out.strip()
    assert main(["households", "members", "add", hid, "--name", "นายสมชาย ใจดี", "--age", "45", "--relation", "head",
                 "--db", path]) == 0
    assert main(["households", "members", "add", hid, "--name", "ผิด", "--national-id", "123", "--db", path]) == 2
    assert "เลขประจำตัวประชาชนต้องมี ๑๓ หลัก" in capsys.readouterr().err
    assert main(["households", "members", "list", hid, "--db", path]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [m["full_name"] for m in listed] == ["นายสมชาย ใจดี", "นางสมศรี ใจดี"]
    assert listed[1]["national_id"].replace("-", "") != nid and listed[1]["id_masked"]

    assert main(["households", "location", hid, "https://www.google.com/maps/@18.7883,98.9853,15z", "--db", path]) == 0
    assert "18.7883, 98.9853" in capsys.readouterr().out
    assert main(["households", "location", hid, "100.5, 13.75", "--db", path]) == 2
    assert "สลับกัน" in capsys.readouterr().err
    assert main(["households", "income", hid, "60000", "--db", path]) == 0
    assert "๓๐,๐๐๐ บาทต่อคนต่อปี (ต่ำกว่าเกณฑ์ ๓๘,๐๐๐ บาท)" in capsys.readouterr().out
    assert main(["households", "priority", "--db", path]) == 0
    priority = json.loads(capsys.readouterr().out)
    assert priority[0]["id"] == hid and priority[0]["tier"] == 2  # elderly member, income below the benchmark
    assert "ผู้สูงอายุ" in priority[0]["reasons"]
    assert main(["households", "benchmark", "25000", "--db", path]) == 0
    capsys.readouterr()
    assert main(["households", "benchmark", "--db", path]) == 0
    assert capsys.readouterr().out.strip() == "25000"

    out = tmp_path / "person.json"
    assert main(["households", "members", "export", member_id, "--out", str(out), "--db", path]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["household_member"]["national_id"].replace("-", "") == nid
    assert main(["households", "members", "erase", member_id, "--db", path]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["households", "members", "erase", member_id, "--yes", "--db", path]) == 0
    capsys.readouterr()
    assert main(["households", "members", "list", hid, "--db", path]) == 0
    assert [m["full_name"] for m in json.loads(capsys.readouterr().out)] == ["นายสมชาย ใจดี"]


def db_household(path) -> str:
    db = open_database(path)
    try:
        return db.execute("SELECT id FROM households").fetchone()[0]
    finally:
        db.close()


def test_priority_and_referral_reports_render(db_path, tmp_path, capsys):
    from pypdf import PdfReader

    from moi_desktop.cases import add_household

    db = open_database(db_path)
    save_office(db, default_office_for_district(db, "5001"))
    add_household(db, {"head_name": "นางทีพี แมป", "house_no": "3", "moo": "1", "subdistrict_code": "500101",
                       "tpmap": True, "income_year": 30000, "members_count": 2})
    add_household(db, {"head_name": "นายจน มาก", "house_no": "4", "moo": "1", "subdistrict_code": "500101",
                       "income_year": 20000, "members_count": 1})
    db.close()
    out = tmp_path / "priority.pdf"
    assert main(["report", "households-priority", "--db", str(db_path), "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages).replace("\u0e4d\u0e32", "\u0e33")
    assert text.index("นางทีพี แมป") < text.index("นายจน มาก")  # TPMAP first
    assert "๑๕,๐๐๐" in text and "เกณฑ์รายได้ ๓๘,๐๐๐ บาทต่อคนต่อปี" in text.replace("\n", "")
    book = tmp_path / "referrals.xlsx"
    assert main(["report", "referrals-waiting", "--db", str(db_path), "--out", str(book)]) == 0
