"""Splitting a Thai full name into (title, first name, last name).

Titles are recognised with or without a space after them and with or without their dots
(น.ส. / นส / น.ส), longest first (นางสาว before นาง, พระครู before พระ). The title comes back in
its canonical spelling. Positions such as กำนัน or ผู้ใหญ่บ้าน are not titles and stay in the name.
"""

import re
from functools import cache, lru_cache
from typing import NamedTuple

from moi_desktop.thai.text import clean_str

# Abbreviations, written with their dots. Letter groups between dots are the "units".
_CIVIL_ABBR = ("น.ส.", "ด.ช.", "ด.ญ.")
_ACADEMIC_ABBR = ("ศ.", "รศ.", "ผศ.")
_DOCTOR_ABBR = ("ดร.", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.")
_RANK_ABBR = (
    # army / navy / air force
    "ร.ต.", "ร.ท.", "ร.อ.", "พ.ต.", "พ.ท.", "พ.อ.",
    "ส.ต.", "ส.ท.", "ส.อ.", "จ.ส.ต.", "จ.ส.ท.", "จ.ส.อ.",
    # police
    "ส.ต.ต.", "ส.ต.ท.", "ส.ต.อ.", "ด.ต.",
    "ร.ต.ต.", "ร.ต.ท.", "ร.ต.อ.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.",
)  # fmt: skip
_WORD_TITLES = (
    "นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง",
    "พระ", "พระครู", "พระมหา", "พระอธิการ", "พระปลัด", "พระใบฎีกา", "พระสมุห์",
    "สามเณร", "แม่ชี",
    "ร้อยตรี", "ร้อยโท", "ร้อยเอก",
)  # fmt: skip
_ENGLISH = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "dr": "Dr."}
_ACTING = "ว่าที่"  # acting rank: ว่าที่ ร.ต. / ว่าที่ร้อยตรี
_ACTING_RANKS = ("ร.ต.", "ร.ท.", "ร.อ.", "ร้อยตรี", "ร้อยโท", "ร้อยเอก")
_ACADEMIC_DOCTOR = tuple(a + "ดร." for a in _ACADEMIC_ABBR)

TITLES: tuple[str, ...] = (
    ("นาย", "นาง", "นางสาว", "น.ส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.")
    + tuple(f"{_ACTING} {r}" if "." in r else _ACTING + r for r in _ACTING_RANKS)
    + _DOCTOR_ABBR
    + _ACADEMIC_ABBR
    + _ACADEMIC_DOCTOR
    + tuple(t for t in _WORD_TITLES if t not in ("นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง"))
    + _RANK_ABBR
    + tuple(_ENGLISH.values())
)

# What may start a first name: a consonant, a leading vowel or a Latin letter (never a mark or
# า/ะ/ำ). Checked after a title written without a space, so "นายิกา" is not read as นาย + ิกา.
_SYLLABLE_START = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44A-Za-z]")


class _Pattern(NamedTuple):
    canonical: str
    regex: re.Pattern[str]  # a named group "f" marks the female form of a rank (ร.ต.อ.หญิง)
    starts: str  # every character a match can begin with (to try only the patterns that can match)


_FEMALE = r"(?P<f>\s?หญิง)?"


def _abbr_regex(abbr: str) -> str:
    """น.ส. as written (dots, optional space after each), or with dots missing (นส, น.ส, นส.);
    a dotless form must end in a dot or a space, since one-unit forms like "นพ" or "ศ" also start
    ordinary names. No spaces inside the dotless form, or "ร.ต. อ" would be read as ร.ต.อ."""
    units = [re.escape(u) for u in abbr.split(".") if u]
    dotted = r"\.\s?".join(units) + r"\."
    if len(units) == 1 and abbr != "ดร.":
        return dotted
    dotless = r"\.?".join(units) + r"(?:\.|(?=\s|$))"
    return f"(?:{dotted}|{dotless})"


