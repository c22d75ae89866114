"""`document render`: an official document (memo, external or stamped letter, meeting minutes)
from a JSON spec to PDF.

    python -m moi_desktop document render SPEC.json --out FILE.pdf [--font FAMILY] [--db DB]

Memos and letters carry the Garuda named in the spec ("garuda": a PNG file) or the office's own
(--db); without either they are refused. Control characters in the spec are removed with a
warning on stderr.
"""

import argparse
import sys
from pathlib import Path

from moi_desktop.commands._common import Subparsers, add_db_argument, opened


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("document", help="สร้างเอกสารราชการ (PDF)")
    sub = parser.add_subparsers(dest="document_command", required=True, metavar="ACTION")
    render = sub.add_parser(
        "render", help="สร้าง PDF จากไฟล์ JSON (บันทึกข้อความ / หนังสือภายนอก / หนังสือประทับตรา / รายงานการประชุม)")
    render.add_argument("spec", type=Path, metavar="SPEC.json")
    render.add_argument("--out", type=Path, required=True, help="ไฟล์ PDF ที่จะสร้าง")
    render.add_argument("--font", help="แบบอักษร เช่น Laksaman, Sarabun, TH SarabunIT๙")
    add_db_argument(render, required=False)
    render.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    from moi_desktop.documents import get_document_font, get_fonts, load_spec, render_spec
    from moi_desktop.errors import UserError

    spec = load_spec(args.spec)
    for warning in spec.warnings:
        print(f"คำเตือน: {warning}", file=sys.stderr)
    family = args.font or spec.font
    garuda = None
    if args.db is not None:
        from moi_desktop.office import get_office_garuda

        with opened(args) as db:
            family = family or get_document_font(db)
            garuda = get_office_garuda(db)
    if not args.out.parent.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {args.out.parent}", field="--out")
    tmp = args.out.with_name(args.out.name + ".part")
    try:
        render_spec(spec, tmp, fonts=get_fonts(family), garuda=garuda)
        tmp.replace(args.out)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"สร้างไฟล์แล้ว: {args.out}")
    return 0
