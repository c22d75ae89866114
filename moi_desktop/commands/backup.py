"""`backup` and `restore`: copies of the database (moi_desktop/backup.py), acting as a user.

    python -m moi_desktop backup --db DB --out FILE [--recovery-key-file KEY] [--json]
    python -m moi_desktop restore --db DB --from FILE [--replace-office] [--recovery-key-file KEY] [--json]

A restore brings back this office's own backup; another office's or installation's backup (or
one without accounts over a database with them) is refused before anyone logs in, unless an
administrator adds --replace-office (moi_desktop/restore_guard.py).

Backups are encrypted like the database. A database or backup made on another PC opens with
that PC's recovery key (`--recovery-key-file`, or MOI_DESKTOP_RECOVERY_KEY).

How many automatic backups are kept is set with `safety --backup-keep` (commands/security.py).
"""

import argparse
import sys
from contextlib import closing
from pathlib import Path

from moi_desktop.commands._common import (
    Subparsers,
    add_db_argument,
    add_recovery_key_argument,
    open_existing,
    opened_as,
    print_json,
    use_recovery_key,
)
from moi_desktop.errors import UserError


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    p = subparsers.add_parser("backup", help="สำรองฐานข้อมูลไปยังไฟล์ (เช่น แฟลชไดรฟ์)")
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True, help="ไฟล์ปลายทาง")
    add_recovery_key_argument(p)
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="กู้คืนฐานข้อมูลจากไฟล์สำรอง (เก็บสำเนาฐานข้อมูลเดิมไว้ก่อน)")
    add_db_argument(p)
    p.add_argument("--from", dest="source", type=Path, required=True, help="ไฟล์สำรอง")
    p.add_argument(
        "--replace-office",
        action="store_true",
        help="ยืนยันการแทนที่ข้อมูลทั้งหมดของสำนักงานนี้ด้วยไฟล์สำรองของสำนักงานหรือเครื่องอื่น (ผู้ดูแลระบบเท่านั้น)",
    )
    add_recovery_key_argument(p)
    p.add_argument("--json", action="store_true")
    add_actor_arguments(p)
    p.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from moi_desktop.backup import backup_to

    use_recovery_key(args)
    with opened_as(args, "backup.create") as (db, _user):
        out = backup_to(db, args.out)
    if args.json:
        print_json({"file": str(out), "size": out.stat().st_size})
    else:
        print(f"สำรองข้อมูลไปที่ {out} แล้ว ({out.stat().st_size:,} ไบต์) ตรวจความสมบูรณ์ผ่าน")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from moi_desktop.backup import inspect_backup, restore, restore_plan
    from moi_desktop.restore_guard import restore_refused
    from moi_desktop.security import SYSTEM_USER, User, cli_actor

    use_recovery_key(args)
    inspect_backup(args.source)  # a bad backup is refused before anyone is asked to log in
    actor: User = SYSTEM_USER
    if args.db.exists() and args.db.stat().st_size > 0:
        # Not opened(): only a failure to open is forgiven here, never a failed login.
        try:
            db = open_existing(args.db)
        except UserError as exc:
            # A damaged database cannot check anyone's password; restoring is the way out of it.
            print(f"คำเตือน: เปิดฐานข้อมูลเดิมไม่ได้ ({exc.message}) จะกู้คืนโดยเก็บสำเนาไฟล์เดิมไว้", file=sys.stderr)
        else:
            with closing(db):
                plan = restore_plan(db, args.source)
                if plan.problems and not args.replace_office:
                    # Refused before the login: the database stays byte for byte as it was.
                    raise restore_refused(plan.problems)
                # Both permissions a replace needs are checked at the login, before anything is
                # written; restore() checks them again on the database it replaces.
                needed = ["backup.replace_office", "backup.restore"] if plan.problems else ["backup.restore"]
                actor = cli_actor(args, db, needed)
    result = restore(args.db, args.source, actor=actor, replace_office=args.replace_office)
    safety = str(result.safety_copy) if result.safety_copy else None
    if args.json:
        print_json({"restored_from": str(args.source), "safety_copy": safety,
                    "schema_version": result.backup.schema_version, "same_installation": result.same_installation,
                    "replaced_office": list(result.replaced_office)})
    else:
        print(f"กู้คืนจาก {args.source} แล้ว")
        if safety:
            print(f"สำเนาฐานข้อมูลก่อนกู้คืนอยู่ที่ {safety}")
        for reason in result.replaced_office:
            print(f"แทนที่ข้อมูลของสำนักงานนี้ตามที่ยืนยัน: {reason}")
        if not result.same_installation and not result.replaced_office:
            print("หมายเหตุ: ไฟล์สำรองนี้มาจากการติดตั้งเครื่องอื่น")
    return 0
