"""Acting as a named user from the headless commands.

Rule: until the first account exists (fresh database, scripted set-up) commands act as
"system"; so do commands on a demo database that name no user. Once any active account exists,
a command that reads personal data, exports or changes anything must name a user
(--user or MOI_DESKTOP_USER) and give the password through --password-file (bundle commands:
--user-password-file, their --password-file being the bundle's) or the environment variable
MOI_DESKTOP_PASSWORD — never on the command line, where other users of the PC could see it in
the process list. The user must also hold the operation's permissions; the core checks them
again (security/session.py) whatever the command asked.
"""

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.security.session import SYSTEM_USER, User, act_as, has_users, is_demo_database, require
from moi_desktop.security.users import authenticate

USER_ENV = "MOI_DESKTOP_USER"
PASSWORD_ENV = "MOI_DESKTOP_PASSWORD"  # noqa: S105 - the variable's name, not a password


def add_actor_arguments(parser: argparse.ArgumentParser, *, file_option: str = "--password-file") -> None:
    """Give a command the --user / --password-file options (`file_option` renames the second
    where the command already has a --password-file of its own)."""
    parser.add_argument("--user", help=f"ชื่อผู้ใช้ที่ทำรายการ (หรือกำหนดตัวแปร {USER_ENV})")
    parser.add_argument(
        file_option, dest="user_password_file", type=Path,
        help=f"ไฟล์ที่มีรหัสผ่านของผู้ใช้ในบรรทัดแรก (หรือกำหนดตัวแปร {PASSWORD_ENV})",
    )
    parser.set_defaults(user_password_option=file_option)  # named in the messages below


def _file_option(args: argparse.Namespace) -> str:
    return str(getattr(args, "user_password_option", "--password-file"))


def _password(args: argparse.Namespace) -> str | None:
    path = getattr(args, "user_password_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"อ่านไฟล์รหัสผ่านไม่ได้: {path}", field=_file_option(args), detail=str(exc)) from exc
        return text.splitlines()[0] if text else ""
    return os.environ.get(PASSWORD_ENV)


def must_change_message(username: str) -> str:
    return (
        f"รหัสผ่านของ {username} ไม่เป็นไปตามนโยบายรหัสผ่าน (ยาวอย่างน้อย 10 ตัวอักษรและไม่ใช่รหัสผ่านที่ใช้กันทั่วไป) "
        f"ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน: python -m moi_desktop users passwd {username} --db ฐานข้อมูล "
        f"--user {username} --new-password-file ไฟล์รหัสผ่านใหม่"
    )


def cli_actor(args: argparse.Namespace, db: Database, action: str | Sequence[str] | None, *,
              password_change: bool = False) -> User:
    """Authenticate the command's user, check `action` (one or several), and make them the one
    acting on `db`.

    `action` None accepts any logged-in user (e.g. changing one's own password). A user whose
    password must be changed (users.must_change_password) is refused unless `password_change`
    (the command that changes it); the core gives such a user no permission until then.
    Returns SYSTEM_USER on a database open to the system (no account yet, or a demo) when no user
    is named. Raises UserError (Thai) otherwise when the user, the password or a permission is
    missing or wrong — before anything is written, except a failed login's counter and audit entry
    (and the login itself, for a password that must be changed).
    """
    actions = (action,) if isinstance(action, str) else tuple(action or ())
    username = getattr(args, "user", None) or os.environ.get(USER_ENV)
    # A demo database holds invented people only: scripts and tests may use it without logging in.
    if not username and (not has_users(db) or is_demo_database(db)):
        act_as(db, None)
        for needed in actions:
            require(db, needed)  # validates the action names
        return SYSTEM_USER
    if not username:
        raise UserError(
            f"ฐานข้อมูลนี้มีบัญชีผู้ใช้แล้ว กรุณาระบุ --user ชื่อผู้ใช้ และรหัสผ่านด้วย {_file_option(args)} "
            f"หรือตัวแปร {PASSWORD_ENV}",
            field="--user",
        )
    password = _password(args)
    if password is None:
        raise UserError(
            f"กรุณาให้รหัสผ่านของ {username} ด้วย {_file_option(args)} หรือตัวแปร {PASSWORD_ENV}",
            field=_file_option(args),
        )
    user = authenticate(db, username, password, via="cli", actions=actions)
    if user.must_change_password and not password_change:
        raise UserError(must_change_message(user.username), field="--user")
    return user
