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
    assert day.meetings_available is False or isinstance(day.meetings, list)


def test_a_province_sees_its_board_summary(make_office_db):
    prov = make_office_db("p", "province", "62")
    day = day_summary(prov, TODAY)
    assert {b.obligation for b in day.boards} >= {"รายงานผลการเบิกจ่ายงบประมาณประจำเดือน"}
    disb = next(b for b in day.boards if b.obligation.startswith("รายงานผลการเบิกจ่าย"))
    assert (disb.period, disb.sent, disb.missing) == ("2026-11", 0, 11)


def test_a_province_lists_no_reports_of_its_own_due(make_office_db):
    prov = make_office_db("p2", "province", "62")
    assert day_summary(prov, TODAY).due == []
