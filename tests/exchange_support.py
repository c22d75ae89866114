"""Fixtures shared by the exchange tests: cheap key derivation, offices with their own identity,
and byte-exact snapshots of a database file.

Import into a test module: `from tests.exchange_support import fast_kdf, make_office_db, template_db  # noqa: F401`.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.fast_db import template_db  # noqa: F401  (re-exported for the modules importing from here)

PASSWORD = "รหัสผ่าน-ทดสอบ-2565"
FAST_LOG2_N = 10


@pytest.fixture
def fast_kdf(monkeypatch):
    """scrypt at n = 1024 instead of 32768: the cost is not what these tests are about."""
    from moi_desktop.exchange import crypto

    monkeypatch.setattr(crypto, "DEFAULT_LOG2_N", FAST_LOG2_N)
    monkeypatch.setattr(crypto, "LOG2_N_RANGE", range(FAST_LOG2_N, 21))


def copy_template(template: Path, path: Path) -> Path:
    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return path


def set_office(db, level: str, code: str):
    from moi_desktop.office import Office, default_office_for_district, save_office

    if level == "district":
        office = default_office_for_district(db, code)
        office.ref_prefix = "มท ๐๓๑๘"
    else:
        name = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [code]).fetchone()[0]
        office = Office(level="province", province_code=code, district_code=None,
                        org_name=f"ที่ทำการปกครองจังหวัด{name}", ref_prefix="มท ๐๐๑๘")
    return save_office(db, office)


@pytest.fixture
def make_office_db(template_db, tmp_path):  # noqa: F811
    """make(name, level, code) -> an open database with its own installation id and office."""
    from moi_desktop.db import new_id, open_database

    opened = []

    def make(name: str, level: str = "district", code: str = "6205"):
        path = copy_template(template_db, tmp_path / f"{name}.sqlite3")
        raw = sqlite3.connect(path)
        raw.execute("UPDATE meta SET value = ? WHERE key = 'installation_id'", [new_id()])  # copies share one
        raw.commit()
        raw.close()
        db = open_database(path)
        db.path = path  # for tests that reopen or hash the file
        set_office(db, level, code)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


def user_data_dump(db) -> dict:
    """Every exchanged table's rows, sorted: equal dumps mean equal user data."""
    from moi_desktop.exchange import exchange_tables

    return {
        t.name: sorted(map(repr, db.execute(f"SELECT * FROM [{t.name}]").fetchall()))
        for t in exchange_tables(db)
    }


def file_state(path: Path) -> str:
    """sha256 of the database file and its WAL after a checkpoint (byte-for-byte comparison)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    digest = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        digest.update(p.read_bytes() if p.exists() else b"")
    return digest.hexdigest()
