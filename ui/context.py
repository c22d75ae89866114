"""What every page gets: the main-thread database, the office, background tasks, change signal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from moi_desktop.db.changes import Change, listen, unlisten
from moi_desktop.office import Office, get_office
from moi_desktop.security.integrity import refresh_local_anchor
from moi_desktop.security.users import User
from ui import formatting
from ui.tasks import TaskRunner


class AppContext(QObject):
    """Shared state of one open database.

    `data_changed(table)` is emitted on the main thread after rows of `table` were written: every
    write goes through `moi_desktop.db.rows`, which announces it on its own database — `db` here,
    a background task's connection for tasks (relayed by `tasks.tables_written`). Pages refresh
    from that signal alone. Emission is deferred to the event loop and deduplicated, so a bulk
    write refreshes each page once and never in the middle of a transaction.
    """

    data_changed = Signal(str)

    def __init__(
        self,
        db: sqlite_utils.Database,
        db_path: str | Path,
        office: Office | None = None,
        tasks: TaskRunner | None = None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.office = office if office is not None else get_office(db)
        self.tasks = tasks if tasks is not None else TaskRunner(self.db_path)
        self.tasks.tables_written.connect(self._on_tables_written)
        self.settings = settings if settings is not None else QSettings()
        self.user: User | None = None  # set by ui.dialogs.login once someone logs in
        self._pending: set[str] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        # Work pages put off until the window is first painted (see after_first_paint); None:
        # no start-up under way, work runs at once.
        self._after_paint: list[Callable[[], None]] | None = None
        self._closed = False
        listen(self.db, self._on_change)
        formatting.attach(self)  # DISPLAY: the office's digits on every screen

    # -- start-up: the window first, then what it can show a moment later (issue 18) -----------
    def hold_until_painted(self) -> None:
        """From now until first_paint_done(), after_first_paint() queues its work (ui/app.py, at
        start-up, before it builds the main window)."""
        if self._after_paint is None:
            self._after_paint = []

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run `work` once the window is first painted when a start-up is under way, else now: a
        page puts off here what the clerk need not wait for to use the window (the home page's
        day summary and charts)."""
        if self._after_paint is None:
            work()
        else:
            self._after_paint.append(work)

    def first_paint_done(self) -> None:
        """The window has been painted: run the work put off until then (MainWindow calls this)."""
        if self._closed:  # the window outlived its database (it is closing): nothing to fill
            return
        pending, self._after_paint = self._after_paint or [], None
        for work in pending:
            work()

    def reload_office(self) -> Office | None:
        self.office = get_office(self.db)
        return self.office

    def notify_changed(self, *tables: str) -> None:
        """Queue data_changed for each table (once per table per event-loop turn). Fed by the
        announcements; pages never need to call it."""
        self._pending.update(tables)
        self._flush_timer.start()

    def close(self) -> None:
        """Stop listening, stop background work (waiting for it), close the database."""
        unlisten(self.db, self._on_change)
        self._flush_timer.stop()  # nothing is announced from a closed database
        self._after_paint = []  # nor is work put off until a paint run on it
        self._closed = True
        self.tasks.shutdown()
        self.db.close()

    def _on_change(self, _db: sqlite_utils.Database, change: Change) -> None:
        self.notify_changed(change.table)

    def _on_tables_written(self, tables: list) -> None:
        self.notify_changed(*tables)

    def _flush(self) -> None:
        tables, self._pending = sorted(self._pending), set()
        refresh_local_anchor(self.db)  # the writes just heard have committed: anchor the audit head
        if "office" in tables:
            self.reload_office()
        for table in tables:
            self.data_changed.emit(table)
