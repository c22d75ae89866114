"""`breach …`: the PDPA breach register (moi_desktop/pdpa_register.py) and its 72-hour deadline.

    python -m moi_desktop breach add --db DB --description TEXT [--discovered "2025-08-30 14:30"]
        [--data TEXT] [--people N] [--actions TEXT] [--json]
    python -m moi_desktop breach list --db DB [--open] [--json]
    python -m moi_desktop breach reported ID --db DB [--at WHEN] [--json]
    python -m moi_desktop breach status ID open|reported|not_required|closed --db DB [--actions TEXT]

Every command acts as a user who holds pdpa.manage. The PDPA tools on one person (export, erase,
retention) are `members` commands (commands/members.py).
"""

import argparse
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.db.clock import iso, to_bangkok

if TYPE_CHECKING:
    from moi_desktop.pdpa_register import Breach


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

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


def _breach_json(b: "Breach") -> dict[str, object]:
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


def _print_breach(b: "Breach") -> None:
    found = to_bangkok(b.discovered_at).strftime("%Y-%m-%d %H:%M")
    print(f"{b.id}\tพบ {found}\t{b.status_th}\t{b.deadline_text()}\t{b.description}")


def _show_breach(args: argparse.Namespace, b: "Breach") -> None:
    if args.json:
        print_json(_breach_json(b))
    else:
        _print_breach(b)


def run_breach_add(args: argparse.Namespace) -> int:
    from moi_desktop.pdpa_register import add_breach

    with opened_as(args, "pdpa.manage") as (db, user):
        b = add_breach(db, description=args.description, discovered_at=args.discovered, data_affected=args.data,
                       people_affected=args.people, actions_taken=args.actions, reported_by=user.username)
        _show_breach(args, b)
    return 0


def run_breach_list(args: argparse.Namespace) -> int:
    from moi_desktop.pdpa_register import list_breaches

    with opened_as(args, "pdpa.manage") as (db, _user):
        items = list_breaches(db, include_closed=not args.open)
        if args.json:
            print_json([_breach_json(b) for b in items])
        else:
            for b in items:
                _print_breach(b)
    return 0


def run_breach_reported(args: argparse.Namespace) -> int:
    from moi_desktop.pdpa_register import mark_reported

    with opened_as(args, "pdpa.manage") as (db, _user):
        b = mark_reported(db, args.id, args.at)
        _show_breach(args, b)
    return 0


def run_breach_status(args: argparse.Namespace) -> int:
    from moi_desktop.pdpa_register import set_status

    with opened_as(args, "pdpa.manage") as (db, _user):
        b = set_status(db, args.id, args.status, args.actions)
        _show_breach(args, b)
    return 0
