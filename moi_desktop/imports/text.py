"""Fast cell-text normalisation for imports: the same result as thai.normalize_text, but strings
that need nothing beyond whitespace clean-up (nearly every cell) skip the full repair."""

import re
import unicodedata
from functools import lru_cache

from moi_desktop.thai import normalize_text

# Anything normalize_text would repair: zero-width and control characters, nikhahit (ํา → ำ), เเ.
_NEEDS_REPAIR = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u0e4d]|เเ")


def clean_text(value) -> str:
    """A spreadsheet value as tidy text: None → "", whole floats without ".0", Thai text repaired."""
    if value is None:
        return ""
    if type(value) is str:
        return clean_str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_str(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=32768)  # a file repeats its organisations, positions, sectors, places
def clean_str(s: str) -> str:
    """clean_text for a str (what nearly every cell is), without the type checks."""
    if s.isascii():
        return " ".join(s.split())
    if _NEEDS_REPAIR.search(s) or not unicodedata.is_normalized("NFC", s):
        return normalize_text(s)
    return " ".join(s.split())
