"""`backup` and `restore`: copies of the database (moi_desktop/backup.py), acting as a user.

    python -m moi_desktop backup --db DB --out FILE [--recovery-key-file KEY] [--json]
    python -m moi_desktop restore --db DB --from FILE [--recovery-key-file KEY] [--json]

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
    from moi_desktop.backup import inspect_backup, restore
    from moi_desktop.security.cli import cli_actor

    use_recovery_key(args)
    inspect_backup(args.source)  # a bad backup is refused before anyone is asked to log in
    actor = "system"
    if args.db.exists() and args.db.stat().st_size > 0:
        # Not opened(): only a failure to open is forgiven here, never a failed login.
        try:
            db = open_existing(args.db)
        except UserError as exc:
            # A damaged database cannot check anyone's password; restoring is the way out of it.
            print(f"คำเตือน: เปิดฐานข้อมูลเดิมไม่ได้ ({exc.message}) จะกู้คืนโดยเก็บสำเนาไฟล์เดิมไว้", file=sys.stderr)
        else:
            with closing(db):
                actor = cli_actor(args, db, "backup.restore").username
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
