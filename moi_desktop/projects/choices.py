"""What a case can be linked to (a picker instead of typing a code): the live projects
and their activities, each as (id, Thai label), in the order a clerk looks for them."""

from typing import Any

from moi_desktop.db import Database


def link_choices(db: Database) -> list[tuple[str, str]]:
    """(id, label): "โครงการ: <title>" then its activities as "กิจกรรม: <title> (<project>)"."""
    if "projects" not in db.table_names():
        return []
    projects = db.execute(
        "SELECT id, title FROM projects WHERE deleted_at IS NULL ORDER BY category, title COLLATE NOCASE, id"
    ).fetchall()
    activities: dict[str, list[Any]] = {}
    for activity_id, project_id, title in db.execute(
        "SELECT id, project_id, title FROM activities WHERE deleted_at IS NULL ORDER BY sort, title, id"
    ).fetchall():
        activities.setdefault(project_id, []).append((activity_id, title))
    out: list[tuple[str, str]] = []
    for project_id, title in projects:
        out.append((project_id, f"โครงการ: {title}"))
        out += [(aid, f"กิจกรรม: {a_title} ({title})") for aid, a_title in activities.get(project_id, [])]
    return out


def link_label(db: Database, ref: str | None) -> str:
    """The label of a stored project_ref; text that names no project (older imports) as it is."""
    if not ref:
        return ""
    return dict(link_choices(db)).get(ref, ref)
