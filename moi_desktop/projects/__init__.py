"""Pilot projects and their activities: projects, activities, budget by source,
monthly disbursements, before/after photos, supporting agencies, the ministry's tables and the
dashboard figures. All SQL for the area lives in this package."""

from typing import Any

from moi_desktop.db import Database
from moi_desktop.projects.agencies import add_agency, agencies, match_agency, update_agency
from moi_desktop.projects.budget import (
    add_disbursement,
    budgets,
    delete_disbursement,
    disbursements,
    month_key,
    monthly_disbursement,
    months_with_spending,
    set_budgets,
)
from moi_desktop.projects.dashboard import dashboard_data
from moi_desktop.projects.model import (
    AGENCY_GROUPS,
    BUDGET_SOURCES,
    DATA_SOURCES,
    FIVE_W_ONE_H,
    PHOTO_STAGES,
    STATUSES,
    TIMEFRAMES,
    VALUE_CHAIN,
)
from moi_desktop.projects.photos import (
    activity_photos,
    add_activity_photo,
    attach_photo_bytes,
    photo_file,
    remove_activity_photo,
)
from moi_desktop.projects.rounding import largest_remainder
from moi_desktop.projects.store import (
    activity_choices,
    add_activity,
    add_project,
    delete_activity,
    delete_project,
    get_activity,
    get_project,
    list_activities,
    list_projects,
    project_choices,
    restore_project,
    update_activity,
    update_project,
)
from moi_desktop.projects.summary import by_agency, by_category, totals


def info_extra(db: Database) -> dict[str, Any]:
    """`info --json`: the project figures at a glance (ids for scripts that render briefs)."""
    t = totals(db)
    return {"projects": {
        "count": t["projects"],
        "activities": t["activities"],
        "budget": t["budget"],
        "spent": t["spent"],
        "items": [{"id": p["id"], "title": p["title"], "activities": p["activities_count"]}
                  for p in list_projects(db)],
    }}


__all__ = [
    "AGENCY_GROUPS",
    "BUDGET_SOURCES",
    "DATA_SOURCES",
    "FIVE_W_ONE_H",
    "PHOTO_STAGES",
    "STATUSES",
    "TIMEFRAMES",
    "VALUE_CHAIN",
    "activity_choices",
    "activity_photos",
    "add_activity",
    "add_activity_photo",
    "attach_photo_bytes",
    "add_agency",
    "add_disbursement",
    "add_project",
    "agencies",
    "budgets",
    "by_agency",
    "by_category",
    "dashboard_data",
    "delete_activity",
    "delete_disbursement",
    "delete_project",
    "disbursements",
    "get_activity",
    "get_project",
    "largest_remainder",
    "list_activities",
    "list_projects",
    "match_agency",
    "month_key",
    "monthly_disbursement",
    "months_with_spending",
    "photo_file",
    "project_choices",
    "remove_activity_photo",
    "restore_project",
    "set_budgets",
    "totals",
    "update_activity",
    "update_agency",
    "update_project",
]
