"""Thai digits (๐–๙) ↔ Arabic digits (0–9)."""

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


def to_thai_digits(s: str | int) -> str:
    """Replace 0–9 with ๐–๙; everything else is kept. Numbers are accepted for convenience."""
    return str(s).translate(_TO_THAI)


def to_arabic_digits(s: str | int) -> str:
    """Replace ๐–๙ with 0–9; everything else is kept."""
    return str(s).translate(_TO_ARABIC)
