"""Projects and their activities: create, change, list, soft-delete (with their links)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypedDict

from moi_desktop.db import Database, insert_row, soft_delete, undelete, update_row
from moi_desktop.errors import UserError
from moi_desktop.projects.links import LinkValue, linked, set_links
from moi_desktop.projects.model import check_dates, clean_activity, clean_project

# Keyword arguments of add_project/update_project that are link sets, not columns.
PROJECT_LINKS = {
    "subdistricts": "project_subdistricts",
    "sdgs": "project_sdgs",
    "indicators": "project_indicators",
    "sectors": "project_sectors",
    "agencies": "project_agencies",
}


class ProjectTotals(TypedDict):
    """A project's money and activity figures, computed from its budget lines, disbursements and activities."""

    budget_total: float
    spent_total: float
    activities_count: int
    activities_planned: float
    households_actual: int
    persons_actual: int
    activities_progress: int | None  # mean progress of the activities, None without activities


def _check_links(db: Database, links: Mapping[str, Iterable[LinkValue] | None]) -> dict[str, list[LinkValue]]:
    checks: dict[str, tuple[str, str, Callable[[Any], LinkValue]]] = {
        "subdistricts": ("SELECT subdistrict_code FROM subdistricts WHERE subdistrict_code IN ({})", "ตำบล", str),
        "sdgs": ("SELECT goal FROM sdgs WHERE goal IN ({})", "เป้าหมาย SDGs", int),
        "indicators": ("SELECT id FROM indicators WHERE id IN ({})", "ตัวชี้วัด", str),
        "sectors": ("SELECT code FROM sectors WHERE code IN ({})", "ภาคีเครือข่าย", str),
        "agencies": ("SELECT id FROM agencies WHERE id IN ({})", "หน่วยงานสนับสนุน", str),
    }
    out = {}
    for name, given in links.items():
        sql, label, kind = checks[name]
        values = [kind(v) for v in dict.fromkeys(given or ())]
        if values:
            found = {r[0] for r in db.execute(sql.format(", ".join("?" * len(values))), values)}
            missing = [v for v in values if v not in found]
            if missing:
                raise UserError(f"ไม่พบ{label}: {', '.join(map(str, missing))}", field=name)
        out[name] = values
    return out


def add_project(db: Database, values: Mapping[str, Any], **links: Iterable[LinkValue]) -> str:
    """Create a project; `links` may give subdistricts, sdgs, indicators, sectors, agencies."""
    unknown = set(links) - set(PROJECT_LINKS)
    if unknown:
        raise TypeError(f"unknown links: {sorted(unknown)}")
    row = clean_project(db, values)
    checked = _check_links(db, links)
    with db.atomic():
        project_id = insert_row(db, "projects", row)
        for name, items in checked.items():
            set_links(db, PROJECT_LINKS[name], project_id, items)
    return project_id


def require_project(db: Database, project_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL", [project_id]))
    if not rows:
        raise UserError("ไม่พบโครงการที่เลือก", field="project")
    return dict(rows[0])


def update_project(db: Database, project_id: str, values: Mapping[str, Any] | None = None,
                   **links: Iterable[LinkValue]) -> None:
    current = require_project(db, project_id)
    unknown = set(links) - set(PROJECT_LINKS)
    if unknown:
        raise TypeError(f"unknown links: {sorted(unknown)}")
    changes = clean_project(db, values or {}, partial=True)
    check_dates(changes.get("start_date", current["start_date"]), changes.get("end_date", current["end_date"]))
    checked = _check_links(db, links)
    with db.atomic():
        touched = False
        for name, items in checked.items():
            touched |= set_links(db, PROJECT_LINKS[name], project_id, items)
        if changes or touched:
            update_row(db, "projects", project_id, changes)


def get_project(db: Database, project_id: str) -> dict[str, Any]:
    """The project row with its link sets and computed money/progress figures."""
    project = require_project(db, project_id)
    for name, table in PROJECT_LINKS.items():
        project[name] = linked(db, table, project_id)
    project.update(project_totals(db, project_id))
    return project


def project_totals(db: Database, project_id: str) -> ProjectTotals:
    budget = db.execute("SELECT COALESCE(SUM(amount), 0) FROM project_budgets WHERE project_id = ? "
                        "AND deleted_at IS NULL", [project_id]).fetchone()[0]
    spent = db.execute("SELECT COALESCE(SUM(amount), 0) FROM disbursements WHERE project_id = ? "
                       "AND deleted_at IS NULL", [project_id]).fetchone()[0]
    n, planned, households, persons, progress = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(budget_planned), 0), COALESCE(SUM(households_actual), 0), "
        "COALESCE(SUM(persons_actual), 0), AVG(progress) FROM activities "
        "WHERE project_id = ? AND deleted_at IS NULL", [project_id]).fetchone()
    return {
        "budget_total": budget,
        "spent_total": spent,
        "activities_count": n,
        "activities_planned": planned,
        "households_actual": households,
        "persons_actual": persons,
        "activities_progress": round(progress) if progress is not None else None,
    }


