"""Attendance reports: matrix, summary by district and partner sector, eligibility list,
anomalies, certificate register, certificates, sign-in sheets and the procurement list.

All take `training` (its id; `report KEY --training ID` on the command line). Certificates and
sign-in sheets are documents rather than tables (CustomReport objects). Printing certificates
issues the pending ones first (serial numbers are given at issue) and counts the print, so a
second print of the same certificate comes out marked สำเนา.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK, to_bangkok
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.signin import SigninRow, render_signin_sheet
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.reports import (
    ReportParam,
    ReportSpec,
    district_param,
    district_row_ids,
    district_subtitle,
)
from moi_desktop.thai import format_thai_date, format_thai_date_range
from moi_desktop.trainings import (
    CertificateBatch,
    anomalies,
    certificate_batch,
    compute_materials,
    eligibility,
    eligibility_summary,
    enrolled,
    list_trainings,
    register,
    require_session,
    require_training,
    session_label,
    sessions,
    training_title,
)

# Present is "/" as on paper registers (the bundled fonts have no ✓ glyph); the rest are the
# Thai initials used on paper: ส(าย) ล(า) ข(าด), and ท for "attended for someone else" (แทน).
MARKS = {"present": "/", "late": "ส", "excused": "ล", "absent": "ข"}
SUB_MARK = "ท"
LEGEND = "/ มา   ส มาสาย   ล ลา   ข ขาด   ท มาแทนผู้อื่น   (ว่าง) ยังไม่ได้ลงเวลา"
SLOT_SHORT = {"morning": "ช", "noon": "บ", "evening": "ย", "other": "พ"}
SHORT_STATUS = {"eligible": "ผ่าน", "can_reach": "ยังผ่านได้", "cannot_reach": "ไม่ผ่าน"}
TABLES = ("trainings", "training_sessions", "enrolments", "attendance")


def _training_choices(db: Database) -> list[tuple[str, str]]:
    return [(t["id"], f"{training_title(t)} ({format_thai_date(t['start_date'], 'medium', False)})")
            for t in list_trainings(db)]


def _latest_training(db: Database) -> str | None:
    choices = _training_choices(db)
    return choices[0][0] if choices else None


def _session_choices(db: Database) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for t in list_trainings(db):
        for s in sessions(db, t["id"]):
            out.append((s["id"], f"{training_title(t)} — {session_label(s, thai_digits=False)}"))
    return out


TRAINING = ReportParam("training", "การอบรม", kind="choice", required=True, default=_latest_training,
                       choices=_training_choices)
# At a province office: only the people the chosen district sent (a person's district is their member row's).
DISTRICT = district_param()


def _people(db: Database, params: dict[str, Any]) -> list[str] | None:
    """Member ids of the chosen district, or None for everyone."""
    wanted = district_row_ids(db, "members", params)
    return None if wanted is None else sorted(wanted)


def _training(db: Database, params: dict[str, Any]) -> dict[str, Any]:
    return require_training(db, params["training"])


def _subtitle(t: dict[str, Any], db: Database | None = None, params: dict[str, Any] | None = None) -> list[str]:
    lines = [training_title(t), "ระหว่างวันที่ " + format_thai_date_range(t["start_date"], t["end_date"], False)]
    if t["venue"]:
        lines[-1] += f" ณ {t['venue']}"
    if db is not None:
        lines += [f"ผู้เข้าอบรมจาก{label}" for label in district_subtitle(db, params or {})]
    return lines


def _today() -> date:
    return datetime.now(BANGKOK).date()


# -- matrix ------------------------------------------------------------------------------------
def matrix_data(db: Database, training_id: str, *,
                member_ids: list[str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(sessions, people): each person dict has marks[session index] as a matrix mark or "".
    member_ids limits the people (None: everyone)."""
    sess = sessions(db, training_id)
    index = {s["id"]: i for i, s in enumerate(sess)}
    marks: dict[str, list[str]] = {}
    for session_id, member_id, status, sub in db.execute(
        "SELECT a.session_id, a.member_id, a.status, a.substitute_for FROM attendance a "
        "JOIN training_sessions s ON s.id = a.session_id "
        "WHERE s.training_id = ? AND s.deleted_at IS NULL AND a.deleted_at IS NULL", [training_id],
    ):
        row = marks.setdefault(member_id, [""] * len(sess))
        row[index[session_id]] = SUB_MARK if sub else MARKS[status]
    people: list[dict[str, Any]] = []
    for e in eligibility(db, training_id, member_ids=member_ids):
        status = "มาแทนผู้อื่น" if e.source == "substitute" else SHORT_STATUS[e.status]
        people.append({"name": e.name, "district": e.district_name or "", "marks": marks.get(e.member_id,
                       [""] * len(sess)), "percent": e.percent, "status": status, "eligibility": e})
    return sess, people


