"""Who a meeting names: members of the partner registry, the office's officials (the
correspondence area's registry) or free text — reduced to the name and position printed."""

from typing import Any

from moi_desktop.correspondence.officials import get_official
from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.members.model import display_name
from moi_desktop.thai import normalize_text


def official(db: Database, official_id: str, *, signing: bool = False) -> tuple[str, str]:
    """(name, position) of an official from the office's registry (UserError when unknown);
    `signing`: the position as printed under their signature (recorder, checker)."""
    found = get_official(db, official_id)  # UserError (Thai) when unknown
    if signing:
        signer = found.signer()
        return signer.name, " ".join(signer.position.split("\n"))
    return found.full_name, found.position


def member(db: Database, member_id: str) -> tuple[str, str]:
    """(name, position) of a live member; the organisation stands in for a missing position."""
    row = db.execute(
        "SELECT title, first_name, last_name, position, organisation FROM members "
        "WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL AND erased_at IS NULL", [member_id],
    ).fetchone()
    if row is None:
        raise UserError("ไม่พบภาคีเครือข่ายที่เลือก (อาจถูกลบไปแล้ว)", field="member")
    name = display_name({"title": row[0], "first_name": row[1], "last_name": row[2]})
    position = " ".join(x for x in (row[3], row[4]) if x) if row[3] else (row[4] or "")
    return name, position


def agency(db: Database, agency_id: str) -> str:
    row = db.execute("SELECT name_th FROM agencies WHERE id = ? AND deleted_at IS NULL", [agency_id]).fetchone()
    if row is None:
        raise UserError("ไม่พบหน่วยงานที่เลือก", field="agency")
    return str(row[0])


def person(db: Database, data: dict[str, Any], prefix: str) -> tuple[str | None, str, str]:
    """(official id, name, position) from `<prefix>_official_id` or `<prefix>_name` /
    `<prefix>_position` in `data`; an official's own name and position win over typed text."""
    official_id = normalize_text(str(data.get(f"{prefix}_official_id") or "")) or None
    if official_id:
        name, position = official(db, official_id, signing=prefix in ("recorder", "checker"))
        return official_id, name, position
    name = normalize_text(str(data.get(f"{prefix}_name") or ""))
    position = normalize_text(str(data.get(f"{prefix}_position") or ""))
    return None, name, position
