"""Writing sync-ready rows: every user-data table carries the same five bookkeeping columns.

id (time-ordered text), created_at / updated_at (UTC ISO ms), origin (installation id) and
deleted_at (soft delete: a tombstone that travels in bundles). Area modules write through these
helpers so the bookkeeping — and change listeners such as the audit trail — is never forgotten.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import sqlite_utils

from moi_desktop.db.clock import now_iso
from moi_desktop.db.ids import new_id
from moi_desktop.progress import Progress

SYNC_COLUMNS: dict[str, type] = {
    "id": str,
    "created_at": str,
    "updated_at": str,
    "origin": str,
    "deleted_at": str,
}

# Called inside the writing transaction as listener(db, table, row_id, action, values).
# action is "create", "update", "delete" or "undelete".
ChangeListener = Callable[[sqlite_utils.Database, str, str, str, Mapping[str, Any]], None]
# Called once per write call as listener(db, table, action, changes), changes being
# [(row_id, values), ...] in write order: one pair for insert_row/update_row/…, the whole batch for
# insert_rows. Listeners with per-row overhead (the audit trail) register here.
BatchChangeListener = Callable[[sqlite_utils.Database, str, str, Sequence[tuple[str, Mapping[str, Any]]]], None]
_listeners: list[ChangeListener] = []
_batch_listeners: list[BatchChangeListener] = []


def add_change_listener(listener: ChangeListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def remove_change_listener(listener: ChangeListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def add_batch_change_listener(listener: BatchChangeListener) -> None:
    if listener not in _batch_listeners:
        _batch_listeners.append(listener)


def remove_batch_change_listener(listener: BatchChangeListener) -> None:
    if listener in _batch_listeners:
        _batch_listeners.remove(listener)


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
    _notify_batch(db, table, action, ((row_id, values),))


def _notify_batch(db, table: str, action: str, changes: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Every batch listener once with all changes, then every row listener once per change."""
    for batch_listener in list(_batch_listeners):
        batch_listener(db, table, action, changes)
    for listener in list(_listeners):
        for row_id, values in changes:
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


BULK_CHUNK = 1000


def insert_rows(
    db: sqlite_utils.Database,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    progress: Progress | None = None,
) -> list[str]:
    """Insert many rows at once, stamped like insert_row; returns their ids in order.

    Rows must all have the same keys (an "id" among them is kept). One prepared statement runs
    per chunk of rows, and listeners hear each chunk as one batch — so the audit trail still logs
    one entry per row without a query per row. Must run inside db.atomic(): a bulk write is all or
    nothing, and its audit entries commit or vanish with it.
    """
    rows = list(rows)
    if not rows:
        return []
    if not db.conn.in_transaction:
        raise RuntimeError("insert_rows must run inside db.atomic(): a bulk write is all or nothing")
    keys = rows[0].keys()
    key_set = set(keys)
    for r in rows:
        if r.keys() != key_set:
            raise ValueError(f"insert_rows: every row must have the same keys as the first ({sorted(key_set)})")
    now = now_iso()
    origin = installation_id(db)
    columns = [*SYNC_COLUMNS, *(k for k in keys if k not in SYNC_COLUMNS)]
    sql = (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    base = {"id": None, "created_at": now, "updated_at": now, "origin": origin, "deleted_at": None}
    fresh_ids = "id" not in key_set
    keep_created = "created_at" in key_set
    stamped = []
    for r in rows:
        row = {**base, **r, "updated_at": now, "origin": origin}  # updated_at/origin always ours
        if fresh_ids:
            row["id"] = new_id()
        if keep_created and not row["created_at"]:
            row["created_at"] = now
        stamped.append(row)
    values_of = itemgetter(*columns)
    total = len(stamped)
    for start in range(0, total, BULK_CHUNK):
        chunk = stamped[start : start + BULK_CHUNK]
        db.conn.executemany(sql, map(values_of, chunk))
        _notify_batch(db, table, "create", [(row["id"], row) for row in chunk])
        if progress:
            progress(start + len(chunk), total, "กำลังบันทึกข้อมูล")
    return [row["id"] for row in stamped]
