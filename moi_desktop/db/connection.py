"""Opening the store: encrypted connections with the project's pragmas, migrations at open,
backup before migrating, and the one-time encryption of a database written before encryption."""

import logging
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from moi_desktop.db import cipher, migrations
from moi_desktop.db.types import Connection, Database
from moi_desktop.errors import UserError
from moi_desktop.paths import backups_dir

log = logging.getLogger(__name__)

# Hooks called with every database open_database() returns, after its migrations: packages
# above db/ append to it when imported (db/ imports none of them).
OPEN_HOOKS: list[Callable[[Database], None]] = []


def _run_open_hooks(db: Database) -> None:
    for hook in OPEN_HOOKS:
        hook(db)


PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",  # attendance marks must survive a power cut
    "PRAGMA busy_timeout=5000",
    # 64 MiB of decrypted pages at most (grown only as pages are read): every page read from the
    # file is decrypted and checked again, so a province database (~250 MB at 100,000 members)
    # keeps its hot indexes here — a search keystroke 75 ms → 3 ms.
    "PRAGMA cache_size=-65536",
)


WRONG_KEY_TH = (
    "เปิดไฟล์ {name} ไม่ได้: ไฟล์นี้ไม่ใช่ฐานข้อมูลของโปรแกรม หรือเข้ารหัสด้วยกุญแจของเครื่องอื่น "
    "(ถ้าไฟล์มาจากเครื่องอื่น ให้ใช้รหัสกู้คืนของเครื่องนั้น: ตัวแปร MOI_DESKTOP_RECOVERY_KEY)"
)


def connect(path: str | Path, *, secret: bytes | None = None) -> Database:
    """A raw encrypted connection with the project's pragmas; no migrations. Use open_database()
    normally.

    A new file is encrypted under `secret` (default: this PC's); an existing one opens with the
    first secret that reads it (this PC's, then recovery keys given to the process). An existing
    unencrypted database of this program is encrypted first (cipher.encrypt_plain_file). The
    secret that opened it stays on the handle (`secret_of`): the audit trail's MACs derive from it.
    """
    if str(path) == ":memory:":
        conn = cipher.raw_connect(":memory:", None, isolation_level=None, check_same_thread=False)
        return _wrap(conn, None)
    path = Path(path)
    candidates = [secret] if secret is not None else list(cipher.secrets())
    existing = path.exists() and path.stat().st_size > 0
    if existing and cipher.is_plain(path):
        encrypt_legacy(path, candidates[0])
    for candidate in candidates:
        conn = cipher.raw_connect(path, candidate, isolation_level=None, check_same_thread=False)
        if not existing or cipher.readable(conn):
            break
        conn.close()
    else:
        raise UserError(WRONG_KEY_TH.format(name=path.name), field="--db")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise UserError(f"เปิดฐานข้อมูลแบบ WAL ไม่ได้ (ได้โหมด {mode}) — อย่าเก็บฐานข้อมูลไว้บนไดรฟ์เครือข่าย")
    return _wrap(conn, candidate)


def _wrap(conn: Connection, secret: bytes | None) -> Database:
    for pragma in PRAGMAS:
        conn.execute(pragma)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db._moi_secret = secret  # type: ignore[attr-defined]
    return db


def database_file(db: Database) -> Path | None:
    """The file behind `db`, resolved (None for an in-memory database)."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).resolve() if row and row[2] else None


def secret_of(db: Database) -> bytes:
    """The secret whose key opened `db` (its audit MACs use the same one)."""
    secret: bytes | None = getattr(db, "_moi_secret", None)
    if secret is None:
        secret = cipher.secrets()[0]  # an in-memory database: this PC's
    return secret


def _installation_of_plain(path: Path) -> str | None:
    conn = cipher.raw_connect(path, None)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
        return str(row[0]) if row else None
    except cipher.Error:
        return None
    finally:
        conn.close()


def encrypt_legacy(path: Path, secret: bytes) -> None:
    """Encrypt an unencrypted database of this program (one from before encryption at rest),
    after an encrypted copy of it; then its unencrypted backups in the data folder and beside
    it. A plain SQLite file that is not ours is refused, never encrypted in place."""
    installation = _installation_of_plain(path)
    if installation is None:
        raise UserError(f"ไฟล์นี้ไม่ใช่ฐานข้อมูลของโปรแกรม: {path.name}", field="--db")
    try:
        copy = cipher.encrypt_plain_file(path, secret)
    except (cipher.Error, OSError) as exc:
        raise UserError(f"เข้ารหัสฐานข้อมูล {path.name} ไม่สำเร็จ ไฟล์เดิมยังอยู่ครบ", detail=str(exc)) from exc
    log.info("encrypted %s (encrypted copy of the original: %s)", path, copy)
    older = [*path.parent.glob(f"{path.stem}.before-v*{path.suffix}"),
             *(backups_dir() / installation).glob("*.sqlite3")]
    for backup in older:
        if cipher.is_plain(backup):
            try:
                cipher.encrypt_plain_file(backup, secret, keep_copy=False)
            except (cipher.Error, OSError) as exc:  # the database itself is safe; say so in the log
                log.warning("could not encrypt the old backup %s: %s", backup, exc)


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the installation's database and bring its schema up to date.

    A database written by a newer version of the program is refused with a Thai message, and an
    existing file is backed up before any migration touches it.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(path)
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except cipher.DatabaseError as exc:
        raise UserError(f"ไฟล์นี้ไม่ใช่ฐานข้อมูลของโปรแกรม หรือไฟล์เสียหาย: {path.name}", detail=str(exc)) from exc
    known = migrations.count()
    if version > known:
        db.close()
        raise UserError(
            f"ฐานข้อมูลนี้สร้างด้วยโปรแกรมรุ่นที่ใหม่กว่า (รุ่นโครงสร้าง {version} แต่โปรแกรมนี้รู้จักถึง {known}) "
            "กรุณาปรับปรุงโปรแกรมให้เป็นรุ่นล่าสุดก่อนเปิดไฟล์นี้"
        )
    if migrate and version < known:
        if existed and version > 0:
            backup = migrations.backup_before_migrate(db, path, version)
            log.info("backed up %s to %s before migrating from v%s", path, backup, version)
        migrations.apply(db)
    _run_open_hooks(db)
    return db
