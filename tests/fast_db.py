"""A migrated database per test without paying for the migrations each time.

Migrating a fresh file loads ~8,400 reference rows (~0.45 s). conftest builds one migrated
template per session (`migrated_template`) and its `db`, `migrated_db_path` and `make_office_db`
fixtures copy it with `copy_database`.
"""

from pathlib import Path

from moi_desktop.db import connect


def copy_database(src: Path, dst: Path) -> None:
    """Copy with the SQLite backup API through the project's encrypted connections (one test key
    for the whole session: tests/conftest.py). The copy keeps the template's installation id,
    which the seeded rows carry as their origin."""
    source, target = connect(src), connect(dst)
    try:
        source.conn.backup(target.conn)
    finally:
        source.close()
        target.close()


def raw(path: Path):
    """A bare connection to an encrypted file under this session's key, no pragmas, autocommit:
    what someone with a SQLCipher tool and the key would have (tamper tests, file checks)."""
    from moi_desktop.db import cipher

    return cipher.raw_connect(path, cipher.secrets()[0], isolation_level=None)
