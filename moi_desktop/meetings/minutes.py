"""Minutes (รายงานการประชุม) from a meeting, in the seed-004 layout, through the document
engine (documents/minutes.py): this module only builds the MinutesSpec.

ผู้มาประชุม are the invitees who came, in their order, with position and หน้าที่ (a substitute
prints as "(แทน) <the invitee's position>", as seed 004 does); ผู้ไม่มาประชุม the invitees who did
not, with the reason; ผู้เข้าร่วมประชุม the other participants. Agenda 1–4 always print ("- ไม่มี -"
when empty), 5 only when used. Under วาระที่ ๒ the certification of the previous minutes, under
วาระที่ ๓ the open actions of earlier meetings of the series, with their status.

Issuing freezes the minutes: the spec is stored as JSON with the meeting and printed from there
ever after, whatever later changes (an action done, an official renamed). A re-issue after the
next meeting certified the minutes with amendments carries a note of what changed.
"""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from moi_desktop.db import Database, update_row
from moi_desktop.db.clock import iso
from moi_desktop.db.rows import write_lock
from moi_desktop.documents.spec import AgendaItem, Attendee, MinutesSpec, Signer
from moi_desktop.errors import UserError
from moi_desktop.meetings.actions import carried_actions
from moi_desktop.meetings.model import (
    AGENDA,
    ALWAYS_PRINTED,
    CERTIFY_AGENDA,
    FOLLOW_UP_AGENDA,
    ISSUED,
    NOTHING,
    PARTICIPANT,
    SUBSTITUTE,
)
from moi_desktop.meetings.store import (
    MANAGE,
    VIEW,
    certification_text,
    invitees,
    items,
    number_text,
    require_draft,
    require_meeting,
)
from moi_desktop.security.session import current_actor, require
from moi_desktop.thai import format_thai_date, format_thai_time

if TYPE_CHECKING:
    from moi_desktop.documents.page import DocumentTarget

FOLLOW_UP_HEADING = "ติดตามผลการดำเนินงานตามมติที่ประชุมครั้งก่อน"


def _time_text(value: str | None, td: bool) -> str:
    if not value:
        return ""
    hours, minutes = (int(x) for x in value.split(":"))
    return format_thai_time(time(hours, minutes), thai_digits=td)


