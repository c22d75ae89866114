"""Meetings: create, change, list; numbering within a series per calendar year; invitees;
agenda items with their resolutions; certification of the previous minutes (วาระที่ ๒).

Every operation checks the acting user's permission itself (meetings.manage to change,
meetings.view to read) and writes through db/rows.py (audited there). A meeting whose minutes are
issued is frozen: its fields, invitees, attendance and items refuse changes until the next
meeting certifies the minutes with amendments (which opens them again for the re-issue).
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from moi_desktop.meetings import people
from moi_desktop.meetings.model import (
    AGENDA,
    AMENDED,
    AS_IS,
    CERTIFICATIONS,
    DRAFT,
    END_BEFORE_START,
    FROZEN,
    INVITEE_KINDS,
    ISSUED,
    NO_CHAIR,
)
from moi_desktop.security.session import allowed, require
from moi_desktop.thai import format_thai_date, normalize_text, parse_thai_date, to_arabic_digits, to_thai_digits

MANAGE, VIEW = "meetings.manage", "meetings.view"
_TIME = re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})(\s*น\.?)?$")
TEXT_FIELDS = ("title", "series", "place", "notes")


def clean_time(value: Any, field: str) -> str | None:
    """"HH:MM" from 9:30, 09.30, ๐๙.๓๐ น. …; None for nothing (UserError when unreadable)."""
    text = normalize_text(to_arabic_digits(str(value or "")))
    if not text:
        return None
    found = _TIME.match(text)
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise UserError(f"อ่านเวลาไม่ได้ ({value}) ใช้รูปแบบ ๐๙.๓๐ หรือ 09:30", field=field)
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = normalize_text(str(value or ""))
    if not text:
        raise UserError("กรุณาระบุวันที่ประชุม", field="date")
    return parse_thai_date(text)


def number_text(meeting: Mapping[str, Any], thai_digits: bool = True) -> str:
    """"๓/๒๕๖๙": the number within the series and the Buddhist-era year."""
    text = f"{meeting['number']}/{int(meeting['year']) + 543}"
    return to_thai_digits(text) if thai_digits else text


def meeting_title(meeting: Mapping[str, Any], thai_digits: bool = True) -> str:
    """"ประชุมติดตามโครงการอำเภอนำร่อง ครั้งที่ ๓/๒๕๖๙"."""
    return f"{meeting['title']} ครั้งที่ {number_text(meeting, thai_digits)}"


def get_meeting(db: Database, meeting_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meetings WHERE id = ? AND deleted_at IS NULL", [meeting_id]))
    if not rows:
        return None
    meeting = dict(rows[0])
    meeting["agenda_headings"] = {int(k): v for k, v in json.loads(meeting["agenda_headings"] or "{}").items()}
    return meeting


def require_meeting(db: Database, meeting_id: str) -> dict[str, Any]:
    meeting = get_meeting(db, meeting_id)
    if meeting is None:
        raise UserError("ไม่พบการประชุมที่ระบุ (อาจถูกลบไปแล้ว)", field="meeting")
    return meeting


def require_draft(db: Database, meeting_id: str) -> dict[str, Any]:
    """The meeting, refusing (Thai) when its minutes are issued and so frozen."""
    meeting = require_meeting(db, meeting_id)
    if meeting["status"] == ISSUED:
        raise UserError(FROZEN, field="status")
    return meeting


def clean_meeting(db: Database, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated values of a meeting's editable fields (UserError, Thai, on the first problem)."""
    values: dict[str, Any] = {}
    values["title"] = normalize_text(str(data.get("title") or ""))
    if not values["title"]:
        raise UserError("กรุณาระบุชื่อการประชุม", field="title")
    values["series"] = normalize_text(str(data.get("series") or "")) or values["title"]
    values["date"] = _date(data.get("date")).isoformat()
    values["place"] = normalize_text(str(data.get("place") or "")) or None
    values["notes"] = normalize_text(str(data.get("notes") or ""), multiline=True) or None
    values["start_time"] = clean_time(data.get("start_time"), "start_time")
    values["end_time"] = clean_time(data.get("end_time"), "end_time")
    if values["start_time"] and values["end_time"] and values["end_time"] <= values["start_time"]:
        raise UserError(END_BEFORE_START, field="end_time")
    values["started_at"] = clean_time(data.get("started_at"), "started_at")
    values["ended_at"] = clean_time(data.get("ended_at"), "ended_at")
    if values["started_at"] and values["ended_at"] and values["ended_at"] <= values["started_at"]:
        raise UserError(END_BEFORE_START, field="ended_at")
    for role in ("chair", "secretary", "recorder", "checker"):
        official_id, name, position = people.person(db, dict(data), role)
        values[f"{role}_official_id"], values[f"{role}_name"] = official_id, name or None
        values[f"{role}_position"] = position or None
    if not values["chair_name"]:
        raise UserError(NO_CHAIR, field="chair_name")
    headings = data.get("agenda_headings") or {}
    if isinstance(headings, str):
        headings = json.loads(headings)
    cleaned = {}
    for key, text in dict(headings).items():
        number = int(key)
        if number not in AGENDA:
            raise UserError("ระเบียบวาระมีได้ตั้งแต่ ๑ ถึง ๕", field="agenda_headings")
        text = normalize_text(str(text or ""))
        if text and text != AGENDA[number]:
            cleaned[str(number)] = text
    values["agenda_headings"] = json.dumps(cleaned, ensure_ascii=False) if cleaned else None
    return values


