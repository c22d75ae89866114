"""Figures for the home-page dashboard, one small query each.

Charts of other areas (members by sector, attendance per training, cases by status) are included
only when that area's tables exist in this database — an area not built yet simply has no chart.
Every entry is plain data (labels and numbers); the GUI only draws it.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from moi_desktop.cases.status import STATUSES as CASE_STATUSES
from moi_desktop.db import Database
from moi_desktop.projects.model import STATUSES
from moi_desktop.projects.rounding import largest_remainder

# When there are this many projects or fewer, the budget chart shows each project; above it, each
# category (76 project names cannot share one axis).
BUDGET_PER_PROJECT_MAX = 8

PROGRESS_BUCKETS = (
    ("not_started", "ยังไม่เริ่ม"),
    ("in_progress", "กำลังดำเนินการ"),
    ("completed", "แล้วเสร็จ"),
)

# Attendance marks that count as being there (whatever the attendance area names them).
PRESENT_MARKS = ("present", "late", "substitute", "walk_in")


class CategoryCount(TypedDict):
    code: int
    name: str
    short: str
    count: int
    percent: float | int  # shares that add up to 100


class Bucket(TypedDict):
    """One bar or slice: a code, its Thai label and how many."""

    key: str
    label: str
    count: int


class BudgetBar(TypedDict):
    key: str | int  # a project id, or a category code
    label: str
    planned: float
    spent: float


class BudgetChart(TypedDict):
    by: Literal["project", "category"]
    rows: list[BudgetBar]


class TrainingRate(TypedDict):
    key: str
    label: str
    present: int
    expected: int
    rate: float  # percent


class Dashboard(TypedDict):
    projects_total: int
    projects_by_category: list[CategoryCount]
    project_status: list[Bucket]
    activity_progress: list[Bucket]
    budget: BudgetChart
    members_by_sector: list[Bucket] | None
    attendance_by_training: list[TrainingRate] | None
    cases_by_status: list[Bucket] | None


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(db: Database, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}  # table: a name from this module


def projects_by_category(db: Database) -> list[CategoryCount]:
    rows = db.execute(
        "SELECT c.code, c.name_th, c.short_th, COUNT(p.id) FROM project_categories c "
        "LEFT JOIN projects p ON p.category = c.code AND p.deleted_at IS NULL GROUP BY c.code ORDER BY c.code"
    ).fetchall()
    percents = largest_remainder([r[3] for r in rows])
    return [{"code": r[0], "name": r[1], "short": r[2], "count": r[3], "percent": pct}
            for r, pct in zip(rows, percents, strict=True)]


def activity_progress(db: Database) -> list[Bucket]:
    row = db.execute(
        "SELECT COALESCE(SUM(a.progress = 0), 0), COALESCE(SUM(a.progress > 0 AND a.progress < 100), 0), "
        "COALESCE(SUM(a.progress >= 100), 0) FROM activities a JOIN projects p ON p.id = a.project_id "
        "WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL").fetchone()
    return [{"key": key, "label": label, "count": n} for (key, label), n in zip(PROGRESS_BUCKETS, row, strict=True)]


def budget_planned_vs_spent(db: Database) -> BudgetChart:
    """{"by": "project" | "category", "rows": [{label, planned, spent}]}. Planned is the sum of
    budget lines (or of activities' planned budgets when a project has no lines)."""
    per_project = db.execute(
        """
        SELECT p.id, p.title, p.category, c.short_th,
               COALESCE((SELECT SUM(amount) FROM project_budgets b WHERE b.project_id = p.id AND b.deleted_at IS NULL),
                        (SELECT SUM(budget_planned) FROM activities a WHERE a.project_id = p.id
                         AND a.deleted_at IS NULL), 0),
               COALESCE((SELECT SUM(amount) FROM disbursements d WHERE d.project_id = p.id AND d.deleted_at IS NULL), 0)
        FROM projects p JOIN project_categories c ON c.code = p.category
        WHERE p.deleted_at IS NULL ORDER BY p.category, p.title COLLATE NOCASE, p.id
        """).fetchall()
    if len(per_project) <= BUDGET_PER_PROJECT_MAX:
        return {"by": "project", "rows": [
            {"key": r[0], "label": r[1], "planned": r[4], "spent": r[5]} for r in per_project]}
    by_category: dict[int, BudgetBar] = {}
    for r in per_project:
        entry = by_category.setdefault(r[2], {"key": r[2], "label": r[3], "planned": 0.0, "spent": 0.0})
        entry["planned"] += r[4]
        entry["spent"] += r[5]
    return {"by": "category", "rows": [by_category[k] for k in sorted(by_category)]}


def project_status(db: Database) -> list[Bucket]:
    counts = dict(db.execute(
        "SELECT status, COUNT(*) FROM projects WHERE deleted_at IS NULL GROUP BY status").fetchall())
    return [{"key": k, "label": label, "count": counts.get(k, 0)} for k, label in STATUSES.items()]


def members_by_sector(db: Database) -> list[Bucket] | None:
    if not {"members", "sectors"} <= _tables(db):
        return None
    merged = "AND m.merged_into IS NULL" if "merged_into" in _columns(db, "members") else ""
    rows = db.execute(  # `merged` is one of two fixed texts
        f"SELECT s.code, s.name_th, COUNT(m.id) FROM sectors s LEFT JOIN members m ON m.sector = s.code "  # noqa: S608
        f"AND m.deleted_at IS NULL {merged} GROUP BY s.code ORDER BY s.sort").fetchall()
    return [{"key": r[0], "label": r[1], "count": r[2]} for r in rows]


def cases_by_status(db: Database) -> list[Bucket] | None:
    if "cases" not in _tables(db) or "status" not in _columns(db, "cases"):
        return None

    counts = dict(db.execute("SELECT status, COUNT(*) FROM cases WHERE deleted_at IS NULL GROUP BY status").fetchall())
    out: list[Bucket] = [{"key": k, "label": label, "count": counts.pop(k, 0)} for k, label in CASE_STATUSES.items()]
    out += [{"key": k, "label": k, "count": n} for k, n in sorted(counts.items(), key=lambda kv: str(kv[0]))]
    return out


def attendance_by_training(db: Database) -> list[TrainingRate] | None:
    """Attendance rate (%) per training: marks that count as present over the marks expected —
    enrolled people × sessions when enrolment is recorded, otherwise all marks recorded."""
    tables = _tables(db)
    if not {"trainings", "training_sessions", "attendance"} <= tables:
        return None
    t_cols, s_cols, a_cols = (_columns(db, t) for t in ("trainings", "training_sessions", "attendance"))
    if "training_id" not in s_cols or not {"session_id", "status"} <= a_cols:
        return None
    name = next((c for c in ("name", "title", "course_name", "course") if c in t_cols), None)
    if name is None:
        return None
    cohort = next((c for c in ("cohort", "cohort_no") if c in t_cols), None)
    enrol = next((t for t in ("enrolments", "enrollments", "training_members", "registrations")
                  if t in tables and "training_id" in _columns(db, t)), None)
    live = "AND {a}.deleted_at IS NULL" if "deleted_at" in a_cols else ""
    s_live = "AND s.deleted_at IS NULL" if "deleted_at" in s_cols else ""
    t_live = "WHERE t.deleted_at IS NULL" if "deleted_at" in t_cols else ""
    marks = ", ".join("?" * len(PRESENT_MARKS))
    # Every name below is a table or column this function found in the schema among its own fixed
    # candidates, and every value is a bound parameter: nothing a user typed reaches the SQL.
    if enrol:
        e_live = "AND e.deleted_at IS NULL" if "deleted_at" in _columns(db, enrol) else ""
        expected = (f"(SELECT COUNT(*) FROM [{enrol}] e WHERE e.training_id = t.id {e_live}) * "  # noqa: S608
                    f"(SELECT COUNT(*) FROM training_sessions s WHERE s.training_id = t.id {s_live})")
    else:
        expected = (f"(SELECT COUNT(*) FROM attendance x JOIN training_sessions s ON s.id = x.session_id "  # noqa: S608
                    f"WHERE s.training_id = t.id {s_live} {live.format(a='x')})")
    present = (f"(SELECT COUNT(*) FROM attendance y JOIN training_sessions s ON s.id = y.session_id "  # noqa: S608
               f"WHERE s.training_id = t.id {s_live} {live.format(a='y')} AND y.status IN ({marks}))")
    label = f"t.[{name}]" + (f" || COALESCE(' รุ่นที่ ' || t.[{cohort}], '')" if cohort else "")
    rows = db.execute(f"SELECT t.id, {label}, {present}, {expected} FROM trainings t {t_live} ORDER BY 2",  # noqa: S608
                      list(PRESENT_MARKS)).fetchall()
    return [{"key": r[0], "label": r[1], "present": r[2], "expected": r[3],
             "rate": round(r[2] * 100 / r[3], 1) if r[3] else 0.0} for r in rows]


def dashboard_data(db: Database) -> Dashboard:
    """Everything the dashboard draws. Keys of areas whose tables are missing hold None."""
    categories = projects_by_category(db)
    return {
        "projects_total": sum(c["count"] for c in categories),
        "projects_by_category": categories,
        "project_status": project_status(db),
        "activity_progress": activity_progress(db),
        "budget": budget_planned_vs_spent(db),
        "members_by_sector": members_by_sector(db),
        "attendance_by_training": attendance_by_training(db),
        "cases_by_status": cases_by_status(db),
    }
