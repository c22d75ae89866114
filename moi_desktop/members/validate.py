"""Normalising and checking member data: one place for the dialog, the importer and the CLI.

`field_problem` answers for one field as the user types; `clean_member` turns a whole record into
the values to store plus every problem found (errors block saving, warnings are for review).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.members.fast import national_id_digits, national_id_ok, phone_digits, phone_ok
from moi_desktop.members.keys import member_sort_key, name_key
from moi_desktop.members.model import FIELDS, LAWFUL_BASES, TEAM_ROLE_CODES
from moi_desktop.thai import (
    national_id_problem,
    national_id_warning,
    normalize_text,
    parse_thai_date,
    phone_problem,
    split_name,
    to_arabic_digits,
)
from moi_desktop.thai.text import clean_text

_STORED = frozenset(FIELDS) | {"name_key", "name_sort"}

ERROR = "error"
WARNING = "warning"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MOO = re.compile(r"^(?:หมู่(?:ที่)?|ม\.)?\s*(\d{1,3})$")
_TEXT_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "email",
    "line_id",
    "organisation",
    "position",
    "sector_other",
    "house_no",
    "address_extra",
    "consent_scope",
)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str  # Thai
    level: str = ERROR


def _text(value: object) -> str:
    return clean_text(value)


def field_problem(field: str, value: Any) -> str | None:
    """A Thai message for one field value as typed (None when fine); blanks are fine here."""
    text = _text(value)
    if not text:
        return "กรุณากรอกชื่อ" if field == "first_name" else None
    if field == "national_id":
        return national_id_problem(value)
    if field == "phone":
        return phone_problem(value)
    if field == "email" and not _EMAIL.match(text):
        return "อีเมลไม่ถูกต้อง (ตัวอย่าง name@example.com)"
    if field == "moo" and not _MOO.match(to_arabic_digits(text)):
        return "หมู่ที่ต้องเป็นตัวเลข เช่น ๕"
    if field == "consent_date":
        try:
            parse_thai_date(text)
        except UserError as exc:
            return exc.message
    return None


def _known(db: Database, table: str, column: str, value: str) -> bool:
    # Reference tables never change at run time: remember the codes seen (an import asks 15,000×).
    cache: dict[tuple[str, str], bool] = db.__dict__.setdefault("_moi_known_codes", {})
    key = (table, value)
    if key not in cache:
        # table and column are the callers' constants; the value is bound
        sql = f"SELECT 1 FROM [{table}] WHERE [{column}] = ?"  # noqa: S608
        cache[key] = db.execute(sql, [value]).fetchone() is not None
    return cache[key]


def clean_member(db: Database, data: dict[str, Any], *, split_title: bool = True,
                 tidy: bool = True) -> tuple[dict[str, Any], list[Problem]]:
    """Normalise a member record (only the keys given) and list its problems.

    Returns the values to store — text tidied, Thai digits converted, ID and phone as digits,
    dates as ISO, derived keys filled — and the problems. Unknown keys are ignored.
    `split_title=False` when the caller has already split a title off the name; `tidy=False` when
    text values are already tidy (the importer cleans every cell once).
    """
    text_of: Callable[[Any], str] = _text if tidy else (lambda v: v or "")
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def error(field: str, message: str) -> None:
        problems.append(Problem(field, message, ERROR))

    for field in _TEXT_FIELDS:
        if field in data:
            values[field] = text_of(data[field]) or None
    # A title typed inside the first-name box ("นายสมชาย") is split off, as the importer does.
    if split_title and "first_name" in data and values.get("first_name") and not values.get("title"):
        title, first, rest = split_name(values["first_name"])
        if title:
            values["title"] = title
            values["first_name"] = first or None
            if rest and not values.get("last_name"):
                values["last_name"] = rest
    if "first_name" in data and not values.get("first_name"):
        error("first_name", "กรุณากรอกชื่อ")
    if "email" in values and values["email"] and not _EMAIL.match(values["email"]):
        error("email", "อีเมลไม่ถูกต้อง (ตัวอย่าง name@example.com)")

    if "national_id" in data:
        raw = data["national_id"]
        digits = national_id_digits(raw) if raw not in (None, "") else ""
        if digits:
            problem = None if national_id_ok(digits) else national_id_problem(digits)
            if problem:
                error("national_id", problem)
            elif digits.startswith("0") and (warning := national_id_warning(digits)):
                problems.append(Problem("national_id", warning, WARNING))
        values["national_id"] = digits or None
    if "phone" in data:
        raw = data["phone"]
        phone = phone_digits(raw) if raw not in (None, "") else ""
        if phone:
            problem = None if phone_ok(phone) else phone_problem(phone)
            if problem:
                error("phone", problem)
        values["phone"] = phone or None
    if "moo" in data:
        raw = to_arabic_digits(_text(data["moo"]))
        match = _MOO.match(raw)
        if raw and not match:
            error("moo", "หมู่ที่ต้องเป็นตัวเลข เช่น ๕")
        values["moo"] = str(int(match.group(1))) if match else (raw or None)

    if "sector" in data:
        sector = data["sector"] or "other"
        if not _known(db, "sectors", "code", sector):
            error("sector", f"ไม่รู้จักรหัสภาคี {sector}")
        values["sector"] = sector
        if sector != "other":
            values["sector_other"] = None
    if "team_role" in data:
        role = data["team_role"] or None
        if role is not None and role not in TEAM_ROLE_CODES:
            error("team_role", f"ไม่รู้จักรหัสทีม {role}")
        values["team_role"] = role
    if "subdistrict_code" in data:
        code = _text(data["subdistrict_code"]) or None
        if code and not _known(db, "subdistricts", "subdistrict_code", code):
            error("subdistrict_code", f"ไม่พบรหัสตำบล {code}")
        values["subdistrict_code"] = code
    if "notes" in data:
        notes = data["notes"]
        values["notes"] = normalize_text(str(notes), multiline=True) or None if notes else None
    if "active" in data:
        values["active"] = 1 if data["active"] in (True, 1, "1") else 0

    if "lawful_basis" in data:
        basis = data["lawful_basis"] or "public_task"
        if basis not in LAWFUL_BASES:
            error("lawful_basis", f"ไม่รู้จักฐานทางกฎหมาย {basis}")
        values["lawful_basis"] = basis
    if "consent_date" in data:
        values["consent_date"] = _iso_date(data["consent_date"], error)
    if values.get("lawful_basis") == "consent" and "consent_date" in values and not values["consent_date"]:
        error("consent_date", "ฐานความยินยอมต้องระบุวันที่ให้ความยินยอม")

    if "first_name" in values or "last_name" in values:
        first = values.get("first_name", data.get("first_name")) or ""
        last = values.get("last_name", data.get("last_name")) or ""
        values["name_key"] = name_key(first, last)
        values["name_sort"] = member_sort_key(first, last)
    return {k: v for k, v in values.items() if k in _STORED}, problems


def _iso_date(value: object, error: Callable[[str, str], None]) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return parse_thai_date(_text(value)).isoformat()
    except UserError as exc:
        error("consent_date", exc.message)
        return None


def first_error(problems: list[Problem]) -> Problem | None:
    return next((p for p in problems if p.level == ERROR), None)


def raise_first_error(problems: list[Problem]) -> None:
    problem = first_error(problems)
    if problem:
        raise UserError(problem.message, field=problem.field)
