"""Login, first administrator, role limits, auto-lock, user management and the audit page."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from moi_desktop.security import (
    act_as,
    authenticate,
    create_first_admin,
    create_user,
    current_actor,
    list_entries,
)
from ui.dialogs.login import FirstAdminDialog, LoginDialog, ask_login
from ui.lock import install_security
from ui.main_window import MainWindow
from ui.pages import discover_pages
from ui.permissions import allowed_pages, guard

PASSWORDS = {"admin": "Mango-Tree-71", "somsri": "Lotus-Pond-72", "krupa": "Rice-Field-73", "doo": "River-Bank-76"}


@pytest.fixture
def accounts(office_db):
    create_first_admin(office_db, "admin", "ผู้ดูแลระบบ", PASSWORDS["admin"])
    authenticate(office_db, "admin", PASSWORDS["admin"])  # the administrator adds the others
    create_user(office_db, "somsri", "สมศรี เจ้าหน้าที่", "clerk", PASSWORDS["somsri"])
    create_user(office_db, "krupa", "ครูปา วิทยากร", "trainer", PASSWORDS["krupa"])
    create_user(office_db, "doo", "ดู อย่างเดียว", "viewer", PASSWORDS["doo"])
    act_as(office_db, None)  # then nobody is logged in
    return office_db


def log_in(qtbot, dialog, username, password):
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_login_success_sets_user_and_audits(qtbot, accounts):
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    log_in(qtbot, dialog, "somsri", PASSWORDS["somsri"])
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user.username == "somsri" and dialog.user.role == "clerk"
    assert list_entries(accounts, action="login")[0].actor == "somsri"


def test_login_failure_keeps_dialog_open_with_thai_message(qtbot, accounts):
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    log_in(qtbot, dialog, "somsri", "wrong-password")
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.user is None
    assert dialog.message.isVisible() and dialog.message.text() == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert dialog.password_edit.text() == ""  # never left in the field
    assert list_entries(accounts, action="login_failed")


def test_first_run_creates_the_administrator(qtbot, office_db):
    dialog = FirstAdminDialog(office_db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("นายสมชาย ใจดี")
    dialog.password_edit.setText("Teak-Wood-81")
    dialog.confirm_edit.setText("Teak-Wood-82")
    assert dialog.try_create() is None and "ไม่ตรงกัน" in dialog.message.text()
    dialog.confirm_edit.setText("Teak-Wood-81")
    user = dialog.try_create()
    assert user.role == "admin" and user.username == "admin"
    assert dialog.result() == QDialog.DialogCode.Accepted


def _answer_modal(callback):
    """Run `callback(dialog)` on the modal dialog as soon as ask_login's exec() shows it."""

    def attempt():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, attempt)
        else:
            callback(modal)

    QTimer.singleShot(0, attempt)


def test_ask_login_returns_user_and_makes_them_the_actor(qtbot, accounts, make_ctx):
    ctx = make_ctx(accounts)

    def fill(dialog):
        dialog.username_edit.setText("krupa")
        dialog.password_edit.setText(PASSWORDS["krupa"])
        dialog.try_login()

    _answer_modal(fill)
    user = ask_login(ctx)
    assert user.username == "krupa" and ctx.user == user
    # The main connection and every background task's connection act as krupa.
    assert current_actor(ctx.db) == "krupa" and ctx.tasks.user == user


def test_ask_login_cancelled_returns_none(qtbot, accounts, make_ctx):
    ctx = make_ctx(accounts)
    _answer_modal(lambda dialog: dialog.reject())
    assert ask_login(ctx) is None
    assert getattr(ctx, "user", None) is None


def _window_for(qtbot, ctx, username, *, idle_ms=60_000):
    from moi_desktop.security import authenticate
    from ui.dialogs.login import apply_login

    apply_login(ctx, authenticate(ctx.db, username, PASSWORDS[username]))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=idle_ms)
    window.show()
    return window, security


def visible_keys(window):
    return [s.key for row, s in enumerate(window.specs) if not window.nav.isRowHidden(row)]


def test_role_limits_trainer_cannot_export_members_or_see_admin_pages(qtbot, accounts, make_ctx):
    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "krupa")
    keys = visible_keys(window)
    assert "home" in keys
    assert not {"audit", "settings", "reports", "projects"} & set(keys)
    assert window.current_key() in keys
    assert not guard(ctx, "members.export_personal", window)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "ไม่มีสิทธิ์ส่งออกข้อมูลส่วนบุคคล" in box.text()
    assert not security.users_action.isVisible() and not security.restore_action.isVisible()
    assert guard(ctx, "attendance.mark", window)


