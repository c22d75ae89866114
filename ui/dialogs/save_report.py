"""Where to save a report: USB sticks first (reports travel to the province on them), then the
Documents folder, then any place via the system file dialog. After writing, the file is re-read
and checked, and the user is told in Thai exactly where it went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.documents.report import verify_document_file
from moi_desktop.removable import Drive, format_size, removable_drives
from ui.dialogs.form import SAVE, button_box

FILTERS = {"pdf": "เอกสาร PDF (*.pdf)", "xlsx": "สมุดงาน Excel (*.xlsx)"}
_OTHER = "other"


class SaveReportDialog(QDialog):
    """Lists the targets; `chosen_path()` is the full file path after accept()."""

    def __init__(self, parent: QWidget | None, suggested_name: str, fmt: str,
                 drives: list[Drive] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("บันทึกรายงาน")
        self.fmt = fmt
        self._chosen: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("ชื่อไฟล์"))
        self.name_edit = QLineEdit(suggested_name)
        layout.addWidget(self.name_edit)
        layout.addWidget(QLabel("บันทึกไปที่"))
        self.targets = QListWidget()
        drives = removable_drives() if drives is None else drives
        for drive in drives:
            self._add(drive.display, drive.path)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if documents:
            self._add(f"โฟลเดอร์เอกสาร ({documents})", Path(documents))
        self._add("เลือกตำแหน่งอื่น…", _OTHER)
        self.targets.setCurrentRow(0)
        layout.addWidget(self.targets)
        if not drives:
            layout.addWidget(QLabel("ไม่พบแฟลชไดรฟ์ — เสียบแฟลชไดรฟ์แล้วเปิดหน้าต่างนี้ใหม่ได้"))
        buttons = button_box(self, self._accept, "บันทึก", ok=SAVE)
        self.targets.itemDoubleClicked.connect(lambda _item: self._accept())
        layout.addWidget(buttons)
        self.resize(520, 320)

    def _add(self, text: str, target: Path | str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, target)
        self.targets.addItem(item)

    def file_name(self) -> str:
        name = self.name_edit.text().strip() or "รายงาน"
        suffix = "." + self.fmt
        return name if name.lower().endswith(suffix) else name + suffix

    def _accept(self) -> None:
        item = self.targets.currentItem()
        target = item.data(Qt.ItemDataRole.UserRole) if item else _OTHER
        if target == _OTHER:
            path, _ = QFileDialog.getSaveFileName(self, "บันทึกรายงาน", self.file_name(), FILTERS[self.fmt])
            if not path:
                return
            self._chosen = Path(path)
        else:
            self._chosen = Path(target) / self.file_name()
        self.accept()

    def chosen_path(self) -> Path | None:
        return self._chosen


def ask_save_path(parent: QWidget | None, suggested_name: str, fmt: str) -> Path | None:
    """Modal: the path to write, or None when the user cancelled."""
    dialog = SaveReportDialog(parent, suggested_name, fmt)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen_path()


def confirm_saved(path: Path) -> str:
    """Re-read the written file; returns the Thai message saying where it went (UserError if broken)."""
    size = verify_document_file(path)
    drive = next((d for d in removable_drives() if _is_within(path, d.path)), None)
    where = f"แฟลชไดรฟ์ {drive.label}" if drive else "เครื่องนี้"
    return f"บันทึกรายงานลง{where}เรียบร้อยแล้ว\nไฟล์: {path}\nขนาด {format_size(size)} (ตรวจสอบไฟล์แล้ว อ่านได้ครบถ้วน)"


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False

