"""Letters written in the program: editable drafts kept in the database, issued (numbered from
the outgoing register and frozen), rendered through moi_desktop/documents/ with the office's
Garuda, duplicated, and the covering memo (บันทึกนำส่ง) prefilled for a report.

A draft holds the regulation's fields as JSON (`fields`: date, office, refer_to, closing, contact,
salutation; for minutes title, number, place, times, attendees, agenda, recorder, checker), the
body paragraphs, the attachments and the signer (an official). Text is cleaned on the way in:
control and bidi characters removed (with a warning on the returned Letter), ํา → ำ, NFC.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.correspondence.officials import get_official, list_officials
from moi_desktop.correspondence.register import (
    OutgoingEntry,
    _as_date,
    cancel_number,
    get_entry,
    issue_number,
    ref_number,
    ref_prefix,
    today,
)
from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.db.rows import write_lock
from moi_desktop.documents.spec import (
    AgendaItem,
    Attendee,
    Contact,
    LetterSpec,
    MemoSpec,
    MinutesSpec,
    Signer,
    Spec,
    StampedSpec,
)
from moi_desktop.errors import UserError
from moi_desktop.office import BANGKOK_CODE, get_office, get_office_garuda
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require
from moi_desktop.thai import to_thai_digits
from moi_desktop.thai.text import describe_chars, hostile_chars, normalize_text

LETTER_KINDS = {"memo": "บันทึกข้อความ", "letter": "หนังสือภายนอก", "stamped": "หนังสือประทับตรา",
                "minutes": "รายงานการประชุม"}
LETTER_STATUSES = {"draft": "ร่าง", "issued": "ออกเลขแล้ว", "cancelled": "ยกเลิก"}
COVERING_SOURCE = "covering"  # letters.source of a covering memo: "covering" or "covering:<report key>"
# A draft's reference before it is numbered: the prefix and a blank for the number.
DRAFT_NUMBER = "      "


@dataclass(frozen=True)
class Letter:
    id: str
    kind: str
    subject: str
    to_whom: str
    fields: dict[str, Any]
    body: list[str]
    attachments: list[str]
    signer_id: str | None
    status: str
    outgoing_id: str | None
    source: str
    created_at: str = ""
    updated_at: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def kind_th(self) -> str:
        return LETTER_KINDS.get(self.kind, self.kind)

    @property
    def status_th(self) -> str:
        return LETTER_STATUSES.get(self.status, self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def register_kind(self) -> str:
        return "covering" if self.source.startswith(COVERING_SOURCE) else self.kind


def _letter(row: Mapping[str, Any]) -> Letter:
    return Letter(
        id=row["id"], kind=row["kind"], subject=row["subject"] or "", to_whom=row["to_whom"] or "",
        fields=json.loads(row["fields"] or "{}"), body=json.loads(row["body"] or "[]"),
        attachments=json.loads(row["attachments"] or "[]"), signer_id=row["signer_id"], status=row["status"],
        outgoing_id=row["outgoing_id"], source=row["source"] or "", created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


# -- cleaning ----------------------------------------------------------------------------------
class _Cleaner:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def text(self, value: Any, label: str, *, multiline: bool = False) -> str:
        s = "" if value is None else str(value)
        chars = hostile_chars(s)
        if chars:
            self.warnings.append(f"{label}: ตัดอักขระควบคุมที่มองไม่เห็นออกแล้ว ({describe_chars(chars)})")
        return normalize_text(s, multiline=multiline)

    def texts(self, values: Any, label: str) -> list[str]:
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        out = [self.text(v, label, multiline=True) for v in values]
        return [v for v in out if v]

    def value(self, value: Any, label: str) -> Any:
        """Any JSON value, its strings cleaned."""
        if isinstance(value, str):
            return self.text(value, label, multiline="\n" in value)
        if isinstance(value, list):
            return [self.value(v, label) for v in value]
        if isinstance(value, dict):
            return {str(k): self.value(v, f"{label}.{k}") for k, v in value.items()}
        return value


def _values(db: Database, data: Mapping[str, Any], cleaner: _Cleaner) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "kind" in data:
        if data["kind"] not in LETTER_KINDS:
            raise UserError(f"ไม่รู้จักชนิดหนังสือ “{data['kind']}”", field="kind")
        values["kind"] = data["kind"]
    if "subject" in data:
        values["subject"] = cleaner.text(data["subject"], "เรื่อง")
    if "to_whom" in data:
        values["to_whom"] = cleaner.text(data["to_whom"], "เรียน")
    if "fields" in data:
        fields = data["fields"] or {}
        if not isinstance(fields, Mapping):
            raise UserError("ข้อมูลของหนังสือไม่ถูกต้อง", field="fields")
        fields = cleaner.value(dict(fields), "fields")
        if fields.get("date"):
            fields["date"] = _as_date(fields["date"]).isoformat()
        values["fields"] = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    if "body" in data:
        values["body"] = json.dumps(cleaner.texts(data["body"], "เนื้อความ"), ensure_ascii=False)
    if "attachments" in data:
        values["attachments"] = json.dumps(cleaner.texts(data["attachments"], "สิ่งที่ส่งมาด้วย"), ensure_ascii=False)
    if "signer_id" in data:
        signer_id = data["signer_id"] or None
        if signer_id:
            get_official(db, signer_id)
        values["signer_id"] = signer_id
    if "source" in data:
        values["source"] = cleaner.text(data["source"], "source")
    return values


# -- drafts ------------------------------------------------------------------------------------
def new_letter(db: Database, kind: str, *, subject: str = "", to_whom: str = "",
               fields: Mapping[str, Any] | None = None, body: list[str] | None = None,
               attachments: list[str] | None = None, signer_id: str | None = None,
               source: str = "") -> Letter:
    """A new draft. Nothing is required yet: a draft may be saved half-written."""
    require(db, "correspondence.edit")
    cleaner = _Cleaner()
    values = _values(db, {"kind": kind, "subject": subject, "to_whom": to_whom, "fields": fields or {},
                          "body": body or [], "attachments": attachments or [], "signer_id": signer_id,
                          "source": source}, cleaner)
    values["status"] = "draft"
    letter_id = insert_row(db, "letters", values)
    return replace(get_letter(db, letter_id), warnings=tuple(cleaner.warnings))


def update_letter(db: Database, letter_id: str, **changes: Any) -> Letter:
    """Change a draft (kind, subject, to_whom, fields, body, attachments, signer_id). An issued
    letter is frozen: duplicate it to write a new one."""
    require(db, "correspondence.edit")
    unknown = set(changes) - {"kind", "subject", "to_whom", "fields", "body", "attachments", "signer_id", "source"}
    if unknown:
        raise ValueError(f"not a letter's field: {sorted(unknown)}")
    letter = get_letter(db, letter_id)
    if not letter.is_draft:
        raise UserError("หนังสือที่ออกเลขแล้วแก้ไขไม่ได้ — ทำสำเนาเพื่อเขียนฉบับใหม่", field="status")
    cleaner = _Cleaner()
    values = _values(db, changes, cleaner)
    if values:
        update_row(db, "letters", letter_id, values)
    return replace(get_letter(db, letter_id), warnings=tuple(cleaner.warnings))


def duplicate_letter(db: Database, letter_id: str) -> Letter:
    """A new draft with the content of an earlier letter (its number and date are not copied)."""
    letter = get_letter(db, letter_id)
    fields = {k: v for k, v in letter.fields.items() if k not in ("date", "ref")}
    return new_letter(db, letter.kind, subject=letter.subject, to_whom=letter.to_whom, fields=fields,
                      body=letter.body, attachments=letter.attachments, signer_id=letter.signer_id,
                      source=letter.source)


def get_letter(db: Database, letter_id: str) -> Letter:
    rows = list(db.query("SELECT * FROM letters WHERE id = ? AND deleted_at IS NULL", [letter_id]))
    if not rows:
        raise UserError("ไม่พบหนังสือที่เลือก", field="letter_id")
    return _letter(rows[0])


def list_letters(db: Database, *, status: str | None = None, kind: str | None = None) -> list[Letter]:
    """Letters, the latest change first."""
    where, params = ["deleted_at IS NULL"], []
    if status:
        where.append("status = ?")
        params.append(status)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    return [_letter(r) for r in db.query(
        f"SELECT * FROM letters WHERE {' AND '.join(where)} ORDER BY updated_at DESC, id DESC", params)]  # noqa: S608


def delete_draft(db: Database, letter_id: str) -> None:
    """Throw away a draft (an issued letter stays: its number is in the register)."""
    require(db, "correspondence.edit")
    if not get_letter(db, letter_id).is_draft:
        raise UserError("ลบได้เฉพาะร่างหนังสือ หนังสือที่ออกเลขแล้วให้ยกเลิกเลขแทน", field="status")
    soft_delete(db, "letters", letter_id)


# -- issuing -----------------------------------------------------------------------------------
def _missing(letter: Letter) -> str | None:
    """What an issued letter must have that this draft lacks (Thai), or None."""
    if letter.kind == "minutes":
        if not letter.subject:
            return "ชื่อการประชุม"
        if not letter.fields.get("agenda"):
            return "ระเบียบวาระการประชุม"
        return None
    if not letter.subject and letter.kind != "stamped":
        return "เรื่อง"
    if not letter.to_whom:
        return "เรียน (ผู้รับ)"
    if not letter.body:
        return "เนื้อความ"
    if letter.kind != "stamped" and not letter.signer_id:
        return "ผู้ลงนาม"
    return None


def issue_letter(db: Database, letter_id: str, *, on: date | str | None = None) -> tuple[Letter, OutgoingEntry]:
    """Number a draft from the outgoing register and freeze it: its date (`on`, else the date
    written in the draft, else today) and ที่ are set. The number and the letter's change commit
    together (a failure leaves neither)."""
    require(db, "correspondence.edit")
    letter = get_letter(db, letter_id)
    if not letter.is_draft:
        raise UserError("หนังสือนี้ออกเลขไปแล้ว", field="status")
    missing = _missing(letter)
    if missing:
        raise UserError(f"ยังออกเลขไม่ได้: กรุณากรอก{missing}", field="body")
    ref_prefix(db)  # an office without its ที่ prefix is told before a number is taken
    if on is None or on == "":
        on = letter.fields.get("date") or None  # a date written in the draft, else today
    with write_lock(db):
        entry = issue_number(db, kind=letter.register_kind, to_whom=letter.to_whom or letter.subject,
                             subject=letter.subject or letter.to_whom, on=on, letter_id=letter.id)
        fields = dict(letter.fields, date=entry.date.isoformat(), ref=ref_number(db, entry))
        update_row(db, "letters", letter.id, {
            "status": "issued", "outgoing_id": entry.id,
            "fields": json.dumps(fields, ensure_ascii=False, sort_keys=True)})
    return get_letter(db, letter.id), entry


def cancel_letter(db: Database, letter_id: str, reason: str) -> Letter:
    """Cancel an issued letter: its number stays in the register marked ยกเลิก with the reason."""
    require(db, "correspondence.edit")
    letter = get_letter(db, letter_id)
    if letter.status != "issued" or not letter.outgoing_id:
        raise UserError("ยกเลิกได้เฉพาะหนังสือที่ออกเลขแล้ว (ร่างหนังสือให้ลบ)", field="status")
    cancel_number(db, letter.outgoing_id, reason)  # marks the letter cancelled too
    return get_letter(db, letter.id)


def letter_entry(db: Database, letter: Letter) -> OutgoingEntry | None:
    return get_entry(db, letter.outgoing_id) if letter.outgoing_id else None


# -- to a document -----------------------------------------------------------------------------
def _signer(db: Database, letter: Letter) -> Signer:
    if letter.signer_id:
        return get_official(db, letter.signer_id).signer()
    officials = list_officials(db)
    if officials:
        return officials[0].signer()
    office = get_office(db)
    if office and office.chief_name:
        return Signer(office.chief_name, office.chief_position)
    return Signer("", "")


def _draft_ref(db: Database) -> str:
    try:
        return f"{ref_prefix(db)}/{DRAFT_NUMBER}"
    except UserError:
        return f"{DRAFT_NUMBER}/{DRAFT_NUMBER}"


def _numbered(items: list[str]) -> list[str]:
    return [f"{to_thai_digits(i)}. {item}" for i, item in enumerate(items, start=1)]


def _people(items: Any) -> list[Attendee]:
    people = []
    for item in items or []:
        if isinstance(item, str):
            item = {"name": item}
        if isinstance(item, Mapping) and item.get("name"):
            people.append(Attendee(name=str(item["name"]), position=str(item.get("position") or ""),
                                   role=str(item.get("role") or ""), reason=str(item.get("reason") or "")))
    return people


# The minutes template numbers its items ("ระเบียบวาระที่ ๑ …"): a title typed with its number loses it.
_AGENDA_NUMBER = re.compile(r"^ระเบียบวาระที่\s*[0-9๐-๙]+\s*[:.]?\s*")


def _agenda(items: Any) -> list[AgendaItem]:
    agenda = []
    for item in items or []:
        if isinstance(item, Mapping) and item.get("title"):
            body = item.get("body") or []
            title = _AGENDA_NUMBER.sub("", str(item["title"])) or str(item["title"])
            agenda.append(AgendaItem(title=title, body=[body] if isinstance(body, str) else list(body),
                                     resolution=str(item.get("resolution") or "")))
    return agenda


def _person(value: Any) -> Signer | None:
    if isinstance(value, Mapping) and value.get("name"):
        return Signer(str(value["name"]), str(value.get("position") or ""))
    return None


def letter_spec(db: Database, letter: Letter) -> Spec:
    """The document spec of `letter` as it prints now: a draft with a blank number and today's
    date (or the date it was given), an issued letter with its number and date."""
    office = get_office(db)
    f = letter.fields
    on = date.fromisoformat(f["date"]) if f.get("date") else today()
    ref = f.get("ref") or _draft_ref(db)
    org = f.get("office") or (office.org_name if office else "")
    if letter.kind == "minutes":
        # the template heads the page with รายงานการประชุม: a title typed with it would say it twice
        title = letter.subject.removeprefix("รายงานการประชุม").strip() or letter.subject or "รายงานการประชุม"
        return MinutesSpec(
            title=title, number=str(f.get("number") or ""), date=on,
            place=str(f.get("place") or ""), present=_people(f.get("present")) or [Attendee("-")],
            absent=_people(f.get("absent")), others=_people(f.get("others")),
            agenda=_agenda(f.get("agenda")) or [AgendaItem("-")], start_time=str(f.get("start_time") or ""),
            end_time=str(f.get("end_time") or ""), recorder=_person(f.get("recorder")),
            checker=_person(f.get("checker")))
    contact_data = f.get("contact") or {}
    contact = Contact(unit=str(contact_data.get("unit") or org.split("\n")[0]),
                      phone=str(contact_data.get("phone") or (office.phone if office else "")),
                      fax=str(contact_data.get("fax") or ""), email=str(contact_data.get("email") or ""))
    body = letter.body or [""]
    if letter.kind == "stamped":
        return StampedSpec(ref=ref, to=letter.to_whom, body=body, office=org, date=on, contact=contact)
    if letter.kind == "letter":
        return LetterSpec(ref=ref, office=org, date=on, subject=letter.subject, to=letter.to_whom, body=body,
                          signer=_signer(db, letter), refer_to=str(f.get("refer_to") or ""),
                          attachments=letter.attachments, closing=str(f.get("closing") or ""),
                          salutation=str(f.get("salutation") or "ขอแสดงความนับถือ"), contact=contact)
    memo_office = org
    if office and office.phone and "โทร" not in memo_office:
        memo_office = f"{org} โทร. {office.phone}"
    return MemoSpec(office=memo_office, ref=ref, date=on, subject=letter.subject, to=letter.to_whom,
                    body=body + _numbered(letter.attachments), signer=_signer(db, letter),
                    closing=str(f.get("closing") or ""))


def preview_letter(db: Database, letter: Letter, out: Path | Any, *, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> Path | Any:
    """Render a letter as the form holds it (saved or not) — the live preview. Nothing is written
    to the database; the text is cleaned as saving would clean it."""
    # reportlab and the fonts load only when a letter is rendered, not whenever letters are listed
    from moi_desktop.documents import get_document_font, get_fonts, render_spec

    cleaner = _Cleaner()
    values = _values(db, {"subject": letter.subject, "to_whom": letter.to_whom, "fields": letter.fields,
                          "body": letter.body, "attachments": letter.attachments}, cleaner)
    clean = replace(letter, subject=values["subject"], to_whom=values["to_whom"],
                    fields=json.loads(values["fields"]), body=json.loads(values["body"]),
                    attachments=json.loads(values["attachments"]))
    render_spec(letter_spec(db, clean), out, fonts=get_fonts(get_document_font(db)), garuda=get_office_garuda(db))
    return out


def blank_letter(kind: str) -> Letter:
    """An unsaved letter of `kind` (what a new form starts from)."""
    return Letter(id="", kind=kind, subject="", to_whom="", fields={}, body=[], attachments=[], signer_id=None,
                  status="draft", outgoing_id=None, source="")


# -- text forms of the structured fields (the GUI's plain-text boxes) -------------------------
def people_from_text(text: str) -> list[dict[str, str]]:
    """One person a line: "ชื่อ | ตำแหน่ง | หน้าที่ (หรือเหตุผลที่ไม่มา)"."""
    people = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            people.append({"name": parts[0], "position": parts[1] if len(parts) > 1 else "",
                           "role": parts[2] if len(parts) > 2 else ""})
    return people


def people_to_text(people: Any) -> str:
    lines = []
    for p in people or []:
        parts = [str(p.get("name") or ""), str(p.get("position") or ""), str(p.get("role") or p.get("reason") or "")]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def agenda_from_text(text: str) -> list[dict[str, Any]]:
    """Agenda items separated by a blank line: the first line is the item's title, a line starting
    "มติ" its resolution, the other lines its paragraphs."""
    items: list[dict[str, Any]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        item: dict[str, Any] = {"title": lines[0], "body": [], "resolution": ""}
        for line in lines[1:]:
            if line.startswith("มติ"):
                item["resolution"] = line.removeprefix("มติที่ประชุม").removeprefix("มติ").lstrip(" :").strip()
            else:
                item["body"].append(line)
        items.append(item)
    return items


def agenda_to_text(agenda: Any) -> str:
    blocks = []
    for item in agenda or []:
        lines = [str(item.get("title") or ""), *[str(b) for b in item.get("body") or []]]
        if item.get("resolution"):
            lines.append(f"มติที่ประชุม {item['resolution']}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_letter(db: Database, letter_id: str, out: Path | Any, *, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> Path | Any:
    """Write the letter's PDF to `out` (a path or a binary file) with the office's Garuda and
    document font. Drafts print with a blank number. (`progress` / `cancelled`: the background
    task's callbacks; a letter renders in well under a second and ignores them.)"""
    # reportlab and the fonts load only when a letter is rendered, not whenever letters are listed
    from moi_desktop.documents import get_document_font, get_fonts, render_spec

    letter = get_letter(db, letter_id)
    spec = letter_spec(db, letter)
    fonts = get_fonts(get_document_font(db))
    if isinstance(out, (str, Path)):
        path = Path(out)
        if not path.parent.is_dir():
            raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {path.parent}", field="out")
        tmp = path.with_name(path.name + ".part")
        try:
            render_spec(spec, tmp, fonts=fonts, garuda=get_office_garuda(db))
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        audit(db, "letter_render", table_name="letters", row_id=letter.id, file=path.name)
        return path
    render_spec(spec, out, fonts=fonts, garuda=get_office_garuda(db))
    return out


# -- the covering memo -------------------------------------------------------------------------
def province_governor(db: Database) -> str:
    """เรียน of a covering memo by default: ผู้ว่าราชการจังหวัด<the office's province>."""
    office = get_office(db)
    if office is None:
        return "ผู้ว่าราชการจังหวัด"
    row = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [office.province_code]).fetchone()
    if office.province_code == BANGKOK_CODE:
        return "ผู้ว่าราชการกรุงเทพมหานคร"
    return f"ผู้ว่าราชการจังหวัด{row[0] if row else ''}"


