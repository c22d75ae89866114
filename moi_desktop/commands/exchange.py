"""`bundle`: USB exchange between offices — export, import (with dry run), receipts, status.

    python -m moi_desktop bundle export --db DB --out FILE_OR_FOLDER --password-file PW [--all] [--to 62]
    python -m moi_desktop bundle import FILE [FILE ...] --db DB --password-file PW [--dry-run] [--receipt FILE]
    python -m moi_desktop bundle receipt FILE --db DB --password-file PW
    python -m moi_desktop bundle status --db DB
    python -m moi_desktop bundle tables --db DB
    python -m moi_desktop bundle pins --db DB
    python -m moi_desktop bundle unpin 6205 --db DB --user ADMIN --user-password-file PW [--reason TEXT]

Export, import, receipts and un-pinning act as a user once the database has accounts: --user, with
the user's password in --user-password-file or MOI_DESKTOP_PASSWORD (--password-file is the
bundle's; every bundle command names the user's password file the same way).
"""

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.errors import UserError
from moi_desktop.security.cli import add_actor_arguments

if TYPE_CHECKING:
    from moi_desktop.exchange.merge import ImportReport


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("bundle", help="รับ–ส่งข้อมูลระหว่างสำนักงานด้วยไฟล์ชุดข้อมูลเข้ารหัส")
    sub = p.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")

    e = sub.add_parser("export", help="ส่งออกชุดข้อมูล (เฉพาะที่เปลี่ยนตั้งแต่ชุดก่อน หรือทั้งหมด)")
    add_db_argument(e)
    e.add_argument("--out", type=Path, required=True, help="ไฟล์ปลายทาง (.moib) หรือโฟลเดอร์ เช่น แฟลชไดรฟ์")
    _password_argument(e)
    e.add_argument("--all", action="store_true", help="ส่งข้อมูลทั้งหมด ไม่ใช่เฉพาะที่เปลี่ยน")
    e.add_argument("--to", help="สำนักงานปลายทาง: รหัสจังหวัด ๒ หลัก รหัสอำเภอ ๔ หลัก หรือ any "
                                "(ค่าเริ่มต้น: จังหวัดของอำเภอนี้)")
    e.add_argument("--aggregate-only", nargs="+", default=[], metavar="TABLE",
                   help="ตารางที่ส่งเฉพาะตัวเลข ไม่ส่งข้อมูลส่วนบุคคล (all = ทุกตาราง)")
    e.add_argument("--no-files", action="store_true", help="ไม่แนบไฟล์รูปภาพ")
    e.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    e.set_defaults(func=run_export)

    i = sub.add_parser("import", help="นำเข้าชุดข้อมูล (ตรวจรหัสผ่าน ความครบถ้วน และรุ่นก่อนเสมอ)")
    i.add_argument("file", type=Path, nargs="+",
                   help="ไฟล์ชุดข้อมูล (.moib) — หลายไฟล์ได้ (เช่น ของทุกอำเภอ) นำเข้าทีละไฟล์ตามลำดับ")
    add_db_argument(i)
    _password_argument(i)
    i.add_argument("--dry-run", action="store_true", help="ตรวจและแสดงผลเท่านั้น ไม่บันทึก")
    i.add_argument("--receipt", type=Path, help="ไฟล์ใบตอบรับ (ค่าเริ่มต้น: ข้างไฟล์ชุดข้อมูล)")
    i.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    i.set_defaults(func=run_import)

    r = sub.add_parser("receipt", help="นำเข้าใบตอบรับจากสำนักงานปลายทาง")
    r.add_argument("file", type=Path, help="ไฟล์ใบตอบรับ (.moir)")
    add_db_argument(r)
    _password_argument(r)
    r.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    r.set_defaults(func=run_receipt)

    s = sub.add_parser("status", help="ชุดข้อมูลล่าสุดที่ได้รับจากแต่ละอำเภอ และชุดที่ส่งออกไป")
    add_db_argument(s)
    s.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    s.set_defaults(func=run_status)

    t = sub.add_parser("tables", help="ตารางที่ส่งได้ และช่องข้อมูลส่วนบุคคลของแต่ละตาราง")
    add_db_argument(t)
    t.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    t.set_defaults(func=run_tables)

    n = sub.add_parser("pins", help="สำนักงานผู้ส่งที่ลงทะเบียนเครื่องไว้ (เครื่องและกุญแจลงลายมือชื่อ)")
    add_db_argument(n)
    n.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    n.set_defaults(func=run_pins)

    u = sub.add_parser("unpin", help="ยกเลิกการลงทะเบียนเครื่องของสำนักงานผู้ส่ง (เช่น อำเภอเปลี่ยนเครื่อง) — ผู้ดูแลระบบ")
    u.add_argument("office", help="รหัสอำเภอ ๔ หลัก หรือรหัสจังหวัด ๒ หลัก (หรือ district:6205)")
    add_db_argument(u)
    add_actor_arguments(u, file_option="--user-password-file")
    u.add_argument("--reason", default="", help="เหตุผล (บันทึกในประวัติการใช้งาน)")
    u.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    u.set_defaults(func=run_unpin)


