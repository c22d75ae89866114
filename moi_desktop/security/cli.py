"""Acting as a named user from the headless commands.

Rule: until the first account exists (fresh database, scripted set-up) commands act as
"system"; so do commands on a demo database that name no user. Once any active account exists,
a command that calls cli_actor() must name a user
(--user or MOI_DESKTOP_USER) and give the password through --password-file or the environment
variable MOI_DESKTOP_PASSWORD (never on the command line, where other users of the PC could see
it in the process list). The user must also hold the action's permission.
"""

import argparse
import os
from pathlib import Path

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.security.roles import require
from moi_desktop.security.session import SYSTEM, set_actor
from moi_desktop.security.users import SYSTEM_USER, User, authenticate, has_users, is_demo_database

USER_ENV = "MOI_DESKTOP_USER"
PASSWORD_ENV = "MOI_DESKTOP_PASSWORD"  # noqa: S105 - the variable's name, not a password


def add_actor_arguments(parser: argparse.ArgumentParser) -> None:
    """Give a data-changing command the --user / --password-file options."""
    parser.add_argument("--user", help=f"ชื่อผู้ใช้ที่ทำรายการ (หรือกำหนดตัวแปร {USER_ENV})")
    parser.add_argument(
        "--password-file", type=Path, help=f"ไฟล์ที่มีรหัสผ่านในบรรทัดแรก (หรือกำหนดตัวแปร {PASSWORD_ENV})"
    )


def _password(args: argparse.Namespace) -> str | None:
    path = getattr(args, "password_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"อ่านไฟล์รหัสผ่านไม่ได้: {path}", field="--password-file", detail=str(exc)) from exc
        return text.splitlines()[0] if text else ""
    return os.environ.get(PASSWORD_ENV)


def must_change_message(username: str) -> str:
    return (
        f"รหัสผ่านของ {username} ไม่เป็นไปตามนโยบายรหัสผ่าน (ยาวอย่างน้อย 10 ตัวอักษรและไม่ใช่รหัสผ่านที่ใช้กันทั่วไป) "
        f"ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน: python -m moi_desktop users passwd {username} --db ฐานข้อมูล "
        f"--user {username} --new-password-file ไฟล์รหัสผ่านใหม่"
    )


def cli_actor(args: argparse.Namespace, db: Database, action: str | None, *, password_change: bool = False) -> User:
    """Authenticate the command's user, check `action`, and make them the actor for `db`.

    `action` None accepts any logged-in user (e.g. changing one's own password). A user whose
    password must be changed (users.must_change_password) is refused unless `password_change`
    (the command that changes it).
    Returns SYSTEM_USER while no account exists yet. Raises UserError (Thai) otherwise when the
    user, the password or the permission is missing or wrong.
    """
    username = getattr(args, "user", None) or os.environ.get(USER_ENV)
    # A demo database holds invented people only: scripts and tests may use it without logging in.
    if not username and (not has_users(db) or is_demo_database(db)):
        if action:
            require(SYSTEM_USER, action)  # validates the action name
        set_actor(db, SYSTEM)
        return SYSTEM_USER
    if not username:
        raise UserError(
            f"ฐานข้อมูลนี้มีบัญชีผู้ใช้แล้ว กรุณาระบุ --user ชื่อผู้ใช้ และรหัสผ่านด้วย --password-file "
            f"หรือตัวแปร {PASSWORD_ENV}",
            field="--user",
        )
    password = _password(args)
    if password is None:
        raise UserError(
            f"กรุณาให้รหัสผ่านของ {username} ด้วย --password-file หรือตัวแปร {PASSWORD_ENV}",
            field="--password-file",
        )
    user = authenticate(db, username, password, via="cli")
    if user.must_change_password and not password_change:
        raise UserError(must_change_message(user.username), field="--user")
    if action:
        require(user, action)
    set_actor(db, user.username)
    return user
