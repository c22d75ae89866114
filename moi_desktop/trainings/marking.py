"""Marking attendance: one scan → one short transaction, committed at once.

Each mark is a row of `attendance` (session × member) plus an entry in `attendance_events`, the
desk's scan log (double scans and unknown codes are logged too: they are evidence for the
anomalies report). A mark is one write_lock (BEGIN IMMEDIATE … COMMIT) with the lean link-row
helpers rather than insert_row: it must cost little more than one commit (synchronous=FULL).
Marks and scan events are announced but not copied into the audit chain: the row itself already
says who marked it and when, and the scan log is the desk's own evidence.

Another day's roll call: marking into a session whose day is not today (Bangkok) needs
`backdated=True` — an explicit "บันทึกย้อนหลัง" — and is refused without it; a future session is
refused outright. A backdated mark is stored as present (the recording time is not the arrival
time, so it is never late), flagged `backdated` on the mark and on its scan-log entry, and audited
("attendance_backdated").
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NotRequired, TypedDict

from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK, iso, parse_iso
from moi_desktop.db.rows import insert_rows, soft_delete_where, update_row, upsert_links, write_lock
from moi_desktop.errors import UserError
from moi_desktop.members import add_member
from moi_desktop.members.model import display_name
from moi_desktop.members.search import MemberQuery, search_members
from moi_desktop.security.audit import audit
from moi_desktop.security.session import current_actor
from moi_desktop.thai import format_thai_date, format_thai_time, normalize_text, to_thai_digits
from moi_desktop.trainings import scan
from moi_desktop.trainings.enrol import enrol_one
from moi_desktop.trainings.model import ABSENT, EXCUSED, LATE, PRESENT

ALREADY, NOT_REGISTERED = "already", "not_registered"
SCAN_METHODS = ("scan", "typed", "paper")

_MEMBER_COLUMNS = (
    "m.id, m.title, m.first_name, m.last_name, m.organisation, m.position, m.sector, s.name_th AS sector_name, "
    "m.photo_hash, m.national_id"
)
_MEMBER_FROM = "FROM members m JOIN sectors s ON s.code = m.sector"
_LIVE = "m.deleted_at IS NULL AND m.merged_into IS NULL AND m.erased_at IS NULL"
# The fragments above are code constants: queries built from them bind every value as a parameter.


class SessionCounts(TypedDict):
    """A roll call's live counters; closing it adds how many it marked absent or excused."""

    registered: int
    present: int  # including late
    late: int
    excused: int
    absent: int
    substitutes: int
    percent: float
    marked_absent: NotRequired[int]
    marked_excused: NotRequired[int]


@dataclass
class MarkResult:
    status: str  # present / late / already / not_registered
    session_id: str
    member: dict[str, Any] | None = None  # id, name, organisation, sector_name, photo_hash (None: nobody known)
    marked_at: str | None = None  # UTC ISO of this mark, or of the earlier one when already
    code_kind: str | None = None
    substitute_for: dict[str, Any] | None = None  # the registered person this one attends for
    walk_in: bool = False
    previous_status: str | None = None
    events: list[str] = field(default_factory=list)
    backdated: bool = False  # recorded on another day than the session's (บันทึกย้อนหลัง)

    @property
    def time_th(self) -> str:
        """"๐๘:๔๒" (Bangkok) of marked_at."""
        if not self.marked_at:
            return ""
        return to_thai_digits(parse_iso(self.marked_at).astimezone(BANGKOK).strftime("%H:%M"))

    @property
    def message_th(self) -> str:
        """The outcome without the name (callers show the name beside it)."""
        if self.status == ALREADY:
            return f"ลงเวลาแล้วเมื่อ {self.time_th} น."
        if self.status == NOT_REGISTERED:
            return "ไม่มีชื่อในรายชื่อผู้เข้าอบรม"
        when = f"มาสาย — ลงเวลา {self.time_th} น." if self.status == LATE else f"ลงเวลาแล้ว {self.time_th} น."
        if self.backdated:
            when = f"บันทึกย้อนหลังแล้ว ({self.time_th} น.)"
        if self.substitute_for:
            return f"มาแทน {self.substitute_for['name']} · {when}"
        return when

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "session": self.session_id,
            "member": self.member,
            "marked_at": self.marked_at,
            "code_kind": self.code_kind,
            "substitute_for": self.substitute_for,
            "walk_in": self.walk_in,
            "backdated": self.backdated,
            "message": self.message_th,
        }


