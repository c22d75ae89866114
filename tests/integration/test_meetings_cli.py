"""`meeting …` end to end: create two meetings of a series, invite, scan, substitute, absent with
a reason, agenda with resolutions and an action, minutes PDF, issue (frozen), certify; the next
meeting carries the open action under วาระที่ ๓; overdue actions; bad input exits 2 in Thai."""

import json

from pypdf import PdfReader

from moi_desktop.cli import main
from tests.attendance_support import add_people
from tests.integration.test_documents_memo import normalise


def run(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out.strip()


def run_json(capsys, *argv):
    return json.loads(run(capsys, *argv))


def fails(capsys, *argv) -> str:
    assert main([str(a) for a in argv]) == 2
    return capsys.readouterr().err


def test_a_meeting_from_the_command_line(db, db_path, capsys, tmp_path):
    people = add_people(db, 5)
    db.close()
    d = ["--db", db_path]
    first = run_json(capsys, "meeting", "create", *d, "--title", "ประชุมติดตามโครงการ", "--date", "2026-03-05",
                     "--start", "09:30", "--end", "12:00", "--place", "ห้องประชุมอำเภอ", "--chair", "นายประธาน ใจดี",
                     "--chair-position", "นายอำเภอ", "--json")
    assert (first["number"], first["title"]) == (1, "ประชุมติดตามโครงการ ครั้งที่ ๑/๒๕๖๙")
    m = first["id"]
    inv = [run(capsys, "meeting", "attend", m, *d, "--invite-member", p, "--role", "กรรมการ") for p in people[:3]]
    guest = run(capsys, "meeting", "attend", m, *d, "--invite", "นายแขก รับเชิญ", "--position", "ปลัดอำเภอ")
    assert run_json(capsys, "meeting", "attend", m, *d, "--code", people[0])["status"] == "present"
    assert run_json(capsys, "meeting", "attend", m, *d, "--code", people[4])["status"] == "not_registered"
    run(capsys, "meeting", "attend", m, *d, "--substitute", inv[1], "--member", people[4])
    run(capsys, "meeting", "attend", m, *d, "--absent", inv[2], "--reason", "ติดราชการ")
    run(capsys, "meeting", "attend", m, *d, "--present", guest)
    run(capsys, "meeting", "attend", m, *d, "--participant", "นายผู้สังเกต การณ์", "--position", "พัฒนาการอำเภอ")
    listing = run_json(capsys, "meeting", "attend", m, *d)
    assert listing["counts"] == {**listing["counts"], "invited": 4, "present": 3, "absent": 1, "participants": 1}

    item = run(capsys, "meeting", "agenda", m, *d, "--add", 4, "--title", "แผนลงพื้นที่ติดตามครัวเรือน",
               "--body", "ฝ่ายเลขานุการเสนอแผน")
    resolved = run_json(capsys, "meeting", "resolve", item, *d, "--resolution", "เห็นชอบตามที่เสนอ",
                        "--action", "ลงพื้นที่ติดตามครัวเรือนเป้าหมาย", "--owner", "สำนักงานพัฒนาชุมชนอำเภอ",
                        "--due", "2026-03-31", "--json")
    assert fails(capsys, "meeting", "resolve", item, *d, "--action", "งานไร้เจ้าของ").count("ผู้รับผิดชอบ") == 1
    agenda = run_json(capsys, "meeting", "agenda", m, *d)
    assert [a["agenda_no"] for a in agenda] == [1, 2, 3, 4, 5] and agenda[3]["items"][0]["resolution"]

    out = tmp_path / "minutes.pdf"
    run(capsys, "meeting", "minutes", m, *d, "--started", "09:35", "--ended", "11:40", "--recorder",
        "นางสาวจด บันทึก", "--out", out, "--issue")
    text = normalise("".join(page.extract_text() for page in PdfReader(out).pages))
    for part in ("ผู้มาประชุม", "ผู้ไม่มาประชุม", "ติดราชการ", "ผู้เข้าร่วมประชุม", "(แทน)", "เริ่มประชุมเวลา๐๙.๓๕น.",
                 "มติที่ประชุมเห็นชอบตามที่เสนอ", "เลิกประชุมเวลา๑๑.๔๐น.", "ผู้จดรายงานการประชุม"):
        assert normalise(part) in text, part
    assert "แก้ไขไม่ได้" in fails(capsys, "meeting", "agenda", m, *d, "--add", 5, "--body", "เรื่องใหม่")

    second = run_json(capsys, "meeting", "create", *d, "--title", "ประชุมติดตามโครงการ", "--date", "2026-04-09",
                      "--chair", "นายประธาน ใจดี", "--json")
    assert second["number"] == 2
    run(capsys, "meeting", "agenda", second["id"], *d, "--certify")
    three = run_json(capsys, "meeting", "agenda", second["id"], *d)
    assert [a["id"] for a in three[2]["carried_actions"]] == [resolved["action"]]
    assert three[1]["certification"]["resolution"] == "รับรองโดยไม่มีการแก้ไข"
    overdue = run_json(capsys, "meeting", "actions", *d, "--overdue", "2026-04-09")
    assert [a["id"] for a in overdue] == [resolved["action"]] and overdue[0]["days_overdue"] == 9
    run(capsys, "meeting", "actions", *d, "--set", resolved["action"], "--to", "done", "--note", "เสร็จแล้ว")
    assert run_json(capsys, "meeting", "actions", *d, "--status", "open") == []
    assert [x["number"] for x in run_json(capsys, "meeting", "list", *d)] == [2, 1]


def test_bad_meetings_exit_2_with_a_thai_message_and_change_nothing(db, db_path, capsys):
    db.close()
    d = ["--db", db_path]
    assert "ประธาน" in fails(capsys, "meeting", "create", *d, "--title", "ประชุม", "--date", "2026-03-05")
    assert "เวลาเลิกประชุม" in fails(capsys, "meeting", "create", *d, "--title", "ประชุม", "--date", "2026-03-05",
                                     "--chair", "นายก", "--start", "13:00", "--end", "12:00")
    assert run_json(capsys, "meeting", "list", *d) == []
