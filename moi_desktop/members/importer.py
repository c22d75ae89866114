"""Importing partner lists from the spreadsheets offices send (ImportSpec "members").

Per row: names split from titles ("นายสมชาย ใจดี" in one cell, or a title column), Thai digits,
IDs with dashes, phones that Excel stored as numbers; the partner sector mapped from free text
(unknown text such as "ภาคการศึกษา" kept as "other" with the text, and a warning); the team from
free text; the address resolved to a subdistrict code where the reference data allows.
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.imports.bulk import insert_rows
from moi_desktop.imports.engine import ImportSpec, RowResult
from moi_desktop.imports.mapping import FieldSpec
from moi_desktop.members.duplicates import DUPLICATE_ID, DuplicateIndex, name_keys
from moi_desktop.members.model import FIELDS
from moi_desktop.members.search import bulk_indexing
from moi_desktop.members.validate import ERROR, clean_member
from moi_desktop.office import get_office
from moi_desktop.progress import Progress
from moi_desktop.reference import lookup_district, match_sector
from moi_desktop.reference.names import clean as clean_place
from moi_desktop.thai import normalize_text, split_name, to_arabic_digits
from moi_desktop.thai.text import clean_str, clean_text

_FIELD_SET = frozenset(FIELDS)
_NAME_SPANS = {1: ("first_name", "last_name"), 2: ("title", "first_name", "last_name")}

IMPORT_FIELDS: list[FieldSpec] = [
    FieldSpec("seq", "ลำดับ", ("ลำดับที่", "ที่", "no", "เลขลำดับ")),
    FieldSpec(
        "full_name",
        "ชื่อ-สกุล",
        ("ชื่อ-นามสกุล", "ชื่อสกุล", "ชื่อและนามสกุล", "ชื่อ/สกุล", "รายชื่อ", "ชื่อผู้เข้าร่วม", "ผู้เข้าร่วม",
         "ชื่อ-สกุลผู้เข้าร่วม", "ชื่อ-นามสกุลผู้เข้าร่วมโครงการ", "คำนำหน้า-ชื่อ-สกุล", "ยศ-ชื่อ-สกุล",
         "ชื่อ-สกุล ภาคีเครือข่าย", "name", "full name"),
        spans=_NAME_SPANS,
    ),
    FieldSpec("title", "คำนำหน้า", ("คำนำหน้าชื่อ", "คำนำหน้านาม", "ยศ/คำนำหน้า", "ยศ", "title", "prefix")),
    FieldSpec("first_name", "ชื่อ", ("ชื่อจริง", "ชื่อตัว", "first name", "firstname")),
    FieldSpec("last_name", "นามสกุล", ("สกุล", "last name", "surname", "lastname")),
    FieldSpec(
        "national_id",
        "เลขประจำตัวประชาชน",
        ("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "เลขประจำตัวประชาชน 13 หลัก", "บัตรประชาชน",
         "เลขที่บัตรประชาชน", "เลขบัตร", "citizen id", "national id", "id card"),
    ),
    FieldSpec(
        "phone",
        "โทรศัพท์",
        ("เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "โทร", "มือถือ", "โทรศัพท์มือถือ", "เบอร์มือถือ",
         "เบอร์ติดต่อ", "เบอร์โทรติดต่อ", "phone", "tel", "mobile"),
    ),
    FieldSpec("email", "อีเมล", ("อีเมล์", "e-mail", "email", "อีเมล/ไลน์")),
    FieldSpec("line_id", "LINE ID", ("ไลน์", "ไอดีไลน์", "line", "ไลน์ไอดี")),
    FieldSpec("organisation", "หน่วยงาน", ("สังกัด", "องค์กร", "หน่วยงาน/องค์กร", "ชื่อหน่วยงาน", "หน่วยงานต้นสังกัด",
                                           "สถานที่ทำงาน", "organisation", "organization", "agency")),
    FieldSpec("position", "ตำแหน่ง", ("ตำแหน่งงาน", "อาชีพ/ตำแหน่ง", "position")),
    FieldSpec("sector", "ภาคี", ("ภาคีเครือข่าย", "ประเภทภาคี", "ภาคีเครือข่ายภาค", "ภาค", "ประเภทภาคีเครือข่าย",
                                 "ภาคส่วน", "sector")),
    FieldSpec("team_role", "ทีม", ("บทบาท", "ประเภททีม", "ทีมงาน", "กลุ่ม", "สถานะในทีม", "team", "role")),
    FieldSpec("house_no", "บ้านเลขที่", ("เลขที่", "ที่อยู่เลขที่")),
    FieldSpec("moo", "หมู่ที่", ("หมู่", "ม.")),
    FieldSpec("subdistrict", "ตำบล", ("แขวง", "ต.", "ตำบล/แขวง")),
    FieldSpec("district", "อำเภอ", ("เขต", "อ.", "อำเภอ/เขต")),
    FieldSpec("province", "จังหวัด", ("จ.",)),
    FieldSpec("address", "ที่อยู่", ("ที่อยู่ปัจจุบัน", "ที่อยู่ที่ติดต่อได้", "address")),
    FieldSpec("notes", "หมายเหตุ", ("notes", "note", "remark")),
]

TEMPLATE_FIELDS = [f for f in IMPORT_FIELDS if f.name not in ("seq", "full_name", "address")]

_TEAM_RULES = (
    ("leader10", ("10", "๑๐", "ผู้นำ", "ทีมนำ", "แกนนำ", "leader")),
    ("change_agent100", ("100", "๑๐๐", "นักขับเคลื่อน", "change agent", "dcast")),
    ("village_committee", ("กรรมการหมู่บ้าน", "กม.", "คณะกรรมการ", "committee")),
    ("forum", ("ประชาคม", "เวที", "forum")),
    ("other", ("อื่น",)),
)

_ADDRESS = re.compile(
    r"^(?P<house>[\d/\-]+)?\s*(?:(?:หมู่(?:ที่)?|ม\.)\s*(?P<moo>\d+))?\s*"
    r"(?:(?:ตำบล|ต\.|แขวง)\s*(?P<sub>\S+))?\s*(?:(?:อำเภอ|อ\.|เขต)\s*(?P<dist>\S+))?\s*"
    r"(?:(?:จังหวัด|จ\.)\s*(?P<prov>\S+))?"
)
_SUBDISTRICT_PREFIXES = ("ตำบล", "ต.", "แขวง")


@functools.lru_cache(maxsize=1024)
def match_team_role(text: str) -> str | None:
    """Team role code for free text ("ทีมนำ ๑๐ คน" → leader10); None when blank or unknown."""
    key = normalize_text(text or "").lower()
    if not key:
        return None
    if key in ("leader10", "change_agent100", "village_committee", "forum", "other"):
        return key
    # "นักขับเคลื่อน ๑๐ คน" is the leader team; check the number before the words.
    digits = to_arabic_digits(key)
    if re.search(r"(?<!\d)100(?!\d)", digits):
        return "change_agent100"
    if re.search(r"(?<!\d)10(?!\d)", digits):
        return "leader10"
    for code, words in _TEAM_RULES:
        if any(w in key for w in words):
            return code
    return None


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(value)


# Files repeat the same few sector texts thousands of times.
_match_sector = functools.lru_cache(maxsize=1024)(match_sector)


@dataclass
class Context:
    db: Database
    index: DuplicateIndex
    default_team: str | None
    office_district: str | None
    # (subdistrict, district, province) as written -> (subdistrict code, warning)
    _places: dict[tuple[str, str, str], tuple[str | None, str | None]] = field(default_factory=dict)
    _subdistricts: dict[str, dict[str, str]] = field(default_factory=dict)  # district code -> {clean name: code}

    def subdistricts(self, district_code: str) -> dict[str, str]:
        if district_code not in self._subdistricts:
            rows = self.db.execute(
                "SELECT subdistrict_code, name_th FROM subdistricts WHERE district_code = ?", [district_code]
            ).fetchall()
            self._subdistricts[district_code] = {clean_place(n, _SUBDISTRICT_PREFIXES): c for c, n in rows}
        return self._subdistricts[district_code]


def prepare(db: Database, options: dict[str, Any]) -> Context:
    office = get_office(db)
    return Context(
        db=db,
        index=DuplicateIndex.from_db(db),
        default_team=options.get("team_role"),
        office_district=options.get("district_code") or (office.district_code if office else None),
    )


def _resolve_place(ctx: Context, sub: str, dist: str, prov: str) -> tuple[str | None, str | None]:
    """(subdistrict code, warning) for the names given; cached, as a file repeats its places."""
    key = (sub, dist, prov)
    if key in ctx._places:
        return ctx._places[key]
    district_code, warning = ctx.office_district, None
    if dist:
        try:
            found = lookup_district(ctx.db, dist, prov or None, limit=1)
        except UserError as exc:
            found, warning = [], exc.message
        if found and found[0].score >= 85:
            district_code = found[0].code
        else:
            district_code, warning = None, warning or f"ไม่พบอำเภอ “{dist}” — เก็บที่อยู่เป็นข้อความ"
    code = None
    if sub and district_code:
        names = ctx.subdistricts(district_code)
        wanted = clean_place(sub, _SUBDISTRICT_PREFIXES)
        code = names.get(wanted)
        if code is None:
            best = max(names, key=lambda n: fuzz.ratio(wanted, n), default=None)
            if best is not None and fuzz.ratio(wanted, best) >= 90:
                code = names[best]
        if code is None:
            warning = f"ไม่พบตำบล “{sub}” ในอำเภอที่ระบุ — เก็บที่อยู่เป็นข้อความ"
    elif sub:
        warning = warning or f"ไม่ทราบอำเภอของตำบล “{sub}” — เก็บที่อยู่เป็นข้อความ"
    ctx._places[key] = (code, warning)
    return code, warning


def _names(cells: dict[str, str]) -> tuple[str, str, str]:
    title = cells.get("title", "")
    last = cells.get("last_name", "")
    full = cells.get("full_name", "")
    first = cells.get("first_name", "")
    if full and not first:
        t, first, rest = split_name(full)
        last = last or rest
    else:
        t, first, rest = split_name(first) if first else ("", "", "")
        last = last or rest
    if title:
        t2, _, _ = split_name(title + " ก")
        title = t2 or title
    return title or t, first, last


def check_row(ctx: Context, row_number: int, raw: dict[str, Any]) -> RowResult:
    result = RowResult(row_number)
    # Only the mapped columns, each cleaned once; nearly every cell is text.
    cells = {k: clean_str(v) if type(v) is str else _cell(v) for k, v in raw.items()}
    title, first, last = _names(cells)
    data: dict[str, Any] = {"title": title, "first_name": first, "last_name": last}
    for name in ("national_id", "phone"):
        value = raw.get(name)
        # Numbers stay numbers: a phone stored as 812345678 gets its leading 0 back from them.
        data[name] = value if isinstance(value, (int, float)) else cells.get(name, "")
    for name in ("email", "line_id", "organisation", "position", "notes"):
        data[name] = cells.get(name, "")

    sector_text = cells.get("sector", "")
    sector = _match_sector(sector_text)
    data["sector"] = sector
    if sector == "other" and sector_text and not sector_text.startswith("อื่น"):
        data["sector_other"] = sector_text
        result.warnings.append(
            ("sector", f"ไม่รู้จักภาคี “{sector_text}” — บันทึกเป็นภาคีอื่น ๆ และเก็บข้อความเดิมไว้")
        )
    elif not sector_text:
        result.warnings.append(("sector", "ไม่ได้ระบุภาคี — บันทึกเป็นภาคีอื่น ๆ"))

    team_text = cells.get("team_role", "")
    team = match_team_role(team_text) if team_text else ctx.default_team
    if team_text and team is None:
        team = "other"
        result.warnings.append(("team_role", f"ไม่รู้จักทีม “{team_text}” — บันทึกเป็นอื่น ๆ"))
        data["notes"] = "; ".join(x for x in (data["notes"], f"ทีม: {team_text}") if x)
    data["team_role"] = team

    house, moo = cells.get("house_no", ""), cells.get("moo", "")
    sub, dist, prov = (cells.get(k, "") for k in ("subdistrict", "district", "province"))
    address = cells.get("address", "")
    if address:
        m = _ADDRESS.match(to_arabic_digits(address))
        parsed = m.groupdict() if m and m.group(0).strip() else {}
        house = house or parsed.get("house") or ""
        moo = moo or parsed.get("moo") or ""
        sub = sub or parsed.get("sub") or ""
        dist = dist or parsed.get("dist") or ""
        prov = prov or parsed.get("prov") or ""
    data["house_no"] = to_arabic_digits(house)
    data["moo"] = moo
    code, warning = _resolve_place(ctx, sub, dist, prov) if (sub or dist) else (None, None)
    data["subdistrict_code"] = code
    if warning:
        result.warnings.append(("subdistrict", warning))
    if code is None and (sub or dist or prov or address):
        parts = [address] if address else [p for p in (f"ต.{sub}" if sub else "", f"อ.{dist}" if dist else "",
                                                         f"จ.{prov}" if prov else "") if p]
        data["address_extra"] = " ".join(parts)

    values, problems = clean_member(ctx.db, {k: v for k, v in data.items() if k in _FIELD_SET}, split_title=False,
                                    tidy=False)
    for p in problems:
        (result.errors if p.level == ERROR else result.warnings).append((p.field, p.message))
    if not first:
        result.errors = [e for e in result.errors if e[0] != "first_name"]
        result.errors.insert(0, ("first_name", "ไม่มีชื่อ — ข้ามแถวนี้"))
    if result.errors:
        return result

    result.values = values
    nid, phone = values.get("national_id"), values.get("phone")
    keys = name_keys(values["first_name"], values.get("last_name"), values["name_key"])
    exact = ctx.index.exact(values["first_name"], values.get("last_name"), phone, nid, keys=keys)
    if exact:
        result.duplicate_of = exact.ref
        where = f"แถว {exact.ref}" if isinstance(exact.ref, int) else "ข้อมูลเดิมในฐานข้อมูล"
        why = "เลขประจำตัวประชาชนเดียวกัน" if exact.kind == DUPLICATE_ID else "ชื่อและเบอร์โทรเดียวกัน"
        result.duplicate_reason = f"{why}กับ {exact.name} ({where})"
        return result
    for match in ctx.index.similar(values["first_name"], values.get("last_name"), phone, nid, limit=2, keys=keys):
        where = f"แถว {match.ref}" if isinstance(match.ref, int) else "ข้อมูลเดิม"
        result.warnings.append(("first_name", f"ชื่อใกล้เคียงกับ {match.name} ({where}) — โปรดตรวจสอบว่าเป็นคนเดียวกันหรือไม่"))
    ctx.index.add(row_number, values["first_name"], values.get("last_name"), phone, nid, title=values.get("title"),
                  keys=keys)
    return result


def apply(db: Database, ctx: Context, results: list[RowResult], progress: Progress | None) -> int:
    if not results:
        return 0
    columns = list(FIELDS) + ["name_key", "name_sort", "inactive_since"]
    defaults = {"sector": "other", "active": 1, "lawful_basis": "public_task"}
    template = dict.fromkeys(columns)
    rows = []
    for r in results:
        row = template.copy()
        row.update(r.values or {})  # only rows with values arrive; clean_member returns member columns only
        for key, value in defaults.items():
            if row[key] is None:
                row[key] = value
        rows.append(row)
    with bulk_indexing(db, rows=len(rows)):
        insert_rows(db, "members", rows, progress=progress)
    return len(rows)


SPEC = ImportSpec(
    kind="members",
    title="รายชื่อภาคีเครือข่าย",
    fields=IMPORT_FIELDS,
    required=[("full_name", "first_name")],
    prepare=prepare,
    check_row=check_row,
    apply=apply,
    action="members.import",
    check_action="members.view",
)

TEMPLATE_NOTES = [
    "แบบฟอร์มรายชื่อภาคีเครือข่าย ๗ ภาคี — กรอกหนึ่งคนต่อหนึ่งแถว เริ่มแถวที่ ๔",
    "ภาคี: ราชการ, วิชาการ, ศาสนา, ประชาชน, เอกชน, ประชาสังคม, สื่อมวลชน หรือข้อความอื่น (โปรแกรมจะเก็บไว้เป็น 'อื่น ๆ')",
    "ทีม: ทีมผู้นำ ๑๐ คน, ทีมนักขับเคลื่อน ๑๐๐ คน, คณะกรรมการหมู่บ้าน, เวทีประชาคม หรืออื่น ๆ",
    "เลขประจำตัวประชาชน ๑๓ หลัก (ไม่บังคับ) ใส่ขีดหรือไม่ก็ได้ · โทรศัพท์ใส่ขีดหรือไม่ก็ได้",
    "คำนำหน้าจะใส่ในช่องคำนำหน้าหรือรวมในช่องชื่อก็ได้ (เช่น นายสมชาย)",
]