def test_allowed_pages_per_role(accounts):
    from moi_desktop.security import get_user

    specs = discover_pages()
    keys = {name: {s.key for s in allowed_pages(get_user(accounts, name), specs)} for name in PASSWORDS}
    assert "audit" in keys["admin"] and "audit" not in keys["somsri"]
    assert keys["doo"] <= keys["somsri"] <= keys["admin"]
    assert "settings" not in keys["doo"]


def test_auto_lock_hides_everything_until_unlocked(qtbot, accounts, make_ctx):
    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "somsri", idle_ms=80)
    content = window.centralWidget()
    other = QDialog(window)  # e.g. an open editor dialog
    qtbot.addWidget(other)
    child = QWidget(other)
    other.show()
    qtbot.waitUntil(lambda: security.locked, timeout=3000)
    assert window.centralWidget() is security.panel and security.panel.isVisible()
    assert not content.isVisible()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    cover = other.findChild(QWidget, "lock_cover")
    assert cover is not None and cover.isVisible() and cover.geometry() == other.rect()
    assert not child.isEnabled()
    assert list_entries(ctx.db, action="lock")[0].actor == "somsri"

    security.panel.password_edit.setText("wrong-password")
    security.panel.unlock_button.click()
    assert security.locked and "ไม่ถูกต้อง" in security.panel.message.text()

    security.panel.password_edit.setText(PASSWORDS["somsri"])
    security.panel.unlock_button.click()
    assert not security.locked
    assert window.centralWidget() is content and content.isVisible()
    assert window.menuBar().isVisible() and child.isEnabled()
    assert other.findChild(QWidget, "lock_cover") is None or not other.findChild(QWidget, "lock_cover").isVisible()


def test_input_postpones_the_lock(qtbot, accounts, make_ctx):
    # Not timed against the wall clock (a loaded machine that pauses the test for 0.4 s locked a
    # 400 ms idle limit mid-typing): a long limit, and each key press must restart its countdown.
    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "somsri", idle_ms=60_000)
    countdown = security.watcher.timer
    countdown.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime() to the ms (coarse: ±5 %)
    countdown.start()
    for _ in range(6):
        qtbot.wait(100)
        left = countdown.remainingTime()
        qtbot.keyClick(window, Qt.Key.Key_Shift)
        assert countdown.remainingTime() > left  # the input started the 60 s again
    assert not security.locked
    security.watcher.set_idle_ms(300)  # then no input: it locks
    qtbot.waitUntil(lambda: security.locked, timeout=3000)


def test_another_user_unlocks_and_navigation_follows_their_role(qtbot, accounts, make_ctx):
    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "admin")
    assert "audit" in visible_keys(window)
    security.lock()
    security.panel.username_edit.setText("krupa")
    security.panel.password_edit.setText(PASSWORDS["krupa"])
    with qtbot.waitSignal(security.user_changed):
        security.panel.unlock_button.click()
    assert ctx.user.username == "krupa" and current_actor(ctx.db) == "krupa"
    assert "audit" not in visible_keys(window)


def test_users_dialog_adds_and_edits_accounts(qtbot, accounts, make_ctx):
    from moi_desktop.security import get_user
    from ui.dialogs.users import UsersDialog

    ctx = make_ctx(accounts)
    window, _ = _window_for(qtbot, ctx, "admin")  # qtbot holds windows weakly: keep it alive
    dialog = UsersDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4
    add = dialog.add_user()
    add.username_edit.setText("malee")
    add.name_edit.setText("มาลี ทดสอบ")
    add.role_combo.setCurrentIndex(add.role_combo.findData("viewer"))
    add.password_edit.setText("Jasmine-Bud-78")
    add.confirm_edit.setText("Jasmine-Bud-79")
    assert add.save() is None and add.error.isVisible()
    add.confirm_edit.setText("Jasmine-Bud-78")
    assert add.save().role == "viewer"
    assert dialog.table.rowCount() == 5
    row = [u.username for u in dialog.users].index("malee")
    dialog.table.selectRow(row)
    edit = dialog.edit_selected()
    edit.role_combo.setCurrentIndex(edit.role_combo.findData("clerk"))
    edit.active_check.setChecked(False)
    edit.save()
    assert get_user(ctx.db, "malee").role == "clerk" and not get_user(ctx.db, "malee").active


def test_audit_page_filters_and_verifies(qtbot, accounts, make_ctx):
    from ui.pages.audit import AuditPage

    ctx = make_ctx(accounts)
    window, _ = _window_for(qtbot, ctx, "admin")  # qtbot holds windows weakly: keep it alive
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    tab = page.audit_tab
    assert tab.model.rowCount() == len(list_entries(ctx.db))
    tab.action_combo.setCurrentIndex(tab.action_combo.findData("login"))
    tab.search()
    assert tab.model.rowCount() >= 1
    assert all(e.action == "login" for e in tab.model.entries)
    assert tab.model.data(tab.model.index(0, 3)) == "เข้าสู่ระบบ"
    tab.since_edit.setText("ไม่ใช่วันที่")
    tab.search()
    assert any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())
    tab.since_edit.setText("01/01/2500")
    tab.search()
    tab.verify()
    assert "ครบถ้วน" in tab.verify_label.text()


