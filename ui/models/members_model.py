"""The member list as a Qt table model: rows come a page at a time from the core's SQL search.

Filtering, sorting and paging happen in SQL (a QSortFilterProxyModel over 100k rows costs seconds
per keystroke); the model only caches the pages it has shown.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from moi_desktop.members import MemberQuery, count_members, display_name, search_members
from moi_desktop.members.search import DENSE
from moi_desktop.thai import format_phone, phone_problem, to_thai_digits

PAGE_SIZE = 200
COUNT_CAP = DENSE  # the label says "more than 5,000" beyond it
INACTIVE_COLOR = QColor("#888888")

# (header, how to show a row, sort key of the core query or None)
COLUMNS = (
    ("ชื่อ-สกุล", lambda r: display_name(r), "name"),
    ("ภาคี", lambda r: r["sector_other"] or r["sector_name"] if r["sector"] == "other" else r["sector_name"], "sector"),
    ("ทีม", lambda r: r["team_role_name"] or "", "team_role"),
    ("หน่วยงาน", lambda r: r["organisation"] or "", "organisation"),
    ("ตำแหน่ง", lambda r: r["position"] or "", None),
    ("โทรศัพท์", lambda r: _phone(r["phone"]), None),
    ("ตำบล", lambda r: (f"หมู่ {to_thai_digits(r['moo'])} " if r["moo"] else "") + (r["subdistrict_name"] or ""), None),
    ("สถานะ", lambda r: "ใช้งาน" if r["active"] else "ไม่ใช้งาน", None),
)


def _phone(value: str | None) -> str:
    if not value:
        return ""
    return format_phone(value) if phone_problem(value) is None else value


class MembersModel(QAbstractTableModel):
    """Rows are fetched a page at a time as the view scrolls (canFetchMore/fetchMore); the total is
    counted up to COUNT_CAP only, so a keystroke never counts a quarter of 100,000 members."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.query = MemberQuery()
        self.total = 0  # capped at COUNT_CAP
        self._rows: list[dict] = []
        self._more = False
        self.reload()

    # --- querying -------------------------------------------------------------------------
    def set_query(self, query: MemberQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.total = count_members(self.db, self.query, cap=COUNT_CAP)
        self._rows = search_members(self.db, self.query, limit=PAGE_SIZE, offset=0, dense=self._dense)
        self._more = len(self._rows) == PAGE_SIZE
        self.endResetModel()

    @property
    def _dense(self) -> bool:
        return self.total >= DENSE

    @property
    def total_is_exact(self) -> bool:
        return self.total < COUNT_CAP

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008 — Qt signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = search_members(self.db, self.query, limit=PAGE_SIZE, offset=len(self._rows), dense=self._dense)
        self._more = len(page) == PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def row_data(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def member_id(self, row: int) -> str | None:
        data = self.row_data(row)
        return data["id"] if data else None

    def row_of(self, member_id: str, max_pages: int = 50) -> int:
        """Row of a member, fetching up to `max_pages` more pages to find it (-1 if not there)."""
        for _ in range(max_pages + 1):
            for i, r in enumerate(self._rows):
                if r["id"] == member_id:
                    return i
            if not self._more:
                break
            self.fetchMore()
        return -1

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1 and row["sector"] == "other":
            return f"ภาคีอื่น ๆ: {row['sector_other'] or '-'}"
        if role == Qt.ItemDataRole.ForegroundRole and not row["active"]:
            return INACTIVE_COLOR
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return to_thai_digits(section + 1)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2] or "name"
        self.query.sort = key
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
