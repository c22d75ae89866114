"""The reporting cycle's letters: the covering memo of a submission and the province's reminder to
late districts. Numbers come from the outgoing register (moi_desktop/correspondence); the
documents are drawn by moi_desktop/documents (memo, letter) with the office's Garuda.

The one place reporting touches correspondence: when the correspondence area gains its own
covering-memo builder, `covering_memo` below is the function to point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from moi_desktop.correspondence import cancel_number, issue_number, ref_number
from moi_desktop.db import Database
from moi_desktop.documents.fonts import get_document_font, get_fonts
from moi_desktop.documents.letter import render_letter
from moi_desktop.documents.memo import render_memo
from moi_desktop.documents.spec import LetterSpec, MemoSpec, Signer, TableSpec
from moi_desktop.errors import UserError
from moi_desktop.office import Office, get_office, get_office_garuda
from moi_desktop.thai.digits import to_thai_digits


@dataclass(frozen=True)
class Numbered:
    entry_id: str
    number: str  # "มท ๐๓๑๘/๑๒"


def take_number(db: Database, *, kind: str, to_whom: str, subject: str, on: date) -> Numbered:
    """The next number of the office's outgoing register for this letter."""
    entry = issue_number(db, kind=kind, to_whom=to_whom, subject=subject, on=on)
    return Numbered(entry.id, ref_number(db, entry))


def release_number(db: Database, numbered: Numbered, reason: str) -> None:
    """A number whose document never left the office stays in the register, marked ยกเลิก."""
    cancel_number(db, numbered.entry_id, reason)


def _office(db: Database) -> Office:
    office = get_office(db)
    if office is None:
        raise UserError("ยังไม่ได้ตั้งค่าสำนักงาน: ตั้งค่าที่ ตั้งค่า › สำนักงาน", field="office")
    return office


def _signer(office: Office) -> Signer:
    return Signer(name=f"({office.chief_name})" if office.chief_name else "", position=office.chief_position)


def covering_memo(db: Database, out: Path, *, number: str, on: date, to_whom: str, subject: str,
                  lead: str, attachments: list[tuple[str, str]]) -> Path:
    """บันทึกข้อความนำส่ง listing the attachments (title, file name); written to `out` (PDF)."""
    office = _office(db)
    rows = [[to_thai_digits(i), title, name] for i, (title, name) in enumerate(attachments, start=1)]
    spec = MemoSpec(
        office=office.org_name + (f" โทร. {office.phone}" if office.phone else ""),
        ref=number, date=on, subject=subject, to=to_whom,
        body=[lead, f"รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย จำนวน {to_thai_digits(len(rows))} รายการ ดังนี้"],
        closing="จึงเรียนมาเพื่อโปรดทราบ",
        table=TableSpec(columns=["ที่", "รายการ", "ไฟล์"], rows=rows),
        signer=_signer(office), font=get_document_font(db),
    )
    render_memo(spec, out, fonts=get_fonts(spec.font), garuda=get_office_garuda(db))
    return out


def reminder_letter(db: Database, out: Path, *, number: str, on: date, to_whom: str, subject: str,
                    body: list[str], items: list[list[str]]) -> Path:
    """หนังสือติดตาม from the province to a district (PDF)."""
    office = _office(db)
    spec = LetterSpec(
        ref=number, office=office.org_name, date=on, subject=subject, to=to_whom, body=body,
        closing="จึงเรียนมาเพื่อโปรดดำเนินการโดยด่วน",
        table=TableSpec(columns=["รายงาน", "งวด", "กำหนดส่ง", "สถานะ"], rows=items) if items else None,
        signer=_signer(office), font=get_document_font(db),
    )
    render_letter(spec, out, fonts=get_fonts(spec.font), garuda=get_office_garuda(db))
    return out
