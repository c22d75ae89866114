"""The ministry's tables: projects by category (counts and percentages) and projects/activities
per supporting agency (seed 004 §4.1.1 and §4.1.2)."""

from __future__ import annotations

from typing import Any, TypedDict

from moi_desktop.db import Database
from moi_desktop.projects.rounding import largest_remainder


class ProjectFigures(TypedDict):
    """The live projects at a glance: counts, money (baht) and target beneficiaries."""

    projects: int
    activities: int
    budget: float
    spent: float
    project_value: float
    households: int
    persons: int


def by_category(db: Database) -> list[dict[str, Any]]:
    """Every category (also those with no project), with counts, a percentage of projects that
    sums to 100 (largest remainder), money, beneficiaries and the districts that run them."""
    rows = [dict(r) for r in db.query(
        """
        SELECT c.code, c.name_th, c.short_th,
               COUNT(p.id) AS projects,
               COALESCE(SUM((SELECT COUNT(*) FROM activities a
                             WHERE a.project_id = p.id AND a.deleted_at IS NULL)), 0) AS activities,
               COALESCE(SUM((SELECT SUM(amount) FROM project_budgets b WHERE b.project_id = p.id
                             AND b.deleted_at IS NULL)), 0) AS budget,
               COALESCE(SUM((SELECT SUM(amount) FROM disbursements d WHERE d.project_id = p.id
                             AND d.deleted_at IS NULL)), 0) AS spent,
               COALESCE(SUM(p.project_value), 0) AS project_value,
               COALESCE(SUM(p.households_target), 0) AS households,
               COALESCE(SUM(p.persons_target), 0) AS persons,
               GROUP_CONCAT(d.name_th, '|') AS districts
        FROM project_categories c
        LEFT JOIN projects p ON p.category = c.code AND p.deleted_at IS NULL
        LEFT JOIN districts d ON d.district_code = p.district_code
        GROUP BY c.code ORDER BY c.code
        """)]
    percents = largest_remainder([r["projects"] for r in rows])
    for r, pct in zip(rows, percents, strict=True):
        r["percent"] = pct
        r["districts"] = [n for n in (r["districts"] or "").split("|") if n]
    return rows


def counts_by_district(db: Database) -> tuple[int, int]:
    """(projects, distinct districts among them) — whether the table speaks of อำเภอ or โครงการ."""
    projects, districts = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT district_code) FROM projects WHERE deleted_at IS NULL").fetchone()
    return projects, districts


def by_agency(db: Database) -> dict[str, list[dict[str, Any]]]:
    """{"moi": [...], "area": [...]}: each agency with the projects and activities it supports.

    A project counts for an agency when the agency is one of its supporting agencies or is
    responsible for one of its activities. An activity counts when the agency is responsible for
    it or supports its project. One project usually has several agencies, so — as seed 004 notes —
    the columns add up to more than the number of projects and activities."""
    rows = db.query(
        """
        WITH live_p AS (SELECT id FROM projects WHERE deleted_at IS NULL),
        live_a AS (SELECT a.id, a.project_id, a.agency_id FROM activities a JOIN live_p ON live_p.id = a.project_id
                   WHERE a.deleted_at IS NULL),
        pa AS (SELECT l.agency_id, l.project_id FROM project_agencies l JOIN live_p ON live_p.id = l.project_id
               WHERE l.deleted_at IS NULL),
        agency_projects AS (SELECT agency_id, project_id FROM pa
                            UNION SELECT agency_id, project_id FROM live_a WHERE agency_id IS NOT NULL),
        agency_activities AS (SELECT agency_id, id FROM live_a WHERE agency_id IS NOT NULL
                              UNION SELECT pa.agency_id, live_a.id FROM pa
                              JOIN live_a ON live_a.project_id = pa.project_id)
        SELECT g.id, g.name_th, g.grp, g.kind, g.sort, g.active,
               (SELECT COUNT(*) FROM agency_projects x WHERE x.agency_id = g.id) AS projects,
               (SELECT COUNT(*) FROM agency_activities y WHERE y.agency_id = g.id) AS activities
        FROM agencies g WHERE g.deleted_at IS NULL
        ORDER BY g.grp = 'area', g.sort, g.name_th
        """)
    out: dict[str, list[dict[str, Any]]] = {"moi": [], "area": []}
    for found in rows:
        r = dict(found)
        if not r["active"] and not r["projects"]:
            continue  # a retired agency stays only where it still has history
        out.setdefault(r["grp"], []).append(r)
    return out


def totals(db: Database) -> ProjectFigures:
    row = db.execute(
        """
        SELECT (SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL),
               (SELECT COUNT(*) FROM activities a JOIN projects p ON p.id = a.project_id
                WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL),
               (SELECT COALESCE(SUM(b.amount), 0) FROM project_budgets b JOIN projects p ON p.id = b.project_id
                WHERE b.deleted_at IS NULL AND p.deleted_at IS NULL),
               (SELECT COALESCE(SUM(d.amount), 0) FROM disbursements d JOIN projects p ON p.id = d.project_id
                WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL),
               (SELECT COALESCE(SUM(project_value), 0) FROM projects WHERE deleted_at IS NULL),
               (SELECT COALESCE(SUM(households_target), 0) FROM projects WHERE deleted_at IS NULL),
               (SELECT COALESCE(SUM(persons_target), 0) FROM projects WHERE deleted_at IS NULL)
        """).fetchone()
    projects, activities, budget, spent, project_value, households, persons = row
    return {"projects": projects, "activities": activities, "budget": budget, "spent": spent,
            "project_value": project_value, "households": households, "persons": persons}
