"""The 7-partner integration table (seed 004 §4.1.2 (3): "โครงการ/กิจกรรม ที่มีการ
บูรณาการความร่วมมือโดย ๗ ภาคีเครือข่ายในพื้นที่ จำนวน ๓๔ โครงการ ๑๒๑ กิจกรรม เช่น ...").

Projects and activities counted by how many of the seven partner sectors take part (ภาครัฐ
ภาควิชาการ ภาคศาสนา ภาคประชาชน ภาคเอกชน ภาคประชาสังคม ภาคสื่อมวลชน; "อื่น ๆ" is not one of the seven):
- an activity's partners are the sectors recorded on the activity;
- a project's partners are the sectors recorded on the project together with those of its live
  activities (a partner taking part in one activity takes part in the project).
Deleted projects, activities and links do not count; an activity of a deleted project does not either.
"""

from __future__ import annotations

from typing import Any

from moi_desktop.db import Database
from moi_desktop.security.session import require

SEVEN = ("government", "academic", "religious", "people", "private", "civil_society", "media")
EXAMPLES = 2  # examples named per row

_SEVEN_SQL = "(" + ", ".join(f"'{c}'" for c in SEVEN) + ")"

PROJECT_PARTNERS_SQL = f"""
WITH live_p AS (SELECT id FROM projects WHERE deleted_at IS NULL),
live_a AS (SELECT a.id, a.project_id FROM activities a JOIN live_p ON live_p.id = a.project_id
           WHERE a.deleted_at IS NULL),
links AS (SELECT s.project_id, s.sector FROM project_sectors s JOIN live_p ON live_p.id = s.project_id
          WHERE s.deleted_at IS NULL AND s.sector IN {_SEVEN_SQL}
          UNION
          SELECT live_a.project_id, s.sector FROM activity_sectors s JOIN live_a ON live_a.id = s.activity_id
          WHERE s.deleted_at IS NULL AND s.sector IN {_SEVEN_SQL})
SELECT p.id, p.title, p.district_code, COUNT(links.sector) AS partners,
       (SELECT COUNT(*) FROM live_a WHERE live_a.project_id = p.id) AS activities
FROM projects p LEFT JOIN links ON links.project_id = p.id
WHERE p.deleted_at IS NULL
GROUP BY p.id
ORDER BY p.category, p.title COLLATE NOCASE, p.id
"""  # noqa: S608 - the seven codes are constants

ACTIVITY_PARTNERS_SQL = f"""
SELECT a.id, a.title, a.project_id, p.title AS project_title, p.district_code,
       (SELECT COUNT(*) FROM activity_sectors s WHERE s.activity_id = a.id AND s.deleted_at IS NULL
        AND s.sector IN {_SEVEN_SQL}) AS partners
FROM activities a JOIN projects p ON p.id = a.project_id
WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL
ORDER BY p.category, p.title COLLATE NOCASE, a.sort, a.id
"""  # noqa: S608 - the seven codes are constants


def _place(db: Database, district_code: str | None) -> str:
    """Seed 004 names a project's place as "ของจังหวัดพะเยา อำเภอแม่ใจ"."""
    if not district_code:
        return ""
    row = db.execute("SELECT v.name_th, d.name_th, d.kind FROM districts d JOIN provinces v USING (province_code) "
                     "WHERE d.district_code = ?", [district_code]).fetchone()
    if row is None:
        return ""
    unit = "เขต" if row[2] == "khet" else "อำเภอ"
    return f"จังหวัด{row[0]} {unit}{row[1]}"


def integration_table(db: Database) -> dict[str, Any]:
    """{"rows": [{"partners": 7..0, "projects", "activities", "activities_in_projects",
    "project_examples", "activity_examples"}], "projects", "activities", "full": the seven-partner row}.

    `activities` counts activities whose own partners number `partners`; `activities_in_projects`
    counts the activities of the projects in that row (seed 004's "๓๔ โครงการ ๑๒๑ กิจกรรม" may be read
    either way, so both are given)."""
    require(db, "projects.view")
    projects = [dict(r) for r in db.query(PROJECT_PARTNERS_SQL)]
    activities = [dict(r) for r in db.query(ACTIVITY_PARTNERS_SQL)]
    # Name the place of an example only when the projects come from more than one district.
    many = len({p["district_code"] for p in projects}) > 1
    rows = []
    for k in range(len(SEVEN), -1, -1):
        ps = [p for p in projects if p["partners"] == k]
        acts = [a for a in activities if a["partners"] == k]
        rows.append({
            "partners": k,
            "projects": len(ps),
            "activities": len(acts),
            "activities_in_projects": sum(p["activities"] for p in ps),
            "project_examples": [_example(db, p["title"], p["district_code"] if many else None)
                                 for p in ps[:EXAMPLES]],
            "activity_examples": [a["title"] for a in acts[:EXAMPLES]],
        })
    return {"rows": rows, "projects": len(projects), "activities": len(activities), "full": rows[0]}


def _example(db: Database, title: str, district_code: str | None) -> str:
    place = _place(db, district_code)
    return f"{title} ของ{place}" if place else title
