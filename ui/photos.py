"""Pictures on screen: thumbnails and the check of a picture the user picks.

Thumbnails are decoded already scaled (QImageReader.setScaledSize: a 10 MB JPEG costs a fraction
of a full decode), turned upright from their EXIF rotation, and cached by file, size and
modification time, so reopening a record or scrolling a strip does not decode a picture again.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap

from moi_desktop.media import photo_problem as core_photo_problem
from moi_desktop.media import sniff_suffix

THUMB = QSize(132, 96)
_CACHE_MAX = 256
_cache: OrderedDict[tuple, QPixmap] = OrderedDict()


def thumbnail(path: Path, size: QSize = THUMB) -> QPixmap:
    """The picture scaled to fit `size` (a null pixmap when the file cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return QPixmap()
    key = (str(path), stat.st_size, stat.st_mtime_ns, size.width(), size.height())
    pixmap = _cache.get(key)
    if pixmap is not None:
        _cache.move_to_end(key)
        return pixmap
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    pixmap = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
    _cache[key] = pixmap
    if len(_cache) > _CACHE_MAX:
        _cache.popitem(last=False)
    return pixmap


def photo_problem(path: Path) -> str | None:
    """Why a picked file cannot be attached (the core checks again when saving)."""
    problem = core_photo_problem(path)
    if problem is not None:
        return problem if problem.endswith(path.name) else f"{path.name}: {problem}"  # name the file once
    with path.open("rb") as f:
        kind = sniff_suffix(f.read(8))
    # Qt would sniff any format (bytes of text pass as a TGA image): read it as what it claims.
    reader = QImageReader(str(path), b"png" if kind == ".png" else b"jpeg")
    reader.setDecideFormatFromContent(False)
    if kind is None or not reader.size().isValid():
        return f"{path.name}: เปิดไฟล์รูปภาพไม่ได้"
    return None
