"""JSON document specs (memo, external letter, stamped letter, minutes) → validated dataclasses.
Schema: docs/document-spec.md. The dataclasses are also what other code (a letter form, a report's
covering memo) fills in to render a document without JSON.

Every problem is a UserError whose Thai message names the field, e.g.
"ข้อมูลไม่ครบ: ต้องมี subject (เรื่อง)". Text is cleaned on the way in: control and bidi characters
are removed, each removal noted in `warnings` (the CLI prints them).
"""

import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.errors import UserError
from moi_desktop.thai import parse_thai_date
from moi_desktop.thai.text import hostile_chars, hostile_warning, printable

LABELS = {
    "kind": "ชนิดเอกสาร",
    "office": "ส่วนราชการ",
    "ref": "ที่",
    "date": "วันที่",
    "subject": "เรื่อง",
    "to": "เรียน",
    "body": "เนื้อความ",
    "table": "ตาราง",
    "columns": "หัวตาราง",
    "rows": "แถวของตาราง",
    "closing": "ข้อความปิดท้าย",
    "signer": "ผู้ลงนาม",
    "name": "ชื่อ",
    "position": "ตำแหน่ง",
    "role": "หน้าที่ในที่ประชุม",
    "reason": "เหตุผล",
    "thai_digits": "ใช้เลขไทย",
    "font": "แบบอักษร",
    "title": "ชื่อการประชุม",
    "number": "ครั้งที่",
    "place": "สถานที่ (ณ)",
    "present": "ผู้มาประชุม",
    "absent": "ผู้ไม่มาประชุม",
    "others": "ผู้เข้าร่วมประชุม",
    "start_time": "เริ่มประชุมเวลา",
    "end_time": "เลิกประชุมเวลา",
    "agenda": "ระเบียบวาระ",
    "resolution": "มติที่ประชุม",
    "recorder": "ผู้จดรายงานการประชุม",
    "checker": "ผู้ตรวจรายงานการประชุม",
    "refer_to": "อ้างถึง",
    "attachments": "สิ่งที่ส่งมาด้วย",
    "salutation": "คำลงท้าย",
    "contact": "ส่วนราชการเจ้าของเรื่อง",
    "unit": "ส่วนราชการเจ้าของเรื่อง",
    "phone": "โทร.",
    "fax": "โทรสาร",
    "email": "ไปรษณีย์อิเล็กทรอนิกส์",
    "garuda": "ไฟล์ภาพครุฑ",
}

# What a document kind is called in messages.
KIND_NAMES = {"memo": "บันทึกข้อความ", "letter": "หนังสือภายนอก", "stamped": "หนังสือประทับตรา",
              "minutes": "รายงานการประชุม"}


@dataclass
class Signer:
    name: str
    position: str = ""


@dataclass
class TableSpec:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Contact:
    """ส่วนราชการเจ้าของเรื่อง at the foot of a letter: the unit that handles it and how to reach it."""

    unit: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""

    def lines(self) -> list[str]:
        labelled = [("", self.unit), ("โทร. ", self.phone), ("โทรสาร ", self.fax),
                    ("ไปรษณีย์อิเล็กทรอนิกส์ ", self.email)]
        return [label + value for label, value in labelled if value]


@dataclass
class MemoSpec:
    office: str
    ref: str
    date: date
    subject: str
    to: str
    body: list[str]
    signer: Signer
    closing: str = ""
    table: TableSpec | None = None
    thai_digits: bool = True
    font: str | None = None
    garuda: str | None = None  # an image file named in the spec (else the office's own)
    kind: str = "memo"
    warnings: list[str] = field(default_factory=list)


@dataclass
class LetterSpec:
    """หนังสือภายนอก: `office` is the sending office's name and address (lines split by "\n")."""

    ref: str
    office: str
    date: date
    subject: str
    to: str
    body: list[str]
    signer: Signer
    refer_to: str = ""
    attachments: list[str] = field(default_factory=list)
    closing: str = ""
    salutation: str = "ขอแสดงความนับถือ"
    contact: Contact = field(default_factory=Contact)
    table: TableSpec | None = None
    thai_digits: bool = True
    font: str | None = None
    garuda: str | None = None
    kind: str = "letter"
    warnings: list[str] = field(default_factory=list)