def delete_project(db: Database, project_id: str) -> None:
    """Soft-delete a project and, with it, its activities (their tombstones travel too)."""
    require_project(db, project_id)
    with db.atomic():
        # Project first: its activities' tombstones are then never older than its own (restore relies on it).
        soft_delete(db, "projects", project_id)
        for (activity_id,) in db.execute(
            "SELECT id FROM activities WHERE project_id = ? AND deleted_at IS NULL", [project_id]).fetchall():
            soft_delete(db, "activities", activity_id)


def restore_project(db: Database, project_id: str) -> None:
    row = db.execute("SELECT deleted_at FROM projects WHERE id = ?", [project_id]).fetchone()
    if row is None or row[0] is None:
        raise UserError("ไม่พบโครงการที่ลบไว้", field="project")
    with db.atomic():
        # Activities deleted together with the project (same second or later) come back with it.
        for (activity_id,) in db.execute(
            "SELECT id FROM activities WHERE project_id = ? AND deleted_at >= ?", [project_id, row[0]]).fetchall():
            undelete(db, "activities", activity_id)
        undelete(db, "projects", project_id)


LIST_SQL = """
SELECT p.id, p.title, p.category, c.short_th AS category_name, p.status, p.progress, p.start_date, p.end_date,
       p.district_code, d.name_th AS district_name, p.households_target, p.persons_target, p.project_value,
       p.no_budget,
       COALESCE(b.budget, 0) AS budget_total, COALESCE(s.spent, 0) AS spent_total,
       COALESCE(a.n, 0) AS activities_count, a.progress AS activities_progress
FROM projects p
JOIN project_categories c ON c.code = p.category
LEFT JOIN districts d ON d.district_code = p.district_code
LEFT JOIN (SELECT project_id, SUM(amount) AS budget FROM project_budgets WHERE deleted_at IS NULL
           GROUP BY project_id) b ON b.project_id = p.id
LEFT JOIN (SELECT project_id, SUM(amount) AS spent FROM disbursements WHERE deleted_at IS NULL
           GROUP BY project_id) s ON s.project_id = p.id
LEFT JOIN (SELECT project_id, COUNT(*) AS n, ROUND(AVG(progress)) AS progress FROM activities
           WHERE deleted_at IS NULL GROUP BY project_id) a ON a.project_id = p.id
WHERE p.deleted_at IS NULL {where}
ORDER BY p.category, p.title COLLATE NOCASE, p.id
"""


def list_projects(db: Database, *, category: int | None = None, status: str | None = None,
                  search: str | None = None) -> list[dict[str, Any]]:
    where: list[str] = []
    params: list[str | int] = []
    if category is not None:
        where.append("p.category = ?")
        params.append(int(category))
    if status:
        where.append("p.status = ?")
        params.append(status)
    if search and search.strip():
        where.append("(p.title LIKE ? OR p.objectives LIKE ? OR d.name_th LIKE ?)")
        like = f"%{search.strip()}%"
        params += [like, like, like]
    sql = LIST_SQL.format(where="".join(f" AND {w}" for w in where))
    return [dict(r) for r in db.query(sql, params)]


