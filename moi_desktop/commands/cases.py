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
    from moi_desktop.cases.referrals import Referral
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

    register_households(subparsers)
    register_referrals(subparsers)


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


# -- `households …`: members, income, location, priority list -----------------
def register_households(subparsers: Subparsers) -> None:
    """python -m moi_desktop households members list HID --db DB [--show-ids]
    python -m moi_desktop households members add HID --name N --db DB [--birth D] [--age N] [--national-id ID]
        [--relation R] [--elderly] [--disability] [--child] [--disabled] [--income BAHT]
    python -m moi_desktop households members edit|remove|export|erase MEMBER_ID --db DB [...]
    python -m moi_desktop households members retention --db DB [--years N] [--set N]
    python -m moi_desktop households location HID "13.75, 100.5" --db DB   (or a Google Maps link)
    python -m moi_desktop households income HID 120000 --db DB
    python -m moi_desktop households priority --db DB [--subdistrict CODE]
    python -m moi_desktop households benchmark --db DB [BAHT]"""
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("households", help="ครัวเรือน: สมาชิก รายได้ พิกัด และลำดับความสำคัญ")
    sub = parser.add_subparsers(dest="households_command", required=True, metavar="ACTION")

    members = sub.add_parser("members", help="สมาชิกในครัวเรือน: list | add | edit | remove | export | erase | retention")
    members.add_argument("what", choices=("list", "add", "edit", "remove", "export", "erase", "retention"))
    members.add_argument("target", nargs="?", help="รหัสครัวเรือน (list, add) หรือรหัสสมาชิก")
    add_db_argument(members)
    members.add_argument("--name")
    members.add_argument("--birth", help="วันเกิด เช่น 01/01/2490")
    members.add_argument("--age", help="อายุ (เมื่อไม่ทราบวันเกิด)")
    members.add_argument("--national-id")
    members.add_argument("--relation", help="head / spouse / child / parent … หรือชื่อภาษาไทย")
    for flag, text in (("--elderly", "ได้รับเบี้ยยังชีพผู้สูงอายุ"), ("--disability", "ได้รับเบี้ยความพิการ"),
                       ("--child", "ได้รับเงินอุดหนุนเด็กแรกเกิด"), ("--disabled", "เป็นผู้พิการ")):
        members.add_argument(flag, action="store_true", default=None, help=text)
    members.add_argument("--income", help="รายได้ต่อปีของสมาชิก (บาท)")
    members.add_argument("--show-ids", action="store_true", help="แสดงเลขประจำตัวประชาชนเต็ม (บันทึกในบันทึกการใช้งาน)")
    members.add_argument("--out", type=Path, help="ไฟล์ .json (export)")
    members.add_argument("--yes", action="store_true", help="ยืนยันการลบข้อมูลส่วนบุคคล (erase)")
    members.add_argument("--years", type=int, help="ระยะเวลาเก็บรักษา (retention)")
    members.add_argument("--set", dest="set_years", help="กำหนดระยะเวลาเก็บรักษาของสำนักงาน (ปี)")
    add_actor_arguments(members)
    members.set_defaults(func=_members)

    p = sub.add_parser("location", help="บันทึกพิกัดของครัวเรือน (พิมพ์หรือวางลิงก์จากแผนที่)")
    p.add_argument("household_id")
    p.add_argument("location", help="เช่น \"13.75, 100.5\" หรือลิงก์ Google Maps (ว่าง: ลบพิกัด)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_location)

    p = sub.add_parser("income", help="บันทึกรายได้ต่อปีของครัวเรือน (บาท)")
    p.add_argument("household_id")
    p.add_argument("amount")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_income)

    p = sub.add_parser("priority", help="ลำดับความสำคัญ: TPMAP ก่อน แล้วกลุ่มเปราะบาง แล้วรายได้ต่ำกว่าเกณฑ์ (JSON)")
    add_db_argument(p)
    p.add_argument("--subdistrict")
    add_actor_arguments(p)
    p.set_defaults(func=_priority)

    p = sub.add_parser("benchmark", help="แสดงหรือกำหนดเกณฑ์รายได้ (บาทต่อคนต่อปี ค่าเริ่มต้น ๓๘,๐๐๐)")
    p.add_argument("amount", nargs="?")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_benchmark)


def _member_values(args: argparse.Namespace) -> dict[str, object]:
    given = {"full_name": args.name, "birth_date": args.birth, "age_years": args.age, "national_id": args.national_id,
             "relation": args.relation, "allowance_elderly": args.elderly, "allowance_disability": args.disability,
             "allowance_child": args.child, "disabled": args.disabled, "income_year": args.income}
    return {k: v for k, v in given.items() if v is not None}


def _need_target(args: argparse.Namespace, what: str) -> str:
    if not args.target:
        raise UserError(f"ระบุ{what}", field="target")
    return str(args.target)


