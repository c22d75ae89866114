"""The reporting cycle from the command line: the calendar, submissions, orders (ข้อสั่งการ).

    python -m moi_desktop calendar list --db DB [--date 2026-12-01] [--days 7]
    python -m moi_desktop calendar edit CODE --db DB [--due-day N] [--title T] [--recipient T] [--inactive]
    python -m moi_desktop calendar warn-days --db DB [N]
    python -m moi_desktop calendar add --db DB --code CODE --title TEXT --kind monthly --due-day 3
        [--due-date D] [--recipient TEXT] [--report KEY[:param=template,...]]... [--first-period P]
    python -m moi_desktop submission build --db DB --obligation disbursement --period 2026-11 \
        --drive /media/clerk/STICK --password-file PW
    python -m moi_desktop submission import FOLDER --db DB --password-file PW     (province)
    python -m moi_desktop submission status --db DB [--obligation CODE] [--period P] [--periods N]
    python -m moi_desktop submission remind --db DB --obligation CODE --period P --out DIR   (province)
    python -m moi_desktop orders add --db DB --from TEXT --date D --text TEXT [--due D] [--unit TEXT]
    python -m moi_desktop orders list --db DB [--status open|overdue|done|...]
    python -m moi_desktop orders status ORDER_ID STATUS --db DB [--date D]
    python -m moi_desktop orders action ORDER_ID TEXT --db DB [--date D] [--unit TEXT] [--ref TEXT]

--password-file is the bundle's password; the user acting gives theirs in --user-password-file.
Output is JSON (lists) or one line (what was made).
"""

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.errors import UserError


