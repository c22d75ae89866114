"""ข้อสั่งการ: record, follow up, overdue, and they travel to the province."""

from datetime import date

import pytest

from moi_desktop.errors import UserError
from moi_desktop.reporting import orders


def test_order_lifecycle_and_overdue(db):
    first = orders.add_order(db, from_whom="ผู้ว่าราชการจังหวัด", order_date="20/11/2569", text="เร่งรัดการเบิกจ่าย",
                             due="2026-12-15", unit="ฝ่ายแผน", reference="กพ ๐๐๑๘/ว ๑๒")
    orders.add_order(db, from_whom="ปลัดกระทรวงมหาดไทย", order_date="2026-11-01", text="ไม่มีกำหนด")
    assert orders.overdue_orders(db, date(2026, 12, 15)) == []
    late = orders.overdue_orders(db, date(2026, 12, 16))
    assert [o.id for o in late] == [first]
    orders.add_order_action(db, first, what="มอบหมายฝ่ายแผนแล้ว", on="2026-11-21", reference="มท ๐๓๑๘/๑")
    got = orders.get_order(db, first)
    assert got.status == "in_progress" and got.actions == 1 and got.last_action == "มอบหมายฝ่ายแผนแล้ว"
    done = orders.set_order_status(db, first, "done", on="2026-12-20")
    assert done.status_th == "ดำเนินการแล้ว" and done.done_date == date(2026, 12, 20)
    assert orders.overdue_orders(db, date(2027, 1, 1)) == []
    assert [a.what for a in orders.order_actions(db, first)] == ["มอบหมายฝ่ายแผนแล้ว"]


def test_orders_are_checked(db):
    with pytest.raises(UserError):
        orders.add_order(db, from_whom="x", order_date="2026-11-20", text="  ")
    with pytest.raises(UserError):
        orders.add_order(db, from_whom="x", order_date="2026-11-20", text="y", due="2026-11-01")
    oid = orders.add_order(db, from_whom="x", order_date="2026-11-20", text="y")
    with pytest.raises(UserError):
        orders.set_order_status(db, oid, "finished")


def test_orders_travel_to_the_province(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.exchange import export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    district = make_office_db("d", "district", "6205")
    prov = make_office_db("p", "province", "62")
    oid = orders.add_order(district, from_whom="ผู้ว่าราชการจังหวัด", order_date="2026-11-20", text="ติดตามผล",
                           due="2026-12-01")
    orders.add_order_action(district, oid, what="ลงพื้นที่แล้ว", on="2026-11-25")
    result = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    import_bundle(prov, result.path, PASSWORD)
    at_province = orders.overdue_orders(prov, date(2026, 12, 2))
    assert [o.text for o in at_province] == ["ติดตามผล"] and at_province[0].actions == 1