def _password_argument(parser: argparse.ArgumentParser) -> None:
    """The bundle's password, and the user acting (whose password file takes another name here)."""
    parser.add_argument("--password-file", type=Path, required=True,
                        help="ไฟล์ข้อความที่มีรหัสผ่านของชุดข้อมูล (บรรทัดแรก)")
    add_actor_arguments(parser, file_option="--user-password-file")


def read_password(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"อ่านไฟล์รหัสผ่านไม่ได้: {path}", field="--password-file", detail=str(exc)) from exc
    except UnicodeDecodeError:
        raise UserError("ไฟล์รหัสผ่านต้องเป็นข้อความ UTF-8", field="--password-file") from None
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise UserError("ไฟล์รหัสผ่านว่างเปล่า", field="--password-file")
    return password


def run_export(args: argparse.Namespace) -> int:
    from moi_desktop.exchange import export_bundle
    from moi_desktop.exchange.offices import describe_destination

    password = read_password(args.password_file)
    with opened_as(args, "exchange.export") as (db, _user):
        result = export_bundle(db, args.out, password, destination=args.to, everything=args.all,
                               aggregate_only=args.aggregate_only, include_files=not args.no_files)
        label = describe_destination(db, result.destination)
    if args.json:
        print_json(result.to_json())
    else:
        scope = "ทั้งหมด" if result.scope == "all" else "เฉพาะที่เปลี่ยนแปลง"
        print(f"ส่งออกชุดข้อมูล ({scope}) ถึง{label} แล้ว: {result.path}")
        print(f"รวม {result.rows_total:,} รายการ · รูปภาพ {result.files} ไฟล์ · ขนาด {result.size:,} ไบต์")
        for name, n in result.counts.items():
            if n:
                print(f"  {name:<24} {n:>9,}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from moi_desktop.exchange import import_bundle, import_bundles

    if len(args.file) > 1 and args.receipt:
        raise UserError("กำหนด --receipt ได้เมื่อนำเข้าไฟล์เดียว (หลายไฟล์: ใบตอบรับอยู่ข้างไฟล์ชุดข้อมูลแต่ละไฟล์)",
                        field="--receipt")
    password = read_password(args.password_file)
    reports = []
    with opened_as(args, "exchange.import") as (db, _user):
        if len(args.file) == 1:
            reports.append(import_bundle(db, args.file[0], password, dry_run=args.dry_run, receipt=args.receipt))
        else:  # each file its own transaction: one printed as soon as it is merged
            for report in import_bundles(db, args.file, password, dry_run=args.dry_run):
                if not args.json:
                    _print_import(report)
                reports.append(report)
    if args.json:
        print_json(reports[0].to_json() if len(args.file) == 1 else [r.to_json() for r in reports])
    elif len(args.file) == 1:
        _print_import(reports[0])
    return 0


def _print_import(report: "ImportReport") -> None:
    print(("ตรวจชุดข้อมูล (ยังไม่บันทึก)" if report.dry_run else "นำเข้าชุดข้อมูลแล้ว") + f" จาก {report.sender_label}")
    if report.already_imported:
        print("ชุดข้อมูลนี้เคยนำเข้าแล้ว")
    print(f"  {'ตาราง':<24} {'ใหม่':>8} {'ปรับปรุง':>8} {'เหมือนเดิม':>10} {'ขัดแย้ง':>8}")
    for name, c in report.tables.items():
        print(f"  {name:<24} {c['new']:>8,} {c['updated']:>8,} {c['unchanged']:>10,} {c['conflicts']:>8,}")
    for conflict in report.conflicts[:20]:
        winner = "ใช้ข้อมูลที่นำเข้า" if conflict["winner"] == "incoming" else "คงข้อมูลเดิม"
        print(f"  ขัดแย้ง: {conflict['table']} {conflict['key']} ({', '.join(conflict['columns'])}) → {winner}")
    if report.receipt:
        print(f"ใบตอบรับสำหรับผู้ส่ง: {report.receipt}")
    if report.receipt_error:
        print(f"เขียนใบตอบรับไม่ได้: {report.receipt_error}")


def run_receipt(args: argparse.Namespace) -> int:
    from moi_desktop.exchange import import_receipt

    password = read_password(args.password_file)
    with opened_as(args, "exchange.export") as (db, _user):
        result = import_receipt(db, args.file, password)
    if args.json:
        print_json(result)
    else:
        state = "เคยยืนยันแล้ว" if result["already"] else "ยืนยันแล้ว"
        print(f"ใบตอบรับของชุดข้อมูล {result['bundle_id']}: {state} ({result['confirmed_at']})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from moi_desktop.exchange import province_status, sent_bundles

    with opened(args) as db:
        received = province_status(db)
        sent = sent_bundles(db)
    if args.json:
        print_json({"received": [asdict(s) for s in received], "sent": [asdict(s) for s in sent]})
        return 0
    print("ชุดข้อมูลที่ได้รับ:")
    for s in received:
        when = s.last_created_at or "ยังไม่เคยได้รับ"
        print(f"  {s.district_code or '-':<6} {s.district_name:<20} {when}  {s.last_rows:>9,} รายการ  ({s.bundles} ชุด)")
    print("ชุดข้อมูลที่ส่งออก:")
    for b in sent:
        state = f"ยืนยันแล้ว {b.confirmed_at}" if b.confirmed_at else "ยังไม่ได้รับใบตอบรับ"
        print(f"  {b.created_at}  ถึง {b.destination:<14} {b.rows_total:>9,} รายการ  {state}")
    return 0


def run_tables(args: argparse.Namespace) -> int:
    from moi_desktop.exchange import exchange_tables

    with opened(args) as db:
        tables = exchange_tables(db)
    data = [{"table": t.name, "key": list(t.pk), "personal": sorted(t.personal)} for t in tables]
    if args.json:
        print_json(data)
    else:
        for t in data:
            print(f"{t['table']:<24} key={','.join(t['key'])}  ส่วนบุคคล: {', '.join(t['personal']) or '-'}")
    return 0


def run_pins(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from moi_desktop.exchange import active_pins
    from moi_desktop.exchange.offices import describe_destination

    with opened(args) as db:
        pins = [(p, describe_destination(db, p.office)) for p in active_pins(db)]
    if args.json:
        print_json([{**asdict(p), "label": label, "fingerprint": p.fingerprint} for p, label in pins])
        return 0
    if not pins:
        print("ยังไม่มีสำนักงานผู้ส่งที่ลงทะเบียนเครื่องไว้")
    for p, label in pins:
        print(f"  {p.office:<15} {label:<40} เครื่อง {p.installation_id}  กุญแจ {p.fingerprint}  "
              f"ลงทะเบียน {p.pinned_at[:10]}")
    return 0


def run_unpin(args: argparse.Namespace) -> int:
    from moi_desktop.exchange import unpin
    from moi_desktop.exchange.offices import ANY, describe_destination, parse_destination

    with opened_as(args, "exchange.unpin") as (db, _user):
        office = parse_destination(db, args.office)
        if office == ANY:
            raise UserError("ระบุสำนักงานที่จะยกเลิกการลงทะเบียน (รหัสอำเภอหรือรหัสจังหวัด)", field="office")
        pin = unpin(db, office, args.reason)
        label = describe_destination(db, office)
    if args.json:
        print_json({"office": office, "installation_id": pin.installation_id, "fingerprint": pin.fingerprint})
    else:
        print(f"ยกเลิกการลงทะเบียนเครื่องของ{label}แล้ว — ชุดข้อมูลถัดไปจาก{label}จะลงทะเบียนเครื่องใหม่")
    return 0
