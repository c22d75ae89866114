"""The one paged table model of the list pages: pages fetched as the view scrolls, capped counts,
finding a row, sorting through the query."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView

from ui.models.paged import PAGE_SIZE, Column, PagedTableModel

GREY = QColor("#888888")


@dataclass
class Query:
    sort: str = "n"
    descending: bool = False


class Numbers(PagedTableModel):
    COLUMNS = (Column("เลข", lambda r: str(r["n"]), "n"), Column("คู่", lambda r: "ใช่" if r["n"] % 2 == 0 else ""))
    DEFAULT_SORT = "n"

    def __init__(self, size: int, cap: int | None = None, find_pages: int | None = None):
        self.COUNT_CAP, self.FIND_PAGES = cap, find_pages
        self.size, self.fetched = size, []
        super().__init__(None, Query())
        self.reload()

    def count(self) -> int:
        return self.size if self.COUNT_CAP is None else min(self.size, self.COUNT_CAP)

    def fetch(self, limit: int, offset: int) -> list[dict]:
        self.fetched.append(offset)
        numbers = sorted(range(self.size), reverse=self.query.descending)
        return [{"id": f"r{n}", "n": n} for n in numbers[offset:offset + limit]]

    def foreground(self, row):
        return GREY if row["n"] % 2 else None


def test_rows_come_a_page_at_a_time_and_the_total_is_counted():
    model = Numbers(450)
    assert (model.rowCount(), model.total, model.total_is_exact, model.canFetchMore()) == (PAGE_SIZE, 450, True, True)
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore() and model.fetched == [0, 200, 400]
    assert model.row_data(449)["n"] == 449 and model.row_data(450) is None and model.row_id(3) == "r3"


def test_a_capped_count_says_it_is_not_exact():
    model = Numbers(450, cap=300)
    assert model.total == 300 and not model.total_is_exact


def test_row_of_fetches_pages_until_found_or_allowed():
    assert Numbers(900).row_of("r850") == 850
    assert Numbers(900, find_pages=1).row_of("r850") == -1
    model = Numbers(900)
    assert model.row_of("missing") == -1 and model.rowCount() == 900


def test_cells_headers_and_sorting(qtbot):
    model = Numbers(5)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    index = model.index(1, 0)
    assert model.data(index) == "1" and model.data(model.index(2, 1)) == "ใช่"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == GREY
    assert model.data(index, Qt.ItemDataRole.UserRole) == "r1"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "เลข"
    assert model.headerData(9, Qt.Orientation.Vertical) == "๑๐"
    model.sort(1, Qt.SortOrder.DescendingOrder)  # an unsortable column sorts by the default key
    assert (model.query.sort, model.query.descending) == ("n", True)
    assert model.row_data(0)["n"] == 4