def _session_headers(sess: list[dict[str, Any]]) -> list[str]:
    """"16 ช" per session, or "16/8 ช" when the course spans months: the day and the slot letter
    are separate words, so the header folds into two short lines over a one-glyph mark column."""
    days = [datetime.fromisoformat(s["day"]) for s in sess]
    one_month = len({(d.year, d.month) for d in days}) == 1
    return [f"{d.day if one_month else f'{d.day}/{d.month}'} {SLOT_SHORT.get(s['slot'], 'พ')}"
            for d, s in zip(days, sess, strict=True)]


def attendance_matrix(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """Landscape, names whole at 14 pt or more for up to about 14 sessions: one narrow column per
    session and no district column (attendance-summary and attendance-eligibility carry it, and the
    district option narrows the list). A longer course would need the matrix split over page
    groups; instead the table may step down to 12 pt for this one wide report."""
    t = _training(db, params)
    sess, people = matrix_data(db, t["id"], member_ids=_people(db, params))
    if not sess:
        raise UserError("การอบรมนี้ยังไม่มีรอบลงเวลา", field="training")
    columns = [Column("name", "ชื่อ–สกุล", weight=3, kind="name")]
    columns += [Column(f"s{i}", header, weight=0.01, align="center") for i, header in enumerate(_session_headers(sess))]
    columns += [Column("percent", "ร้อยละ", weight=0.6, kind="percent"), Column("status", "ผล", weight=1.0)]
    rows: list[dict[str, Any]] = []
    for p in people:
        row = {"name": p["name"], "percent": p["percent"], "status": p["status"]}
        row.update({f"s{i}": m for i, m in enumerate(p["marks"])})
        rows.append(row)
    eligible = sum(1 for p in people if p["eligibility"].eligible)
    return ReportDefinition(
        title="ทะเบียนการลงเวลาเข้ารับการอบรม",
        subtitle=_subtitle(t, db, params) + [f"ช = เช้า  บ = บ่าย (กลางวัน)  ย = เย็น — รวม {len(sess)} รอบ"],
        as_of=_today(), columns=columns, rows=rows, numbered=True, orientation="landscape", min_font_size=12,
        summary=[LEGEND, f"ผู้ลงทะเบียน {len(people):,} คน ผ่านเกณฑ์ร้อยละ {t['threshold_pct']:g} จำนวน {eligible:,} คน"],
        prepared_by=PreparedBy(date=_today()), sheet_name="ทะเบียนลงเวลา",
    )


# -- summary by district and sector ------------------------------------------------------------
def summary_rows(db: Database, training_id: str, by: str, *,
                 member_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Per district or sector: enrolled, marks, average present per session, %, eligible, substitutes.
    member_ids limits the people counted (None: everyone)."""
    scheduled = db.execute("SELECT count(*) FROM training_sessions WHERE training_id = ? AND deleted_at IS NULL",
                           [training_id]).fetchone()[0]
    groups: dict[str, dict[str, Any]] = {}
    for e in eligibility(db, training_id, member_ids=member_ids):
        if e.source == "substitute":  # stood in for someone registered: counted under that person
            continue
        key = (e.district_name or "ไม่ระบุอำเภอ") if by == "district" else e.sector_name
        g = groups.setdefault(key, {"name": key, "enrolled": 0, "attended": 0, "eligible": 0, "substituted": 0})
        g["enrolled"] += 1
        g["attended"] += e.present + e.late
        g["eligible"] += e.eligible
        g["substituted"] += e.substituted
    for g in groups.values():
        g["avg"] = round(g["attended"] / scheduled, 1) if scheduled else 0.0
        g["pct"] = round(100.0 * g["attended"] / (g["enrolled"] * scheduled), 1) if scheduled else 0.0
        g["eligible_pct"] = round(100.0 * g["eligible"] / g["enrolled"], 1)
    return sorted(groups.values(), key=lambda g: (-g["enrolled"], g["name"]))


def attendance_summary(db: Database, params: dict[str, Any]) -> ReportDefinition:
    t = _training(db, params)
    by = params.get("by") or "both"
    people = _people(db, params)
    scheduled = db.execute("SELECT count(*) FROM training_sessions WHERE training_id = ? AND deleted_at IS NULL",
                           [t["id"]]).fetchone()[0]
    rows: list[dict[str, Any]] = []
    sections = [("district", "จำแนกตามอำเภอ"), ("sector", "จำแนกตามภาคีเครือข่าย")]
    sector_rows: list[dict[str, Any]] = []
    for key, heading in sections:
        if by not in (key, "both"):
            continue
        part = summary_rows(db, t["id"], key, member_ids=people)
        if key == "sector":
            sector_rows = part
        if by == "both":
            rows.append({"name": heading})
        rows.extend(part)
    base = summary_rows(db, t["id"], "sector", member_ids=people)
    enrolled = sum(g["enrolled"] for g in base)
    attended = sum(g["attended"] for g in base)
    eligible = sum(g["eligible"] for g in base)
    totals = {
        "name": "รวมทั้งสิ้น", "enrolled": enrolled, "attended": attended,
        "avg": round(attended / scheduled, 1) if scheduled else 0.0,
        "pct": round(100.0 * attended / (enrolled * scheduled), 1) if scheduled and enrolled else 0.0,
        "eligible": eligible, "eligible_pct": round(100.0 * eligible / enrolled, 1) if enrolled else 0.0,
        "substituted": sum(g["substituted"] for g in base),
    }
    summary = [f"{g['name']} จำนวน {g['enrolled']:,} คน ({round(100 * g['enrolled'] / enrolled):g} เปอร์เซ็นต์)"
               for g in (sector_rows or base)] if enrolled else []
    return ReportDefinition(
        title="สรุปผลการเข้ารับการอบรม",
        subtitle=_subtitle(t, db, params) + [f"รอบลงเวลาทั้งหมด {scheduled} รอบ (เช้า กลางวัน เย็น)"],
        as_of=_today(),
        columns=[
            Column("name", "อำเภอ / ภาคีเครือข่าย", weight=3),
            Column("enrolled", "ลงทะเบียน (คน)", kind="int"),
            Column("attended", "ลงเวลา (ครั้ง)", kind="int"),
            Column("avg", "เฉลี่ยต่อรอบ (คน)", kind="number", decimals=1),
            Column("pct", "ร้อยละการเข้าอบรม", kind="percent"),
            Column("eligible", "ผ่านเกณฑ์ (คน)", kind="int"),
            Column("eligible_pct", "ร้อยละผ่านเกณฑ์", kind="percent"),
            Column("substituted", "มีผู้มาแทน (ครั้ง)", kind="int"),
        ],
        rows=rows, totals=totals, orientation="landscape", summary=summary,
        prepared_by=PreparedBy(date=_today()), sheet_name="สรุปการเข้าอบรม",
    )


# -- eligibility list --------------------------------------------------------------------------
def eligibility_list(db: Database, params: dict[str, Any]) -> ReportDefinition:
    t = _training(db, params)
    rows = eligibility(db, t["id"], member_ids=_people(db, params))
    if params.get("only_eligible"):
        rows = [r for r in rows if r.eligible]
    s = eligibility_summary(rows)
    return ReportDefinition(
        title=f"รายชื่อผู้ผ่านเกณฑ์การเข้ารับการอบรม (ร้อยละ {t['threshold_pct']:g})",
        subtitle=_subtitle(t, db, params), as_of=_today(),
        columns=[
            Column("name", "ชื่อ–สกุล", weight=2.5, kind="name"), Column("district", "อำเภอ", weight=1.3),
            Column("sector", "ภาคี", weight=1.3), Column("attended", "เข้าอบรม (รอบ)", kind="int"),
            Column("scheduled", "ทั้งหมด (รอบ)", kind="int"), Column("percent", "ร้อยละ", kind="percent"),
            Column("status", "ผล", weight=1.3),
        ],
        rows=[{"name": r.name, "district": r.district_name or "", "sector": r.sector_name, "attended": r.attended,
               "scheduled": r.scheduled, "percent": r.percent, "status": r.status_th} for r in rows],
        numbered=True, orientation="landscape",
        summary=[f"ผ่านเกณฑ์ {s['eligible']:,} คน ยังผ่านเกณฑ์ได้ {s['can_reach']:,} คน "
                 f"ไม่ผ่านเกณฑ์ {s['cannot_reach']:,} คน จากผู้ลงทะเบียน {s['enrolled']:,} คน"],
        prepared_by=PreparedBy(date=_today()), sheet_name="ผู้ผ่านเกณฑ์",
    )


# -- anomalies ---------------------------------------------------------------------------------
def anomalies_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    t = _training(db, params)
    labels = {s["id"]: session_label(s, thai_digits=False) for s in sessions(db, t["id"])}
    found = anomalies(db, t["id"])
    wanted = district_row_ids(db, "members", params)
    if wanted is not None:  # a scan of an unknown code belongs to no district
        found = [a for a in found if a.member_id in wanted]
    counts: dict[str, int] = {}
    for a in found:
        counts[a.kind_th] = counts.get(a.kind_th, 0) + 1
    return ReportDefinition(
        title="รายการผิดปกติในการลงเวลาเข้ารับการอบรม",
        subtitle=_subtitle(t, db, params), as_of=_today(),
        columns=[
            Column("session", "รอบ", weight=2.2), Column("time", "เวลา", weight=0.7, align="center"),
            Column("kind", "ประเภท", weight=1.5), Column("name", "ชื่อ–สกุล", weight=2, kind="name"),
            Column("detail", "รายละเอียด", weight=2.5), Column("by", "ผู้บันทึก", weight=1),
        ],
        rows=[{"session": labels.get(a.session_id, ""), "time": to_bangkok(a.at).strftime("%H:%M:%S"),
               "kind": a.kind_th, "name": a.name, "detail": a.detail, "by": a.by_user} for a in found],
        numbered=True, orientation="landscape",
        summary=[f"{k} {n:,} รายการ" for k, n in sorted(counts.items())] or ["ไม่พบรายการผิดปกติ"],
        prepared_by=PreparedBy(date=_today()), sheet_name="รายการผิดปกติ",
    )


# -- certificates ------------------------------------------------------------------------------
def certificate_register(db: Database, params: dict[str, Any]) -> ReportDefinition:
    t = _training(db, params)
    rows = register(db, t["id"])
    wanted = district_row_ids(db, "members", params)
    if wanted is not None:
        rows = [r for r in rows if r["member_id"] in wanted]
    overrides = sum(1 for r in rows if not r["eligible"])
    return ReportDefinition(
        title="ทะเบียนคุมการออกเกียรติบัตร", subtitle=_subtitle(t, db, params), as_of=_today(),
        columns=[
            Column("serial", "เลขที่", weight=0.9, align="center"), Column("name", "ชื่อ–สกุล", weight=2.4, kind="name"),
            Column("organisation", "หน่วยงาน", weight=2), Column("pct", "ร้อยละการเข้าอบรม", kind="percent"),
            Column("issued_on", "วันที่ออก", kind="date"), Column("prints", "พิมพ์ (ครั้ง)", kind="int"),
            Column("note", "หมายเหตุ", weight=2),
        ],
        rows=[{"serial": r["serial"], "name": r["name"], "organisation": r["organisation"] or "",
               "pct": r["attendance_pct"], "issued_on": r["issued_on"], "prints": r["print_count"],
               "note": f"ไม่ถึงเกณฑ์ — เหตุผล: {r['override_reason']}" if not r["eligible"] else ""} for r in rows],
        orientation="landscape",
        summary=[f"ออกเกียรติบัตรแล้ว {len(rows):,} ฉบับ (กรณีพิเศษที่ไม่ถึงเกณฑ์ {overrides:,} ฉบับ)"],
        prepared_by=PreparedBy(date=_today()), sheet_name="ทะเบียนเกียรติบัตร",
    )


def certificates(db: Database, params: dict[str, Any]) -> CertificateBatch:
    return certificate_batch(db, params["training"], member_id=params.get("member") or None)


# -- sign-in sheet -----------------------------------------------------------------------------
@dataclass
class SigninSheet:
    course: str
    session_text: str
    place: str
    rows: list[SigninRow]

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        if fmt != "pdf":
            raise UserError("ใบลงลายมือชื่อพิมพ์เป็น PDF เท่านั้น", field="--out")
        return render_signin_sheet(self.rows, out, course=self.course, session_text=self.session_text,
                                   place=self.place, progress=progress, cancelled=cancelled)


def signin_sheet(db: Database, params: dict[str, Any]) -> SigninSheet:
    """One row per enrolled person with a QR of their member id: scanned back at the desk in
    paper mode after the session."""
    session = require_session(db, params["session"])
    t = require_training(db, session["training_id"])
    if params.get("training") and params["training"] != t["id"]:
        raise UserError("รอบที่เลือกไม่ใช่ของการอบรมที่เลือก", field="session")
    people = [p for p in enrolled(db, t["id"]) if p["source"] != "substitute"]
    if not people:
        raise UserError("ยังไม่มีรายชื่อผู้เข้าอบรม", field="training")
    rows = [SigninRow(name=p["name"], unit=p["organisation"] or p["sector_name"], code=p["id"]) for p in people]
    label = session["label"] or ""
    starts = session["starts_at"].replace(":", ".")
    text = f"วันที่ {format_thai_date(session['day'], 'full', False)} {label} เวลา {starts} น."
    return SigninSheet(training_title(t), text, t["venue"] or "", rows)


# -- procurement list --------------------------------------------------------------------------
def procurement_list(db: Database, params: dict[str, Any]) -> ReportDefinition:
    t = _training(db, params)
    m = compute_materials(db, t["id"])
    if not m["items"]:
        raise UserError("ยังไม่ได้กำหนดรายการวัสดุของการอบรมนี้", field="training")
    with_price = m["total_cost"] is not None
    columns = [
        Column("name", "รายการ", weight=2.5), Column("rule", "เกณฑ์คำนวณ", weight=1.8),
        Column("base", "จำนวนที่ต้องใช้", kind="number", decimals=0), Column("spare", "สำรอง (%)", kind="number",
                                                                              decimals=0),
        Column("total", "จำนวนจัดหา", kind="int"), Column("unit", "หน่วย", weight=0.7),
    ]
    if with_price:
        columns += [Column("price", "ราคาต่อหน่วย (บาท)", kind="number"), Column("cost", "รวมเงิน (บาท)", kind="number")]
    rows: list[dict[str, Any]] = []
    for i in m["items"]:
        rule = f"{i['quantity']:g} {i['unit']} {i['basis_th']}"
        if i["basis"] == "per_group":
            rule += f" {i['group_size']} คน"
        rows.append({"name": i["name"], "rule": rule, "base": i["base"], "spare": i["spare_pct"], "total": i["total"],
                     "unit": i["unit"], "price": i["unit_price"], "cost": i["cost"]})
    totals = {"name": "รวม", "cost": m["total_cost"]} if with_price else None
    return ReportDefinition(
        title="บัญชีรายการวัสดุที่ต้องจัดหา", subtitle=_subtitle(t) + [
            f"คำนวณสำหรับผู้เข้าอบรม {m['people']:,} คน {m['sessions']} รอบ"], as_of=_today(),
        columns=columns, rows=rows, numbered=True, totals=totals, prepared_by=PreparedBy(date=_today()),
        sheet_name="วัสดุ",
    )


# Training documents are the trainer's as much as the office's: trainings.view, not reports.view.
TRAINING_DOCUMENT = ("trainings.view",)

REPORTS = [
    ReportSpec("attendance-summary", "สรุปผลการเข้าอบรม จำแนกตามอำเภอและภาคี", "attendance", attendance_summary,
               params=(TRAINING, ReportParam("by", "จำแนกตาม", kind="choice", choices=lambda db: [
                   ("both", "อำเภอและภาคี"), ("district", "อำเภอ"), ("sector", "ภาคีเครือข่าย")]), DISTRICT),
               actions=TRAINING_DOCUMENT, requires_tables=TABLES, order=40,
               description="จำนวนผู้ลงทะเบียน การลงเวลา ร้อยละ และผู้ผ่านเกณฑ์ ของแต่ละอำเภอและแต่ละภาคี"),
    ReportSpec("attendance-matrix", "ทะเบียนการลงเวลา (รายคน × รอบ)", "attendance", attendance_matrix,
               params=(TRAINING, DISTRICT), actions=TRAINING_DOCUMENT, requires_tables=TABLES, order=41,
               description="เครื่องหมาย / มา, ส มาสาย, ล ลา, ข ขาด ของทุกคนทุกรอบ พร้อมร้อยละ"),
    ReportSpec("attendance-eligibility", "รายชื่อผู้ผ่านเกณฑ์การเข้าอบรม", "attendance", eligibility_list,
               params=(TRAINING, ReportParam("only_eligible", "เฉพาะผู้ผ่านเกณฑ์", kind="bool"), DISTRICT),
               actions=TRAINING_DOCUMENT, requires_tables=TABLES, order=42),
    ReportSpec("attendance-anomalies", "รายการผิดปกติในการลงเวลา", "attendance", anomalies_report,
               params=(TRAINING, DISTRICT), actions=TRAINING_DOCUMENT, requires_tables=TABLES, order=43,
               description="ผู้มาแทน ผู้ลงทะเบียนหน้างาน การสแกนซ้ำ รหัสที่ไม่มีในรายชื่อ และการลงเวลาเร็วผิดปกติ"),
    ReportSpec("certificates", "เกียรติบัตร (PDF)", "attendance", certificates, formats=("pdf",),
               actions=("trainings.manage",),  # printing issues certificate numbers to the newly eligible
               params=(TRAINING, ReportParam("member", "เฉพาะบุคคล (รหัสสมาชิก)")),
               requires_tables=TABLES + ("certificates",), order=44,
               description="ออกเลขที่ให้ผู้ผ่านเกณฑ์ที่ยังไม่ได้รับ แล้วพิมพ์ — ฉบับที่เคยพิมพ์แล้วจะมีตราสำเนา"),
    ReportSpec("certificate-register", "ทะเบียนคุมการออกเกียรติบัตร", "attendance", certificate_register,
               params=(TRAINING, DISTRICT), actions=TRAINING_DOCUMENT, requires_tables=TABLES + ("certificates",),
               order=45),
    ReportSpec("signin-sheet", "ใบลงลายมือชื่อ (พร้อมรหัสสำหรับสแกน)", "attendance", signin_sheet, formats=("pdf",),
               params=(ReportParam("session", "รอบลงเวลา", kind="choice", required=True, choices=_session_choices),
                       ReportParam("training", "การอบรม")),
               actions=TRAINING_DOCUMENT, requires_tables=TABLES, order=46),
    ReportSpec("procurement-list", "บัญชีวัสดุที่ต้องจัดหา", "attendance", procurement_list,
               params=(TRAINING,), actions=TRAINING_DOCUMENT, requires_tables=TABLES + ("training_materials",),
               order=47),
]
