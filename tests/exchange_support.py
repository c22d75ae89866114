"""Helpers shared by the exchange tests: the test password, an office on a database, dumps and
byte-exact snapshots of a database file. Their fixtures (`fast_kdf`, `make_office_db`) are in
tests/conftest.py."""

import hashlib
from pathlib import Path

from moi_desktop.db import connect
from moi_desktop.db.checkpoint import wait_for_checkpoints

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
    """sha256 of the database file and its WAL after a checkpoint (byte-for-byte comparison); a
    merge's checkpoint still running on its thread finishes first (db/checkpoint.py)."""
    wait_for_checkpoints()
    db = connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    digest = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        digest.update(p.read_bytes() if p.exists() else b"")
    return digest.hexdigest()


def unpack_bundle(path) -> tuple[dict, dict[str, bytes], dict[str, bytes]]:
    """A bundle file's manifest, table files and photo files, read whole (tests only)."""
    import io
    import json
    import zipfile

    from moi_desktop.exchange.container import MANIFEST
    from moi_desktop.exchange.crypto import open_envelope

    with zipfile.ZipFile(io.BytesIO(open_envelope(Path(path).read_bytes(), PASSWORD))) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        tables = {name: zf.read(entry["file"]) for name, entry in manifest["tables"].items()}
        files = {p: zf.read(p) for p in manifest["files"]}
    return manifest, tables, files


def table_rows(manifest: dict, tables: dict[str, bytes], name: str) -> list[dict]:
    """The rows of one unpacked table file as dicts."""
    import json

    columns = manifest["tables"][name]["columns"]
    return [dict(zip(columns, json.loads(line), strict=True)) for line in tables[name].splitlines() if line]


def set_table_rows(manifest: dict, tables: dict[str, bytes], name: str, rows: list[dict]) -> None:
    """Replace one unpacked table's rows (and its row count in the manifest)."""
    import json

    columns = manifest["tables"][name]["columns"]
    tables[name] = b"".join(json.dumps([r[c] for c in columns], ensure_ascii=False).encode() + b"\n" for r in rows)
    manifest["tables"][name]["rows"] = len(rows)


def repack_bundle(path, manifest: dict, tables: dict[str, bytes], files: dict[str, bytes], key) -> Path:
    """Write a bundle from parts, signed with `key` (an attacker holding the password signs with
    its own installation's key), sealed with the test password."""
    from moi_desktop.exchange import crypto
    from moi_desktop.exchange.container import build_zip

    Path(path).write_bytes(crypto.seal(build_zip(manifest, tables, files, key), PASSWORD, log2_n=FAST_LOG2_N))
    return Path(path)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip of exactly these members (deflated), for hand-made bundles."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()
