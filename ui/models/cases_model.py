"""The case list as a Qt table model: pages of rows from the core's SQL query (filters, sort and
paging in SQL — a proxy model over a Python list costs seconds per keystroke at scale)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from moi_desktop.cases import (
    DIMENSION_SHORT,
    CaseQuery,
    count_cases,
    search_cases,
    status_label,
)
from moi_desktop.cases.households import household_address
from moi_desktop.thai import format_thai_date, to_thai_digits

PAGE_SIZE = 200
OVERDUE_COLOR = QColor("#b00020")
CLOSED_COLOR = QColor("#666666")

# (header, how to show a row, sort key of the core query or None)
COLUMNS = (
    ("วันที่รับเรื่อง", lambda r: format_thai_date(r["reported_on"], "medium"), "reported_on"),
    ("หัวหน้าครัวเรือน", lambda r: r["head_name"], "household"),
    ("ที่อยู่", lambda r: to_thai_digits(household_address(r)), "subdistrict"),
    ("ปัญหาที่", lambda r: to_thai_digits(str(r["indicator_number"])), "indicator"),
    ("ปัญหา", lambda r: r["indicator_text"], None),
    ("มิติ", lambda r: DIMENSION_SHORT.get(r["dimension"], ""), None),
    ("สถานะ", lambda r: status_label(r["status"]) + (" (เกินกำหนด)" if r["overdue"] else ""), "status"),
    ("จำนวนวัน", lambda r: to_thai_digits(str(r["days_open"])), "days_open"),
)


class CasesModel(QAbstractTableModel):
    def __init__(self, db, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.query = CaseQuery()
        self._count = 0
        self._pages: dict[int, list[dict]] = {}
        self.reload()

    def set_query(self, query: CaseQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = count_cases(self.db, self.query, today=self.today)
        self.endResetModel()

    def _page(self, number: int) -> list[dict]:
        if number not in self._pages:
            self._pages[number] = search_cases(self.db, self.query, limit=PAGE_SIZE, offset=number * PAGE_SIZE,
                                               today=self.today)
        return self._pages[number]

    def row_data(self, row: int) -> dict | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def case_id(self, row: int) -> str | None:
        data = self.row_data(row)
        return data["id"] if data else None

    def row_of(self, case_id: str) -> int:
        """Row of a case in the current list (-1 when filtered out); loads pages as it looks."""
        for number in range((self._count + PAGE_SIZE - 1) // PAGE_SIZE):
            for i, r in enumerate(self._page(number)):
                if r["id"] == case_id:
                    return number * PAGE_SIZE + i
        return -1

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 — Qt signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row["overdue"]:
                return OVERDUE_COLOR
            if row["closed_on"]:
                return CLOSED_COLOR
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (4, 1):
            return row["description"] or None
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return to_thai_digits(str(section + 1))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2] or "reported_on"
        self.query.sort = key
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
