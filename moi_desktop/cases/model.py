"""Codes and Thai labels of case fields, and how free text from forms and workbooks maps to them."""

from collections.abc import Iterable

from moi_desktop.thai import normalize_text, split_name

SOURCES: dict[str, str] = {
    "survey": "การสำรวจ",
    "complaint": "การร้องเรียน",
    "damrongtham": "ศูนย์ดำรงธรรม",
    "tpmap": "TPMAP",
    "thai_qm": "Thai QM",
}

# The two help dimensions of the programme (DOMAIN.md): help to survive now, and a lasting fix.
DIMENSIONS: dict[str, str] = {
    "farang": "มิติฝรั่ง (ช่วยเหลือเร่งด่วน)",
    "ya_thai": "มิติยาไทย (แก้ไขอย่างยั่งยืน)",
    "both": "ทั้งสองมิติ",
}
DIMENSION_SHORT: dict[str, str] = {"farang": "มิติฝรั่ง", "ya_thai": "มิติยาไทย", "both": "ทั้งสองมิติ"}

# The indicator category whose cases are about health and disability: sensitive by default.
SENSITIVE_CATEGORY = "กลุ่มเปราะบาง"

MASK = "(ข้อมูลอ่อนไหว — ปกปิด)"

_SOURCE_WORDS = (
    ("damrongtham", ("ดำรงธรรม", "1567", "๑๕๖๗")),
    ("tpmap", ("tpmap", "ทีพีแมพ")),
    ("thai_qm", ("thaiqm", "thai qm", "ไทยคิวเอ็ม", "qm")),
    ("complaint", ("ร้องเรียน", "ร้องทุกข์", "complaint")),
    ("survey", ("สำรวจ", "survey", "ลงพื้นที่", "จปฐ")),
)
_DIMENSION_WORDS = (
    ("both", ("ทั้งสอง", "ทั้ง 2", "ทั้ง ๒", "both", "ฝรั่งและยาไทย", "ฝรั่ง/ยาไทย", "ฝรั่ง+ยาไทย")),
    ("farang", ("ฝรั่ง", "เร่งด่วน", "farang")),
    ("ya_thai", ("ยาไทย", "ยั่งยืน", "ya_thai", "yathai")),
)


def _match(text: str, table: dict[str, str], words: Iterable[tuple[str, tuple[str, ...]]]) -> str | None:
    key = normalize_text(text or "").lower()
    if not key:
        return None
    if key in table:
        return key
    for code, label in table.items():
        if key == normalize_text(label).lower():
            return code
    for code, variants in words:
        if any(v in key for v in variants):
            return code
    return None


def source_code(text: str) -> str | None:
    """"ศูนย์ดำรงธรรมอำเภอ" → damrongtham; None when blank or unknown."""
    return _match(text, SOURCES, _SOURCE_WORDS)


def dimension_code(text: str) -> str | None:
    """"มิติฝรั่ง" → farang, "ฝรั่งและยาไทย" → both; None when blank or unknown."""
    return _match(text, DIMENSIONS, _DIMENSION_WORDS)


def mask_name(name: str | None) -> str:
    """"นายสมชาย ใจดี" → "นายสมชาย ใ***": enough to recognise on paper, not to identify."""
    name = (name or "").strip()
    if not name:
        return ""
    title, first, last = split_name(name)
    if not last:
        return f"{title}{first[:1]}***"
    return f"{title}{first} {last[:1]}***"
