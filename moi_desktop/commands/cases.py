"""`cases …`: household problem cases from the command line (imports go through `import cases`).

    python -m moi_desktop cases add --db DB --head "นายสมชาย ใจดี" --house-no 12 --moo 3 \
        --subdistrict 500101 --indicator 2 --date 30/08/2565 [--description TEXT] [--sensitive]
    python -m moi_desktop cases list --db DB [--status CODE|open|closed] [--subdistrict CODE]
        [--indicator N] [--overdue] [--limit N] [--show-sensitive]
    python -m moi_desktop cases status CASE_ID in_progress --db DB [--date D] [--note TEXT] [--by NAME]
    python -m moi_desktop cases action CASE_ID "ลงพื้นที่เยี่ยมบ้าน" --db DB [--date D] [--by NAME]
    python -m moi_desktop cases log CASE_ID --db DB
    python -m moi_desktop cases overdue-days --db DB [N]
    python -m moi_desktop cases template --out FILE.xlsx
    python -m moi_desktop cases synthetic --db DB --counts FILE.csv [--seed N] [--date D]
"""

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from moi_desktop.db import Database


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("cases", help="เรื่องราวครัวเรือน: บันทึก รายการ เปลี่ยนสถานะ บันทึกการดำเนินการ")
    sub = parser.add_subparsers(dest="cases_command", required=True, metavar="ACTION")

    p = sub.add_parser("add", help="บันทึกเรื่องราวใหม่ (ครัวเรือนเดิมหรือใหม่)")
    add_db_argument(p)
    p.add_argument("--household-id", help="รหัสครัวเรือนที่มีอยู่แล้ว")
    p.add_argument("--head", help="ชื่อหัวหน้าครัวเรือน (ครัวเรือนใหม่)")
    p.add_argument("--house-no")
    p.add_argument("--moo")
    p.add_argument("--village")
    p.add_argument("--subdistrict", help="รหัสตำบล ๖ หลัก")
    p.add_argument("--indicator", required=True, help="เลขตัวชี้วัด (ปัญหาที่)")
    p.add_argument("--date", required=True, help="วันที่รับเรื่อง เช่น 30/08/2565")
    p.add_argument("--description", default="")
    p.add_argument("--source", default="survey")
    p.add_argument("--dimension", default="farang")
    p.add_argument("--agency", default="")
    p.add_argument("--project", default="", help="รหัสโครงการหรือกิจกรรมที่เกี่ยวข้อง")
    p.add_argument("--sensitive", action="store_true", default=None, help="ข้อมูลอ่อนไหว (สุขภาพ/ความพิการ)")
    add_actor_arguments(p)
    p.set_defaults(func=_add)

    p = sub.add_parser("list", help="รายการเรื่องราว (JSON)")
    add_db_argument(p)
    p.add_argument("--status", help="รหัสสถานะ หรือ open / closed")
    p.add_argument("--subdistrict")
    p.add_argument("--indicator", type=int)
    p.add_argument("--overdue", action="store_true", help="เฉพาะเรื่องที่เกินกำหนด")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--show-sensitive", action="store_true", help="แสดงข้อมูลอ่อนไหว (บันทึกในบันทึกการใช้งาน)")
    p.set_defaults(func=_list)

    p = sub.add_parser("status", help="เปลี่ยนสถานะเรื่องราว")
    p.add_argument("case_id")
    p.add_argument("target", help="received / in_progress / helped / self_resolved / referred หรือชื่อสถานะภาษาไทย")
    add_db_argument(p)
    p.add_argument("--date", help="วันที่เปลี่ยนสถานะ (ค่าเริ่มต้น: วันนี้)")
    p.add_argument("--note", default="")
    p.add_argument("--by", default="", help="ผู้ดำเนินการ")
    add_actor_arguments(p)
    p.set_defaults(func=_status)

    p = sub.add_parser("action", help="บันทึกการดำเนินการของเรื่องราว")
    p.add_argument("case_id")
    p.add_argument("what")
    add_db_argument(p)
    p.add_argument("--date")
    p.add_argument("--by", default="")
    add_actor_arguments(p)
    p.set_defaults(func=_action)

    p = sub.add_parser("log", help="บันทึกการดำเนินการของเรื่องราว (JSON)")
    p.add_argument("case_id")
    add_db_argument(p)
    p.set_defaults(func=_log)

    p = sub.add_parser("overdue-days", help="แสดงหรือกำหนดจำนวนวันที่ถือว่าเรื่องเกินกำหนด")
    p.add_argument("days", nargs="?")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_overdue_days)

    p = sub.add_parser("template", help="สร้างแบบฟอร์ม Excel เปล่าสำหรับนำเข้าเรื่องราวครัวเรือน")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_template)

    p = sub.add_parser("synthetic", help="สร้างครัวเรือนและเรื่องราวสมมุติตามจำนวนต่อตัวชี้วัด (ทดสอบรายงาน)")
    add_db_argument(p)
    p.add_argument("--counts", type=Path, required=True, help="CSV ที่มีคอลัมน์ number และ cases")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--date", help="วันอ้างอิงของข้อมูล (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_synthetic)


def _indicator_id(db: "Database", number: str) -> str:
    from moi_desktop.cases.store import indicator_by_number
    from moi_desktop.thai import to_arabic_digits

    try:
        row = indicator_by_number(db, int(to_arabic_digits(str(number)).strip()))
    except ValueError:
        row = None
    if row is None:
        raise UserError(f"ไม่พบตัวชี้วัดข้อ {number}", field="--indicator")
    return row["id"]


