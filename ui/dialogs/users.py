"""Managing accounts (administrators): list, add, edit role / name / active, set a new password,
unlock an account locked by wrong passwords, and how many wrong passwords lock one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.security import (
    ROLES,
    User,
    create_user,
    get_user,
    list_users,
    lock_after,
    login_state,
    set_lock_after,
    set_password,
    unlock_account,
    update_user,
)
from moi_desktop.security.logins import LOCK_AFTER_MAX, LOCK_AFTER_MIN
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.errors import show_error, show_message
from ui.widgets.thai_numbers import ThaiSpinBox

COLUMNS = ("ชื่อผู้ใช้", "ชื่อที่แสดง", "บทบาท", "สถานะ", "เข้าสู่ระบบล่าสุด")


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserEditDialog(FormDialog):
    """Add an account (`user` None) or change one's display name, role and active state; save()
    returns the account saved (also in `saved_id`), None when refused."""

    def __init__(self, ctx: AppContext, user: User | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "เพิ่มผู้ใช้" if user is None else f"แก้ไขผู้ใช้ {user.username}", parent)
        self.user = user
        self.username_edit = QLineEdit(user.username if user else "")
        self.username_edit.setReadOnly(user is not None)
        self.name_edit = QLineEdit(user.display_name if user else "")
        self.role_combo = QComboBox()
        for code, name in ROLES.items():
            self.role_combo.addItem(name, code)
        self.role_combo.setCurrentIndex(list(ROLES).index(user.role if user else "clerk"))
        self.active_check = QCheckBox("ใช้งานได้")
        self.active_check.setChecked(user.active if user else True)
        self.password_edit, self.confirm_edit = _password(), _password()
        form = self.add_form()
        form.addRow("ชื่อผู้ใช้", self.username_edit)
        form.addRow("ชื่อที่แสดง", self.name_edit)
        form.addRow("บทบาท", self.role_combo)
        if user is None:
            form.addRow("รหัสผ่าน", self.password_edit)
            form.addRow("ยืนยันรหัสผ่าน", self.confirm_edit)
        else:
            form.addRow("", self.active_check)

    def write(self) -> User:  # create_user / update_user check users.manage themselves
        role = self.role_combo.currentData()
        if self.user is None:
            if self.password_edit.text() != self.confirm_edit.text():
                raise UserError("รหัสผ่านทั้งสองช่องไม่ตรงกัน", field="password")
            return create_user(self.db, self.username_edit.text(), self.name_edit.text(), role,
                               self.password_edit.text())
        return update_user(self.db, self.user.username, display_name=self.name_edit.text(),
                           role=role, active=self.active_check.isChecked())


class PasswordDialog(FormDialog):
    """An administrator sets a new password for an account."""

    def __init__(self, ctx: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"ตั้งรหัสผ่านใหม่ให้ {username}", parent)
        self.username = username
        self.password_edit, self.confirm_edit = _password(), _password()
        form = self.add_form()
        form.addRow("รหัสผ่านใหม่", self.password_edit)
        form.addRow("ยืนยันรหัสผ่าน", self.confirm_edit)

    def write(self) -> str:  # set_password checks who may set it
        if self.password_edit.text() != self.confirm_edit.text():
            raise UserError("รหัสผ่านทั้งสองช่องไม่ตรงกัน", field="password")
        set_password(self.db, self.username, self.password_edit.text())
        return self.username


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("จัดการผู้ใช้")
        self.resize(760, 420)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.add_button = QPushButton("เพิ่มผู้ใช้…")
        self.edit_button = QPushButton("แก้ไข…")
        self.password_button = QPushButton("ตั้งรหัสผ่านใหม่…")
        self.unlock_button = QPushButton("ปลดล็อก")
        close = QPushButton("ปิด")
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.password_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.password_button, self.unlock_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.lock_after_spin = ThaiSpinBox()
        self.lock_after_spin.setRange(LOCK_AFTER_MIN, LOCK_AFTER_MAX)
        self.lock_after_spin.setValue(lock_after(ctx.db))
        self.lock_after_button = QPushButton("ใช้ค่านี้")
        self.lock_after_button.clicked.connect(self.apply_lock_after)
        policy = QHBoxLayout()
        policy.addWidget(QLabel("ล็อกบัญชีเมื่อใส่รหัสผ่านผิดติดกัน"))
        policy.addWidget(self.lock_after_spin)
        policy.addWidget(QLabel("ครั้ง (ผู้ดูแลระบบปลดล็อกได้ที่ปุ่ม ปลดล็อก)"))
        policy.addWidget(self.lock_after_button)
        policy.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(policy)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.users = list_users(self.ctx.db)
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            login = formatting.thai_datetime(u.last_login) if u.last_login else "—"
            state = ["ใช้งาน" if u.active else "ระงับ"]
            if login_state(self.ctx.db, u.username).locked:
                state.append("ล็อก (ใส่รหัสผ่านผิดหลายครั้ง)")
            if u.must_change_password:
                state.append("ต้องเปลี่ยนรหัสผ่าน")
            values = (u.username, u.display_name, u.role_th, " · ".join(state), login)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(row, col, item)

    def selected(self) -> User | None:
        row = self.table.currentRow()
        return get_user(self.ctx.db, self.users[row].username) if 0 <= row < len(self.users) else None

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def add_user(self) -> QDialog:
        return self._open(UserEditDialog(self.ctx, None, self))

    def edit_selected(self) -> QDialog | None:
        user = self.selected()
        return self._open(UserEditDialog(self.ctx, user, self)) if user else None

    def reset_password(self) -> QDialog | None:
        user = self.selected()
        return self._open(PasswordDialog(self.ctx, user.username, self)) if user else None

    def unlock_selected(self) -> bool:
        """Lift the lock on the selected account (the core checks the role and audits it)."""
        user = self.selected()
        if user is None:
            return False
        try:
            was_locked = unlock_account(self.ctx.db, user.username)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        show_message(self, f"ปลดล็อกบัญชี {user.username} แล้ว" if was_locked else f"บัญชี {user.username} ไม่ได้ถูกล็อก")
        return was_locked

    def apply_lock_after(self) -> None:
        try:
            set_lock_after(self.ctx.db, self.lock_after_spin.value())
        except UserError as exc:
            show_error(self, exc)
            return
        show_message(self, f"ตั้งค่าแล้ว: ล็อกบัญชีเมื่อใส่รหัสผ่านผิดติดกัน {self.lock_after_spin.value()} ครั้ง")
