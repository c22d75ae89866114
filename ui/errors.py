"""Showing failures: a UserError's Thai message as is; anything else as a bug with details.

Dialogs are opened without blocking (`QDialog.open()`), so a failure never stalls background
work, the smoke run or a test; each function returns its message box so callers and tests can
inspect or close it.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from moi_desktop.errors import UserError

log = logging.getLogger(__name__)
# A parentless box is deleted as soon as Python drops its last reference: hold open boxes here.
_open_boxes: set[QMessageBox] = set()

USER_ERROR_TITLE = "ไม่สามารถดำเนินการได้"
BUG_TITLE = "เกิดข้อผิดพลาด"
BUG_TEXT = (
    "เกิดข้อผิดพลาดที่ไม่คาดคิดในโปรแกรม งานที่กำลังทำอาจไม่สำเร็จ\n"
    "กรุณาแจ้งผู้ดูแลระบบพร้อมรายละเอียดด้านล่าง (บันทึกไว้ในไฟล์บันทึกของโปรแกรมแล้ว)"
)


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """UserError → plain Thai message; anything else → logged with traceback + details dialog."""
    if isinstance(exc, UserError):
        box = _box(parent, QMessageBox.Icon.Warning, USER_ERROR_TITLE, exc.message)
        if exc.detail:
            box.setDetailedText(exc.detail)
        log.info("user error shown: %s", exc.message)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        box = _box(parent, QMessageBox.Icon.Critical, BUG_TITLE, BUG_TEXT)
        box.setInformativeText(f"{type(exc).__name__}: {exc}")
        box.setDetailedText(format_exception(exc))
    box.open()
    return box


def show_message(parent: QWidget | None, text: str, title: str = "แจ้งเตือน") -> QMessageBox:
    """A plain non-blocking information box (e.g. 'บันทึกแล้ว')."""
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.open()
    return box


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def install_excepthook() -> None:
    """Uncaught exceptions (including those in Qt slots) are logged and shown, never lost."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if QApplication.instance() is None:
            log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
            previous(exc_type, exc, tb)
            return
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
