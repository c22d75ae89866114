"""The one write path: every row the program writes goes through these helpers.

User-data tables carry the same bookkeeping columns: id (time-ordered text), created_at /
updated_at (UTC ISO ms), origin (installation id) and deleted_at (soft delete: a tombstone that
travels in bundles). Link tables (attendance = session × member, enrolments, targets, project
links) carry the same stamps on a natural key instead of an id. The helpers stamp them, and each
write is announced to the listeners of its own database (`db/changes.py`) — the audit trail, the
GUI's refresh — with the table and the ids or keys it touched.

Which helper:
- insert_row / update_row / soft_delete / undelete / insert_rows: rows with an id; audited.
- upsert_links, soft_delete_where, update_where: rows found by a natural key or a condition; the
  caller says whether the audit trail records them (`audit=`).
- merge_rows: rows from a bundle, written as they arrived; put_records / set_meta: local
  bookkeeping tables without stamps. Neither is audited row by row.
Wrap a read-then-write in write_lock(db); schema work in migrations writes directly.

Every helper first asks the database's write guard (set_write_guard) whether the one acting may
write the table: who may write what is security's business, registered on each database when it
is opened — db/ imports nothing above it.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from operator import itemgetter
from typing import Any, Literal

from moi_desktop.db.changes import Change, RowKey, announce
from moi_desktop.db.clock import now_iso
from moi_desktop.db.ids import new_id
from moi_desktop.db.types import Database
from moi_desktop.progress import Progress

SYNC_COLUMNS: dict[str, type] = {
    "id": str,
    "created_at": str,
    "updated_at": str,
    "origin": str,
    "deleted_at": str,
}
BULK_CHUNK = 1000


# Called with the table (or "meta:<key>" for a setting) before each write; raises to refuse it.
WriteGuard = Callable[[Database, str], None]


def set_write_guard(db: Database, guard: WriteGuard | None) -> None:
    """Ask `guard` before every write through these helpers on `db` (None: no guard)."""
    db.__dict__["_moi_write_guard"] = guard


def _may_write(db: Database, table: str) -> None:
    guard: WriteGuard | None = db.__dict__.get("_moi_write_guard")
    if guard is not None:
        guard(db, table)


class Sql(str):
    """A value for update_where given as an SQL expression over the stored row ("print_count + 1")."""


def sync_columns(columns: Mapping[str, Any]) -> dict[str, Any]:
    """Column spec for `db.table(table).create(...)`: the five bookkeeping columns, then `columns`."""
    spec: dict[str, Any] = dict(SYNC_COLUMNS)
    spec.update(columns)
    return spec


def create_sync_table(db: Database, name: str, columns: Mapping[str, Any], **kwargs: Any) -> None:
    """Create a user-data table with the bookkeeping columns, `id` as primary key and
    indexes that exports (`updated_at`) and listings (`deleted_at`) need."""
    not_null = set(kwargs.pop("not_null", ())) | {"created_at", "updated_at", "origin"}
    db.table(name).create(sync_columns(columns), pk="id", not_null=not_null, **kwargs)
    db.table(name).create_index(["updated_at"], index_name=f"idx_{name}_updated_at")


def installation_id(db: Database) -> str:
    cached = getattr(db, "_moi_installation_id", None)
    if cached:
        return str(cached)
    row = db.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    if row is None:
        raise RuntimeError("database has no installation id: was it opened with open_database()?")
    db._moi_installation_id = row[0]  # type: ignore[attr-defined]
    return str(row[0])


@contextmanager
def write_lock(db: Database) -> Iterator[Database]:
    """A write transaction that holds SQLite's write lock from its first statement (BEGIN
    IMMEDIATE): nothing the body reads can change before it writes (two desks marking one person,
    the audit chain's tail). Commits at the end; rolls back on any exception, including a failed
    COMMIT. Inside an open transaction (db.atomic() or another write_lock) it is a savepoint of
    that transaction, which already holds or will take the lock."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # an error may already have ended the transaction
            conn.rollback()
        raise


def _joined(db: Database) -> AbstractContextManager[Any]:
    """The caller's transaction if one is open (no savepoint: a mark stays lean), else a new
    one — so a write and what its listeners write (audit entries) commit together."""
    return nullcontext() if db.conn.in_transaction else db.atomic()


@lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    # Names come from code or from a bundle checked against this schema (exchange/merge.py); values are bound.
    return f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608


@lru_cache(maxsize=256)
def _stamped_columns(keys: tuple[str, ...]) -> tuple[str, ...]:
    return (*SYNC_COLUMNS, *(k for k in keys if k not in SYNC_COLUMNS))


def _execute_each(db: Database, sql: str, params: Sequence[Sequence[Any]]) -> None:
    """One prepared statement over every row (execute for a single row: a mark writes one, and
    executemany costs more per call)."""
    if len(params) == 1:
        db.conn.execute(sql, params[0])
    else:
        db.conn.executemany(sql, params)


# -- rows with an id ---------------------------------------------------------------------------
def insert_row(db: Database, table: str, values: Mapping[str, Any]) -> str:
    """Insert one row, stamping id/created_at/updated_at/origin. Returns the id."""
    _may_write(db, table)
    now = now_iso()
    row = dict(values)
    row.setdefault("id", new_id())
    row.setdefault("created_at", now)
    row["updated_at"] = now
    row["origin"] = installation_id(db)
    row.setdefault("deleted_at", None)
    with db.atomic():
        db.table(table).insert(row)
        announce(db, Change(table, "create", [row["id"]], [row]))
    return str(row["id"])


def update_row(db: Database, table: str, row_id: str, values: Mapping[str, Any]) -> None:
    """Update fields of one row and stamp updated_at/origin (the origin of the last change)."""
    _may_write(db, table)
    changes = {k: v for k, v in values.items() if k not in ("id", "created_at")}
    changes["updated_at"] = now_iso()
    changes["origin"] = installation_id(db)
    with db.atomic():
        db.table(table).update(row_id, changes)
        announce(db, Change(table, "update", [row_id], [changes]))


def soft_delete(db: Database, table: str, row_id: str) -> None:
    _may_write(db, table)
    now = now_iso()
    with db.atomic():
        db.table(table).update(row_id, {"deleted_at": now, "updated_at": now, "origin": installation_id(db)})
        announce(db, Change(table, "delete", [row_id], [{"deleted_at": now}]))


def undelete(db: Database, table: str, row_id: str) -> None:
    _may_write(db, table)
    with db.atomic():
        db.table(table).update(row_id, {"deleted_at": None, "updated_at": now_iso(), "origin": installation_id(db)})
        announce(db, Change(table, "undelete", [row_id], [{"deleted_at": None}]))


def insert_rows(
    db: Database,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    progress: Progress | None = None,
    at: str | None = None,
    audit: bool = True,
) -> list[str]:
    """Insert many rows at once, stamped like insert_row (with `at`, default now); returns their
    ids in order.

    Rows must all have the same keys (an "id" among them is kept). One prepared statement runs
    per chunk of rows, and each chunk is announced as one change — so the audit trail still logs
    one entry per row without a query per row (`audit=False`: rows that are their own record, like
    the desk's scan log). Must run inside db.atomic() or write_lock(): a bulk write is all or
    nothing, and its audit entries commit or vanish with it.
    """
    _may_write(db, table)
    rows = list(rows)
    if not rows:
        return []
    if not db.conn.in_transaction:
        raise RuntimeError("insert_rows must run inside db.atomic(): a bulk write is all or nothing")
    keys = tuple(rows[0])
    key_set = set(keys)
    for r in rows:
        if r.keys() != key_set:
            raise ValueError(f"insert_rows: every row must have the same keys as the first ({sorted(key_set)})")
    now = at or now_iso()
    origin = installation_id(db)
    columns = _stamped_columns(keys)
    sql = _insert_sql(table, columns)
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
        values = list(map(values_of, chunk))
        _execute_each(db, sql, values)
        announce(db, Change(table, "create", [row["id"] for row in chunk], chunk, audited=audit,
                            written=(columns, values)))
        if progress:
            progress(start + len(chunk), total, "กำลังบันทึกข้อมูล")
    return [row["id"] for row in stamped]


# -- link rows and rows found by a condition ---------------------------------------------------
def _key_of(key: Sequence[Any]) -> RowKey:
    return key[0] if len(key) == 1 else tuple(key)


def _table_info(db: Database, table: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """(primary-key columns, all columns) of a table, read once per connection."""
    pk, _, columns = _table_shape(db, table)
    return pk, columns


def _table_columns(db: Database, table: str) -> tuple[str, ...]:
    """All columns of a table in table order, read once per connection."""
    return _table_shape(db, table)[1]


def _table_shape(db: Database, table: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]] = db.__dict__.setdefault(
        "_moi_table_info", {})
    found = cache.get(table)
    if found is None:
        info = db.execute(f"PRAGMA table_info([{table}])").fetchall()
        if not info:
            raise ValueError(f"no such table: {table}")
        pk = tuple(name for _, name, *_rest, pos in sorted(info, key=lambda c: c[5]) if pos)
        columns = tuple(c[1] for c in info)
        found = cache[table] = (pk or ("rowid",), columns, frozenset(columns))
    return found


def _where(where: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """`column = ?` for each item (IS NULL for None, IN (...) for a list/tuple/set), joined by AND."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in where.items():
        if value is None:
            clauses.append(f"[{column}] IS NULL")
        elif isinstance(value, (list, tuple, set, frozenset)):
            clauses.append(f"[{column}] IN ({', '.join('?' * len(value))})")
            params.extend(value)
        else:
            clauses.append(f"[{column}] = ?")
            params.append(value)
    return " AND ".join(clauses) or "1", params


@lru_cache(maxsize=128)
def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...], only_if: str | None,
                keep_if_null: tuple[str, ...]) -> str:
    sets = ", ".join(
        f"[{c}] = coalesce(excluded.[{c}], [{table}].[{c}])" if c in keep_if_null else f"[{c}] = excluded.[{c}]"
        for c in columns if c not in key and c != "created_at"
    )
    where = f" WHERE {only_if}" if only_if else ""
    return f"{_insert_sql(table, columns)} ON CONFLICT ({', '.join(f'[{c}]' for c in key)}) DO UPDATE SET {sets}{where}"


@lru_cache(maxsize=128)
def _returning_sql(sql: str, columns: tuple[str, ...]) -> str:
    return f"{sql} RETURNING {', '.join(f'[{c}]' for c in columns)}"


def upsert_links(
    db: Database,
    table: str,
    key: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    audit: bool,
    at: str | None = None,
    only_if: str | None = None,
    keep_if_null: Sequence[str] = (),
) -> list[RowKey]:
    """Write link rows on their natural key `key` (e.g. attendance: session_id, member_id).

    A new key is inserted; an existing one has every given column overwritten and its tombstone
    cleared (unless the row gives deleted_at itself). Stamps created_at (new rows only),
    updated_at and origin with `at` (default: now). `only_if` is an SQL condition on the stored row
    under which it is overwritten — else it stays as it is; `keep_if_null` names columns whose
    stored value stays when the new one is NULL. Rows must all have the same columns. Returns the
    keys written (a 1-column key as its value, else a tuple) and announces them as "upsert".
    """
    _may_write(db, table)
    rows = list(rows)
    if not rows:
        return []
    at = at or now_iso()
    stamps = {"created_at": at, "updated_at": at, "origin": installation_id(db), "deleted_at": None}
    given = tuple(rows[0])
    columns = (*given, *(c for c in stamps if c not in given))
    sql = _upsert_sql(table, columns, tuple(key), only_if, tuple(keep_if_null))
    stamped = [{**stamps, **row} for row in rows]
    values_of = itemgetter(*columns)
    stored: list[Any] | None = None
    with _joined(db):
        if only_if is None and len(stamped) > 1:
            db.conn.executemany(sql, list(map(values_of, stamped)))
            written = stamped
        else:  # one statement each: it returns the row as stored, or nothing when the condition kept it
            returning = _returning_sql(sql, _table_columns(db, table))
            written, stored = [], []
            for row in stamped:
                for found in db.conn.execute(returning, values_of(row)).fetchall():
                    written.append(row)
                    stored.append(found)
        keys = [_key_of([r[c] for c in key]) for r in written]
        announce(db, Change(table, "upsert", keys, written, audited=audit, stored=stored))
    return keys


def _update_where(db: Database, table: str, values: Mapping[str, Any], where: Mapping[str, Any],
                  *, action: str, audit: bool, stamp: bool, at: str | None, or_ignore: bool = False) -> list[RowKey]:
    _may_write(db, table)
    pk, columns = _table_info(db, table)
    at = at or now_iso()
    sets = dict(values)
    if stamp:
        stamps = {"updated_at": at, "origin": installation_id(db)}
        sets.update({k: v for k, v in stamps.items() if k in columns})
    set_sql = ", ".join(f"[{c}] = {v}" if isinstance(v, Sql) else f"[{c}] = ?" for c, v in sets.items())
    set_params = [v for v in sets.values() if not isinstance(v, Sql)]
    where_sql, where_params = _where(where)
    verb = "UPDATE OR IGNORE" if or_ignore else "UPDATE"
    pk_sql = ", ".join(f"[{c}]" for c in pk)
    with _joined(db):
        # A write that moves rows to another key: the keys they had are announced too.
        replaced = [_key_of(k) for k in db.conn.execute(
            f"SELECT {pk_sql} FROM [{table}] WHERE {where_sql}", where_params)] if set(sets) & set(pk) else []  # noqa: S608 - names from code, values bound
        found = db.conn.execute(
            f"{verb} [{table}] SET {set_sql} WHERE {where_sql} RETURNING {', '.join(f'[{c}]' for c in pk)}",
            [*set_params, *where_params],
        ).fetchall()
        keys = [_key_of(k) for k in found]
        announce(db, Change(table, action, keys, [sets] * len(keys), audited=audit, replaced=replaced))
    return keys


def update_where(db: Database, table: str, values: Mapping[str, Any], where: Mapping[str, Any], *,
                 audit: bool, stamp: bool = True, at: str | None = None, or_ignore: bool = False) -> list[RowKey]:
    """Set `values` (a value, or an Sql expression) on every row matching `where` (column ->
    value; None matches NULL, a list matches any of its values). `stamp` also sets updated_at and
    origin where the table has them. `or_ignore`: a row whose new values would break a unique key
    is left as it is. Returns and announces the keys of the rows changed."""
    return _update_where(db, table, values, where, action="update", audit=audit, stamp=stamp, at=at,
                         or_ignore=or_ignore)


def soft_delete_where(db: Database, table: str, where: Mapping[str, Any], *, audit: bool,
                      at: str | None = None) -> list[RowKey]:
    """Tombstone every live row matching `where` (see update_where); returns and announces their
    keys ("delete"). An empty list means nothing matched."""
    at = at or now_iso()
    return _update_where(db, table, {"deleted_at": at}, {**where, "deleted_at": None}, action="delete",
                         audit=audit, stamp=True, at=at)


# -- rows from elsewhere and local bookkeeping -------------------------------------------------
def merge_rows(db: Database, table: str, columns: Sequence[str], key: Sequence[str],
               rows: Sequence[Sequence[Any]], *, existing: bool) -> None:
    """Write rows taken from a bundle exactly as they arrived, ids and stamps included: inserted
    (`existing` False) or overwriting the stored row with the same `key`. Rows are value lists in
    `columns` order, written with one prepared statement. Announced as merge-create / merge-update,
    not audited row by row: the merge logs itself as one import event."""
    _may_write(db, table)
    if not rows:
        return
    key_at = [columns.index(c) for c in key]
    with _joined(db):
        if existing:
            set_at = [i for i, c in enumerate(columns) if c not in key]
            sets = ", ".join(f"[{columns[i]}] = ?" for i in set_at)
            where = " AND ".join(f"[{c}] = ?" for c in key)
            # Columns were checked against this schema when the bundle was read; values are bound.
            db.conn.executemany(f"UPDATE [{table}] SET {sets} WHERE {where}",  # noqa: S608
                                ([row[i] for i in set_at] + [row[i] for i in key_at] for row in rows))
        else:
            db.conn.executemany(_insert_sql(table, tuple(columns)), rows)
        keys = list(map(itemgetter(*key_at), rows))  # a tuple per row for a composite key
        announce(db, Change(table, "merge-update" if existing else "merge-create", keys, audited=False,
                            written=None if existing else (columns, rows)))


def put_records(db: Database, table: str, key: Sequence[str], rows: Iterable[Mapping[str, Any]], *,
                on_conflict: Literal["fail", "keep"] | tuple[str, ...] = "fail") -> list[RowKey]:
    """Write rows of a local bookkeeping table — no sync stamps, never travels, never audited
    (meta, bundles_sent, bundles_received, exchange_peers, exchange_conflicts).

    Where a row's `key` is stored already: "fail" raises cipher.IntegrityError, "keep" keeps the
    stored row, a tuple of columns overwrites those. Rows must all have the same columns. Returns and
    announces the keys written."""
    rows = list(rows)
    if table == "meta":  # each setting is guarded on its own
        for setting in {str(row["key"]) for row in rows}:
            _may_write(db, f"meta:{setting}")
    else:
        _may_write(db, table)
    if not rows:
        return []
    columns = tuple(rows[0])
    sql = _insert_sql(table, columns)
    if on_conflict == "keep":
        sql += f" ON CONFLICT ({', '.join(f'[{c}]' for c in key)}) DO NOTHING"
    elif on_conflict != "fail":
        sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in on_conflict)
        sql += f" ON CONFLICT ({', '.join(f'[{c}]' for c in key)}) DO UPDATE SET {sets}"
    values = [[row[c] for c in columns] for row in rows]
    with _joined(db):
        if on_conflict == "keep":  # one statement each: the row count says which rows were new
            written = [row for row, params in zip(rows, values, strict=True) if db.conn.execute(sql, params).rowcount]
        else:
            _execute_each(db, sql, values)
            written = rows
        keys = [_key_of([row[c] for c in key]) for row in written]
        announce(db, Change(table, "upsert", keys, written, audited=False))
    return keys


def set_meta(db: Database, key: str, value: str) -> None:
    """Store one setting of this database (meta key → value), announced as a change of "meta"."""
    put_records(db, "meta", ("key",), [{"key": key, "value": value}], on_conflict=("value",))