def _member_json(row: Mapping[str, Any]) -> dict[str, Any]:
    member = dict(row)
    member["name"] = display_name(member)
    nid = member.pop("national_id", None)
    member["has_national_id"] = bool(nid)
    return member


def _one(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row as a dict — a plain statement (db.query wraps each read in a savepoint)."""
    cursor = db.conn.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


_FOLLOWING_MERGE = (  # the member, or the one it was merged into (code constants; the id is bound)
    f"SELECT {_MEMBER_COLUMNS} FROM members card "  # noqa: S608
    f"JOIN members m ON m.id = coalesce(card.merged_into, card.id) "
    f"JOIN sectors s ON s.code = m.sector WHERE card.id = ? AND {_LIVE}"
)


def find_member(db: Database, member_id: str) -> dict[str, Any] | None:
    """A live member by id, following a merge (an old name card still works)."""
    found = _one(db, _FOLLOWING_MERGE, [member_id])
    return _member_json(found) if found else None


def find_by_national_id(db: Database, number: str) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT {_MEMBER_COLUMNS} {_MEMBER_FROM} WHERE m.national_id = ? AND {_LIVE}", [number]))
    return _member_json(rows[0]) if rows else None


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_names(db: Database, session_id: str, text: str, *, limit: int = 8,
                 enrolled_only: bool = True) -> list[dict[str, Any]]:
    """Members whose name matches every word typed (prefix-free, anywhere in the name), enrolled
    people first; each dict has `enrolled` and `status` (this session's mark, if any)."""
    words = normalize_text(text or "").split()
    if not words:
        return []
    training_id = _training_of(db, session_id)
    # One fixed LIKE condition per word; the words themselves are bound (escaped) parameters.
    name_like = "(coalesce(m.title, '') || m.first_name || ' ' || coalesce(m.last_name, '')) LIKE ? ESCAPE '\\'"
    where = " AND ".join([name_like] * len(words))
    params = [f"%{_escape_like(w)}%" for w in words]
    enrolled_sql = (
        f"SELECT {_MEMBER_COLUMNS}, 1 AS enrolled, a.status AS status, a.marked_at AS marked_at "  # noqa: S608
        f"FROM enrolments e JOIN members m ON m.id = e.member_id JOIN sectors s ON s.code = m.sector "
        f"LEFT JOIN attendance a ON a.session_id = ? AND a.member_id = m.id AND a.deleted_at IS NULL "
        f"WHERE e.training_id = ? AND e.deleted_at IS NULL AND {_LIVE} AND {where} ORDER BY m.name_sort LIMIT ?"
    )
    found = [dict(r) for r in db.query(enrolled_sql, [session_id, training_id, *params, limit])]
    if not enrolled_only and len(found) < limit:
        # The registry is large: FTS (trigram) narrows it; words under 3 letters fall back to LIKE.
        seen = {r["id"] for r in found}
        for row in search_members(db, MemberQuery(text=text), limit=limit):
            if row["id"] not in seen:
                found.append({**{k: row.get(k) for k in ("id", "title", "first_name", "last_name", "organisation",
                                                         "position", "sector", "sector_name", "photo_hash")},
                              "enrolled": 0, "status": None, "marked_at": None})
                if len(found) >= limit:
                    break
    for row in found:
        row["name"] = display_name(row)
        row.pop("national_id", None)
    return found


def _training_of(db: Database, session_id: str) -> str:
    row = db.execute(
        "SELECT s.training_id, s.closed_at FROM training_sessions s JOIN trainings t ON t.id = s.training_id "
        "WHERE s.id = ? AND s.deleted_at IS NULL AND t.deleted_at IS NULL", [session_id]
    ).fetchone()
    if row is None:
        raise UserError("ไม่พบรอบลงเวลาที่ระบุ (อาจถูกลบไปแล้ว)", field="session")
    return row[0]


def _session(db: Database, session_id: str) -> tuple[str, str, str | None, str | None]:
    row = db.execute(
        "SELECT s.training_id, s.day, s.late_after, s.closed_at FROM training_sessions s "
        "JOIN trainings t ON t.id = s.training_id WHERE s.id = ? AND s.deleted_at IS NULL AND t.deleted_at IS NULL",
        [session_id],
    ).fetchone()
    if row is None:
        raise UserError("ไม่พบรอบลงเวลาที่ระบุ (อาจถูกลบไปแล้ว)", field="session")
    return row


# One read for a mark, under its write lock: the roll call; the member a card names (following a
# merge: an old card still works), live, with their sector; whether they are enrolled; and their
# current mark in this roll call. Code constants; the card id (?1) and the session id (?2) are bound.
_MARK_CONTEXT = (
    "SELECT rc.training_id, rc.day, rc.late_after, rc.closed_at, "  # noqa: S608
    "EXISTS (SELECT 1 FROM enrolments e WHERE e.training_id = rc.training_id AND e.member_id = m.id "
    f"AND e.deleted_at IS NULL), a.status, a.marked_at, a.substitute_for, {_MEMBER_COLUMNS} "
    "FROM training_sessions rc JOIN trainings t ON t.id = rc.training_id "
    "LEFT JOIN members card ON card.id = ?1 "
    f"LEFT JOIN members m ON m.id = coalesce(card.merged_into, card.id) AND {_LIVE} "
    "LEFT JOIN sectors s ON s.code = m.sector "
    "LEFT JOIN attendance a ON a.session_id = rc.id AND a.member_id = m.id AND a.deleted_at IS NULL "
    "WHERE rc.id = ?2 AND rc.deleted_at IS NULL AND t.deleted_at IS NULL"
)
_CONTEXT_WIDTH = 8  # the columns before the member's


def _is_late(day: str, late_after: str | None, now: datetime) -> bool:
    if not late_after:
        return False
    local = now.astimezone(BANGKOK)
    return (local.date().isoformat(), f"{local.hour:02d}:{local.minute:02d}") > (day, late_after)


def local_day(now: datetime) -> str:
    """The Bangkok calendar day (ISO) of a moment."""
    return now.astimezone(BANGKOK).date().isoformat()


def other_day(day: str, now: datetime | None = None) -> str | None:
    """None when a roll call of `day` is today's; else "past" or "future" (marking then needs
    `backdated=True`, and a future one is refused)."""
    today = local_day(now or datetime.now(UTC))
    if day == today:
        return None
    return "past" if day < today else "future"


def check_day(day: str, now: datetime, backdated: bool) -> bool:
    """The other-day guard: True when a mark into a roll call of `day` made at `now` is backdated;
    a Thai UserError when it is another day and `backdated` was not given, or a day to come."""
    when = other_day(day, now)
    if when is None:
        return False
    day_th = format_thai_date(day)
    if when == "future":
        raise UserError(f"รอบนี้เป็นของวันที่ {day_th} ซึ่งยังไม่ถึง — ลงเวลาล่วงหน้าไม่ได้", field="session")
    if not backdated:
        raise UserError(f"รอบนี้เป็นของวันที่ {day_th} ไม่ใช่วันนี้ — หากต้องการลงเวลาย้อนหลัง "
                        "ให้ยืนยัน “บันทึกย้อนหลัง” ก่อน", field="backdated")
    return True


_ATTENDANCE_KEY = ("session_id", "member_id")


def _event(db: Database, session_id: str, member_id: str | None, code_kind: str | None, result: str, at: str,
           actor: str, method: str, detail: str | None = None, backdated: bool = False) -> None:
    insert_rows(db, "attendance_events", [{
        "session_id": session_id, "member_id": member_id, "code_kind": code_kind, "result": result, "at": at,
        "by_user": actor, "method": method, "detail": detail, "backdated": int(backdated),
    }], at=at, audit=False)


def _write[T](db: Database, fn: Callable[[], T]) -> T:
    """Run fn() under the write lock: taken before reading the current mark, so two desks on one
    database never both mark the same person."""
    with write_lock(db):
        return fn()


def resolve(db: Database, code: scan.Code, session_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(member, candidates): the member a code names (None if nobody); for a typed name, the
    enrolled candidates when not exactly one matched."""
    if code.kind == scan.MEMBER_ID:
        return find_member(db, code.value), []
    if code.kind == scan.NATIONAL_ID:
        return find_by_national_id(db, code.value), []
    found = search_names(db, session_id, code.value, limit=10)
    if len(found) == 1:
        return find_member(db, found[0]["id"]), found
    return None, found


def mark(db: Database, session_id: str, code: str, *, method: str = "scan", now: datetime | None = None,
         backdated: bool = False) -> MarkResult:
    """Decode `code` and mark that person in the session (see MarkResult for the outcomes).

    A typed name must match exactly one enrolled person (UserError listing them otherwise).
    Another day's session needs `backdated=True` (see check_day).
    """
    now = now or datetime.now(UTC)
    decoded = scan.decode(code)
    if decoded.kind == scan.MEMBER_ID:  # a name card: the member is found in the mark's own read
        return _mark(db, session_id, decoded.value, method=method, now=now, code_kind=decoded.kind,
                     backdated=backdated, unknown_is_logged=True)
    # A typed name: the roll call's day is checked before any search.
    is_backdated = decoded.kind == scan.NAME and check_day(_session(db, session_id)[1], now, backdated)
    member, candidates = resolve(db, decoded, session_id)
    if member is None and decoded.kind == scan.NAME:
        if not candidates:
            actor = current_actor(db)
            at = iso(now)
            _write(db, lambda: _event(db, session_id, None, decoded.kind, NOT_REGISTERED, at, actor, method,
                                      backdated=is_backdated))
            return MarkResult(NOT_REGISTERED, session_id, None, None, decoded.kind, backdated=is_backdated)
        names = ", ".join(c["name"] for c in candidates[:5])
        raise UserError(f"พบ {len(candidates)} คนที่ชื่อตรงกับ “{decoded.value}”: {names} — พิมพ์ให้ละเอียดขึ้น",
                        field="code")
    return _mark(db, session_id, member["id"] if member else None, method=method, now=now, code_kind=decoded.kind,
                 backdated=backdated, unknown_is_logged=True)


def mark_member(db: Database, session_id: str, member_id: str | None, *, method: str = "scan",
                now: datetime | None = None, code_kind: str = scan.MEMBER_ID, member: dict[str, Any] | None = None,
                substitute_for: str | None = None, event_result: str | None = None,
                backdated: bool = False) -> MarkResult:
    """Mark a known member (None: an unknown code, logged as not_registered; an id of nobody
    live is a UserError). `member`: the member as the caller already found them (their id is the
    one marked; the mark reads them again under its lock). Another day's session needs
    `backdated=True`; the mark is then stored as such (see check_day)."""
    if member is not None:
        member_id = member["id"]
    return _mark(db, session_id, member_id, method=method, now=now, code_kind=code_kind,
                 substitute_for=substitute_for, event_result=event_result, backdated=backdated,
                 unknown_is_logged=member_id is None)


def _mark(db: Database, session_id: str, card_id: str | None, *, method: str, now: datetime | None,
          code_kind: str, backdated: bool, unknown_is_logged: bool, substitute_for: str | None = None,
          event_result: str | None = None) -> MarkResult:
    """The mark itself: one write lock, one read of everything it depends on (_MARK_CONTEXT),
    then the attendance row and its scan-log entry — a mark is one commit and little else.
    `card_id` names the member (following a merge); when it names nobody live, the scan is logged
    as not_registered if `unknown_is_logged`, else refused."""
    if method not in SCAN_METHODS:
        raise ValueError(method)
    now = now or datetime.now(UTC)
    at, actor = iso(now), current_actor(db)

    def write() -> MarkResult:
        cursor = db.conn.execute(_MARK_CONTEXT, [card_id, session_id])
        rows = cursor.fetchall()  # one row at most (the session's)
        found = rows[0] if rows else None
        if found is None:
            raise UserError("ไม่พบรอบลงเวลาที่ระบุ (อาจถูกลบไปแล้ว)", field="session")
        training_id, day, late_after, closed_at, enrolled, current_status, current_at, current_sub = \
            found[:_CONTEXT_WIDTH]
        is_backdated = check_day(day, now, backdated)
        if closed_at and method != "paper":
            raise UserError("รอบนี้ปิดการลงเวลาแล้ว — เปิดรอบอีกครั้งก่อนลงเวลา (หรือบันทึกจากใบลงลายมือชื่อ)")
        person: dict[str, Any] | None = None
        if found[_CONTEXT_WIDTH] is not None:
            names = [c[0] for c in cursor.description[_CONTEXT_WIDTH:]]
            person = _member_json(dict(zip(names, found[_CONTEXT_WIDTH:], strict=True)))
        elif card_id is not None and not unknown_is_logged:
            raise UserError("ไม่พบสมาชิกที่เลือก (อาจถูกลบไปแล้ว)", field="member")
        sub_member = find_member(db, substitute_for) if substitute_for else None
        if substitute_for and sub_member is None:
            raise UserError("ไม่พบผู้ที่ลงทะเบียนไว้ซึ่งมีผู้มาแทน", field="substitute_for")
        if person is None:
            _event(db, session_id, None, code_kind, NOT_REGISTERED, at, actor, method, backdated=is_backdated)
            return MarkResult(NOT_REGISTERED, session_id, None, None, code_kind, backdated=is_backdated)
        mid = person["id"]
        if not enrolled and not substitute_for:
            _event(db, session_id, mid, code_kind, NOT_REGISTERED, at, actor, method, backdated=is_backdated)
            return MarkResult(NOT_REGISTERED, session_id, person, None, code_kind, backdated=is_backdated)
        if current_status in (PRESENT, LATE):
            _event(db, session_id, mid, code_kind, ALREADY, at, actor, method, backdated=is_backdated)
            previous_sub = find_member(db, current_sub) if current_sub else None
            return MarkResult(ALREADY, session_id, person, current_at, code_kind, substitute_for=previous_sub,
                              previous_status=current_status)
        if sub_member is not None:  # set exactly when substitute_for names a live member (checked above)
            if substitute_for == mid:
                raise UserError("ผู้มาแทนต้องเป็นคนละคนกับผู้ที่ลงทะเบียนไว้")
            if not db.execute("SELECT 1 FROM enrolments WHERE training_id = ? AND member_id = ? AND deleted_at IS NULL",
                              [training_id, substitute_for]).fetchone():
                raise UserError(f"{sub_member['name']} ไม่มีชื่อในรายชื่อผู้เข้าอบรม จึงมีผู้มาแทนไม่ได้")
            if not enrolled:
                enrol_one(db, training_id, mid, source="substitute", substitute_for=substitute_for)
        late = method != "paper" and not is_backdated and _is_late(day, late_after, now)
        status = LATE if late else PRESENT
        upsert_links(db, "attendance", _ATTENDANCE_KEY, [{
            "session_id": session_id, "member_id": mid, "status": status, "marked_at": at, "marked_by": actor,
            "method": method, "substitute_for": substitute_for, "reason": None, "backdated": int(is_backdated),
        }], at=at, audit=False)
        # The log says what happened; its detail names the registered person, or a walk-in's status.
        result = event_result or ("substitute" if substitute_for else status)
        detail = substitute_for or (status if event_result else None)
        _event(db, session_id, mid, code_kind, result, at, actor, method, detail, backdated=is_backdated)
        if is_backdated:  # the one kind of mark the audit chain carries: who recorded another day's roll call
            audit(db, "attendance_backdated", table_name="attendance", row_id=json.dumps([session_id, mid]),
                  actor=actor, day=day, method=method, status=status)
        return MarkResult(status, session_id, person, at, code_kind, substitute_for=sub_member,
                          previous_status=current_status, backdated=is_backdated)

    return _write(db, write)


def mark_substitute(db: Database, session_id: str, member_id: str, for_member_id: str, *, method: str = "scan",
                    now: datetime | None = None, backdated: bool = False) -> MarkResult:
    """Y (`member_id`) attends for the registered X (`for_member_id`): recorded as such (Y is
    enrolled as a substitute if need be) and flagged in the reports. X's own record stays unmarked."""
    return mark_member(db, session_id, member_id, method=method, now=now, substitute_for=for_member_id,
                       backdated=backdated)


def walk_in(db: Database, session_id: str, *, member_id: str | None = None, person: dict[str, Any] | None = None,
            method: str = "scan", now: datetime | None = None, backdated: bool = False) -> MarkResult:
    """Register someone at the desk (a known member, or a new one from `person`) and mark them —
    one transaction. Walk-ins are flagged in the anomalies report."""
    training_id = _training_of(db, session_id)
    now = now or datetime.now(UTC)
    check_day(_session(db, session_id)[1], now, backdated)  # before anyone is registered
    with db.atomic():
        if member_id is None:
            if not person:
                raise UserError("กรุณาระบุชื่อผู้ลงทะเบียนหน้างาน")
            member_id = add_member(db, person)
        enrol_one(db, training_id, member_id, source="walk_in")
        result = mark_member(db, session_id, member_id, method=method, now=now, event_result="walk_in",
                             backdated=backdated)
    result.walk_in = True
    return result


def undo_mark(db: Database, session_id: str, member_id: str, *, now: datetime | None = None) -> None:
    """Take back a mark (a tombstone: it travels and the scan log keeps the history)."""
    actor = current_actor(db)
    at = iso(now or datetime.now(UTC))

    def write() -> None:
        if not soft_delete_where(db, "attendance", {"session_id": session_id, "member_id": member_id}, at=at,
                                 audit=False):
            raise UserError("ไม่มีการลงเวลาของบุคคลนี้ในรอบนี้ให้ยกเลิก")
        _event(db, session_id, member_id, None, "undo", at, actor, "typed")

    _write(db, write)


def set_status(db: Database, session_ids: list[str], member_ids: list[str], status: str, *, reason: str | None = None,
               overwrite: bool = False, method: str = "bulk", now: datetime | None = None) -> int:
    """Record excused (ลา, with a reason) or absent for many people at once; people already
    marked present or late keep their mark unless `overwrite`. Returns rows written."""
    if status not in (EXCUSED, ABSENT, PRESENT, LATE):
        raise ValueError(status)
    reason = normalize_text(reason or "") or None
    if status == EXCUSED and not reason:
        raise UserError("การลาต้องระบุเหตุผล", field="reason")
    actor, at = current_actor(db), iso(now or datetime.now(UTC))
    # Without overwrite, a stored present/late mark stays (a tombstoned one may be replaced).
    guard = None if overwrite else "(attendance.deleted_at IS NOT NULL OR attendance.status NOT IN ('present', 'late'))"
    rows: list[dict[str, Any]] = []
    with write_lock(db):
        for session_id in session_ids:
            training_id = _training_of(db, session_id)
            for member_id in member_ids:
                if not db.execute("SELECT 1 FROM enrolments WHERE training_id = ? AND member_id = ? "
                                  "AND deleted_at IS NULL", [training_id, member_id]).fetchone():
                    raise UserError("มีผู้ที่ไม่อยู่ในรายชื่อผู้เข้าอบรม", field="member")
                rows.append({"session_id": session_id, "member_id": member_id, "status": status, "marked_at": at,
                             "marked_by": actor, "method": method, "reason": reason, "substitute_for": None})
        written = upsert_links(db, "attendance", _ATTENDANCE_KEY, rows, at=at, only_if=guard, audit=False)
    return len(written)


def last_marks(db: Database, session_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """The session's latest marks, newest first (the desk's history strip)."""
    rows = db.query(  # _MEMBER_COLUMNS is a code constant; the session id is bound
        f"SELECT a.status, a.marked_at, a.marked_by, a.method, a.substitute_for, {_MEMBER_COLUMNS} "  # noqa: S608
        f"FROM attendance a JOIN members m ON m.id = a.member_id JOIN sectors s ON s.code = m.sector "
        "WHERE a.session_id = ? AND a.deleted_at IS NULL AND a.status IN ('present', 'late') "
        "ORDER BY a.marked_at DESC LIMIT ?", [session_id, limit],
    )
    out = []
    for found in rows:
        row = dict(found)
        row.pop("national_id", None)
        row["name"] = display_name(row)
        out.append(row)
    return out


def session_counts(db: Database, session_id: str) -> SessionCounts:
    """Live counters: registered, present (incl. late), late, excused, absent, substitutes, percent."""
    training_id = _training_of(db, session_id)
    registered = db.execute(
        "SELECT count(*) FROM enrolments WHERE training_id = ? AND deleted_at IS NULL AND source != 'substitute'",
        [training_id],
    ).fetchone()[0]
    counts = dict(db.execute(
        "SELECT status, count(*) FROM attendance WHERE session_id = ? AND deleted_at IS NULL GROUP BY status",
        [session_id],
    ).fetchall())
    subs = db.execute(
        "SELECT count(*) FROM attendance WHERE session_id = ? AND deleted_at IS NULL AND substitute_for IS NOT NULL",
        [session_id],
    ).fetchone()[0]
    present = counts.get(PRESENT, 0) + counts.get(LATE, 0)
    return {
        "registered": registered, "present": present, "late": counts.get(LATE, 0),
        "excused": counts.get(EXCUSED, 0), "absent": counts.get(ABSENT, 0), "substitutes": subs,
        "percent": round(100.0 * present / registered, 1) if registered else 0.0,
    }


def close_session(db: Database, session_id: str, *, mark_absent: bool | None = None,
                  now: datetime | None = None) -> SessionCounts:
    """Close the roll call: unmarked people become absent (the training's setting unless given)."""
    training_id, _, _, closed_at = _session(db, session_id)
    if closed_at:
        raise UserError("รอบนี้ปิดการลงเวลาไปแล้ว")
    if mark_absent is None:
        mark_absent = bool(db.execute("SELECT close_marks_absent FROM trainings WHERE id = ?",
                                      [training_id]).fetchone()[0])
    actor, at = current_actor(db), iso(now or datetime.now(UTC))
    with write_lock(db):
        absent = 0
        if mark_absent:
            unmarked_ids = [r[0] for r in db.execute(
                "SELECT e.member_id FROM enrolments e WHERE e.training_id = ? AND e.deleted_at IS NULL "
                "AND e.source != 'substitute' AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = ? "
                "AND a.member_id = e.member_id AND a.deleted_at IS NULL)", [training_id, session_id],
            ).fetchall()]
            absent = len(upsert_links(db, "attendance", _ATTENDANCE_KEY, [
                {"session_id": session_id, "member_id": member_id, "status": ABSENT, "marked_at": at,
                 "marked_by": actor, "method": "close", "reason": None, "substitute_for": None}
                for member_id in unmarked_ids
            ], at=at, audit=False))
        update_row(db, "training_sessions", session_id, {"closed_at": at, "closed_by": actor})
    counts = session_counts(db, session_id)
    counts["marked_absent"] = absent
    return counts


def unmarked(db: Database, session_id: str) -> list[dict[str, Any]]:
    """Registered people with no mark yet in the session, in Thai name order (who to excuse or
    mark absent at close)."""
    training_id = _training_of(db, session_id)
    rows = db.query(  # _MEMBER_COLUMNS is a code constant; the ids are bound
        f"SELECT {_MEMBER_COLUMNS} FROM enrolments e JOIN members m ON m.id = e.member_id "  # noqa: S608
        "JOIN sectors s ON s.code = m.sector WHERE e.training_id = ? AND e.deleted_at IS NULL "
        "AND e.source != 'substitute' AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = ? "
        "AND a.member_id = e.member_id AND a.deleted_at IS NULL) ORDER BY m.name_sort, m.id",
        [training_id, session_id],
    )
    return [_member_json(r) for r in rows]


def close_with_excuses(db: Database, session_id: str, excuses: Mapping[str, str], *, mark_absent: bool | None = None,
                       now: datetime | None = None) -> SessionCounts:
    """Close a roll call in one transaction: record ลา with its reason for each person in
    `excuses` (member id -> reason), then mark the rest absent (see close_session)."""
    missing = [mid for mid, reason in excuses.items() if not normalize_text(reason or "")]
    if missing:
        raise UserError(f"การลาต้องระบุเหตุผล (ยังไม่ได้ระบุ {len(missing)} คน)", field="reason")
    by_reason: dict[str, list[str]] = {}
    for member_id, reason in excuses.items():
        by_reason.setdefault(normalize_text(reason), []).append(member_id)
    with write_lock(db):
        excused = sum(set_status(db, [session_id], ids, EXCUSED, reason=reason, method="bulk", now=now)
                      for reason, ids in by_reason.items())
        counts = close_session(db, session_id, mark_absent=mark_absent, now=now)
    counts["marked_excused"] = excused
    return counts


def reopen_session(db: Database, session_id: str) -> None:
    """Open a closed roll call again (late arrivals can then be scanned over their 'absent')."""
    _, _, _, closed_at = _session(db, session_id)
    if not closed_at:
        raise UserError("รอบนี้ยังไม่ได้ปิด")
    update_row(db, "training_sessions", session_id, {"closed_at": None, "closed_by": None})


def format_mark_time(marked_at: str | None) -> str:
    """"๐๘.๔๒ น." in Bangkok time."""
    return format_thai_time(parse_iso(marked_at).astimezone(BANGKOK)) if marked_at else ""
