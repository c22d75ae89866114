"""Importing households and cases from the workbooks offices keep (ImportSpecs "households" and
"cases", run by moi_desktop.imports).

A cases workbook has one row per case with the household's columns repeated; rows of the same
house (subdistrict + หมู่ + บ้านเลขที่) become one household, matched to one already stored when the
address is known. A case already stored (same household, indicator and date) is a duplicate.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from moi_desktop.cases.households import household_problems
from moi_desktop.cases.model import DIMENSIONS, SOURCES, dimension_code, source_code
from moi_desktop.cases.status import (
    CLOSED_STATUSES,
    RECEIVED,
    STATUSES,
    status_code,
    status_label,
)
from moi_desktop.cases.store import as_date, default_sensitive
from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.imports.bulk import insert_rows
from moi_desktop.imports.engine import ImportSpec, RowResult
from moi_desktop.imports.mapping import FieldSpec
from moi_desktop.imports.reader import cell_text
from moi_desktop.office import get_office
from moi_desktop.progress import Progress
from moi_desktop.reference.names import clean as clean_place
from moi_desktop.thai import normalize_text, to_arabic_digits

_SUBDISTRICT_PREFIXES = ("ตำบล", "ต.", "แขวง")

HOUSEHOLD_FIELDS: list[FieldSpec] = [
    FieldSpec("seq", "ลำดับ", ("ลำดับที่", "ที่", "no")),
    FieldSpec("head_name", "หัวหน้าครัวเรือน", ("ชื่อหัวหน้าครัวเรือน", "ชื่อ-สกุลหัวหน้าครัวเรือน", "เจ้าบ้าน",
                                                "ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อเจ้าของบ้าน", "head of household")),
    FieldSpec("house_no", "บ้านเลขที่", ("เลขที่", "เลขที่บ้าน")),
    FieldSpec("moo", "หมู่ที่", ("หมู่", "ม.")),
    FieldSpec("village", "หมู่บ้าน", ("ชื่อหมู่บ้าน", "บ้าน")),
    FieldSpec("subdistrict", "ตำบล", ("ต.", "แขวง", "ตำบล/แขวง")),
    FieldSpec("members_count", "จำนวนสมาชิก", ("สมาชิกในครัวเรือน", "จำนวนสมาชิกในครัวเรือน", "จำนวนคน",
                                               "จำนวนสมาชิก (คน)")),
    FieldSpec("phone", "โทรศัพท์", ("เบอร์โทร", "เบอร์โทรศัพท์", "เบอร์ติดต่อ", "โทร", "ติดต่อ")),
    FieldSpec("tpmap", "TPMAP", ("อยู่ใน TPMAP", "ครัวเรือน TPMAP")),
    FieldSpec("thai_qm", "Thai QM", ("ThaiQM", "อยู่ใน Thai QM", "ไทยคิวเอ็ม")),
    FieldSpec("household_notes", "หมายเหตุครัวเรือน", ()),
]

CASE_FIELDS: list[FieldSpec] = [
    FieldSpec("indicator", "ปัญหาที่", ("ตัวชี้วัดที่", "ข้อ", "ตัวชี้วัด", "เลขที่ตัวชี้วัด", "ปัญหาข้อ")),
    FieldSpec("category", "ประเภท", ("ประเภทปัญหา", "หมวด")),
    FieldSpec("problem", "ปัญหา", ("สภาพปัญหา", "ปัญหาที่พบ")),
    FieldSpec("description", "รายละเอียด", ("รายละเอียดปัญหา", "รายละเอียดเรื่องราว", "เรื่องราว")),
    FieldSpec("reported_on", "วันที่รับเรื่อง", ("วันที่", "วันที่แจ้ง", "วันรับเรื่อง", "วันที่บันทึก")),
    FieldSpec("source", "แหล่งที่มา", ("ที่มา", "ช่องทาง", "ช่องทางรับเรื่อง")),
    FieldSpec("dimension", "มิติการช่วยเหลือ", ("มิติ", "ประเภทการช่วยเหลือ")),
    FieldSpec("agency", "หน่วยงานรับผิดชอบ", ("ผู้รับผิดชอบ", "หน่วยงาน", "ภาคีที่รับผิดชอบ")),
    FieldSpec("status", "สถานะ", ("ผลการดำเนินการ", "สถานะเรื่อง")),
    FieldSpec("project_ref", "โครงการ/กิจกรรม", ("โครงการ", "กิจกรรม", "รหัสโครงการ")),
    FieldSpec("sensitive", "ข้อมูลอ่อนไหว", ("อ่อนไหว",)),
    FieldSpec("notes", "หมายเหตุ", ("notes",)),
]


@dataclass
class Context:
    db: Database
    today: date
    subdistricts: dict[str, str]  # clean name -> code, in the office's district
    households: dict[str, str | int] = field(default_factory=dict)  # address key -> stored id or Excel row
    cases: set[tuple[str, str, str]] = field(default_factory=set)  # (household id or key, indicator id, date)
    indicators: dict[int, dict[str, Any]] = field(default_factory=dict)  # by indicator number


def prepare(db: Database, options: Mapping[str, Any]) -> Context:
    office = get_office(db)
    district = options.get("district_code") or (office.district_code if office else None)
    rows = db.execute("SELECT subdistrict_code, name_th FROM subdistricts WHERE district_code = ?",
                      [district]).fetchall() if district else []
    ctx = Context(db=db, today=date.today(),
                  subdistricts={clean_place(n, _SUBDISTRICT_PREFIXES): c for c, n in rows})
    for key, hid in db.execute(
            "SELECT address_key, id FROM households WHERE deleted_at IS NULL AND address_key IS NOT NULL"):
        ctx.households[key] = hid
    for hid, ind, on in db.execute(
            "SELECT household_id, indicator_id, reported_on FROM cases WHERE deleted_at IS NULL"):
        ctx.cases.add((hid, ind, on))
    for r in db.query("SELECT i.id, i.number, i.text, i.active, c.name_th AS category_name FROM indicators i "
                      "JOIN indicator_categories c ON c.id = i.category_id WHERE i.deleted_at IS NULL"):
        ctx.indicators[r["number"]] = dict(r)
    return ctx


def _subdistrict(ctx: Context, text: str) -> tuple[str | None, str | None]:
    """(code, warning) for a subdistrict name in the office's district."""
    if not text:
        return None, None
    digits = to_arabic_digits(text)
    if digits.isdigit() and len(digits) == 6:
        return digits, None
    wanted = clean_place(text, _SUBDISTRICT_PREFIXES)
    code = ctx.subdistricts.get(wanted)
    if code is None and ctx.subdistricts:
        best = max(ctx.subdistricts, key=lambda n: fuzz.ratio(wanted, n))
        if fuzz.ratio(wanted, best) >= 90:
            code = ctx.subdistricts[best]
    if code is None:
        return None, f"ไม่พบตำบล “{text}” ในอำเภอของสำนักงาน — เก็บไว้ในหมายเหตุ"
    return code, None