def _next_number(db: Database, series: str, year: int, *, exclude: str | None = None) -> int:
    row = db.execute(
        "SELECT max(number) FROM meetings WHERE series = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?",
        [series, year, exclude],
    ).fetchone()
    return int(row[0] or 0) + 1


def create_meeting(db: Database, data: Mapping[str, Any]) -> str:
    """A new meeting, numbered next in its series for the calendar year of its date (ครั้งที่ 1
    again each January)."""
    require(db, MANAGE)
    values = clean_meeting(db, data)
    with write_lock(db):
        year = date.fromisoformat(values["date"]).year
        values.update(year=year, number=_next_number(db, values["series"], year), status=DRAFT, revision=0)
        return insert_row(db, "meetings", values)


def update_meeting(db: Database, meeting_id: str, data: Mapping[str, Any]) -> None:
    """Change a draft meeting (fields not given keep their value); a move to another year or
    series takes the next number there."""
    require(db, MANAGE)
    with write_lock(db):
        current = require_draft(db, meeting_id)
        merged = {**current, **dict(data)}
        values = clean_meeting(db, merged)
        year = date.fromisoformat(values["date"]).year
        if (values["series"], year) != (current["series"], current["year"]):
            values.update(year=year, number=_next_number(db, values["series"], year, exclude=meeting_id))
        update_row(db, "meetings", meeting_id, values)


def delete_meeting(db: Database, meeting_id: str) -> None:
    require(db, MANAGE)
    require_draft(db, meeting_id)
    soft_delete(db, "meetings", meeting_id)


