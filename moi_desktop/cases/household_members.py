"""Who lives in a household: name, birth date or age, national ID, relation to
the head, allowance status (elderly / disability / child) and income — personal data under the
PDPA. National IDs leave the core masked (x-xxxx-xxxxx-xx-x with the middle hidden) unless the
user may see sensitive household data and asks; that disclosure is audited.

    mid = add_member(db, hid, {"full_name": "นางสมศรี ใจดี", "birth_date": "01/01/2490",
                                "relation": "parent", "allowance_elderly": True})
    members = list_members(db, hid)              # national IDs masked, ages worked out
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from moi_desktop.cases.households import parse_income, require_household
from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require
from moi_desktop.thai import (
    clean_text,
    format_national_id,
    format_thai_date,
    mask_national_id,
    national_id_problem,
    normalize_national_id,
    parse_thai_date,
    to_arabic_digits,
)

RELATIONS: dict[str, str] = {
    "head": "หัวหน้าครัวเรือน",
    "spouse": "คู่สมรส",
    "child": "บุตร",
    "grandchild": "หลาน",
    "parent": "บิดา/มารดา",
    "sibling": "พี่น้อง",
    "relative": "ญาติ",
    "other": "ผู้อาศัย",
}
ALLOWANCES: dict[str, str] = {
    "allowance_elderly": "เบี้ยยังชีพผู้สูงอายุ",
    "allowance_disability": "เบี้ยความพิการ",
    "allowance_child": "เงินอุดหนุนเด็กแรกเกิด",
}
FIELDS = ("full_name", "birth_date", "age_years", "national_id", "relation", "allowance_elderly",
          "allowance_disability", "allowance_child", "disabled", "income_year", "notes")
# What an erasure clears (the row stays as a tombstone so counts of the household stay right).
PERSONAL_FIELDS = ("birth_date", "age_years", "national_id", "income_year", "notes")
ELDERLY_AGE = 60  # เบี้ยยังชีพผู้สูงอายุ: 60 years and over
CHILD_AGE = 6  # เงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด: under 6


def _flag(value: object) -> int:
    if isinstance(value, str):
        return 1 if value.strip().lower() in ("1", "true", "yes", "y", "ใช่", "มี", "ได้รับ", "/", "✓", "x") else 0
    return 1 if value else 0


def relation_code(value: object) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if text in RELATIONS:
        return text
    for code, label in RELATIONS.items():
        if text == label or text in label.split("/"):
            return code
    raise UserError(f"ความสัมพันธ์ “{text}” ไม่อยู่ในรายการ ({', '.join(RELATIONS.values())})", field="relation")


def age_on(row: Mapping[str, Any], today: date | None = None) -> int | None:
    """Age in whole years from the birth date, else the age as told."""
    today = today or date.today()
    born = row.get("birth_date")
    if born:
        d = date.fromisoformat(born)
        return today.year - d.year - ((today.month, today.day) < (d.month, d.day))
    age = row.get("age_years")
    return int(age) if age is not None else None


def clean_member(data: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Validated values (the first problem raised as a Thai UserError naming its field)."""
    today = today or date.today()
    values: dict[str, Any] = {}
    values["full_name"] = clean_text(data.get("full_name"))
    if not values["full_name"]:
        raise UserError("กรุณากรอกชื่อ-สกุลของสมาชิก", field="full_name")
    born = data.get("birth_date")
    if born in (None, ""):
        values["birth_date"] = None
    else:
        try:
            d = parse_thai_date(born) if not isinstance(born, date) else born
        except UserError as exc:
            raise UserError(exc.message, field="birth_date") from None
        if d is None or d > today:
            raise UserError("วันเกิดต้องไม่อยู่ในอนาคต", field="birth_date")
        if today.year - d.year > 130:
            raise UserError(f"วันเกิด {format_thai_date(d)} เก่าเกินไป — ตรวจสอบปี พ.ศ. อีกครั้ง", field="birth_date")
        values["birth_date"] = d.isoformat()
    age = data.get("age_years")
    if age in (None, "") or values["birth_date"]:
        values["age_years"] = None
    else:
        try:
            n = int(to_arabic_digits(str(age)).strip())
        except ValueError:
            n = -1
        if not 0 <= n <= 130:
            raise UserError("อายุต้องเป็นตัวเลข ๐–๑๓๐ ปี", field="age_years")
        values["age_years"] = n
    nid = data.get("national_id")
    if nid in (None, ""):
        values["national_id"] = None
    else:
        problem = national_id_problem(nid)
        if problem:
            raise UserError(problem, field="national_id")
        values["national_id"] = normalize_national_id(nid)
    values["relation"] = relation_code(data.get("relation"))
    for key in (*ALLOWANCES, "disabled"):
        values[key] = _flag(data.get(key))
    if values["allowance_disability"]:
        values["disabled"] = 1
    values["income_year"] = parse_income(data.get("income_year"), "income_year", label="รายได้ต่อปีของสมาชิก")
    values["notes"] = clean_text(data.get("notes")) or None
    return values


