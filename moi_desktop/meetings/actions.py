"""Follow-up actions: what a resolution asks someone to do (a member, an official or an
agency), by when, and whether it is done. Open actions of a series are what the next meeting
of the series follows up under วาระที่ ๓; overdue ones show on the home page (`overdue_actions`)."""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.db.clock import iso
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from moi_desktop.meetings import people
from moi_desktop.meetings.model import ACTION_STATUSES, NO_OWNER, OPEN, OWNER_KINDS
from moi_desktop.meetings.store import MANAGE, VIEW, require_draft, require_meeting
from moi_desktop.security.session import require
from moi_desktop.thai import normalize_text, parse_thai_date

_LINKS = {"project_id": "projects", "activity_id": "activities", "case_id": "cases"}


def _owner(db: Database, data: Mapping[str, Any]) -> dict[str, Any]:
    kind = data.get("owner_kind") or ("member" if data.get("owner_member_id") else "official"
                                      if data.get("owner_official_id") else "agency"
                                      if data.get("owner_agency_id") else None)
    typed = normalize_text(str(data.get("owner_name") or ""))
    if kind is None and typed:
        kind = "agency"  # a unit named in words: "สำนักงานพัฒนาชุมชนอำเภอ"
    if kind not in OWNER_KINDS:
        raise UserError(NO_OWNER, field="owner")
    values: dict[str, Any] = {"owner_kind": kind, "owner_member_id": None, "owner_official_id": None,
                              "owner_agency_id": None}
    name = ""
    if kind == "member" and data.get("owner_member_id"):
        values["owner_member_id"] = data["owner_member_id"]
        name = people.member(db, data["owner_member_id"])[0]
    elif kind == "official" and data.get("owner_official_id"):
        values["owner_official_id"] = data["owner_official_id"]
        name = " ".join(x for x in people.official(db, data["owner_official_id"]) if x)
    elif kind == "agency" and data.get("owner_agency_id"):
        values["owner_agency_id"] = data["owner_agency_id"]
        name = people.agency(db, data["owner_agency_id"])
    values["owner_name"] = typed or name
    if not values["owner_name"]:
        raise UserError(NO_OWNER, field="owner")
    return values


