"""ข้อสั่งการ: orders from the governor, the ministry or a meeting, followed up until done.

    order_id = add_order(db, from_whom="ผู้ว่าราชการจังหวัด", order_date="2026-11-20", text="...",
                         due="2026-12-15", unit="ฝ่ายปกครอง")
    add_order_action(db, order_id, what="รายงานผลแล้ว", on="2026-12-01", reference="มท ๐๓๑๘/๑๒")
    set_order_status(db, order_id, "done")
    overdue_orders(db, today)

Orders and their actions are sync-ready and travel to the province in bundles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.rows import insert_row, update_row, write_lock
from moi_desktop.errors import UserError
from moi_desktop.office import get_office
from moi_desktop.security.session import require
from moi_desktop.thai.dates import parse_thai_date
from moi_desktop.thai.text import clean_text, normalize_text

ORDER_STATUSES = {"open": "รอดำเนินการ", "in_progress": "กำลังดำเนินการ", "done": "ดำเนินการแล้ว",
                  "cancelled": "ยกเลิก"}
OPEN_ORDER_STATUSES = ("open", "in_progress")


@dataclass(frozen=True)
class Order:
    id: str
    from_whom: str
    order_date: date
    reference: str
    text: str
    due_date: date | None
    responsible_unit: str
    status: str
    done_date: date | None
    actions: int = 0
    last_action: str = ""

    @property
    def status_th(self) -> str:
        return ORDER_STATUSES.get(self.status, self.status)

    def overdue(self, today: date) -> bool:
        return self.status in OPEN_ORDER_STATUSES and self.due_date is not None and today > self.due_date


@dataclass(frozen=True)
class OrderAction:
    id: str
    order_id: str
    action_date: date
    what: str
    by_unit: str
    reference: str


def _date(value: Any, field: str, *, required: bool = True) -> str | None:
    if value in (None, ""):
        if required:
            raise UserError("กรุณาระบุวันที่", field=field)
        return None
    return parse_thai_date(value).isoformat()


def _order(row: tuple) -> Order:
    (oid, who, on, ref, text, due, unit, status, done, n, last) = row
    return Order(oid, who or "", date.fromisoformat(on), ref or "", text, date.fromisoformat(due) if due else None,
                 unit or "", status, date.fromisoformat(done) if done else None, n or 0, last or "")


_SELECT = (
    "SELECT o.id, o.from_whom, o.order_date, o.reference, o.text, o.due_date, o.responsible_unit, o.status, "
    "o.done_date, (SELECT count(*) FROM order_actions a WHERE a.order_id = o.id AND a.deleted_at IS NULL), "
    "(SELECT a.what FROM order_actions a WHERE a.order_id = o.id AND a.deleted_at IS NULL "
    " ORDER BY a.action_date DESC, a.created_at DESC LIMIT 1) FROM orders o WHERE o.deleted_at IS NULL"
)


def add_order(db: Database, *, from_whom: str, order_date: date | str, text: str, due: date | str | None = None,
              unit: str = "", reference: str = "") -> str:
    """Record an order; returns its id. Needs orders.manage."""
    require(db, "orders.manage")
    text = normalize_text(text or "", multiline=True)
    if not text:
        raise UserError("กรุณากรอกข้อสั่งการ", field="text")
    on = _date(order_date, "order_date")
    due_iso = _date(due, "due_date", required=False)
    if due_iso and on and due_iso < on:
        raise UserError("วันครบกำหนดต้องไม่ก่อนวันที่สั่งการ", field="due_date")
    office = get_office(db)
    return insert_row(db, "orders", {
        "from_whom": clean_text(from_whom), "order_date": on, "reference": clean_text(reference), "text": text,
        "due_date": due_iso, "responsible_unit": clean_text(unit), "status": "open", "done_date": None,
        "district_code": office.district_code if office else None,
    })


def get_order(db: Database, order_id: str) -> Order:
    row = db.execute(_SELECT + " AND o.id = ?", [order_id]).fetchone()  # noqa: S608 (fixed SQL)
    if row is None:
        raise UserError(f"ไม่พบข้อสั่งการรหัส {order_id}", field="order")
    return _order(row)


def list_orders(db: Database, *, status: str | None = None, overdue_on: date | None = None,
                limit: int = 500) -> list[Order]:
    """Orders, open ones first by due date. `status`: a code, "open" (open + in progress) or None.
    `overdue_on`: only those past their due date on that day and not done."""
    require(db, "reporting.view")
    sql, params = _SELECT, list[Any]()
    if status == "open" or overdue_on is not None:
        sql += " AND o.status IN ('open', 'in_progress')"
    elif status:
        if status not in ORDER_STATUSES:
            raise UserError(f"ไม่รู้จักสถานะ {status}", field="status")
        sql += " AND o.status = ?"
        params.append(status)
    if overdue_on is not None:
        sql += " AND o.due_date IS NOT NULL AND o.due_date < ?"
        params.append(overdue_on.isoformat())
    sql += (" ORDER BY o.status IN ('done', 'cancelled'), o.due_date IS NULL, o.due_date, o.order_date DESC "
            "LIMIT ?")
    params.append(limit)
    return [_order(r) for r in db.execute(sql, params).fetchall()]


def overdue_orders(db: Database, today: date) -> list[Order]:
    return list_orders(db, overdue_on=today)


def set_order_status(db: Database, order_id: str, status: str, *, on: date | str | None = None) -> Order:
    require(db, "orders.manage")
    if status not in ORDER_STATUSES:
        raise UserError(f"ไม่รู้จักสถานะ {status} ({', '.join(ORDER_STATUSES)})", field="status")
    with write_lock(db):
        get_order(db, order_id)
        done = _date(on or date.today(), "done_date") if status == "done" else None
        update_row(db, "orders", order_id, {"status": status, "done_date": done})
    return get_order(db, order_id)


def add_order_action(db: Database, order_id: str, *, what: str, on: date | str | None = None, by_unit: str = "",
                     reference: str = "") -> str:
    """Link a reply or an action to an order; an open order becomes กำลังดำเนินการ."""
    require(db, "orders.manage")
    what = normalize_text(what or "", multiline=True)
    if not what:
        raise UserError("กรุณากรอกการดำเนินการ", field="what")
    with write_lock(db):
        order = get_order(db, order_id)
        action_id = insert_row(db, "order_actions", {
            "order_id": order_id, "action_date": _date(on or date.today(), "action_date"), "what": what,
            "by_unit": clean_text(by_unit), "reference": clean_text(reference),
        })
        if order.status == "open":
            update_row(db, "orders", order_id, {"status": "in_progress"})
    return action_id


def order_actions(db: Database, order_id: str) -> list[OrderAction]:
    require(db, "reporting.view")
    return [OrderAction(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4] or "", r[5] or "") for r in db.execute(
        "SELECT id, order_id, action_date, what, by_unit, reference FROM order_actions "
        "WHERE order_id = ? AND deleted_at IS NULL ORDER BY action_date, created_at", [order_id])]