@dataclass
class StampedSpec:
    """หนังสือประทับตรา: `office` is the sending office (its name stands for a signature, under its
    stamp)."""

    ref: str
    to: str
    body: list[str]
    office: str
    date: date
    contact: Contact = field(default_factory=Contact)
    thai_digits: bool = True
    font: str | None = None
    garuda: str | None = None
    kind: str = "stamped"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Attendee:
    name: str
    position: str = ""
    role: str = ""  # ประธาน / รองประธาน / กรรมการ / เลขานุการ …
    reason: str = ""  # for ผู้ไม่มาประชุม: ติดราชการ / ลาป่วย …


@dataclass
class AgendaItem:
    title: str
    body: list[str] = field(default_factory=list)
    resolution: str = ""


@dataclass
class MinutesSpec:
    title: str
    number: str
    date: date
    place: str
    present: list[Attendee]
    agenda: list[AgendaItem]
    absent: list[Attendee] = field(default_factory=list)
    others: list[Attendee] = field(default_factory=list)
    start_time: str = ""
    end_time: str = ""
    recorder: Signer | None = None
    checker: Signer | None = None
    thai_digits: bool = True
    font: str | None = None
    kind: str = "minutes"
    note: str = ""  # printed under the heading: e.g. what an amended re-issue changed (meetings)
    warnings: list[str] = field(default_factory=list)


type Spec = MemoSpec | LetterSpec | StampedSpec | MinutesSpec


def _label(path: str) -> str:
    leaf = path.split(".")[-1].split("[")[0]
    return f"{path} ({LABELS[leaf]})" if leaf in LABELS else path


def _missing(path: str) -> UserError:
    return UserError(f"ข้อมูลไม่ครบ: ต้องมี {_label(path)}", field=path)


def _wrong(path: str, what: str) -> UserError:
    return UserError(f"ข้อมูลไม่ถูกต้อง: {_label(path)} ต้องเป็น{what}", field=path)


# The warnings of the spec being parsed in this thread (parse_spec sets a fresh list).
_warnings: ContextVar[list[str]] = ContextVar("spec_warnings")


def _clean(value: str, path: str) -> str:
    """`value` without control or bidi characters (kept line breaks and tabs), noting a warning."""
    if hostile_chars(value):
        _warnings.get([]).append(f"{_label(path)}: {hostile_warning(value)}")
    return printable(value).strip()


def _text(data: dict[str, Any], key: str, path: str, *, required: bool = True, default: str = "") -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not printable(value).strip()):
        if required:
            raise _missing(path)
        return default
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _wrong(path, "ข้อความ")
    return _clean(str(value), path)


def _texts(data: dict[str, Any], key: str, path: str, *, required: bool = True) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            raise _missing(path)
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _wrong(path, "รายการข้อความ")
    value = [_clean(v, f"{path}[{i}]") for i, v in enumerate(value)]
    value = [v for v in value if v]
    if required and not value:
        raise _missing(path)
    return value


