"""Comparable forms of Thai place names, for fuzzy matching of typed and OCR-garbled text.

Three levels, from strict to loose:
  clean     — what the user meant to type: NFC, no zero-width characters, no spaces/punctuation,
              no administrative prefix (อำเภอ, อ., เขต, จังหวัด, จ. …).
  skeleton  — clean with tone marks dropped, look-alike letters (ข/ช, ด/ต, บ/ป …) folded into
              one class and look-alike vowels merged: absorbs typical OCR and typing slips.
  consonants— skeleton without any vowels: survives garbled vowels (กุตุรง ↔ กุดรัง).
"""

import re

from moi_desktop.thai.text import clean_text

# Longest first so "กิ่งอำเภอ" wins over "อำเภอ" and "จังหวัด" over "จ.".
_DISTRICT_PREFIXES = ("กิ่งอำเภอ", "อำเภอ", "อ.", "เขต")
# No province name starts with เมือง, so "เมืองยะลา" as a province means ยะลา.
_PROVINCE_PREFIXES = ("จังหวัด", "จ.", "เมือง")
_PREFIXES = _DISTRICT_PREFIXES + _PROVINCE_PREFIXES[:2]

# Characters that carry no identity for matching: spaces, punctuation, ฯ (กรุงเทพฯ), ๆ.
_NOISE = re.compile(r"[\s\-–—_.,;:'\"()/\\ฯๆ]+")

_TONES = dict.fromkeys(map(ord, "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e4d\u0e3a\u0e4e"), None)

# Letters that OCR and tired eyes confuse; each group folds to its first member.
_LOOKALIKES = (
    "ขฃชซ",
    "คฅ",
    "ดต",
    "บปษ",
    "ฎฏ",
    "ลส",
    "ถภฦ",
    "มน",
    "อฮ",
    "พฟ",
    "ผฝ",
    "ทฑ",
    "หฬ",
    "ิีึื",
    "ุู",
    "ใไ",
)
_FOLD = {ord(ch): group[0] for group in _LOOKALIKES for ch in group[1:]}

_VOWELS = dict.fromkeys(map(ord, "ะัาำิีึืุูเแโใไๅ"), None)

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def has_thai(text: str) -> bool:
    return bool(_THAI.search(text))


def tidy(text: str | None) -> str:
    """NFC, zero-width characters removed, spaces collapsed, common encoding slips repaired
    (สระอำ typed as nikhahit + sara aa, แ typed as two เ): the text clean-up of moi_desktop.thai."""
    return clean_text(text)


def strip_prefix(text: str, prefixes: tuple[str, ...] = _PREFIXES) -> str:
    text = text.strip()
    changed = True
    while changed:  # "อ. เมือง" and "จังหวัด จ." style doubles
        changed = False
        for prefix in prefixes:
            if text.startswith(prefix):  # a bare "อำเภอ" leaves nothing: no name was given
                text = text[len(prefix) :].strip()
                changed = True
    return text


def clean(text: str, prefixes: tuple[str, ...] = _PREFIXES) -> str:
    return _NOISE.sub("", strip_prefix(tidy(text), prefixes)).lower()


def skeleton(cleaned: str) -> str:
    return cleaned.translate(_TONES).translate(_FOLD)


def consonants(skel: str) -> str:
    return skel.translate(_VOWELS)


def clean_district(text: str) -> str:
    return clean(text, _DISTRICT_PREFIXES)


def clean_province(text: str) -> str:
    return clean(text, _PROVINCE_PREFIXES)


_PROVINCE_MARK = re.compile(r"(จังหวัด|จ\.)\s*")


def split_district_province(text: str) -> tuple[str, str | None]:
    """"อ.เชียงของ จ.เชียงราย" → ("อ.เชียงของ", "เชียงราย"); without a province part → (text, None)."""
    text = tidy(text)
    match = _PROVINCE_MARK.search(text, 1)
    if not match or match.start() == 0:
        return text, None
    return text[: match.start()].strip(), text[match.end() :].strip() or None
