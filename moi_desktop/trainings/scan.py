"""What came out of the scanner (or the keyboard): a name card QR, an ID card number, or a name.

Name cards carry the member's id (a UUID, possibly inside a longer text or URL); Thai ID cards
carry the 13-digit number. A USB scanner is a keyboard: with the Thai layout switched on, the
keys it "types" come out as Thai letters (1 → ๅ, 0 → จ, a → ฟ …), so a scan that consists only of
such letters is read back through the Kedmanee layout before giving up on it.
"""

import re
from dataclasses import dataclass

from moi_desktop.errors import UserError
from moi_desktop.thai import national_id_problem, normalize_text, to_arabic_digits, to_thai_digits

MEMBER_ID, NATIONAL_ID, NAME = "member_id", "national_id", "name"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ID_LIKE = re.compile(r"^[\d\s\-]+$")
# Kedmanee (Thai) keys → the ASCII character the same key gives on the US layout; only the
# characters a member id or an ID number can contain.
_KEDMANEE = str.maketrans({
    "ๅ": "1", "/": "2", "-": "3", "ภ": "4", "ถ": "5", "ุ": "6", "ึ": "7", "ค": "8", "ต": "9", "จ": "0",
    "ข": "-", "ฟ": "a", "ิ": "b", "แ": "c", "ก": "d", "ำ": "e", "ด": "f",
})  # fmt: skip
_KEDMANEE_KEYS = set("ๅ/-ภถุึคตจขฟิแกำด")


@dataclass(frozen=True)
class Code:
    kind: str  # member_id / national_id / name
    value: str


def _structured(text: str) -> Code | None:
    found = _UUID.search(text.lower())
    if found:
        return Code(MEMBER_ID, found.group(0))
    digits = to_arabic_digits(text)
    if _ID_LIKE.match(digits):
        number = re.sub(r"\D", "", digits)
        if len(number) == 13:
            problem = national_id_problem(number)
            if problem:
                raise UserError(problem, field="code")
            return Code(NATIONAL_ID, number)
        raise UserError(f"รหัสที่สแกนไม่ถูกต้อง: ตัวเลข {to_thai_digits(len(number))} หลัก (บัตรประชาชนมี ๑๓ หลัก)",
                        field="code")
    return None


def decode(text: str) -> Code:
    """Classify a scan or typed text. UserError (Thai) for a malformed ID number or empty input."""
    raw = (text or "").strip()
    if not raw:
        raise UserError("ยังไม่ได้สแกนหรือพิมพ์อะไร", field="code")
    code = _structured(raw)
    if code is not None:
        return code
    compact = raw.replace(" ", "")
    if set(compact) <= _KEDMANEE_KEYS and len(compact) >= 13:
        try:
            code = _structured(compact.translate(_KEDMANEE))
        except UserError:
            code = None
        if code is not None:
            return code
    # Scanners may send control characters (ESC, GS in some QR payloads): drop them.
    name = normalize_text("".join(ch for ch in raw if ch.isprintable() or ch.isspace()))
    if not name:
        raise UserError("ยังไม่ได้สแกนหรือพิมพ์อะไร", field="code")
    if len(name) > 120:
        raise UserError("ข้อความยาวเกินไปสำหรับค้นหาชื่อ", field="code")
    return Code(NAME, name)
