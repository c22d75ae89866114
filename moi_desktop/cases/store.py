"""Recording cases, their action log and status changes (all writes through the sync-row helpers).

Every status change is also an action-log entry (status_from → status_to), so the log alone tells
a case's whole story: who did what, when, and where it stood afterwards.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from moi_desktop.cases.households import require_household
from moi_desktop.cases.model import (
    DIMENSIONS,
    SENSITIVE_CATEGORY,
    SOURCES,
    dimension_code,
    source_code,
)
from moi_desktop.cases.status import (
    CLOSED_STATUSES,
    RECEIVED,
    STATUSES,
    check_transition,
    status_code,
    status_label,
)
from moi_desktop.db import Database, insert_row, soft_delete, undelete, update_row
from moi_desktop.errors import UserError
from moi_desktop.thai import format_thai_date, normalize_text, parse_thai_date

FIELDS = ("household_id", "indicator_id", "description", "reported_on", "source", "dimension", "agency",
          "partner_sector", "status", "project_ref", "sensitive", "notes")
EDITABLE = tuple(f for f in FIELDS if f != "status")  # status moves only through change_status


def _text(value: object) -> str:
    return normalize_text(str(value)) if value not in (None, "") else ""


def as_date(value: date | str | None, field: str, today: date | None = None) -> date:
    """A date from a date, ISO text or Thai text; not in the future."""
    try:
        d = parse_thai_date(value) if value not in (None, "") else None
    except UserError as exc:
        raise UserError(exc.message, field=field) from None
    if d is None:
        raise UserError("กรุณากรอกวันที่", field=field)
    today = today or date.today()
    if d > today:
        raise UserError(f"วันที่ {format_thai_date(d)} อยู่ในอนาคต", field=field)
    return d


def indicator_row(db: Database, indicator_id: str) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT i.*, c.name_th AS category_name FROM indicators i "
        "JOIN indicator_categories c ON c.id = i.category_id WHERE i.id = ?",
        [indicator_id],
    ))
    return rows[0] if rows else None


def indicator_by_number(db: Database, number: int | str) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT i.*, c.name_th AS category_name FROM indicators i "
        "JOIN indicator_categories c ON c.id = i.category_id WHERE i.number = ? AND i.deleted_at IS NULL",
        [number],
    ))
    return rows[0] if rows else None


def default_sensitive(indicator: Mapping[str, Any]) -> int:
    """Cases under the vulnerable-group indicators (chronic illness, bedridden, disability, elderly)
    describe health and disability: sensitive unless the user says otherwise."""
    return 1 if indicator.get("category_name") == SENSITIVE_CATEGORY else 0


def clean_case(db: Database, data: Mapping[str, Any], *, today: date | None = None, new: bool = True) -> dict[str, Any]:
    """Validated column values for a case (raises the first problem as a Thai UserError)."""
    values: dict[str, Any] = {}
    household_id = data.get("household_id")
    if not household_id:
        raise UserError("กรุณาเลือกครัวเรือน", field="household_id")
    require_household(db, household_id)
    values["household_id"] = household_id

    indicator = indicator_row(db, data["indicator_id"]) if data.get("indicator_id") else None
    if indicator is None or indicator["deleted_at"]:
        raise UserError("กรุณาเลือกตัวชี้วัด (ปัญหา) ของเรื่องราว", field="indicator_id")
    if new and not indicator["active"]:
        raise UserError(f"ตัวชี้วัดข้อ {indicator['number']} ถูกปิดใช้งานแล้ว — เลือกข้ออื่น", field="indicator_id")
    values["indicator_id"] = indicator["id"]

    values["description"] = _text(data.get("description")) or None
    values["reported_on"] = as_date(data.get("reported_on"), "reported_on", today).isoformat()

    source = source_code(_text(data.get("source"))) if data.get("source") else "survey"
    if source not in SOURCES:
        raise UserError(f"ไม่รู้จักแหล่งที่มา “{data.get('source')}”", field="source")
    values["source"] = source
    dimension = dimension_code(_text(data.get("dimension"))) if data.get("dimension") else "farang"
    if dimension not in DIMENSIONS:
        raise UserError(f"ไม่รู้จักมิติการช่วยเหลือ “{data.get('dimension')}”", field="dimension")
    values["dimension"] = dimension

    values["agency"] = _text(data.get("agency")) or None
    sector = data.get("partner_sector") or None
    if sector and not db.execute("SELECT 1 FROM sectors WHERE code = ?", [sector]).fetchone():
        raise UserError(f"ไม่รู้จักภาคี “{sector}”", field="partner_sector")
    values["partner_sector"] = sector
    values["project_ref"] = _text(data.get("project_ref")) or None
    sensitive = data.get("sensitive")
    values["sensitive"] = default_sensitive(indicator) if sensitive is None else (1 if sensitive else 0)
    values["notes"] = _text(data.get("notes")) or None
    return values


def add_case(db: Database, data: Mapping[str, Any], *, today: date | None = None, recorded_by: str = "") -> str:
    """Record a case. `data["status"]` may give a starting status other than รับเรื่อง (a case
    recorded after the fact); the log then holds the receipt and the status it was found in."""
    values = clean_case(db, data, today=today)
    status = status_code(str(data.get("status") or RECEIVED))
    if status is None:
        raise UserError(f"ไม่รู้จักสถานะ “{data.get('status')}”", field="status")
    values["status"] = status
    values["status_on"] = values["reported_on"]
    values["closed_on"] = values["reported_on"] if status in CLOSED_STATUSES else None
    with db.atomic():
        case_id = insert_row(db, "cases", values)
        what = f"รับเรื่อง ({SOURCES[values['source']]})"
        insert_row(db, "case_actions", {
            "case_id": case_id, "action_on": values["reported_on"], "what": what,
            "by_whom": _text(recorded_by) or None, "status_from": None, "status_to": RECEIVED,
        })
        if status != RECEIVED:
            insert_row(db, "case_actions", {
                "case_id": case_id, "action_on": values["reported_on"],
                "what": f"บันทึกสถานะ “{status_label(status)}”", "by_whom": _text(recorded_by) or None,
                "status_from": RECEIVED, "status_to": status,
            })
    return case_id


# A case with its indicator and household, as the list and the case card show it.
CASE_SELECT = """
    SELECT c.*, i.number AS indicator_number, i.text AS indicator_text, i.category_id,
           ic.name_th AS category_name, h.head_name, h.house_no, h.moo, h.village, h.subdistrict_code,
           s.name_th AS subdistrict_name
    FROM cases c
    JOIN indicators i ON i.id = c.indicator_id
    JOIN indicator_categories ic ON ic.id = i.category_id
    JOIN households h ON h.id = c.household_id
    LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code
