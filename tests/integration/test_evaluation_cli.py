"""`evaluation …` end to end: seed rubrics, a round scored from the command line, the ranking as
JSON, and the score sheet / ranked result as PDF (text checked) and XLSX."""

import json

from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.office import default_office_for_district, save_office
from tests.evaluation_support import MEMBERS, SCORES


def _out(capsys) -> str:
    return capsys.readouterr().out.strip()


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\u0e4d\u0e32", "\u0e33")


def test_a_round_scored_from_the_command_line(db_path, tmp_path, capsys):
    db = open_database(db_path)
    save_office(db, default_office_for_district(db, "5001"))
    db.close()
    path = str(db_path)
    assert main(["evaluation", "rubric", "seed", "--db", path]) == 0
    capsys.readouterr()
    assert main(["evaluation", "round", "new", "--db", path, "--rubric", "group18", "--title",
                 "คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด", "--date", "20/07/2565"]) == 0
    round_id = _out(capsys)
    for name, role in MEMBERS:
        assert main(["evaluation", "member", round_id, name, "--role", role, "--db", path]) == 0
    for code, (group, per_member) in SCORES.items():
        assert main(["evaluation", "candidate", round_id, code, "--group", group, "--db", path]) == 0
        for seat, (c1, c2, c3) in enumerate(per_member, start=1):
            assert main(["evaluation", "score", round_id, "--district", code, "--member", str(seat),
                         f"1={c1}", f"2={c2}", f"3={c3}", "--db", path]) == 0
    capsys.readouterr()
    # A score above the criterion's points is refused in Thai, exit code 2.
    assert main(["evaluation", "score", round_id, "--district", "5001", "--member", "1", "3=11", "--db", path]) == 2
    assert "เกินคะแนนเต็ม ๑๐ คะแนน" in capsys.readouterr().err
    assert main(["evaluation", "draw", round_id, "--district", "5602", "--order", "1", "--db", path]) == 0
    assert main(["evaluation", "draw", round_id, "--district", "5601", "--order", "2", "--db", path]) == 0
    capsys.readouterr()
    assert main(["evaluation", "rank", round_id, "--db", path]) == 0
    ranked = json.loads(capsys.readouterr().out)
    assert [(r["district_code"], r["rank"], r["selected"]) for r in ranked] == [
        ("5002", 1, True), ("5001", 2, False), ("5003", 3, False),
        ("5603", 1, True), ("5602", 2, False), ("5601", 3, False)]

    sheet = tmp_path / "sheet.pdf"
    assert main(["evaluation", "sheet", round_id, "--out", str(sheet), "--db", path]) == 0
    text = _text(sheet)
    assert "ใบสรุปคะแนนการคัดเลือกอำเภอ" in text
    assert "ความสมบูรณ์ของข้อเสนอโครงการเบื้องต้น" in text  # the rubric, as the seed words it
    assert "๘๔.๐๐" in text and "๙๑.๘๓" in text  # averages in Thai digits
    ranking = tmp_path / "ranking.pdf"
    assert main(["evaluation", "sheet", round_id, "--ranking", "--selected-only", "--out", str(ranking),
                 "--db", path]) == 0
    text = _text(ranking)
    assert "กลุ่มจังหวัดภาคเหนือตอนบน ๑" in text and "จอมทอง" in text and "เชียงคำ" in text
    assert "แม่แจ่ม" not in text  # not selected
    book = tmp_path / "sheet.xlsx"
    assert main(["evaluation", "sheet", round_id, "--member", "1", "--out", str(book), "--db", path]) == 0
    values = [c.value for row in load_workbook(book).active.iter_rows() for c in row if c.value is not None]
    assert "แบบให้คะแนนการคัดเลือกอำเภอ" in values
