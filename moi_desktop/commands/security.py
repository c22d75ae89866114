"""`users …`, `audit …` and `safety`: accounts, the audit trail and the safety settings
(moi_desktop/security/).

    python -m moi_desktop users add|list|passwd|update|unlock --db DB ...
    python -m moi_desktop audit verify --db DB [--anchor FILE.json ...] [--json]
    python -m moi_desktop security recovery-key --db DB --user ADMIN ...
    python -m moi_desktop audit list --db DB [--actor NAME] [--since DATE] [--until DATE] [--limit N]
    python -m moi_desktop safety --db DB [--lock-minutes N] [--backup-keep N] [--lock-after N] [--json]

Commands that change data or show protected data act as a named user (see security/cli.py).
`safety` sets the idle lock, how many automatic backups are kept and after how many wrong
passwords a name is locked (`users unlock` lifts a lock). Backups themselves are
commands/backup.py; the breach register is commands/pdpa_register.py.
"""

import argparse
import json
import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.db.clock import BANGKOK, iso, to_bangkok
from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from moi_desktop.security.users import User

NEW_PASSWORD_ENV = "MOI_DESKTOP_NEW_PASSWORD"  # noqa: S105 - the variable's name, not a password


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security import ROLES, add_actor_arguments

    users = subparsers.add_parser("users", help="บัญชีผู้ใช้").add_subparsers(dest="users_command", required=True)
    p = users.add_parser("add", help="เพิ่มผู้ใช้ (ผู้ใช้คนแรกต้องเป็นผู้ดูแลระบบ)")
    add_db_argument(p)
    p.add_argument("username")
    p.add_argument("--name", required=True, help="ชื่อที่แสดง")
    p.add_argument("--role", required=True, choices=list(ROLES))
    p.add_argument("--new-password-file", type=Path, help=f"ไฟล์รหัสผ่านของผู้ใช้ใหม่ (หรือตัวแปร {NEW_PASSWORD_ENV})")
    add_actor_arguments(p)
    p.set_defaults(func=run_users_add)

    p = users.add_parser("list", help="รายชื่อผู้ใช้")
    add_db_argument(p)
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_users_list)

    p = users.add_parser("passwd", aliases=["password"],
                         help="ตั้งรหัสผ่านใหม่ (ของตนเอง หรือของผู้อื่นสำหรับผู้ดูแลระบบ)")
    add_db_argument(p)
    p.add_argument("username")
    p.add_argument("--new-password-file", type=Path, help=f"ไฟล์รหัสผ่านใหม่ (หรือตัวแปร {NEW_PASSWORD_ENV})")
    add_actor_arguments(p)
    p.set_defaults(func=run_users_passwd)

    p = users.add_parser("update", help="เปลี่ยนชื่อที่แสดง บทบาท หรือระงับ/เปิดใช้บัญชี")
    add_db_argument(p)
    p.add_argument("username")
    p.add_argument("--name")
    p.add_argument("--role", choices=list(ROLES))
    p.add_argument("--active", choices=["yes", "no"])
    add_actor_arguments(p)
    p.set_defaults(func=run_users_update)

    p = users.add_parser("unlock", help="ปลดล็อกบัญชีที่ถูกล็อกเพราะใส่รหัสผ่านผิดหลายครั้ง (ผู้ดูแลระบบ)")
    add_db_argument(p)
    p.add_argument("username")
    add_actor_arguments(p)
    p.set_defaults(func=run_users_unlock)

    audit = subparsers.add_parser("audit", help="บันทึกการใช้งาน").add_subparsers(dest="audit_command", required=True)
    p = audit.add_parser("verify", help="ตรวจว่าบันทึกการใช้งานและข้อมูลไม่ถูกแก้ไขนอกโปรแกรม")
    add_db_argument(p)
    p.add_argument("--anchor", type=Path, action="append", default=[],
                   help="ไฟล์ JSON จุดยึด (seq, hash) เช่นที่จังหวัดได้รับในชุดข้อมูล ตรวจว่าบันทึกยังมีถึงจุดนั้น")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_audit_verify)

    keys = subparsers.add_parser("security", help="กุญแจเข้ารหัสฐานข้อมูล").add_subparsers(
        dest="security_command", required=True)
    p = keys.add_parser("recovery-key", help="แสดงรหัสกู้คืนกุญแจเข้ารหัสของเครื่องนี้ (ครั้งเดียว ผู้ดูแลระบบ)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=run_recovery_key)

    p = audit.add_parser("list", help="แสดงบันทึกการใช้งาน (ใหม่สุดก่อน)")
    add_db_argument(p)
    p.add_argument("--actor")
    p.add_argument("--action")
    p.add_argument("--table")
    p.add_argument("--since", help="ตั้งแต่วันที่ (เช่น 30/08/2565 หรือ 2022-08-30)")
    p.add_argument("--until", help="ถึงวันที่ (รวมวันนั้น)")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_audit_list)

    p = subparsers.add_parser("safety", help="ดูหรือตั้งเวลาล็อกหน้าจออัตโนมัติและจำนวนไฟล์สำรองที่เก็บไว้")
    add_db_argument(p)
    p.add_argument("--lock-minutes", type=int, help="ล็อกหน้าจอเมื่อไม่มีการใช้งานกี่นาที (1–240)")
    p.add_argument("--backup-keep", type=int, help="เก็บไฟล์สำรองอัตโนมัติกี่ไฟล์ต่อประเภท (1–365)")
    p.add_argument("--lock-after", type=int, help="ล็อกบัญชีเมื่อใส่รหัสผ่านผิดติดกันกี่ครั้ง (3–20)")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_safety)