def _paragraphs(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _action_line(n: int, action: dict[str, Any], on: date) -> str:
    due = action["due_date"]
    parts = [f"{n}) {action['what']}", f"ผู้รับผิดชอบ: {action['owner_name']}"]
    if due:
        parts.append(f"กำหนดแล้วเสร็จ {format_thai_date(due, 'medium', thai_digits=False)}")
    status = action["status_th"]
    if due and date.fromisoformat(due) < on:
        status += " (เกินกำหนด)"
    parts.append(f"สถานะ: {status}")
    return " ".join(parts)


def agenda(db: Database, meeting_id: str) -> list[dict[str, Any]]:
    """The five agenda numbers of a meeting: heading, items, and what is carried automatically
    (certification under ๒, open actions of the series under ๓)."""
    require(db, VIEW)
    meeting = require_meeting(db, meeting_id)
    all_items = items(db, meeting_id)
    out = []
    for number, standard in AGENDA.items():
        entry: dict[str, Any] = {
            "agenda_no": number, "heading": meeting["agenda_headings"].get(number, standard),
            "items": [i for i in all_items if i["agenda_no"] == number],
        }
        if number == CERTIFY_AGENDA:
            cert = certification_text(db, meeting)
            entry["certification"] = {"body": cert[0], "resolution": cert[1]} if cert else None
        if number == FOLLOW_UP_AGENDA:
            entry["carried_actions"] = carried_actions(db, meeting_id)
        out.append(entry)
    return out


def _agenda_item(number: int, entry: dict[str, Any], on: date) -> AgendaItem | None:
    body: list[str] = []
    resolution = ""
    cert = entry.get("certification")
    if cert:
        body.append(cert["body"])
        resolution = cert["resolution"]
    own = entry["items"]
    if len(own) == 1:
        item = own[0]
        body += ([item["title"]] if item["title"] else []) + _paragraphs(item["body"])
        if item["attachments"]:
            body.append("สิ่งที่แนบ: " + ", ".join(item["attachments"]))
        resolution = item["resolution"] or resolution
    else:
        for k, item in enumerate(own, 1):
            paragraphs = _paragraphs(item["body"])
            if item["title"]:
                body.append(f"{number}.{k} {item['title']}")
            elif paragraphs:
                paragraphs[0] = f"{number}.{k} {paragraphs[0]}"
            body += paragraphs
            if item["attachments"]:
                body.append("สิ่งที่แนบ: " + ", ".join(item["attachments"]))
            if item["resolution"]:
                body.append(f"มติที่ประชุม {item['resolution']}")
    carried = entry.get("carried_actions") or []
    if carried:
        body.append(FOLLOW_UP_HEADING)
        body += [_action_line(n, a, on) for n, a in enumerate(carried, 1)]
    if not body and not resolution:
        if number > ALWAYS_PRINTED:
            return None
        body = [NOTHING]
    return AgendaItem(title=entry["heading"], body=body, resolution=resolution)


def _signer(meeting: dict[str, Any], role: str) -> Signer | None:
    name = meeting.get(f"{role}_name")
    return Signer(name, meeting.get(f"{role}_position") or "") if name else None


def build_minutes_spec(db: Database, meeting_id: str, *, thai_digits: bool = True) -> MinutesSpec:
    """The minutes as they stand now (a draft), built from the meeting's rows."""
    require(db, VIEW)
    meeting = require_meeting(db, meeting_id)
    present: list[Attendee] = []
    absent: list[Attendee] = []
    for inv in invitees(db, meeting_id):
        role = inv["role"] or ""
        if inv["status"] in ("present",):
            present.append(Attendee(inv["name"], inv["position"] or "", role=role))
        elif inv["status"] == SUBSTITUTE:
            represented = f"(แทน) {inv['position'] or inv['name']}"
            present.append(Attendee(inv["came_name"], represented, role=role))
        else:
            absent.append(Attendee(inv["name"], inv["position"] or "", reason=inv["reason"] or ""))
    others = [Attendee(r["name"], r["position"] or "") for r in db.query(
        "SELECT name, position FROM meeting_attendance WHERE meeting_id = ? AND status = ? AND deleted_at IS NULL "
        "ORDER BY sort, id", [meeting_id, PARTICIPANT])]
    on = date.fromisoformat(meeting["date"])
    agenda_items = [a for a in (_agenda_item(e["agenda_no"], e, on) for e in agenda(db, meeting_id)) if a]
    # the engine numbers the agenda 1, 2, 3 … in order: a 5 without a 4 cannot happen (1–4 always print)
    note = meeting["amendment_note"] or ""
    spec = MinutesSpec(
        title=meeting["title"], number=number_text(meeting, thai_digits), date=on, place=meeting["place"] or "",
        present=present, agenda=agenda_items, absent=absent, others=others,
        start_time=_time_text(meeting["started_at"] or meeting["start_time"], thai_digits),
        end_time=_time_text(meeting["ended_at"] or meeting["end_time"], thai_digits),
        recorder=_signer(meeting, "recorder"), checker=_signer(meeting, "checker"), thai_digits=thai_digits,
    )
    if note:
        spec.note = f"ฉบับแก้ไข ครั้งที่ {int(meeting['revision']) + 1}: {note}"
    return spec


def spec_to_json(spec: MinutesSpec) -> str:
    data = asdict(spec)
    data.pop("warnings", None)
    data["date"] = spec.date.isoformat()
    return json.dumps(data, ensure_ascii=False)


def spec_from_json(text: str) -> MinutesSpec:
    data = json.loads(text)
    data["date"] = date.fromisoformat(data["date"])
    for key in ("present", "absent", "others"):
        data[key] = [Attendee(**a) for a in data.get(key) or []]
    data["agenda"] = [AgendaItem(**a) for a in data["agenda"]]
    for key in ("recorder", "checker"):
        data[key] = Signer(**data[key]) if data.get(key) else None
    return MinutesSpec(**data)


def minutes_spec(db: Database, meeting_id: str, *, thai_digits: bool = True) -> MinutesSpec:
    """The issued minutes as frozen at issue, or the draft as it stands now."""
    require(db, VIEW)
    meeting = require_meeting(db, meeting_id)
    if meeting["status"] == ISSUED and meeting["minutes_json"]:
        return spec_from_json(meeting["minutes_json"])
    return build_minutes_spec(db, meeting_id, thai_digits=thai_digits)


def issue_minutes(db: Database, meeting_id: str, *, now: datetime | None = None) -> MinutesSpec:
    """Issue (ออก) the minutes: frozen from now on. A re-issue after amendments counts a revision."""
    require(db, MANAGE)
    with write_lock(db):
        meeting = require_draft(db, meeting_id)
        if not meeting["chair_name"]:
            raise UserError("กรุณาระบุประธานในที่ประชุม", field="chair_name")
        spec = build_minutes_spec(db, meeting_id)
        revision = int(meeting["revision"]) + 1 if meeting["issued_at"] else 0
        update_row(db, "meetings", meeting_id, {
            "status": ISSUED, "issued_at": iso(now or datetime.now(UTC)), "issued_by": current_actor(db),
            "revision": revision, "minutes_json": spec_to_json(spec),
        })
    return spec


def render_meeting_minutes(db: Database, meeting_id: str, out: "DocumentTarget") -> "DocumentTarget":
    """The minutes PDF (draft or issued) of a meeting."""
    # deferred: the PDF engine (reportlab) loads when minutes are printed, not with the meetings area
    # (the home page lists today's meetings at start)
    from moi_desktop.documents.minutes import render_minutes

    spec = minutes_spec(db, meeting_id)
    return render_minutes(spec, out)


__all__ = ["agenda", "build_minutes_spec", "issue_minutes", "minutes_spec",
           "render_meeting_minutes", "spec_from_json", "spec_to_json"]
