"""Undo of a delete from the list pages: a case with its photos, a roll call; and the
projects/activities a case can be linked to."""

from datetime import date

import pytest

from moi_desktop.cases import add_case, add_household, count_cases, restore_case
from moi_desktop.cases.store import delete_case, indicator_by_number
from moi_desktop.errors import UserError
from moi_desktop.projects.choices import link_choices, link_label
from moi_desktop.projects.store import add_activity, add_project, delete_project
from moi_desktop.trainings import delete_session, restore_session, sessions
from tests.attendance_support import setup_course

TODAY = date(2022, 8, 30)


def test_a_deleted_case_comes_back(db):
    household = add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": "1", "moo": "1",
                                   "subdistrict_code": "500101"})
    case_id = add_case(db, {"household_id": household, "indicator_id": indicator_by_number(db, 22)["id"],
                            "reported_on": TODAY}, today=TODAY)
    delete_case(db, case_id)
    assert count_cases(db) == 0
    restore_case(db, case_id)
    assert count_cases(db) == 1
    with pytest.raises(UserError, match="ไม่พบเรื่องราวที่ลบไว้"):
        restore_case(db, case_id)


def test_a_deleted_roll_call_comes_back(db):
    training_id, all_sessions, _ = setup_course(db, 1)
    delete_session(db, all_sessions[0]["id"])
    assert len(sessions(db, training_id)) == len(all_sessions) - 1
    restore_session(db, all_sessions[0]["id"])
    assert [s["id"] for s in sessions(db, training_id)] == [s["id"] for s in all_sessions]


def test_link_choices_list_live_projects_and_their_activities(db):
    kept = add_project(db, {"title": "โครงการ ก", "category": 3})
    activity = add_activity(db, kept, {"title": "กิจกรรม ๑"})
    gone = add_project(db, {"title": "โครงการ ข", "category": 3})
    delete_project(db, gone)
    assert link_choices(db) == [(kept, "โครงการ: โครงการ ก"), (activity, "กิจกรรม: กิจกรรม ๑ (โครงการ ก)")]
    assert link_label(db, activity) == "กิจกรรม: กิจกรรม ๑ (โครงการ ก)"
    assert link_label(db, "ข้อความเดิม") == "ข้อความเดิม" and link_label(db, None) == ""
