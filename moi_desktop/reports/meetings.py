"""Meeting reports: the meeting register, follow-up actions by owner and status,
attendance rate per person across a series, the sign-in sheet of a meeting (QR per invited
member, keyed back at the desk in paper mode) and the minutes themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.signin import SigninRow, render_signin_sheet
from moi_desktop.errors import UserError
from moi_desktop.meetings import actions, invitees, list_meetings, meeting_title, render_meeting_minutes, series_names
from moi_desktop.meetings.model import ACTION_STATUSES, MINUTES_STATUSES
from moi_desktop.meetings.store import require_meeting
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.reports import ReportParam, ReportSpec
from moi_desktop.thai import format_thai_date

TABLES = ("meetings", "meeting_invitees", "meeting_attendance", "meeting_items", "meeting_actions")
VIEW = ("meetings.view",)


def _series_choices(db: Database) -> list[tuple[str, str]]:
    return [(s, s) for s in series_names(db)]


def _meeting_choices(db: Database) -> list[tuple[str, str]]:
    return [(m["id"], f"{meeting_title(m, False)} ({format_thai_date(m['date'], 'medium', False)})")
            for m in list_meetings(db)]


def _latest_meeting(db: Database) -> str | None:
    choices = _meeting_choices(db)
    return choices[0][0] if choices else None


def _latest_series(db: Database) -> str | None:
    names = series_names(db)
    return names[0] if names else None


SERIES = ReportParam("series", "ชุดการประชุม", kind="choice", choices=_series_choices)
SERIES_REQUIRED = ReportParam("series", "ชุดการประชุม", kind="choice", required=True, choices=_series_choices,
                              default=_latest_series)
MEETING = ReportParam("meeting", "การประชุม", kind="choice", required=True, choices=_meeting_choices,
                      default=_latest_meeting)


def meeting_register(db: Database, params: dict[str, Any]) -> ReportDefinition:
    rows = []
    for m in reversed(list_meetings(db, series=params.get("series"), year=params.get("year"))):
        rows.append({
            "number": f"{m['number']}/{m['year'] + 543}", "title": m["title"], "date": m["date"],
            "place": m["place"] or "", "chair": m["chair_name"] or "",
            "attended": f"{m['attended']}/{m['invited']}", "open": m["open_actions"],
            "status": MINUTES_STATUSES.get(m["status"], m["status"]),
        })
    return ReportDefinition(
        title="ทะเบียนการประชุม", subtitle=params.get("series") or "ทุกชุดการประชุม", as_of=date.today(),
        columns=[Column("number", "ครั้งที่", weight=0.6), Column("title", "การประชุม", weight=2.5),
                 Column("date", "วันที่", kind="date"), Column("place", "สถานที่", weight=1.5),
                 Column("chair", "ประธาน", kind="name", weight=1.3), Column("attended", "มา/เชิญ (คน)", weight=0.6),
                 Column("open", "งานค้าง", kind="int"), Column("status", "รายงานการประชุม")],
        rows=rows, numbered=True, prepared_by=PreparedBy(date=date.today()), sheet_name="ทะเบียนการประชุม",
    )


def actions_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """Actions by owner, then status (open first), then due date; overdue days for open ones."""
    today = date.today()
    found = actions(db, series=params.get("series"), status=params.get("status"))
    order = {k: n for n, k in enumerate(ACTION_STATUSES)}
    found.sort(key=lambda a: (a["owner_name"], order.get(a["status"], 9), a["due_date"] or "9999"))
    rows = []
    for a in found:
        late = (today - date.fromisoformat(a["due_date"])).days if a["due_date"] and a["status"] == "open" else 0
        rows.append({
            "owner": a["owner_name"], "kind": a["owner_kind_th"], "what": a["what"],
            "meeting": f"{a['meeting_number']}/{a['meeting_year'] + 543}", "due": a["due_date"],
            "status": a["status_th"], "late": late if late > 0 else None,
        })
    counts: dict[str, int] = {}
    for a in found:
        counts[a["status_th"]] = counts.get(a["status_th"], 0) + 1
    summary = ["รวม " + " ".join(f"{k} {v:,} รายการ" for k, v in counts.items())] if counts else []
    return ReportDefinition(
        title="งานที่ต้องติดตามจากมติที่ประชุม จำแนกตามผู้รับผิดชอบและสถานะ",
        subtitle=params.get("series") or "ทุกชุดการประชุม", as_of=today,
        columns=[Column("owner", "ผู้รับผิดชอบ", weight=1.5), Column("kind", "ประเภท", weight=0.8),
                 Column("what", "งานที่ต้องดำเนินการ", weight=3), Column("meeting", "จากการประชุมครั้งที่", weight=0.7),
                 Column("due", "กำหนดแล้วเสร็จ", kind="date"), Column("status", "สถานะ"),
                 Column("late", "เกินกำหนด (วัน)", kind="int")],
        rows=rows, numbered=True, summary=summary, prepared_by=PreparedBy(date=today), sheet_name="งานติดตาม",
    )


def attendance_rate(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """Each person invited in the series (a member, an official, or a name): how many meetings
    they were invited to, came, sent someone (มาแทน), did not come; rate = came / invited."""
    series = params["series"]
    meetings = list(reversed(list_meetings(db, series=series)))
    if not meetings:
        raise UserError("ไม่มีการประชุมในชุดนี้", field="series")
    people: dict[str, dict[str, Any]] = {}
    for m in meetings:
        for inv in invitees(db, m["id"]):
            key = inv["member_id"] or inv["official_id"] or inv["name"]
            row = people.setdefault(key, {"name": inv["name"], "position": inv["position"] or "", "invited": 0,
                                          "present": 0, "substitute": 0, "absent": 0})
            row["invited"] += 1
            status = inv["status"] or "absent"
            row[status if status in ("present", "substitute") else "absent"] += 1
    rows = []
    for row in sorted(people.values(), key=lambda r: (-r["present"] / r["invited"], r["name"])):
        rows.append({**row, "rate": 100.0 * row["present"] / row["invited"],
                     "with_sub": 100.0 * (row["present"] + row["substitute"]) / row["invited"]})
    return ReportDefinition(
        title="ร้อยละการเข้าประชุมรายบุคคล", subtitle=[series, f"การประชุม {len(meetings):,} ครั้ง"], as_of=date.today(),
        columns=[Column("name", "ชื่อ - สกุล", kind="name", weight=1.5), Column("position", "ตำแหน่ง", weight=1.8),
                 Column("invited", "เชิญ (ครั้ง)", kind="int"), Column("present", "มาเอง (ครั้ง)", kind="int"),
                 Column("substitute", "ส่งผู้แทน (ครั้ง)", kind="int"), Column("absent", "ไม่มา (ครั้ง)", kind="int"),
                 Column("rate", "ร้อยละที่มาเอง", kind="percent"),
                 Column("with_sub", "ร้อยละรวมผู้แทน", kind="percent")],
        rows=rows, numbered=True, prepared_by=PreparedBy(date=date.today()), sheet_name="การเข้าประชุม",
    )


@dataclass
class MeetingSignin:
    title: str
    when: str
    place: str
    rows: list[SigninRow]

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        if fmt != "pdf":
            raise UserError("ใบลงลายมือชื่อพิมพ์เป็น PDF เท่านั้น", field="--out")
        return render_signin_sheet(self.rows, out, course=self.title, session_text=self.when, place=self.place,
                                   title="ใบลงลายมือชื่อผู้เข้าประชุม", progress=progress, cancelled=cancelled)


def signin_sheet(db: Database, params: dict[str, Any]) -> MeetingSignin:
    """One row per invitee; invited members carry a QR of their member id (keyed back at the
    meeting's desk in paper mode); officials and named guests sign without one."""
    meeting = require_meeting(db, params["meeting"])
    people = invitees(db, meeting["id"])
    if not people:
        raise UserError("ยังไม่มีรายชื่อผู้เข้าประชุม", field="meeting")
    rows = [SigninRow(name=p["name"], unit=" ".join(x for x in (p["position"], p["role"]) if x),
                      code=p["member_id"] or "") for p in people]
    when = f"วันที่ {format_thai_date(meeting['date'], 'full', False)}"
    if meeting["start_time"]:
        when += f" เวลา {meeting['start_time'].replace(':', '.')} น."
    return MeetingSignin(meeting_title(meeting, False), when, meeting["place"] or "", rows)


@dataclass
class MeetingMinutes:
    db: Database
    meeting_id: str

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        if fmt != "pdf":
            raise UserError("รายงานการประชุมพิมพ์เป็น PDF เท่านั้น", field="--out")
        render_meeting_minutes(self.db, self.meeting_id, out)
        return out


def minutes(db: Database, params: dict[str, Any]) -> MeetingMinutes:
    return MeetingMinutes(db, require_meeting(db, params["meeting"])["id"])


REPORTS = [
    ReportSpec("meeting-register", "ทะเบียนการประชุม", "meetings", meeting_register,
               params=(SERIES, ReportParam("year", "ปี ค.ศ. ของการประชุม", kind="int")), actions=VIEW,
               requires_tables=TABLES, order=70),
    ReportSpec("meeting-actions", "งานที่ต้องติดตามจากมติที่ประชุม (ตามผู้รับผิดชอบและสถานะ)", "meetings", actions_report,
               params=(SERIES, ReportParam("status", "สถานะ", kind="choice",
                                           choices=lambda db: list(ACTION_STATUSES.items()))),
               actions=VIEW, requires_tables=TABLES, order=71),
    ReportSpec("meeting-attendance", "ร้อยละการเข้าประชุมรายบุคคลตลอดชุดการประชุม", "meetings", attendance_rate,
               params=(SERIES_REQUIRED,), actions=VIEW, requires_tables=TABLES, order=72),
    ReportSpec("meeting-signin", "ใบลงลายมือชื่อผู้เข้าประชุม (พร้อมรหัสสำหรับสแกน)", "meetings", signin_sheet,
               formats=("pdf",), params=(MEETING,), actions=VIEW, requires_tables=TABLES, order=73),
    ReportSpec("meeting-minutes", "รายงานการประชุม", "meetings", minutes, formats=("pdf",), params=(MEETING,),
               actions=VIEW, requires_tables=TABLES, order=74),
]
