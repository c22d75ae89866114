"""`cases …` commands, `import cases|households`, masking of sensitive cases in exports."""

import json

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.office import default_office_for_district, save_office

SUB = "500101"


@pytest.fixture
def office_db(db_path):
    db = open_database(db_path)
    save_office(db, default_office_for_district(db, "5001"))
    db.close()
    return db_path


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def _add(path, capsys, *extra) -> str:
    assert main(["cases", "add", "--db", str(path), "--head", "นายสมชาย ใจดี", "--house-no", "12", "--moo", "3",
                 "--subdistrict", SUB, "--indicator", "2", "--date", "01/08/2565", *extra]) == 0
    return capsys.readouterr().out.strip()


def test_add_status_log_and_refused_transition(office_db, capsys):
    case_id = _add(office_db, capsys, "--description", "หลังคารั่ว")
    assert main(["cases", "status", case_id, "กำลังดำเนินการ", "--db", str(office_db), "--date", "05/08/2565",
                 "--note", "ลงพื้นที่", "--by", "ปลัดอำเภอ"]) == 0
    assert "กำลังดำเนินการ" in capsys.readouterr().out
    assert main(["cases", "status", case_id, "received", "--db", str(office_db)]) == 2
    assert "เปลี่ยนสถานะจาก “กำลังดำเนินการ” เป็น “รับเรื่อง” ไม่ได้" in capsys.readouterr().err
    assert main(["cases", "action", case_id, "มอบวัสดุ", "--db", str(office_db), "--date", "06/08/2565"]) == 0
    capsys.readouterr()
    assert main(["cases", "log", case_id, "--db", str(office_db)]) == 0
    log = _json(capsys)
    assert [(e["date"], e["what"], e["status_to"]) for e in log] == [
        ("2022-08-01", "รับเรื่อง (การสำรวจ)", "received"), ("2022-08-05", "ลงพื้นที่", "in_progress"),
        ("2022-08-06", "มอบวัสดุ", None)]
    assert main(["cases", "list", "--db", str(office_db), "--status", "open"]) == 0
    rows = _json(capsys)
    assert [(r["id"], r["description"], r["masked"]) for r in rows] == [(case_id, "หลังคารั่ว", False)]


def test_sensitive_cases_are_masked_unless_confirmed_and_disclosure_is_audited(office_db, capsys):
    case_id = _add(office_db, capsys, "--description", "ต้องการผ้าอ้อมผู้ใหญ่", "--indicator", "22")
    assert main(["cases", "list", "--db", str(office_db)]) == 0
    row = _json(capsys)[0]
    assert (row["id"], row["sensitive"], row["masked"]) == (case_id, 1, True)
    assert row["head_name"] == "นายสมชาย ใ***" and "ผ้าอ้อม" not in json.dumps(row, ensure_ascii=False)
    assert main(["cases", "list", "--db", str(office_db), "--show-sensitive"]) == 0
    assert _json(capsys)[0]["description"] == "ต้องการผ้าอ้อมผู้ใหญ่"
    db = open_database(office_db)
    entries = db.execute("SELECT action, table_name, details FROM audit_log "
                         "WHERE table_name = 'cases' AND action LIKE 'export%'").fetchall()
    household = db.execute("SELECT household_id FROM cases").fetchone()[0]
    db.close()
    assert [(a, t) for a, t, _ in entries] == [("export_personal", "cases")]
    assert "ผ้าอ้อม" not in entries[0][2]

    masked_pdf, shown_pdf = office_db.parent / "card.pdf", office_db.parent / "card-full.pdf"
    assert main(["report", "household-card", "--db", str(office_db), "--out", str(masked_pdf),
                 "--param", f"household={household}"]) == 0
    text = "".join(p.extract_text() for p in PdfReader(masked_pdf).pages)
    assert "ติดเตียง" in text  # the indicator text stays; the person and the details do not
    assert "ผ้าอ้อม" not in text and "สมชาย ใจดี" not in text and "ปกปิด" in text
    assert main(["report", "household-card", "--db", str(office_db), "--out", str(shown_pdf),
                 "--param", f"household={household}", "--param", "show_sensitive=yes"]) == 0
    shown = "".join(p.extract_text() for p in PdfReader(shown_pdf).pages)
    assert "สมชาย ใจดี" in shown and "ผ้าอ้อม" in shown


def test_overdue_days_setting(office_db, capsys):
    assert main(["cases", "overdue-days", "--db", str(office_db)]) == 0
    assert capsys.readouterr().out.strip() == "30"
    assert main(["cases", "overdue-days", "45", "--db", str(office_db)]) == 0
    capsys.readouterr()
    assert main(["cases", "overdue-days", "--db", str(office_db)]) == 0
    assert capsys.readouterr().out.strip() == "45"
    assert main(["cases", "overdue-days", "ศูนย์", "--db", str(office_db)]) == 2


