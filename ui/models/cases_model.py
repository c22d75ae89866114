"""The case list: the core's case query shown a page at a time (ui/models/paged.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from moi_desktop.cases import (
    DIMENSION_SHORT,
    CaseQuery,
    count_cases,
    search_cases,
    status_label,
)
from moi_desktop.cases.households import household_address
from ui import formatting
from ui.models.paged import Column, PagedTableModel

OVERDUE_COLOR = QColor("#b00020")
CLOSED_COLOR = QColor("#666666")


class CasesModel(PagedTableModel):
    COLUMNS = (
        Column("วันที่รับเรื่อง", lambda r: formatting.thai_date(r["reported_on"], "medium"), "reported_on"),
        Column("หัวหน้าครัวเรือน", lambda r: r["head_name"], "household"),
        Column("ที่อยู่", lambda r: formatting.digits(household_address(r)), "subdistrict"),
        Column("ปัญหาที่", lambda r: formatting.digits(str(r["indicator_number"])), "indicator"),
        Column("ปัญหา", lambda r: r["indicator_text"]),
        Column("มิติ", lambda r: DIMENSION_SHORT.get(r["dimension"], "")),
        Column("สถานะ", lambda r: status_label(r["status"]) + (" (เกินกำหนด)" if r["overdue"] else ""), "status"),
        Column("จำนวนวัน", lambda r: formatting.digits(str(r["days_open"])), "days_open"),
    )
    DEFAULT_SORT = "reported_on"

    def __init__(self, db: Any, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(db, CaseQuery(), parent)
        self.today = today
        self.reload()

    def count(self) -> int:
        return count_cases(self.db, self.query, today=self.today)

    def fetch(self, limit: int, offset: int) -> list[dict]:
        return search_cases(self.db, self.query, limit=limit, offset=offset, today=self.today)

    def foreground(self, row: dict) -> QColor | None:
        if row["overdue"]:
            return OVERDUE_COLOR
        return CLOSED_COLOR if row["closed_on"] else None

    def tooltip(self, row: dict, column: int) -> str | None:
        return (row["description"] or None) if column in (1, 4) else None

    def case_id(self, row: int) -> str | None:
        return self.row_id(row)
