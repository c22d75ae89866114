"""Who sends and who receives: this installation's identity and bundle destinations.

A destination names an office by level and code — "province:62" (the provincial office of
จังหวัดกำแพงเพชร), "district:6205" — or "any". A district sends to its own province unless told
otherwise; a province office may send to any office.
"""

from __future__ import annotations

from moi_desktop.db import Database
from moi_desktop.db.rows import installation_id
from moi_desktop.errors import UserError
from moi_desktop.office import Office, get_office
from moi_desktop.thai import to_arabic_digits

ANY = "any"


def require_office(db: Database) -> Office:
    office = get_office(db)
    if office is None:
        raise UserError("ยังไม่ได้ตั้งค่าสำนักงาน — ตั้งค่าสำนักงานก่อนรับหรือส่งข้อมูล")
    return office


def identity(db: Database) -> dict:
    """This installation as the manifest and receipts name it."""
    office = require_office(db)
    return {
        "installation_id": installation_id(db),
        "level": office.level,
        "province_code": office.province_code,
        "district_code": office.district_code if office.level == "district" else None,
        "org_name": office.org_name,
    }


def default_destination(office: Office) -> str:
    return f"province:{office.province_code}" if office.level == "district" else ANY


def parse_destination(db: Database, text: str | None) -> str:
    """A destination from "62", "6205", "province:62", "district:6205", "any" (or None: the default)."""
    office = require_office(db)
    if text is None or not text.strip():
        return default_destination(office)
    value = to_arabic_digits(text.strip()).lower()
    if value in (ANY, "ทุกสำนักงาน"):
        return ANY
    level, _, code = value.rpartition(":")
    if not level:
        level = {2: "province", 4: "district"}.get(len(code), "")
    if level == "province" and db.execute("SELECT 1 FROM provinces WHERE province_code = ?", [code]).fetchone():
        return f"province:{code}"
    if level == "district" and db.execute("SELECT 1 FROM districts WHERE district_code = ?", [code]).fetchone():
        return f"district:{code}"
    raise UserError(
        f"ไม่รู้จักสำนักงานปลายทาง '{text}' — ระบุรหัสจังหวัด ๒ หลัก (เช่น 62) หรือรหัสอำเภอ ๔ หลัก (เช่น 6205)",
        field="--to",
    )


def describe_destination(db: Database, destination: str) -> str:
    """Thai: "สำนักงานจังหวัดกำแพงเพชร", "อำเภอคลองขลุง จังหวัดกำแพงเพชร", "ทุกสำนักงาน"."""
    if destination == ANY:
        return "ทุกสำนักงาน"
    level, _, code = destination.partition(":")
    if level == "province":
        row = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [code]).fetchone()
        return f"ที่ทำการปกครองจังหวัด{row[0]}" if row else f"จังหวัดรหัส {code}"
    row = db.execute(
        "SELECT d.name_th, p.name_th FROM districts d JOIN provinces p ON p.province_code = d.province_code "
        "WHERE d.district_code = ?", [code]
    ).fetchone()
    return f"อำเภอ{row[0]} จังหวัด{row[1]}" if row else f"อำเภอรหัส {code}"


def is_for_us(office: Office, destination: str) -> bool:
    if destination == ANY:
        return True
    level, _, code = destination.partition(":")
    if level == "province":
        return office.level == "province" and office.province_code == code
    return office.level == "district" and office.district_code == code


def describe_sender(db: Database, source: dict) -> str:
    if source.get("org_name"):
        return str(source["org_name"])
    if source.get("district_code"):
        return describe_destination(db, f"district:{source['district_code']}")
    if source.get("province_code"):
        return describe_destination(db, f"province:{source['province_code']}")
    return "ไม่ทราบสำนักงาน"
