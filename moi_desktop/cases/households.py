"""Households: where a case lives. One row per house (subdistrict + หมู่ที่ + บ้านเลขที่)."""

import re
from collections.abc import Mapping
from typing import Any

from moi_desktop.cases.location import parse_location
from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.thai import (
    normalize_phone,
    normalize_text,
    phone_problem,
    to_arabic_digits,
)

FIELDS = ("house_no", "moo", "village", "subdistrict_code", "head_name", "members_count", "phone",
          "tpmap", "thai_qm", "notes", "income_year", "latitude", "longitude")
MAX_INCOME = 100_000_000  # baht a year: beyond it a digit was typed twice

_HOUSE_NO = re.compile(r"^\d{1,5}(?:/\d{1,4})?(?:\s*[ก-ฮ])?$")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


def _flag(value: object) -> int:
    if isinstance(value, str):
        return 1 if value.strip().lower() in ("1", "true", "yes", "y", "ใช่", "มี", "/", "✓", "x") else 0
    return 1 if value else 0


def address_key(subdistrict_code: str | None, moo: str | None, house_no: str | None) -> str | None:
    """Same house, same key: "12 / 3" and "12/3" in หมู่ "๐๕" and "5" are one house."""
    house = re.sub(r"\s+", "", to_arabic_digits(house_no or ""))
    if not house:
        return None
    moo_digits = to_arabic_digits(moo or "").strip().lstrip("0")
    return f"{subdistrict_code or ''}|{moo_digits}|{house}"


