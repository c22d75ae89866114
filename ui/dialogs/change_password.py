"""The password a user must change: shown right after a login whose password no longer meets the
policy, before any data. Saving goes through the core's set_password (the same policy as the
CLI); cancelling logs the user out again."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from moi_desktop.errors import UserError
from moi_desktop.security import User, set_password
from moi_desktop.security.policy import MIN_LENGTH
from ui.context import AppContext
from ui.dialogs.form import FormDialog, fit_height

POLICY_TEXT = (
    f"รหัสผ่านใหม่ต้องยาวอย่างน้อย {MIN_LENGTH} ตัวอักษร ไม่เป็นรหัสผ่านที่ใช้กันทั่วไป "
    "(เช่น password, 1234567890 หรือคำเดียวกันที่พิมพ์ขณะเปิดแป้นภาษาไทย) "
    "และไม่มีชื่อผู้ใช้หรือชื่ออำเภอ/จังหวัดอยู่ในรหัสผ่าน"
)


class ChangePasswordDialog(FormDialog):
    """`user` sets a new password; save() returns the username, None when refused."""

    def __init__(self, ctx: AppContext, user: User, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"เปลี่ยนรหัสผ่าน — {user.username}", parent, cancel_text="ออกจากระบบ")
        self.setObjectName("change_password_dialog")
        self.user = user
        self.save_button.setText("เปลี่ยนรหัสผ่าน")
        intro = QLabel(
            f"รหัสผ่านของ {user.display_name} ไม่เป็นไปตามนโยบายรหัสผ่านของสำนักงาน "
            "กรุณาตั้งรหัสผ่านใหม่ก่อนใช้งานโปรแกรม"
        )
        intro.setWordWrap(True)
        rules = QLabel(POLICY_TEXT)
        rules.setObjectName("password_rules")
        rules.setWordWrap(True)
        self.password_edit, self.confirm_edit = QLineEdit(), QLineEdit()
        for edit in (self.password_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add(intro)
        self.add(rules)
        form = self.add_form()
        form.addRow("รหัสผ่านใหม่", self.errors.wrap(self.password_edit, "password"))
        form.addRow("ยืนยันรหัสผ่านใหม่", self.confirm_edit)
        self.setMinimumWidth(480)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def write(self) -> str:
        if self.password_edit.text() != self.confirm_edit.text():
            raise UserError("รหัสผ่านทั้งสองช่องไม่ตรงกัน", field="password")
        set_password(self.db, self.user.username, self.password_edit.text())
        return self.user.username


def changed_if_required(ctx: AppContext, user: User, parent: QWidget | None = None) -> User | None:
    """`user` as logged in when their password meets the policy; otherwise the change dialog,
    modal, first: the user once the password is changed, None when they gave up."""
    if not user.must_change_password:
        return user
    dialog = ChangePasswordDialog(ctx, user, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return replace(user, must_change_password=False)
