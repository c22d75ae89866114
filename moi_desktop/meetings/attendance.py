"""A meeting's own attendance rows — never the trainings' `attendance` table, so a meeting
never counts toward a training's 80 % rule or its certificates.

One row per invitee (present / absent with a reason / substitute: someone came for them, "มาแทน")
and one per other participant (ผู้เข้าร่วมประชุม). `MeetingRoll` lets the attendance desk of the
trainings area (scan decoding, name search, F2 substitute, F3 walk-in, Ctrl+Z) mark a meeting:
it answers the same questions as `trainings.roll.TrainingRoll`, over these rows.
"""

from datetime import UTC, datetime
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.db.clock import iso
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from moi_desktop.meetings import people
from moi_desktop.meetings.model import ABSENT, FROZEN, PARTICIPANT, PRESENT, SUBSTITUTE
from moi_desktop.meetings.store import MANAGE, VIEW, meeting_title, require_draft, require_meeting
from moi_desktop.members import add_member
from moi_desktop.members.model import display_name
from moi_desktop.members.search import MemberQuery, search_members
from moi_desktop.security.session import current_actor, require
from moi_desktop.thai import normalize_text
from moi_desktop.trainings import scan
from moi_desktop.trainings.marking import ALREADY, NOT_REGISTERED, MarkResult, find_by_national_id, find_member
from moi_desktop.trainings.model import PRESENT as MARK_PRESENT

METHODS = ("scan", "typed", "paper", "manual")
_CAME = ("present", "substitute", "participant")


class MeetingMark(MarkResult):
    """A desk outcome worded for a meeting (the people are invitees, not trainees)."""

    @property
    def message_th(self) -> str:
        if self.status == NOT_REGISTERED:
            return "ไม่มีชื่อในรายชื่อผู้เข้าประชุม"
        return super().message_th


