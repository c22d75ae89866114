"""A list page's table model: rows of a core query, fetched a page at a time as the view scrolls.

Filtering, sorting and paging happen in SQL (a QSortFilterProxyModel over 100,000 rows costs
seconds per keystroke); the model keeps only the rows it has shown. A subclass names its columns
and says how to count and fetch the rows of its query:

    class CasesModel(PagedTableModel):
        COLUMNS = (Column("วันที่รับเรื่อง", lambda r: ..., sort="reported_on"), ...)
        DEFAULT_SORT = "reported_on"

        def count(self) -> int: return count_cases(self.db, self.query)
        def fetch(self, limit, offset): return search_cases(self.db, self.query, limit=limit, offset=offset)

The query object carries `sort` and `descending`, which a click on a sortable header sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from ui import formatting
from ui.models import ModelIndex

PAGE_SIZE = 200


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[dict], str]
    sort: str | None = None  # the query's sort key; None: a click sorts by DEFAULT_SORT


class PagedTableModel(QAbstractTableModel):
    COLUMNS: Sequence[Column] = ()
    DEFAULT_SORT = ""
    # Count at most this many rows (None: count all): past it, the page says "more than".
    COUNT_CAP: int | None = None
    # How many further pages row_of() may fetch looking for a row (None: until the end).
    FIND_PAGES: int | None = None

    def __init__(self, db: Any, query: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.query = query
        self.total = 0  # rows the query matches (at most COUNT_CAP)
        self._rows: list[dict] = []
        self._more = False

    # --- what a subclass supplies ---------------------------------------------------------
    def count(self) -> int:
        raise NotImplementedError

    def fetch(self, limit: int, offset: int) -> list[dict]:
        raise NotImplementedError

    def foreground(self, row: dict) -> QColor | None:
        return None

    def tooltip(self, row: dict, column: int) -> str | None:
        return None

    # --- querying -------------------------------------------------------------------------
    def set_query(self, query: Any) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.count()
        self._rows = self.fetch(PAGE_SIZE, 0)
        self._more = len(self._rows) == PAGE_SIZE
        self.endResetModel()

    @property
    def total_is_exact(self) -> bool:
        return self.COUNT_CAP is None or self.total < self.COUNT_CAP

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        page = self.fetch(PAGE_SIZE, len(self._rows))
        self._more = len(page) == PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def row_data(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: int) -> str | None:
        data = self.row_data(row)
        return data["id"] if data else None

    def row_of(self, row_id: str) -> int:
        """The row showing `row_id`, fetching further pages to find it (-1 when it is not listed)."""
        fetched = 0
        while True:
            found = next((i for i, r in enumerate(self._rows) if r["id"] == row_id), -1)
            if found >= 0 or not self._more or (self.FIND_PAGES is not None and fetched >= self.FIND_PAGES):
                return found
            self.fetchMore()
            fetched += 1

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_data(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[index.column()].text(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section].header
        return formatting.digits(str(section + 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.query.sort = self.COLUMNS[column].sort or self.DEFAULT_SORT
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
