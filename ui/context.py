"""What every page gets: the main-thread database, the office, background tasks, change signal."""

from __future__ import annotations

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
        listen(self.db, self._on_change)
        formatting.attach(self)  # DISPLAY: the office's digits on every screen

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
