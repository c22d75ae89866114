"""Who is acting on a database, and the one permission check the core runs.

The acting user is bound to each open Database (`act_as`): the CLI binds the user it logged in,
the GUI binds the logged-in user to its own connection and to every connection a background task
opens (ui/tasks.py). `require(db, action)` is the check every core operation that reads personal
data in full, exports, erases or manages users runs; the write path (db/rows.py) asks the write
guard installed here before every write, so no data changes without a user allowed to change it.

With nobody bound the program acts as "system" — allowed only on a database without accounts yet
(first run, scripted set-up) or a demo database (invented people only); anywhere else refused.

Checks cost O(1) per write: the bound user's actions and writable tables are kept on the
Database; whether a database is open to "system" is read once per connection, and again after
this connection writes accounts or settings.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from moi_desktop.db import Database, connect, migrations
from moi_desktop.db.connection import OPEN_HOOKS
from moi_desktop.db.rows import set_meta, set_write_guard
from moi_desktop.errors import UserError
from moi_desktop.security.roles import ACTIONS, PERMISSIONS, ROLES, WRITE_ACTIONS, refusal, writable

SYSTEM = "system"
# The meta row build_demo() writes: its presence marks a demo database (invented people).
DEMO_META_KEY = "demo_seed"


@dataclass(frozen=True)
class User:
    id: str | None
    username: str
    display_name: str
    role: str
    active: bool = True
    last_login: str | None = None
    # The password no longer meets the policy: it must be changed before anything else.
    must_change_password: bool = False

    @property
    def role_th(self) -> str:
        return ROLES.get(self.role, self.role)


# Stands for unattended work before any account exists (first run, demo, scripted set-up).
SYSTEM_USER = User(id=None, username=SYSTEM, display_name="ระบบ", role="admin")


def has_users(db: Database) -> bool:
    return db.execute("SELECT 1 FROM users WHERE deleted_at IS NULL AND active = 1 LIMIT 1").fetchone() is not None


def is_demo_database(db: Database) -> bool:
    """Demo databases hold invented people only (build_demo writes the flag before anything else)."""
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [DEMO_META_KEY]).fetchone() is not None


# -- scale: `--demo` reopens a current demo database instead of building it anew ---------
def demo_is_current(path: Path) -> bool:
    """A demo database built by this version of the program: its schema is the newest one and it
    is flagged as a demo. Anything else — missing, empty, under another key, damaged, older — is
    built again. (Here, not in moi_desktop/demo/, whose package import loads the documents engine.)"""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        db = connect(path)
    except Exception:  # noqa: BLE001 - unreadable here for any reason: a new demo is built
        return False
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        return bool(version == migrations.count() and is_demo_database(db))
    except Exception:  # noqa: BLE001 - a damaged file: built again
        return False
    finally:
        db.close()


@dataclass
class _Binding:
    """What is kept on one Database: its acting user and what that user may do."""

    user: User | None = None
    actions: frozenset[str] = frozenset()
    tables: frozenset[str] = frozenset()
    open_to_system: bool | None = None  # None: not read yet, or this connection changed accounts/settings
    bookkeeping: int = 0  # depth of bookkeeping() blocks


def _binding(db: Database) -> _Binding:
    found: _Binding | None = db.__dict__.get("_moi_binding")
    if found is None:
        found = db.__dict__["_moi_binding"] = _Binding()
    return found


def act_as(db: Database, user: User | None) -> None:
    """Make `user` the one acting on `db` (None, or SYSTEM_USER: nobody — the system).

    The caller has authenticated the user (security.users.authenticate, or the GUI's login).
    An inactive account, or one whose password must be changed, is bound with no permissions at
    all: such a user may only change their own password (security.users.set_password).
    """
    binding = _binding(db)
    if user is None or (user.id is None and user.username == SYSTEM):
        binding.user, binding.actions, binding.tables = None, frozenset(), frozenset()
        return
    usable = user.active and not user.must_change_password
    binding.user = user
    binding.actions = PERMISSIONS.get(user.role, frozenset()) if usable else frozenset()
    binding.tables = writable(user.role) if usable else frozenset()


def acting_user(db: Database) -> User | None:
    """The user bound to `db`; None when the system acts (nobody logged in)."""
    return _binding(db).user


def current_actor(db: Database) -> str:
    """The name the audit trail records for what happens on `db`."""
    user = _binding(db).user
    return user.username if user is not None else SYSTEM


def _open_to_system(db: Database, binding: _Binding) -> bool:
    if binding.open_to_system is None:
        binding.open_to_system = not has_users(db) or is_demo_database(db)
    return binding.open_to_system


def allowed(db: Database, action: str) -> bool:
    """Whether the one acting on `db` may do `action` (for enabling buttons; the core calls require)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown permission action: {action!r}")
    binding = _binding(db)
    if binding.user is not None:
        return action in binding.actions
    return _open_to_system(db, binding)


def require(db: Database, action: str) -> User:
    """The permission check: return who is acting on `db` (SYSTEM_USER when nobody is, on a
    database open to the system), or raise a Thai UserError when they may not do `action`."""
    if allowed(db, action):
        return _binding(db).user or SYSTEM_USER
    raise UserError(refusal(_binding(db).user, action))


@contextmanager
def bookkeeping(db: Database) -> Iterator[None]:
    """Let the program write its own records inside the block whoever is (or is not) logged in:
    a login's last_login stamp, the failed-login counter. Never for an operation a user asked for."""
    binding = _binding(db)
    binding.bookkeeping += 1
    try:
        yield
    finally:
        binding.bookkeeping -= 1


def _write_refusal(db: Database, binding: _Binding, target: str) -> UserError:
    needs = WRITE_ACTIONS.get(target)
    if needs:
        return UserError(refusal(binding.user, needs[0]), detail=target)
    who = "ผู้ใช้" if binding.user is None else f"บัญชีนี้ (บทบาท{ROLES.get(binding.user.role, binding.user.role)})"
    return UserError(f"{who} ไม่มีสิทธิ์แก้ไขข้อมูลส่วนนี้", detail=target)


def _guard(db: Database, target: str) -> None:
    """The write guard db/rows.py asks before every write to `target` (a table, or "meta:<key>")."""
    binding = _binding(db)
    if binding.user is not None:
        if target in binding.tables or binding.bookkeeping:
            return
        raise _write_refusal(db, binding, target)
    if binding.bookkeeping or _open_to_system(db, binding):
        if target == "users" or target.startswith("meta:"):
            binding.open_to_system = None  # accounts or the demo flag may change with this write
        return
    raise _write_refusal(db, binding, target)


def install(db: Database) -> None:
    """Guard the writes on `db` from now on (run by open_database() for every database)."""
    set_write_guard(db, _guard)


if install not in OPEN_HOOKS:
    OPEN_HOOKS.append(install)


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