def _today(args: argparse.Namespace) -> date:
    from moi_desktop.db.clock import BANGKOK
    from moi_desktop.thai import parse_thai_date

    return parse_thai_date(args.date) if getattr(args, "date", None) else datetime.now(BANGKOK).date()


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    cal = subparsers.add_parser("calendar", help="ปฏิทินการรายงาน: รายการที่ต้องส่งและกำหนดส่ง")
    sub = cal.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    p = sub.add_parser("list", help="รายการและงวดที่ครบกำหนด (JSON)")
    add_db_argument(p)
    p.add_argument("--date", help="วันที่ที่ดู (ค่าเริ่มต้น: วันนี้)")
    p.add_argument("--days", type=int, default=7, help="ดูล่วงหน้ากี่วัน")
    add_actor_arguments(p)
    p.set_defaults(func=_calendar_list)
    p = sub.add_parser("add", help="เพิ่มรายการในปฏิทินการรายงาน")
    add_db_argument(p)
    p.add_argument("--code", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--kind", choices=("monthly", "quarterly", "once"), default="monthly")
    p.add_argument("--due-day", default="0", help="วันที่ของเดือนถัดไป (รายเดือน/รายไตรมาส)")
    p.add_argument("--due-date", help="วันครบกำหนด (ครั้งเดียว)")
    p.add_argument("--recipient", default="ผู้ว่าราชการจังหวัด", help="เรียน … ในบันทึกนำส่ง")
    p.add_argument("--report", action="append", default=[],
                   help="รายงานที่แนบ KEY หรือ KEY:param=template (template ใช้ {period} {start} {end})")
    p.add_argument("--first-period")
    add_actor_arguments(p)
    p.set_defaults(func=_calendar_add)

    p = sub.add_parser("edit", help="แก้ไขรายการในปฏิทินการรายงาน")
    p.add_argument("code")
    add_db_argument(p)
    p.add_argument("--title")
    p.add_argument("--due-day")
    p.add_argument("--due-date")
    p.add_argument("--recipient")
    p.add_argument("--report", action="append", help="แทนรายการรายงานที่แนบทั้งหมด (ใช้ซ้ำได้)")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true", default=None)
    state.add_argument("--inactive", action="store_true", default=None)
    add_actor_arguments(p)
    p.set_defaults(func=_calendar_edit)
    p = sub.add_parser("warn-days", help="เตือนใกล้ครบกำหนดล่วงหน้ากี่วัน (ค่าเริ่มต้น ๕)")
    add_db_argument(p)
    p.add_argument("days", nargs="?")
    add_actor_arguments(p)
    p.set_defaults(func=_warn_days)

    sm = subparsers.add_parser("submission", help="ส่งรายงานประจำงวดให้จังหวัด และนำเข้ารายงานของอำเภอ")
    sub = sm.add_subparsers(dest="submission_command", required=True, metavar="ACTION")
    p = sub.add_parser("build", help="จัดทำรายงาน บันทึกนำส่ง และชุดข้อมูลลงแฟลชไดรฟ์ในขั้นตอนเดียว")
    add_db_argument(p)
    p.add_argument("--obligation", required=True, help="รหัสรายการในปฏิทิน เช่น disbursement")
    p.add_argument("--period", required=True, help="งวด เช่น 2026-11 หรือ 2027-Q1")
    p.add_argument("--drive", type=Path, required=True, help="โฟลเดอร์บนแฟลชไดรฟ์")
    _bundle_password(p, add_actor_arguments)
    p.set_defaults(func=_build)
    p = sub.add_parser("import", help="นำเข้าโฟลเดอร์รายงานของอำเภอ (ระดับจังหวัด)")
    p.add_argument("folder", type=Path)
    add_db_argument(p)
    _bundle_password(p, add_actor_arguments)
    p.set_defaults(func=_import)
    p = sub.add_parser("status", help="สถานะการส่ง: ของอำเภอนี้ หรือกระดานสถานะอำเภอ × งวด ที่จังหวัด (JSON)")
    add_db_argument(p)
    p.add_argument("--obligation")
    p.add_argument("--period")
    p.add_argument("--periods", type=int, default=3)
    add_actor_arguments(p)
    p.set_defaults(func=_status)
    p = sub.add_parser("remind", help="หนังสือติดตามถึงอำเภอที่ยังไม่ส่งหรือส่งช้า (ระดับจังหวัด)")
    add_db_argument(p)
    p.add_argument("--obligation", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--date", help="วันที่ของหนังสือ (ค่าเริ่มต้น: วันนี้)")
    p.add_argument("--missing-only", action="store_true", help="เฉพาะอำเภอที่ยังไม่ส่ง")
    add_actor_arguments(p)
    p.set_defaults(func=_remind)

    od = subparsers.add_parser("orders", help="ข้อสั่งการ: บันทึก ติดตาม สถานะ")
    sub = od.add_subparsers(dest="orders_command", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="บันทึกข้อสั่งการ")
    add_db_argument(p)
    p.add_argument("--from", dest="from_whom", required=True, help="ผู้สั่งการ")
    p.add_argument("--date", required=True, help="วันที่สั่งการ")
    p.add_argument("--text", required=True)
    p.add_argument("--due", help="กำหนดเสร็จ")
    p.add_argument("--unit", default="", help="ผู้รับผิดชอบ")
    p.add_argument("--ref", default="", help="เลขที่หนังสือหรือการประชุมที่สั่งการ")
    add_actor_arguments(p)
    p.set_defaults(func=_orders_add)
    p = sub.add_parser("list", help="รายการข้อสั่งการ (JSON)")
    add_db_argument(p)
    p.add_argument("--status", help="open / overdue / in_progress / done / cancelled")
    p.add_argument("--date", help="วันที่ใช้ตัดสินว่าเกินกำหนด (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_orders_list)
    p = sub.add_parser("status", help="เปลี่ยนสถานะข้อสั่งการ")
    p.add_argument("order_id")
    p.add_argument("status", help="open / in_progress / done / cancelled")
    add_db_argument(p)
    p.add_argument("--date")
    add_actor_arguments(p)
    p.set_defaults(func=_orders_status)
    p = sub.add_parser("action", help="บันทึกการดำเนินการหรือการตอบข้อสั่งการ")
    p.add_argument("order_id")
    p.add_argument("what")
    add_db_argument(p)
    p.add_argument("--date")
    p.add_argument("--unit", default="")
    p.add_argument("--ref", default="")
    add_actor_arguments(p)
    p.set_defaults(func=_orders_action)


def _bundle_password(parser: argparse.ArgumentParser, add_actor_arguments: Callable[..., None]) -> None:
    parser.add_argument("--password-file", type=Path, required=True, help="ไฟล์รหัสผ่านของชุดข้อมูล (บรรทัดแรก)")
    add_actor_arguments(parser, file_option="--user-password-file")


def _password(args: argparse.Namespace) -> str:
    from moi_desktop.commands.exchange import read_password

    return read_password(args.password_file)


def _calendar_list(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.calendar import calendar_entries, obligations

    with opened_as(args, "reporting.view") as (db, _):
        today = _today(args)
        print_json({
            "obligations": [{"code": o.code, "title": o.title, "rule": o.rule_text, "recipient": o.recipient,
                             "reports": [k for k, _ in o.reports]} for o in obligations(db)],
            "periods": [{"obligation": e.obligation.code, "period": e.period, "label": e.label,
                         "due": e.due.isoformat(), "state": e.state, "state_th": e.state_th,
                         "built_on": e.built_on.isoformat() if e.built_on else None,
                         "memo_number": e.memo_number}
                        for e in calendar_entries(db, today, days_ahead=args.days)],
        })
    return 0


def _report_arg(text: str) -> list:
    key, _, rest = text.partition(":")
    params = {}
    for part in filter(None, rest.split(",")):
        name, eq, value = part.partition("=")
        if not eq:
            raise UserError(f"ตัวเลือกรายงาน '{part}' ต้องเป็น param=template", field="--report")
        params[name.strip()] = value.strip()
    return [key.strip(), params]


def _calendar_add(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.calendar import add_obligation

    with opened_as(args, "reporting.manage") as (db, _):
        o = add_obligation(db, code=args.code, title=args.title, kind=args.kind, due_day=args.due_day,
                           due_on=args.due_date, recipient=args.recipient,
                           reports=[_report_arg(r) for r in args.report], first_period=args.first_period)
    print(f"เพิ่มแล้ว: {o.code} — {o.title} ({o.rule_text})")
    return 0


def _calendar_edit(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.calendar import edit_obligation

    active = True if args.active else False if args.inactive else None
    with opened_as(args, "reporting.manage") as (db, _):
        o = edit_obligation(db, args.code, title=args.title, due_day=args.due_day, due_on=args.due_date,
                            recipient=args.recipient, active=active,
                            reports=[_report_arg(r) for r in args.report] if args.report else None)
    print(f"แก้ไขแล้ว: {o.code} — {o.title} ({o.rule_text}){'' if o.active else ' (ไม่ใช้งาน)'}")
    return 0


def _warn_days(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.calendar import set_warn_days, warn_days

    action = "reporting.manage" if args.days is not None else "reporting.view"
    with opened_as(args, action) as (db, _):
        print(set_warn_days(db, args.days) if args.days is not None else warn_days(db))
    return 0


def _build(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.submission import build_submission

    password = _password(args)
    with opened_as(args, "reporting.submit") as (db, _):
        result = build_submission(db, args.obligation, args.period, args.drive, password=password)
    m = result.manifest
    state = "ส่งช้า" if m.late else "ทันกำหนด"
    print(f"จัดทำแล้ว ({state}): {result.folder} — {len(m.files)} ไฟล์ บันทึกนำส่งที่ {m.memo_number}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.province import import_submission

    password = _password(args)
    with opened_as(args, ["reporting.receive", "exchange.import"]) as (db, _):
        got = import_submission(db, args.folder, password=password)
    m = got.manifest
    if got.already:
        print(f"นำเข้าไว้แล้ว: {m.org_name} {m.obligation_title} {m.period_label}")
    else:
        print(f"นำเข้าแล้ว: {m.org_name} {m.obligation_title} {m.period_label} "
              f"({'ส่งช้า' if m.late else 'ทันกำหนด'}) เก็บเอกสารที่ {got.filed_in}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from moi_desktop.exchange.province import is_province_office
    from moi_desktop.reporting.calendar import current_period, get_obligation, obligations
    from moi_desktop.reporting.submission import list_submissions

    with opened_as(args, "reporting.view") as (db, _):
        if not is_province_office(db):
            print_json([{"obligation": s.obligation_code, "period": s.period, "due": s.due_date,
                         "built_on": s.built_on, "state_th": s.state_th, "memo_number": s.memo_number,
                         "folder": s.folder, "receipt_at": s.receipt_at} for s in list_submissions(db)])
            return 0
        from moi_desktop.reporting.province import status_board
        from moi_desktop.reports.reporting import _periods_back

        chosen = [get_obligation(db, args.obligation)] if args.obligation else obligations(db)
        out = []
        for o in chosen:
            last = args.period or current_period(o, _today(args))
            board = status_board(db, o, _periods_back(db, o.code, last, args.periods))
            out.append({"obligation": o.code, "periods": board.periods, "districts": [
                {"district": r.district_code, "name": r.district_name, "cells": [
                    {"state": c.state, "state_th": c.state_th, "due": c.due.isoformat(),
                     "built_on": c.built_on.isoformat() if c.built_on else None, "imported_at": c.imported_at}
                    for c in r.cells]} for r in board.rows]})
        print_json(out)
    return 0


def _remind(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.province import reminder_letters

    with opened_as(args, ["reporting.view", "correspondence.edit"]) as (db, _):
        made = reminder_letters(db, args.obligation, args.period, args.out, _today(args),
                                include_late=not args.missing_only)
    for r in made:
        print(f"{r.number}\tอำเภอ{r.district_name}\t{r.path}")
    if not made:
        print("ไม่มีอำเภอที่ต้องติดตาม")
    return 0


def _orders_add(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.orders import add_order

    with opened_as(args, "orders.manage") as (db, _):
        print(add_order(db, from_whom=args.from_whom, order_date=args.date, text=args.text, due=args.due,
                        unit=args.unit, reference=args.ref))
    return 0


def _orders_list(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.orders import list_orders

    with opened_as(args, "reporting.view") as (db, _):
        today = _today(args)
        found = (list_orders(db, overdue_on=today) if args.status == "overdue"
                 else list_orders(db, status=args.status))
        print_json([{"id": o.id, "from": o.from_whom, "date": o.order_date.isoformat(), "text": o.text,
                     "due": o.due_date.isoformat() if o.due_date else None, "unit": o.responsible_unit,
                     "status": o.status, "status_th": o.status_th, "overdue": o.overdue(today),
                     "actions": o.actions} for o in found])
    return 0


def _orders_status(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.orders import set_order_status

    with opened_as(args, "orders.manage") as (db, _):
        o = set_order_status(db, args.order_id, args.status, on=args.date)
    print(f"{o.id}\t{o.status_th}")
    return 0


def _orders_action(args: argparse.Namespace) -> int:
    from moi_desktop.reporting.orders import add_order_action

    with opened_as(args, "orders.manage") as (db, _):
        print(add_order_action(db, args.order_id, what=args.what, on=args.date, by_unit=args.unit,
                               reference=args.ref))
    return 0
