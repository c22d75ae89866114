"""Opening the store: pragmas on every connection, migrations at open, backup before migrating."""

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from moi_desktop.db import migrations
from moi_desktop.db.types import Database
from moi_desktop.errors import UserError

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
)


def connect(path: str | Path) -> Database:
    """A raw connection with the project's pragmas; no migrations. Use open_database() normally."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    if str(path) != ":memory:":
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise UserError(f"เปิดฐานข้อมูลแบบ WAL ไม่ได้ (ได้โหมด {mode}) — อย่าเก็บฐานข้อมูลไว้บนไดรฟ์เครือข่าย")
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return sqlite_utils.Database(conn, execute_plugins=False)


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
    except sqlite3.DatabaseError as exc:
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
