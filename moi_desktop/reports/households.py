"""Household reports: the priority list — TPMAP households first, then the
vulnerable groups, then those only below the income benchmark (seed 001) — and the referrals
still waiting for an agency's reply."""

from __future__ import annotations

from datetime import date
from typing import Any

from moi_desktop.cases.households import household_address
from moi_desktop.cases.model import mask_name
from moi_desktop.cases.priority import baht, income_benchmark, priority_households
from moi_desktop.cases.referrals import list_referrals, without_reply
from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.reports import ReportParam, ReportSpec
from moi_desktop.reports.cases import SUBDISTRICT, _place
from moi_desktop.thai import format_thai_date


def priority_list(db: Database, params: dict[str, Any]) -> ReportDefinition:
    rows = priority_households(db, subdistrict_code=params.get("subdistrict") or None)
    benchmark = income_benchmark(db)
    return ReportDefinition(
        title="บัญชีครัวเรือนเป้าหมายตามลำดับความสำคัญ",
        subtitle=[_place(db), "ลำดับ: ครัวเรือนในบัญชี TPMAP ก่อน แล้วกลุ่มเปราะบาง แล้วครัวเรือนที่รายได้ต่ำกว่าเกณฑ์"],
        as_of=date.today(),
        columns=[Column("tier", "กลุ่ม", weight=0.9), Column("head", "หัวหน้าครัวเรือน", kind="name", weight=1.3),
                 Column("address", "ที่อยู่", weight=1.6), Column("people", "สมาชิก", kind="int", weight=0.01),
                 Column("income", "รายได้/คน/ปี", kind="number", decimals=0, weight=0.01),
                 Column("reasons", "เหตุผล", weight=2.2)],
        rows=[{"tier": r["tier_th"], "head": r["head_name"], "address": household_address(r),
               "people": r["people"] or None, "income": r["per_person"],
               "reasons": ", ".join(x for x in r["reasons"] if x not in ("TPMAP",) or r["tier"] != 1)}
              for r in rows],
        numbered=True, orientation="landscape",
        summary=[f"เกณฑ์รายได้ {baht(benchmark)} บาทต่อคนต่อปี (ข้อสั่งการตามเอกสารการประชุม: ค่าเฉลี่ยรายได้ "
                 "๓๘,๐๐๐ บาท เป็นเกณฑ์ สำนักงานกำหนดค่าอื่นได้)", f"รวม {len(rows)} ครัวเรือน"],
        prepared_by=PreparedBy(), sheet_name="ลำดับความสำคัญ")


def referrals_waiting(db: Database, params: dict[str, Any]) -> ReportDefinition:
    days = params.get("days")
    rows = without_reply(db, days or None) if params.get("waiting_only", True) else list_referrals(db)
    by_case = {r["id"]: r for r in db.query(
        "SELECT c.id, h.head_name FROM cases c JOIN households h ON h.id = c.household_id")}
    return ReportDefinition(
        title="ทะเบียนการส่งต่อเรื่องราวให้หน่วยงาน" + (" ที่ยังไม่ได้รับการตอบกลับ" if params.get("waiting_only", True)
                                                       else ""),
        subtitle=[_place(db)] + ([f"ยังไม่ตอบกลับเกิน {days} วัน"] if days else ["เกินกำหนดที่หนังสือขอให้ตอบกลับ"]),
        as_of=date.today(),
        columns=[Column("ref", "หนังสือที่"), Column("date", "ลงวันที่", kind="date"),
                 Column("agency", "หน่วยงาน", weight=2), Column("head", "ครัวเรือน", kind="name", weight=1.2),
                 Column("days", "รอ (วัน)", kind="int", weight=0.01), Column("state", "ผล", weight=1.2)],
        rows=[{"ref": r.ref, "date": r.referred_on, "agency": r.agency,
               "head": mask_name(by_case.get(r.case_id, {}).get("head_name")), "days": r.days_waiting(),
               "state": (f"ตอบกลับ {format_thai_date(r.reply_on, 'medium')}: {r.outcome_th}" if r.reply_on
                         else "ยังไม่ตอบกลับ")} for r in rows],
        numbered=True, sheet_name="การส่งต่อ")


REPORTS = [
    ReportSpec(key="households-priority", title_th="ครัวเรือน: บัญชีครัวเรือนเป้าหมายตามลำดับความสำคัญ", area="cases",
               build=priority_list, params=(SUBDISTRICT,), requires_tables=("household_members",), order=56,
               description="TPMAP ก่อน แล้วกลุ่มเปราะบาง แล้วรายได้ต่ำกว่าเกณฑ์ ๓๘,๐๐๐ บาทต่อคนต่อปี"),
    ReportSpec(key="referrals-waiting", title_th="เรื่องราวครัวเรือน: การส่งต่อที่ยังไม่ได้รับการตอบกลับ", area="cases",
               build=referrals_waiting, requires_tables=("referrals",), order=57,
               params=(ReportParam("days", "ยังไม่ตอบกลับเกิน (วัน; ว่าง: ตามที่หนังสือขอ)", kind="int"),
                       ReportParam("waiting_only", "เฉพาะที่ยังไม่ตอบกลับ", kind="bool", default=lambda _db: True)),
               description="หนังสือส่งต่อที่หน่วยงานยังไม่ตอบกลับภายในกำหนด"),
]
