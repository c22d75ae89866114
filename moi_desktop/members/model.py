"""What a member record holds: editable fields, codes and their Thai labels."""

from collections.abc import Mapping
from typing import Any

# Fields a user (or an import) may set; the rest of the row is bookkeeping or derived.
FIELDS: tuple[str, ...] = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "phone",
    "email",
    "line_id",
    "organisation",
    "position",
    "sector",
    "sector_other",
    "team_role",
    "house_no",
    "moo",
    "subdistrict_code",
    "address_extra",
    "notes",
    "active",
    "lawful_basis",
    "consent_date",
    "consent_scope",
)

LABELS: dict[str, str] = {
    "title": "คำนำหน้า",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "national_id": "เลขประจำตัวประชาชน",
    "phone": "โทรศัพท์",
    "email": "อีเมล",
    "line_id": "LINE ID",
    "organisation": "หน่วยงาน/องค์กร",
    "position": "ตำแหน่ง",
    "sector": "ภาคีเครือข่าย",
    "sector_other": "ภาคี (ระบุ)",
    "team_role": "ทีม/บทบาท",
    "house_no": "บ้านเลขที่",
    "moo": "หมู่ที่",
    "subdistrict_code": "ตำบล",
    "address_extra": "ที่อยู่เพิ่มเติม",
    "notes": "หมายเหตุ",
    "active": "สถานะ",
    "lawful_basis": "ฐานทางกฎหมาย (PDPA)",
    "consent_date": "วันที่ให้ความยินยอม",
    "consent_scope": "ขอบเขตความยินยอม",
    "photo_hash": "รูปถ่าย",
}

TEAM_ROLE_CODES = ("leader10", "change_agent100", "village_committee", "forum", "other")

LAWFUL_BASES: dict[str, str] = {
    "public_task": "การปฏิบัติหน้าที่ของรัฐ (ภารกิจเพื่อประโยชน์สาธารณะ)",
    "consent": "ความยินยอมของเจ้าของข้อมูล",
}

# Fields that identify or describe the person: cleared when a person is erased (PDPA).
PERSONAL_FIELDS: tuple[str, ...] = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "phone",
    "email",
    "line_id",
    "organisation",
    "position",
    "sector_other",
    "house_no",
    "moo",
    "subdistrict_code",
    "address_extra",
    "photo_hash",
    "notes",
    "consent_scope",
    "name_key",
    "name_sort",
)


def display_name(row: Mapping[str, Any]) -> str:
    """"นายสมชาย ใจดี": the title is written joined to the first name."""
    title = row.get("title") or ""
    first = row.get("first_name") or ""
    last = row.get("last_name") or ""
    return f"{title}{first} {last}".strip()
