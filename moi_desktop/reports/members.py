"""Partner-network reports: members by sector (seed-004 style counts and percentages), the sector
summary table, a contact list and name cards with QR codes (PDF)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from moi_desktop.db import Database
from moi_desktop.documents.fonts import get_document_font, get_fonts
from moi_desktop.documents.namecards import NameCard, render_namecards
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.errors import UserError
from moi_desktop.members.exports import record_contact_export, record_id_disclosure, shown_id
from moi_desktop.members.reports_data import (
    iter_members_for_report,
    members_for_report,
    sector_counts,
    sector_counts_for,
    seed_style_lines,
)
from moi_desktop.office import get_office
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.reports import (
    ReportParam,
    ReportSpec,
    district_param,
    district_subtitle,
    district_where,
)
from moi_desktop.thai import format_phone, phone_problem

BANGKOK = ZoneInfo("Asia/Bangkok")
TITLE = "ภาคีเครือข่าย ๗ ภาคี"


def _sector_choices(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT code, name_th FROM sectors ORDER BY sort")]


def _team_choices(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT code, name_th FROM team_roles ORDER BY sort")]


FILTERS = (
    district_param(),
    ReportParam("sector", "ภาคี", kind="choice", choices=_sector_choices),
    ReportParam("team", "ทีม", kind="choice", choices=_team_choices),
    ReportParam("active", "เฉพาะผู้ที่ยังใช้งาน", kind="bool", default=lambda db: True),
)


NO_MEMBERS = "ไม่มีรายชื่อภาคีเครือข่ายตามเงื่อนไขที่เลือก"


def _filters(db: Database, params: dict[str, Any]) -> dict[str, Any]:
    """The member query's keyword arguments for these report parameters."""
    active = params.get("active")
    return {"sector": params.get("sector"), "team_role": params.get("team"),
            "active_only": True if active is None else bool(active),
            "scope": district_where(db, params, alias="m") if params.get("district") else None}