def _invitee(db: Database, invitee_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM meeting_invitees WHERE id = ? AND deleted_at IS NULL", [invitee_id]))
    if not rows:
        raise UserError("ไม่พบผู้ได้รับเชิญที่ระบุ", field="invitee")
    return dict(rows[0])


def _row_of_invitee(db: Database, invitee_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meeting_attendance WHERE invitee_id = ? AND deleted_at IS NULL", [invitee_id]))
    return dict(rows[0]) if rows else None


def _write_row(db: Database, meeting_id: str, existing: dict[str, Any] | None, values: dict[str, Any],
               method: str, at: str) -> str:
    if method not in METHODS:
        raise ValueError(method)
    stamp = {"marked_at": at, "marked_by": current_actor(db), "method": method}
    if existing is not None:
        update_row(db, "meeting_attendance", existing["id"], {**values, **stamp})
        return str(existing["id"])
    sort = db.execute("SELECT coalesce(max(sort), 0) + 1 FROM meeting_attendance WHERE meeting_id = ?",
                      [meeting_id]).fetchone()[0]
    base = {"meeting_id": meeting_id, "invitee_id": None, "member_id": None, "official_id": None, "position": None,
            "reason": None, "sort": sort}
    return insert_row(db, "meeting_attendance", {**base, **values, **stamp})


def set_invitee_status(db: Database, invitee_id: str, status: str, *, reason: str | None = None,
                       method: str = "manual", now: datetime | None = None) -> str:
    """Record an invitee present or absent (ไม่มาประชุม, with its reason: ติดราชการ, ลาป่วย …)."""
    if status not in (PRESENT, ABSENT):
        raise ValueError(status)
    require(db, MANAGE)
    invitee = _invitee(db, invitee_id)
    at = iso(now or datetime.now(UTC))
    with write_lock(db):
        require_draft(db, invitee["meeting_id"])
        values = {"invitee_id": invitee_id, "status": status, "member_id": invitee["member_id"],
                  "official_id": invitee["official_id"], "name": invitee["name"], "position": invitee["position"],
                  "reason": normalize_text(reason or "") or None if status == ABSENT else None}
        return _write_row(db, invitee["meeting_id"], _row_of_invitee(db, invitee_id), values, method, at)


def record_substitute(db: Database, invitee_id: str, *, member_id: str | None = None, name: str | None = None,
                      position: str | None = None, method: str = "manual", now: datetime | None = None) -> str:
    """Someone came for the invitee (มาแทน): a member, or a name typed with their position."""
    require(db, MANAGE)
    invitee = _invitee(db, invitee_id)
    if member_id:
        if member_id == invitee["member_id"]:
            raise UserError("ผู้มาแทนต้องเป็นคนละคนกับผู้ได้รับเชิญ", field="member")
        found_name, found_position = people.member(db, member_id)
    else:
        found_name, found_position = "", ""
    name = normalize_text(name or "") or found_name
    if not name:
        raise UserError("กรุณาระบุชื่อผู้มาแทน", field="name")
    at = iso(now or datetime.now(UTC))
    with write_lock(db):
        require_draft(db, invitee["meeting_id"])
        values = {"invitee_id": invitee_id, "status": SUBSTITUTE, "member_id": member_id or None, "official_id": None,
                  "name": name, "position": normalize_text(position or "") or found_position or None, "reason": None}
        return _write_row(db, invitee["meeting_id"], _row_of_invitee(db, invitee_id), values, method, at)


def add_participant(db: Database, meeting_id: str, *, member_id: str | None = None, official_id: str | None = None,
                    name: str | None = None, position: str | None = None, method: str = "manual",
                    now: datetime | None = None) -> str:
    """A participant who is not a member of the meeting (ผู้เข้าร่วมประชุม): from the registry,
    the officials, or typed."""
    require(db, MANAGE)
    if member_id:
        found_name, found_position = people.member(db, member_id)
    elif official_id:
        found_name, found_position = people.official(db, official_id)
    else:
        found_name, found_position = "", ""
    name = normalize_text(name or "") or found_name
    if not name:
        raise UserError("กรุณาระบุชื่อผู้เข้าร่วมประชุม", field="name")
    at = iso(now or datetime.now(UTC))
    with write_lock(db):
        require_draft(db, meeting_id)
        if member_id and db.execute("SELECT 1 FROM meeting_attendance WHERE meeting_id = ? AND member_id = ? "
                                    "AND deleted_at IS NULL", [meeting_id, member_id]).fetchone():
            raise UserError(f"{name} ลงชื่อเข้าประชุมแล้ว", field="member")
        values = {"status": PARTICIPANT, "member_id": member_id or None, "official_id": official_id or None,
                  "name": name, "position": normalize_text(position or "") or found_position or None}
        return _write_row(db, meeting_id, None, values, method, at)


def clear_attendance(db: Database, attendance_id: str) -> None:
    """Take back one attendance row (a tombstone that travels)."""
    require(db, MANAGE)
    row = db.execute("SELECT meeting_id FROM meeting_attendance WHERE id = ? AND deleted_at IS NULL",
                     [attendance_id]).fetchone()
    if row is None:
        raise UserError("ไม่พบรายการลงเวลาที่ระบุ", field="attendance")
    with write_lock(db):
        require_draft(db, row[0])
        soft_delete(db, "meeting_attendance", attendance_id)


def attendance_rows(db: Database, meeting_id: str) -> list[dict[str, Any]]:
    """Every attendance row of the meeting, invitees first in their order, then participants."""
    require(db, VIEW)
    return [dict(r) for r in db.query(
        "SELECT a.*, i.name AS invitee_name, i.position AS invitee_position, i.role AS invitee_role "
        "FROM meeting_attendance a LEFT JOIN meeting_invitees i ON i.id = a.invitee_id "
        "WHERE a.meeting_id = ? AND a.deleted_at IS NULL "
        "ORDER BY a.invitee_id IS NULL, coalesce(i.sort, 0), a.sort, a.id", [meeting_id])]


def meeting_counts(db: Database, meeting_id: str) -> dict[str, Any]:
    """invited, present (incl. substitutes), substitutes, absent (marked), unmarked, participants, percent."""
    invited = db.execute("SELECT count(*) FROM meeting_invitees WHERE meeting_id = ? AND deleted_at IS NULL",
                         [meeting_id]).fetchone()[0]
    counts = dict(db.execute(
        "SELECT status, count(*) FROM meeting_attendance WHERE meeting_id = ? AND deleted_at IS NULL GROUP BY status",
        [meeting_id]).fetchall())
    came = counts.get(PRESENT, 0) + counts.get(SUBSTITUTE, 0)
    marked = came + counts.get(ABSENT, 0)
    return {
        "registered": invited, "invited": invited, "present": came, "late": 0, "substitutes": counts.get(SUBSTITUTE, 0),
        "absent": counts.get(ABSENT, 0), "unmarked": max(invited - marked, 0),
        "participants": counts.get(PARTICIPANT, 0),
        "percent": round(100.0 * came / invited, 1) if invited else 0.0,
    }


# -- the desk ----------------------------------------------------------------------------------
class MeetingRoll:
    """The attendance desk's questions, answered for one meeting (see trainings/roll.py)."""

    not_listed = "ไม่มีชื่อในรายชื่อผู้เข้าประชุม"
    listed_label = "เชิญ"

    def __init__(self, db: Database, meeting_id: str) -> None:
        self.db = db
        self.meeting_id = meeting_id
        self.meeting = require_meeting(db, meeting_id)
        self.backdated = False

    @property
    def title(self) -> str:
        return f"{meeting_title(self.meeting)} — ลงเวลาเข้าประชุม"

    @property
    def day(self) -> str | None:
        # A meeting's attendance is kept until its minutes are issued (the secretary keys the
        # sign-in sheet in after the meeting); issuing the minutes freezes it, not the calendar.
        return None

    @property
    def closed(self) -> bool:
        return require_meeting(self.db, self.meeting_id)["status"] != "draft"

    @property
    def closed_message(self) -> tuple[str, str]:
        return "ออกรายงานการประชุมแล้ว", "รายชื่อผู้มาประชุมแก้ไขไม่ได้อีก"

    def counts(self) -> dict[str, Any]:
        return meeting_counts(self.db, self.meeting_id)

    def _invitee_of(self, member_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM meeting_invitees WHERE meeting_id = ? AND member_id = ? "
                                  "AND deleted_at IS NULL", [self.meeting_id, member_id]))
        return dict(rows[0]) if rows else None

    def is_registered(self, member_id: str) -> bool:
        return self._invitee_of(member_id) is not None

    def last_marks(self, limit: int = 15) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT a.status, a.marked_at, a.name, a.position AS organisation, a.member_id AS id, "
            "CASE WHEN a.status = 'substitute' THEN a.invitee_id END AS substitute_for "
            "FROM meeting_attendance a WHERE a.meeting_id = ? AND a.deleted_at IS NULL AND a.status != 'absent' "
            "ORDER BY a.marked_at DESC LIMIT ?", [self.meeting_id, limit])
        return [{**dict(r), "status": MARK_PRESENT} for r in rows]

    def search_names(self, text: str, *, limit: int = 8, enrolled_only: bool = True) -> list[dict[str, Any]]:
        """Invited members whose name holds every word typed (then, when asked, anyone in the registry)."""
        words = normalize_text(text or "").split()
        if not words:
            return []
        name_like = "(coalesce(m.title, '') || m.first_name || ' ' || coalesce(m.last_name, '')) LIKE ?"
        where = " AND ".join([name_like] * len(words))
        params = [f"%{w}%" for w in words]
        found = [dict(r) for r in self.db.query(
            "SELECT m.id, m.title, m.first_name, m.last_name, m.organisation, m.position, m.photo_hash, "  # noqa: S608
            "s.name_th AS sector_name, 1 AS enrolled, a.status AS status "
            "FROM meeting_invitees i JOIN members m ON m.id = i.member_id JOIN sectors s ON s.code = m.sector "
            "LEFT JOIN meeting_attendance a ON a.invitee_id = i.id AND a.deleted_at IS NULL "
            f"WHERE i.meeting_id = ? AND i.deleted_at IS NULL AND m.deleted_at IS NULL AND {where} "
            "ORDER BY m.name_sort LIMIT ?", [self.meeting_id, *params, limit])]
        if not enrolled_only and len(found) < limit:
            seen = {r["id"] for r in found}
            for row in search_members(self.db, MemberQuery(text=text), limit=limit):
                if row["id"] not in seen and len(found) < limit:
                    found.append({k: row.get(k) for k in ("id", "title", "first_name", "last_name", "organisation",
                                                          "position", "sector_name", "photo_hash")}
                                 | {"enrolled": 0, "status": None})
        for row in found:
            row["name"] = display_name(row)
            row["status"] = MARK_PRESENT if row.get("status") in _CAME else None
        return found

    def resolve(self, code: scan.Code) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        if code.kind == scan.MEMBER_ID:
            return find_member(self.db, code.value), []
        if code.kind == scan.NATIONAL_ID:
            return find_by_national_id(self.db, code.value), []
        found = self.search_names(code.value, limit=10)
        if len(found) == 1:
            return find_member(self.db, found[0]["id"]), found
        return None, found

    def _result(self, status: str, member: dict[str, Any] | None, at: str | None, code_kind: str | None,
                **extra: Any) -> MeetingMark:
        return MeetingMark(status, self.meeting_id, member, at, code_kind, **extra)

    def mark(self, member_id: str | None, *, method: str = "scan", now: datetime | None = None,
             code_kind: str = scan.MEMBER_ID, member: dict[str, Any] | None = None) -> MeetingMark:
        """Mark an invited member present; someone not invited is refused (red) for F2/F3."""
        require(self.db, MANAGE)
        if self.closed:
            raise UserError(FROZEN)
        if member_id is not None and member is None:
            member = find_member(self.db, member_id)
        if member is None:
            return self._result(NOT_REGISTERED, None, None, code_kind)
        invitee = self._invitee_of(member["id"])
        if invitee is None:
            row = self.db.execute("SELECT marked_at FROM meeting_attendance WHERE meeting_id = ? AND member_id = ? "
                                  "AND deleted_at IS NULL", [self.meeting_id, member["id"]]).fetchone()
            if row:
                return self._result(ALREADY, member, row[0], code_kind)
            return self._result(NOT_REGISTERED, member, None, code_kind)
        current = _row_of_invitee(self.db, invitee["id"])
        if current and current["status"] in (PRESENT, SUBSTITUTE):
            return self._result(ALREADY, member, current["marked_at"], code_kind, previous_status=current["status"])
        now = now or datetime.now(UTC)
        at = iso(now)
        set_invitee_status(self.db, invitee["id"], PRESENT, method=method if method in METHODS else "scan",
                           now=now)
        return self._result(MARK_PRESENT, member, at, code_kind)

    def mark_substitute(self, member_id: str, for_member_id: str, *, method: str = "scan",
                        now: datetime | None = None) -> MeetingMark:
        """Y (`member_id`) came for the invited X (`for_member_id`)."""
        invitee = self._invitee_of(for_member_id)
        if invitee is None:
            raise UserError("ผู้ถูกแทนต้องอยู่ในรายชื่อผู้เข้าประชุม")
        record_substitute(self.db, invitee["id"], member_id=member_id, method=method, now=now)
        at = iso(now or datetime.now(UTC))
        return self._result(MARK_PRESENT, find_member(self.db, member_id), at, scan.MEMBER_ID,
                            substitute_for=find_member(self.db, for_member_id))

    def walk_in(self, *, member_id: str | None = None, person: dict[str, Any] | None = None, method: str = "scan",
                now: datetime | None = None) -> MeetingMark:
        """Someone not invited: recorded as a participant (ผู้เข้าร่วมประชุม), registered as a
        member first when they are not in the registry."""
        with self.db.atomic():
            if member_id is None:
                if not person:
                    raise UserError("กรุณาระบุชื่อผู้เข้าร่วมประชุม")
                member_id = add_member(self.db, person)
            add_participant(self.db, self.meeting_id, member_id=member_id, method=method, now=now)
        result = self._result(MARK_PRESENT, find_member(self.db, member_id), iso(now or datetime.now(UTC)),
                              scan.MEMBER_ID)
        result.walk_in = True
        return result

    def undo(self, member_id: str, *, now: datetime | None = None) -> None:
        row = self.db.execute("SELECT id FROM meeting_attendance WHERE meeting_id = ? AND member_id = ? "
                              "AND deleted_at IS NULL AND status != 'absent'", [self.meeting_id, member_id]).fetchone()
        if row is None:
            raise UserError("ไม่มีการลงเวลาของบุคคลนี้ในการประชุมนี้ให้ยกเลิก")
        clear_attendance(self.db, row[0])
