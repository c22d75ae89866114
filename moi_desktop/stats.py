"""Row counts for overviews (home page, `info`): live rows of user data, all rows of reference data."""

from moi_desktop.db import Database

# Bookkeeping tables that are not data anyone would count.
INTERNAL_TABLES = {"meta", "_sqlite_migrations"}


def _countable_tables(db: Database) -> list[str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    names = []
    for name, _sql in rows:
        if name.startswith("sqlite_") or name in INTERNAL_TABLES or name in virtual:
            continue
        if any(name.startswith(f"{v}_") for v in virtual):  # FTS shadow tables
            continue
        names.append(name)
    return sorted(names)


def is_sync_table(db: Database, table: str) -> bool:
    columns = {row[1] for row in db.execute(f"PRAGMA table_info([{table}])")}
    return {"id", "deleted_at", "updated_at", "origin"} <= columns


def table_counts(db: Database) -> dict[str, int]:
    """{table: rows} for every data table in the database, by name.

    Sync-ready tables count only rows that are not soft-deleted; other tables count every row.
    Tables that do not exist (an area not built yet) are simply absent.
    """
    counts: dict[str, int] = {}
    for table in _countable_tables(db):
        where = " WHERE deleted_at IS NULL" if is_sync_table(db, table) else ""
        # Table names come from sqlite_master, the WHERE clause is a constant.
        counts[table] = db.execute(f"SELECT COUNT(*) FROM [{table}]{where}").fetchone()[0]  # noqa: S608
    return counts