def _refuse_duplicate_id(db: Database, national_id: str | None, except_id: str | None) -> None:
    if not national_id:
        return
    other = db.execute(
        "SELECT m.full_name, h.head_name FROM household_members m JOIN households h ON h.id = m.household_id "
        "WHERE m.national_id = ? AND m.deleted_at IS NULL AND m.id IS NOT ?", [national_id, except_id]).fetchone()
    if other:
        raise UserError(f"เลขประจำตัวประชาชนนี้เป็นของ {other[0]} ในครัวเรือนของ {other[1]} แล้ว", field="national_id")


def add_member(db: Database, household_id: str, data: Mapping[str, Any], *, today: date | None = None) -> str:
    require(db, "cases.edit")
    require_household(db, household_id)
    values = clean_member(data, today=today)
    _refuse_duplicate_id(db, values["national_id"], None)
    return insert_row(db, "household_members", {"household_id": household_id, **values})


def require_member(db: Database, member_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM household_members WHERE id = ?", [member_id]))
    if not rows or rows[0]["deleted_at"]:
        raise UserError("ไม่พบสมาชิกในครัวเรือนที่เลือก (อาจถูกลบไปแล้ว)", field="member")
    return dict(rows[0])


def update_member(db: Database, member_id: str, data: Mapping[str, Any], *, today: date | None = None) -> None:
    require(db, "cases.edit")
    current = require_member(db, member_id)
    merged = {k: current.get(k) for k in FIELDS}
    merged.update({k: v for k, v in data.items() if k in FIELDS})
    if "age_years" in data and "birth_date" not in data:
        merged["birth_date"] = None  # a new age told replaces an old birth date
    values = clean_member(merged, today=today)
    _refuse_duplicate_id(db, values["national_id"], member_id)
    update_row(db, "household_members", member_id, values)


def remove_member(db: Database, member_id: str) -> None:
    require(db, "cases.edit")
    require_member(db, member_id)
    soft_delete(db, "household_members", member_id)


def _present(row: Mapping[str, Any], today: date, reveal_ids: bool) -> dict[str, Any]:
    out = dict(row)
    out["age"] = age_on(row, today)
    out["relation_th"] = RELATIONS.get(row["relation"] or "", "")
    out["allowances_th"] = [label for key, label in ALLOWANCES.items() if row[key]]
    nid = row["national_id"]
    out["national_id"] = (format_national_id(nid) if reveal_ids else mask_national_id(nid)) if nid else None
    out["id_masked"] = bool(nid) and not reveal_ids
    return out


def list_members(db: Database, household_id: str, *, reveal_ids: bool = False,
                 today: date | None = None) -> list[dict[str, Any]]:
    """The household's members (head first, then oldest first). National IDs masked unless
    `reveal_ids` (needs cases.export_sensitive; the disclosure is audited)."""
    if reveal_ids:
        require(db, "cases.export_sensitive")
    rows = [dict(r) for r in db.query(
        "SELECT * FROM household_members WHERE household_id = ? AND deleted_at IS NULL "
        "ORDER BY relation = 'head' DESC, COALESCE(birth_date, '9999'), created_at", [household_id])]
    if reveal_ids and any(r["national_id"] for r in rows):
        audit(db, "export_personal", table_name="household_members", row_id=household_id,
              purpose="household members with national IDs", records=len(rows))
    return [_present(r, today or date.today(), reveal_ids) for r in rows]


def member_flags(row: Mapping[str, Any], today: date | None = None) -> list[str]:
    """Why a member makes the household vulnerable (กลุ่มเปราะบาง), in Thai; includes an allowance
    the member seems eligible for but does not receive."""
    age = age_on(row, today)
    flags = []
    if age is not None and age >= ELDERLY_AGE:
        flags.append("ผู้สูงอายุ" + ("" if row.get("allowance_elderly") else " (ยังไม่ได้รับเบี้ยยังชีพ)"))
    elif row.get("allowance_elderly"):
        flags.append("ผู้สูงอายุ")
    if row.get("disabled") or row.get("allowance_disability"):
        flags.append("ผู้พิการ" + ("" if row.get("allowance_disability") else " (ยังไม่ได้รับเบี้ยความพิการ)"))
    if (age is not None and age < CHILD_AGE) or row.get("allowance_child"):
        flags.append("เด็กเล็ก")
    return flags
