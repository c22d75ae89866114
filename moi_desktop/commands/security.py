"""Accounts, audit trail, backups and the PDPA breach register from the command line.

users add/list/passwd/update · audit verify/list · backup · restore · safety (lock minutes, backups
kept) · breach add/list/reported/status.
Commands that change data or show protected data act as a named user (see security/cli.py).
"""

import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

from moi_desktop.cli import print_json
from moi_desktop.commands._common import add_db_argument, open_existing
from moi_desktop.db.clock import BANGKOK, iso, to_bangkok
from moi_desktop.errors import UserError

NEW_PASSWORD_ENV = "MOI_DESKTOP_NEW_PASSWORD"


def register(subparsers) -> None:
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

    p = users.add_parser("passwd", help="ตั้งรหัสผ่านใหม่ (ของตนเอง หรือของผู้อื่นสำหรับผู้ดูแลระบบ)")
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

    audit = subparsers.add_parser("audit", help="บันทึกการใช้งาน").add_subparsers(dest="audit_command", required=True)
    p = audit.add_parser("verify", help="ตรวจว่าบันทึกการใช้งานไม่ถูกแก้ไขนอกโปรแกรม")
    add_db_argument(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_audit_verify)

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

    p = subparsers.add_parser("backup", help="สำรองฐานข้อมูลไปยังไฟล์ (เช่น แฟลชไดรฟ์)")
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True, help="ไฟล์ปลายทาง")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="กู้คืนฐานข้อมูลจากไฟล์สำรอง (เก็บสำเนาฐานข้อมูลเดิมไว้ก่อน)")
    add_db_argument(p)
    p.add_argument("--from", dest="source", type=Path, required=True, help="ไฟล์สำรอง")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_restore)

    p = subparsers.add_parser("safety", help="ดูหรือตั้งเวลาล็อกหน้าจออัตโนมัติและจำนวนไฟล์สำรองที่เก็บไว้")
    add_db_argument(p)
    p.add_argument("--lock-minutes", type=int, help="ล็อกหน้าจอเมื่อไม่มีการใช้งานกี่นาที (1–240)")
    p.add_argument("--backup-keep", type=int, help="เก็บไฟล์สำรองอัตโนมัติกี่ไฟล์ต่อประเภท (1–365)")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_safety)

    breach = subparsers.add_parser("breach", help="ทะเบียนเหตุการณ์ละเมิดข้อมูลส่วนบุคคล (PDPA)").add_subparsers(
        dest="breach_command", required=True
    )
    p = breach.add_parser("add", help="บันทึกเหตุการณ์ใหม่ (ต้องแจ้งภายใน ๗๒ ชั่วโมง)")
    add_db_argument(p)
    p.add_argument("--description", required=True)
    p.add_argument("--discovered", help="วันเวลาที่พบ (ค.ศ.) เช่น 2025-08-30 14:30 เวลาประเทศไทย; ไม่ระบุ = ตอนนี้")
    p.add_argument("--data", default="", help="ข้อมูลที่ได้รับผลกระทบ")
    p.add_argument("--people", type=int, default=0, help="จำนวนผู้ได้รับผลกระทบ")
    p.add_argument("--actions", default="", help="การดำเนินการที่ทำแล้ว")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_breach_add)

    p = breach.add_parser("list", help="รายการเหตุการณ์และกำหนดแจ้ง ๗๒ ชั่วโมง")
    add_db_argument(p)
    p.add_argument("--open", action="store_true", help="เฉพาะที่ยังไม่ดำเนินการ")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_breach_list)

    p = breach.add_parser("reported", help="บันทึกว่าแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลแล้ว")
    add_db_argument(p)
    p.add_argument("id")
    p.add_argument("--at", help="วันเวลาที่แจ้ง (ค.ศ.); ไม่ระบุ = ตอนนี้")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_breach_reported)

    p = breach.add_parser("status", help="เปลี่ยนสถานะ (open / reported / not_required / closed)")
    add_db_argument(p)
    p.add_argument("id")
    p.add_argument("status")
    p.add_argument("--actions", help="การดำเนินการ / เหตุผล")
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_breach_status)


