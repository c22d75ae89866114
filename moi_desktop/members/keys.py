"""Derived keys for members: duplicate detection and Thai dictionary-order sorting."""

import re

from moi_desktop.thai.text import clean_text

LEADING_VOWELS = "เแโใไ"
# Tone marks and other marks that dictionary order ignores at first comparison.
_IGNORED_MARKS = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
# Deleting characters with a regex: str.translate does a dict lookup per character (~5 µs a name).
_DROP_MARKS = re.compile(f"[{_IGNORED_MARKS}]")
_LEADING = re.compile(f"([{LEADING_VOWELS}])([\u0e01-\u0e2e])")
_NOT_LETTER = re.compile(r"[\s\-.,'\"()]+")
# Consonants only: catches spelling variants in vowels and tones (สมชาย / สมชาญ are NOT equal).
_NON_CONSONANT = re.compile("[^\u0e01-\u0e2e]")


def name_key(first_name: str, last_name: str) -> str:
    """First + last name with spaces, dots and dashes removed: equal keys mean the same written name."""
    text = clean_text(f"{first_name or ''}{last_name or ''}").lower()
    return _NOT_LETTER.sub("", text)


# A silent letter (consonant, maybe a vowel, then ์) and tone marks: often spelt differently for
# the same name (ใจดี / ใจดีย์, ศักดิ์ / ศักด์), so near-duplicate checks ignore them.
# One pass removes both: a silent letter starts at a consonant, which no tone mark is, so the scan
# finds the same silent letters as removing them first and the tone marks after.
_SILENT_OR_TONE = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c|[\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c]")


def loose_key(key: str) -> str:
    return _SILENT_OR_TONE.sub("", key)


def consonant_skeleton(key: str) -> str:
    return _NON_CONSONANT.sub("", loose_key(key))


def skeleton_of_loose(loose: str) -> str:
    """consonant_skeleton for a key already made loose."""
    return _NON_CONSONANT.sub("", loose)


def thai_sort_key(text: str) -> str:
    """A key whose binary order is (nearly) Thai dictionary order.

    Dictionary order ignores leading vowels (เ แ โ ใ ไ are written before the consonant they follow
    in speech) and tone marks; the original text is appended as a tie-breaker so that marks still
    decide between otherwise equal words.
    """
    text = clean_text(text)
    swapped = _DROP_MARKS.sub("", _LEADING.sub(r"\2\1", text))
    return f"{swapped}\u0001{text}"


def member_sort_key(first_name: str, last_name: str) -> str:
    return thai_sort_key(f"{first_name or ''} {last_name or ''}")
