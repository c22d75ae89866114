"""The reporting calendar on a database: seeded obligations, editing, period states."""

from datetime import date

import pytest

from moi_desktop.errors import UserError
from moi_desktop.reporting import calendar


def test_programme_obligations_are_seeded(db):
    codes = {o.code: o for o in calendar.obligations(db)}
    assert {"disbursement", "progress", "cases"} <= set(codes)
    disbursement = codes["disbursement"]
    assert disbursement.kind == "monthly" and disbursement.due_day == 3
    assert disbursement.reports == [("disbursement-monthly", {"month": "{period}"})]


def test_add_and_edit_an_obligation(db):
    added = calendar.add_obligation(db, code="qreport", title="รายงานรายไตรมาส", kind="quarterly", due_day=15,
                                    reports=[["cases-by-status", {}]])
    assert added.rule_text.startswith("รายไตรมาส")
    with pytest.raises(UserError):
        calendar.add_obligation(db, code="qreport", title="ซ้ำ", kind="monthly", due_day=3)
    with pytest.raises(UserError):
        calendar.add_obligation(db, code="bad", title="ไม่รู้จักรายงาน", due_day=3, reports=[["no-such-report", {}]])
    edited = calendar.edit_obligation(db, "qreport", due_day="๒๐", active=False)
    assert edited.due_day == 20 and not edited.active
    assert "qreport" not in {o.code for o in calendar.obligations(db)}


def test_once_obligation_takes_a_thai_date(db):
    once = calendar.add_obligation(db, code="survey", title="แบบสำรวจ", kind="once", due_on="1/3/2570")
    assert once.due_date == date(2027, 3, 1)


def test_period_states_follow_today_and_the_warning_setting(db):
    o = calendar.get_obligation(db, "disbursement")
    assert calendar.period_status(db, o, "2026-11", date(2026, 11, 27)).state == "not_due"
    assert calendar.period_status(db, o, "2026-11", date(2026, 11, 28)).state_th == "ใกล้ครบกำหนด"
    calendar.set_warn_days(db, 2)
    assert calendar.period_status(db, o, "2026-11", date(2026, 11, 28)).state == "not_due"
    assert calendar.period_status(db, o, "2026-11", date(2026, 12, 4)).state_th == "เลยกำหนด"


def test_calendar_entries_list_due_and_overdue_periods(db):
    entries = calendar.calendar_entries(db, date(2026, 12, 1), days_ahead=7, lookback_days=10)
    names = {(e.obligation.code, e.period) for e in entries}
    assert ("disbursement", "2026-11") in names  # due 3 Dec
    assert ("progress", "2026-11") in names  # due 5 Dec
    assert ("disbursement", "2026-10") not in names  # due 3 Nov: more than 10 days ago


def test_current_period_is_the_last_ended_one(db):
    o = calendar.get_obligation(db, "disbursement")
    assert calendar.current_period(o, date(2027, 1, 2)) == "2026-12"
    assert calendar.submittable_periods(o, date(2027, 1, 2), 3) == ["2026-12", "2026-11", "2026-10"]


def test_roles_decide_who_submits_and_who_edits_the_calendar(accounts_db, tmp_path):
    from moi_desktop.reporting import orders, submission
    from tests.accounts_support import CLERK, TRAINER, VIEWER, login

    login(accounts_db, VIEWER)
    assert calendar.obligations(accounts_db)  # a viewer reads the calendar
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        submission.build_submission(accounts_db, "disbursement", "2026-11", tmp_path, password="รหัสผ่าน-ทดสอบ-2565")
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        calendar.set_warn_days(accounts_db, 3)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        orders.add_order(accounts_db, from_whom="x", order_date="2026-11-01", text="y")
    login(accounts_db, TRAINER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        calendar.calendar_entries(accounts_db, date(2026, 12, 1))
    login(accounts_db, CLERK)
    assert orders.add_order(accounts_db, from_whom="x", order_date="2026-11-01", text="y")
    assert calendar.set_warn_days(accounts_db, 3) == 3
    audit = accounts_db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'orders'").fetchone()[0]
    assert audit == 1  # the write is in the audit trail