def _new_password(args) -> str:
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


def _user_json(user) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_th": user.role_th,
        "active": user.active,
        "last_login": user.last_login,
    }


# --- users -------------------------------------------------------------------------------------


def run_users_add(args) -> int:
    from moi_desktop.security import cli_actor, create_first_admin, create_user, has_users

    db = open_existing(args.db)
    password = _new_password(args)
    if not has_users(db) and not args.user and not os.environ.get("MOI_DESKTOP_USER"):
        if args.role != "admin":
            raise UserError("ผู้ใช้คนแรกต้องมีบทบาทผู้ดูแลระบบ (--role admin)", field="--role")
        user = create_first_admin(db, args.username, args.name, password)
    else:
        cli_actor(args, db, "users.manage")
        user = create_user(db, args.username, args.name, args.role, password)
    print(f"เพิ่มผู้ใช้ {user.username} ({user.role_th}) แล้ว")
    return 0


def run_users_list(args) -> int:
    from moi_desktop.security import cli_actor, list_users

    db = open_existing(args.db)
    cli_actor(args, db, "users.manage")
    users = list_users(db)
    if args.json:
        print_json([_user_json(u) for u in users])
    else:
        for u in users:
            state = "" if u.active else " (ระงับ)"
            print(f"{u.username}\t{u.display_name}\t{u.role_th}{state}")
    return 0


def run_users_passwd(args) -> int:
    from moi_desktop.security import cli_actor, set_password

    db = open_existing(args.db)
    actor = cli_actor(args, db, None)
    if actor.username.lower() != args.username.strip().lower():
        from moi_desktop.security import require

        require(actor, "users.manage")
    set_password(db, args.username, _new_password(args))
    print(f"เปลี่ยนรหัสผ่านของ {args.username} แล้ว")
    return 0


def run_users_update(args) -> int:
    from moi_desktop.security import cli_actor, update_user

    db = open_existing(args.db)
    cli_actor(args, db, "users.manage")
    active = None if args.active is None else args.active == "yes"
    user = update_user(db, args.username, display_name=args.name, role=args.role, active=active)
    print(f"ปรับปรุงผู้ใช้ {user.username} ({user.role_th}{'' if user.active else ', ระงับ'}) แล้ว")
    return 0


# --- audit -------------------------------------------------------------------------------------


def run_audit_verify(args) -> int:
    from moi_desktop.security import verify_chain

    db = open_existing(args.db)
    result = verify_chain(db)
    if args.json:
        print_json({"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
                    "message": result.message_th})
    elif result.ok:
        print(result.message_th)
    if not result.ok:
        print(f"ตรวจพบการแก้ไขบันทึกการใช้งาน: {result.message_th}", file=sys.stderr)
        return 1
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


def run_audit_list(args) -> int:
    from moi_desktop.security import cli_actor, list_entries

    db = open_existing(args.db)
    cli_actor(args, db, "audit.view")
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


# --- backup / restore ------------------------------------------------------------------------------


def run_backup(args) -> int:
    from moi_desktop.backup import backup_to
    from moi_desktop.security import cli_actor

    db = open_existing(args.db)
    cli_actor(args, db, "backup.create")
    out = backup_to(db, args.out)
    if args.json:
        print_json({"file": str(out), "size": out.stat().st_size})
    else:
        print(f"สำรองข้อมูลไปที่ {out} แล้ว ({out.stat().st_size:,} ไบต์) ตรวจความสมบูรณ์ผ่าน")
    return 0


