"""Case photos (before/after, 5W1H), stored by moi_desktop.media in their own folder."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from moi_desktop.cases.store import require_case
from moi_desktop.db import Database, insert_row, soft_delete
from moi_desktop.errors import UserError
from moi_desktop.media import CASE_PHOTOS, photo_hash, read_photo, store_photo, stored_photo
from moi_desktop.thai import normalize_text


def photo_file(row: Mapping[str, Any]) -> Path | None:
    """The stored file of a case_photos row, or None when the file is missing (e.g. not yet
    copied from another office)."""
    return stored_photo(CASE_PHOTOS, row["photo_hash"], row["suffix"])


def add_case_photo(db: Database, case_id: str, source: str | Path, caption: str = "") -> str:
    require_case(db, case_id)
    data, suffix = read_photo(source)
    if db.execute(
        "SELECT 1 FROM case_photos WHERE case_id = ? AND photo_hash = ? AND deleted_at IS NULL",
        [case_id, photo_hash(data)],
    ).fetchone():
        raise UserError("รูปนี้แนบไว้กับเรื่องราวนี้แล้ว", field="photo")
    digest = store_photo(CASE_PHOTOS, data, suffix)
    return insert_row(db, "case_photos", {
        "case_id": case_id, "photo_hash": digest, "suffix": suffix, "caption": normalize_text(caption) or None,
    })


def case_photos(db: Database, case_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT * FROM case_photos WHERE case_id = ? AND deleted_at IS NULL ORDER BY created_at, id", [case_id]
    )]


def remove_case_photo(db: Database, photo_id: str) -> None:
    """Detach a photo (the file stays: another case or a bundle may still refer to it)."""
    if not db.execute("SELECT 1 FROM case_photos WHERE id = ? AND deleted_at IS NULL", [photo_id]).fetchone():
        raise UserError("ไม่พบรูปภาพที่เลือก", field="photo")
    soft_delete(db, "case_photos", photo_id)
