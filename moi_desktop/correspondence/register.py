"""ทะเบียนหนังสือส่ง: the outgoing register. Every letter the office sends takes the next number of
the calendar year (restarting at ๑ on 1 January); a cancelled number stays in the register marked
ยกเลิก with its reason, and no number is ever handed out twice.

Allocation reads the year's highest number and writes the next one inside one write transaction
(BEGIN IMMEDIATE: no other connection can allocate in between), and a UNIQUE index on (office,
year, number) refuses a duplicate whatever happens. A transaction that fails after allocating rolls
the allocation back with everything else: the number was never issued (nothing left the office
under it), so it is the next one handed out. Numbers belong to the issuing office: a province that
receives its districts' registers in bundles keeps each district's numbering apart.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from moi_desktop.office import get_office
from moi_desktop.security.session import current_actor, require
from moi_desktop.thai import BANGKOK, format_thai_date, parse_thai_date, to_thai_digits
from moi_desktop.thai.text import normalize_text

KINDS: dict[str, str] = {
    "memo": "บันทึกข้อความ",
    "letter": "หนังสือภายนอก",
    "stamped": "หนังสือประทับตรา",
    "minutes": "รายงานการประชุม",
    "covering": "บันทึกนำส่ง",
    "referral": "หนังสือส่งต่อ",
    "reminder": "หนังสือติดตาม",
    "invitation": "หนังสือเชิญประชุม",
    "report": "รายงาน",
    "other": "อื่น ๆ",
}
STATUSES = {"issued": "ออกเลขแล้ว", "cancelled": "ยกเลิก"}


def today() -> date:
    """Today in Thailand (the register's calendar year turns at midnight Bangkok time)."""
    return datetime.now(BANGKOK).date()


@dataclass(frozen=True)
class OutgoingEntry:
    id: str
    year: int
    number: int
    date: date
    to_whom: str
    subject: str
    kind: str
    letter_id: str | None
    status: str
    cancel_reason: str
    issued_by: str = ""
    office_code: str = ""

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def kind_th(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_th(self) -> str:
        return STATUSES.get(self.status, self.status)

    def reference(self, db: Database) -> str:
        """ "ที่ กพ ๐๓๑๘/๑๒๓" """
        return reference_text(db, self)

    def ref_number(self, db: Database) -> str:
        """The reference without "ที่" (the documents print the label): "กพ ๐๓๑๘/๑๒๓"."""
        return ref_number(db, self)


def _entry(row: Mapping[str, Any]) -> OutgoingEntry:
    return OutgoingEntry(
        id=row["id"], year=row["year"], number=row["number"], date=date.fromisoformat(row["date"]),
        to_whom=row["to_whom"] or "", subject=row["subject"] or "", kind=row["kind"],
        letter_id=row["letter_id"], status=row["status"], cancel_reason=row["cancel_reason"] or "",
        issued_by=row["issued_by"] or "", office_code=row["office_code"] or "",
    )


def _office_code(db: Database) -> str:
    office = get_office(db)
    if office is None:
        return ""
    return (office.district_code if office.level == "district" else office.province_code) or ""


def _as_date(on: date | str | None) -> date:
    if on is None or on == "":
        return today()
    if isinstance(on, date):
        return on
    try:
        return parse_thai_date(on)
    except UserError:
        raise UserError(f"อ่านวันที่ไม่ได้ ({on}) ใช้รูปแบบ 2026-12-05 หรือ ๕/๑๒/๒๕๖๙", field="date") from None


def issue_number(db: Database, *, kind: str, to_whom: str, subject: str, on: date | str | None = None,
                 letter_id: str | None = None) -> OutgoingEntry:
    """Take the next number of the year of `on` (default today) for a letter to `to_whom` about
    `subject`. Inside the caller's transaction if one is open (the number and what it numbers
    commit together or not at all), else in its own."""
    require(db, "correspondence.edit")
    if kind not in KINDS:
        raise UserError(f"ไม่รู้จักชนิดหนังสือ “{kind}”", field="kind")
    to_whom = normalize_text(to_whom or "")
    subject = normalize_text(subject or "")
    if not subject:
        raise UserError("กรุณากรอกเรื่องของหนังสือก่อนออกเลข", field="subject")
    if not to_whom:
        raise UserError("กรุณากรอกผู้รับหนังสือ (เรียน) ก่อนออกเลข", field="to_whom")
    day = _as_date(on)
    office_code = _office_code(db)
    with write_lock(db):
        (number,) = db.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM outgoing_letters WHERE office_code = ? AND year = ?",
            [office_code, day.year],
        ).fetchone()
        entry_id = insert_row(db, "outgoing_letters", {
            "office_code": office_code, "year": day.year, "number": number, "date": day.isoformat(),
            "to_whom": to_whom, "subject": subject, "kind": kind, "letter_id": letter_id,
            "status": "issued", "cancel_reason": None, "issued_by": current_actor(db),
        })
    return get_entry(db, entry_id)


def cancel_number(db: Database, id: str, reason: str) -> OutgoingEntry:
    """Mark a number ยกเลิก with its reason: it stays in the register and is never issued again."""
    require(db, "correspondence.edit")
    reason = normalize_text(reason or "")
    if not reason:
        raise UserError("กรุณาระบุเหตุผลที่ยกเลิกเลขหนังสือ", field="reason")
    with write_lock(db):
        entry = get_entry(db, id)
        if entry.cancelled:
            raise UserError(f"เลขที่ {to_thai_digits(entry.number)} ถูกยกเลิกไปแล้ว", field="id")
        update_row(db, "outgoing_letters", id, {"status": "cancelled", "cancel_reason": reason})
        # the letter written in the program under this number is cancelled with it
        if entry.letter_id and db.execute("SELECT 1 FROM letters WHERE id = ? AND status = 'issued'",
                                          [entry.letter_id]).fetchone():
            update_row(db, "letters", entry.letter_id, {"status": "cancelled"})
    return get_entry(db, id)


def get_entry(db: Database, id: str) -> OutgoingEntry:
    rows = list(db.query("SELECT * FROM outgoing_letters WHERE id = ? AND deleted_at IS NULL", [id]))
    if not rows:
        raise UserError("ไม่พบเลขหนังสือในทะเบียนหนังสือส่ง", field="id")
    return _entry(rows[0])


def list_register(db: Database, year: int | None = None) -> list[OutgoingEntry]:
    """This office's register for `year` (default: every year), by year and number."""
    where = ["deleted_at IS NULL", "office_code = ?"]
    params: list[Any] = [_office_code(db)]
    if year is not None:
        where.append("year = ?")
        params.append(year)
    return [_entry(r) for r in db.query(
        f"SELECT * FROM outgoing_letters WHERE {' AND '.join(where)} ORDER BY year, number", params)]  # noqa: S608


def ref_prefix(db: Database) -> str:
    """The office's ที่ prefix in Thai digits ("กพ ๐๓๑๘"), or a Thai error saying where to set it."""
    office = get_office(db)
    prefix = (office.ref_prefix if office else "").strip()
    if prefix.startswith("ที่ "):
        prefix = prefix[4:].strip()
    if not prefix:
        raise UserError("ยังไม่ได้กำหนดเลขที่หนังสือ (ที่ …) ของสำนักงาน: ตั้งค่าที่ ตั้งค่า › สำนักงาน",
                        field="ref_prefix")
    return to_thai_digits(prefix)


def ref_number(db: Database, entry: OutgoingEntry) -> str:
    """ "กพ ๐๓๑๘/๑๒๓": the office's prefix, "/", the number in Thai digits."""
    return f"{ref_prefix(db)}/{to_thai_digits(entry.number)}"


def reference_text(db: Database, entry: OutgoingEntry) -> str:
    """ "ที่ กพ ๐๓๑๘/๑๒๓" """
    return f"ที่ {ref_number(db, entry)}"


def register_rows(db: Database, year: int) -> list[list[str]]:
    """The register as printed: เลขที่, ลงวันที่, ถึง, เรื่อง, ชนิด, หมายเหตุ (ยกเลิก: reason)."""
    rows = []
    for e in list_register(db, year):
        note = f"ยกเลิก: {e.cancel_reason}" if e.cancelled else ""
        rows.append([to_thai_digits(e.number), format_thai_date(e.date, "medium"), e.to_whom, e.subject,
                     e.kind_th, note])
    return rows
