"""PDPA breach register: every personal-data breach, with its 72-hour notification deadline.

PDPA s.37(4): the controller notifies the PDPC office within 72 hours of becoming aware of a
breach, unless it is unlikely to risk people's rights (status "not_required", with a reason in
actions_taken). Times are stored UTC and shown in Bangkok time.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK, iso, now_utc, parse_iso
from moi_desktop.db.rows import insert_row, update_row
from moi_desktop.errors import UserError

NOTIFY_WITHIN = timedelta(hours=72)
STATUSES: dict[str, str] = {
    "open": "รอดำเนินการ",
    "reported": "แจ้งสำนักงานคณะกรรมการฯ แล้ว",
    "not_required": "ไม่ต้องแจ้ง (ความเสี่ยงต่ำ)",
    "closed": "ปิดเรื่องแล้ว",
}
_COLUMNS = (
    "id, discovered_at, description, data_affected, people_affected, actions_taken, "
    "reported_to_office_at, status, reported_by"
)


@dataclass(frozen=True)
class Breach:
    id: str
    discovered_at: str
    description: str
    data_affected: str
    people_affected: int
    actions_taken: str
    reported_to_office_at: str | None
    status: str
    reported_by: str | None

    @property
    def deadline(self) -> datetime:
        return parse_iso(self.discovered_at) + NOTIFY_WITHIN

    @property
    def status_th(self) -> str:
        return STATUSES.get(self.status, self.status)

    def hours_left(self, now: datetime | None = None) -> float:
        return ((self.deadline - (now or now_utc())).total_seconds()) / 3600

    def deadline_text(self, now: datetime | None = None) -> str:
        """What the register shows beside each breach about the 72-hour notification."""
        if self.reported_to_office_at:
            late = parse_iso(self.reported_to_office_at) > self.deadline
            return "แจ้งแล้ว (หลังกำหนด)" if late else "แจ้งแล้วภายในกำหนด"
        if self.status in ("not_required", "closed"):
            return "ไม่ต้องแจ้ง"
        left = self.hours_left(now)
        if left <= 0:
            overdue = -left
            return f"เกินกำหนด {int(overdue)} ชั่วโมง" if overdue < 48 else f"เกินกำหนด {int(overdue // 24)} วัน"
        return f"เหลือเวลาอีก {int(left)} ชั่วโมง"


def _row(row: Sequence[Any]) -> Breach:
    return Breach(row[0], row[1], row[2], row[3] or "", row[4] or 0, row[5] or "", row[6], row[7], row[8])


def parse_when(value: datetime | str | None, *, field: str) -> datetime:
    """An aware datetime from a datetime or ISO text; naive values are Bangkok wall-clock time."""
    if value is None or value == "":
        return now_utc()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise UserError(
                f"รูปแบบวันเวลาไม่ถูกต้อง: {value} (ใช้ ปปปป-ดด-วว ชช:นน เป็นปี ค.ศ. เช่น 2025-08-30 14:30)",
                field=field,
            ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=BANGKOK)
    return value.astimezone(UTC)


def _check_not_future(when: datetime, field: str) -> None:
    if when > now_utc() + timedelta(minutes=5):
        raise UserError("วันเวลาต้องไม่อยู่ในอนาคต", field=field)


def add_breach(
    db: Database,
    *,
    description: str,
    discovered_at: datetime | str | None = None,
    data_affected: str = "",
    people_affected: int = 0,
    actions_taken: str = "",
    reported_by: str | None = None,
) -> Breach:
    description = " ".join((description or "").split())
    if not description:
        raise UserError("กรุณาบรรยายเหตุการณ์ที่เกิดขึ้น", field="description")
    if people_affected is None or int(people_affected) < 0:
        raise UserError("จำนวนผู้ได้รับผลกระทบต้องไม่ติดลบ", field="people_affected")
    when = parse_when(discovered_at, field="discovered_at")
    _check_not_future(when, "discovered_at")
    breach_id = insert_row(
        db,
        "breach_log",
        {
            "discovered_at": iso(when),
            "description": description,
            "data_affected": (data_affected or "").strip(),
            "people_affected": int(people_affected),
            "actions_taken": (actions_taken or "").strip(),
            "reported_to_office_at": None,
            "status": "open",
            "reported_by": reported_by,
        },
    )
    return get_breach(db, breach_id)


def get_breach(db: Database, breach_id: str) -> Breach:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM breach_log WHERE id = ? AND deleted_at IS NULL", [breach_id]  # noqa: S608 - constant columns
    ).fetchone()
    if row is None:
        raise UserError(f"ไม่พบรายการเหตุการณ์ {breach_id}")
    return _row(row)


def list_breaches(db: Database, *, include_closed: bool = True) -> list[Breach]:
    """Newest discovery first; open ones only when include_closed is False."""
    where = "deleted_at IS NULL" + ("" if include_closed else " AND status = 'open'")
    # Columns and condition are constants of this module.
    rows = db.execute(f"SELECT {_COLUMNS} FROM breach_log WHERE {where} ORDER BY discovered_at DESC").fetchall()  # noqa: S608
    return [_row(r) for r in rows]


def mark_reported(db: Database, breach_id: str, reported_at: datetime | str | None = None) -> Breach:
    """Record when the breach was reported to the PDPC office."""
    breach = get_breach(db, breach_id)
    when = parse_when(reported_at, field="reported_to_office_at")
    _check_not_future(when, "reported_to_office_at")
    if when < parse_iso(breach.discovered_at):
        raise UserError("วันที่แจ้งต้องไม่ก่อนวันที่พบเหตุการณ์", field="reported_to_office_at")
    update_row(db, "breach_log", breach_id, {"reported_to_office_at": iso(when), "status": "reported"})
    return get_breach(db, breach_id)


def set_status(db: Database, breach_id: str, status: str, actions_taken: str | None = None) -> Breach:
    if status not in STATUSES:
        raise UserError(f"สถานะไม่ถูกต้อง: {status} (ใช้ได้: {', '.join(STATUSES)})", field="status")
    get_breach(db, breach_id)
    changes: dict[str, str] = {"status": status}
    if actions_taken is not None:
        changes["actions_taken"] = actions_taken.strip()
    if status == "not_required" and not (changes.get("actions_taken") or get_breach(db, breach_id).actions_taken):
        raise UserError("กรณีไม่ต้องแจ้ง กรุณาบันทึกเหตุผลประกอบ", field="actions_taken")
    update_row(db, "breach_log", breach_id, changes)
    return get_breach(db, breach_id)
