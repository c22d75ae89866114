"""Rows in other areas' tables that point at a member (attendance, trainings, cases …).

Found from the schema rather than a fixed list, so tables added later are covered: any column that
is a foreign key to members(id), or is named member_id.
"""

from typing import Any

from moi_desktop.db import Database

OWN_TABLES = {"members", "member_merges", "members_fts", "members_fts_map"}


def member_columns(db: Database) -> list[tuple[str, str]]:
    """(table, column) pairs that refer to a member id."""
    found: list[tuple[str, str]] = []
    tables = [
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    for table in tables:
        if table in OWN_TABLES or table.startswith("members_fts"):
            continue
        columns = {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}
        refs = {r[3] for r in db.execute(f"PRAGMA foreign_key_list([{table}])") if r[2] == "members"}
        if "member_id" in columns:
            refs.add("member_id")
        found += [(table, column) for column in sorted(refs)]
    return found


def table_columns(db: Database, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}


def linked_rows(db: Database, member_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every row elsewhere that refers to any of these member ids, by table."""
    result: dict[str, list[dict[str, Any]]] = {}
    if not member_ids:
        return result
    marks = ", ".join("?" * len(member_ids))
    for table, column in member_columns(db):
        # Table and column names come from the schema, the ids are bound parameters.
        sql = f"SELECT * FROM [{table}] WHERE [{column}] IN ({marks})"  # noqa: S608
        rows = [dict(r) for r in db.query(sql, member_ids)]
        if rows:
            result.setdefault(table, []).extend(rows)
    return result
