"""Before/after photos of an activity as a strip of thumbnails (ui/photos.py).

Files the user picks are only listed here; the dialog attaches them through the core when it saves.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
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

from ui.photos import THUMB, photo_problem, thumbnail
from ui.widgets.field_errors import error_label


class PhotoStrip(QWidget):
    """Thumbnails of one stage. Items are stored photos ("id" set) or files picked but not saved."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
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

    def add_files(self, paths: Iterable[str | Path]) -> list[str]:
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