def _optional_obj(data: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _wrong(path, "ออบเจกต์ JSON {…}")
    return value


def _obj(data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = _optional_obj(data, key, path)
    if value is None:
        raise _missing(path)
    return value


def _date(data: dict[str, Any], key: str, path: str) -> date:
    text = _text(data, key, path)
    try:
        return parse_thai_date(text)
    except UserError:
        raise UserError(f"ข้อมูลไม่ถูกต้อง: {_label(path)} อ่านวันที่ไม่ได้ ({text}) ใช้รูปแบบ 2022-08-30",
                        field=path) from None


def _bool(data: dict[str, Any], key: str, path: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _wrong(path, "true หรือ false")
    return value


def _signer_of(obj: dict[str, Any], path: str) -> Signer:
    return Signer(_text(obj, "name", f"{path}.name"), _text(obj, "position", f"{path}.position", required=False))


def _signer(data: dict[str, Any], key: str, path: str) -> Signer:
    return _signer_of(_obj(data, key, path), path)


def _optional_signer(data: dict[str, Any], key: str, path: str) -> Signer | None:
    obj = _optional_obj(data, key, path)
    return None if obj is None else _signer_of(obj, path)


def _table(data: dict[str, Any], path: str) -> TableSpec | None:
    obj = _optional_obj(data, "table", path)
    if obj is None:
        return None
    columns = _texts(obj, "columns", f"{path}.columns")
    rows = obj.get("rows")
    if rows is None:
        raise _missing(f"{path}.rows")
    if not isinstance(rows, list):
        raise _wrong(f"{path}.rows", "รายการของแถว")
    clean_rows = []
    for i, row in enumerate(rows):
        where = f"{path}.rows[{i}]"
        if not isinstance(row, list) or len(row) != len(columns):
            raise UserError(f"ข้อมูลไม่ถูกต้อง: {_label(where)} ต้องมี {len(columns)} ช่องเท่าจำนวนหัวตาราง",
                            field=where)
        clean_rows.append(["" if v is None else _clean(str(v), f"{where}[{j}]") for j, v in enumerate(row)])
    return TableSpec(columns, clean_rows)


def _people(data: dict[str, Any], key: str, *, required: bool, with_reason: bool = False) -> list[Attendee]:
    value = data.get(key)
    if value is None:
        if required:
            raise _missing(key)
        return []
    if not isinstance(value, list):
        raise _wrong(key, "รายการ [ … ]")
    people = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise _wrong(where, "ออบเจกต์ที่มี name")
        people.append(Attendee(
            name=_text(item, "name", f"{where}.name"),
            position=_text(item, "position", f"{where}.position", required=False),
            role=_text(item, "role", f"{where}.role", required=False),
            reason=_text(item, "reason", f"{where}.reason", required=False),
        ))
    if required and not people:
        raise _missing(key)
    return people


def _agenda(data: dict[str, Any]) -> list[AgendaItem]:
    value = data.get("agenda")
    if value is None:
        raise _missing("agenda")
    if not isinstance(value, list) or not value:
        raise _wrong("agenda", "รายการระเบียบวาระอย่างน้อย ๑ วาระ")
    items = []
    for i, item in enumerate(value):
        where = f"agenda[{i}]"
        if not isinstance(item, dict):
            raise _wrong(where, "ออบเจกต์ที่มี title")
        items.append(AgendaItem(
            title=_text(item, "title", f"{where}.title"),
            body=_texts(item, "body", f"{where}.body", required=False),
            resolution=_text(item, "resolution", f"{where}.resolution", required=False),
        ))
    return items


def _contact(data: dict[str, Any]) -> Contact:
    obj = _optional_obj(data, "contact", "contact")
    if obj is None:
        return Contact()
    return Contact(*(_text(obj, key, f"contact.{key}", required=False) for key in ("unit", "phone", "fax", "email")))


def _optional(data: dict[str, Any], key: str) -> str | None:
    return _text(data, key, key, required=False) or None


def parse_memo(data: dict[str, Any]) -> MemoSpec:
    return MemoSpec(
        office=_text(data, "office", "office"),
        ref=_text(data, "ref", "ref"),
        date=_date(data, "date", "date"),
        subject=_text(data, "subject", "subject"),
        to=_text(data, "to", "to"),
        body=_texts(data, "body", "body"),
        table=_table(data, "table"),
        closing=_text(data, "closing", "closing", required=False),
        signer=_signer(data, "signer", "signer"),
        thai_digits=_bool(data, "thai_digits", "thai_digits", True),
        font=_optional(data, "font"),
        garuda=_optional(data, "garuda"),
    )


def parse_letter(data: dict[str, Any]) -> LetterSpec:
    return LetterSpec(
        ref=_text(data, "ref", "ref"),
        office=_text(data, "office", "office"),
        date=_date(data, "date", "date"),
        subject=_text(data, "subject", "subject"),
        to=_text(data, "to", "to"),
        refer_to=_text(data, "refer_to", "refer_to", required=False),
        attachments=_texts(data, "attachments", "attachments", required=False),
        body=_texts(data, "body", "body"),
        table=_table(data, "table"),
        closing=_text(data, "closing", "closing", required=False),
        salutation=_text(data, "salutation", "salutation", required=False, default="ขอแสดงความนับถือ"),
        signer=_signer(data, "signer", "signer"),
        contact=_contact(data),
        thai_digits=_bool(data, "thai_digits", "thai_digits", True),
        font=_optional(data, "font"),
        garuda=_optional(data, "garuda"),
    )


def parse_stamped(data: dict[str, Any]) -> StampedSpec:
    return StampedSpec(
        ref=_text(data, "ref", "ref"),
        to=_text(data, "to", "to"),
        body=_texts(data, "body", "body"),
        office=_text(data, "office", "office"),
        date=_date(data, "date", "date"),
        contact=_contact(data),
        thai_digits=_bool(data, "thai_digits", "thai_digits", True),
        font=_optional(data, "font"),
        garuda=_optional(data, "garuda"),
    )


def parse_minutes(data: dict[str, Any]) -> MinutesSpec:
    return MinutesSpec(
        title=_text(data, "title", "title"),
        number=_text(data, "number", "number"),
        date=_date(data, "date", "date"),
        place=_text(data, "place", "place"),
        present=_people(data, "present", required=True),
        absent=_people(data, "absent", required=False, with_reason=True),
        others=_people(data, "others", required=False),
        start_time=_text(data, "start_time", "start_time", required=False),
        end_time=_text(data, "end_time", "end_time", required=False),
        agenda=_agenda(data),
        recorder=_optional_signer(data, "recorder", "recorder"),
        checker=_optional_signer(data, "checker", "checker"),
        thai_digits=_bool(data, "thai_digits", "thai_digits", True),
        font=_optional(data, "font"),
    )


PARSERS: dict[str, Callable[[dict[str, Any]], Spec]] = {
    "memo": parse_memo, "letter": parse_letter, "stamped": parse_stamped, "minutes": parse_minutes,
}


def parse_spec(data: object) -> Spec:
    """A validated spec; its `warnings` list what cleaning removed (control characters …)."""
    if not isinstance(data, dict):
        raise UserError("ข้อมูลไม่ถูกต้อง: ไฟล์ต้องเป็นออบเจกต์ JSON {…}", field="kind")
    kind = data.get("kind")
    if kind is None:
        raise _missing("kind")
    if kind not in PARSERS:
        raise UserError(f"ข้อมูลไม่ถูกต้อง: kind (ชนิดเอกสาร) ต้องเป็น {' หรือ '.join(PARSERS)} ไม่ใช่ {kind}",
                        field="kind")
    warnings: list[str] = []
    token = _warnings.set(warnings)
    try:
        spec = PARSERS[kind](data)
    finally:
        _warnings.reset(token)
    spec.warnings = warnings
    return spec


def load_spec(path: Path) -> Spec:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"อ่านไฟล์ไม่ได้: {path} ({exc.strerror})", field="SPEC") from None
    except UnicodeDecodeError:
        raise UserError(f"ไฟล์ {path} ไม่ใช่ข้อความ UTF-8", field="SPEC") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"ไฟล์ JSON ไม่ถูกต้อง บรรทัด {exc.lineno} ตำแหน่ง {exc.colno}: {exc.msg}",
                        field="SPEC") from None
    spec = parse_spec(data)
    garuda = getattr(spec, "garuda", None)
    if garuda:  # a relative image path is relative to the spec file
        spec.garuda = str((Path(path).parent / garuda).resolve())  # type: ignore[union-attr]
    return spec


def spec_texts(spec: object) -> list[str]:
    """Every text of a spec (recursively through its signers, tables, attendees …), to check
    before drawing that the font can draw them all."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, (list, tuple)):
        return [t for item in spec for t in spec_texts(item)]
    if is_dataclass(spec) and not isinstance(spec, type):
        return [t for f in fields(spec) if f.name not in ("warnings", "garuda", "font", "kind")
                for t in spec_texts(getattr(spec, f.name))]
    return []
