"""Safety of the shared PC in the GUI: auto-lock after idle time, role limits on pages and
actions, the security menu actions (lock, users, backup, restore) and automatic backups.

Wiring (ui/app.py `_run_window`, after the first-run office wizard):

    if not smoke and ask_login(ctx) is None:     # ui.dialogs.login: first admin, or login
        ctx.close()
        return 0
    window = MainWindow(ctx)
    install_security(window, ctx)                # lock, role limits, security menu, backups

While locked, the main window's central widget is taken out and replaced by an opaque lock
panel, its menu and status bars are hidden, and every other open window is disabled and covered:
nothing behind the lock is visible or reachable. Any account may unlock; a different account
becomes the logged-in user and the navigation follows its role.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security import LoginDelayed, User, audit, authenticate, can, has_users, idle_lock_minutes
from ui.context import AppContext
from ui.errors import show_error, show_message
from ui.main_window import MainWindow
from ui.permissions import apply_page_limits, current_user, guard
from ui.tasks import Task

if TYPE_CHECKING:
    from moi_desktop.backup import RestoreResult
    from ui.dialogs.replace_office import ReplaceOfficeDialog
    from ui.dialogs.users import UsersDialog

# The dialogs, the lock screen's login parts and the backup module load when first used, not
# when the window starts (issue 18: the window is painted sooner).

log = logging.getLogger(__name__)

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


# --- idle detection ------------------------------------------------------------------------------


class IdleWatcher(QObject):
    """Application-wide event filter: `idle` fires after `idle_ms` without keyboard/mouse input.

    Parentless and owned by Python on purpose: its lifetime must not end in the middle of the
    window's destruction while it still filters every event of the application.
    """

    idle = Signal()

    def __init__(self, idle_ms: int) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(idle_ms))
        self.timer.timeout.connect(self.idle)
        self.running = False

    def set_idle_ms(self, idle_ms: int) -> None:
        self.timer.setInterval(int(idle_ms))
        if self.running:
            self.timer.start()

    def start(self) -> None:
        if not self.running:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self.running = True
        self.timer.start()

    def stop(self) -> None:
        if self.running:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.running = False
        self.timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False


# --- the lock ----------------------------------------------------------------------------------


class LockPanel(QFrame):
    """Opaque panel asking for a password; emits unlock_requested(username, password)."""

    unlock_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_panel")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "QFrame#lock_panel { background: #1f2a36; } QFrame#lock_panel QLabel { color: #ffffff; }"
            " QLabel#lock_message { color: #ffb4a9; }"
        )
        self.title = QLabel("หน้าจอถูกล็อก")
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.who = QLabel()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("lock_username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("lock_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.unlock_button = QPushButton("ปลดล็อก")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.password_edit.returnPressed.connect(self._submit)
        form = QFormLayout()
        form.addRow(QLabel("ชื่อผู้ใช้"), self.username_edit)
        form.addRow(QLabel("รหัสผ่าน"), self.password_edit)
        card = QWidget()
        card.setMaximumWidth(460)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        note = QLabel("เข้าสู่ระบบด้วยบัญชีของท่านเพื่อทำงานต่อ (ผู้ใช้อื่นเข้าสู่ระบบด้วยบัญชีของตนเองได้)")
        note.setWordWrap(True)
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.unlock_button)
        from ui.dialogs.login import RetryWait  # the lock screen is built at the first lock

        self.wait = RetryWait(self.unlock_button, self.message)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def prepare(self, user: User | None) -> None:
        self.who.setText(f"ผู้ใช้ล่าสุด: {user.display_name} ({user.username})" if user else "")
        self.username_edit.setText(user.username if user and user.id else "")
        self.password_edit.clear()
        self.message.clear()
        (self.password_edit if self.username_edit.text() else self.username_edit).setFocus()

    def show_failure(self, message: str) -> None:
        self.message.setText(message)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _submit(self) -> None:
        if self.unlock_button.isEnabled():  # not while the wait after wrong passwords runs
            self.unlock_requested.emit(self.username_edit.text(), self.password_edit.text())


class _Cover(QFrame):
    """An opaque sheet over a secondary window while the app is locked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._target = parent  # the window this sheet covers
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lock_cover { background: #1f2a36; } QLabel { color: #ffffff; }")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("หน้าจอถูกล็อก"), 0, Qt.AlignmentFlag.AlignCenter)
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # follow the covered window's size
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._target.rect())
        return False


