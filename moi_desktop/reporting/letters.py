"""The reporting cycle's letters: the covering memo of a submission and the province's reminder to
late districts, both numbered from the outgoing register (moi_desktop/correspondence).

When the office has registered the officials who sign, each letter is made the correspondence way:
a draft (covering_memo / new_letter), numbered with issue_letter and drawn with render_letter, so it
is listed on the หนังสือราชการ page like any other. An office with no official yet still gets its
letters: the number is taken from the register and the memo is signed by the office's chief (the
office profile), drawn by moi_desktop/documents.

    issued = issue_covering_memo(db, out, on=..., to_whom=..., subject=..., lead=..., attachments=[...])
    issued.number        # "มท ๐๓๑๘/๑๒"
    issued.withdraw("…") # the document never left: its number stays in the register, ยกเลิก
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from moi_desktop.correspondence import (
    cancel_letter,
    cancel_number,
    covering_memo,
    issue_letter,
    issue_number,
    list_officials,
    new_letter,
    ref_number,
    render_letter,
)
from moi_desktop.db import Database
from moi_desktop.documents.fonts import get_document_font, get_fonts
from moi_desktop.documents.letter import render_letter as draw_letter
from moi_desktop.documents.memo import render_memo
from moi_desktop.documents.spec import LetterSpec, MemoSpec, Signer, TableSpec
from moi_desktop.errors import UserError
from moi_desktop.office import Office, get_office, get_office_garuda
from moi_desktop.thai.digits import to_thai_digits


@dataclass(frozen=True)
class Issued:
    number: str  # "มท ๐๓๑๘/๑๒"
    entry_id: str | None = None  # the register entry (no letter record)
    letter_id: str | None = None  # the correspondence letter, when made that way

    def withdraw(self, db: Database, reason: str) -> None:
        """The document never left the office: its number stays in the register, marked ยกเลิก."""
        if self.letter_id:
            cancel_letter(db, self.letter_id, reason)
        elif self.entry_id:
            cancel_number(db, self.entry_id, reason)


def _office(db: Database) -> Office:
    office = get_office(db)
    if office is None:
        raise UserError("ยังไม่ได้ตั้งค่าสำนักงาน: ตั้งค่าที่ ตั้งค่า › สำนักงาน", field="office")
    return office


def _signer(office: Office) -> Signer:
    return Signer(name=f"({office.chief_name})" if office.chief_name else "", position=office.chief_position)


def _official(db: Database) -> str | None:
    """The first active official of this office: officials travel in bundles, so a province also
    holds its districts' — never one of those (a district's chief must not sign the province's letter)."""
    own = {r[0] for r in db.execute(
        "SELECT id FROM officials WHERE origin = (SELECT value FROM meta WHERE key = 'installation_id')")}
    return next((o.id for o in list_officials(db) if o.id in own), None)


def _issue_and_draw(db: Database, letter_id: str, on: date, out: Path) -> Issued:
    letter, entry = issue_letter(db, letter_id, on=on)
    issued = Issued(ref_number(db, entry), entry.id, letter.id)
    try:
        render_letter(db, letter.id, out)
    except BaseException:
        issued.withdraw(db, "จัดทำไฟล์หนังสือไม่สำเร็จ")
        raise
    return issued


def issue_covering_memo(db: Database, out: Path, *, on: date, to_whom: str, subject: str, lead: str,
                        attachments: list[tuple[str, str]], source: str = "") -> Issued:
    """บันทึกนำส่ง (numbered, kind "covering" in the register) listing the attachments (title, file
    name), written to `out` (PDF). `subject` is what is sent ("รายงาน… เดือน…")."""
    office = _office(db)
    signer = _official(db)
    if signer is not None:
        letter_id = covering_memo(db, subject=subject, attachments=[f"{t} (ไฟล์ {n})" for t, n in attachments],
                                  to_whom=to_whom, signer_id=signer, source=source)
        return _issue_and_draw(db, letter_id, on, out)
    entry = issue_number(db, kind="covering", to_whom=to_whom, subject=f"ส่ง{subject}", on=on)
    issued = Issued(ref_number(db, entry), entry.id)
    try:
        rows = [[to_thai_digits(i), title, name] for i, (title, name) in enumerate(attachments, start=1)]
        spec = MemoSpec(
            office=office.org_name + (f" โทร. {office.phone}" if office.phone else ""),
            ref=issued.number, date=on, subject=f"ส่ง{subject}", to=to_whom,
            body=[lead, f"รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย จำนวน {to_thai_digits(len(rows))} รายการ ดังนี้"],
            closing="จึงเรียนมาเพื่อโปรดทราบ", table=TableSpec(columns=["ที่", "รายการ", "ไฟล์"], rows=rows),
            signer=_signer(office), font=get_document_font(db),
        )
        render_memo(spec, out, fonts=get_fonts(spec.font), garuda=get_office_garuda(db))
    except BaseException:
        issued.withdraw(db, "จัดทำไฟล์บันทึกนำส่งไม่สำเร็จ")
        raise
    return issued


def issue_reminder(db: Database, out: Path, *, on: date, to_whom: str, subject: str, body: list[str],
                   items: list[list[str]]) -> Issued:
    """หนังสือติดตาม (external letter, kind "reminder" without an official) to a district (PDF)."""
    office = _office(db)
    signer = _official(db)
    if signer is not None:
        letter = new_letter(db, "letter", subject=subject, to_whom=to_whom, body=body, attachments=[],
                            signer_id=signer, fields={"closing": "จึงเรียนมาเพื่อโปรดดำเนินการโดยด่วน"},
                            source="reminder")
        return _issue_and_draw(db, letter.id, on, out)
    entry = issue_number(db, kind="reminder", to_whom=to_whom, subject=subject, on=on)
    issued = Issued(ref_number(db, entry), entry.id)
    try:
        spec = LetterSpec(
            ref=issued.number, office=office.org_name, date=on, subject=subject, to=to_whom, body=body,
            closing="จึงเรียนมาเพื่อโปรดดำเนินการโดยด่วน",
            table=TableSpec(columns=["รายงาน", "งวด", "กำหนดส่ง", "สถานะ"], rows=items) if items else None,
            signer=_signer(office), font=get_document_font(db),
        )
        draw_letter(spec, out, fonts=get_fonts(spec.font), garuda=get_office_garuda(db))
    except BaseException:
        issued.withdraw(db, "จัดทำไฟล์หนังสือติดตามไม่สำเร็จ")
        raise
    return issued
