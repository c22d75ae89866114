"""`import <kind>`: one command for every importer in the registry (moi_desktop/imports/registry.py).

    python -m moi_desktop import members FILE --db DB [--dry-run] [--json] [--map B=first_name]
        [--errors-out problems.xlsx] [--sheet NAME] [--set team_role=change_agent100]

The proposed column mapping is accepted as is; --map overrides it (a column letter or header text,
then = and a field name; nothing after = ignores the column). Prints the report (JSON with --json).
Once the database has accounts, --user must hold the importer's permission (a dry run: its check
permission).
"""

import argparse
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.errors import UserError
from moi_desktop.imports.registry import importer_kinds, importer_title

if TYPE_CHECKING:
    from moi_desktop.imports.engine import ImportReport


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("import", help="นำเข้าข้อมูลจากไฟล์ Excel (.xlsx) หรือ CSV")
    kinds = parser.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for kind in importer_kinds():
        p = kinds.add_parser(kind, help=importer_title(kind))
        p.add_argument("file", type=Path, help="ไฟล์ .xlsx หรือ .csv")
        add_db_argument(p)
        p.add_argument("--dry-run", action="store_true", help="ตรวจสอบอย่างเดียว ไม่บันทึก")
        p.add_argument("--json", action="store_true", help="พิมพ์ผลเป็น JSON")
        p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                       help="กำหนดคอลัมน์เอง เช่น --map B=first_name หรือ --map C= (ไม่ใช้คอลัมน์)")
        p.add_argument("--errors-out", type=Path, help="บันทึกแถวที่มีปัญหาพร้อมคอลัมน์ปัญหาเป็น .xlsx")
        p.add_argument("--sheet", help="ชื่อแผ่นงาน (ค่าเริ่มต้น: แผ่นแรก)")
        p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="options",
                       help="ค่าเริ่มต้นของการนำเข้า เช่น --set team_role=change_agent100")
        add_actor_arguments(p)
        p.set_defaults(func=functools.partial(run, kind))


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"ค่า '{item}' ต้องอยู่ในรูป ชื่อ=ค่า", field=option)
        out[key.strip()] = value.strip()
    return out


def run(kind: str, args: argparse.Namespace) -> int:
    from moi_desktop.imports.engine import plan_import, run_import
    from moi_desktop.imports.export import write_error_workbook
    from moi_desktop.imports.registry import get_importer

    spec = get_importer(kind)
    overrides = _pairs(args.map, "--map")
    options = _pairs(args.options, "--set")
    plan = plan_import(spec, args.file, sheet=args.sheet, overrides=overrides)
    with opened_as(args, spec.check_action if args.dry_run else spec.action) as (db, _user):
        report = run_import(db, spec, plan, dry_run=args.dry_run, options=options)
    if args.errors_out:
        write_error_workbook(report, plan, args.errors_out)
    if args.json:
        print_json(report.to_json())
    else:
        _print_summary(report)
    return 0


def _print_summary(report: "ImportReport") -> None:
    mapped = ", ".join(f"{c['letter']}:{c['header'] or '-'}→{c['field']}" for c in report.columns if c["field"])
    print(f"ไฟล์ {report.file} หัวตารางแถว {', '.join(map(str, report.header_rows))}")
    print(f"คอลัมน์: {mapped}")
    print(f"อ่าน {report.rows} แถว ถูกต้อง {report.valid} แถว "
          f"{'(ตรวจสอบอย่างเดียว ไม่บันทึก)' if report.dry_run else f'นำเข้า {report.imported} แถว'}")
    for row, messages in report.problems_by_row().items():
        for message in messages:
            print(f"  แถว {row}: {message}")
