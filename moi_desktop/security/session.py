"""Who is acting: the actor stamped on audit entries, per Database object or for the whole process.

The GUI logs a user in once; background tasks open their own connections, so the logged-in user
is also kept as the process-wide session actor. A connection's own actor (set_actor) wins; with
neither, the actor is "system" (first run, migrations, demo building).
"""

from moi_desktop.db import Database
from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError

SYSTEM = "system"

_session_actor: str | None = None


def set_actor(db: Database, username: str | None) -> None:
    db._moi_actor = username  # type: ignore[attr-defined]


def set_session_actor(username: str | None) -> None:
    """The logged-in GUI user (None on logout); used by connections without their own actor."""
    global _session_actor
    _session_actor = username


def session_actor() -> str | None:
    return _session_actor


def current_actor(db: Database) -> str:
    return getattr(db, "_moi_actor", None) or _session_actor or SYSTEM


LOCK_KEY = "lock_idle_minutes"
DEFAULT_LOCK_MINUTES = 10


def idle_lock_minutes(db: Database) -> int:
    """Minutes without input before the GUI locks itself (office policy, kept in the database)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [LOCK_KEY]).fetchone()
    try:
        return int(row[0]) if row else DEFAULT_LOCK_MINUTES
    except ValueError:
        return DEFAULT_LOCK_MINUTES


def set_idle_lock_minutes(db: Database, minutes: int) -> None:
    if not 1 <= int(minutes) <= 240:
        raise UserError("เวลาล็อกหน้าจออัตโนมัติต้องอยู่ระหว่าง 1 ถึง 240 นาที", field="lock_idle_minutes")
    set_meta(db, LOCK_KEY, str(int(minutes)))
