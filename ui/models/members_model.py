"""The member list: the core's member search shown a page at a time (ui/models/paged.py).

The total is counted up to COUNT_CAP only, so a keystroke never counts a quarter of 100,000
members; past DENSE matches the search takes its cheaper plan.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from moi_desktop.members import MemberQuery, count_members, display_name, search_members
from moi_desktop.members.search import DENSE
from moi_desktop.thai import format_phone, phone_problem
from ui import formatting
from ui.models.paged import PAGE_SIZE, Column, PagedTableModel

COUNT_CAP = DENSE  # the label says "more than 5,000" beyond it
INACTIVE_COLOR = QColor("#888888")

__all__ = ["COUNT_CAP", "PAGE_SIZE", "MembersModel"]


def _phone(value: str | None) -> str:
    if not value:
        return ""
    return format_phone(value) if phone_problem(value) is None else value


def _place(row: dict) -> str:
    return (f"หมู่ {formatting.digits(row['moo'])} " if row["moo"] else "") + (row["subdistrict_name"] or "")


class MembersModel(PagedTableModel):
    COLUMNS = (
        Column("ชื่อ-สกุล", lambda r: display_name(r), "name"),
        Column("ภาคี", lambda r: r["sector_other"] or r["sector_name"] if r["sector"] == "other" else r["sector_name"],
               "sector"),
        Column("ทีม", lambda r: r["team_role_name"] or "", "team_role"),
        Column("หน่วยงาน", lambda r: r["organisation"] or "", "organisation"),
        Column("ตำแหน่ง", lambda r: r["position"] or ""),
        Column("โทรศัพท์", lambda r: _phone(r["phone"])),
        Column("ตำบล", lambda r: _place(r)),
        Column("สถานะ", lambda r: "ใช้งาน" if r["active"] else "ไม่ใช้งาน"),
    )
    DEFAULT_SORT = "name"
    COUNT_CAP = COUNT_CAP
    FIND_PAGES = 50

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(db, MemberQuery(), parent)
        self.reload()

    def count(self) -> int:
        return count_members(self.db, self.query, cap=COUNT_CAP)

    def fetch(self, limit: int, offset: int) -> list[dict]:
        return search_members(self.db, self.query, limit=limit, offset=offset, dense=self.total >= DENSE)

    def foreground(self, row: dict) -> QColor | None:
        return None if row["active"] else INACTIVE_COLOR

    def tooltip(self, row: dict, column: int) -> str | None:
        return f"ภาคีอื่น ๆ: {row['sector_other'] or '-'}" if column == 1 and row["sector"] == "other" else None

    def member_id(self, row: int) -> str | None:
        return self.row_id(row)
