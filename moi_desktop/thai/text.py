"""Normalising typed or pasted Thai text before it is stored or compared."""

import re
import unicodedata

# Invisible characters that creep in from Word, PDFs and web pages: ZWSP, ZWNJ, ZWJ, word joiner,
# BOM and soft hyphen. Thai uses ZWSP as a line-break hint, so removing it joins nothing visible.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_REMOVE_ZERO_WIDTH = str.maketrans("", "", ZERO_WIDTH)

# Other control characters (e.g. from Excel cells) are turned into spaces, then collapsed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
SARA_AM = "\u0e33"  # ำ
SARA_E = "\u0e40"  # เ
SARA_AE = "\u0e41"  # แ
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"

# PDF extraction and some keyboards produce ำ as ํ + า, with a tone mark in either place
# (น ํ ้ า or น ้ ํ า); the single code point ำ comes after the tone mark (น้ำ).
_SPLIT_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")

_HSPACE = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _fix_thai(s: str) -> str:
    s = _SPLIT_AM.sub(lambda m: m.group(1) + SARA_AM, s)
    # แ typed as two เ is a common typing habit; "เเ" is never correct Thai.
    return s.replace(SARA_E + SARA_E, SARA_AE)


def normalize_text(s: str, *, multiline: bool = False) -> str:
    """Trim, collapse whitespace, drop zero-width characters, NFC, and fix ํา → ำ.

    With ``multiline=True`` line breaks survive (each line trimmed, at most one blank line in a
    row); otherwise every whitespace run, newlines included, becomes one space. Idempotent.
    """
    s = s.translate(_REMOVE_ZERO_WIDTH)
    s = _CONTROL.sub(" ", s)
    # Repairs can bring combining marks together in a non-canonical order, so repeat to a fixed
    # point; this ends because NFC is idempotent and every repair shortens the string.
    while True:
        fixed = _fix_thai(unicodedata.normalize("NFC", s))
        if fixed == s:
            break
        s = fixed
    if not multiline:
        return _ANY_SPACE.sub(" ", s).strip()
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Line/paragraph separators and the like count as line breaks.
    s = "\n".join(s.splitlines())
    lines = [_HSPACE.sub(" ", line).strip() for line in s.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