def _members(args: argparse.Namespace) -> int:  # noqa: PLR0911 - one branch per action
    from moi_desktop.cases import household_members as hm
    from moi_desktop.cases import pdpa

    if args.what == "list":
        actions = ("cases.view", "cases.export_sensitive") if args.show_ids else "cases.view"
        with opened_as(args, actions) as (db, _user):
            rows = hm.list_members(db, _need_target(args, "รหัสครัวเรือน"), reveal_ids=args.show_ids)
        keys = ("id", "full_name", "age", "birth_date", "national_id", "relation", "relation_th", "allowances_th",
                "disabled", "income_year", "id_masked")
        print_json([{k: r.get(k) for k in keys} for r in rows])
        return 0
    if args.what == "retention":
        with opened_as(args, "cases.edit" if args.set_years else "cases.view") as (db, _user):
            if args.set_years:
                years = pdpa.set_retention_years(db, args.set_years)
                print(f"เก็บข้อมูลสมาชิกครัวเรือนไว้ {years} ปีหลังการดำเนินการครั้งสุดท้าย")
                return 0
            print_json(pdpa.retention_candidates(db, args.years))
        return 0
    if args.what == "export":
        if args.out is None:
            raise UserError("ระบุไฟล์ปลายทาง --out FILE.json", field="--out")
        with opened_as(args, "cases.export_sensitive") as (db, _user):
            out = pdpa.write_member_export(db, _need_target(args, "รหัสสมาชิก"), args.out)
        print(f"บันทึกแล้ว: {out}")
        return 0
    with opened_as(args, "cases.edit") as (db, _user):
        if args.what == "add":
            print(hm.add_member(db, _need_target(args, "รหัสครัวเรือน"), _member_values(args)))
        elif args.what == "edit":
            hm.update_member(db, _need_target(args, "รหัสสมาชิก"), _member_values(args))
            print("แก้ไขข้อมูลสมาชิกแล้ว")
        elif args.what == "remove":
            hm.remove_member(db, _need_target(args, "รหัสสมาชิก"))
            print("ลบสมาชิกออกจากครัวเรือนแล้ว")
        else:  # erase
            if not args.yes:
                raise UserError("การลบข้อมูลส่วนบุคคลย้อนกลับไม่ได้ — เพิ่ม --yes เพื่อยืนยัน", field="--yes")
            pdpa.erase_household_member(db, _need_target(args, "รหัสสมาชิก"))
            print("ลบข้อมูลส่วนบุคคลของสมาชิกแล้ว")
    return 0


def _location(args: argparse.Namespace) -> int:
    from moi_desktop.cases import require_household, update_household

    with opened_as(args, "cases.edit") as (db, _user):
        update_household(db, args.household_id, {"location": args.location})
        h = require_household(db, args.household_id)
    print(f"พิกัด {h['latitude']}, {h['longitude']}" if h["latitude"] is not None else "ลบพิกัดแล้ว")
    return 0


def _income(args: argparse.Namespace) -> int:
    from moi_desktop.cases import update_household
    from moi_desktop.cases.priority import baht, household_income

    with opened_as(args, "cases.edit") as (db, _user):
        update_household(db, args.household_id, {"income_year": args.amount})
        info = household_income(db, args.household_id)
    verdict = "ต่ำกว่าเกณฑ์" if info["below"] else "ไม่ต่ำกว่าเกณฑ์"
    print(f"รายได้ {baht(info['per_person'])} บาทต่อคนต่อปี ({verdict} {baht(info['benchmark'])} บาท)")
    return 0


def _priority(args: argparse.Namespace) -> int:
    from moi_desktop.cases.priority import priority_households

    with opened_as(args, "cases.view") as (db, _user):
        rows = priority_households(db, subdistrict_code=args.subdistrict)
    keys = ("id", "tier", "tier_th", "head_name", "house_no", "moo", "village", "subdistrict_name", "per_person",
            "people", "reasons", "latitude", "longitude")
    print_json([{k: r.get(k) for k in keys} for r in rows])
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    from moi_desktop.cases.priority import baht, income_benchmark, set_income_benchmark

    if args.amount is None:
        with opened(args) as db:
            print(f"{income_benchmark(db):g}")
        return 0
    with opened_as(args, "cases.edit") as (db, _user):
        value = set_income_benchmark(db, args.amount)
    print(f"เกณฑ์รายได้ {baht(value)} บาทต่อคนต่อปี")
    return 0


