"""Photo intake: a picked picture is checked, then stored once under its content hash.

Each area keeps its pictures in its own folder of the data dir (MEMBER_PHOTOS, CASE_PHOTOS,
ACTIVITY_PHOTOS), so that erasing a member's picture can never remove a case's. A row names the
file by its sha256 (`photo_hash`) and, for case and activity photos, its suffix; the same picture
stored twice is one file. Bundles carry these files under the same folder names
(exchange/attachments.py).

    data, suffix = read_photo(path)              # UserError (field "photo") when it cannot be one
    digest = store_photo(CASE_PHOTOS, data, suffix)
    stored_photo(CASE_PHOTOS, digest, suffix)    # the file, or None when it is not on this PC
"""

import hashlib
from pathlib import Path

from moi_desktop.errors import UserError
from moi_desktop.paths import data_dir

MEMBER_PHOTOS = "photos"
CASE_PHOTOS = "case_photos"
ACTIVITY_PHOTOS = "project_photos"

# Accepted names and the suffix a picture is stored with.
PHOTO_TYPES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# What the first bytes of the two accepted formats are: a file's name can lie, its content cannot.
SIGNATURES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}


def sniff_suffix(head: bytes) -> str | None:
    """".png" / ".jpg" from a file's first bytes, None when it is neither."""
    return next((suffix for magic, suffix in SIGNATURES.items() if head.startswith(magic)), None)


def photo_problem(path: Path, noun: str = "รูปภาพ") -> str | None:
    """Why a picked file cannot be taken as a photo, judged by its name and size (None: it can).
    `noun` is the word the area's messages use (รูปภาพ, รูปถ่าย)."""
    if path.suffix.lower() not in PHOTO_TYPES:
        return f"{noun}ต้องเป็นไฟล์ .jpg หรือ .png"
    if not path.is_file():
        return f"ไม่พบไฟล์{noun}: {path.name}"
    if path.stat().st_size > MAX_PHOTO_BYTES:
        return f"ไฟล์{noun}ใหญ่เกิน ๑๐ เมกะไบต์"
    return None


def read_photo(source: str | Path, noun: str = "รูปภาพ") -> tuple[bytes, str]:
    """The bytes of a picked picture and the suffix it is stored with (from its name)."""
    source = Path(source)
    problem = photo_problem(source, noun)
    if problem is not None:
        raise UserError(problem, field="photo")
    return source.read_bytes(), PHOTO_TYPES[source.suffix.lower()]


def photo_folder(folder: str) -> Path:
    path = data_dir() / folder
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_photo(folder: str, data: bytes, suffix: str) -> str:
    """Write picture bytes as <sha256><suffix> in `folder` (once; never half-written) and return
    the hash."""
    digest = photo_hash(data)
    target = photo_folder(folder) / f"{digest}{suffix}"
    if not target.exists():
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return digest


def stored_photo(folder: str, digest: str | None, suffix: str | None = None) -> Path | None:
    """The stored file of a hash (any accepted suffix when none is given), or None when there is
    none on this PC (e.g. rows that arrived from another office before their files)."""
    if not digest:
        return None
    for candidate in (suffix,) if suffix else sorted(set(PHOTO_TYPES.values())):
        path = photo_folder(folder) / f"{digest}{candidate}"
        if path.is_file():
            return path
    return None