"""


def get_case(db: Database, case_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"{CASE_SELECT} WHERE c.id = ?", [case_id]))
    return rows[0] if rows else None


def require_case(db: Database, case_id: str) -> dict[str, Any]:
    row = get_case(db, case_id)
    if row is None or row["deleted_at"]:
        raise UserError("ไม่พบเรื่องราวที่เลือก (อาจถูกลบไปแล้ว)", field="case_id")
    return row


def update_case(db: Database, case_id: str, data: Mapping[str, Any], *, today: date | None = None) -> None:
    """Change a case's details (not its status: that goes through change_status)."""
    current = require_case(db, case_id)
    if "status" in data and data["status"] != current["status"]:
        raise UserError("เปลี่ยนสถานะด้วยปุ่มเปลี่ยนสถานะ เพื่อให้มีบันทึกการดำเนินการ", field="status")
    merged = {k: current[k] for k in EDITABLE}
    merged.update({k: v for k, v in data.items() if k in EDITABLE})
    values = clean_case(db, merged, today=today, new=merged["indicator_id"] != current["indicator_id"])
    if values["reported_on"] > current["status_on"]:
        raise UserError("วันที่รับเรื่องต้องไม่หลังวันที่เปลี่ยนสถานะล่าสุด", field="reported_on")
    update_row(db, "cases", case_id, values)


