"""`report`: list the reports and render one to PDF or Excel.

    python -m moi_desktop report list [--db DB]
    python -m moi_desktop report KEY --db DB --out FILE.pdf|FILE.xlsx [--param k=v ...] [--user NAME]

Once the database has accounts, making a report needs --user holding what the report and its
options need (reports/__init__.py `report_actions`).
"""

import argparse
from pathlib import Path

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.errors import UserError


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("report", help="สร้างรายงาน PDF/Excel หรือแสดงรายชื่อรายงาน (report list)")
    parser.add_argument("key", help="รหัสรายงาน หรือ list เพื่อแสดงรายชื่อรายงาน")
    add_db_argument(parser, required=False)
    parser.add_argument("--out", type=Path, help="ไฟล์ผลลัพธ์ .pdf หรือ .xlsx")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="ตัวเลือกของรายงาน เช่น --param province=93 (ใช้ซ้ำได้)")
    # Shorthand for --param training=ID: the attendance reports' documented form.
    parser.add_argument("--training", help="รหัสการอบรม (เท่ากับ --param training=รหัส)")
    add_actor_arguments(parser)
    parser.set_defaults(func=run)


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"ตัวเลือก '{item}' ต้องอยู่ในรูป ชื่อ=ค่า", field="--param")
        params[key.strip()] = value.strip()
    return params


def run(args: argparse.Namespace) -> int:
    from moi_desktop.reports import all_reports, available_reports, get_report, render_report, report_actions

    if args.key == "list":
        if args.db is not None:
            with opened(args) as db:
                specs = available_reports(db)
        else:
            specs = all_reports()
        print_json([
            {"key": s.key, "title": s.title_th, "area": s.area, "formats": list(s.formats),
             "params": [{"key": p.key, "label": p.label, "kind": p.kind, "required": p.required}
                        for p in s.params]}
            for s in specs
        ])
        return 0
    if args.db is None:
        raise UserError("กรุณาระบุไฟล์ฐานข้อมูลด้วย --db", field="--db")
    if args.out is None:
        raise UserError("กรุณาระบุไฟล์ผลลัพธ์ด้วย --out (.pdf หรือ .xlsx)", field="--out")
    params = _parse_params(args.param)
    if args.training:
        params["training"] = args.training
    with opened_as(args, report_actions(get_report(args.key), params)) as (db, _user):
        out = render_report(db, args.key, args.out, params)
    print(f"บันทึกรายงานแล้ว: {out}")
    return 0