def _new_password(args: argparse.Namespace) -> str:
    path = args.new_password_file
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"อ่านไฟล์รหัสผ่านไม่ได้: {path}", field="--new-password-file", detail=str(exc)) from exc
        return text.splitlines()[0] if text else ""
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is None:
        raise UserError(
            f"กรุณาให้รหัสผ่านของผู้ใช้ด้วย --new-password-file หรือตัวแปร {NEW_PASSWORD_ENV}",
            field="--new-password-file",
        )
    return value


def _user_json(user: "User", locked: bool) -> dict[str, object]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_th": user.role_th,
        "active": user.active,
        "last_login": user.last_login,
        "locked": locked,
        "must_change_password": user.must_change_password,
    }


# --- users -------------------------------------------------------------------------------------


def run_users_add(args: argparse.Namespace) -> int:
    from moi_desktop.security import cli_actor, create_first_admin, create_user, has_users
    from moi_desktop.security.cli import USER_ENV

    with opened(args) as db:
        password = _new_password(args)
        # The first account is made by whoever runs the command: there is nobody to log in as yet.
        if not has_users(db) and not args.user and not os.environ.get(USER_ENV):
            if args.role != "admin":
                raise UserError("ผู้ใช้คนแรกต้องมีบทบาทผู้ดูแลระบบ (--role admin)", field="--role")
            user = create_first_admin(db, args.username, args.name, password)
        else:
            cli_actor(args, db, "users.manage")
            user = create_user(db, args.username, args.name, args.role, password)
    print(f"เพิ่มผู้ใช้ {user.username} ({user.role_th}) แล้ว")
    return 0


def run_users_list(args: argparse.Namespace) -> int:
    from moi_desktop.security import list_users
    from moi_desktop.security.logins import locked_names, username_key

    with opened_as(args, "users.manage") as (db, _user):
        users = list_users(db)
        locked = locked_names(db)
    if args.json:
        print_json([_user_json(u, username_key(u.username) in locked) for u in users])
    else:
        for u in users:
            state = "" if u.active else " (ระงับ)"
            state += " (ล็อก)" if username_key(u.username) in locked else ""
            state += " (ต้องเปลี่ยนรหัสผ่าน)" if u.must_change_password else ""
            print(f"{u.username}\t{u.display_name}\t{u.role_th}{state}")
    return 0


def run_users_passwd(args: argparse.Namespace) -> int:
    from moi_desktop.security import cli_actor, set_password
    from moi_desktop.security.cli import must_change_message

    with opened(args) as db:
        # One's own password: any logged-in user, also one whose password must be changed (and who
        # may change nothing else); anyone else's needs users.manage (set_password checks it).
        actor = cli_actor(args, db, None, password_change=True)
        if actor.must_change_password and actor.username.lower() != args.username.strip().lower():
            raise UserError(must_change_message(actor.username), field="--user")
        set_password(db, args.username, _new_password(args))
    print(f"เปลี่ยนรหัสผ่านของ {args.username} แล้ว")
    return 0


def run_users_unlock(args: argparse.Namespace) -> int:
    from moi_desktop.security import get_user, unlock_account

    with opened_as(args, "users.manage") as (db, _actor):
        if get_user(db, args.username) is None:
            raise UserError(f"ไม่พบผู้ใช้ชื่อ {args.username}", field="username")
        was_locked = unlock_account(db, args.username)
    print(f"ปลดล็อกบัญชี {args.username} แล้ว" if was_locked else f"บัญชี {args.username} ไม่ได้ถูกล็อก")
    return 0


def run_users_update(args: argparse.Namespace) -> int:
    from moi_desktop.security import update_user

    with opened_as(args, "users.manage") as (db, _user):
        active = None if args.active is None else args.active == "yes"
        user = update_user(db, args.username, display_name=args.name, role=args.role, active=active)
    print(f"ปรับปรุงผู้ใช้ {user.username} ({user.role_th}{'' if user.active else ', ระงับ'}) แล้ว")
    return 0


# --- audit -------------------------------------------------------------------------------------


