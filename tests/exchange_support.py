"""Helpers shared by the exchange tests: the test password, an office on a database, dumps and
byte-exact snapshots of a database file. Their fixtures (`fast_kdf`, `make_office_db`) are in
tests/conftest.py."""

import hashlib
from pathlib import Path

from moi_desktop.db import connect

PASSWORD = "รหัสผ่าน-ทดสอบ-2565"
FAST_LOG2_N = 10


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


def user_data_dump(db) -> dict:
    """Every exchanged table's rows, sorted: equal dumps mean equal user data."""
    from moi_desktop.exchange import exchange_tables

    return {
        t.name: sorted(map(repr, db.execute(f"SELECT * FROM [{t.name}]").fetchall()))
        for t in exchange_tables(db)
    }


def file_state(path: Path) -> str:
    """sha256 of the database file and its WAL after a checkpoint (byte-for-byte comparison)."""
    db = connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    digest = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        digest.update(p.read_bytes() if p.exists() else b"")
    return digest.hexdigest()