def test_audit_page_shows_data_tampering_and_the_recovery_key_once(qtbot, accounts, make_ctx, monkeypatch):
    from moi_desktop.members import add_member
    from moi_desktop.security import keystore
    from tests.fast_db import raw
    from ui.pages.audit import AuditPage

    ctx = make_ctx(accounts)
    window, _ = _window_for(qtbot, ctx, "admin")  # qtbot holds windows weakly: keep it alive
    member = add_member(ctx.db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})
    path = ctx.db.execute("PRAGMA database_list").fetchone()[2]
    conn = raw(path)
    conn.execute("UPDATE members SET phone = '0899999999' WHERE id = ?", [member])
    conn.close()
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    tab = page.audit_tab
    tab.verify()
    assert f"members แถว {member} ถูกแก้ไขนอกโปรแกรม" in tab.verify_label.text()

    assert tab.recovery_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    text = tab.show_recovery_key()
    assert keystore.parse_recovery_key(text) == keystore.pc_secret()
    assert text in tab.recovery_box.text() and tab.recovery_box.isVisible()
    assert not tab.recovery_button.isEnabled()
    tab.recovery_box.close()
    assert tab.show_recovery_key() is None  # the core refuses a second showing
    assert any(isinstance(w, QMessageBox) and w.isVisible() and "แสดงได้ครั้งเดียว" in w.text()
               for w in QApplication.topLevelWidgets())


def test_breach_register_shows_the_72_hour_deadline(qtbot, accounts, make_ctx):
    from ui.pages.audit import AuditPage

    ctx = make_ctx(accounts)
    window, _ = _window_for(qtbot, ctx, "admin")  # qtbot holds windows weakly: keep it alive
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    dialog = page.breach_tab.add_breach()
    dialog.description_edit.setPlainText("แฟลชไดรฟ์รายชื่อหาย")
    dialog.people_spin.setValue(40)
    dialog.save()
    table = page.breach_tab.table
    assert table.rowCount() == 1
    assert table.item(0, 4).text().startswith("เหลือเวลาอีก 7")
    table.selectRow(0)
    page.breach_tab.mark_reported()
    assert table.item(0, 4).text() == "แจ้งแล้วภายในกำหนด"


def test_backups_on_close_daily_and_to_a_chosen_drive(qtbot, accounts, make_ctx, tmp_path):
    from moi_desktop.backup import list_backups

    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "somsri")
    security.daily_backup()  # tasks run synchronously in tests
    security.daily_backup()  # not due again the same day
    assert security.close_backup() is not None
    assert sorted(b.reason for b in list_backups(ctx.db)) == ["close", "daily"]
    security.backup_to_drive(str(tmp_path / "usb.sqlite3"))
    assert (tmp_path / "usb.sqlite3").exists()
    assert list_entries(ctx.db, action="backup")[0].actor == "somsri"


def test_no_lock_without_accounts(qtbot, office_db, make_ctx):
    ctx = make_ctx(office_db)  # nobody to unlock with: locking would shut everyone out
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    security = install_security(window, ctx, idle_ms=30)
    window.show()
    qtbot.wait(150)
    assert not security.locked and window.centralWidget() is not security.panel
    assert visible_keys(window) == window.page_keys()  # no login: nothing hidden (as in the CLI)


def test_restore_from_the_gui_replaces_data_then_closes(qtbot, accounts, make_ctx, tmp_path):
    from moi_desktop.backup import backup_to
    from moi_desktop.security import get_user

    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "admin")
    saved = backup_to(ctx.db, tmp_path / "before.sqlite3")
    create_user(ctx.db, "newbie", "คนใหม่", "viewer", "Green-Leaf-80")
    security.restore_from_file(str(saved), confirm=False)
    assert get_user(ctx.db, "newbie") is None  # the open connection sees the restored data
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "กู้คืนแล้ว" in box.text()
    box.accept()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert list_entries(ctx.db, action="restore")[0].actor == "admin"


def test_clerk_is_refused_restore(qtbot, accounts, make_ctx, tmp_path):
    ctx = make_ctx(accounts)
    window, security = _window_for(qtbot, ctx, "somsri")
    assert security.restore_from_file(str(tmp_path / "x.sqlite3"), confirm=False) is None
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "ไม่มีสิทธิ์กู้คืน" in box.text()
