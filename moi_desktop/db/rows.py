"""Writing sync-ready rows: every user-data table carries the same five bookkeeping columns.

id (time-ordered text), created_at / updated_at (UTC ISO ms), origin (installation id) and
deleted_at (soft delete: a tombstone that travels in bundles). Area modules write through these
helpers so the bookkeeping — and change listeners such as the audit trail — is never forgotten.
"""

from collections.abc import Callable, Mapping
from typing import Any

import sqlite_utils

from moi_desktop.db.clock import now_iso
from moi_desktop.db.ids import new_id

SYNC_COLUMNS: dict[str, type] = {
    "id": str,
    "created_at": str,
    "updated_at": str,
    "origin": str,
    "deleted_at": str,
}

# Called inside the writing transaction as listener(db, table, row_id, action, values).
# action is "create", "update", "delete" or "undelete". The audit trail registers here.
ChangeListener = Callable[[sqlite_utils.Database, str, str, str, Mapping[str, Any]], None]
_listeners: list[ChangeListener] = []


def add_change_listener(listener: ChangeListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def remove_change_listener(listener: ChangeListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def sync_columns(columns: Mapping[str, Any]) -> dict[str, Any]:
    """Column spec for `db[table].create(...)`: the five bookkeeping columns, then `columns`."""
    spec: dict[str, Any] = dict(SYNC_COLUMNS)
    spec.update(columns)
    return spec


def create_sync_table(db: sqlite_utils.Database, name: str, columns: Mapping[str, Any], **kwargs) -> None:
    """Create a user-data table with the bookkeeping columns, `id` as primary key and
    indexes that exports (`updated_at`) and listings (`deleted_at`) need."""
    not_null = set(kwargs.pop("not_null", ())) | {"created_at", "updated_at", "origin"}
    db[name].create(sync_columns(columns), pk="id", not_null=not_null, **kwargs)
    db[name].create_index(["updated_at"], index_name=f"idx_{name}_updated_at")


def installation_id(db: sqlite_utils.Database) -> str:
    cached = getattr(db, "_moi_installation_id", None)
    if cached:
        return cached
    row = db.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    if row is None:
        raise RuntimeError("database has no installation id: was it opened with open_database()?")
    db._moi_installation_id = row[0]  # type: ignore[attr-defined]
    return row[0]


def _notify(db, table, row_id, action, values) -> None:
    for listener in list(_listeners):
        listener(db, table, row_id, action, values)


def insert_row(db: sqlite_utils.Database, table: str, values: Mapping[str, Any]) -> str:
    """Insert one row, stamping id/created_at/updated_at/origin. Returns the id."""
    now = now_iso()
    row = dict(values)
    row.setdefault("id", new_id())
    row.setdefault("created_at", now)
    row["updated_at"] = now
    row["origin"] = installation_id(db)
    row.setdefault("deleted_at", None)
    with db.atomic():
        db[table].insert(row)
        _notify(db, table, row["id"], "create", row)
    return row["id"]


def update_row(db: sqlite_utils.Database, table: str, row_id: str, values: Mapping[str, Any]) -> None:
    """Update fields of one row and stamp updated_at/origin (the origin of the last change)."""
    changes = {k: v for k, v in values.items() if k not in ("id", "created_at")}
    changes["updated_at"] = now_iso()
    changes["origin"] = installation_id(db)
    with db.atomic():
        db[table].update(row_id, changes)
        _notify(db, table, row_id, "update", changes)


def soft_delete(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    now = now_iso()
    with db.atomic():
        db[table].update(row_id, {"deleted_at": now, "updated_at": now, "origin": installation_id(db)})
        _notify(db, table, row_id, "delete", {"deleted_at": now})


def undelete(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    with db.atomic():
        db[table].update(row_id, {"deleted_at": None, "updated_at": now_iso(), "origin": installation_id(db)})
        _notify(db, table, row_id, "undelete", {"deleted_at": None})
