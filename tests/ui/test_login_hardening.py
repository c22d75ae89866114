"""The GUI face of login hardening and office restores: the wait and the lock after wrong
passwords (shown, never slept), the password change forced before any data, the administrator's
unlock, and the typed confirmation of a "replace this office" restore."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from moi_desktop.db import insert_row
from moi_desktop.security import (
    act_as,
    create_first_admin,
    create_user,
    get_user,
    hash_password,
    list_entries,
    login_state,
)
from moi_desktop.security import logins as logins_module
from ui.dialogs.change_password import ChangePasswordDialog
from ui.dialogs.login import LoginDialog, ask_login
from ui.lock import install_security
from ui.main_window import MainWindow

ADMIN_PW = "Mango-Tree-71"
CLERK_PW = "Lotus-Pond-72"


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = logins_module.now_utc()

        def advance(self, seconds):
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(logins_module, "now_utc", lambda: clock.now)
    return clock


@pytest.fixture
def accounts(office_db):
    admin = create_first_admin(office_db, "admin", "ผู้ดูแลระบบ", ADMIN_PW)
    act_as(office_db, admin)  # the administrator adds the clerk
    create_user(office_db, "somsri", "สมศรี เจ้าหน้าที่", "clerk", CLERK_PW)
    act_as(office_db, None)  # nobody logged in yet
    return office_db


def _log_in(qtbot, dialog, username, password):
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_login_dialog_shows_the_wait_then_the_lock(qtbot, accounts, clock, tmp_path):
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(2):
        _log_in(qtbot, dialog, "somsri", "wrong-guess-1")
    _log_in(qtbot, dialog, "somsri", "wrong-guess-1")  # too soon: refused at once, nothing checked
    assert dialog.message.text() == "ใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้อีกใน 2 วินาที"
    assert not dialog.login_button.isEnabled() and dialog.isVisible()
    assert login_state(accounts, "somsri").failures == 2
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=5000)  # the countdown runs on a timer
    assert dialog.message.text() == "ลองเข้าสู่ระบบใหม่ได้แล้ว"
    for _ in range(3):
        clock.advance(60)
        _log_in(qtbot, dialog, "somsri", "wrong-guess-1")
    clock.advance(60)
    _log_in(qtbot, dialog, "somsri", CLERK_PW)  # the right password: still locked
    assert dialog.user is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text() == "บัญชีนี้ถูกล็อกเพราะใส่รหัสผ่านผิดหลายครั้ง กรุณาติดต่อผู้ดูแลระบบเพื่อปลดล็อก"
    dialog.grab().save(str(tmp_path / "login_locked.png"))


def test_lock_panel_waits_without_blocking(qtbot, accounts, make_ctx, clock):
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login

    ctx = make_ctx(accounts)
    apply_login(ctx, authenticate(ctx.db, "somsri", CLERK_PW))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=60_000)
    window.show()
    security.lock()
    for _ in range(3):
        security.panel.password_edit.setText("wrong-guess-1")
        security.panel.unlock_button.click()
    assert "ลองใหม่ได้อีกใน 2 วินาที" in security.panel.message.text()
    assert not security.panel.unlock_button.isEnabled() and security.locked


def _weak_account(db):
    act_as(db, get_user(db, "admin"))  # written by the administrator, before the policy
    insert_row(db, "users", {"username": "malee", "display_name": "มาลี ทดสอบ", "role": "clerk",
                             "password_hash": hash_password("pass-1234"), "active": 1, "last_login": None})
    act_as(db, None)


def _answer_modal(callback, kind):
    def attempt():
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            QTimer.singleShot(10, attempt)
        else:
            callback(modal)

    QTimer.singleShot(0, attempt)


def test_a_weak_password_is_changed_before_any_data(qtbot, accounts, make_ctx, tmp_path):
    _weak_account(accounts)
    ctx = make_ctx(accounts)
    seen = []

    def log_in(dialog):
        dialog.username_edit.setText("malee")
        dialog.password_edit.setText("pass-1234")
        _answer_modal(change, ChangePasswordDialog)
        dialog.try_login()

    def change(dialog):
        seen.append(QApplication.topLevelWidgets())
        dialog.password_edit.setText("password123")
        dialog.confirm_edit.setText("password123")
        assert dialog.save() is None and "ใช้กันมาก" in dialog.errors.labels["password"].text()
        dialog.password_edit.setText("Jasmine-Bud-78")
        dialog.confirm_edit.setText("Jasmine-Bud-78")
        dialog.save()

    _answer_modal(log_in, LoginDialog)
    user = ask_login(ctx)
    assert user.username == "malee" and not user.must_change_password
    assert not any(isinstance(w, MainWindow) for w in seen[0])  # nothing behind the dialog yet
    assert not get_user(ctx.db, "malee").must_change_password
    assert list_entries(ctx.db, action="update", table_name="users")[0].actor == "malee"


def test_change_password_dialog_uses_the_core_policy(qtbot, accounts, make_ctx, tmp_path):
    from moi_desktop.security import authenticate

    _weak_account(accounts)
    ctx = make_ctx(accounts)
    malee = authenticate(ctx.db, "malee", "pass-1234")  # as after the login dialog
    dialog = ChangePasswordDialog(ctx, malee)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    dialog.grab().save(str(tmp_path / "must_change.png"))
    for new, confirm, why in (("Jasmine-Bud-78", "Jasmine-Bud-79", "ไม่ตรงกัน"),
                              ("malee-2567-x", "malee-2567-x", "ชื่อผู้ใช้"),
                              ("เมืองเชียงใหม่99", "เมืองเชียงใหม่99", "ชื่อสำนักงาน")):
        dialog.password_edit.setText(new)
        dialog.confirm_edit.setText(confirm)
        assert dialog.save() is None and why in dialog.errors.labels["password"].text()
    assert authenticate(accounts, "malee", "pass-1234").must_change_password  # nothing was changed


def test_giving_up_the_password_change_is_a_cancelled_login(qtbot, accounts, make_ctx):
    _weak_account(accounts)
    ctx = make_ctx(accounts)

    def log_in(dialog):
        dialog.username_edit.setText("malee")
        dialog.password_edit.setText("pass-1234")
        _answer_modal(lambda change: change.reject(), ChangePasswordDialog)
        dialog.try_login()

    _answer_modal(log_in, LoginDialog)
    assert ask_login(ctx) is None
    assert getattr(ctx, "user", None) is None
    assert get_user(ctx.db, "malee").must_change_password


def test_unlocking_with_a_weak_password_asks_for_a_new_one_first(qtbot, accounts, make_ctx):
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login

    _weak_account(accounts)
    ctx = make_ctx(accounts)
    apply_login(ctx, authenticate(ctx.db, "somsri", CLERK_PW))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=60_000)
    window.show()
    security.lock()
    security.panel.username_edit.setText("malee")
    security.panel.password_edit.setText("pass-1234")
    _answer_modal(lambda change: change.reject(), ChangePasswordDialog)
    security.panel.unlock_button.click()
    assert security.locked and "ต้องเปลี่ยนรหัสผ่าน" in security.panel.message.text()
    assert ctx.user.username == "somsri"  # the one who locked it stays the logged-in user

    def change(dialog):
        dialog.password_edit.setText("Jasmine-Bud-78")
        dialog.confirm_edit.setText("Jasmine-Bud-78")
        dialog.save()

    assert login_state(ctx.db, "malee").failures == 0  # the right password counted no failure
    security.panel.password_edit.setText("pass-1234")
    _answer_modal(change, ChangePasswordDialog)
    security.panel.unlock_button.click()
    assert not security.locked and ctx.user.username == "malee"


def test_admin_unlocks_from_the_users_dialog(qtbot, accounts, make_ctx, clock):
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login
    from ui.dialogs.users import UsersDialog

    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017 - any refusal: the count is what matters
            authenticate(accounts, "somsri", "wrong-guess-1")
        clock.advance(60)
    ctx = make_ctx(accounts)
    apply_login(ctx, authenticate(ctx.db, "admin", ADMIN_PW))
    dialog = UsersDialog(ctx)
    qtbot.addWidget(dialog)
    row = [u.username for u in dialog.users].index("somsri")
    assert "ล็อก" in dialog.table.item(row, 3).text()
    dialog.table.selectRow(row)
    assert dialog.unlock_selected() is True
    assert "ล็อก" not in dialog.table.item(row, 3).text()
    assert list_entries(ctx.db, action="account_unlocked")[0].actor == "admin"
    dialog.lock_after_spin.setValue(7)
    dialog.apply_lock_after()
    assert list_entries(ctx.db, action="login_policy")[0].details == {"lock_after": 7}


def test_another_offices_backup_needs_the_typed_office_name(qtbot, accounts, make_ctx, make_office_db, tmp_path):
    from moi_desktop.backup import backup_to
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login

    there = make_office_db("there", "district", "6205")
    act_as(there, create_user(there, "boss", "ผู้ดูแล", "admin", "Other-Office-55"))  # who takes the backup
    other = backup_to(there, tmp_path / "6205.sqlite3")
    ctx = make_ctx(accounts)
    apply_login(ctx, authenticate(ctx.db, "admin", ADMIN_PW))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=60_000)
    window.show()
    assert security.restore_from_file(str(other), confirm=False) is None
    dialog = security.replace_dialog
    assert dialog is not None and dialog.isVisible()
    warning = dialog.findChild(QLabel, "replace_office_warning").text()
    assert "ไม่ใช่ของสำนักงานนี้" in warning and "เครื่องอื่น" in warning
    assert not dialog.ok_button.isEnabled()
    dialog.confirm_edit.setText("เชียงใหม่")  # not the exact name
    dialog.accept()
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()
    dialog.grab().save(str(tmp_path / "replace_office.png"))
    dialog.confirm_edit.setText("เมืองเชียงใหม่")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # tasks run synchronously here
    assert get_user(ctx.db, "boss") is not None  # the open connection sees the other office's data
    entry = list_entries(ctx.db, action="restore_replace_office")[0]
    assert entry.actor == "admin" and entry.details["replaced_district"] == "5001"


def test_a_clerk_cannot_reach_the_replacement(qtbot, accounts, make_ctx, make_office_db, tmp_path):
    from moi_desktop.backup import backup_to
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login

    other = backup_to(make_office_db("there", "district", "6205"), tmp_path / "6205.sqlite3")
    ctx = make_ctx(accounts)
    apply_login(ctx, authenticate(ctx.db, "somsri", CLERK_PW))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=60_000)
    assert security.restore_from_file(str(other), confirm=False) is None
    assert security.replace_dialog is None


@pytest.mark.slow
def test_the_demo_shows_a_password_that_meets_the_policy(qtbot, make_ctx, tmp_path):
    from pathlib import Path

    from moi_desktop.db import open_database
    from moi_desktop.demo import build_demo
    from moi_desktop.demo.security import DEMO_PASSWORD, DEMO_USERS
    from moi_desktop.security import password_policy_problem
    from ui.dialogs.login import login_dialog_for

    demo = open_database(build_demo(tmp_path / "demo.sqlite3"))
    ctx = make_ctx(demo)
    for username, _name, _role in DEMO_USERS:
        assert password_policy_problem(demo, username, DEMO_PASSWORD) is None
    dialog = login_dialog_for(ctx)
    qtbot.addWidget(dialog)
    assert DEMO_PASSWORD in dialog.findChild(QLabel, "login_hint").text()
    dialog.password_edit.setText(DEMO_PASSWORD)  # the user name is filled in: admin
    user = dialog.try_login()
    assert user.username == "admin" and not user.must_change_password
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in readme and "demo1234" not in readme
