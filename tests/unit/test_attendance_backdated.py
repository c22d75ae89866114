"""The desk's other-day guard: another day's roll call needs backdated=True, and a
backdated mark says so on the mark, on its scan-log entry and in the audit trail."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.security.audit import list_entries
from moi_desktop.trainings import mark, mark_member, mark_substitute, walk_in
from moi_desktop.trainings.marking import other_day
from tests.attendance_support import add_people, bkk, setup_course


@pytest.fixture
def course(db):
    training_id, sessions, people = setup_course(db, 4)
    return db, training_id, sessions, people


def test_other_day_says_past_future_or_today():
    assert other_day("2022-08-16", bkk("2022-08-16", "23:59")) is None
    assert other_day("2022-08-16", bkk("2022-08-17", "00:01")) == "past"
    assert other_day("2022-08-17", bkk("2022-08-16", "08:00")) == "future"


def test_marking_another_day_is_refused_without_backdated_and_changes_nothing(course):
    db, _, sessions, people = course
    s = sessions[0]
    next_day = bkk(s["day"], "08:40", minutes=24 * 60)
    for attempt in (lambda: mark(db, s["id"], people[0], now=next_day),
                    lambda: mark_member(db, s["id"], people[0], now=next_day),
                    lambda: mark_member(db, s["id"], people[0], method="paper", now=next_day),
                    lambda: mark_substitute(db, s["id"], add_people(db, 1, prefix="แทน")[0], people[1], now=next_day),
                    lambda: walk_in(db, s["id"], person={"first_name": "หน้างาน", "last_name": "ทดสอบ"}, now=next_day)):
        with pytest.raises(UserError, match="บันทึกย้อนหลัง") as caught:
            attempt()
        assert caught.value.field == "backdated"
        assert "๑๖ สิงหาคม ๒๕๖๕" in caught.value.message
    assert db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM attendance_events").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM enrolments WHERE source = 'walk_in'").fetchone()[0] == 0


def test_a_future_session_is_refused_even_backdated(course):
    db, _, sessions, people = course
    with pytest.raises(UserError, match="ยังไม่ถึง"):
        mark(db, sessions[-1]["id"], people[0], now=bkk(sessions[0]["day"], "08:40"), backdated=True)


def test_a_backdated_mark_is_present_flagged_and_audited(course):
    db, _, sessions, people = course
    s = sessions[0]
    a_week_later = bkk(s["day"], "10:30", minutes=7 * 24 * 60)  # well after late_after
    result = mark(db, s["id"], people[0], now=a_week_later, backdated=True)
    assert result.status == "present" and result.backdated  # the recording time is not the arrival time
    assert "ย้อนหลัง" in result.message_th and result.to_json()["backdated"] is True
    assert db.execute("SELECT status, backdated FROM attendance").fetchone() == ("present", 1)
    assert db.execute("SELECT result, backdated FROM attendance_events").fetchone() == ("present", 1)
    (entry,) = list_entries(db, action="attendance_backdated")
    assert entry.table_name == "attendance" and entry.details["day"] == s["day"]
    assert entry.action_th == "ลงเวลาย้อนหลัง"
    again = mark(db, s["id"], people[0], now=a_week_later, backdated=True)
    assert again.status == "already"


def test_todays_marks_are_not_backdated_even_when_the_flag_is_given(course):
    db, _, sessions, people = course
    s = sessions[0]
    result = mark(db, s["id"], people[0], now=bkk(s["day"], "09:30"), backdated=True)
    assert result.status == "late" and not result.backdated
    assert db.execute("SELECT backdated FROM attendance").fetchone() == (0,)
    assert list_entries(db, action="attendance_backdated") == []


def test_backdated_marks_are_listed_among_the_anomalies(course):
    from moi_desktop.trainings import anomalies, undo_mark

    db, training_id, sessions, people = course
    s = sessions[0]
    mark(db, s["id"], people[0], now=bkk(s["day"], "10:30", minutes=2 * 24 * 60), backdated=True)
    (found,) = anomalies(db, training_id)
    assert (found.kind, found.kind_th, found.member_id) == ("backdated", "บันทึกย้อนหลัง", people[0])
    assert found.detail.startswith("ลงเวลาในรอบของวันที่ ๑๖ สิงหาคม ๒๕๖๕ เมื่อ ๑๘ สิงหาคม ๒๕๖๕")
    undo_mark(db, s["id"], people[0])
    assert anomalies(db, training_id) == []  # an undone mark is no anomaly any more
