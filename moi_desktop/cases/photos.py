"""Case photos (before/after, 5W1H): files stored once by content hash under <data dir>/case_photos/.

Kept apart from member photos so that erasing a member's picture can never remove a case's.
"""

import hashlib
import shutil
from pathlib import Path

from moi_desktop.cases.store import require_case
from moi_desktop.db import insert_row, soft_delete
from moi_desktop.errors import UserError
from moi_desktop.paths import data_dir
from moi_desktop.thai import normalize_text

PHOTO_TYPES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def photos_dir() -> Path:
    path = data_dir() / "case_photos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_file(row: dict) -> Path | None:
    """The stored file of a case_photos row, or None when the file is missing (e.g. not yet
    copied from another office)."""
    path = photos_dir() / f"{row['photo_hash']}{row['suffix']}"
    return path if path.is_file() else None


def add_case_photo(db, case_id: str, source: str | Path, caption: str = "") -> str:
    require_case(db, case_id)
    source = Path(source)
    suffix = PHOTO_TYPES.get(source.suffix.lower())
    if suffix is None:
        raise UserError("รูปภาพต้องเป็นไฟล์ .jpg หรือ .png", field="photo")
    if not source.is_file():
        raise UserError(f"ไม่พบไฟล์รูปภาพ: {source.name}", field="photo")
    if source.stat().st_size > MAX_PHOTO_BYTES:
        raise UserError("ไฟล์รูปภาพใหญ่เกิน ๑๐ เมกะไบต์", field="photo")
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if db.execute(
        "SELECT 1 FROM case_photos WHERE case_id = ? AND photo_hash = ? AND deleted_at IS NULL", [case_id, digest]
    ).fetchone():
        raise UserError("รูปนี้แนบไว้กับเรื่องราวนี้แล้ว", field="photo")
    target = photos_dir() / f"{digest}{suffix}"
    if not target.exists():
        tmp = target.with_suffix(".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return insert_row(db, "case_photos", {
        "case_id": case_id, "photo_hash": digest, "suffix": suffix, "caption": normalize_text(caption) or None,
    })


def case_photos(db, case_id: str) -> list[dict]:
    return [dict(r) for r in db.query(
        "SELECT * FROM case_photos WHERE case_id = ? AND deleted_at IS NULL ORDER BY created_at, id", [case_id]
    )]


def remove_case_photo(db, photo_id: str) -> None:
    """Detach a photo (the file stays: another case or a bundle may still refer to it)."""
    if not db.execute("SELECT 1 FROM case_photos WHERE id = ? AND deleted_at IS NULL", [photo_id]).fetchone():
        raise UserError("ไม่พบรูปภาพที่เลือก", field="photo")
    soft_delete(db, "case_photos", photo_id)
