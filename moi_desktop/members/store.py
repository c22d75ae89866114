"""Creating, changing and removing members (all writes go through the sync-row helpers).

Changing or removing a member needs members.edit (checked here: the write guard also lets the
attendance desk add walk-ins, never edit others)."""

import logging
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, undelete, update_row
from moi_desktop.errors import UserError
from moi_desktop.media import MEMBER_PHOTOS, read_photo, store_photo, stored_photo
from moi_desktop.members.duplicates import DUPLICATE_ID, find_duplicates
from moi_desktop.members.model import FIELDS, display_name
from moi_desktop.members.validate import Problem, clean_member, raise_first_error
from moi_desktop.security.session import require

log = logging.getLogger(__name__)


def get_member(db: Database, member_id: str) -> dict[str, Any] | None:
    """The stored row (tombstones included), or None."""
    rows = list(db.query("SELECT * FROM members WHERE id = ?", [member_id]))
    return rows[0] if rows else None


def require_member(db: Database, member_id: str) -> dict[str, Any]:
    row = get_member(db, member_id)
    if row is None or row["erased_at"]:
        raise UserError("ไม่พบสมาชิกที่เลือก (อาจถูกลบไปแล้ว)")
    return row


def _defaults(data: dict[str, Any]) -> dict[str, Any]:
    full: dict[str, Any] = dict.fromkeys(FIELDS)
    full.update({"sector": "other", "active": 1, "lawful_basis": "public_task"})
    full.update({k: v for k, v in data.items() if k in FIELDS})
    return full


def _refuse_duplicates(db: Database, values: dict[str, Any], exclude_id: str | None) -> None:
    for match in find_duplicates(db, values, exclude_id=exclude_id):
        if match.kind == DUPLICATE_ID:
            raise UserError(f"เลขประจำตัวประชาชนนี้มีอยู่แล้ว: {match.name}", field="national_id")


def check_member(db: Database, data: dict[str, Any], *, member_id: str | None = None) -> list[Problem]:
    """Every problem of a full record, duplicates included (for the dialog's live feedback)."""
    values, problems = clean_member(db, _defaults(data))
    for match in find_duplicates(db, values, exclude_id=member_id):
        if match.kind == DUPLICATE_ID:
            problems.append(Problem("national_id", f"เลขประจำตัวประชาชนนี้มีอยู่แล้ว: {match.name}"))
        else:
            problems.append(Problem("first_name", f"ชื่อซ้ำหรือใกล้เคียงกับ {match.name} — โปรดตรวจสอบ", "warning"))
    return problems


def add_member(db: Database, data: dict[str, Any]) -> str:
    """Validate and insert one member; returns its id. A national ID already on file is refused."""
    values, problems = clean_member(db, _defaults(data))
    raise_first_error(problems)
    _refuse_duplicates(db, values, None)
    if not values["active"]:
        values["inactive_since"] = date.today().isoformat()
    return insert_row(db, "members", values)


def update_member(db: Database, member_id: str, changes: dict[str, Any]) -> None:
    """Validate the record as it would be after the changes, then store only what changed."""
    require(db, "members.edit")
    row = require_member(db, member_id)
    if row["deleted_at"]:
        raise UserError("สมาชิกนี้ถูกลบแล้ว กู้คืนก่อนแก้ไข")
    full = {field: row[field] for field in FIELDS}
    full.update({k: v for k, v in changes.items() if k in FIELDS})
    values, problems = clean_member(db, full)
    raise_first_error(problems)
    _refuse_duplicates(db, values, member_id)
    if values["active"] != row["active"]:
        values["inactive_since"] = None if values["active"] else date.today().isoformat()
    diff = {k: v for k, v in values.items() if row.get(k) != v}
    if diff:
        update_row(db, "members", member_id, diff)


def delete_member(db: Database, member_id: str) -> None:
    """Soft delete (a tombstone): undo with restore_member."""
    require(db, "members.edit")
    require_member(db, member_id)
    soft_delete(db, "members", member_id)


def restore_member(db: Database, member_id: str) -> None:
    require(db, "members.edit")
    row = require_member(db, member_id)
    if row["merged_into"]:
        raise UserError("สมาชิกนี้ถูกรวมเข้ากับรายการอื่นแล้ว กู้คืนไม่ได้")
    if row["national_id"]:
        _refuse_duplicates(db, {"national_id": row["national_id"], "first_name": "", "last_name": ""}, member_id)
    undelete(db, "members", member_id)


def set_active(db: Database, member_id: str, active: bool) -> None:
    update_member(db, member_id, {"active": 1 if active else 0})


def photo_path(photo_hash: str | None) -> Path | None:
    """Where a stored photo lives (None when there is none or the file is gone)."""
    return stored_photo(MEMBER_PHOTOS, photo_hash)


def set_photo(db: Database, member_id: str, source: Path | None) -> str | None:
    """Store a photo by content hash in the data dir (same picture twice = one file); None removes."""
    require(db, "members.edit")
    require_member(db, member_id)
    if source is None:
        update_row(db, "members", member_id, {"photo_hash": None})
        return None
    digest = store_photo(MEMBER_PHOTOS, *read_photo(source, "รูปถ่าย"))
    update_row(db, "members", member_id, {"photo_hash": digest})
    return digest


def forget_photo_if_unused(db: Database, photo_hash: str | None) -> None:
    """Delete a photo file that no member row refers to any more (PDPA erasure)."""
    if not photo_hash:
        return
    if db.execute("SELECT 1 FROM members WHERE photo_hash = ? LIMIT 1", [photo_hash]).fetchone():
        return
    path = photo_path(photo_hash)
    if path:
        path.unlink()
        log.info("deleted unused photo %s", path.name)


def member_label(db: Database, member_id: str) -> str:
    row = get_member(db, member_id)
    return display_name(row) if row else member_id
