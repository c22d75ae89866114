"""Asking for a bundle's password: twice when exporting (a typo would lock the province out)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.exchange import password_problem
from ui.dialogs.form import button_box


class BundlePasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, confirm: bool, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.confirm = confirm
        layout = QVBoxLayout(self)
        hint = ("ตั้งรหัสผ่านของชุดข้อมูล แล้วแจ้งผู้รับทางโทรศัพท์หรือหนังสือ — อย่าเขียนไว้บนแฟลชไดรฟ์"
                if confirm else "กรอกรหัสผ่านที่ผู้ส่งแจ้งไว้")
        note = QLabel(hint)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("รหัสผ่าน", self.password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        if confirm:
            form.addRow("ยืนยันรหัสผ่าน", self.again)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = button_box(self, self._accept)
        layout.addWidget(buttons)

    def problem(self) -> str | None:
        text = self.password.text()
        if not text:
            return "กรุณากรอกรหัสผ่าน"
        if self.confirm:
            problem = password_problem(text)
            if problem:
                return problem
            if text != self.again.text():
                return "รหัสผ่านทั้งสองช่องไม่ตรงกัน"
        return None

    def _accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem or "")
        if problem is None:
            self.accept()


def ask_password(parent: QWidget | None, *, confirm: bool, title: str) -> str | None:
    dialog = BundlePasswordDialog(parent, confirm=confirm, title=title)
    return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