# -- `referral …`: a case sent to an agency by a numbered letter ----------------
def register_referrals(subparsers: Subparsers) -> None:
    """python -m moi_desktop referral new CASE_ID --agency "อบต.สุเทพ" --db DB [--to TEXT] [--signer ID]
        [--date D] [--reply-days N] [--out LETTER.pdf]
    python -m moi_desktop referral reply REFERRAL_ID --outcome helped --db DB [--date D] [--text T] [--ref NO]
    python -m moi_desktop referral list --db DB [--case CASE_ID] [--no-reply-days N]"""
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("referral", help="ส่งต่อเรื่องราวให้หน่วยงานด้วยหนังสือออกเลข และบันทึกการตอบกลับ")
    sub = parser.add_subparsers(dest="referral_command", required=True, metavar="ACTION")

    p = sub.add_parser("new", help="ส่งต่อเรื่องราว: ออกเลขหนังสือส่งต่อจากทะเบียนหนังสือส่ง")
    p.add_argument("case_id")
    add_db_argument(p)
    p.add_argument("--agency", required=True, help="หน่วยงานที่ส่งต่อ")
    p.add_argument("--to", default="", help="เรียน (ค่าเริ่มต้น: ชื่อหน่วยงาน)")
    p.add_argument("--signer", help="รหัสเจ้าหน้าที่ผู้ลงนาม (ค่าเริ่มต้น: คนแรกในรายชื่อ)")
    p.add_argument("--date", help="วันที่ส่ง (ค่าเริ่มต้น: วันนี้)")
    p.add_argument("--reply-days", default="15", help="ขอให้ตอบกลับภายในกี่วัน")
    p.add_argument("--out", type=Path, help="บันทึกหนังสือเป็น PDF")
    add_actor_arguments(p)
    p.set_defaults(func=_referral_new)

    p = sub.add_parser("reply", help="บันทึกการตอบกลับและผลการดำเนินการของหน่วยงาน")
    p.add_argument("referral_id")
    add_db_argument(p)
    p.add_argument("--outcome", required=True, help="helped / in_progress / declined / not_responsible / other")
    p.add_argument("--date")
    p.add_argument("--text", default="")
    p.add_argument("--ref", default="", help="เลขที่หนังสือตอบกลับของหน่วยงาน")
    add_actor_arguments(p)
    p.set_defaults(func=_referral_reply)

    p = sub.add_parser("list", help="รายการส่งต่อ (JSON); --no-reply-days N: เฉพาะที่ยังไม่ตอบกลับเกิน N วัน")
    add_db_argument(p)
    p.add_argument("--case")
    p.add_argument("--no-reply-days", type=int, help="ยังไม่ตอบกลับเกินกี่วัน (0: ตามที่หนังสือขอ)")
    p.set_defaults(func=_referral_list)


def _referral_json(r: "Referral") -> dict[str, object]:
    return {"id": r.id, "case_id": r.case_id, "agency": r.agency, "ref": r.ref, "referred_on": r.referred_on,
            "reply_within_days": r.reply_within_days, "reply_on": r.reply_on, "outcome": r.outcome,
            "outcome_th": r.outcome_th, "reply_ref": r.reply_ref, "reply_text": r.reply_text,
            "days_waiting": r.days_waiting(), "letter_id": r.letter_id}


def _referral_new(args: argparse.Namespace) -> int:
    from moi_desktop.cases.referrals import new_referral
    from moi_desktop.correspondence import render_letter

    with opened_as(args, ("cases.edit", "correspondence.edit")) as (db, _user):
        if args.out:  # told before a number is taken, not after
            from moi_desktop.office import get_office_garuda

            if get_office_garuda(db) is None:
                raise UserError("หนังสือภายนอกต้องมีภาพครุฑ: ตั้งค่าภาพครุฑของสำนักงานก่อน (office set --garuda FILE)",
                                field="--out")
        r = new_referral(db, args.case_id, args.agency, to_whom=args.to, signer_id=args.signer, on=args.date,
                         reply_within_days=args.reply_days)
        if args.out and r.letter_id:
            render_letter(db, r.letter_id, args.out)
    print(f"ส่งต่อแล้ว หนังสือที่ {r.ref}: {r.id}")
    return 0


def _referral_reply(args: argparse.Namespace) -> int:
    from moi_desktop.cases.referrals import record_reply

    with opened_as(args, "cases.edit") as (db, _user):
        r = record_reply(db, args.referral_id, on=args.date, outcome=args.outcome, text=args.text, reply_ref=args.ref)
    print(f"บันทึกการตอบกลับแล้ว: {r.outcome_th}")
    return 0


def _referral_list(args: argparse.Namespace) -> int:
    from moi_desktop.cases.referrals import list_referrals, without_reply

    with opened(args) as db:
        if args.no_reply_days is not None:
            rows = without_reply(db, args.no_reply_days or None)
        else:
            rows = list_referrals(db, case_id=args.case)
    print_json([_referral_json(r) for r in rows if not args.case or r.case_id == args.case])
    return 0
