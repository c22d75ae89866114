"""A migrated database per test without paying for the migrations each time.

Migrating a fresh file loads ~8,400 reference rows (~0.45 s). conftest builds one migrated
template per session (`migrated_template`) and its `db`, `migrated_db_path` and `make_office_db`
fixtures copy it with `copy_database`.
"""

import sqlite3
from pathlib import Path


def copy_database(src: Path, dst: Path) -> None:
    """Copy with the SQLite backup API (the copy keeps the template's installation id, which the
    seeded rows carry as their origin)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
