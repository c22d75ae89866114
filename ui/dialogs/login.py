"""Logging in: the login dialog, the first run's administrator dialog, and ask_login().

ask_login(ctx) is what the application calls before building the main window: with no account
yet it asks for the first administrator, otherwise for a username and password. A password that
no longer meets the policy is changed right after (ui/dialogs/change_password.py), before any
data. The user it returns is also stored as `ctx.user` and becomes the user acting on the main
connection and on every background task's connection: the core checks that user's permissions
and audits under their name. After repeated wrong passwords the core refuses a login for some
seconds (LoginDelayed): the login button is disabled with a countdown instead of the GUI waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db import Database
from moi_desktop.demo.security import DEMO_PASSWORD, DEMO_USERS
from moi_desktop.errors import UserError
from moi_desktop.security import (
    LoginDelayed,
    User,
    act_as,
    authenticate,
    create_first_admin,
    has_users,
    is_demo_database,
    password_policy_problem,
)
from moi_desktop.security.policy import MIN_LENGTH
from ui.context import AppContext
from ui.dialogs.change_password import changed_if_required
from ui.dialogs.form import OK, button_box, fit_height

APP_TITLE = "อำเภอนำร่อง บำบัดทุกข์ บำรุงสุข"


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("login_message")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def demo_hint() -> str:
    names = " / ".join(u[0] for u in DEMO_USERS)
    return f"ฐานข้อมูลตัวอย่าง: ผู้ใช้ {names} รหัสผ่าน {DEMO_PASSWORD}"


class RetryWait(QObject):
    """Keeps a login button disabled while the core says to wait, counting the seconds down in
    `label` (a QTimer: the GUI thread never sleeps)."""

    def __init__(self, button: QAbstractButton, label: QLabel) -> None:
        super().__init__(button)
        self.button = button
        self.label = label
        self.left = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def start(self, seconds: int) -> None:
        self.left = seconds
        self.button.setEnabled(False)
        self._show()
        self.timer.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.timer.stop()
            self.button.setEnabled(True)
            self.label.setText("ลองเข้าสู่ระบบใหม่ได้แล้ว")
        else:
            self._show()

    def _show(self) -> None:
        self.label.setText(f"ใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้อีกใน {self.left} วินาที")
        self.label.show()
        if isinstance(self.label.window(), QDialog):  # the lock panel fills the main window instead
            fit_height(self.label.window())


class LoginDialog(QDialog):
    """Username and password; a failure keeps the dialog open with a Thai message."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, username: str = "",
                 hint: str | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: User | None = None
        self.setWindowTitle(f"เข้าสู่ระบบ — {APP_TITLE}")
        self.setModal(True)
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("login_username")
        self.password_edit = _password_edit()
        self.password_edit.setObjectName("login_password")
        self.message = _message_label()
        form = QFormLayout()
        form.addRow("ชื่อผู้ใช้", self.username_edit)
        form.addRow("รหัสผ่าน", self.password_edit)
        buttons = button_box(self, self.try_login, "เข้าสู่ระบบ", cancel_text="ออกจากโปรแกรม")
        self.login_button = buttons.button(OK)
        layout = QVBoxLayout(self)
        heading = QLabel("กรุณาเข้าสู่ระบบ")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        if hint:
            note = QLabel(hint)
            note.setObjectName("login_hint")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.wait = RetryWait(self.login_button, self.message)
        (self.password_edit if username else self.username_edit).setFocus()

    def try_login(self) -> User | None:
        if not self.login_button.isEnabled():
            return None  # Enter pressed while the countdown runs
        try:
            self.user = authenticate(self.db, self.username_edit.text(), self.password_edit.text())
        except LoginDelayed as exc:
            self.password_edit.clear()
            self.wait.start(exc.seconds)
            return None
        except UserError as exc:
            self.password_edit.clear()
            self.password_edit.setFocus()
            self.message.setText(exc.message)
            self.message.show()
            fit_height(self)
            return None
        self.accept()
        return self.user


class FirstAdminDialog(QDialog):
    """The first run: create the administrator account, then log in as it."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: User | None = None
        self.setWindowTitle(f"สร้างบัญชีผู้ดูแลระบบ — {APP_TITLE}")
        self.setModal(True)
        self.username_edit = QLineEdit("admin")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("เช่น นายสมชาย ใจดี ปลัดอำเภอ")
        self.password_edit = _password_edit()
        self.confirm_edit = _password_edit()
        self.message = _message_label()
        form = QFormLayout()
        form.addRow("ชื่อผู้ใช้", self.username_edit)
        form.addRow("ชื่อที่แสดง", self.name_edit)
        form.addRow("รหัสผ่าน", self.password_edit)
        form.addRow("ยืนยันรหัสผ่าน", self.confirm_edit)
        intro = QLabel(
            "เครื่องนี้ยังไม่มีบัญชีผู้ใช้ กรุณาสร้างบัญชีผู้ดูแลระบบ ซึ่งจัดการผู้ใช้อื่น ตั้งค่าสำนักงาน "
            f"และกู้คืนข้อมูลได้ (รหัสผ่านอย่างน้อย {MIN_LENGTH} ตัวอักษร ไม่ใช่รหัสผ่านที่ใช้กันทั่วไป)"
        )
        intro.setWordWrap(True)
        buttons = button_box(self, self.try_create, "สร้างบัญชีและเข้าสู่ระบบ", cancel_text="ออกจากโปรแกรม")
        self.create_button = buttons.button(OK)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def _fail(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def try_create(self) -> User | None:
        password = self.password_edit.text()
        if password != self.confirm_edit.text():
            self._fail("รหัสผ่านทั้งสองช่องไม่ตรงกัน")
            return None
        problem = password_policy_problem(self.db, self.username_edit.text().strip(), password)
        if problem:
            self._fail(problem)
            return None
        try:
            created = create_first_admin(self.db, self.username_edit.text(), self.name_edit.text(), password)
            self.user = authenticate(self.db, created.username, password)
        except UserError as exc:
            self._fail(exc.message)
            return None
        self.accept()
        return self.user


def apply_login(ctx: AppContext, user: User | None) -> None:
    """Make `user` the logged-in user: ctx.user, acting on the main connection and on each
    connection a background task opens."""
    ctx.user = user
    act_as(ctx.db, user)
    ctx.tasks.user = user


def login_dialog_for(ctx: AppContext, parent: QWidget | None = None) -> LoginDialog | FirstAdminDialog:
    """The dialog the start-up needs: first administrator, or login (with the demo's hint)."""
    if not has_users(ctx.db):
        return FirstAdminDialog(ctx.db, parent)
    demo = is_demo_database(ctx.db)
    return LoginDialog(ctx.db, parent, username="admin" if demo else "", hint=demo_hint() if demo else None)


def ask_login(ctx: AppContext, parent: QWidget | None = None) -> User | None:
    """Block until someone logs in (returns the User, also set as ctx.user) or cancels (None).
    A password that must be changed is changed first; giving that up is cancelling."""
    dialog = login_dialog_for(ctx, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
        return None
    apply_login(ctx, dialog.user)  # the password change below is this user's own action
    user = changed_if_required(ctx, dialog.user, parent)
    apply_login(ctx, user)
    return user
