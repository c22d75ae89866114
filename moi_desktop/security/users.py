"""Local user accounts: create, authenticate, change password / role / active state.

Managing accounts needs users.manage (checked here, for the user acting on the database); one's
own password needs only to be logged in as oneself. These functions also enforce what must always
hold: valid input, unique names, at least one active administrator, the password policy
(security/policy.py, with this office's names) and the failed-login counter (security/logins.py).
"""

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import insert_row, update_row, update_where, write_lock
from moi_desktop.errors import UserError
from moi_desktop.security.audit import audit
from moi_desktop.security.logins import WRONG, AccountLocked, check_allowed, record_failure, reset_failures
from moi_desktop.security.passwords import hash_password, verify_password
from moi_desktop.security.policy import password_problem
from moi_desktop.security.roles import ROLES, can, refusal
from moi_desktop.security.session import (
    DEMO_META_KEY,
    SYSTEM,
    SYSTEM_USER,
    User,
    act_as,
    acting_user,
    bookkeeping,
    has_users,
    is_demo_database,
    require,
)

__all__ = [
    "DEMO_META_KEY",
    "SYSTEM_USER",
    "User",
    "authenticate",
    "create_first_admin",
    "create_user",
    "get_user",
    "has_users",
    "is_demo_database",
    "list_users",
    "office_names",
    "password_policy_problem",
    "set_password",
    "update_user",
]

_USERNAME = re.compile(r"^[A-Za-z0-9ก-๙._-]{2,32}$")
# Verified against when the username is unknown, so a wrong name costs the same time as a wrong password.
@functools.cache
def _dummy_hash() -> str:
    """Made at the first login attempt, not at import (~90 ms on every command otherwise)."""
    return hash_password("not-a-real-password")

_COLUMNS = "id, username, display_name, role, active, last_login, must_change_password"


def _stored_id(user: User) -> str:
    """The id of an account read from the database (only SYSTEM_USER has none, and it is never stored)."""
    if user.id is None:
        raise ValueError(f"{user.username} is not a stored account")
    return user.id


def _user(row: Sequence[Any]) -> User:
    return User(id=row[0], username=row[1], display_name=row[2], role=row[3], active=bool(row[4]), last_login=row[5],
                must_change_password=bool(row[6]))


def list_users(db: Database, *, include_inactive: bool = True) -> list[User]:
    where = "deleted_at IS NULL" + ("" if include_inactive else " AND active = 1")
    # Columns and condition are constants of this module.
    rows = db.execute(f"SELECT {_COLUMNS} FROM users WHERE {where} ORDER BY username COLLATE NOCASE").fetchall()  # noqa: S608
    return [_user(r) for r in rows]


def get_user(db: Database, username: str) -> User | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM users WHERE deleted_at IS NULL AND username = ? COLLATE NOCASE",  # noqa: S608 - constant
        [username.strip()],
    ).fetchone()
    return _user(row) if row else None


def _require_user(db: Database, username: str) -> User:
    user = get_user(db, username)
    if user is None:
        raise UserError(f"ไม่พบผู้ใช้ชื่อ {username}", field="username")
    return user


def office_names(db: Database) -> list[str]:
    """Names of this office a password must not contain: district and province (Thai and
    English, with and without "เมือง"), and the office's own name."""
    office = db.execute(
        "SELECT province_code, district_code, org_name FROM office WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
    ).fetchone()
    if office is None:
        return []
    names = [office[2] or ""]
    for table, column, code in (("districts", "district_code", office[1]), ("provinces", "province_code", office[0])):
        if code:
            # Table and column names are the constants above.
            row = db.execute(f"SELECT name_th, name_en FROM {table} WHERE {column} = ?", [code]).fetchone()  # noqa: S608
            names += [n for n in (row or ()) if n]
    for name in list(names):
        for prefix in ("เมือง", "Mueang "):
            if name.startswith(prefix):
                names.append(name.removeprefix(prefix))
    return [n for n in names if n]


def password_policy_problem(db: Database, username: str, password: str) -> str | None:
    """The one check of a new password, for the GUI and the CLI alike: a Thai message, or None."""
    return password_problem(password, username=username, office_names=office_names(db))


def _check_password(db: Database, username: str, password: str) -> None:
    problem = password_policy_problem(db, username, password)
    if problem:
        raise UserError(problem, field="password")


def create_user(
    db: Database, username: str, display_name: str, role: str, password: str
) -> User:
    require(db, "users.manage")
    username = username.strip()
    display_name = " ".join(display_name.split())
    if not _USERNAME.match(username):
        raise UserError(
            "ชื่อผู้ใช้ต้องยาว 2–32 ตัว ใช้ได้เฉพาะตัวอักษร ตัวเลข จุด ขีดกลาง และขีดล่าง (ไม่มีช่องว่าง)",
            field="username",
        )
    if username.lower() == SYSTEM:
        raise UserError("ชื่อผู้ใช้ system สงวนไว้สำหรับระบบ", field="username")
    if not display_name:
        raise UserError("กรุณากรอกชื่อที่แสดง", field="display_name")
    if role not in ROLES:
        raise UserError(f"ไม่รู้จักบทบาท {role} (ใช้ได้: {', '.join(ROLES)})", field="role")
    _check_password(db, username, password)
    if get_user(db, username) is not None:
        raise UserError(f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", field="username")
    values = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "password_hash": hash_password(password),
        "active": 1,
        "last_login": None,
    }
    user_id = insert_row(db, "users", values)
    return User(id=user_id, username=username, display_name=display_name, role=role)