def covering_memo(db: Database, *, subject: str, attachments: list[str], to_whom: str | None = None,
                  signer_id: str | None = None, source: str = "") -> str:
    """A prefilled covering memo (บันทึกนำส่ง) for a report: เรื่อง ส่ง<subject>, เรียน the province
    governor, the attachments listed. Returns the draft's id (number it with issue_letter)."""
    require(db, "correspondence.edit")
    subject = normalize_text(subject or "")
    if not subject:
        raise UserError("กรุณาระบุเรื่องที่จะส่ง", field="subject")
    title = subject if subject.startswith("ส่ง") else f"ส่ง{subject}"
    office = get_office(db)
    sender = office.org_name if office else "สำนักงาน"
    items = [a for a in attachments if a and a.strip()] or [subject]
    body = [
        f"ด้วย{sender} ได้จัดทำ{subject} เรียบร้อยแล้ว จึงขอส่ง{subject} "
        f"จำนวน {to_thai_digits(len(items))} รายการ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย ดังนี้",
    ]
    if signer_id is None:
        officials = list_officials(db)
        signer_id = officials[0].id if officials else None
    letter = new_letter(db, "memo", subject=title, to_whom=to_whom or province_governor(db), body=body,
                        attachments=items, signer_id=signer_id,
                        fields={"closing": "จึงเรียนมาเพื่อโปรดทราบ"},
                        source=f"{COVERING_SOURCE}:{source}" if source else COVERING_SOURCE)
    return letter.id