def list_meetings(db: Database, *, series: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Meetings, newest first, with counts of invitees, invitees who came (themselves or by a
    substitute) and open actions."""
    require(db, VIEW)
    where: list[str] = ["m.deleted_at IS NULL"]
    params: list[str | int] = []
    if series:
        where.append("m.series = ?")
        params.append(series)
    if year:
        where.append("m.year = ?")
        params.append(year)
    sql = (  # fixed fragments; every value is bound
        "SELECT m.*, "  # noqa: S608
        "(SELECT count(*) FROM meeting_invitees i WHERE i.meeting_id = m.id AND i.deleted_at IS NULL) AS invited, "
        "(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.deleted_at IS NULL "
        " AND a.invitee_id IS NOT NULL AND a.status IN ('present', 'substitute')) AS attended, "
        "(SELECT count(*) FROM meeting_actions x WHERE x.meeting_id = m.id AND x.deleted_at IS NULL "
        " AND x.status = 'open') AS open_actions "
        f"FROM meetings m WHERE {' AND '.join(where)} ORDER BY m.date DESC, m.number DESC"
    )
    return [dict(r) for r in db.query(sql, params)]


@dataclass(frozen=True)
class MeetingToday:
    """A meeting of the day as the home page lists it."""

    id: str
    title: str  # "ประชุมติดตาม… ครั้งที่ ๓/๒๕๖๙ เวลา ๐๙.๓๐ น. ณ …"
    start_time: str | None
    place: str | None


def meetings_on(db: Database, day: date) -> list[MeetingToday]:
    """The meetings held on `day`, by start time (for the home page; nothing for a user who may
    not see meetings)."""
    if not allowed(db, VIEW):
        return []
    out = []
    for row in db.query("SELECT * FROM meetings WHERE date = ? AND deleted_at IS NULL ORDER BY start_time, number",
                        [day.isoformat()]):
        text = meeting_title(row)
        if row["start_time"]:
            text += to_thai_digits(f" เวลา {row['start_time'].replace(':', '.')} น.")
        if row["place"]:
            text += f" ณ {row['place']}"
        out.append(MeetingToday(row["id"], text, row["start_time"], row["place"]))
    return out


def series_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT series FROM meetings WHERE deleted_at IS NULL GROUP BY series ORDER BY max(date) DESC").fetchall()]


def previous_meeting(db: Database, meeting: Mapping[str, Any]) -> dict[str, Any] | None:
    """The meeting of the same series just before this one (by date, then number)."""
    row = db.execute(
        "SELECT id FROM meetings WHERE series = ? AND deleted_at IS NULL AND id != ? AND "
        "(date < ? OR (date = ? AND year * 1000 + number < ?)) ORDER BY date DESC, year DESC, number DESC LIMIT 1",
        [meeting["series"], meeting["id"], meeting["date"], meeting["date"],
         int(meeting["year"]) * 1000 + int(meeting["number"])],
    ).fetchone()
    return get_meeting(db, row[0]) if row else None


# -- invitees ----------------------------------------------------------------------------------
def add_invitee(db: Database, meeting_id: str, *, member_id: str | None = None, official_id: str | None = None,
                name: str | None = None, position: str | None = None, role: str | None = None) -> str:
    """Invite a member, an official, or someone named in free text; `role` is their หน้าที่
    (ประธาน / กรรมการ / เลขานุการ …). Typed name/position override the registry's wording."""
    require(db, MANAGE)
    with write_lock(db):
        require_draft(db, meeting_id)
        if member_id:
            kind = "member"
            found_name, found_position = people.member(db, member_id)
            if db.execute("SELECT 1 FROM meeting_invitees WHERE meeting_id = ? AND member_id = ? "
                          "AND deleted_at IS NULL", [meeting_id, member_id]).fetchone():
                raise UserError(f"{found_name} อยู่ในรายชื่อผู้เข้าประชุมแล้ว", field="member")
        elif official_id:
            kind = "official"
            found_name, found_position = people.official(db, official_id)
        else:
            kind, found_name, found_position = "other", "", ""
        name = normalize_text(name or "") or found_name
        if not name:
            raise UserError("กรุณาระบุชื่อผู้เข้าประชุม", field="name")
        sort = db.execute("SELECT coalesce(max(sort), 0) + 1 FROM meeting_invitees WHERE meeting_id = ?",
                          [meeting_id]).fetchone()[0]
        return insert_row(db, "meeting_invitees", {
            "meeting_id": meeting_id, "kind": kind, "member_id": member_id or None, "official_id": official_id or None,
            "name": name, "position": normalize_text(position or "") or found_position or None,
            "role": normalize_text(role or "") or None, "sort": sort,
        })


def remove_invitee(db: Database, invitee_id: str) -> None:
    require(db, MANAGE)
    row = db.execute("SELECT meeting_id FROM meeting_invitees WHERE id = ? AND deleted_at IS NULL",
                     [invitee_id]).fetchone()
    if row is None:
        raise UserError("ไม่พบผู้ได้รับเชิญที่ระบุ", field="invitee")
    with write_lock(db):
        require_draft(db, row[0])
        for (att_id,) in db.execute("SELECT id FROM meeting_attendance WHERE invitee_id = ? AND deleted_at IS NULL",
                                    [invitee_id]).fetchall():
            soft_delete(db, "meeting_attendance", att_id)
        soft_delete(db, "meeting_invitees", invitee_id)


def invitees(db: Database, meeting_id: str) -> list[dict[str, Any]]:
    """Invitees in order, each with its attendance (status, reason, who came for them)."""
    require(db, VIEW)
    rows = [dict(r) for r in db.query(
        "SELECT i.*, a.id AS attendance_id, a.status AS status, a.reason AS reason, a.name AS came_name, "
        "a.position AS came_position, a.member_id AS came_member_id, a.marked_at AS marked_at "
        "FROM meeting_invitees i LEFT JOIN meeting_attendance a ON a.invitee_id = i.id AND a.deleted_at IS NULL "
        "WHERE i.meeting_id = ? AND i.deleted_at IS NULL ORDER BY i.sort, i.id", [meeting_id])]
    for row in rows:
        row["kind_th"] = INVITEE_KINDS.get(row["kind"], row["kind"])
    return rows


# -- agenda items ------------------------------------------------------------------------------
def _attachments(value: Any) -> str | None:
    if value in (None, "", []):
        return None
    items = json.loads(value) if isinstance(value, str) and value.startswith("[") else value
    if isinstance(items, str):
        items = [items]
    cleaned = [normalize_text(str(x)) for x in items if normalize_text(str(x or ""))]
    return json.dumps(cleaned, ensure_ascii=False) if cleaned else None


def _item_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "agenda_no" in data:
        try:
            number = int(to_arabic_digits(str(data["agenda_no"])))
        except ValueError:
            number = 0
        if number not in AGENDA:
            raise UserError("ระเบียบวาระมีได้ตั้งแต่ ๑ ถึง ๕", field="agenda_no")
        values["agenda_no"] = number
    for key in ("title", "resolution"):
        if key in data:
            values[key] = normalize_text(str(data[key] or "")) or None
    if "body" in data:
        values["body"] = normalize_text(str(data["body"] or ""), multiline=True) or None
    if "attachments" in data:
        values["attachments"] = _attachments(data["attachments"])
    return values


def add_item(db: Database, meeting_id: str, data: Mapping[str, Any]) -> str:
    """A new item under agenda `agenda_no` (1–5): title, body (paragraphs on their own lines),
    attachments (names) and resolution (มติที่ประชุม), placed after the agenda's other items."""
    require(db, MANAGE)
    values = _item_values({"agenda_no": data.get("agenda_no"), **dict(data)})
    if not (values.get("title") or values.get("body") or values.get("resolution")):
        raise UserError("กรุณาระบุเรื่องหรือรายละเอียดของวาระ", field="body")
    with write_lock(db):
        require_draft(db, meeting_id)
        sort = db.execute("SELECT coalesce(max(sort), 0) + 1 FROM meeting_items WHERE meeting_id = ? "
                          "AND agenda_no = ? AND deleted_at IS NULL", [meeting_id, values["agenda_no"]]).fetchone()[0]
        return insert_row(db, "meeting_items", {"meeting_id": meeting_id, "sort": sort, "title": None, "body": None,
                                                 "attachments": None, "resolution": None, **values})


def _item_meeting(db: Database, item_id: str) -> str:
    row = db.execute("SELECT meeting_id FROM meeting_items WHERE id = ? AND deleted_at IS NULL", [item_id]).fetchone()
    if row is None:
        raise UserError("ไม่พบวาระที่ระบุ (อาจถูกลบไปแล้ว)", field="item")
    return str(row[0])


def update_item(db: Database, item_id: str, data: Mapping[str, Any]) -> None:
    require(db, MANAGE)
    values = _item_values(data)
    with write_lock(db):
        require_draft(db, _item_meeting(db, item_id))
        update_row(db, "meeting_items", item_id, values)


def resolve_item(db: Database, item_id: str, resolution: str) -> None:
    """Record the meeting's resolution (มติที่ประชุม) on an item."""
    if not normalize_text(resolution or ""):
        raise UserError("กรุณาระบุมติที่ประชุม", field="resolution")
    update_item(db, item_id, {"resolution": resolution})


def delete_item(db: Database, item_id: str) -> None:
    require(db, MANAGE)
    with write_lock(db):
        require_draft(db, _item_meeting(db, item_id))
        soft_delete(db, "meeting_items", item_id)


def items(db: Database, meeting_id: str) -> list[dict[str, Any]]:
    require(db, VIEW)
    rows = [dict(r) for r in db.query(
        "SELECT * FROM meeting_items WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY agenda_no, sort, id",
        [meeting_id])]
    for row in rows:
        row["attachments"] = json.loads(row["attachments"]) if row["attachments"] else []
    return rows


# -- certification of the previous minutes (วาระที่ ๒) -----------------------------------------
def certify_previous(db: Database, meeting_id: str, *, amendments: str | None = None) -> dict[str, Any]:
    """This meeting certifies the previous meeting's issued minutes, as they are or with
    amendments. With amendments the previous minutes open again for editing and are re-issued
    (revision + 1) with a note of what changed. Returns the previous meeting."""
    require(db, MANAGE)
    note = normalize_text(amendments or "", multiline=True) or None
    with write_lock(db):
        meeting = require_draft(db, meeting_id)
        previous = previous_meeting(db, meeting)
        if previous is None:
            raise UserError("ไม่มีการประชุมครั้งก่อนในชุดการประชุมนี้ให้รับรอง", field="certification")
        # minutes reopened by this meeting's own amendments may be certified again (a changed decision)
        if previous["status"] != ISSUED and meeting["certifies_meeting_id"] != previous["id"]:
            raise UserError(f"รายงานการประชุมครั้งที่ {number_text(previous)} ยังไม่ได้ออก จึงยังรับรองไม่ได้",
                            field="certification")
        update_row(db, "meetings", meeting_id, {
            "certifies_meeting_id": previous["id"], "certification": AMENDED if note else AS_IS,
            "certification_note": note,
        })
        if note:
            update_row(db, "meetings", previous["id"], {
                "status": DRAFT,
                "amendment_note": f"แก้ไขตามมติที่ประชุมครั้งที่ {number_text(meeting)}: {note}",
            })
    return previous


def certification_text(db: Database, meeting: Mapping[str, Any]) -> tuple[str, str] | None:
    """(body, resolution) printed under วาระที่ ๒ when this meeting certified the previous minutes."""
    if not meeting.get("certifies_meeting_id"):
        return None
    previous = get_meeting(db, meeting["certifies_meeting_id"])
    if previous is None:
        return None
    body = (f"ฝ่ายเลขานุการได้จัดทำรายงานการประชุมครั้งที่ {number_text(previous, False)} "
            f"เมื่อวันที่ {format_thai_date(previous['date'], 'full', thai_digits=False)} "
            "และเสนอที่ประชุมเพื่อพิจารณารับรอง")
    if meeting["certification"] == AMENDED:
        resolution = f"{CERTIFICATIONS[AMENDED]} ดังนี้ {meeting['certification_note']}"
    else:
        resolution = CERTIFICATIONS[AS_IS]
    return body, resolution


def set_headings(db: Database, meeting_id: str, headings: Mapping[int | str, str]) -> None:
    update_meeting(db, meeting_id, {"agenda_headings": {str(k): v for k, v in headings.items()}})


def reorder(db: Database, table: str, ids: Sequence[str]) -> None:
    """Put invitees or items in the order given (sort 1, 2, 3 …)."""
    if table not in ("meeting_invitees", "meeting_items"):
        raise ValueError(table)
    require(db, MANAGE)
    with write_lock(db):
        for n, row_id in enumerate(ids, 1):
            update_row(db, table, row_id, {"sort": n})
