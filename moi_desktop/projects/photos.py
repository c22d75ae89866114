"""Activity photos (before / after): files stored once by content hash under
<data dir>/project_photos/; rows name the hash, so the same picture attached twice is one file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from moi_desktop.db import insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.paths import data_dir
from moi_desktop.projects.model import PHOTO_STAGES, text_value
from moi_desktop.projects.store import require_activity

PHOTO_TYPES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# What the first bytes of the two accepted formats are: a file's name can lie, its content cannot.
SIGNATURES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}


def sniff_suffix(head: bytes) -> str | None:
    """".png" / ".jpg" from a file's first bytes, None when it is neither."""
    return next((suffix for magic, suffix in SIGNATURES.items() if head.startswith(magic)), None)


def photos_dir() -> Path:
    path = data_dir() / "project_photos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_file(row: dict) -> Path | None:
    """The stored file of an activity_photos row, or None when it is missing (e.g. rows that
    arrived from another office before their files)."""
    path = photos_dir() / f"{row['photo_hash']}{row['suffix']}"
    return path if path.is_file() else None


def store_photo_bytes(data: bytes, suffix: str) -> str:
    """Write picture bytes under their sha256 (once) and return the hash."""
    digest = hashlib.sha256(data).hexdigest()
    target = photos_dir() / f"{digest}{suffix}"
    if not target.exists():
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return digest


def add_activity_photo(db, activity_id: str, source: str | Path, stage: str = "before", caption: str = "") -> str:
    require_activity(db, activity_id)
    if stage not in PHOTO_STAGES:
        raise UserError("กรุณาเลือกว่าเป็นภาพก่อนหรือหลังดำเนินการ", field="stage")
    source = Path(source)
    suffix = PHOTO_TYPES.get(source.suffix.lower())
    if suffix is None:
        raise UserError("รูปภาพต้องเป็นไฟล์ .jpg หรือ .png", field="photo")
    if not source.is_file():
        raise UserError(f"ไม่พบไฟล์รูปภาพ: {source.name}", field="photo")
    if source.stat().st_size > MAX_PHOTO_BYTES:
        raise UserError("ไฟล์รูปภาพใหญ่เกิน ๑๐ เมกะไบต์", field="photo")
    return attach_photo_bytes(db, activity_id, source.read_bytes(), suffix, stage, caption)


def attach_photo_bytes(db, activity_id: str, data: bytes, suffix: str, stage: str = "before",
                       caption: str = "") -> str:
    """Attach picture bytes (already read or generated) to an activity. The stored suffix follows
    the content (a JPEG named .png is kept as .jpg); anything else is refused."""
    activity = require_activity(db, activity_id)
    if stage not in PHOTO_STAGES:
        raise UserError("กรุณาเลือกว่าเป็นภาพก่อนหรือหลังดำเนินการ", field="stage")
    suffix = sniff_suffix(data[:8]) or ""
    if not suffix:
        raise UserError("ไฟล์นี้ไม่ใช่รูปภาพ .jpg หรือ .png ที่เปิดได้", field="photo")
    digest = hashlib.sha256(data).hexdigest()
    if db.execute("SELECT 1 FROM activity_photos WHERE activity_id = ? AND photo_hash = ? AND deleted_at IS NULL",
                  [activity_id, digest]).fetchone():
        raise UserError("รูปนี้แนบไว้กับกิจกรรมนี้แล้ว", field="photo")
    store_photo_bytes(data, suffix)
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


def activity_photos(db, activity_id: str, stage: str | None = None) -> list[dict]:
    sql = "SELECT * FROM activity_photos WHERE activity_id = ? AND deleted_at IS NULL"
    params: list = [activity_id]
    if stage:
        sql += " AND stage = ?"
        params.append(stage)
    return [dict(r) for r in db.query(sql + " ORDER BY stage = 'after', sort, id", params)]


def remove_activity_photo(db, photo_id: str) -> None:
    """Detach a photo (the file stays: another activity or a bundle may still refer to it)."""
    if not db.execute("SELECT 1 FROM activity_photos WHERE id = ? AND deleted_at IS NULL", [photo_id]).fetchone():
        raise UserError("ไม่พบรูปภาพที่เลือก", field="photo")
    soft_delete(db, "activity_photos", photo_id)
