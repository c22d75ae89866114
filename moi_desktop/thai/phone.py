"""Thai phone numbers: mobile 0[689]x-xxx-xxxx, landline 0x-xxx-xxxx / 0xx-xxx-xxx."""

import re

from moi_desktop.errors import UserError
from moi_desktop.thai.digits import to_arabic_digits, to_thai_digits

MOBILE_PREFIXES = ("06", "08", "09")
# Landline area codes start 02 (Bangkok), 03, 04, 05, 07.
LANDLINE_PREFIXES = ("02", "03", "04", "05", "07")

# "02-123-4567 ต่อ 12", "ext. 12", "#12": the extension is kept, after the main number.
_EXTENSION = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*(\d+)\s*$", re.IGNORECASE)


def _split_extension(s: str) -> tuple[str, str]:
    m = _EXTENSION.search(s)
    if m and re.search(r"\d", s[: m.start()]):
        return s[: m.start()], m.group(1)
    return s, ""


def normalize_phone(s: str | int | float) -> str:
    """Digits only (Thai digits converted, +66 → 0), e.g. "0812345678", or "021234567 ต่อ 12".

    Spreadsheet numbers lose their leading 0 (812345678): it is put back for numeric input.
    """
    if isinstance(s, float) and s.is_integer():
        s = int(s)
    numeric = isinstance(s, int)
    main, ext = _split_extension(to_arabic_digits(str(s)).strip())
    digits = re.sub(r"\D", "", main)
    if main.lstrip().startswith("+66") or (digits.startswith("66") and len(digits) in (11, 12)):
        digits = "0" + digits[2:].removeprefix("0")  # "+66 (0)81…" has a redundant 0
    elif numeric and len(digits) in (8, 9) and digits[0] != "0":
        digits = "0" + digits
    return f"{digits} ต่อ {ext}" if ext else digits


def _main_number(s: str | int | float) -> tuple[str, str]:
    normalized = normalize_phone(s)
    main, _, ext = normalized.partition(" ต่อ ")
    return main, ext


def phone_problem(s: str | int | float) -> str | None:
    """A Thai message saying what is wrong, or None for a valid mobile or landline number."""
    n, _ = _main_number(s)
    if not n:
        return "ยังไม่ได้กรอกหมายเลขโทรศัพท์"
    if not n.startswith("0"):
        return "หมายเลขโทรศัพท์ต้องขึ้นต้นด้วย ๐"
    if n.startswith(MOBILE_PREFIXES):
        if len(n) != 10:
            return f"หมายเลขโทรศัพท์มือถือต้องมี ๑๐ หลัก (กรอกมา {to_thai_digits(len(n))} หลัก)"
        return None
    if n.startswith(LANDLINE_PREFIXES):
        if len(n) != 9:
            return f"หมายเลขโทรศัพท์พื้นฐานต้องมี ๙ หลัก (กรอกมา {to_thai_digits(len(n))} หลัก)"
        return None
    return (
        "หมายเลขโทรศัพท์ไม่ถูกต้อง: รหัสนำหน้าต้องเป็น ๐๒–๐๗ (โทรศัพท์พื้นฐาน) "
        "หรือ ๐๖ ๐๘ ๐๙ (มือถือ)"
    )


def format_phone(s: str | int | float) -> str:
    """081-234-5678, 02-123-4567, 053-123-456 (extension kept: "02-123-4567 ต่อ 12").

    UserError when the number is not valid."""
    problem = phone_problem(s)
    if problem:
        raise UserError(problem, field="phone")
    n, ext = _main_number(s)
    if len(n) == 10:
        text = f"{n[:3]}-{n[3:6]}-{n[6:]}"
    elif n.startswith("02"):
        text = f"{n[:2]}-{n[2:5]}-{n[5:]}"
    else:
        text = f"{n[:3]}-{n[3:6]}-{n[6:]}"
    return f"{text} ต่อ {ext}" if ext else text
