"""`training …` and `attendance …`: trainings, schedules, enrolment and the desk, headless.

    python -m moi_desktop training create --db DB --name NAME --start 2022-08-06 --end 2022-08-09 [--kind dcast]
    python -m moi_desktop training list --db DB
    python -m moi_desktop training schedule ID --db DB [--skip-friday-afternoon]
    python -m moi_desktop training enrol ID --db DB (--member MID ... | --file REGISTRANTS.xlsx [--dry-run])
    python -m moi_desktop training eligibility ID --db DB
    python -m moi_desktop training materials ID --db DB
    python -m moi_desktop attendance mark --db DB --session ID --code CODE [--method scan|typed|paper]
        [--backdated] --json          (--backdated: another day's roll call, บันทึกย้อนหลัง)
    python -m moi_desktop attendance substitute --db DB --session ID --code CODE --for MEMBER_ID [--backdated] --json
    python -m moi_desktop attendance undo --db DB --session ID --member MEMBER_ID
    python -m moi_desktop attendance excuse --db DB --session ID [--session ID …] --member MID … --reason TEXT
    python -m moi_desktop attendance close --db DB --session ID [--keep-unmarked]
    python -m moi_desktop attendance counts --db DB --session ID
Data-changing commands act as a user (--user / --password-file) once accounts exist.
"""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, print_json
from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from moi_desktop.db import Database
    from moi_desktop.trainings.marking import MarkResult


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security import add_actor_arguments
    from moi_desktop.trainings.model import KINDS

    parser = subparsers.add_parser("training", help="การอบรม: สร้าง ตารางรอบลงเวลา รายชื่อผู้เข้าอบรม เกณฑ์ ๘๐%%")
    sub = parser.add_subparsers(dest="training_command", required=True, metavar="ACTION")

    p = sub.add_parser("create", help="สร้างการอบรมใหม่")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--name", required=True)
    p.add_argument("--kind", choices=sorted(KINDS), default="other")
    p.add_argument("--cohort", type=int)
    p.add_argument("--start", required=True, help="วันเริ่ม เช่น 2022-08-06 หรือ ๖ ส.ค. ๒๕๖๕")
    p.add_argument("--end", required=True)
    p.add_argument("--venue")
    p.add_argument("--province", help="รหัสจังหวัดที่จัด")
    p.add_argument("--district", help="รหัสอำเภอที่จัด")
    p.add_argument("--organiser")
    p.add_argument("--threshold", type=float, default=80.0, help="เกณฑ์ร้อยละสำหรับเกียรติบัตร")
    p.add_argument("--excused-counts", action="store_true", help="นับการลาที่มีเหตุผลเป็นการเข้าอบรม")
    p.add_argument("--signatory", action="append", default=[], metavar="NAME|POSITION",
                   help="ผู้ลงนามในเกียรติบัตร (ใช้ซ้ำได้ไม่เกิน ๓ คน)")
    _json_flag(p)
    p.set_defaults(func=_create)

    p = sub.add_parser("list", help="รายการการอบรม")
    add_db_argument(p)
    p.set_defaults(func=_list)

    p = sub.add_parser("schedule", help="สร้างรอบลงเวลา เช้า/กลางวัน/เย็น ทุกวันของการอบรม")
    p.add_argument("training")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--skip-friday-afternoon", action="store_true", help="ไม่สร้างรอบบ่ายวันศุกร์ในพื้นที่ที่กำหนด")
    _json_flag(p)
    p.set_defaults(func=_schedule)

    p = sub.add_parser("enrol", help="เพิ่มผู้เข้าอบรมจากทะเบียน (--member) หรือจากไฟล์รายชื่อ (--file)")
    p.add_argument("training")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--member", action="append", default=[])
    p.add_argument("--file", type=Path)
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=_enrol)

    p = sub.add_parser("eligibility", help="ร้อยละการเข้าอบรมและผู้ผ่านเกณฑ์ (JSON)")
    p.add_argument("training")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_eligibility)

    p = sub.add_parser("materials", help="วัสดุที่ต้องจัดหาสำหรับจำนวนผู้เข้าอบรม (JSON)")
    p.add_argument("training")
    add_db_argument(p)
    p.set_defaults(func=_materials)

    parser = subparsers.add_parser("attendance", help="ลงเวลาผู้เข้าอบรม: สแกน มาแทน ยกเลิก ลา ปิดรอบ")
    sub = parser.add_subparsers(dest="attendance_command", required=True, metavar="ACTION")

    p = sub.add_parser("mark", help="ลงเวลาหนึ่งคน (รหัสจากบัตรชื่อ เลขบัตรประชาชน หรือชื่อ)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--session", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--method", choices=("scan", "typed", "paper"), default="scan")
    _backdated_flag(p)
    _json_flag(p)
    p.set_defaults(func=_mark)

    p = sub.add_parser("substitute", help="บันทึกผู้มาแทน (--code คือผู้มาแทน, --for คือผู้ลงทะเบียน)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--session", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--for", dest="for_member", required=True)
    _backdated_flag(p)
    _json_flag(p)
    p.set_defaults(func=_substitute)

    p = sub.add_parser("undo", help="ยกเลิกการลงเวลาของหนึ่งคน")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--session", required=True)
    p.add_argument("--member", required=True)
    p.set_defaults(func=_undo)

    p = sub.add_parser("excuse", help="บันทึกการลา (ต้องมีเหตุผล) หลายคน หลายรอบพร้อมกัน")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--session", action="append", required=True)
    p.add_argument("--member", action="append", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_excuse)

    p = sub.add_parser("close", help="ปิดรอบลงเวลา (ผู้ที่ยังไม่ลงเวลาถือว่าขาด)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--session", required=True)
    p.add_argument("--keep-unmarked", action="store_true", help="ไม่บันทึกผู้ที่ยังไม่ลงเวลาเป็นขาด")
    _json_flag(p)
    p.set_defaults(func=_close)

    p = sub.add_parser("counts", help="จำนวนผู้ลงเวลาของรอบ (JSON)")
    add_db_argument(p)
    p.add_argument("--session", required=True)
    p.set_defaults(func=_counts)


@contextmanager
def _opened(args: argparse.Namespace, *, act_as: str | None = None) -> Iterator["Database"]:
    """`opened`, refusing a database without the trainings area. With `act_as`, the command's user
    logs in and must hold that permission; without it nobody logs in (reading what names nobody —
    the course list, counts, materials — needs no account)."""
    from moi_desktop.security.cli import cli_actor

    with opened(args) as db:
        if "trainings" not in db.table_names():
            raise UserError("ฐานข้อมูลนี้ยังไม่มีส่วนการอบรม", field="--db")
        if act_as:
            cli_actor(args, db, act_as)
        yield db


def _create(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import create_training

    signatories = []
    for item in args.signatory:
        name, _, position = item.partition("|")
        signatories.append([name, position])
    with _opened(args, act_as="trainings.manage") as db:
        training_id = create_training(db, {
            "name": args.name, "kind": args.kind, "cohort": args.cohort, "start_date": args.start,
            "end_date": args.end, "venue": args.venue, "venue_province_code": args.province,
            "venue_district_code": args.district, "organiser": args.organiser, "threshold_pct": args.threshold,
            "excused_counts": args.excused_counts, "signatories": signatories,
        })
    if args.json:
        print_json({"id": training_id})
    else:
        print(training_id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import list_trainings

    with _opened(args) as db:
        print_json(list_trainings(db))
    return 0


def _schedule(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import generate_sessions

    with _opened(args, act_as="trainings.manage") as db:
        result = generate_sessions(db, args.training, skip_friday_afternoon=args.skip_friday_afternoon)
    data = {"created": result.created, "skipped": len(result.skipped), "warnings": result.warnings}
    if args.json:
        print_json(data)
    else:
        print(f"สร้างรอบลงเวลา {len(result.created)} รอบ")
        for warning in result.warnings:
            print(f"คำเตือน: {warning}")
    return 0


def _enrol(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import enrol_members, import_registrants

    if bool(args.member) == bool(args.file):
        raise UserError("ระบุ --member หรือ --file อย่างใดอย่างหนึ่ง", field="--member")
    with _opened(args, act_as="trainings.manage") as db:
        if args.file:
            result = import_registrants(db, args.training, args.file, dry_run=args.dry_run)
            print_json(result.to_json())
        else:
            added = enrol_members(db, args.training, args.member)
            print_json({"enrolled": added})
    return 0


def _eligibility(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import eligibility, eligibility_summary

    with _opened(args, act_as="trainings.view") as db:
        rows = eligibility(db, args.training)
        print_json({"summary": eligibility_summary(rows), "people": [r.to_json() for r in rows]})
    return 0


def _materials(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import compute_materials

    with _opened(args) as db:
        print_json(compute_materials(db, args.training))
    return 0


def _backdated_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backdated", action="store_true",
                   help="บันทึกย้อนหลัง: ลงเวลาในรอบของวันอื่นที่ไม่ใช่วันนี้ (ไม่มีตัวเลือกนี้จะถูกปฏิเสธ)")


def _show_mark(args: argparse.Namespace, result: "MarkResult") -> None:
    if args.json:
        print_json(result.to_json())
    else:
        name = result.member["name"] if result.member else ""
        print(f"{result.status}: {name} {result.message_th}".strip())


def _mark(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import mark

    with _opened(args, act_as="attendance.mark") as db:
        result = mark(db, args.session, args.code, method=args.method, backdated=args.backdated)
    _show_mark(args, result)
    return 0


def _substitute(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import mark_substitute
    from moi_desktop.trainings.marking import resolve
    from moi_desktop.trainings.scan import decode

    with _opened(args, act_as="attendance.mark") as db:
        member, _ = resolve(db, decode(args.code), args.session)
        if member is None:
            raise UserError("ไม่พบผู้มาแทนในทะเบียน — เพิ่มเป็นสมาชิกก่อน", field="--code")
        result = mark_substitute(db, args.session, member["id"], args.for_member, backdated=args.backdated)
    _show_mark(args, result)
    return 0


def _undo(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import undo_mark

    with _opened(args, act_as="attendance.mark") as db:
        undo_mark(db, args.session, args.member)
    print("ยกเลิกการลงเวลาแล้ว")
    return 0


def _excuse(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import EXCUSED, set_status

    with _opened(args, act_as="attendance.mark") as db:
        written = set_status(db, args.session, args.member, EXCUSED, reason=args.reason)
    print(f"บันทึกการลาแล้ว {written} รายการ")
    return 0


def _close(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import close_session

    with _opened(args, act_as="attendance.mark") as db:
        counts = close_session(db, args.session, mark_absent=False if args.keep_unmarked else None)
    if args.json:
        print_json(counts)
    else:
        print(f"ปิดรอบแล้ว: มา {counts['present']} จาก {counts['registered']} คน ขาด {counts['absent']} คน")
    return 0


def _counts(args: argparse.Namespace) -> int:
    from moi_desktop.trainings import session_counts

    with _opened(args) as db:
        print_json(session_counts(db, args.session))
    return 0
