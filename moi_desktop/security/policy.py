"""The password policy: what a new password must be, checked the same way by the GUI and the CLI.

A password is refused when it is shorter than MIN_LENGTH characters, begins or ends with a space,
is one character repeated or a run (aaaaaaaaaa, abcdefghij), is on the shipped list of common
passwords (resources/passwords/, see its README), or contains the username or the office's name.
The list is compared with the password in every form someone could have typed it in:
- as typed (letters compared without case, Thai digits as 0-9);
- typed with the other keyboard layout on (ยฟหหไนพก is "password", isylzjko is "รหัสผ่าน");
- with digits and symbols taken off its ends (Password2567! is "password") and common letter
  swaps undone (p@ssw0rd).
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from moi_desktop.paths import resource_path
from moi_desktop.security.kedmanee import is_thai, keys_to_thai, thai_to_keys

MIN_LENGTH = 10
# A word left after taking digits and symbols off the ends is looked up only from this length:
# shorter bases ("ok", "x") are on the list but say nothing about the rest of the password.
MIN_BASE = 4
COMMON_FILE = ("passwords", "common-passwords.txt")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Digits (Arabic and Thai), ASCII punctuation and spaces at either end of a password.
_ENDS = re.compile(r"^[\s0-9๐-๙!-/:-@\[-`{-~]+|[\s0-9๐-๙!-/:-@\[-`{-~]+$")
_LEET = (str.maketrans("@4301!$57+", "aaeoiisstt"), str.maketrans("@4301!$57+", "aaeolisstt"))

TOO_SHORT = f"รหัสผ่านต้องยาวอย่างน้อย {MIN_LENGTH} ตัวอักษร"
SPACES = "รหัสผ่านต้องไม่ขึ้นต้นหรือลงท้ายด้วยช่องว่าง"
TOO_SIMPLE = "รหัสผ่านนี้เดาได้ง่ายเกินไป (ตัวอักษรซ้ำกันหรือเรียงกัน) กรุณาตั้งรหัสผ่านอื่น"
COMMON = "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันมากและเดาได้ง่าย (อยู่ในรายการรหัสผ่านที่พบบ่อย) กรุณาตั้งรหัสผ่านอื่น"
HAS_USERNAME = "รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในรหัสผ่าน"


def normalise(text: str) -> str:
    """The form passwords are compared in: NFC, sara am as one character, letters without case."""
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33").casefold()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list (about 11,000 entries), read once."""
    text = resource_path(*COMMON_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


def _typed_forms(password: str) -> set[str]:
    """The password as typed and as the other keyboard layout would have made it."""
    plain = normalise(password)
    forms = {plain, plain.translate(_THAI_DIGITS)}
    if any(is_thai(ch) for ch in password):
        forms.add(normalise(thai_to_keys(unicodedata.normalize("NFC", password))))
    if password.isascii():
        forms.add(normalise(keys_to_thai(password)))  # case matters here: Shift picks the character
    return forms


def _bases(form: str) -> set[str]:
    """A typed form with digits and symbols taken off its ends, and common letter swaps undone."""
    base = _ENDS.sub("", form)
    if len(base) < MIN_BASE:
        return set()
    return {base, *(base.translate(table) for table in _LEET)}


def _repeated_unit(text: str) -> str | None:
    """The shortest unit `text` repeats (qwertyqwerty -> qwerty), or None."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return None


def _too_simple(text: str) -> bool:
    """One to three characters over and over (ababababab), or a run (abcdefghij, 9876543210)."""
    if len(set(text)) < 4:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(steps) == 1 and abs(steps.pop()) <= 1


def _compact(text: str) -> str:
    return "".join(normalise(text).split())


def password_problem(password: str, *, username: str = "", office_names: Iterable[str] = ()) -> str | None:
    """A Thai message saying why `password` is refused, or None when it meets the policy.

    `office_names`: names of this office the password must not contain (district, province,
    the office's own name); names shorter than 3 characters are ignored.
    """
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if password.strip() != password:
        return SPACES
    forms = _typed_forms(password)
    if any(_too_simple(form) for form in forms):
        return TOO_SIMPLE
    common = common_passwords()
    candidates = set(forms)
    for form in forms:
        candidates |= _bases(form)
        unit = _repeated_unit(form)
        if unit:
            candidates.add(unit)
    if candidates & common:
        return COMMON
    compact = {_compact(c) for c in candidates}
    name = _compact(username)
    if len(name) >= 3 and any(name in c for c in compact):
        return HAS_USERNAME
    for office in office_names:
        term = _compact(office)
        if len(term) >= 3 and any(term in c for c in compact):
            return f"รหัสผ่านต้องไม่มีชื่อสำนักงาน ({office.strip()}) อยู่ในรหัสผ่าน"
    return None
