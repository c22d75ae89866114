"""The home page's day: sessions today, periods due, overdue orders and cases, bundles waiting."""

from datetime import date

from moi_desktop.db.rows import insert_row
from moi_desktop.reporting import orders
from moi_desktop.reporting.today import day_summary

TODAY = date(2026, 12, 1)


def test_day_summary_lists_what_is_due(db):
    training = insert_row(db, "trainings", {"name": "หลักสูตรนักขับเคลื่อน", "kind": "dcast", "start_date": "2026-12-01",
                                            "end_date": "2026-12-02", "threshold_pct": 80.0, "excused_counts": 0,
                                            "close_marks_absent": 0, "venue": "หอประชุมอำเภอ"})
    insert_row(db, "training_sessions", {"training_id": training, "day": "2026-12-01", "slot": "morning",
                                         "label": "ภาคเช้า", "starts_at": "08:30"})
    insert_row(db, "training_sessions", {"training_id": training, "day": "2026-12-02", "slot": "morning",
                                         "label": "ภาคเช้า", "starts_at": "08:30"})
    orders.add_order(db, from_whom="ผู้ว่าราชการจังหวัด", order_date="2026-11-01", text="ติดตาม", due="2026-11-20")
    day = day_summary(db, TODAY)
    assert [(s.training, s.label, s.venue) for s in day.sessions] == [("หลักสูตรนักขับเคลื่อน", "ภาคเช้า", "หอประชุมอำเภอ")]
    assert ("disbursement", "2026-11") in {(p.obligation.code, p.period) for p in day.due}
    assert [o.text for o in day.overdue_orders] == ["ติดตาม"]
    assert day.awaiting_receipt == 0 and day.boards == []
    assert day.meetings_available and day.meetings == []


def test_todays_meetings_and_overdue_meeting_actions(db):
    from moi_desktop.meetings import add_action, create_meeting

    today_id = create_meeting(db, {"title": "ประชุมติดตามโครงการ", "series": "ติดตามโครงการ", "date": "2026-12-01",
                                   "chair_name": "นายอำเภอ", "start_time": "09:30"})
    create_meeting(db, {"title": "ประชุมอื่น", "series": "อื่น", "date": "2026-12-02", "chair_name": "นายอำเภอ"})
    add_action(db, today_id, {"what": "สรุปผลส่งจังหวัด", "due_date": "2026-11-30", "owner_name": "ฝ่ายปกครอง"})
    day = day_summary(db, TODAY)
    assert len(day.meetings) == 1 and day.meetings[0].startswith("ประชุมติดตามโครงการ ครั้งที่")
    assert "เวลา ๐๙.๓๐ น." in day.meetings[0]
    assert [a["what"] for a in day.overdue_meeting_actions] == ["สรุปผลส่งจังหวัด"]


def test_a_province_sees_its_board_summary(make_office_db):
    prov = make_office_db("p", "province", "62")
    day = day_summary(prov, TODAY)
    assert {b.obligation for b in day.boards} >= {"รายงานผลการเบิกจ่ายงบประมาณประจำเดือน"}
    disb = next(b for b in day.boards if b.obligation.startswith("รายงานผลการเบิกจ่าย"))
    assert (disb.period, disb.sent, disb.missing) == ("2026-11", 0, 11)


def test_a_province_lists_no_reports_of_its_own_due(make_office_db):
    prov = make_office_db("p2", "province", "62")
    assert day_summary(prov, TODAY).due == []