class SecurityController(QObject):
    """Owns the idle watcher, the lock panel and the security actions of one main window."""

    locked_changed = Signal(bool)
    user_changed = Signal(object)

    def __init__(self, window: MainWindow, ctx: AppContext, *, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.locked = False
        self._panel: LockPanel | None = None  # built at the first lock (see panel)
        self._hidden_central: QWidget | None = None
        self._bars: list[tuple[QWidget, bool]] = []
        self._covered: list[tuple[QWidget, _Cover, list]] = []
        self.replace_dialog: ReplaceOfficeDialog | None = None  # the last typed confirmation asked for
        minutes_ms = idle_lock_minutes(ctx.db) * 60_000
        self.watcher = IdleWatcher(idle_ms if idle_ms is not None else minutes_ms)
        self.watcher.idle.connect(self.lock)
        window.destroyed.connect(self.watcher.stop)
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(60 * 60 * 1000)  # check hourly; backs up once a day
        self.daily_timer.timeout.connect(self.daily_backup)
        self.first_backup_timer = QTimer(self)  # the day's first check, once the window has settled
        self.first_backup_timer.setSingleShot(True)
        self.first_backup_timer.setInterval(5000)
        self.first_backup_timer.timeout.connect(self.daily_backup)
        self._build_actions()
        self.watcher.start()
        self.daily_timer.start()
        self.first_backup_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_backup)  # before ctx.close()

    @property
    def panel(self) -> LockPanel:
        """The lock screen, built the first time it is needed."""
        if self._panel is None:
            self._panel = LockPanel()
            self._panel.unlock_requested.connect(self.try_unlock)
        return self._panel

    # locking -------------------------------------------------------------------------------------
    def lock(self) -> None:
        # A closed window has nothing to hide; without any account nobody could unlock it.
        if self.locked or not self.window.isVisible() or not has_users(self.ctx.db):
            return
        self.locked = True
        self.watcher.stop()
        window = self.window
        self._hidden_central = window.takeCentralWidget()
        window.setCentralWidget(self.panel)
        self.panel.show()
        self._bars = [(bar, bar.isVisible()) for bar in (window.menuBar(), window.statusBar())]
        for bar, _ in self._bars:
            bar.hide()
            bar.setEnabled(False)
        for widget in QApplication.topLevelWidgets():
            # Every other visible window is covered and disabled; popup menus close by themselves.
            if widget is not window and widget.isVisible() and not isinstance(widget, QMenu):
                children = widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                states = [(c, c.testAttribute(Qt.WidgetAttribute.WA_Disabled)) for c in children]
                for child, _ in states:
                    child.setEnabled(False)
                cover = _Cover(widget)
                widget.installEventFilter(cover)
                self._covered.append((widget, cover, states))
        self.panel.prepare(getattr(self.ctx, "user", None))
        self._audit("lock")
        self.locked_changed.emit(True)

    def try_unlock(self, username: str, password: str) -> User | None:
        try:
            user = authenticate(self.ctx.db, username, password)
        except LoginDelayed as exc:
            self.panel.password_edit.clear()
            self.panel.wait.start(exc.seconds)
            return None
        except UserError as exc:
            self.panel.show_failure(exc.message)
            return None
        # loaded at the first unlock (see the note at the top)
        from ui.dialogs.change_password import changed_if_required
        from ui.dialogs.login import apply_login

        previous = getattr(self.ctx, "user", None)
        apply_login(self.ctx, user)
        changed = changed_if_required(self.ctx, user, self.window)  # before anything is uncovered
        if changed is None:
            apply_login(self.ctx, previous)
            self.panel.show_failure("ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน หน้าจอยังล็อกอยู่")
            return None
        user = changed
        apply_login(self.ctx, user)
        self._unlock()
        if previous is None or previous.username != user.username:
            apply_page_limits(self.window, user)
            self._update_actions()
            self.user_changed.emit(user)
        return user

    def _unlock(self) -> None:
        window = self.window
        panel = window.takeCentralWidget()
        if panel is not None:
            panel.setParent(None)
        if self._hidden_central is not None:
            window.setCentralWidget(self._hidden_central)
            self._hidden_central.show()  # taken-out widgets come back hidden
        self._hidden_central = None
        for bar, visible in self._bars:
            bar.setEnabled(True)
            bar.setVisible(visible)
        for widget, cover, states in self._covered:
            widget.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
            for child, was_disabled in states:
                child.setEnabled(not was_disabled)
        self._covered = []
        self.locked = False
        self._audit("unlock")
        self.watcher.start()
        self.locked_changed.emit(False)

    def _audit(self, action: str) -> None:
        try:
            audit(self.ctx.db, action)
        except Exception:  # the lock must work even if the log cannot be written; never silently
            log.exception("could not record %s in the audit trail", action)

    # actions --------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        self.lock_action = QAction("ล็อกหน้าจอ", w)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.users_action = QAction("จัดการผู้ใช้…", w)
        self.users_action.triggered.connect(self.open_users)
        self.backup_action = QAction("สำรองข้อมูลไปยังไดรฟ์…", w)
        self.backup_action.triggered.connect(self.backup_to_drive)
        self.restore_action = QAction("กู้คืนจากไฟล์สำรอง…", w)
        self.restore_action.triggered.connect(self.restore_from_file)
        self.actions = [self.lock_action, self.users_action, self.backup_action, self.restore_action]
        for action in self.actions:
            w.addAction(action)  # shortcuts work even where no menu shows them
        menu = w.menuBar().addMenu("ความปลอดภัย")
        menu.setObjectName("security_menu")
        for action in self.actions:
            menu.addAction(action)
        self.menu = menu
        self._update_actions()

    def _update_actions(self) -> None:
        user = current_user(self.ctx)
        self.users_action.setVisible(can(user, "users.manage"))
        self.backup_action.setVisible(can(user, "backup.create"))
        self.restore_action.setVisible(can(user, "backup.restore"))

    def open_users(self) -> UsersDialog | None:
        if not guard(self.ctx, "users.manage", self.window):
            return None
        from ui.dialogs.users import UsersDialog  # loaded when first opened (see the note at the top)

        dialog = UsersDialog(self.ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def backup_to_drive(self, path: str | None = None) -> Task | None:
        if not guard(self.ctx, "backup.create", self.window):
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "สำรองข้อมูลไปที่", "moi_desktop_backup.sqlite3", "ฐานข้อมูล (*.sqlite3)"
            )
            if not path:
                return None
        from moi_desktop.backup import backup_to  # loaded when first used (see the note at the top)

        return self.ctx.tasks.run(
            backup_to, path, title="กำลังสำรองข้อมูล",
            on_done=lambda out: show_message(self.window, f"สำรองข้อมูลไปที่ {out} แล้ว ตรวจความสมบูรณ์ผ่าน"),
            on_error=lambda exc: show_error(self.window, exc),
        )

    def restore_from_file(self, path: str | None = None, *, confirm: bool = True) -> Task | None:
        """Restore, then close the window: every page must start again from the restored data.

        A backup that is not this office's own first asks for the typed confirmation
        (`replace_dialog`); the restore starts once it is accepted."""
        if not guard(self.ctx, "backup.restore", self.window):
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "เลือกไฟล์สำรอง", "", "ฐานข้อมูล (*.sqlite3)")
            if not path:
                return None
        # loaded when first used (see the note at the top)
        from moi_desktop.backup import restore_plan
        from ui.dialogs.replace_office import ReplaceOfficeDialog

        try:
            plan = restore_plan(self.ctx.db, path)
        except UserError as exc:
            show_error(self.window, exc)
            return None
        if plan.problems:
            if not guard(self.ctx, "backup.replace_office", self.window):
                return None
            chosen = path
            self.replace_dialog = ReplaceOfficeDialog(plan, self.window)
            self.replace_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.replace_dialog.accepted.connect(lambda: self._start_restore(chosen, replace_office=True))
            self.replace_dialog.open()
            return None
        if confirm:
            answer = QMessageBox.question(
                self.window, "กู้คืนข้อมูล",
                "ข้อมูลปัจจุบันจะถูกแทนที่ด้วยข้อมูลในไฟล์สำรอง (โปรแกรมเก็บสำเนาข้อมูลปัจจุบันไว้ก่อน) "
                "แล้วโปรแกรมจะปิดเพื่อให้เปิดใหม่ ดำเนินการต่อหรือไม่",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self._start_restore(path, replace_office=False)

    def _start_restore(self, path: str, *, replace_office: bool) -> Task | None:
        from moi_desktop.backup import restore  # loaded when first used (see the note at the top)

        actor = current_user(self.ctx)

        def done(result: RestoreResult) -> None:
            box = show_message(self.window, f"กู้คืนแล้ว สำเนาข้อมูลเดิมอยู่ที่ {result.safety_copy}\nกรุณาเปิดโปรแกรมใหม่")
            box.finished.connect(self.window.close)

        def restore_task(p: str, *, progress: Progress, cancelled: Cancelled) -> RestoreResult:
            return restore(self.ctx.db_path, p, actor=actor, replace_office=replace_office, progress=progress)

        return self.ctx.tasks.run(restore_task, path, title="กำลังกู้คืนข้อมูล", with_db=False,
                                  on_done=done, on_error=lambda exc: show_error(self.window, exc))

    # automatic backups ----------------------------------------------------------------------------
    def daily_backup(self) -> Task | None:
        if not self.window.isVisible():  # closed: the application is going away
            return None
        from moi_desktop.backup import auto_backup_if_due  # loaded when first used (see the note at the top)

        def task(db: Database, *, progress: Progress, cancelled: Cancelled) -> Path | None:
            return auto_backup_if_due(db)

        return self.ctx.tasks.run(task, title="สำรองข้อมูลประจำวัน",
                                  on_error=lambda exc: log.error("daily backup failed: %s", exc))

    def close_backup(self) -> Path | None:
        try:
            from moi_desktop.backup import auto_backup  # loaded when first used (see the note at the top)

            return auto_backup(self.ctx.db, "close")
        except Exception:  # closing must go on; the failure is logged with its traceback
            log.exception("backup on close failed")
            return None

    def remove(self) -> None:
        """Stop the idle watcher and the backup timers."""
        self.watcher.stop()
        self.daily_timer.stop()
        self.first_backup_timer.stop()


def install_security(window: MainWindow, ctx: AppContext, *, idle_ms: int | None = None) -> SecurityController:
    """Auto-lock, role limits on the navigation, security menu and automatic backups for `window`.

    `idle_ms` overrides the office policy (idle_lock_minutes) — tests use a tiny value.
    """
    controller = SecurityController(window, ctx, idle_ms=idle_ms)
    apply_page_limits(window, getattr(ctx, "user", None))
    window._security = controller  # the window keeps its controller alive
    return controller


__all__ = [
    "IdleWatcher",
    "LockPanel",
    "SecurityController",
    "install_security",
]
