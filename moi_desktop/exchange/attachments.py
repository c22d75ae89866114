"""Photo files that travel with their rows.

Areas store pictures once by content hash under a folder of the data dir and name the hash in a
`photo_hash` column. A bundle carries the files its (live, non-aggregate) rows name, as
files/<folder>/<sha256><suffix>; the receiver writes them into the same folder. Content-addressed
files never clash, and the name is checked against the content.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from moi_desktop.media import ACTIVITY_PHOTOS, CASE_PHOTOS, MEMBER_PHOTOS, PHOTO_TYPES
from moi_desktop.paths import data_dir

if TYPE_CHECKING:
    from moi_desktop.exchange.container import Bundle

# table -> folder under the data dir holding the files its photo_hash column names.
ATTACHMENT_DIRS: dict[str, str] = {
    "members": MEMBER_PHOTOS,
    "case_photos": CASE_PHOTOS,
    "activity_photos": ACTIVITY_PHOTOS,
}
HASH_COLUMN = "photo_hash"
SUFFIXES = tuple(sorted(set(PHOTO_TYPES.values())))


def wanted(table: str, columns: list[str]) -> bool:
    return table in ATTACHMENT_DIRS and HASH_COLUMN in columns


def collect(table: str, columns: list[str], rows: list[tuple]) -> dict[str, bytes]:
    """Files named by the live rows of `table` that exist on this PC: {zip path: bytes}."""
    folder = data_dir() / ATTACHMENT_DIRS[table]
    at_hash = columns.index(HASH_COLUMN)
    at_suffix = columns.index("suffix") if "suffix" in columns else None
    at_deleted = columns.index("deleted_at")
    found: dict[str, bytes] = {}
    for row in rows:
        digest = row[at_hash]
        if not digest or row[at_deleted] is not None:
            continue
        suffixes = (row[at_suffix],) if at_suffix is not None and row[at_suffix] in SUFFIXES else SUFFIXES
        for suffix in suffixes:
            path = folder / f"{digest}{suffix}"
            if path.is_file():
                found[f"files/{ATTACHMENT_DIRS[table]}/{digest}{suffix}"] = path.read_bytes()
                break
    return found


def store(bundle: Bundle) -> int:
    """Write the bundle's files that are not here yet, one at a time; returns how many were written."""
    known = set(ATTACHMENT_DIRS.values())
    written = 0
    for zip_path in bundle.file_paths:
        _, folder, name = zip_path.split("/")
        target = data_dir() / folder / name
        if folder not in known or target.exists():
            continue  # never write outside known folders (the container refused such names already)
        data = bundle.read_file(zip_path)  # checked against its hash again
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    return written
