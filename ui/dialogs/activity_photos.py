"""Before/after photos of an activity as a strip of thumbnails.

Thumbnails are decoded already scaled (QImageReader.setScaledSize: a 10 MB JPEG costs a fraction
of a full decode) and cached by file, size and modification time, so reopening an activity or
scrolling the strip does not decode the pictures again. Files the user picks are only listed
here; the dialog attaches them through the core when it saves.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.projects.photos import MAX_PHOTO_BYTES, PHOTO_TYPES, sniff_suffix
from ui.widgets.office_form import error_label

THUMB = QSize(132, 96)
_CACHE_MAX = 256
_cache: OrderedDict[tuple, QPixmap] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


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
        _stats["hits"] += 1
        return pixmap
    _stats["misses"] += 1
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


def cache_stats() -> dict[str, int]:
    return dict(_stats, size=len(_cache))


def photo_problem(path: Path) -> str | None:
    """Why a picked file cannot be attached (the core checks again when saving)."""
    if path.suffix.lower() not in PHOTO_TYPES:
        return f"{path.name}: รูปภาพต้องเป็นไฟล์ .jpg หรือ .png"
    if not path.is_file():
        return f"ไม่พบไฟล์รูปภาพ: {path.name}"
    if path.stat().st_size > MAX_PHOTO_BYTES:
        return f"{path.name}: ไฟล์รูปภาพใหญ่เกิน ๑๐ เมกะไบต์"
    with path.open("rb") as f:
        kind = sniff_suffix(f.read(8))
    # Qt would sniff any format (bytes of text pass as a TGA image): read it as what it claims.
    reader = QImageReader(str(path), b"png" if kind == ".png" else b"jpeg")
    reader.setDecideFormatFromContent(False)
    if kind is None or not reader.size().isValid():
        return f"{path.name}: เปิดไฟล์รูปภาพไม่ได้"
    return None


class PhotoStrip(QWidget):
    """Thumbnails of one stage. Items are stored photos ("id" set) or files picked but not saved."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 12, THUMB.height() + 30))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setFixedHeight(THUMB.height() + 44)
        self.add_button = QPushButton("เพิ่มรูป…")
        self.remove_button = QPushButton("นำรูปที่เลือกออก")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = error_label()
        self._removed: list[str] = []
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{title}</b>"))
        head.addStretch(1)
        head.addWidget(self.add_button)
        head.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.list)
        layout.addWidget(self.error)

    def _add_item(self, path: Path | None, photo_id: str | None, caption: str) -> QListWidgetItem:
        item = QListWidgetItem(caption or (path.name if path else "ไม่พบไฟล์"))
        pixmap = thumbnail(path) if path else QPixmap()
        if not pixmap.isNull():
            item.setIcon(pixmap)
        item.setData(Qt.ItemDataRole.UserRole, {"id": photo_id, "path": str(path) if path else None})
        item.setToolTip(str(path) if path else "ไฟล์รูปยังไม่มาถึงเครื่องนี้")
        self.list.addItem(item)
        return item

    def load(self, rows: list[tuple[dict, Path | None]]) -> None:
        """Stored photos: (activity_photos row, its file or None)."""
        self.list.clear()
        self._removed = []
        for row, path in rows:
            self._add_item(path, row["id"], row.get("caption") or "")

    def add_files(self, paths) -> list[str]:
        """List picked files; returns the problems of those refused (also shown under the strip)."""
        problems = []
        known = {Path(p) for p in self.pending()}
        for path in map(Path, paths):
            problem = photo_problem(path)
            if problem:
                problems.append(problem)
            elif path not in known:
                known.add(path)
                self._add_item(path, None, "")
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        return problems

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "เลือกรูปภาพ", "", "รูปภาพ (*.jpg *.jpeg *.png)")
        if names:
            self.add_files(names)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            data = item.data(Qt.ItemDataRole.UserRole)
            if data["id"]:
                self._removed.append(data["id"])
            self.list.takeItem(self.list.row(item))

    def _items(self) -> list[dict]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def pending(self) -> list[str]:
        """Files picked and not yet attached, in order."""
        return [d["path"] for d in self._items() if not d["id"]]

    def stored_ids(self) -> list[str]:
        return [d["id"] for d in self._items() if d["id"]]

    def removed_ids(self) -> list[str]:
        return list(self._removed)

    def thumbnails_shown(self) -> int:
        return sum(1 for i in range(self.list.count()) if not self.list.item(i).icon().isNull())