def _build_patterns() -> tuple[list[_Pattern], list[_Pattern]]:
    primary: list[_Pattern] = []
    for abbr in _CIVIL_ABBR + _ACADEMIC_ABBR + _DOCTOR_ABBR + _ACADEMIC_DOCTOR:
        primary.append(_Pattern(abbr, re.compile(_abbr_regex(abbr)), abbr[0]))
    for abbr in _RANK_ABBR:
        primary.append(_Pattern(abbr, re.compile(_abbr_regex(abbr) + _FEMALE), abbr[0]))
    for word in _WORD_TITLES:
        suffix = _FEMALE if word.startswith("ร้อย") else ""
        primary.append(_Pattern(word, re.compile(re.escape(word) + suffix), word[0]))
    for rank in _ACTING_RANKS:
        if "." in rank:
            canonical, rank_re = f"{_ACTING} {rank}", _abbr_regex(rank)
        else:
            canonical, rank_re = _ACTING + rank, re.escape(rank)
        regex = re.escape(_ACTING) + r"\s*" + rank_re + _FEMALE
        primary.append(_Pattern(canonical, re.compile(regex), _ACTING[0]))
    for key, canonical in _ENGLISH.items():
        # "Mr." / "Mr " / "Mrสมชาย": a dot, a space or a switch to Thai script ends the title.
        english = re.escape(key) + r"(?:\.|(?=\s|$|[\u0e00-\u0e7f]))"
        primary.append(_Pattern(canonical, re.compile(english, re.IGNORECASE), key[0].lower() + key[0].upper()))
    # ดร. may follow an academic or military title: ผศ. ดร. / พ.ต.อ. ดร.
    doctor = [_Pattern("ดร.", re.compile(_abbr_regex("ดร.")), "ด")]
    return primary, doctor


def _by_first_char(patterns: list[_Pattern]) -> dict[str, list[_Pattern]]:
    """Patterns grouped by the character they start with, each group in the original order (the
    order decides between matches of equal length)."""
    groups: dict[str, list[_Pattern]] = {}
    for p in patterns:
        for ch in p.starts:
            groups.setdefault(ch, []).append(p)
    return groups


@cache
def _titles_by_first() -> tuple[dict[str, list[_Pattern]], dict[str, list[_Pattern]]]:
    """The title patterns (primary, doctor), compiled at the first name split rather than at
    import: every start of the window imports this module, few need a name split (issue 18).
    A name is tried only against the titles that begin with its first letter (≈3 of 67 patterns)."""
    primary, doctor = _build_patterns()
    return _by_first_char(primary), _by_first_char(doctor)


_NO_STACK = frozenset(
    {"ดร.", "Dr.", "นาย", "นาง", "นางสาว", "น.ส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.",
     "สามเณร", "แม่ชี"}
    | {t for t in _WORD_TITLES if t.startswith("พระ")}
    | set(_ACADEMIC_DOCTOR)
)  # fmt: skip


def _longest_match(by_first: dict[str, list[_Pattern]], s: str) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for p in by_first.get(s[:1], ()):
        m = p.regex.match(s)
        if not m:
            continue
        end = m.end()
        rest = s[end:]
        if rest and not rest[0].isspace() and not m.group().endswith("."):
            # Glued to the name with no space or dot: the name must start a new syllable.
            if not _SYLLABLE_START.match(rest):
                continue
        if best is None or end > best[1]:
            female = "f" in p.regex.groupindex and m.group("f") is not None
            best = (p.canonical + ("หญิง" if female else ""), end)
    return best


def _strip_title(s: str) -> tuple[str, str]:
    primary_by_first, doctor_by_first = _titles_by_first()
    found = _longest_match(primary_by_first, s)
    if found is None:
        return "", s
    title, end = found
    rest = s[end:].lstrip()
    if title not in _NO_STACK and (doc := _longest_match(doctor_by_first, rest)):
        sep = "" if title in _ACADEMIC_ABBR else " "
        title, rest = title + sep + doc[0], rest[doc[1] :].lstrip()
    return title, rest


def is_title(text: str) -> bool:
    """True if the whole text is a title (in any accepted spelling)."""
    title, rest = _strip_title(clean_str(text))
    return bool(title) and not rest


@lru_cache(maxsize=8192)  # lists repeat names (and re-imports repeat whole files); results are immutable
def split_name(full: str) -> tuple[str, str, str]:
    """Split into (title, first, last), e.g. "นางสาวสมศรี ใจดี" → ("นางสาว", "สมศรี", "ใจดี").

    No title gives "" as title; monks often have no surname ("พระครูสิริธรรมวัฒน์" → last "").
    The last name keeps every word after the first (… ณ อยุธยา)."""
    title, rest = _strip_title(clean_str(full))
    first, _, last = rest.partition(" ")
    return title, first, last
