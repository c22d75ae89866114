"""Household problem cases: households, cases tied to the numbered indicators, the action
log, the status machine, photos, queries and the workbook import.

    hid = add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": "12", "moo": "3", ...})
    cid = add_case(db, {"household_id": hid, "indicator_id": ..., "reported_on": "2022-08-01"})
    change_status(db, cid, "in_progress", note="ลงพื้นที่เยี่ยมบ้าน", by_whom="ปลัดอำเภอ")
"""

from typing import Any

from moi_desktop.cases.households import (
    add_household,
    delete_household,
    get_household,
    household_address,
    require_household,
    search_households,
    update_household,
)
from moi_desktop.cases.indicators import (
    list_indicators,
    save_indicator,
    set_indicator_active,
)
from moi_desktop.cases.model import (
    DIMENSION_SHORT,
    DIMENSIONS,
    MASK,
    SOURCES,
    mask_name,
)
from moi_desktop.cases.photos import (
    add_case_photo,
    case_photos,
    photo_file,
    remove_case_photo,
)
from moi_desktop.cases.query import (
    CaseQuery,
    count_cases,
    household_cases,
    overdue_days,
    search_cases,
    set_overdue_days,
    status_counts,
)
from moi_desktop.cases.status import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    check_transition,
    next_statuses,
    status_label,
)
from moi_desktop.cases.store import (
    add_action,
    add_case,
    case_actions,
    change_status,
    delete_case,
    get_case,
    require_case,
    restore_case,
    update_case,
)
from moi_desktop.db import Database


def info_extra(db: Database) -> dict[str, Any]:
    """For `info --json`: how the caseload stands (only once the cases tables exist)."""
    if "cases" not in db.table_names():
        return {}
    counts = status_counts(db)
    open_n = sum(counts[s] for s in OPEN_STATUSES)
    return {"cases_summary": {"open": open_n, "overdue": counts["overdue"], "overdue_days": overdue_days(db),
                              "by_status": {s: counts[s] for s in STATUSES}}}


__all__ = [
    "CLOSED_STATUSES",
    "DIMENSIONS",
    "DIMENSION_SHORT",
    "MASK",
    "OPEN_STATUSES",
    "SOURCES",
    "STATUSES",
    "TRANSITIONS",
    "CaseQuery",
    "add_action",
    "add_case",
    "add_case_photo",
    "add_household",
    "case_actions",
    "case_photos",
    "change_status",
    "check_transition",
    "count_cases",
    "delete_case",
    "delete_household",
    "restore_case",
    "get_case",
    "get_household",
    "household_address",
    "household_cases",
    "info_extra",
    "list_indicators",
    "mask_name",
    "next_statuses",
    "overdue_days",
    "photo_file",
    "remove_case_photo",
    "require_case",
    "require_household",
    "save_indicator",
    "search_cases",
    "search_households",
    "set_indicator_active",
    "set_overdue_days",
    "status_counts",
    "status_label",
    "update_case",
    "update_household",
]