# -- activities ------------------------------------------------------------------------------
def add_activity(db: Database, project_id: str, values: Mapping[str, Any], sectors: Iterable[str] = ()) -> str:
    require_project(db, project_id)
    row = clean_activity(db, values)
    if row.get("sort") is None:
        row["sort"] = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM activities WHERE project_id = ?",
                                 [project_id]).fetchone()[0]
    checked = _check_links(db, {"sectors": sectors})["sectors"]
    with db.atomic():
        activity_id = insert_row(db, "activities", {"project_id": project_id, **row})
        set_links(db, "activity_sectors", activity_id, checked)
        update_row(db, "projects", project_id, {})  # the project changed: its lists must refresh
    return activity_id


def require_activity(db: Database, activity_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM activities WHERE id = ? AND deleted_at IS NULL", [activity_id]))
    if not rows:
        raise UserError("ไม่พบกิจกรรมที่เลือก", field="activity")
    return dict(rows[0])


def update_activity(db: Database, activity_id: str, values: Mapping[str, Any] | None = None,
                    sectors: Iterable[str] | None = None) -> None:
    current = require_activity(db, activity_id)
    changes = clean_activity(db, values or {}, partial=True)
    check_dates(changes.get("start_date", current["start_date"]), changes.get("end_date", current["end_date"]))
    checked = _check_links(db, {"sectors": sectors})["sectors"] if sectors is not None else None
    with db.atomic():
        touched = set_links(db, "activity_sectors", activity_id, checked) if checked is not None else False
        if changes or touched:
            update_row(db, "activities", activity_id, changes)


def get_activity(db: Database, activity_id: str) -> dict[str, Any]:
    activity = require_activity(db, activity_id)
    activity["sectors"] = linked(db, "activity_sectors", activity_id)
    activity["spent"] = db.execute("SELECT COALESCE(SUM(amount), 0) FROM disbursements WHERE activity_id = ? "
                                   "AND deleted_at IS NULL", [activity_id]).fetchone()[0]
    row = db.execute("SELECT name_th FROM agencies WHERE id = ?", [activity["agency_id"]]).fetchone()
    activity["agency_name"] = row[0] if row else None
    return activity


def list_activities(db: Database, project_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        """
        SELECT a.*, g.name_th AS agency_name, COALESCE(s.spent, 0) AS spent,
               (SELECT COUNT(*) FROM activity_photos ph WHERE ph.activity_id = a.id AND ph.deleted_at IS NULL)
                   AS photos_count
        FROM activities a
        LEFT JOIN agencies g ON g.id = a.agency_id
        LEFT JOIN (SELECT activity_id, SUM(amount) AS spent FROM disbursements WHERE deleted_at IS NULL
                   GROUP BY activity_id) s ON s.activity_id = a.id
        WHERE a.project_id = ? AND a.deleted_at IS NULL
        ORDER BY a.sort, a.start_date, a.id
        """, [project_id])]


def delete_activity(db: Database, activity_id: str) -> None:
    activity = require_activity(db, activity_id)
    with db.atomic():
        soft_delete(db, "activities", activity_id)
        update_row(db, "projects", activity["project_id"], {})


def project_choices(db: Database) -> list[tuple[str, str]]:
    """(id, title) of every live project, for pickers and report parameters."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT id, title FROM projects WHERE deleted_at IS NULL ORDER BY category, title COLLATE NOCASE, id")]


def activity_choices(db: Database) -> list[tuple[str, str]]:
    return [(r[0], f"{r[1]} — {r[2]}") for r in db.execute(
        "SELECT a.id, p.title, a.title FROM activities a JOIN projects p ON p.id = a.project_id "
        "WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.category, p.title, a.sort, a.id")]