def _add(args: argparse.Namespace) -> int:
    from moi_desktop.cases import add_case, add_household

    with opened_as(args, "cases.edit") as (db, _user):
        with db.atomic():
            household_id = args.household_id
            if not household_id:
                if not args.head:
                    raise UserError("ระบุ --household-id หรือ --head (ชื่อหัวหน้าครัวเรือน)", field="--head")
                household_id = add_household(db, {
                    "head_name": args.head, "house_no": args.house_no, "moo": args.moo,
                    "village": args.village, "subdistrict_code": args.subdistrict,
                })
            case_id = add_case(db, {
                "household_id": household_id, "indicator_id": _indicator_id(db, args.indicator),
                "reported_on": args.date, "description": args.description, "source": args.source,
                "dimension": args.dimension, "agency": args.agency, "project_ref": args.project,
                "sensitive": args.sensitive,
            })
    print(case_id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.cases import CaseQuery, search_cases
    from moi_desktop.cases.exports import protect_cases

    actions = ("cases.view", "cases.export_sensitive") if args.show_sensitive else "cases.view"
    with opened_as(args, actions) as (db, _user):
        query = CaseQuery(status=args.status, subdistrict_code=args.subdistrict, overdue=args.overdue,
                          indicator_id=_indicator_id(db, args.indicator) if args.indicator else None)
        rows = search_cases(db, query, limit=args.limit)
        rows = protect_cases(db, rows, show_sensitive=args.show_sensitive, purpose="cases list (CLI)")
    keys = ("id", "reported_on", "head_name", "house_no", "moo", "subdistrict_name", "indicator_number",
            "indicator_text", "category_name", "description", "status", "dimension", "source", "agency",
            "days_open", "overdue", "sensitive", "masked")
    print_json([{k: r.get(k) for k in keys} for r in rows])
    return 0


def _status(args: argparse.Namespace) -> int:
    from moi_desktop.cases import change_status, require_case, status_label

    with opened_as(args, "cases.edit") as (db, _user):
        change_status(db, args.case_id, args.target, on=args.date, note=args.note, by_whom=args.by)
        label = status_label(require_case(db, args.case_id)["status"])
    print(f"เปลี่ยนสถานะแล้ว: {label}")
    return 0


def _action(args: argparse.Namespace) -> int:
    from moi_desktop.cases import add_action

    with opened_as(args, "cases.edit") as (db, _user):
        add_action(db, args.case_id, args.what, on=args.date, by_whom=args.by)
    print("บันทึกการดำเนินการแล้ว")
    return 0


def _log(args: argparse.Namespace) -> int:
    from moi_desktop.cases import case_actions, require_case

    with opened_as(args, "cases.view") as (db, _user):
        case = require_case(db, args.case_id)
        entries = case_actions(db, args.case_id)
    masked = bool(case["sensitive"])
    print_json([{"date": e["action_on"], "what": e["what"] if not masked or e["status_to"] else "(ปกปิด)",
                 "by": e["by_whom"], "status_from": e["status_from"], "status_to": e["status_to"]}
                for e in entries])
    return 0


def _overdue_days(args: argparse.Namespace) -> int:
    from moi_desktop.cases import overdue_days, set_overdue_days

    if args.days is None:
        with opened(args) as db:
            print(overdue_days(db))
        return 0
    with opened_as(args, "cases.edit") as (db, _user):
        n = set_overdue_days(db, args.days)
    print(f"เรื่องที่ยังไม่ปิดเกิน {n} วัน ถือว่าเกินกำหนด")
    return 0


def _template(args: argparse.Namespace) -> int:
    from moi_desktop.cases.importer import TEMPLATE_FIELDS, TEMPLATE_NOTES
    from moi_desktop.imports.export import write_template

    out = write_template(TEMPLATE_FIELDS, args.out, title="แบบบันทึกเรื่องราวครัวเรือน", notes=TEMPLATE_NOTES)
    print(f"บันทึกแบบฟอร์มแล้ว: {out}")
    return 0


def _synthetic(args: argparse.Namespace) -> int:
    import csv
    import random
    from datetime import date

    from moi_desktop.cases.synthetic import create_synthetic_cases
    from moi_desktop.office import get_office
    from moi_desktop.thai import parse_thai_date

    try:
        with args.counts.open(encoding="utf-8-sig", newline="") as fh:
            counts = {int(r["number"]): int(r["cases"]) for r in csv.DictReader(fh)}
    except (OSError, KeyError, ValueError) as exc:
        raise UserError(f"อ่านไฟล์จำนวนเรื่องราวไม่ได้: {args.counts} (ต้องมีคอลัมน์ number และ cases)",
                        field="--counts", detail=str(exc)) from exc
    on = parse_thai_date(args.date) if args.date else date.today()
    with opened_as(args, "cases.edit") as (db, _user):
        office = get_office(db)
        if office is None or not office.district_code:
            raise UserError("ยังไม่ได้ตั้งค่าสำนักงานระดับอำเภอ (ใช้คำสั่ง init ก่อน)", field="--db")
        subs = [r[0] for r in db.execute(
            "SELECT subdistrict_code FROM subdistricts WHERE district_code = ? ORDER BY subdistrict_code",
            [office.district_code])]
        # Invented households for trying the program: reproducible, nothing secret.
        made = create_synthetic_cases(db, counts, rng=random.Random(args.seed), subdistrict_codes=subs,  # noqa: S311
                                      reference_date=on)
    print(f"สร้างครัวเรือน {made['households']:,} ครัวเรือน เรื่องราว {made['cases']:,} เรื่อง")
    return 0