def _workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["แบบบันทึกเรื่องราวครัวเรือน อำเภอเมืองเชียงใหม่"])
    ws.append([])
    ws.append(["ลำดับ", "ชื่อ-สกุลหัวหน้าครัวเรือน", "บ้านเลขที่", "หมู่ที่", "ตำบล", "เบอร์โทร", "TPMAP",
               "ปัญหาที่", "ประเภท", "รายละเอียด", "วันที่รับเรื่อง", "ช่องทาง", "มิติ", "สถานะ"])
    for row in rows:
        ws.append(row)
    ws.append(["รวม", None, None, None, None, None, None, None, None, None, None, None, None, None])
    wb.save(path)
    return path


ROWS = [
    [1, "นายสมชาย ใจดี", "12/3", "๕", "ศรีภูมิ", "0812345678", "✓", 2, "บ้าน/ที่อยู่อาศัย", "หลังคารั่ว",
     "01/08/2565", "ศูนย์ดำรงธรรม", "มิติฝรั่ง", "รับเรื่อง"],
    [2, "นายสมชาย ใจดี", "12/3", "5", "ต.ศรีภูมิ", "081-234-5678", "✓", "๑๕", None, None,
     "2022-08-02", "สำรวจ", "มิติยาไทย", "กำลังดำเนินการ"],
    [3, "นางมาลี มีสุข", "7", "2", "พระสิงห์", "123", None, 23, "การศึกษา", "ผู้พิการ", "03/08/2565", None,
     "ทั้งสองมิติ", "ช่วยเหลือแล้ว"],
    [4, "นายไม่มี ข้อ", "9", "2", "พระสิงห์", None, None, 99, None, None, "03/08/2565", None, None, None],
    [5, "นายผิด สถานะ", "10", "2", "พระสิงห์", None, None, 1, None, None, "03/08/2565", None, None, "เสร็จ"],
]


def test_import_cases_workbook_dry_run_then_apply_then_duplicates(office_db, tmp_path, capsys):
    book = _workbook(tmp_path / "cases.xlsx", ROWS)
    assert main(["import", "cases", str(book), "--db", str(office_db), "--dry-run", "--json"]) == 0
    report = _json(capsys)
    assert (report["rows"], report["valid"], report["imported"]) == (5, 3, 0)
    assert {(e["row"], e["field"]) for e in report["errors"]} == {(7, "indicator"), (8, "status")}
    warnings = {(w["row"], w["field"]) for w in report["warnings"]}
    assert (6, "phone") in warnings and (6, "category") in warnings and (9, None) in warnings
    db = open_database(office_db)
    assert db["cases"].count == 0
    db.close()

    assert main(["import", "cases", str(book), "--db", str(office_db), "--json"]) == 0
    assert _json(capsys)["imported"] == 3
    db = open_database(office_db)
    households = list(db.query("SELECT * FROM households ORDER BY house_no"))
    cases = list(db.query("SELECT c.*, i.number FROM cases c JOIN indicators i ON i.id = c.indicator_id "
                          "ORDER BY number"))
    n_actions = db["case_actions"].count
    db.close()
    assert [(h["house_no"], h["moo"], h["subdistrict_code"], h["tpmap"], h["phone"]) for h in households] == [
        ("12/3", "5", SUB, 1, "0812345678"), ("7", "2", "500102", 0, None)]
    assert [(c["number"], c["status"], c["source"], c["dimension"], c["sensitive"]) for c in cases] == [
        (2, "received", "damrongtham", "farang", 0), (15, "in_progress", "survey", "ya_thai", 0),
        (23, "helped", "survey", "both", 1)]
    assert n_actions == 5  # three receipts + two recorded statuses

    assert main(["import", "cases", str(book), "--db", str(office_db), "--json"]) == 0
    again = _json(capsys)
    assert again["imported"] == 0 and len(again["duplicates"]) == 3


def test_import_households_and_template(office_db, tmp_path, capsys):
    template = tmp_path / "template.xlsx"
    assert main(["cases", "template", "--out", str(template)]) == 0
    capsys.readouterr()
    headers = [c.value for c in load_workbook(template).active[3]]
    assert {"หัวหน้าครัวเรือน", "ปัญหาที่", "วันที่รับเรื่อง", "สถานะ", "มิติการช่วยเหลือ"} <= set(headers)
    book = _workbook(tmp_path / "h.xlsx", [r for r in ROWS[:3]])
    assert main(["import", "households", str(book), "--db", str(office_db), "--json"]) == 0
    report = _json(capsys)
    assert (report["imported"], [d["row"] for d in report["duplicates"]]) == (2, [5])
