"""`officials …` and `letter …`: the officials who sign, letters and the outgoing register.

    python -m moi_desktop officials add --db DB --name "สมชาย ใจดี" --position ปลัดอำเภอ [--title นาย]
        [--signature-position "ปลัดอำเภอ\\nรักษาราชการแทนนายอำเภอ…"] [--order N]
    python -m moi_desktop officials list --db DB [--all]
    python -m moi_desktop officials edit ID --db DB [--name …] [--position …] [--inactive|--active]
    python -m moi_desktop letter number --db DB --kind memo --to "…" --subject "…" [--date D]
    python -m moi_desktop letter register --db DB [--year 2026]
    python -m moi_desktop letter cancel ENTRY_ID --db DB --reason "…"
"""

import argparse
from typing import Any

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("officials", help="เจ้าหน้าที่ผู้ลงนามหนังสือ: เพิ่ม รายการ แก้ไข")
    sub = parser.add_subparsers(dest="officials_command", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="เพิ่มเจ้าหน้าที่ผู้ลงนาม")
    add_db_argument(p)
    p.add_argument("--name", required=True)
    p.add_argument("--position", required=True, help="ตำแหน่ง")
    p.add_argument("--title", default="", help="คำนำหน้านาม")
    p.add_argument("--signature-position", default="", help="ตำแหน่งใต้ลายมือชื่อ (หลายบรรทัดคั่นด้วย \\n)")
    p.add_argument("--order", type=int, default=0, help="ลำดับในรายการ")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_add)

    p = sub.add_parser("list", help="รายชื่อเจ้าหน้าที่ผู้ลงนาม (JSON)")
    add_db_argument(p)
    p.add_argument("--all", action="store_true", help="รวมผู้ที่ปิดใช้งานแล้ว")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_list)

    p = sub.add_parser("edit", help="แก้ไขเจ้าหน้าที่ผู้ลงนาม")
    p.add_argument("official_id")
    add_db_argument(p)
    for option in ("--name", "--position", "--title", "--signature-position"):
        p.add_argument(option)
    p.add_argument("--order", type=int)
    state = p.add_mutually_exclusive_group()
    state.add_argument("--inactive", dest="active", action="store_false", default=None, help="ปิดใช้งาน")
    state.add_argument("--active", dest="active", action="store_true", help="เปิดใช้งานอีกครั้ง")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_edit)

    parser = subparsers.add_parser("letter", help="หนังสือราชการและทะเบียนหนังสือส่ง")
    sub = parser.add_subparsers(dest="letter_command", required=True, metavar="ACTION")
    p = sub.add_parser("number", help="ออกเลขหนังสือส่งจากทะเบียน (หนังสือที่ไม่ได้เขียนในโปรแกรม)")
    add_db_argument(p)
    p.add_argument("--kind", default="letter", help="memo / letter / stamped / minutes / covering / …")
    p.add_argument("--to", required=True, help="ถึง (เรียน)")
    p.add_argument("--subject", required=True, help="เรื่อง")
    p.add_argument("--date", help="ลงวันที่ (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_number)

    p = sub.add_parser("register", help="ทะเบียนหนังสือส่ง (JSON)")
    add_db_argument(p)
    p.add_argument("--year", type=int, help="ปี ค.ศ. (ค่าเริ่มต้น: ทุกปี)")
    add_actor_arguments(p)
    p.set_defaults(func=_register)

    p = sub.add_parser("cancel", help="ยกเลิกเลขหนังสือ (เลขยังอยู่ในทะเบียน)")
    p.add_argument("entry_id", help="รหัสรายการในทะเบียน หรือรหัสร่างหนังสือที่ออกเลขแล้ว")
    add_db_argument(p)
    p.add_argument("--reason", required=True, help="เหตุผลที่ยกเลิก")
    add_actor_arguments(p)
    p.set_defaults(func=_cancel)


def _official_json(o: Any) -> dict[str, Any]:
    return {"id": o.id, "title": o.title, "name": o.name, "position": o.position,
            "signature_position": o.signature_position, "sort_order": o.sort_order, "active": o.active}


def _entry_json(db: Any, e: Any) -> dict[str, Any]:
    from moi_desktop.correspondence.register import reference_text
    from moi_desktop.errors import UserError

    try:
        ref = reference_text(db, e)
    except UserError:  # the office has no ที่ prefix yet
        ref = ""
    return {"id": e.id, "year": e.year, "number": e.number, "reference": ref, "date": e.date.isoformat(),
            "to": e.to_whom, "subject": e.subject, "kind": e.kind, "status": e.status,
            "cancel_reason": e.cancel_reason, "letter_id": e.letter_id}


def _officials_add(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import add_official

    with opened_as(args, "officials.manage") as (db, _user):
        official = add_official(db, name=args.name, position=args.position, title=args.title,
                                signature_position=args.signature_position.replace("\\n", "\n"),
                                sort_order=args.order)
    print(official.id)
    return 0


def _officials_list(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import list_officials

    with opened_as(args, None) as (db, _user):
        print_json([_official_json(o) for o in list_officials(db, include_inactive=args.all)])
    return 0


def _officials_edit(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import update_official

    fields: dict[str, Any] = {k: v for k, v in {
        "name": args.name, "position": args.position, "title": args.title,
        "signature_position": args.signature_position.replace("\\n", "\n") if args.signature_position else None,
        "sort_order": args.order, "active": args.active,
    }.items() if v is not None}
    with opened_as(args, "officials.manage") as (db, _user):
        official = update_official(db, args.official_id, **fields)
    print_json(_official_json(official))
    return 0


def _number(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import issue_number

    with opened_as(args, "correspondence.edit") as (db, _user):
        entry = issue_number(db, kind=args.kind, to_whom=args.to, subject=args.subject, on=args.date)
        print_json(_entry_json(db, entry))
    return 0


def _register(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import list_register

    with opened_as(args, None) as (db, _user):
        print_json([_entry_json(db, e) for e in list_register(db, args.year)])
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import cancel_number

    with opened_as(args, "correspondence.edit") as (db, _user):
        entry = cancel_number(db, args.entry_id, args.reason)
        print_json(_entry_json(db, entry))
    return 0
