"""Headless attendance: mark via the CLI (JSON contract), info lists trainings, reports render."""

import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from moi_desktop.cli import main
from tests.attendance_support import add_people, setup_course, valid_national_id


@pytest.fixture
def course_db(db, db_path):
    training_id, sessions, people = setup_course(db, 12, with_ids=True)
    db.close()
    return db_path, training_id, sessions, people


def run_json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_mark_statuses_as_json(course_db, capsys):
    path, _, sessions, people = course_db
    s = sessions[-1]["id"]  # in 2022: every scan now is another day's, so backdated
    assert main(["attendance", "mark", "--db", str(path), "--session", s, "--code", people[0]]) == 2
    assert "บันทึกย้อนหลัง" in capsys.readouterr().err  # refused without --backdated, nothing written
    back = ("--backdated", "--json")
    first = run_json(capsys, "attendance", "mark", "--db", str(path), "--session", s, "--code", people[0], *back)
    assert first["status"] == "present" and first["backdated"] and first["member"]["id"] == people[0]
    again = run_json(capsys, "attendance", "mark", "--db", str(path), "--session", s, "--code", people[0], *back)
    assert again["status"] == "already" and again["marked_at"] == first["marked_at"]
    nid = valid_national_id("300000000003")
    by_id = run_json(capsys, "attendance", "mark", "--db", str(path), "--session", s, "--code", nid, *back)
    assert by_id["member"]["id"] == people[3] and "national_id" not in by_id["member"]
    stranger = run_json(capsys, "attendance", "mark", "--db", str(path), "--session", s, "--code",
                        "0190f0f0-0000-7000-8000-000000000000", *back)
    assert stranger == {**stranger, "status": "not_registered", "member": None}
    assert main(["attendance", "mark", "--db", str(path), "--session", s, "--code", "1234567890123",
                 "--backdated"]) == 2
    assert "ไม่ถูกต้อง" in capsys.readouterr().err
    paper = run_json(capsys, "attendance", "mark", "--db", str(path), "--session", s, "--code", people[1],
                     "--method", "paper", *back)
    assert paper["status"] == "present"
    counts = run_json(capsys, "attendance", "counts", "--db", str(path), "--session", s)
    assert counts["present"] == 3 and counts["registered"] == 12


def test_info_lists_trainings_and_sessions(course_db, capsys):
    path, training_id, sessions, _ = course_db
    info = run_json(capsys, "info", "--db", str(path), "--json")
    (training,) = info["trainings"]
    assert training["id"] == training_id and [s["id"] for s in training["sessions"]] == [s["id"] for s in sessions]


def test_training_commands_end_to_end(db_path, db, capsys, tmp_path):
    db.close()
    created = run_json(capsys, "training", "create", "--db", str(db_path), "--name", "เวทีทดสอบ", "--start",
                       "2022-08-19", "--end", "2022-08-19", "--province", "95", "--json")
    schedule = run_json(capsys, "training", "schedule", created["id"], "--db", str(db_path), "--json")
    assert len(schedule["created"]) == 3 and len(schedule["warnings"]) == 2  # Friday in ยะลา
    from moi_desktop.db import open_database

    conn = open_database(db_path)
    people = add_people(conn, 3)
    conn.close()
    members = [arg for p in people for arg in ("--member", p)]
    enrol = run_json(capsys, "training", "enrol", created["id"], "--db", str(db_path), *members)
    assert enrol == {"enrolled": 3}
    s = schedule["created"][0]
    assert main(["attendance", "excuse", "--db", str(db_path), "--session", s, "--member", people[0],
                 "--reason", "ลาป่วย"]) == 0
    assert capsys.readouterr().out == "บันทึกการลาแล้ว 1 รายการ\n"
    closed = run_json(capsys, "attendance", "close", "--db", str(db_path), "--session", s, "--json")
    assert closed["absent"] == 2 and closed["excused"] == 1
    result = run_json(capsys, "training", "eligibility", created["id"], "--db", str(db_path))
    assert result["summary"]["enrolled"] == 3 and result["summary"]["cannot_reach"] == 3


def _pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.mark.slow
def test_reports_in_documented_forms(course_db, tmp_path, capsys):
    """`report attendance-summary` once in a fresh interpreter; the rest through cli.main."""
    from moi_desktop.db import open_database
    from moi_desktop.trainings import mark_member
    from tests.attendance_support import bkk

    path, training_id, sessions, people = course_db
    db = open_database(path)
    for s in sessions:
        for p in people[:10]:
            mark_member(db, s["id"], p, now=bkk(s["day"], "08:35"))
    db.close()
    subprocess.run([sys.executable, "-m", "moi_desktop", "report", "attendance-summary", "--db", str(path),
                    "--training", training_id, "--out", str(tmp_path / "summary.pdf")], check=True, capture_output=True)
    text = _pdf_text(tmp_path / "summary.pdf")
    assert "สรุปผลการเข้ารับการอบรม" in text and "ภาคราชการ" in text

    def report(key, out, *extra):
        assert main(["report", key, "--db", str(path), "--training", training_id, "--out", str(out), *extra]) == 0, \
            capsys.readouterr().err

    report("attendance-summary", tmp_path / "summary.xlsx")
    report("certificates", tmp_path / "cert.pdf")
    assert len(PdfReader(tmp_path / "cert.pdf").pages) == 10 and "สำเนา" not in _pdf_text(tmp_path / "cert.pdf")
    report("certificates", tmp_path / "copy.pdf", "--param", f"member={people[0]}")
    copy = _pdf_text(tmp_path / "copy.pdf")
    assert "สำเนา" in copy and len(PdfReader(tmp_path / "copy.pdf").pages) == 1
    report("signin-sheet", tmp_path / "signin.pdf", "--param", f"session={sessions[0]['id']}")
    assert people[5] in _pdf_text(tmp_path / "signin.pdf")  # the QR's code is also hidden text
