"""Activity photos (before / after), stored by moi_desktop.media in their own folder; the stored
suffix follows the picture's content, not its name."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.media import ACTIVITY_PHOTOS, photo_hash, read_photo, sniff_suffix, store_photo, stored_photo
from moi_desktop.projects.model import PHOTO_STAGES, text_value
from moi_desktop.projects.store import require_activity


def photo_file(row: Mapping[str, Any]) -> Path | None:
    """The stored file of an activity_photos row, or None when it is missing (e.g. rows that
    arrived from another office before their files)."""
    return stored_photo(ACTIVITY_PHOTOS, row["photo_hash"], row["suffix"])


def add_activity_photo(db: Database, activity_id: str, source: str | Path, stage: str = "before",
                       caption: str = "") -> str:
    require_activity(db, activity_id)
    if stage not in PHOTO_STAGES:
        raise UserError("กรุณาเลือกว่าเป็นภาพก่อนหรือหลังดำเนินการ", field="stage")
    data, suffix = read_photo(source)
    return attach_photo_bytes(db, activity_id, data, suffix, stage, caption)


def attach_photo_bytes(db: Database, activity_id: str, data: bytes, suffix: str, stage: str = "before",
                       caption: str = "") -> str:
    """Attach picture bytes (already read or generated) to an activity. The stored suffix follows
    the content (a JPEG named .png is kept as .jpg); anything else is refused."""
    activity = require_activity(db, activity_id)
    if stage not in PHOTO_STAGES:
        raise UserError("กรุณาเลือกว่าเป็นภาพก่อนหรือหลังดำเนินการ", field="stage")
    suffix = sniff_suffix(data[:8]) or ""
    if not suffix:
        raise UserError("ไฟล์นี้ไม่ใช่รูปภาพ .jpg หรือ .png ที่เปิดได้", field="photo")
    if db.execute("SELECT 1 FROM activity_photos WHERE activity_id = ? AND photo_hash = ? AND deleted_at IS NULL",
                  [activity_id, photo_hash(data)]).fetchone():
        raise UserError("รูปนี้แนบไว้กับกิจกรรมนี้แล้ว", field="photo")
    digest = store_photo(ACTIVITY_PHOTOS, data, suffix)
    sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM activity_photos WHERE activity_id = ?",
                      [activity_id]).fetchone()[0]
    with db.atomic():
        photo_id = insert_row(db, "activity_photos", {
            "activity_id": activity_id, "stage": stage, "photo_hash": digest, "suffix": suffix,
            "caption": text_value(caption, multiline=False), "sort": sort,
        })
        update_row(db, "activities", activity_id, {})
        update_row(db, "projects", activity["project_id"], {})
    return photo_id


def activity_photos(db: Database, activity_id: str, stage: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM activity_photos WHERE activity_id = ? AND deleted_at IS NULL"
    params: list[str] = [activity_id]
    if stage:
        sql += " AND stage = ?"
        params.append(stage)
    return [dict(r) for r in db.query(sql + " ORDER BY stage = 'after', sort, id", params)]


def remove_activity_photo(db: Database, photo_id: str) -> None:
    """Detach a photo (the file stays: another activity or a bundle may still refer to it)."""
    if not db.execute("SELECT 1 FROM activity_photos WHERE id = ? AND deleted_at IS NULL", [photo_id]).fetchone():
        raise UserError("ไม่พบรูปภาพที่เลือก", field="photo")
    soft_delete(db, "activity_photos", photo_id)
