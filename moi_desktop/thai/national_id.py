"""Thai national ID numbers (เลขประจำตัวประชาชน): 13 digits, the last one a check digit."""

import re

from moi_desktop.errors import UserError
from moi_desktop.thai.digits import to_arabic_digits, to_thai_digits
from moi_desktop.thai.text import ZERO_WIDTH

ID_LENGTH = 13
_SEPARATORS = re.compile(f"[\\s\\-\u2010-\u2015\u2212{ZERO_WIDTH}]+")
_GROUPS = (1, 4, 5, 2, 1)


def normalize_national_id(s: str | int | float) -> str:
    """Thai digits → Arabic, spaces and dashes removed; any other character is kept so that
    `national_id_problem` can report it. Spreadsheet numbers (int or whole float) are accepted."""
    if isinstance(s, float) and s.is_integer():
        s = int(s)
    return _SEPARATORS.sub("", to_arabic_digits(str(s)))


def check_digit(first12: str) -> int:
    """(11 − Σ dᵢ·(14−i) mod 11) mod 10 over the first 12 digits."""
    total = sum(int(ch) * (13 - i) for i, ch in enumerate(first12))
    return (11 - total % 11) % 10


def national_id_problem(s: str | int | float) -> str | None:
    """A Thai message saying what is wrong, or None for a valid number."""
    n = normalize_national_id(s)
    if not n:
        return "ยังไม่ได้กรอกเลขประจำตัวประชาชน"
    if not n.isascii() or not n.isdigit():
        return "เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น"
    if len(n) != ID_LENGTH:
        return f"เลขประจำตัวประชาชนต้องมี ๑๓ หลัก (กรอกมา {to_thai_digits(len(n))} หลัก)"
    if check_digit(n[:12]) != int(n[12]):
        return "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ) — โปรดตรวจทานอีกครั้ง"
    return None


def is_valid_national_id(s: str | int | float) -> bool:
    return national_id_problem(s) is None


def national_id_warning(s: str | int | float) -> str | None:
    """A Thai warning for a valid but unusual number (leading 0 is issued only in rare cases)."""
    n = normalize_national_id(s)
    if is_valid_national_id(n) and n.startswith("0"):
        return "เลขประจำตัวประชาชนขึ้นต้นด้วย ๐ ซึ่งพบได้น้อย — โปรดตรวจทานกับบัตรประจำตัวประชาชน"
    return None


def _digits13(s: str | int | float) -> str:
    n = normalize_national_id(s)
    if not (n.isascii() and n.isdigit() and len(n) == ID_LENGTH):
        problem = national_id_problem(n) or "เลขประจำตัวประชาชนไม่ถูกต้อง"
        raise UserError(problem, field="national_id")
    return n


def _group(n: str) -> str:
    parts, pos = [], 0
    for size in _GROUPS:
        parts.append(n[pos : pos + size])
        pos += size
    return "-".join(parts)


def format_national_id(s: str | int | float) -> str:
    """x-xxxx-xxxxx-xx-x. Needs 13 digits (UserError otherwise); the check digit is not enforced
    so that a flagged record can still be shown as typed."""
    return _group(_digits13(s))


def mask_national_id(s: str | int | float) -> str:
    """Keep the first digit and the last four, grouped as usual: 1-xxxx-xxxx5-67-8."""
    n = _digits13(s)
    return _group(n[0] + "x" * 8 + n[9:])
