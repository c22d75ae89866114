"""Table models of the attendance area: a session's latest marks, a training's eligibility list.

Rows are plain dicts the core returns; the models only present them (no SQL here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from moi_desktop.trainings.marking import format_mark_time
from moi_desktop.trainings.model import STATUSES
from ui import formatting
from ui.models import ModelIndex

STATUS_COLOURS = {"present": "#1b7f3b", "late": "#b26a00", "excused": "#4a5a8a", "absent": "#b3261e",
                  "eligible": "#1b7f3b", "can_reach": "#b26a00", "cannot_reach": "#b3261e"}


class DictTableModel(QAbstractTableModel):
    """Read-only rows of dicts; columns are (header, text of a row, colour key of a row or None)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[dict], str], Callable[[dict], str | None] | None]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict:
        return self.rows[index]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return formatting.digits(str(section + 1))
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        header, text, colour = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
            key = colour(row)
            return QColor(STATUS_COLOURS[key]) if key in STATUS_COLOURS else None
        return None


def recent_marks_model(parent: QObject | None = None) -> DictTableModel:
    """The desk's strip of latest marks (rows from trainings.last_marks)."""
    return DictTableModel([
        ("เวลา", lambda r: format_mark_time(r["marked_at"]), None),
        ("ชื่อ-สกุล", lambda r: r["name"] + (" (มาแทน)" if r.get("substitute_for") else ""), None),
        ("หน่วยงาน", lambda r: r.get("organisation") or r.get("sector_name") or "", None),
        ("สถานะ", lambda r: STATUSES.get(r["status"], r["status"]), lambda r: r["status"]),
    ], parent)


def _still_needed(r: dict) -> str:
    """What the threshold still asks: "อีก ๑ จาก ๓ รอบ" (of the sessions not yet decided), or
    how far out of reach it is."""
    if r["status"] == "eligible":
        return "-"
    short = max(r["needed"] - r["attended"], 0)
    if r["status"] == "can_reach":
        return formatting.digits(f"อีก {short} จาก {r['undecided']} รอบ")
    return formatting.digits(f"ขาด {short} รอบ (เหลือ {r['undecided']} รอบ)")


def targets_model(parent: QObject | None = None) -> DictTableModel:
    """Enrolled against target for one dimension (rows: enrolment_counts()['by_district'|'by_sector'])."""
    def percent(r: dict) -> str:
        return formatting.percent(100 * r["enrolled"] / r["target"]) if r["target"] else "-"

    def colour(r: dict) -> str | None:
        if not r["target"]:
            return None
        return "eligible" if r["enrolled"] >= r["target"] else "can_reach"

    return DictTableModel([
        ("ชื่อ", lambda r: r["name"] or "ไม่ระบุ", None),
        ("ลงทะเบียน (คน)", lambda r: formatting.digits(f"{r['enrolled']:,}"), None),
        ("เป้าหมาย (คน)", lambda r: formatting.digits(f"{r['target']:,}") if r["target"] else "-", None),
        ("ร้อยละของเป้าหมาย", percent, colour),
    ], parent)


def eligibility_model(parent: QObject | None = None) -> DictTableModel:
    """A training's people with their attendance percentage (rows: Eligibility.to_json())."""
    return DictTableModel([
        ("ชื่อ-สกุล", lambda r: r["name"], None),
        ("อำเภอ", lambda r: r["district_name"] or "", None),
        ("ภาคี", lambda r: r["sector_name"], None),
        ("เข้าอบรม", lambda r: formatting.digits(f"{r['attended']}/{r['scheduled']}"), None),
        ("ร้อยละ", lambda r: formatting.digits(f"{r['percent']:.1f}"), None),
        ("ยังต้องเข้า", _still_needed, None),
        ("ผล", lambda r: r["status_th"] + (" (มาแทนผู้อื่น)" if r["source"] == "substitute" else ""),
         lambda r: r["status"]),
    ], parent)
