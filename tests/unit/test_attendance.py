"""Marking: statuses, late threshold, already, not registered, substitutes, walk-ins, undo, close."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.security import User, act_as
from moi_desktop.trainings import (
    ALREADY,
    NOT_REGISTERED,
    anomalies,
    close_session,
    eligibility,
    last_marks,
    mark,
    mark_member,
    mark_substitute,
    reopen_session,
    search_names,
    session_counts,
    set_status,
    undo_mark,
    walk_in,
)
from tests.attendance_support import add_people, bkk, setup_course, valid_national_id


@pytest.fixture
def course(db):
    training_id, sessions, people = setup_course(db, 6, with_ids=True)
    return db, training_id, sessions, people


def test_scan_marks_present_then_already_with_the_first_time(course):
    db, _, sessions, people = course
    s = sessions[0]
    first = mark(db, s["id"], people[0], now=bkk(s["day"], "08:42"))
    assert first.status == "present" and first.member["id"] == people[0]
    again = mark(db, s["id"], people[0], now=bkk(s["day"], "08:50"))
    assert again.status == ALREADY
    assert again.marked_at == first.marked_at and again.message_th == "ลงเวลาแล้วเมื่อ ๐๘:๔๒ น."
    row = db.execute("SELECT status, method, marked_by FROM attendance WHERE member_id = ?", [people[0]]).fetchone()
    assert row == ("present", "scan", "system")


def test_late_after_the_session_threshold(course):
    db, _, sessions, people = course
    s = sessions[0]  # late after 09:00
    assert mark(db, s["id"], people[0], now=bkk(s["day"], "09:00")).status == "present"
    assert mark(db, s["id"], people[1], now=bkk(s["day"], "09:01")).status == "late"
    # keyed back from the paper sheet: never late
    assert mark(db, s["id"], people[2], method="paper", now=bkk(s["day"], "15:00")).status == "present"


def test_national_id_and_unique_name_mark_the_same_person(course):
    db, _, sessions, people = course
    s = sessions[0]
    nid = valid_national_id("300000000002")  # person #2 of add_people(with_ids=True)
    result = mark(db, s["id"], nid, now=bkk(s["day"], "08:40"))
    assert result.member["id"] == people[2] and result.code_kind == "national_id"
    by_name = mark(db, s["id"], "ผู้อบรม00003", method="typed", now=bkk(s["day"], "08:41"))
    assert by_name.member["id"] == people[3] and by_name.status == "present"
    with pytest.raises(UserError, match="พบ 6 คน"):
        # ambiguous: never guess, even among the unmarked
        mark(db, s["id"], "ผู้อบรม", method="typed", now=bkk(s["day"], "08:42"))


def test_not_registered_known_and_unknown_are_logged_but_not_marked(course):
    db, _, sessions, _ = course
    s = sessions[0]
    stranger = add_people(db, 1, prefix="คนนอก")[0]
    known = mark(db, s["id"], stranger, now=bkk(s["day"], "08:40"))
    assert known.status == NOT_REGISTERED and known.member["id"] == stranger
    unknown = mark(db, s["id"], "0190f0f0-0000-7000-8000-000000000000", now=bkk(s["day"], "08:41"))
    assert unknown.status == NOT_REGISTERED and unknown.member is None
    assert unknown.message_th == "ไม่มีชื่อในรายชื่อผู้เข้าอบรม"
    assert db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM attendance_events WHERE result = 'not_registered'").fetchone()[0] == 2


def test_invalid_id_number_changes_nothing(course):
    db, _, sessions, _ = course
    with pytest.raises(UserError):
        mark(db, sessions[0]["id"], "1234567890123", now=bkk(sessions[0]["day"], "08:40"))
    assert db.execute("SELECT count(*) FROM attendance_events").fetchone()[0] == 0


def test_substitute_is_recorded_flagged_and_does_not_count_for_the_registered(course):
    db, training_id, sessions, people = course
    s = sessions[0]
    delegate = add_people(db, 1, prefix="ผู้แทน")[0]
    result = mark_substitute(db, s["id"], delegate, people[0], now=bkk(s["day"], "08:35"))
    assert result.status == "present" and result.substitute_for["id"] == people[0]
    assert "มาแทน" in result.message_th
    row = db.execute("SELECT member_id, substitute_for FROM attendance").fetchone()
    assert row == (delegate, people[0])
    registered = next(e for e in eligibility(db, training_id) if e.member_id == people[0])
    assert registered.attended == 0 and registered.substituted == 1
    assert session_counts(db, s["id"])["substitutes"] == 1
    assert session_counts(db, s["id"])["registered"] == 6  # the delegate is not a registrant
    assert [a.kind for a in anomalies(db, training_id)] == ["substitute"]
    with pytest.raises(UserError):
        mark_substitute(db, s["id"], people[1], people[1], now=bkk(s["day"], "08:36"))


def test_walk_in_enrols_and_marks_in_one_go(course):
    db, training_id, sessions, _ = course
    s = sessions[0]
    result = walk_in(db, s["id"], person={"title": "นาง", "first_name": "มาใหม่", "last_name": "หน้างาน"},
                     now=bkk(s["day"], "08:45"))
    assert result.walk_in and result.status == "present"
    assert session_counts(db, s["id"])["registered"] == 7
    assert "walk_in" in [a.kind for a in anomalies(db, training_id)]


def test_undo_then_mark_again(course):
    db, _, sessions, people = course
    s = sessions[0]
    mark(db, s["id"], people[0], now=bkk(s["day"], "08:40"))
    undo_mark(db, s["id"], people[0])
    assert session_counts(db, s["id"])["present"] == 0
    assert last_marks(db, s["id"]) == []
    assert mark(db, s["id"], people[0], now=bkk(s["day"], "09:20")).status == "late"
    with pytest.raises(UserError):
        undo_mark(db, s["id"], people[1])


def test_close_marks_the_unmarked_absent_and_refuses_scans_until_reopened(course):
    db, _, sessions, people = course
    s = sessions[0]
    mark(db, s["id"], people[0], now=bkk(s["day"], "08:40"))
    set_status(db, [s["id"]], [people[1]], "excused", reason="ไปราชการ")
    counts = close_session(db, s["id"])
    assert counts["marked_absent"] == 4 and counts["absent"] == 4 and counts["excused"] == 1
    with pytest.raises(UserError, match="ปิด"):
        mark(db, s["id"], people[2], now=bkk(s["day"], "12:00"))
    # paper sheets are keyed back after the session: allowed, and they override "absent"
    assert mark(db, s["id"], people[2], method="paper", now=bkk(s["day"], "15:00")).status == "present"
    reopen_session(db, s["id"])
    assert mark(db, s["id"], people[3], now=bkk(s["day"], "10:00")).status == "late"
    assert session_counts(db, s["id"]) | {} == {"registered": 6, "present": 3, "late": 1, "excused": 1, "absent": 2,
                                                "substitutes": 0, "percent": 50.0}


def test_excused_needs_a_reason_and_keeps_present_marks(course):
    db, _, sessions, people = course
    s = sessions[0]
    with pytest.raises(UserError, match="เหตุผล"):
        set_status(db, [s["id"]], people[:2], "excused", reason="  ")
    mark(db, s["id"], people[0], now=bkk(s["day"], "08:40"))
    written = set_status(db, [x["id"] for x in sessions[:3]], people[:2], "excused", reason="ป่วย")
    assert written == 5  # people[0] keeps the present mark of session 0
    assert db.execute("SELECT status FROM attendance WHERE session_id = ? AND member_id = ?",
                      [s["id"], people[0]]).fetchone()[0] == "present"


def test_marks_record_the_acting_user(course):
    db, _, sessions, people = course
    act_as(db, User(id="u1", username="trainer1", display_name="ครูฝึก", role="trainer"))
    mark(db, sessions[0]["id"], people[0], now=bkk(sessions[0]["day"], "08:40"))
    assert db.execute("SELECT marked_by FROM attendance").fetchone()[0] == "trainer1"
    assert db.execute("SELECT by_user FROM attendance_events").fetchone()[0] == "trainer1"


def test_search_names_puts_enrolled_first_with_their_status(course):
    db, _, sessions, people = course
    s = sessions[0]
    add_people(db, 3, prefix="ผู้อบรมนอก")
    mark(db, s["id"], people[0], now=bkk(s["day"], "08:31"))
    found = search_names(db, s["id"], "ผู้อบรม", enrolled_only=False, limit=10)
    assert [r["enrolled"] for r in found[:6]] == [1] * 6 and found[0]["status"] == "present"
    assert any(r["enrolled"] == 0 for r in found)


def test_double_scans_and_fast_marks_show_as_anomalies(course):
    db, training_id, sessions, people = course
    s = sessions[0]
    for i, person in enumerate(people[:4]):
        mark_member(db, s["id"], person, now=bkk(s["day"], "08:30", i * 0.01))  # 0.6 s apart
    mark(db, s["id"], people[0], now=bkk(s["day"], "08:40"))
    kinds = [a.kind for a in anomalies(db, training_id)]
    assert kinds.count("fast_marks") == 3 and kinds.count("double_scan") == 1


def test_unmarked_and_close_with_excuses_in_one_transaction(course):
    from moi_desktop.trainings import close_with_excuses, unmarked

    db, _, sessions, people = course
    sid = sessions[0]["id"]
    mark_member(db, sid, people[0], now=bkk(sessions[0]["day"], "08:31"))
    assert [p["id"] for p in unmarked(db, sid)] == people[1:]
    with pytest.raises(UserError, match="ต้องระบุเหตุผล"):
        close_with_excuses(db, sid, {people[1]: "ป่วย", people[2]: "  "})
    assert session_counts(db, sid)["excused"] == 0  # nothing written
    counts = close_with_excuses(db, sid, {people[1]: "ป่วย", people[2]: "ติดราชการ", people[3]: "ป่วย"})
    assert (counts["marked_excused"], counts["excused"], counts["marked_absent"]) == (3, 3, 2)
    assert unmarked(db, sid) == []
    with pytest.raises(UserError, match="ปิดการลงเวลาไปแล้ว"):  # closed: the excuses roll back too
        close_with_excuses(db, sid, {people[4]: "ลากิจ"})
    assert db.execute("SELECT status FROM attendance WHERE session_id = ? AND member_id = ?",
                      [sid, people[4]]).fetchone()[0] == "absent"