def _household(ctx: Context, result: RowResult, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    sub_text = cell_text(raw.get("subdistrict"))
    code, warning = _subdistrict(ctx, sub_text)
    notes = cell_text(raw.get("household_notes"))
    if warning:
        result.warnings.append(("subdistrict", warning))
        notes = "; ".join(x for x in (notes, f"ตำบล: {sub_text}") if x)
    data = {
        "head_name": cell_text(raw.get("head_name")), "house_no": cell_text(raw.get("house_no")),
        "moo": cell_text(raw.get("moo")), "village": cell_text(raw.get("village")), "subdistrict_code": code,
        "members_count": raw.get("members_count"), "phone": raw.get("phone"),
        "tpmap": raw.get("tpmap"), "thai_qm": raw.get("thai_qm"), "notes": notes,
    }
    values, problems = household_problems(ctx.db, data)
    for fld, message in problems:
        # A bad phone or member count should not lose the case: keep the row, drop the value.
        if fld in ("phone", "members_count"):
            result.warnings.append((fld, f"{message} — ไม่บันทึกค่านี้"))
            values[fld] = None
        else:
            result.errors.append((fld, message))
    if result.errors:
        return None
    # Rows of one house without a house number still group within the file, by head of household.
    values["_key"] = values["address_key"] or f"{code}|{values['moo']}|name:{values['head_name']}"
    return values


# -- households ------------------------------------------------------------------------------------
def check_household_row(ctx: Context, row_number: int, raw: Mapping[str, Any]) -> RowResult:
    result = RowResult(row_number)
    values = _household(ctx, result, raw)
    if values is None:
        return result
    key = values["_key"]
    if key in ctx.households:
        ref = ctx.households[key]
        result.duplicate_of = ref
        where = f"แถว {ref}" if isinstance(ref, int) else "ข้อมูลเดิมในฐานข้อมูล"
        result.duplicate_reason = f"บ้านเลขที่ {values['house_no'] or '-'} หมู่ {values['moo'] or '-'} มีอยู่แล้ว ({where})"
        return result
    ctx.households[key] = row_number
    result.values = values
    return result


def _household_row(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in ("house_no", "moo", "village", "subdistrict_code", "head_name", "members_count",
                                       "phone", "tpmap", "thai_qm", "notes", "address_key")}


def _values(result: RowResult) -> dict[str, Any]:
    """The values of a row apply was given: the engine passes only rows check_row filled."""
    if result.values is None:
        raise ValueError(f"row {result.row} has no values to import")
    return result.values


def apply_households(db: Database, ctx: Context, results: list[RowResult], progress: Progress | None) -> int:
    insert_rows(db, "households", [_household_row(_values(r)) for r in results], progress=progress)
    return len(results)


# -- cases -----------------------------------------------------------------------------------------
def _indicator(ctx: Context, result: RowResult, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    number_text = to_arabic_digits(cell_text(raw.get("indicator")))
    problem = cell_text(raw.get("problem"))
    indicator = None
    if number_text:
        try:
            indicator = ctx.indicators.get(int(float(number_text)))
        except ValueError:
            indicator = None
        if indicator is None:
            result.errors.append(("indicator", f"ไม่พบตัวชี้วัดข้อ “{number_text}” ในรายการตัวชี้วัด"))
            return None
    elif problem:
        scored = [(fuzz.ratio(normalize_text(problem), i["text"]), i) for i in ctx.indicators.values()]
        score, best = max(scored, key=lambda s: s[0], default=(0, None))
        if best is None or score < 90:
            result.errors.append(("problem", f"ไม่พบตัวชี้วัดที่ตรงกับปัญหา “{problem}” — ใส่เลขปัญหาที่"))
            return None
        indicator = best
    else:
        result.errors.append(("indicator", "ไม่ได้ระบุปัญหาที่ (เลขตัวชี้วัด)"))
        return None
    if not indicator["active"]:
        result.warnings.append(("indicator", f"ตัวชี้วัดข้อ {indicator['number']} ถูกปิดใช้งานแล้ว"))
    category = cell_text(raw.get("category"))
    if category and normalize_text(category) != indicator["category_name"]:
        message = (f"ประเภท “{category}” ไม่ตรงกับตัวชี้วัดข้อ {indicator['number']} "
                   f"({indicator['category_name']}) — ใช้ตามตัวชี้วัด")
        result.warnings.append(("category", message))
    return indicator


def _coded(result: RowResult, raw: Mapping[str, Any], name: str, label: str, decode: Callable[[str], str | None],
           default: str, labels: Mapping[str, str]) -> str:
    text = cell_text(raw.get(name))
    if not text:
        return default
    code = decode(text)
    if code is None:
        result.warnings.append((name, f"ไม่รู้จัก{label} “{text}” — บันทึกเป็น “{labels[default]}”"))
        return default
    return code


def check_case_row(ctx: Context, row_number: int, raw: Mapping[str, Any]) -> RowResult:
    result = RowResult(row_number)
    household = _household(ctx, result, raw)
    indicator = _indicator(ctx, result, raw)
    try:
        reported = as_date(raw.get("reported_on"), "reported_on", ctx.today).isoformat()
    except UserError as exc:
        result.errors.append(("reported_on", exc.message))
        reported = None
    status_text = cell_text(raw.get("status"))
    status = status_code(status_text) if status_text else RECEIVED
    if status is None:
        choices = ", ".join(STATUSES.values())
        result.errors.append(("status", f"ไม่รู้จักสถานะ “{status_text}” (ใช้ได้: {choices})"))
    if result.errors or household is None or indicator is None or reported is None or status is None:
        return result  # each None above came with an error
    source = _coded(result, raw, "source", "แหล่งที่มา", source_code, "survey", SOURCES)
    dimension = _coded(result, raw, "dimension", "มิติการช่วยเหลือ", dimension_code, "farang", DIMENSIONS)
    sensitive_text = cell_text(raw.get("sensitive"))
    if sensitive_text:
        sensitive = 1 if sensitive_text.lower() in ("1", "ใช่", "y", "yes", "true", "/", "✓", "x", "อ่อนไหว") else 0
    else:
        sensitive = default_sensitive(indicator)

    key = household["_key"]
    existing = ctx.households.get(key)
    case_key = (existing if isinstance(existing, str) else key, indicator["id"], reported)
    if case_key in ctx.cases:
        result.duplicate_of = existing if isinstance(existing, str) else row_number
        result.duplicate_reason = (f"เรื่องราวปัญหาที่ {indicator['number']} ของ {household['head_name']} "
                                   f"วันที่ {reported} มีอยู่แล้ว")
        return result
    ctx.cases.add(case_key)
    if existing is None:
        ctx.households[key] = row_number  # the first row of this house creates it
    result.values = {
        "household": household, "household_ref": existing,
        "case": {
            "indicator_id": indicator["id"], "description": cell_text(raw.get("description")) or None,
            "reported_on": reported, "source": source, "dimension": dimension,
            "agency": cell_text(raw.get("agency")) or None, "partner_sector": None, "status": status,
            "status_on": reported, "closed_on": reported if status in CLOSED_STATUSES else None,
            "project_ref": cell_text(raw.get("project_ref")) or None, "sensitive": sensitive,
            "notes": cell_text(raw.get("notes")) or None,
        },
    }
    return result


def apply_cases(db: Database, ctx: Context, results: list[RowResult], progress: Progress | None) -> int:
    new_households: dict[str, int] = {}
    household_rows: list[dict[str, Any]] = []
    for r in results:
        values = _values(r)
        key = values["household"]["_key"]
        if not isinstance(values["household_ref"], str) and key not in new_households:
            new_households[key] = len(household_rows)
            household_rows.append(_household_row(values["household"]))
    ids = insert_rows(db, "households", household_rows)
    case_rows = []
    for r in results:
        values = _values(r)
        ref = values["household_ref"]
        household_id = ref if isinstance(ref, str) else ids[new_households[values["household"]["_key"]]]
        case_rows.append({"household_id": household_id, **values["case"]})
    case_ids = insert_rows(db, "cases", case_rows, progress=progress)
    actions = []
    for case_id, row in zip(case_ids, case_rows, strict=True):  # one id per row, in order
        actions.append({"case_id": case_id, "action_on": row["reported_on"],
                        "what": f"รับเรื่อง ({SOURCES[row['source']]}) — นำเข้าจากไฟล์", "by_whom": None,
                        "status_from": None, "status_to": RECEIVED})
        if row["status"] != RECEIVED:
            actions.append({"case_id": case_id, "action_on": row["reported_on"],
                            "what": f"บันทึกสถานะ “{status_label(row['status'])}” — นำเข้าจากไฟล์", "by_whom": None,
                            "status_from": RECEIVED, "status_to": row["status"]})
    insert_rows(db, "case_actions", actions)
    return len(case_rows)


HOUSEHOLDS_SPEC = ImportSpec(
    kind="households",
    title="ครัวเรือน",
    fields=HOUSEHOLD_FIELDS,
    required=[("head_name",)],
    prepare=prepare,
    check_row=check_household_row,
    apply=apply_households,
    action="cases.edit",
    check_action="cases.view",
)

CASES_SPEC = ImportSpec(
    kind="cases",
    title="เรื่องราวครัวเรือน",
    fields=HOUSEHOLD_FIELDS + CASE_FIELDS,
    required=[("head_name",), ("indicator", "problem"), ("reported_on",)],
    prepare=prepare,
    check_row=check_case_row,
    apply=apply_cases,
    action="cases.edit",
    check_action="cases.view",
)

TEMPLATE_FIELDS = [f for f in HOUSEHOLD_FIELDS + CASE_FIELDS if f.name not in ("seq", "household_notes")]
TEMPLATE_NOTES = [
    "แบบบันทึกเรื่องราวครัวเรือน — หนึ่งเรื่องราวต่อหนึ่งแถว ครัวเรือนที่มีหลายเรื่องให้กรอกข้อมูลครัวเรือนซ้ำทุกแถว",
    "ปัญหาที่: เลขตัวชี้วัด (เช่น ๒ = บ้านมีสภาพชำรุด/ทรุดโทรม) · วันที่รับเรื่อง เช่น ๓๐/๘/๒๕๖๕",
    "สถานะ: รับเรื่อง กำลังดำเนินการ ช่วยเหลือแล้ว แก้ไขได้ด้วยตนเอง ส่งต่อหน่วยงาน",
    "แหล่งที่มา: การสำรวจ การร้องเรียน ศูนย์ดำรงธรรม TPMAP Thai QM · มิติ: มิติฝรั่ง มิติยาไทย ทั้งสองมิติ",
    "TPMAP / Thai QM: ใส่ ✓ หรือ ใช่ เมื่อครัวเรือนอยู่ในบัญชี",
]