def household_problems(db: Database, data: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(clean values, [(field, Thai message)]) — the values are usable only without problems."""
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    values["head_name"] = _text(data.get("head_name"))
    if not values["head_name"]:
        problems.append(("head_name", "กรุณากรอกชื่อหัวหน้าครัวเรือน"))
    house = to_arabic_digits(_text(data.get("house_no"))).replace(" ", "")
    if house and not _HOUSE_NO.match(house):
        problems.append(("house_no", f"บ้านเลขที่ “{house}” ไม่ถูกต้อง (ตัวอย่าง ๑๒ หรือ ๑๒/๓)"))
    values["house_no"] = house or None
    moo = to_arabic_digits(_text(data.get("moo"))).removeprefix("หมู่ที่").removeprefix("หมู่").removeprefix("ม.").strip()
    if moo and not (moo.isdigit() and 1 <= int(moo) <= 99):
        problems.append(("moo", f"หมู่ที่ “{moo}” ต้องเป็นตัวเลข ๑–๙๙"))
    values["moo"] = str(int(moo)) if moo.isdigit() else (moo or None)
    values["village"] = _text(data.get("village")) or None
    code = _text(data.get("subdistrict_code")) or None
    if code and not db.execute("SELECT 1 FROM subdistricts WHERE subdistrict_code = ?", [code]).fetchone():
        problems.append(("subdistrict_code", f"ไม่พบรหัสตำบล {code}"))
    values["subdistrict_code"] = code
    count = data.get("members_count")
    if count in (None, ""):
        values["members_count"] = None
    else:
        try:
            n = int(float(to_arabic_digits(str(count)).strip()))
        except ValueError:
            n = -1
        if not 1 <= n <= 99:
            problems.append(("members_count", "จำนวนสมาชิกในครัวเรือนต้องเป็นตัวเลข ๑–๙๙"))
        values["members_count"] = n
    phone = data.get("phone")
    if phone in (None, ""):
        values["phone"] = None
    else:
        problem = phone_problem(phone)
        if problem:
            problems.append(("phone", problem))
        values["phone"] = normalize_phone(phone)
    values["tpmap"] = _flag(data.get("tpmap"))
    values["thai_qm"] = _flag(data.get("thai_qm"))
    values["notes"] = _text(data.get("notes")) or None
    try:
        values["income_year"] = parse_income(data.get("income_year"), "income_year")
    except UserError as exc:
        problems.append(("income_year", exc.message))
        values["income_year"] = None
    try:
        values["latitude"], values["longitude"] = _position(data)
    except UserError as exc:
        problems.append(("location", exc.message))
        values["latitude"] = values["longitude"] = None
    values["address_key"] = address_key(values["subdistrict_code"], values["moo"], values["house_no"])
    return values, problems


def parse_income(value: object, field: str, *, label: str = "รายได้ต่อปี") -> float | None:
    """Baht per year from "120,000", "๑๒๐๐๐๐ บาท" or a number; None when blank."""
    if value in (None, ""):
        return None
    text = to_arabic_digits(str(value)).replace(",", "").replace("บาท", "").strip()
    try:
        amount = float(text)
    except ValueError:
        raise UserError(f"{label}ต้องเป็นจำนวนเงิน (บาท) เช่น 38,000", field=field) from None
    if amount != amount or amount < 0:
        raise UserError(f"{label}ต้องไม่ติดลบ", field=field)
    if amount > MAX_INCOME:
        raise UserError(f"{label} {amount:,.0f} บาท มากเกินไป — ตรวจสอบจำนวนหลักอีกครั้ง", field=field)
    return round(amount, 2)


def _position(data: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """The position from a pasted "location" text, else from latitude/longitude values."""
    if "location" in data:
        found = parse_location(str(data.get("location") or ""))
        return found if found else (None, None)
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat in (None, "") and lon in (None, ""):
        return None, None
    if lat in (None, "") or lon in (None, ""):
        raise UserError("กรุณากรอกทั้งละติจูดและลองจิจูด", field="location")
    found = parse_location(f"{lat}, {lon}")  # checked to lie in Thailand
    return found if found else (None, None)


def clean_household(db: Database, data: Mapping[str, Any]) -> dict[str, Any]:
    values, problems = household_problems(db, data)
    if problems:
        field, message = problems[0]
        raise UserError(message, field=field)
    return values


def find_household(db: Database, key: str | None, *, except_id: str | None = None) -> dict[str, Any] | None:
    if not key:
        return None
    rows = list(db.query(
        "SELECT * FROM households WHERE address_key = ? AND deleted_at IS NULL AND id IS NOT ? LIMIT 1",
        [key, except_id],
    ))
    return rows[0] if rows else None


def _refuse_duplicate(db: Database, values: Mapping[str, Any], except_id: str | None = None) -> None:
    other = find_household(db, values["address_key"], except_id=except_id)
    if other:
        raise UserError(
            f"มีครัวเรือนบ้านเลขที่ {values['house_no']} หมู่ {values['moo'] or '-'} ในตำบลนี้แล้ว "
            f"({other['head_name']})",
            field="house_no",
        )


def add_household(db: Database, data: Mapping[str, Any]) -> str:
    values = clean_household(db, data)
    _refuse_duplicate(db, values)
    return insert_row(db, "households", values)


def update_household(db: Database, household_id: str, data: Mapping[str, Any]) -> None:
    current = require_household(db, household_id)
    merged: dict[str, Any] = {k: current.get(k) for k in FIELDS}
    merged.update({k: v for k, v in data.items() if k in FIELDS or k == "location"})
    values = clean_household(db, merged)
    _refuse_duplicate(db, values, except_id=household_id)
    update_row(db, "households", household_id, values)


def delete_household(db: Database, household_id: str) -> None:
    """Soft-delete a household that has no live cases (its cases must go first)."""
    require_household(db, household_id)
    n = db.execute(
        "SELECT COUNT(*) FROM cases WHERE household_id = ? AND deleted_at IS NULL", [household_id]
    ).fetchone()[0]
    if n:
        raise UserError(f"ครัวเรือนนี้ยังมีเรื่องราว {n} เรื่อง — ลบเรื่องราวก่อนจึงจะลบครัวเรือนได้")
    soft_delete(db, "households", household_id)


def get_household(db: Database, household_id: str) -> dict[str, Any] | None:
    rows = list(db.query(
        """
        SELECT h.*, s.name_th AS subdistrict_name, d.name_th AS district_name, p.name_th AS province_name
        FROM households h
        LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code
        LEFT JOIN districts d ON d.district_code = s.district_code
        LEFT JOIN provinces p ON p.province_code = s.province_code
        WHERE h.id = ?
        """,
        [household_id],
    ))
    return rows[0] if rows else None


def require_household(db: Database, household_id: str) -> dict[str, Any]:
    row = get_household(db, household_id)
    if row is None or row["deleted_at"]:
        raise UserError("ไม่พบครัวเรือนที่เลือก (อาจถูกลบไปแล้ว)", field="household_id")
    return row


def household_address(row: Mapping[str, Any]) -> str:
    """"บ้านเลขที่ 12/3 หมู่ 5 บ้านหนองแวง ต.ในเมือง" (Arabic digits; documents convert)."""
    parts = []
    if row.get("house_no"):
        parts.append(f"บ้านเลขที่ {row['house_no']}")
    if row.get("moo"):
        parts.append(f"หมู่ {row['moo']}")
    if row.get("village"):
        village = row["village"]
        parts.append(village if village.startswith("บ้าน") else f"บ้าน{village}")
    if row.get("subdistrict_name"):
        parts.append(f"ต.{row['subdistrict_name']}")
    return " ".join(parts)


def search_households(db: Database, text: str = "", subdistrict_code: str | None = None,
                      limit: int = 50) -> list[dict[str, Any]]:
    """Households whose head, village or house number contains `text` (for pickers)."""
    where = ["h.deleted_at IS NULL"]
    params: list[str | int] = []
    text = normalize_text(text or "")
    if text:
        like = f"%{to_arabic_digits(text)}%"
        where.append("(h.head_name LIKE ? OR h.village LIKE ? OR h.house_no LIKE ?)")
        params += [f"%{text}%", f"%{text}%", like]
    if subdistrict_code:
        where.append("h.subdistrict_code = ?")
        params.append(subdistrict_code)
    params.append(limit)
    # fixed conditions; the search text and subdistrict are bound parameters
    return [dict(r) for r in db.query(
        f"""
        SELECT h.*, s.name_th AS subdistrict_name,
               (SELECT COUNT(*) FROM cases c WHERE c.household_id = h.id AND c.deleted_at IS NULL) AS n_cases
        FROM households h LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code
        WHERE {' AND '.join(where)}
        ORDER BY s.name_th, CAST(h.moo AS INTEGER), h.house_no, h.head_name LIMIT ?
        """,  # noqa: S608
        params,
    )]