def create_first_admin(db: Database, username: str, display_name: str, password: str) -> User:
    """The first run's administrator; refused once any account exists."""
    with db.atomic():
        if has_users(db):
            raise UserError("มีผู้ดูแลระบบอยู่แล้ว กรุณาเข้าสู่ระบบ")
        return create_user(db, username, display_name, "admin", password)


def authenticate(db: Database, username: str, password: str, *, via: str = "gui",
                 actions: Sequence[str] = ()) -> User:
    """Check the password; on success stamp last_login, audit the login and make the user the one
    acting on `db`. Failures are counted and audited (logins.py) and raise one message for any
    cause; a name that is waiting or locked is refused before any password is checked.

    `actions`: what the login is for (a command's operation). A user who may not do them all is
    refused after the password check and before anything is written: the refusal leaves the
    database as it was.

    A password that no longer meets the policy still logs in, flagged must_change_password: such a
    user may do nothing but change it (security/session.py binds them without permissions); the
    GUI asks for a new one before showing anything, the CLI refuses everything else."""
    name = username.strip()
    check_allowed(db, name)
    row = db.execute(
        f"SELECT {_COLUMNS}, password_hash FROM users WHERE deleted_at IS NULL AND username = ? COLLATE NOCASE",  # noqa: S608
        [name],
    ).fetchone()
    # An unknown name is checked against a dummy hash: it costs the same time as a wrong password.
    if not verify_password(password, row[7] if row else _dummy_hash()):
        state = record_failure(db, name, via=via)
        if state.locked:
            raise AccountLocked()
        raise UserError(WRONG, field="password")
    if not row[4]:
        audit(db, "login_failed", actor=SYSTEM, username=name[:40], via=via)
        raise UserError("บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ")
    user = _user(row[:7])
    for action in actions:
        if not can(user, action):
            raise UserError(refusal(user, action))
    weak = user.must_change_password or password_policy_problem(db, user.username, password) is not None
    now = now_iso()
    with write_lock(db), bookkeeping(db):
        check_allowed(db, name)  # a parallel attempt may have locked the name meanwhile
        # last_login and the flag are local bookkeeping, not changes to share: written directly so
        # the row's updated_at (what bundles compare) stays put. The login itself is audited below.
        update_where(db, "users", {"last_login": now, "must_change_password": int(weak)}, {"id": user.id},
                     stamp=False, audit=False)
        reset_failures(db, name)
        audit(db, "login", actor=user.username, via=via, must_change_password=weak)
    logged_in = replace(user, last_login=now, must_change_password=weak)
    act_as(db, logged_in)
    return logged_in


def set_password(db: Database, username: str, new_password: str, *, old_password: str | None = None) -> None:
    """Change a password: one's own (the user acting on `db`), or anyone's with users.manage.
    With `old_password` (a user changing their own) it must match first."""
    user = _require_user(db, username)
    actor = acting_user(db)
    own = actor is not None and actor.active and actor.id == user.id
    if not own:
        require(db, "users.manage")
    if old_password is not None:
        if not verify_password(old_password, _stored_hash(db, user)):
            raise UserError("รหัสผ่านเดิมไม่ถูกต้อง", field="old_password")
    _check_password(db, user.username, new_password)
    if verify_password(new_password, _stored_hash(db, user)):
        raise UserError("รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม", field="password")
    # One's own password is the one account write that needs no users.manage: the rule above allowed it.
    with bookkeeping(db):
        update_row(db, "users", _stored_id(user),
                   {"password_hash": hash_password(new_password), "must_change_password": 0})
    if own and actor is not None and actor.must_change_password:
        act_as(db, replace(actor, must_change_password=False))  # changed: the user's permissions apply now


def _stored_hash(db: Database, user: User) -> str:
    return str(db.execute("SELECT password_hash FROM users WHERE id = ?", [user.id]).fetchone()[0])


def _other_active_admins(db: Database, user_id: str) -> int:
    return int(db.execute(
        "SELECT count(*) FROM users WHERE deleted_at IS NULL AND active = 1 AND role = 'admin' AND id != ?",
        [user_id],
    ).fetchone()[0])


def update_user(
    db: Database,
    username: str,
    *,
    display_name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> User:
    """Change display name, role or active state; the last active administrator must stay one."""
    require(db, "users.manage")
    user = _require_user(db, username)
    user_id = _stored_id(user)
    changes: dict[str, str | int] = {}
    if display_name is not None:
        display_name = " ".join(display_name.split())
        if not display_name:
            raise UserError("กรุณากรอกชื่อที่แสดง", field="display_name")
        changes["display_name"] = display_name
    if role is not None:
        if role not in ROLES:
            raise UserError(f"ไม่รู้จักบทบาท {role}", field="role")
        changes["role"] = role
    if active is not None:
        changes["active"] = 1 if active else 0
    demoted = user.role == "admin" and user.active and (
        changes.get("role", "admin") != "admin" or changes.get("active", 1) == 0
    )
    with db.atomic():
        if demoted and _other_active_admins(db, user_id) == 0:
            raise UserError("ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน", field="role")
        if changes:
            update_row(db, "users", user_id, changes)
    return _require_user(db, username)