def _anchors(paths: list[Path]) -> list[dict[str, object]]:
    found = []
    for path in paths:
        try:
            value = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"อ่านไฟล์จุดยึดไม่ได้: {path}", field="--anchor", detail=str(exc)) from exc
        value = value.get("audit_head", value) if isinstance(value, dict) else value  # a whole manifest too
        if not isinstance(value, dict) or "seq" not in value or "hash" not in value:
            raise UserError(f"ไฟล์ {path} ไม่มีจุดยึด (ต้องมี seq และ hash)", field="--anchor")
        found.append(value)
    return found


def run_audit_verify(args: argparse.Namespace) -> int:
    from moi_desktop.security.integrity import verify

    anchors = _anchors(args.anchor)
    with opened(args) as db:
        report = verify(db, anchors=anchors)
    if args.json:
        print_json({"ok": report.ok, "checked": report.chain.checked, "first_bad_seq": report.chain.first_bad_seq,
                    "rows_checked": report.rows_checked, "message": report.message_th,
                    "problems": report.problems, "notes": report.notes})
    elif report.ok:
        print(report.message_th)
        for note in report.notes:
            print(f"หมายเหตุ: {note}")
    if not report.ok:
        for problem in report.problems:
            print(f"ตรวจพบการแก้ไขนอกโปรแกรม: {problem}", file=sys.stderr)
        return 1
    return 0


def run_recovery_key(args: argparse.Namespace) -> int:
    from moi_desktop.security.keystore import store_description
    from moi_desktop.security.recovery import reveal_recovery_key

    with opened_as(args, "security.recovery_key") as (db, _user):
        text = reveal_recovery_key(db)
    print("รหัสกู้คืนกุญแจเข้ารหัสฐานข้อมูลของเครื่องนี้ (แสดงครั้งเดียว จดหรือพิมพ์เก็บไว้ในที่ปลอดภัย):")
    print(text)
    print(f"กุญแจของเครื่องนี้เก็บอยู่ใน: {store_description()}")
    return 0


def _day_start_utc(text: str, *, field: str, next_day: bool = False) -> str:
    from moi_desktop.thai import parse_thai_date

    try:
        day = parse_thai_date(text)
    except UserError as exc:
        raise UserError(exc.message, field=field) from exc
    if next_day:
        day += timedelta(days=1)
    return iso(datetime.combine(day, time(0, 0), tzinfo=BANGKOK))


def run_audit_list(args: argparse.Namespace) -> int:
    from moi_desktop.security import list_entries

    with opened_as(args, "audit.view") as (db, _user):
        if args.limit < 1:
            raise UserError("--limit ต้องมากกว่า 0", field="--limit")
        entries = list_entries(
            db,
            actor=args.actor,
            action=args.action,
            table_name=args.table,
            since=_day_start_utc(args.since, field="--since") if args.since else None,
            until=_day_start_utc(args.until, field="--until", next_day=True) if args.until else None,
            limit=args.limit,
        )
    if args.json:
        print_json([
            {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "table": e.table_name,
             "row_id": e.row_id, "details": e.details}
            for e in entries
        ])
    else:
        for e in entries:
            when = to_bangkok(e.at).strftime("%Y-%m-%d %H:%M:%S")
            target = f" {e.table_name}:{e.row_id}" if e.table_name else ""
            print(f"{e.seq}\t{when}\t{e.actor}\t{e.action_th}{target}")
    return 0


# --- safety ------------------------------------------------------------------------------------


def run_safety(args: argparse.Namespace) -> int:
    from moi_desktop.backup import backup_keep, set_backup_keep
    from moi_desktop.security import cli_actor, idle_lock_minutes, lock_after, set_idle_lock_minutes, set_lock_after

    with opened(args) as db:
        # Reading the settings needs no login; changing them does.
        if args.lock_minutes is not None or args.backup_keep is not None or args.lock_after is not None:
            # Every permission asked before anything is written (the core checks each again).
            needed = ["office.edit"] + (["users.manage"] if args.lock_after is not None else [])
            cli_actor(args, db, needed)
            with db.atomic():
                if args.lock_minutes is not None:
                    set_idle_lock_minutes(db, args.lock_minutes)
                if args.backup_keep is not None:
                    set_backup_keep(db, args.backup_keep)
                if args.lock_after is not None:
                    set_lock_after(db, args.lock_after)
        values = {"lock_minutes": idle_lock_minutes(db), "backup_keep": backup_keep(db), "lock_after": lock_after(db)}
    if args.json:
        print_json(values)
    else:
        print(f"ล็อกหน้าจอเมื่อไม่มีการใช้งาน {values['lock_minutes']} นาที · "
              f"เก็บไฟล์สำรองอัตโนมัติ {values['backup_keep']} ไฟล์ต่อประเภท · "
              f"ล็อกบัญชีเมื่อใส่รหัสผ่านผิด {values['lock_after']} ครั้ง")
    return 0
