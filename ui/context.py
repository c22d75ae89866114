"""What every page gets: the main-thread database, the office, background tasks, change signal."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from moi_desktop.db.rows import add_change_listener, remove_change_listener
from moi_desktop.office import Office, get_office
from ui.tasks import TaskRunner


class AppContext(QObject):
    """Shared state of one open database.

    `data_changed(table)` is emitted on the main thread after rows of `table` were written —
    automatically for writes through `moi_desktop.db.rows` on `db` and for tables written by
    background tasks; pages that write some other way call `notify_changed(table)`. Emission is
    deferred to the event loop and deduplicated, so a bulk write refreshes each page once and
    never in the middle of a transaction.
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
    ):
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.office = office if office is not None else get_office(db)
        self.tasks = tasks if tasks is not None else TaskRunner(self.db_path)
        self.tasks.tables_written.connect(self._on_tables_written)
        self.settings = settings if settings is not None else QSettings()
        self._pending: set[str] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        add_change_listener(self._on_row_change)

    def reload_office(self) -> Office | None:
        self.office = get_office(self.db)
        return self.office

    def notify_changed(self, *tables: str) -> None:
        """Queue data_changed for each table (once per table per event-loop turn)."""
        self._pending.update(tables)
        self._flush_timer.start()

    def close(self) -> None:
        """Stop listening, stop background work (waiting for it), close the database."""
        remove_change_listener(self._on_row_change)
        self.tasks.shutdown()
        self.db.close()

    def _on_row_change(self, db: sqlite_utils.Database, table: str, row_id: str, action: str,
                       values: Mapping[str, Any]) -> None:
        # Listeners are global and also fire for worker connections on other threads: only
        # writes on our own main-thread connection are ours to announce here.
        if db is self.db:
            self.notify_changed(table)

    def _on_tables_written(self, tables: list) -> None:
        self.notify_changed(*tables)

    def _flush(self) -> None:
        tables, self._pending = sorted(self._pending), set()
        if "office" in tables:
            self.reload_office()
        for table in tables:
            self.data_changed.emit(table)