def change_status(db: Database, case_id: str, target: str, *, on: date | str | None = None, note: str = "",
                  by_whom: str = "", today: date | None = None) -> None:
    """Move a case to `target` (a status code or its Thai label) and log it; UserError if the
    status machine does not allow it or the date is before the last change."""
    case = require_case(db, case_id)
    code = status_code(target)
    if code is None:
        raise UserError(f"ไม่รู้จักสถานะ “{target}”", field="status")
    check_transition(case["status"], code)
    when = as_date(on if on not in (None, "") else (today or date.today()), "action_on", today)
    if when.isoformat() < case["status_on"]:
        raise UserError(
            f"วันที่ต้องไม่ก่อนการเปลี่ยนสถานะครั้งก่อน ({format_thai_date(case['status_on'])})", field="action_on"
        )
    what = _text(note) or f"เปลี่ยนสถานะเป็น “{STATUSES[code]}”"
    with db.atomic():
        update_row(db, "cases", case_id, {
            "status": code, "status_on": when.isoformat(),
            "closed_on": when.isoformat() if code in CLOSED_STATUSES else None,
        })
        insert_row(db, "case_actions", {
            "case_id": case_id, "action_on": when.isoformat(), "what": what,
            "by_whom": _text(by_whom) or None, "status_from": case["status"], "status_to": code,
        })


def add_action(db: Database, case_id: str, what: str, *, on: date | str | None = None, by_whom: str = "",
               today: date | None = None) -> str:
    """Log something done for the case (a visit, a referral letter, goods handed over)."""
    case = require_case(db, case_id)
    what = _text(what)
    if not what:
        raise UserError("กรุณากรอกสิ่งที่ดำเนินการ", field="what")
    when = as_date(on if on not in (None, "") else (today or date.today()), "action_on", today)
    if when.isoformat() < case["reported_on"]:
        raise UserError("วันที่ดำเนินการต้องไม่ก่อนวันที่รับเรื่อง", field="action_on")
    return insert_row(db, "case_actions", {
        "case_id": case_id, "action_on": when.isoformat(), "what": what,
        "by_whom": _text(by_whom) or None, "status_from": None, "status_to": None,
    })


def case_actions(db: Database, case_id: str) -> list[dict[str, Any]]:
    """The log, oldest first (entries of one day in the order they were written)."""
    return [dict(r) for r in db.query(
        "SELECT * FROM case_actions WHERE case_id = ? AND deleted_at IS NULL ORDER BY action_on, id", [case_id]
    )]


def delete_case(db: Database, case_id: str) -> None:
    require_case(db, case_id)
    with db.atomic():
        for (photo_id,) in db.execute(
            "SELECT id FROM case_photos WHERE case_id = ? AND deleted_at IS NULL", [case_id]
        ).fetchall():
            soft_delete(db, "case_photos", photo_id)
        soft_delete(db, "cases", case_id)


def restore_case(db: Database, case_id: str) -> None:
    """Undo delete_case: the case and the photos deleted with it (same moment or later) come back."""
    row = db.execute("SELECT deleted_at FROM cases WHERE id = ?", [case_id]).fetchone()
    if row is None or row[0] is None:
        raise UserError("ไม่พบเรื่องราวที่ลบไว้", field="case_id")
    with db.atomic():
        undelete(db, "cases", case_id)
        for (photo_id,) in db.execute(
            "SELECT id FROM case_photos WHERE case_id = ? AND deleted_at >= ?", [case_id, row[0]]
        ).fetchall():
            undelete(db, "case_photos", photo_id)
