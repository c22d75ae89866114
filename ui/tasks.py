"""Background work with a delayed progress dialog, cancel, and one way of reporting errors.

    ctx.tasks.run(import_members, path, title="นำเข้ารายชื่อ", on_done=self._imported)

runs `import_members(db, path, progress=..., cancelled=...)` on a pool thread, where `db` is a
connection the worker opens from `db_path` (and closes afterwards) — never the main-thread
connection — with the logged-in user (`runner.user`, set at login) acting on it, so the core
checks and audits the task as that user's. Pass `with_db=False` for work that needs no database:
then `fn(*args, progress=..., cancelled=...)`: the two callbacks of `moi_desktop.progress` (the
dialog shows the progress; total 0 means "unknown"; `cancelled()` returns True once the user
pressed ยกเลิก).

The result reaches `on_done(result)` on the main thread. A failure is reported once: UserError →
plain Thai message, anything else → logged with traceback + details dialog; then `on_error(exc)`
runs if given. A cancelled task calls neither on_done nor shows a UserError it raised to stop
(the user asked for it); `on_cancelled()` runs instead. Tables the task wrote (announced on the
worker's connection by `moi_desktop.db.rows`) are relayed by `tables_written` (AppContext turns it
into data_changed).

`TaskRunner(db_path, sync=True)` runs everything immediately in the calling thread, for tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QWidget

from moi_desktop.db import open_database
from moi_desktop.db.changes import Change, listen
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security import User, act_as
from moi_desktop.security.integrity import refresh_local_anchor
from ui.errors import show_error

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class Task(QObject):
    """One run of a function. Public signals are emitted on the main thread."""

    progressed = Signal(int, int, str)
    finished = Signal()  # after on_done / error reporting / on_cancelled, whatever the outcome
    # Emitted from the worker; connected to bound methods of this main-thread object, so
    # Qt queues them to the main thread.
    _progress_raw = Signal(int, int, str)
    _ended = Signal(object, object)

    def __init__(self, title: str, deliver: Callable[[Task, Any, BaseException | None], None]) -> None:
        super().__init__()
        self.title = title
        self._deliver = deliver
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.last_progress: tuple[int, int, str] = (0, 0, "")
        self._progress_raw.connect(self._relay_progress)
        self._ended.connect(self._on_ended)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _relay_progress(self, done: int, total: int, message: str) -> None:
        self.last_progress = (done, total, message)
        self.progressed.emit(done, total, message)

    def _on_ended(self, result: Any, error: BaseException | None) -> None:
        self._deliver(self, result, error)


class _Worker(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._body = body

    def run(self) -> None:
        self._body()


class TaskRunner(QObject):
    tables_written = Signal(list)

    def __init__(self, db_path: str | Path, *, sync: bool = False, parent_widget: QWidget | None = None,
                 delay_ms: int = PROGRESS_DELAY_MS, max_threads: int = 2) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.sync = sync
        self.parent_widget = parent_widget
        self.delay_ms = delay_ms
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[Task] = set()
        self._dialogs: dict[Task, QProgressDialog] = {}
        self._bars: dict[Task, QProgressBar] = {}  # each dialog's bar, set directly (see _show_dialog)
        self._callbacks: dict[Task, tuple] = {}
        self.user: User | None = None  # bound to each task's connection (ui/dialogs/login.py)

    def run(self, fn: Callable[..., Any], *args: Any, title: str,
            on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[BaseException], object] | None = None,
            on_cancelled: Callable[[], None] | None = None,
            with_db: bool = True, quiet: bool = False) -> Task:
        """`quiet=True`: no progress dialog (the caller shows `task.progressed` itself, e.g. a
        preview that renders while the user goes on working)."""
        task = Task(title, self._deliver)
        self._active.add(task)
        task.progressed.connect(lambda *_: self._on_progress(task))
        self._callbacks[task] = (on_done, on_error, on_cancelled)

        def body() -> None:
            try:
                result = self._call(task, fn, args, with_db)
            except BaseException as exc:  # noqa: BLE001 — reported once, on the main thread
                task._ended.emit(None, exc)
            else:
                task._ended.emit(result, None)

        if self.sync:
            body()
        else:
            if not quiet:
                QTimer.singleShot(self.delay_ms, task, lambda: self._show_dialog(task))
            self._pool.start(_Worker(body))
        return task

    def progress_dialog(self, task: Task) -> QProgressDialog | None:
        """The task's progress dialog, once shown (None before the delay and after the end)."""
        return self._dialogs.get(task)

    def active_tasks(self) -> list[Task]:
        return list(self._active)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Ask every running task to stop and wait for the workers; True if all ended."""
        for task in self._active:
            task.cancel()
        return self._pool.waitForDone(timeout_ms)

    def _call(self, task: Task, fn: Callable[..., Any], args: tuple, with_db: bool) -> Any:
        def progress(done: int, total: int, message: str = "") -> None:
            task._progress_raw.emit(int(done), int(total), str(message))

        cancelled: Cancelled = task.is_cancelled
        callbacks: dict[str, Progress | Cancelled] = {"progress": progress, "cancelled": cancelled}
        if not with_db:
            return fn(*args, **callbacks)
        db = open_database(self.db_path)
        act_as(db, self.user)
        written: set[str] = set()

        def heard(_db: sqlite_utils.Database, change: Change) -> None:  # on the worker thread, its own db
            written.add(change.table)

        listen(db, heard)
        try:
            return fn(db, *args, **callbacks)
        finally:
            try:
                if written:
                    refresh_local_anchor(db)  # what the task committed, anchored
            finally:
                db.close()
            if written:
                self.tables_written.emit(sorted(written))

    def _on_progress(self, task: Task) -> None:
        dialog = self._dialogs.get(task)
        if dialog is not None:
            self._apply_progress(dialog, self._bars[task], task)

    def _show_dialog(self, task: Task) -> None:
        if task.done or task in self._dialogs:
            return
        dialog = QProgressDialog(task.title, "ยกเลิก", 0, 0, self.parent_widget or QApplication.activeWindow())
        dialog.setWindowTitle(task.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        # Our own bar, set directly: QProgressDialog.setValue runs the event loop when the dialog is
        # modal, and a nested loop would deliver this task's later signals before the current one.
        bar = self._bars[task] = QProgressBar(dialog)
        dialog.setBar(bar)
        dialog.canceled.connect(lambda: self._cancel_from_dialog(task, dialog))
        self._dialogs[task] = dialog
        self._apply_progress(dialog, bar, task)
        dialog.show()

    @staticmethod
    def _apply_progress(dialog: QProgressDialog, bar: QProgressBar, task: Task) -> None:
        done, total, message = task.last_progress
        if task.is_cancelled():
            return
        bar.setMaximum(max(total, 0))
        if total > 0:
            bar.setValue(min(max(done, 0), total))
        dialog.setLabelText(f"{task.title}\n{message}" if message else task.title)

    @staticmethod
    def _cancel_from_dialog(task: Task, dialog: QProgressDialog) -> None:
        task.cancel()
        dialog.setLabelText(f"{task.title}\nกำลังยกเลิก…")
        dialog.setCancelButton(None)  # pressing twice changes nothing; the worker stops on its own

    def _deliver(self, task: Task, result: Any, error: BaseException | None) -> None:
        on_done, on_error, on_cancelled = self._callbacks.pop(task)
        task.done = True
        task.result, task.error = result, error
        dialog = self._dialogs.pop(task, None)
        self._bars.pop(task, None)
        if dialog is not None:
            dialog.canceled.disconnect()  # closing a QProgressDialog emits canceled
            dialog.hide()
            dialog.deleteLater()
        try:
            if error is not None and not (task.is_cancelled() and isinstance(error, UserError)):
                show_error(self.parent_widget or QApplication.activeWindow(), error)
                if on_error is not None:
                    on_error(error)
            elif task.is_cancelled():
                if on_cancelled is not None:
                    on_cancelled()
            elif on_done is not None:
                on_done(result)
        except Exception as exc:  # a bug in a callback: report it like any other
            show_error(self.parent_widget or QApplication.activeWindow(), exc)
        finally:
            self._active.discard(task)
            task.finished.emit()