def _rows(db: Database, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows = members_for_report(db, **_filters(db, params))
    if not rows:
        raise UserError(NO_MEMBERS)
    return rows


def _heading(db: Database, params: dict[str, Any]) -> list[str]:
    office = get_office(db)
    lines = [office.org_name] if office else []
    lines += district_subtitle(db, params)
    if params.get("team"):
        team = dict(_team_choices(db)).get(params["team"])
        lines.append(team or "")
    return lines


def _today() -> date:
    return datetime.now(BANGKOK).date()


def _phone(value: str | None) -> str:
    if not value:
        return ""
    return format_phone(value) if phone_problem(value) is None else value


def by_sector(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """Every member, streamed from the database while the document is written (100,000 members
    never sit in memory); the counts of the summary come from the database first."""
    filters = _filters(db, params)
    counts = sector_counts_for(db, **filters)
    total = sum(c.count for c in counts)
    if not total:
        raise UserError(NO_MEMBERS)
    return ReportDefinition(
        title=[f"รายชื่อ{TITLE} จำแนกตามภาคี"],
        subtitle=_heading(db, params),
        as_of=_today(),
        columns=[
            Column("sector", "ภาคีเครือข่าย", weight=1.3),
            Column("name", "ชื่อ-สกุล", weight=1.6, kind="name"),
            Column("organisation", "หน่วยงาน/องค์กร", weight=1.8),
            Column("position", "ตำแหน่ง", weight=1.2),
            Column("team", "ทีม", weight=1.2),
        ],
        rows=(
            {"sector": r["sector_label"], "name": r["name"], "organisation": r["organisation"] or "",
             "position": r["position"] or "", "team": r["team_role_name"] or ""}
            for r in iter_members_for_report(db, **filters)
        ),
        numbered=True,
        summary=[f"รวมทั้งสิ้น {total:,} คน แบ่งเป็น", *(f"- {line}" for line in seed_style_lines(counts))],
        prepared_by=PreparedBy(date=_today()),
        orientation="landscape",
        sheet_name="รายชื่อตามภาคี",
    )


def sector_summary(db: Database, params: dict[str, Any]) -> ReportDefinition:
    rows = _rows(db, params)
    counts = sector_counts(rows)
    return ReportDefinition(
        title=[f"สรุปจำนวน{TITLE}"],
        subtitle=_heading(db, params),
        as_of=_today(),
        columns=[
            Column("label", "ภาคีเครือข่าย", weight=3),
            Column("count", "จำนวน (คน)", kind="int"),
            Column("percent", "ร้อยละ", kind="percent"),
        ],
        rows=[{"label": c.label, "count": c.count, "percent": round(c.percent, 1)} for c in counts],
        numbered=True,
        totals={"label": "", "count": len(rows), "percent": 100.0},
        summary=seed_style_lines(counts),
        prepared_by=PreparedBy(date=_today()),
        sheet_name="สรุปตามภาคี",
    )


def contact_text(phone: str | None, email: str | None, line_id: str | None) -> str:
    """Phone, e-mail and LINE in one cell: in a column narrower than all three (the usual case)
    the phone stays on the first line and the e-mail/LINE wrap below it, each one whole."""
    return " ".join(x for x in (_phone(phone), email, line_id and f"LINE: {line_id}") if x)


def _contact_row(r: dict[str, Any], show_ids: bool) -> dict[str, str]:
    organisation = " ".join(x for x in (r["position"], r["organisation"]) if x)
    sector = r["sector_label"].removeprefix("ภาคีเครือข่าย")
    return {
        "name": r["name"], "organisation": organisation, "sector": sector,
        "unit": f"{organisation} ({sector})" if organisation else sector,
        "contact": contact_text(r["phone"], r["email"], r["line_id"]),
        "national_id": shown_id(r["national_id"], True) if show_ids else "",
    }


def contacts(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """Name, unit, sector and one ติดต่อ column. The national-ID column appears only when the
    full numbers are asked for (and audited): a masked ID helps nobody reach a partner. Its room
    comes from the sector, which then follows the unit in brackets, so names stay whole."""
    rows = _rows(db, params)
    show_ids = bool(params.get("show_ids"))
    record_contact_export(db, "report members-contacts", len(rows))
    if show_ids:
        record_id_disclosure(db, "report members-contacts", sum(1 for r in rows if r["national_id"]))
        columns = [
            Column("name", "ชื่อ-สกุล", weight=1.6, kind="name"),
            Column("unit", "หน่วยงาน/ตำแหน่ง (ภาคี)", weight=2),
            Column("contact", "ติดต่อ", weight=1.6),
            Column("national_id", "เลขประจำตัวประชาชน", weight=1.2),
        ]
    else:
        columns = [
            Column("name", "ชื่อ-สกุล", weight=1.6, kind="name"),
            Column("organisation", "หน่วยงาน/ตำแหน่ง", weight=2),
            Column("sector", "ภาคี", weight=1.1),
            Column("contact", "ติดต่อ", weight=1.6),
        ]
    return ReportDefinition(
        title=[f"ทำเนียบ{TITLE}"],
        subtitle=_heading(db, params),
        as_of=_today(),
        columns=columns,
        rows=[
            _contact_row(r, show_ids)
            for r in rows
        ],
        numbered=True,
        summary=[f"รวม {len(rows):,} คน"],
        prepared_by=PreparedBy(date=_today()),
        orientation="landscape",
        sheet_name="ทำเนียบ",
    )


class _NameCards:
    """Name cards: a PDF-only custom document (the QR carries the member id, never the ID card)."""

    def __init__(self, db: Database, params: dict[str, Any]) -> None:
        office = get_office(db)
        self.header = office.org_name if office else ""
        self.rows = _rows(db, params)
        self.font = get_document_font(db)

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        cards = [
            NameCard(
                name=r["name"],
                lines=[x for x in (" ".join(y for y in (r["position"], r["organisation"]) if y),
                                   r["sector_label"], r["team_role_name"]) if x],
                code=r["id"],
            )
            for r in self.rows
        ]
        return render_namecards(cards, out, header=self.header, progress=progress, cancelled=cancelled,
                                fonts=get_fonts(self.font))


def namecards(db: Database, params: dict[str, Any]) -> _NameCards:
    return _NameCards(db, params)


REPORTS = [
    ReportSpec(
        key="members-by-sector",
        title_th="รายชื่อภาคีเครือข่ายจำแนกตามภาคี",
        area="members",
        build=by_sector,
        params=FILTERS,
        requires_tables=("members",),
        description="รายชื่อเรียงตามภาคี พร้อมสรุปจำนวนและร้อยละแบบรายงานของกระทรวง",
        order=30,
    ),
    ReportSpec(
        key="members-sector-summary",
        title_th="สรุปจำนวนภาคีเครือข่ายตามภาคี",
        area="members",
        build=sector_summary,
        params=FILTERS,
        requires_tables=("members",),
        description="ตารางจำนวนคนและร้อยละของแต่ละภาคี",
        order=31,
    ),
    ReportSpec(
        key="members-contacts",
        title_th="ทำเนียบภาคีเครือข่าย (รายชื่อติดต่อ)",
        area="members",
        build=contacts,
        params=FILTERS + (ReportParam("show_ids", "แสดงเลขประจำตัวประชาชนเต็ม (บันทึกในบันทึกการใช้งาน)",
                                      kind="bool", default=lambda db: False, action="members.export_personal"),),
        actions=("reports.view", "members.export_personal"),  # every partner's phone, e-mail, LINE: a full export
        requires_tables=("members",),
        description="ชื่อ หน่วยงาน โทรศัพท์ อีเมล/LINE — เลขประจำตัวประชาชนแสดงเฉพาะเมื่อยืนยัน",
        order=32,
    ),
    ReportSpec(
        key="members-namecards",
        title_th="ป้ายชื่อภาคีเครือข่าย (QR สำหรับลงเวลา)",
        area="members",
        build=namecards,
        formats=("pdf",),
        params=FILTERS,
        requires_tables=("members",),
        description="ป้ายชื่อ ๘ ใบต่อหน้า A4 พร้อม QR รหัสสมาชิก (ไม่ใช่เลขประจำตัวประชาชน)",
        order=33,
    ),
]