def run_restore(args) -> int:
    from moi_desktop.backup import inspect_backup, restore
    from moi_desktop.security import cli_actor

    inspect_backup(args.source)  # a bad backup is refused before anyone is asked to log in
    actor = "system"
    if args.db.exists() and args.db.stat().st_size > 0:
        try:
            db = open_existing(args.db)
        except UserError as exc:
            # A damaged database cannot check anyone's password; restoring is the way out of it.
            print(f"คำเตือน: เปิดฐานข้อมูลเดิมไม่ได้ ({exc.message}) จะกู้คืนโดยเก็บสำเนาไฟล์เดิมไว้", file=sys.stderr)
        else:
            actor = cli_actor(args, db, "backup.restore").username
            db.close()
    result = restore(args.db, args.source, actor=actor)
    safety = str(result.safety_copy) if result.safety_copy else None
    if args.json:
        print_json({"restored_from": str(args.source), "safety_copy": safety,
                    "schema_version": result.backup.schema_version, "same_installation": result.same_installation})
    else:
        print(f"กู้คืนจาก {args.source} แล้ว")
        if safety:
            print(f"สำเนาฐานข้อมูลก่อนกู้คืนอยู่ที่ {safety}")
        if not result.same_installation:
            print("หมายเหตุ: ไฟล์สำรองนี้มาจากการติดตั้งเครื่องอื่น")
    return 0


def run_safety(args) -> int:
    from moi_desktop.backup import backup_keep, set_backup_keep
    from moi_desktop.security import cli_actor, idle_lock_minutes, set_idle_lock_minutes

    db = open_existing(args.db)
    if args.lock_minutes is not None or args.backup_keep is not None:
        cli_actor(args, db, "office.edit")
        with db.atomic():
            if args.lock_minutes is not None:
                set_idle_lock_minutes(db, args.lock_minutes)
            if args.backup_keep is not None:
                set_backup_keep(db, args.backup_keep)
    values = {"lock_minutes": idle_lock_minutes(db), "backup_keep": backup_keep(db)}
    if args.json:
        print_json(values)
    else:
        print(f"ล็อกหน้าจอเมื่อไม่มีการใช้งาน {values['lock_minutes']} นาที · เก็บไฟล์สำรองอัตโนมัติ {values['backup_keep']} ไฟล์ต่อประเภท")
    return 0


# --- PDPA breach register -----------------------------------------------------------------------


def _breach_json(b) -> dict:
    return {
        "id": b.id,
        "discovered_at": b.discovered_at,
        "deadline": iso(b.deadline),
        "deadline_text": b.deadline_text(),
        "description": b.description,
        "data_affected": b.data_affected,
        "people_affected": b.people_affected,
        "actions_taken": b.actions_taken,
        "reported_to_office_at": b.reported_to_office_at,
        "status": b.status,
        "status_th": b.status_th,
    }


def _print_breach(b) -> None:
    found = to_bangkok(b.discovered_at).strftime("%Y-%m-%d %H:%M")
    print(f"{b.id}\tพบ {found}\t{b.status_th}\t{b.deadline_text()}\t{b.description}")


def _show_breach(args, b) -> None:
    if args.json:
        print_json(_breach_json(b))
    else:
        _print_breach(b)


def run_breach_add(args) -> int:
    from moi_desktop.pdpa_register import add_breach
    from moi_desktop.security import cli_actor

    db = open_existing(args.db)
    user = cli_actor(args, db, "pdpa.manage")
    b = add_breach(db, description=args.description, discovered_at=args.discovered, data_affected=args.data,
                   people_affected=args.people, actions_taken=args.actions, reported_by=user.username)
    _show_breach(args, b)
    return 0


def run_breach_list(args) -> int:
    from moi_desktop.pdpa_register import list_breaches
    from moi_desktop.security import cli_actor

    db = open_existing(args.db)
    cli_actor(args, db, "pdpa.manage")
    items = list_breaches(db, include_closed=not args.open)
    if args.json:
        print_json([_breach_json(b) for b in items])
    else:
        for b in items:
            _print_breach(b)
    return 0


def run_breach_reported(args) -> int:
    from moi_desktop.pdpa_register import mark_reported
    from moi_desktop.security import cli_actor

    db = open_existing(args.db)
    cli_actor(args, db, "pdpa.manage")
    b = mark_reported(db, args.id, args.at)
    _show_breach(args, b)
    return 0


def run_breach_status(args) -> int:
    from moi_desktop.pdpa_register import set_status
    from moi_desktop.security import cli_actor

    db = open_existing(args.db)
    cli_actor(args, db, "pdpa.manage")
    b = set_status(db, args.id, args.status, args.actions)
    _show_breach(args, b)
    return 0
