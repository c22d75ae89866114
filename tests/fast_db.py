"""A migrated database per test without paying for the migrations each time.

Migrating a fresh file loads ~8,400 reference rows (~0.45 s). conftest builds one migrated
template per session (`migrated_template`) and its `db` fixture opens a copy of it. Importing
these fixtures into a test module additionally makes `db_path` itself hold a migrated copy there:
`from tests.fast_db import db, db_path, template_db  # noqa: F401`.
"""

import sqlite3
from pathlib import Path

import pytest


def copy_database(src: Path, dst: Path) -> None:
    """Copy with the SQLite backup API (the copy keeps the template's installation id, which the
    seeded rows carry as their origin)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


@pytest.fixture(scope="session")
def template_db(migrated_template):
    return migrated_template


@pytest.fixture
def db_path(template_db, tmp_path):
    path = tmp_path / "test.sqlite3"
    copy_database(template_db, path)
    return path


@pytest.fixture
def db(db_path):
    from moi_desktop.db import open_database

    database = open_database(db_path)
    yield database
    database.close()