def _due(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return parse_thai_date(normalize_text(str(value))).isoformat()


def _links(db: Database, data: Mapping[str, Any]) -> dict[str, Any]:
    """project_id / activity_id / case_id, each checked to exist; an activity brings its project
    (and must belong to the project named with it)."""
    values = {}
    for key, table in _LINKS.items():
        row_id = data.get(key) or None
        if row_id and not db.execute(f"SELECT 1 FROM {table} WHERE id = ? AND deleted_at IS NULL",  # noqa: S608
                                     [row_id]).fetchone():
            raise UserError("ไม่พบโครงการ/กิจกรรม/เรื่องราวที่เชื่อมโยง", field=key)
        values[key] = row_id
    if values["activity_id"]:
        project = db.execute("SELECT project_id FROM activities WHERE id = ?", [values["activity_id"]]).fetchone()[0]
        if values["project_id"] and values["project_id"] != project:
            raise UserError("กิจกรรมที่เลือกไม่ได้อยู่ในโครงการที่เลือก", field="activity_id")
        values["project_id"] = project
    return values


def add_action(db: Database, meeting_id: str, data: Mapping[str, Any]) -> str:
    """A follow-up action from a resolution: `what`, an owner (owner_member_id / owner_official_id /
    owner_agency_id, or owner_name with owner_kind), `due_date`, `item_id` (the agenda item) and
    optionally project_id / activity_id / case_id. Refused (Thai) without an owner."""
    require(db, MANAGE)
    what = normalize_text(str(data.get("what") or ""), multiline=True)
    if not what:
        raise UserError("กรุณาระบุสิ่งที่ต้องดำเนินการ", field="what")
    owner = _owner(db, data)
    values = {"what": what, **owner, "due_date": _due(data.get("due_date")), **_links(db, data)}
    with write_lock(db):
        meeting = require_draft(db, meeting_id)
        item_id = data.get("item_id") or None
        if item_id and not db.execute("SELECT 1 FROM meeting_items WHERE id = ? AND meeting_id = ? "
                                      "AND deleted_at IS NULL", [item_id, meeting_id]).fetchone():
            raise UserError("วาระที่ระบุไม่ได้อยู่ในการประชุมนี้", field="item_id")
        return insert_row(db, "meeting_actions", {
            "meeting_id": meeting_id, "item_id": item_id, "series": meeting["series"], "status": OPEN,
            "status_note": None, "closed_at": None, **values,
        })


def set_action_status(db: Database, action_id: str, status: str, *, note: str | None = None,
                      now: datetime | None = None) -> None:
    """open / done / cancelled (with a note: what was done, why cancelled) — allowed after the
    meeting's minutes are issued: following actions up is what later meetings do."""
    require(db, MANAGE)
    if status not in ACTION_STATUSES:
        raise UserError(f"สถานะต้องเป็น {', '.join(ACTION_STATUSES)}", field="status")
    if not db.execute("SELECT 1 FROM meeting_actions WHERE id = ? AND deleted_at IS NULL", [action_id]).fetchone():
        raise UserError("ไม่พบงานที่ต้องติดตามที่ระบุ", field="action")
    update_row(db, "meeting_actions", action_id, {
        "status": status, "status_note": normalize_text(note or "") or None,
        "closed_at": None if status == OPEN else iso(now or datetime.now(UTC)),
    })


def update_action(db: Database, action_id: str, data: Mapping[str, Any]) -> None:
    """Change what / owner / due date / links of an action (its status: set_action_status)."""
    require(db, MANAGE)
    rows = list(db.query("SELECT * FROM meeting_actions WHERE id = ? AND deleted_at IS NULL", [action_id]))
    if not rows:
        raise UserError("ไม่พบงานที่ต้องติดตามที่ระบุ", field="action")
    merged = {**dict(rows[0]), **dict(data)}
    if any(k in data for k in ("owner_kind", "owner_member_id", "owner_official_id", "owner_agency_id")) \
            and "owner_name" not in data:
        merged["owner_name"] = ""
    what = normalize_text(str(merged.get("what") or ""), multiline=True)
    if not what:
        raise UserError("กรุณาระบุสิ่งที่ต้องดำเนินการ", field="what")
    update_row(db, "meeting_actions", action_id, {"what": what, **_owner(db, merged),
                                                   "due_date": _due(merged.get("due_date")), **_links(db, merged)})


_SELECT = (
    "SELECT x.*, m.title AS meeting_title, m.number AS meeting_number, m.year AS meeting_year, "
    "m.date AS meeting_date FROM meeting_actions x JOIN meetings m ON m.id = x.meeting_id "
)


def _with_labels(rows: Any) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        row = dict(r)
        row["status_th"] = ACTION_STATUSES.get(row["status"], row["status"])
        row["owner_kind_th"] = OWNER_KINDS.get(row["owner_kind"], row["owner_kind"])
        out.append(row)
    return out


def actions(db: Database, *, meeting_id: str | None = None, series: str | None = None, status: str | None = None,
            owner: str | None = None) -> list[dict[str, Any]]:
    """Actions filtered by meeting, series, status and owner name (part of it), oldest due first."""
    require(db, VIEW)
    where, params = ["x.deleted_at IS NULL", "m.deleted_at IS NULL"], []
    for column, value in (("x.meeting_id", meeting_id), ("x.series", series), ("x.status", status)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if owner:
        where.append("x.owner_name LIKE ?")
        params.append(f"%{normalize_text(owner)}%")
    return _with_labels(db.query(
        f"{_SELECT} WHERE {' AND '.join(where)} "  # noqa: S608 — fixed fragments; values are bound
        "ORDER BY x.due_date IS NULL, x.due_date, m.date, x.created_at", params))


def carried_actions(db: Database, meeting_id: str) -> list[dict[str, Any]]:
    """The open actions of earlier meetings of the same series: what this meeting follows up
    under วาระที่ ๓ (its own actions are not carried to itself)."""
    require(db, VIEW)
    meeting = require_meeting(db, meeting_id)
    return _with_labels(db.query(
        f"{_SELECT} WHERE x.series = ? AND x.status = 'open' AND x.deleted_at IS NULL AND m.deleted_at IS NULL "
        "AND x.meeting_id != ? AND (m.date < ? OR (m.date = ? AND m.year * 1000 + m.number < ?)) "
        "ORDER BY m.date, m.number, x.due_date IS NULL, x.due_date, x.created_at",
        [meeting["series"], meeting_id, meeting["date"], meeting["date"],
         int(meeting["year"]) * 1000 + int(meeting["number"])]))


def overdue_actions(db: Database, today: date) -> list[dict[str, Any]]:
    """Open actions whose due date has passed (for the home page), most overdue first; each row
    has `days_overdue`."""
    require(db, VIEW)
    rows = _with_labels(db.query(
        f"{_SELECT} WHERE x.status = 'open' AND x.deleted_at IS NULL AND m.deleted_at IS NULL "
        "AND x.due_date IS NOT NULL AND x.due_date < ? ORDER BY x.due_date, x.created_at", [today.isoformat()]))
    for row in rows:
        row["days_overdue"] = (today - date.fromisoformat(row["due_date"])).days
    return rows

