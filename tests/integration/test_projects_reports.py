"""Project reports end to end through the CLI: numbers in the PDF and the workbook match the data."""

import json
import random

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.thai import to_arabic_digits
from tests.data.projects.make_workbook import make_projects_workbook


def _text(path) -> str:
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return to_arabic_digits(raw.replace("\u0e4d\u0e32", "\u0e33"))


def _cells(path) -> list[list]:
    ws = load_workbook(path)["ข้อมูล"]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory):
    """Seed 004's scale: 76 projects, 343 activities; plus the demo district's own projects."""
    from moi_desktop.db import open_database
    from moi_desktop.demo.projects import generate_scale

    path = tmp_path_factory.mktemp("scale") / "scale.sqlite3"
    db = open_database(path)
    generate_scale(db, random.Random(4))
    db.close()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_projects_by_category(scale_db, tmp_path, fmt, capsys):
    out = tmp_path / f"cat.{fmt}"
    assert main(["report", "projects-by-category", "--db", str(scale_db), "--out", str(out)]) == 0
    if fmt == "pdf":
        text = _text(out)
        # seed 004's wording, with percentages that add up to 100
        for phrase in ("27 อำเภอ (ร้อยละ 35)", "24 อำเภอ (ร้อยละ 32)", "16 อำเภอ (ร้อยละ 21)",
                       "5 อำเภอ (ร้อยละ 7)", "4 อำเภอ (ร้อยละ 5)", "76 โครงการ 343 กิจกรรม"):
            assert phrase in " ".join(text.split()), phrase
    else:
        rows = _cells(out)
        header, data = rows[0], rows[1:6]
        assert [r[header.index("อำเภอ")] for r in data] == [27, 24, 16, 5, 4]
        assert [r[header.index("ร้อยละ")] for r in data] == [35, 32, 21, 7, 5]
        assert sum(r[header.index("กิจกรรม")] for r in data) == 343


def test_projects_by_agency(scale_db, tmp_path):
    from moi_desktop.db import open_database

    out = tmp_path / "agency.xlsx"
    assert main(["report", "projects-by-agency", "--db", str(scale_db), "--out", str(out)]) == 0
    rows = {r[1]: r for r in _cells(out)[1:]}
    assert rows["กรมการปกครอง"][2] == 43 and rows["สำนักงานเกษตรและสหกรณ์จังหวัด"][2] == 36
    db = open_database(scale_db)
    expected = db.execute(
        "SELECT COUNT(*) FROM activities a JOIN project_agencies l ON l.project_id = a.project_id "
        "JOIN agencies g ON g.id = l.agency_id WHERE g.name_th = 'กรมการปกครอง' AND l.deleted_at IS NULL "
        "UNION ALL SELECT 0").fetchone()[0]
    own = db.execute(
        "SELECT COUNT(*) FROM activities a JOIN agencies g ON g.id = a.agency_id WHERE g.name_th = 'กรมการปกครอง' "
        "AND a.project_id NOT IN (SELECT project_id FROM project_agencies WHERE agency_id = g.id)").fetchone()[0]
    db.close()
    assert rows["กรมการปกครอง"][3] == expected + own
    pdf = tmp_path / "agency.pdf"
    assert main(["report", "projects-by-agency", "--db", str(scale_db), "--out", str(pdf)]) == 0
    assert "ส่วนราชการในระดับพื้นที่จังหวัด" in "".join(_text(pdf).split())


@pytest.mark.slow
def test_disbursement_brief_and_activity_report(tmp_path, capsys, _isolated_data_dir):
    from moi_desktop.db import open_database
    from moi_desktop.projects import list_activities, list_projects, months_with_spending

    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    db = open_database(path)
    project = list_projects(db)[0]
    activity = next(a for a in list_activities(db, project["id"]) if a["photos_count"] == 2)
    month = months_with_spending(db)[-1]
    expected = db.execute("SELECT SUM(amount) FROM disbursements WHERE substr(paid_on, 1, 7) = ? "
                          "AND deleted_at IS NULL", [month]).fetchone()[0]
    db.close()

    out = tmp_path / "month.xlsx"
    assert main(["report", "disbursement-monthly", "--db", str(path), "--out", str(out),
                 "--param", f"month={month}"]) == 0
    rows = _cells(out)
    col = rows[0].index("เบิกจ่ายเดือนนี้ (บาท)")
    assert sum(r[col] or 0 for r in rows[1:]) == pytest.approx(expected)

    brief = tmp_path / "brief.pdf"
    assert main(["report", "project-brief", "--db", str(path), "--out", str(brief),
                 "--param", f"project={project['id']}"]) == 0
    reader = PdfReader(brief)
    assert len(reader.pages) == 1  # one page
    text = "".join(_text(brief).split())
    for needle in ("ต้นทาง", "กลางทาง", "ปลายทาง", "เป้าหมายที่", "มูลค่าโครงการ", "ครัวเรือน"):
        assert needle in text

    report = tmp_path / "activity.pdf"
    assert main(["report", "activity-5w1h", "--db", str(path), "--out", str(report),
                 "--param", f"activity={activity['id']}"]) == 0
    images = sum(len(page.images) for page in PdfReader(report).pages)
    assert images == 2  # the before and after pictures
    text = "".join(_text(report).split())
    for label in ("ใคร", "ทำอะไร", "ที่ไหน", "เมื่อไร", "ทำไม", "อย่างไร", "ก่อนดำเนินการ", "หลังดำเนินการ"):
        assert label in text
    for key in ("project-brief", "activity-5w1h"):
        xlsx = tmp_path / f"{key}.xlsx"
        assert main(["report", key, "--db", str(path), "--out", str(xlsx)]) == 0
        assert len(_cells(xlsx)) > 5


def test_import_projects_workbook(tmp_path, capsys):
    from moi_desktop.db import open_database

    db_path = tmp_path / "x.sqlite3"
    assert main(["init", "--db", str(db_path), "--district", "9307"]) == 0
    book = make_projects_workbook(tmp_path / "projects.xlsx")
    capsys.readouterr()
    assert main(["import", "projects", str(book), "--db", str(db_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["valid"], report["imported"]) == (5, 4, 3)
    assert [d["row"] for d in report["duplicates"]] == [7]
    assert [e["row"] for e in report["errors"]] == [8]
    db = open_database(db_path)
    rows = {r[0]: r[1:] for r in db.execute(
        "SELECT p.title, p.category, COUNT(a.id), (SELECT SUM(amount) FROM disbursements d WHERE d.project_id = p.id) "
        "FROM projects p LEFT JOIN activities a ON a.project_id = p.id GROUP BY p.id")}
    db.close()
    assert rows == {"โครงการธนาคารน้ำใต้ดิน": (3, 2, 16500.5), "โครงการตลาดชุมชน": (4, 1, None)}
    # importing again adds nothing: every activity is already there
    assert main(["import", "projects", str(book), "--db", str(db_path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["imported"] == 0 and len(again["duplicates"]) == 4


def test_info_and_projects_commands(tmp_path, capsys):
    db_path = tmp_path / "x.sqlite3"
    assert main(["init", "--db", str(db_path), "--district", "9307"]) == 0
    assert main(["projects", "generate", "--db", str(db_path), "--projects", "5", "--activities", "20"]) == 0
    capsys.readouterr()
    assert main(["info", "--db", str(db_path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["projects"]["count"] == 5 and info["projects"]["activities"] == 20
    assert main(["projects", "show", info["projects"]["items"][0]["id"], "--db", str(db_path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown["activities"]) == info["projects"]["items"][0]["activities"]
