"""Failed logins: a counter per name tried, a growing wait between attempts, and a lock after
N failures in a row (N is office policy, kept in the database) that only an administrator lifts.

The counter is kept for whatever name was typed, account or not, and every refusal reads the same
for both, so neither the wait nor the lock tells an attacker whether an account exists. Nothing
here sleeps: a login tried too soon is refused at once with the seconds left (LoginDelayed), so
the GUI thread never blocks. A refusal while waiting or locked checks no password and writes
nothing; a wrong password writes the counter and its audit entry, and the failure that locks the
name also records the lock. The counter is the program's own record, written before anyone is
logged in: its writes pass the write guard as bookkeeping. Unlocking and the limit are an
administrator's (users.manage), checked here for the user acting on the database.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from moi_desktop.db import Database
from moi_desktop.db.clock import iso, now_utc, parse_iso
from moi_desktop.db.rows import put_records, set_meta, write_lock
from moi_desktop.errors import UserError
from moi_desktop.security.audit import audit
from moi_desktop.security.session import SYSTEM, bookkeeping, require

LOCK_AFTER_KEY = "login_lock_after"
DEFAULT_LOCK_AFTER = 5
LOCK_AFTER_MIN, LOCK_AFTER_MAX = 3, 20
MAX_DELAY_SECONDS = 60
# Rows kept for names that are not accounts (typos, guesses): the oldest beyond this are dropped.
KEEP_UNKNOWN_NAMES = 1000

WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
LOCKED = "บัญชีนี้ถูกล็อกเพราะใส่รหัสผ่านผิดหลายครั้ง กรุณาติดต่อผู้ดูแลระบบเพื่อปลดล็อก"


class AccountLocked(UserError):  # noqa: N818 - a refusal the user reads, like UserError itself
    def __init__(self) -> None:
        super().__init__(LOCKED, field="username")


class LoginDelayed(UserError):  # noqa: N818
    """Tried again before the wait after the last failure was over; `seconds` are left."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"ใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้อีกใน {seconds} วินาที", field="password")
        self.seconds = seconds


@dataclass(frozen=True)
class LoginState:
    failures: int = 0
    last_failed_at: str | None = None
    locked_at: str | None = None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


def username_key(username: str) -> str:
    """The counter's key: names are compared without case, as accounts are."""
    return username.strip().lower()[:64]


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: none after one (a typo), then
    2, 4, 8 … up to a minute."""
    return 0 if failures < 2 else min(2 ** (failures - 1), MAX_DELAY_SECONDS)


def lock_after(db: Database) -> int:
    """How many wrong passwords in a row lock a name."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [LOCK_AFTER_KEY]).fetchone()
    try:
        return int(row[0]) if row else DEFAULT_LOCK_AFTER
    except ValueError:
        return DEFAULT_LOCK_AFTER


def set_lock_after(db: Database, failures: int) -> None:
    """Set how many wrong passwords in a row lock a name (users.manage; audited)."""
    actor = require(db, "users.manage")
    if not LOCK_AFTER_MIN <= int(failures) <= LOCK_AFTER_MAX:
        raise UserError(
            f"จำนวนครั้งที่ใส่รหัสผ่านผิดก่อนล็อกบัญชีต้องอยู่ระหว่าง {LOCK_AFTER_MIN} ถึง {LOCK_AFTER_MAX}",
            field="lock_after",
        )
    with write_lock(db):
        set_meta(db, LOCK_AFTER_KEY, str(int(failures)))
        audit(db, "login_policy", actor=actor.username, lock_after=int(failures))


def login_state(db: Database, username: str) -> LoginState:
    row = db.execute(
        "SELECT failures, last_failed_at, locked_at FROM login_failures WHERE username_key = ?",
        [username_key(username)],
    ).fetchone()
    return LoginState(*row) if row else LoginState()


def locked_names(db: Database) -> set[str]:
    """Keys of every locked name (for the administrator's list of accounts)."""
    return {r[0] for r in db.execute("SELECT username_key FROM login_failures WHERE locked_at IS NOT NULL")}


def check_allowed(db: Database, username: str) -> None:
    """Raise AccountLocked or LoginDelayed when `username` may not try a password now."""
    state = login_state(db, username)
    if state.locked:
        raise AccountLocked()
    wait = delay_after(state.failures)
    if wait and state.last_failed_at:
        left = (parse_iso(state.last_failed_at) + timedelta(seconds=wait) - now_utc()).total_seconds()
        if left > 0:
            raise LoginDelayed(math.ceil(left))


def _store(db: Database, key: str, state: LoginState) -> None:
    put_records(db, "login_failures", ("username_key",),
                [{"username_key": key, "failures": state.failures, "last_failed_at": state.last_failed_at,
                  "locked_at": state.locked_at}],
                on_conflict=("failures", "last_failed_at", "locked_at"))


def _forget_old_unknown_names(db: Database) -> None:
    # Bounded: a script guessing random names cannot grow the table without end.
    unknown = "username_key NOT IN (SELECT lower(username) FROM users WHERE deleted_at IS NULL)"
    db.execute(
        f"DELETE FROM login_failures WHERE {unknown} AND username_key NOT IN "  # noqa: S608 - constant text
        f"(SELECT username_key FROM login_failures WHERE {unknown} ORDER BY last_failed_at DESC LIMIT ?)",
        [KEEP_UNKNOWN_NAMES],
    )


def record_failure(db: Database, username: str, *, via: str) -> LoginState:
    """Count a wrong password for `username` (audited); the failure that reaches the office's
    limit locks the name (audited too). Returns the new state."""
    key = username_key(username)
    with write_lock(db), bookkeeping(db):  # read and increment as one: parallel guesses each count
        old = login_state(db, username)
        now = iso(now_utc())
        failures = old.failures + 1
        locks = old.locked_at is None and failures >= lock_after(db)
        new = LoginState(failures, now, now if locks else old.locked_at)
        _store(db, key, new)
        audit(db, "login_failed", actor=SYSTEM, username=username.strip()[:40], via=via)
        if locks:
            audit(db, "account_locked", actor=SYSTEM, username=username.strip()[:40], failures=failures)
        _forget_old_unknown_names(db)
    return new


def reset_failures(db: Database, username: str) -> None:
    """A successful login starts the count again (joins the caller's transaction)."""
    if login_state(db, username).failures:
        with bookkeeping(db):
            _store(db, username_key(username), LoginState())


def unlock_account(db: Database, username: str) -> bool:
    """An administrator (users.manage, the user acting on `db`) lifts a lock (and the wait) on
    `username`; audited. Returns whether the name was locked."""
    actor = require(db, "users.manage")
    with write_lock(db):
        state = login_state(db, username)
        if not state.failures and not state.locked:
            return False
        _store(db, username_key(username), LoginState())
        audit(db, "account_unlocked", actor=actor.username, username=username.strip()[:40],
              failures=state.failures, was_locked=state.locked)
    return state.locked
