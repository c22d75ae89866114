"""`members …`: template, list, duplicates, merge, and the PDPA tools on one person.

    python -m moi_desktop members template --out FILE.xlsx
    python -m moi_desktop members list --db DB [--search TEXT] [--sector CODE] [--team CODE]
    python -m moi_desktop members duplicates --db DB
    python -m moi_desktop members merge SURVIVOR_ID MERGED_ID --db DB
    python -m moi_desktop members export-person ID --db DB --out FILE.json
    python -m moi_desktop members erase ID --db DB --yes
    python -m moi_desktop members retention --db DB --years N

Importing a member list is `import members FILE` (commands/imports.py); the breach register is
`breach …` (commands/pdpa_register.py). Every command on a database reads or changes personal
data: once the database has accounts it needs --user (security/cli.py).
"""

import argparse
from pathlib import Path

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.errors import UserError


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("members", help="ภาคีเครือข่าย: แบบฟอร์ม รายชื่อ รายการซ้ำ และเครื่องมือ PDPA")
    sub = parser.add_subparsers(dest="members_command", required=True, metavar="ACTION")

    p = sub.add_parser("template", help="สร้างแบบฟอร์ม Excel เปล่าสำหรับส่งให้หน่วยงานกรอก")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_template)

    p = sub.add_parser("list", help="รายชื่อสมาชิก (JSON)")
    add_db_argument(p)
    p.add_argument("--search", default="")
    p.add_argument("--sector")
    p.add_argument("--team")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--show-ids", action="store_true", help="แสดงเลขประจำตัวประชาชนเต็ม (บันทึกในบันทึกการใช้งาน)")
    add_actor_arguments(p)
    p.set_defaults(func=_list)

    p = sub.add_parser("duplicates", help="รายการที่อาจซ้ำกัน เพื่อตรวจสอบและรวม")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_duplicates)

    p = sub.add_parser("merge", help="รวมสองรายการของคนเดียวกัน (รายการที่สองกลายเป็นรายการที่ถูกรวม)")
    p.add_argument("survivor")
    p.add_argument("merged")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_merge)

    p = sub.add_parser("export-person", help="PDPA: ส่งออกข้อมูลทั้งหมดของบุคคลหนึ่งเป็น JSON")
    p.add_argument("member_id")
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True)
    add_actor_arguments(p)
    p.set_defaults(func=_export_person)

    p = sub.add_parser("erase", help="PDPA: ลบข้อมูลส่วนบุคคลของบุคคลหนึ่ง (เหลือเพียงรายการที่ถูกลบ)")
    p.add_argument("member_id")
    add_db_argument(p)
    p.add_argument("--yes", action="store_true", help="ยืนยันการลบ (จำเป็น)")
    add_actor_arguments(p)
    p.set_defaults(func=_erase)

    p = sub.add_parser("retention", help="PDPA: สมาชิกที่ไม่ได้ใช้งานเกินระยะเวลาเก็บรักษา")
    add_db_argument(p)
    p.add_argument("--years", type=int, required=True)
    add_actor_arguments(p)
    p.set_defaults(func=_retention)


def _template(args: argparse.Namespace) -> int:
    from moi_desktop.imports.export import write_template
    from moi_desktop.members.importer import TEMPLATE_FIELDS, TEMPLATE_NOTES

    out = write_template(TEMPLATE_FIELDS, args.out, title="แบบรายชื่อภาคีเครือข่าย ๗ ภาคี", notes=TEMPLATE_NOTES)
    print(f"บันทึกแบบฟอร์มแล้ว: {out}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.members import MemberQuery, search_members
    from moi_desktop.members.exports import protect_ids

    actions = ("members.view", "members.export_personal") if args.show_ids else "members.view"
    with opened_as(args, actions) as (db, _user):
        rows = search_members(db, MemberQuery(text=args.search, sector=args.sector, team_role=args.team),
                              limit=args.limit)
        rows = protect_ids(db, rows, show_ids=args.show_ids, purpose="members list (CLI)")
    print_json(rows)
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from moi_desktop.members import possible_duplicates
    from moi_desktop.members.store import member_label

    with opened_as(args, "members.view") as (db, _user):
        pairs = [
            {"kind": m.kind, "member": member_id, "name": member_label(db, member_id), "of": m.ref, "of_name": m.name}
            for m, member_id in possible_duplicates(db)
        ]
    print_json(pairs)
    return 0


def _merge(args: argparse.Namespace) -> int:
    from moi_desktop.members import merge_members

    with opened_as(args, "members.edit") as (db, _user):
        result = merge_members(db, args.survivor, args.merged)
    print(f"รวมรายการแล้ว: {result.merged_id} → {result.survivor_id}")
    return 0


def _export_person(args: argparse.Namespace) -> int:
    from moi_desktop.members import write_person_export

    with opened_as(args, "members.export_personal") as (db, _user):
        out = write_person_export(db, args.member_id, args.out)  # audited by the core
    print(f"บันทึกข้อมูลส่วนบุคคลแล้ว: {out}")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from moi_desktop.members import erase_person

    if not args.yes:
        raise UserError("การลบข้อมูลส่วนบุคคลย้อนกลับไม่ได้ — เพิ่ม --yes เพื่อยืนยัน", field="--yes")
    with opened_as(args, "members.edit") as (db, _user):
        ids = erase_person(db, args.member_id)
    print(f"ลบข้อมูลส่วนบุคคลแล้ว {len(ids)} รายการ")
    return 0


def _retention(args: argparse.Namespace) -> int:
    from moi_desktop.members import retention_candidates

    with opened_as(args, "members.view") as (db, _user):
        rows = retention_candidates(db, args.years)
    print_json([{"id": r["id"], "name": r["name"], "inactive_since": r["inactive_since"],
                 "days_inactive": r["days_inactive"]} for r in rows])
    return 0
