"""Cleaning typed, pasted or imported Thai text: the one set of invisible characters and the
repairs every layer applies.

    normalize_text(s)   what is stored and compared: NFC, repaired, whitespace collapsed
    clean_text(value)   the same for any value (spreadsheet cells, form fields), fast on tidy text
    printable(s)        what a document draws: invisibles dropped and ำ composed, spacing untouched
    hostile_chars(s)    the control and bidi-override characters cleaning removes, to warn about

Hostile text: C0/C1 control characters (NUL, ESC, …) and the bidi overrides and isolates
(U+202A–U+202E, U+2066–U+2069, with LRM/RLM) are removed by every function here — they print as
boxes, hide or reorder text (U+202E turns "gpj.exe" into "exe.jpg") and survive into PDFs and
exports. Whitespace controls (tab, vertical tab, form feed, the separators U+001C–U+001F) count as
whitespace; newline and tab are kept by the multi-line forms.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Invisible characters that creep in from Word, PDFs and web pages: ZWSP, ZWNJ, ZWJ, word joiner,
# BOM and soft hyphen. Thai uses ZWSP as a line-break hint, so removing it joins nothing visible.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_REMOVE_ZERO_WIDTH = str.maketrans("", "", ZERO_WIDTH)

# Control characters that are not whitespace (NUL, ESC, DEL, the C1 block) and the bidi controls:
# removed. Whitespace controls (\t \n \v \f \r, U+001C–U+001F, U+0085) are whitespace.
_CONTROLS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_HOSTILE = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]")

NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
SARA_AM = "\u0e33"  # ำ
SARA_E = "\u0e40"  # เ
SARA_AE = "\u0e41"  # แ
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"

# PDF extraction and some keyboards produce ำ as ํ + า, with a tone mark in either place
# (น ํ ้ า or น ้ ํ า); the single code point ำ comes after the tone mark (น้ำ).
_SPLIT_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")

# What normalize_text could change besides whitespace: zero-width and control characters, ํ
# (ํา → ำ) and เเ. Text with none of these, in NFC, comes back from it with only spaces tidied.
_NEEDS_REPAIR = re.compile(f"[{ZERO_WIDTH}{_CONTROLS}{BIDI_CONTROLS}{NIKHAHIT}]|{SARA_E}{SARA_E}")

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
    s = _HOSTILE.sub("", s.translate(_REMOVE_ZERO_WIDTH))
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


def clean_text(value: Any) -> str:
    """normalize_text for any value: None → "", a whole float without ".0" (spreadsheet numbers)."""
    if value is None:
        return ""
    if type(value) is str:
        return clean_str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_str(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=32768)  # a file repeats its organisations, positions, sectors, places
def clean_str(s: str) -> str:
    """normalize_text(s), skipping its repairs (~9 µs) for text already tidy, as nearly every
    imported cell and typed name is."""
    if s.isascii() and s.isprintable():  # digits, codes, Latin text: nothing to repair
        return " ".join(s.split())
    if _NEEDS_REPAIR.search(s) or not unicodedata.is_normalized("NFC", s):
        return normalize_text(s)
    return " ".join(s.split())


# Whatever printable() drops or changes (control characters include the whitespace controls).
_UNPRINTABLE = re.compile(f"[{ZERO_WIDTH}{_CONTROLS}{BIDI_CONTROLS}\t\x0b\x0c\x1c-\x1f\x85\r{NIKHAHIT}]")
_WHITESPACE_CONTROLS = str.maketrans({ch: " " for ch in "\t\x0b\x0c\x1c\x1d\x1e\x1f\x85"} | {"\r": "\n"})


def printable(s: str) -> str:
    """The text a document draws: zero-width, control and bidi characters dropped (fonts have no
    glyph for them; they must not reach the text layer), whitespace controls as spaces (\r as a
    line break) and ํา composed into ำ. Spaces and line breaks stay where they were: the segmenter
    and the line filler work on them."""
    if not _UNPRINTABLE.search(s):
        return s  # most texts: nothing to drop or change
    s = _HOSTILE.sub("", s.translate(_REMOVE_ZERO_WIDTH)).replace("\r\n", "\n")
    return s.translate(_WHITESPACE_CONTROLS).replace(NIKHAHIT + SARA_AA, SARA_AM)


def strip_hostile(s: str) -> str:
    """`s` without its control and bidi characters; everything else (spacing, line breaks, tabs)
    exactly as given. For values that are not otherwise normalised (paths, passwords' files)."""
    return _HOSTILE.sub("", s)


def hostile_chars(s: str) -> list[str]:
    """The distinct control and bidi characters in `s` that cleaning removes, in order of first
    appearance (newline, tab and the other whitespace controls are not among them)."""
    return list(dict.fromkeys(_HOSTILE.findall(s)))


def describe_chars(chars: list[str]) -> str:
    """ "U+0000, U+202E" — how a warning or an error names characters nobody can see."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in chars)


def hostile_warning(s: str) -> str | None:
    """A Thai warning naming the hostile characters cleaning removed from `s`, or None."""
    chars = hostile_chars(s)
    if not chars:
        return None
    return f"ตัดอักขระควบคุมที่มองไม่เห็นออกแล้ว ({describe_chars(chars)})"
