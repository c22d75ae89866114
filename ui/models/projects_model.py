"""Projects and a project's activities as Qt table models over the core's queries (filters and
search run in SQL; an office has tens of projects, a province a few hundred — one query each)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from moi_desktop.db import Database
from moi_desktop.projects import STATUSES, list_activities, list_projects
from moi_desktop.projects.progress import progress_text
from ui import formatting
from ui.models import ModelIndex

DONE_COLOR = QColor("#1b5e20")
IDLE_COLOR = QColor("#666666")
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def money(value: float | None) -> str:
    return formatting.digits(f"{value or 0:,.0f}")


def _period(row: dict) -> str:
    start, end = row.get("start_date"), row.get("end_date")
    if start and end:
        return f"{formatting.thai_date(start, 'short')} – {formatting.thai_date(end, 'short')}"
    return formatting.thai_date(start, "short") if start else ""


def percent(value: float | None) -> str:
    return formatting.percent(value)  # the one form on every screen: "๔๒%" (or "42%")


# (header, how to show a row, right-aligned)
PROJECT_COLUMNS = (
    ("โครงการ", lambda r: r["title"], False),
    ("ประเภท", lambda r: r["category_name"], False),
    ("สถานะ", lambda r: STATUSES.get(r["status"], r["status"]), False),
    # from its activities; "(บันทึกเอง)" without any
    ("ความก้าวหน้า", lambda r: progress_text(r, thai_digits=formatting.thai_digits()), True),
    ("กิจกรรม", lambda r: formatting.number(r["activities_count"]), True),
    ("งบประมาณ (บาท)", lambda r: "ไม่ใช้งบ" if r["no_budget"] else money(r["budget_total"]), True),
    ("เบิกจ่าย (บาท)", lambda r: money(r["spent_total"]), True),
    ("ระยะเวลา", _period, False),
)

ACTIVITY_COLUMNS = (
    ("ลำดับ", lambda r: formatting.digits(str(r["sort"] or "")), True),
    ("กิจกรรม", lambda r: r["title"], False),
    ("วันที่", _period, False),
    ("หน่วยงานรับผิดชอบ", lambda r: r["agency_name"] or "", False),
    ("งบที่วางแผน (บาท)", lambda r: money(r["budget_planned"]), True),
    ("ใช้จ่ายจริง (บาท)", lambda r: money(r["spent"]), True),
    ("ครัวเรือน/คน", lambda r: formatting.digits(f"{r['households_actual'] or 0:,}/{r['persons_actual'] or 0:,}"), True),
    ("ภาพ", lambda r: formatting.digits(str(r["photos_count"])), True),
    ("ความก้าวหน้า", lambda r: percent(r["progress"]), True),
)


class _RowsModel(QAbstractTableModel):
    COLUMNS: tuple = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_data(self, row: int) -> dict | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, row_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r["id"] == row_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_data(index.row()) if index.isValid() else None
        if row is None:
            return None
        header, show, numeric = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return show(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(NUMERIC.value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row)
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def color(self, row: dict) -> QColor | None:
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][0]
        return formatting.digits(str(section + 1))


class ProjectsModel(_RowsModel):
    COLUMNS = PROJECT_COLUMNS

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filters: dict = {}
        self.reload()

    def set_filters(self, *, category: int | None = None, status: str | None = None, search: str = "") -> None:
        self.filters = {"category": category, "status": status, "search": search}
        self.reload()

    def reload(self) -> None:
        self.set_rows(list_projects(self.db, **self.filters))

    def color(self, row: dict) -> QColor | None:
        if row["status"] == "completed":
            return DONE_COLOR
        if row["status"] == "suspended":
            return IDLE_COLOR
        return None


class ActivitiesModel(_RowsModel):
    COLUMNS = ACTIVITY_COLUMNS

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.project_id: str | None = None

    def set_project(self, project_id: str | None) -> None:
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        self.set_rows(list_activities(self.db, self.project_id) if self.project_id else [])

    def color(self, row: dict) -> QColor | None:
        return DONE_COLOR if (row["progress"] or 0) >= 100 else None
