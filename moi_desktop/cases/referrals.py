"""Referrals: a case sent to the agency responsible, by a numbered letter.

new_referral writes a หนังสือภายนอก through the correspondence engine (a draft, then issued: its
number comes from the outgoing register), records the referral, and moves the case to ส่งต่อ
(with an action-log entry naming the letter) — all in one transaction, so a refused step leaves
no number, no letter and no referral behind. record_reply keeps the agency's answer and outcome;
without_reply lists referrals still unanswered after N days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from moi_desktop.cases.households import household_address, require_household
from moi_desktop.cases.status import REFERRED, next_statuses, status_label
from moi_desktop.cases.store import add_action, as_date, change_status, indicator_row, require_case
from moi_desktop.correspondence import get_entry, issue_letter, list_officials, new_letter, ref_number
from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from moi_desktop.office import get_office
from moi_desktop.security.session import require
from moi_desktop.thai import clean_text, format_thai_date, to_arabic_digits, to_thai_digits

OUTCOMES: dict[str, str] = {
    "helped": "ช่วยเหลือแล้ว",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "declined": "ไม่สามารถช่วยเหลือได้",
    "not_responsible": "ไม่อยู่ในอำนาจหน้าที่",
    "other": "อื่น ๆ",
}
DEFAULT_REPLY_DAYS = 15
SUBJECT = "ส่งต่อเรื่องราวความเดือดร้อนของครัวเรือนเพื่อพิจารณาให้ความช่วยเหลือ"


@dataclass(frozen=True)
class Referral:
    id: str
    case_id: str
    agency: str
    letter_id: str | None
    ref: str  # "มท ๐๓๑๘.๑/๑๒" (the letter's ที่), "" when not numbered
    referred_on: date
    reply_within_days: int
    reply_on: date | None
    reply_ref: str
    reply_text: str
    outcome: str | None

    @property
    def outcome_th(self) -> str:
        return OUTCOMES.get(self.outcome or "", "")

    def days_waiting(self, today: date | None = None) -> int:
        return ((self.reply_on or today or date.today()) - self.referred_on).days


def _outcome_code(value: str | None) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    for code, label in OUTCOMES.items():
        if text in (code, label):
            return code
    raise UserError(f"ผลการดำเนินการ “{text}” ไม่อยู่ในรายการ ({', '.join(OUTCOMES.values())})", field="outcome")


def _days(value: object) -> int:
    try:
        n = int(to_arabic_digits(str(value)).strip())
    except ValueError:
        n = 0
    if not 1 <= n <= 365:
        raise UserError("จำนวนวันที่ขอให้ตอบกลับต้องเป็นตัวเลข ๑–๓๖๕", field="reply_within_days")
    return n


def _body(db: Database, case: dict[str, Any], agency: str, days: int) -> list[str]:
    office = get_office(db)
    row = db.execute("SELECT name_th FROM districts WHERE district_code = ?",
                     [office.district_code if office else None]).fetchone()
    district = f"อำเภอ{row[0]}" if row else "อำเภอ"
    household = require_household(db, case["household_id"])
    indicator = indicator_row(db, case["indicator_id"])
    problem = f"ปัญหาที่ {indicator['number']} {indicator['text']}" if indicator else "ปัญหาของครัวเรือน"
    said = "" if case["sensitive"] or not case["description"] else f" ({case['description']})"
    return [
        f"ด้วย{district}ได้รับเรื่องราวความเดือดร้อนของครัวเรือน{household['head_name']} "
        f"{household_address(household)} เมื่อวันที่ {format_thai_date(case['reported_on'], 'full')} "
        f"เรื่อง {problem}{said}",
        f"{district}พิจารณาแล้ว เห็นว่าเรื่องดังกล่าวอยู่ในอำนาจหน้าที่ของ{agency} "
        f"จึงขอส่งเรื่องให้พิจารณาดำเนินการช่วยเหลือตามอำนาจหน้าที่ และขอได้โปรดแจ้งผลการดำเนินการให้{district}"
        f"ทราบภายใน {days} วัน นับแต่วันที่ได้รับหนังสือนี้",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
    ]


def _signer_id(db: Database, signer_id: str | None) -> str:
    if signer_id:
        return signer_id
    # the letters load the document engine: only when a referral is used
    officials = list_officials(db)
    if not officials:
        raise UserError("ยังไม่มีเจ้าหน้าที่ผู้ลงนามหนังสือ — เพิ่มด้วยคำสั่ง officials add หรือหน้าหนังสือราชการ",
                        field="signer")
    return officials[0].id


def new_referral(db: Database, case_id: str, agency: str, *, to_whom: str = "", signer_id: str | None = None,
                 on: date | str | None = None, reply_within_days: object = DEFAULT_REPLY_DAYS,
                 today: date | None = None) -> Referral:
    """Refer a case to `agency` with a numbered letter (เรียน `to_whom`, default the agency).
    Needs cases.edit and correspondence.edit."""
    # the letters load the document engine: only when a referral is used
    require(db, "cases.edit")
    require(db, "correspondence.edit")
    case = require_case(db, case_id)
    agency = clean_text(agency)
    if not agency:
        raise UserError("กรุณาระบุหน่วยงานที่ส่งต่อ", field="agency")
    days = _days(reply_within_days)
    day = as_date(on if on not in (None, "") else (today or date.today()), "referred_on", today)
    if case["status"] != REFERRED and REFERRED not in next_statuses(case["status"]):
        raise UserError(f"เรื่องราวสถานะ “{status_label(case['status'])}” ส่งต่อไม่ได้", field="case")
    with write_lock(db):
        letter = new_letter(db, "letter", subject=SUBJECT, to_whom=clean_text(to_whom) or agency,
                            body=_body(db, case, agency, days), signer_id=_signer_id(db, signer_id),
                            source=f"referral:{case_id}")
        letter, entry = issue_letter(db, letter.id, on=day)
        ref = ref_number(db, entry)
        referral_id = insert_row(db, "referrals", {
            "case_id": case_id, "agency": agency, "letter_id": letter.id, "outgoing_id": entry.id,
            "referred_on": entry.date.isoformat(), "reply_within_days": days, "reply_on": None,
            "reply_ref": None, "reply_text": None, "outcome": None})
        note = f"ส่งต่อ{agency} หนังสือที่ {ref}"
        if case["status"] == REFERRED:
            add_action(db, case_id, note, on=entry.date, today=today)
        else:
            change_status(db, case_id, REFERRED, on=entry.date, note=note, today=today)
    return get_referral(db, referral_id)


def get_referral(db: Database, referral_id: str) -> Referral:
    rows = [r for r in list_referrals(db) if r.id == referral_id]
    if not rows:
        raise UserError("ไม่พบการส่งต่อที่เลือก", field="referral")
    return rows[0]


def list_referrals(db: Database, *, case_id: str | None = None) -> list[Referral]:
    # the letters load the document engine: only when a referral is used
    where, params = "deleted_at IS NULL", []
    if case_id:
        where += " AND case_id = ?"
        params.append(case_id)
    out = []
    for r in db.query(f"SELECT * FROM referrals WHERE {where} ORDER BY referred_on, created_at", params):  # noqa: S608
        ref = ""
        if r["outgoing_id"]:
            try:
                ref = ref_number(db, get_entry(db, r["outgoing_id"]))
            except UserError:
                ref = ""
        out.append(Referral(
            id=r["id"], case_id=r["case_id"], agency=r["agency"], letter_id=r["letter_id"], ref=ref,
            referred_on=date.fromisoformat(r["referred_on"]), reply_within_days=r["reply_within_days"],
            reply_on=date.fromisoformat(r["reply_on"]) if r["reply_on"] else None, reply_ref=r["reply_ref"] or "",
            reply_text=r["reply_text"] or "", outcome=r["outcome"]))
    return out


def record_reply(db: Database, referral_id: str, *, on: date | str | None = None, outcome: str | None = None,
                 text: str = "", reply_ref: str = "", today: date | None = None) -> Referral:
    """The agency answered: when, its letter number, what it said and the outcome. Logged on the
    case. A reply cannot predate the referral."""
    require(db, "cases.edit")
    referral = get_referral(db, referral_id)
    day = as_date(on if on not in (None, "") else (today or date.today()), "reply_on", today)
    if day < referral.referred_on:
        raise UserError(f"วันที่ตอบกลับต้องไม่ก่อนวันที่ส่งต่อ ({format_thai_date(referral.referred_on)})",
                        field="reply_on")
    code = _outcome_code(outcome)
    if code is None:
        raise UserError(f"กรุณาระบุผลการดำเนินการ ({', '.join(OUTCOMES.values())})", field="outcome")
    with db.atomic():
        update_row(db, "referrals", referral_id, {
            "reply_on": day.isoformat(), "outcome": code, "reply_text": clean_text(text) or None,
            "reply_ref": clean_text(reply_ref) or None})
        said = f" ({clean_text(text)})" if clean_text(text) else ""
        add_action(db, referral.case_id, f"{referral.agency}ตอบกลับ: {OUTCOMES[code]}{said}", on=day, today=today)
    return get_referral(db, referral_id)


def without_reply(db: Database, days: int | None = None, *, today: date | None = None) -> list[Referral]:
    """Referrals with no reply after `days` days (default: the days each letter asked for)."""
    today = today or date.today()
    found = []
    for r in list_referrals(db):
        if r.reply_on is not None:
            continue
        limit = r.reply_within_days if days is None else days
        if r.referred_on + timedelta(days=limit) < today:
            found.append(r)
    return found


def referral_text(r: Referral, today: date | None = None) -> str:
    """One line for lists: "ที่ … ถึง … เมื่อ … (รอ ๒๐ วัน)"."""
    state = (f"ตอบกลับ {format_thai_date(r.reply_on)}: {r.outcome_th}" if r.reply_on
             else f"ยังไม่ตอบกลับ {to_thai_digits(r.days_waiting(today))} วัน")
    return f"ที่ {r.ref} ถึง {r.agency} เมื่อ {format_thai_date(r.referred_on)} — {state}"
