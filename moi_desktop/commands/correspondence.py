"""`officials …` and `letter …`: the officials who sign, letters and the outgoing register.

    python -m moi_desktop officials add --db DB --name "สมชาย ใจดี" --position ปลัดอำเภอ [--title นาย]
        [--signature-position "ปลัดอำเภอ\\nรักษาราชการแทนนายอำเภอ…"] [--order N]
    python -m moi_desktop officials list --db DB [--all]
    python -m moi_desktop officials edit ID --db DB [--name …] [--position …] [--inactive|--active]
    python -m moi_desktop letter new --db DB --kind memo --subject "…" --to "…" --body "…" [--body …]
        [--attachment …] [--signer OFFICIAL_ID] [--field key=value …] [--json FILE]
    python -m moi_desktop letter list --db DB [--status draft|issued|cancelled]
    python -m moi_desktop letter render LETTER_ID --db DB --out FILE.pdf
    python -m moi_desktop letter issue LETTER_ID --db DB [--date D]
    python -m moi_desktop letter duplicate LETTER_ID --db DB
    python -m moi_desktop letter covering --db DB --subject "…" --attachment "…" [--to …] [--signer ID]
    python -m moi_desktop letter number --db DB --kind memo --to "…" --subject "…" [--date D]
    python -m moi_desktop letter register --db DB [--year 2026]
    python -m moi_desktop letter cancel LETTER_OR_ENTRY_ID --db DB --reason "…"

`letter` is the register-backed path; `document render` stays for JSON specs.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.errors import UserError


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("officials", help="เจ้าหน้าที่ผู้ลงนามหนังสือ: เพิ่ม รายการ แก้ไข")
    sub = parser.add_subparsers(dest="officials_command", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="เพิ่มเจ้าหน้าที่ผู้ลงนาม")
    add_db_argument(p)
    p.add_argument("--name", required=True)
    p.add_argument("--position", required=True, help="ตำแหน่ง")
    p.add_argument("--title", default="", help="คำนำหน้านาม")
    p.add_argument("--signature-position", default="", help="ตำแหน่งใต้ลายมือชื่อ (หลายบรรทัดคั่นด้วย \\n)")
    p.add_argument("--order", type=int, default=0, help="ลำดับในรายการ")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_add)

    p = sub.add_parser("list", help="รายชื่อเจ้าหน้าที่ผู้ลงนาม (JSON)")
    add_db_argument(p)
    p.add_argument("--all", action="store_true", help="รวมผู้ที่ปิดใช้งานแล้ว")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_list)

    p = sub.add_parser("edit", help="แก้ไขเจ้าหน้าที่ผู้ลงนาม")
    p.add_argument("official_id")
    add_db_argument(p)
    for option in ("--name", "--position", "--title", "--signature-position"):
        p.add_argument(option)
    p.add_argument("--order", type=int)
    state = p.add_mutually_exclusive_group()
    state.add_argument("--inactive", dest="active", action="store_false", default=None, help="ปิดใช้งาน")
    state.add_argument("--active", dest="active", action="store_true", help="เปิดใช้งานอีกครั้ง")
    add_actor_arguments(p)
    p.set_defaults(func=_officials_edit)

    parser = subparsers.add_parser("letter", help="หนังสือราชการและทะเบียนหนังสือส่ง")
    sub = parser.add_subparsers(dest="letter_command", required=True, metavar="ACTION")
    p = sub.add_parser("new", help="เขียนร่างหนังสือใหม่ (บันทึกข้อความ / หนังสือภายนอก / ประทับตรา / รายงานการประชุม)")
    add_db_argument(p)
    p.add_argument("--kind", default="memo", choices=("memo", "letter", "stamped", "minutes"))
    p.add_argument("--subject", default="", help="เรื่อง (รายงานการประชุม: ชื่อการประชุม)")
    p.add_argument("--to", default="", help="เรียน")
    p.add_argument("--body", action="append", default=[], help="ย่อหน้า (ใส่ซ้ำได้)")
    p.add_argument("--attachment", action="append", default=[], help="สิ่งที่ส่งมาด้วย (ใส่ซ้ำได้)")
    p.add_argument("--signer", help="รหัสเจ้าหน้าที่ผู้ลงนาม (officials list)")
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="ช่องอื่นของหนังสือ เช่น closing=จึงเรียนมาเพื่อโปรดทราบ refer_to=… date=…")
    p.add_argument("--json", type=Path, help="ไฟล์ JSON ของช่องทั้งหมด (fields / body / attachments …)")
    add_actor_arguments(p)
    p.set_defaults(func=_new)

    p = sub.add_parser("list", help="รายการหนังสือ (JSON)")
    add_db_argument(p)
    p.add_argument("--status", choices=("draft", "issued", "cancelled"))
    add_actor_arguments(p)
    p.set_defaults(func=_list)

    p = sub.add_parser("render", help="สร้าง PDF ของหนังสือ (ร่าง: เว้นเลขที่ไว้)")
    p.add_argument("letter_id")
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True, help="ไฟล์ PDF ที่จะสร้าง")
    add_actor_arguments(p)
    p.set_defaults(func=_render)

    p = sub.add_parser("issue", help="ออกเลขหนังสือจากทะเบียนหนังสือส่ง (แก้ไขไม่ได้อีก)")
    p.add_argument("letter_id")
    add_db_argument(p)
    p.add_argument("--date", help="ลงวันที่ (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_issue)

    p = sub.add_parser("duplicate", help="ทำสำเนาหนังสือเป็นร่างใหม่")
    p.add_argument("letter_id")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_duplicate)

    p = sub.add_parser("covering", help="บันทึกนำส่งรายงาน (กรอกให้แล้ว: เรื่อง เรียน สิ่งที่ส่งมาด้วย)")
    add_db_argument(p)
    p.add_argument("--subject", required=True, help="สิ่งที่ส่ง เช่น รายงานทะเบียนภาคีเครือข่าย")
    p.add_argument("--attachment", action="append", default=[], help="สิ่งที่ส่งมาด้วย (ใส่ซ้ำได้)")
    p.add_argument("--to", help="เรียน (ค่าเริ่มต้น: ผู้ว่าราชการจังหวัด…)")
    p.add_argument("--signer", help="รหัสเจ้าหน้าที่ผู้ลงนาม")
    p.add_argument("--report", default="", help="รหัสรายงานที่ส่ง (บันทึกไว้กับหนังสือ)")
    p.add_argument("--issue", action="store_true", help="ออกเลขทันที")
    p.add_argument("--date", help="ลงวันที่เมื่อออกเลข (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_covering)

    p = sub.add_parser("number", help="ออกเลขหนังสือส่งจากทะเบียน (หนังสือที่ไม่ได้เขียนในโปรแกรม)")
    add_db_argument(p)
    p.add_argument("--kind", default="letter", help="memo / letter / stamped / minutes / covering / …")
    p.add_argument("--to", required=True, help="ถึง (เรียน)")
    p.add_argument("--subject", required=True, help="เรื่อง")
    p.add_argument("--date", help="ลงวันที่ (ค่าเริ่มต้น: วันนี้)")
    add_actor_arguments(p)
    p.set_defaults(func=_number)

    p = sub.add_parser("register", help="ทะเบียนหนังสือส่ง (JSON)")
    add_db_argument(p)
    p.add_argument("--year", type=int, help="ปี ค.ศ. (ค่าเริ่มต้น: ทุกปี)")
    add_actor_arguments(p)
    p.set_defaults(func=_register)

    p = sub.add_parser("cancel", help="ยกเลิกเลขหนังสือ (เลขยังอยู่ในทะเบียน)")
    p.add_argument("entry_id", help="รหัสรายการในทะเบียน หรือรหัสร่างหนังสือที่ออกเลขแล้ว")
    add_db_argument(p)
    p.add_argument("--reason", required=True, help="เหตุผลที่ยกเลิก")
    add_actor_arguments(p)
    p.set_defaults(func=_cancel)


def _official_json(o: Any) -> dict[str, Any]:
    return {"id": o.id, "title": o.title, "name": o.name, "position": o.position,
            "signature_position": o.signature_position, "sort_order": o.sort_order, "active": o.active}


def _entry_json(db: Any, e: Any) -> dict[str, Any]:
    from moi_desktop.correspondence.register import reference_text
    from moi_desktop.errors import UserError

    try:
        ref = reference_text(db, e)
    except UserError:  # the office has no ที่ prefix yet
        ref = ""
    return {"id": e.id, "year": e.year, "number": e.number, "reference": ref, "date": e.date.isoformat(),
            "to": e.to_whom, "subject": e.subject, "kind": e.kind, "status": e.status,
            "cancel_reason": e.cancel_reason, "letter_id": e.letter_id}


def _officials_add(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import add_official

    with opened_as(args, "officials.manage") as (db, _user):
        official = add_official(db, name=args.name, position=args.position, title=args.title,
                                signature_position=args.signature_position.replace("\\n", "\n"),
                                sort_order=args.order)
    print(official.id)
    return 0


def _officials_list(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import list_officials

    with opened_as(args, None) as (db, _user):
        print_json([_official_json(o) for o in list_officials(db, include_inactive=args.all)])
    return 0


def _officials_edit(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import update_official

    fields: dict[str, Any] = {k: v for k, v in {
        "name": args.name, "position": args.position, "title": args.title,
        "signature_position": args.signature_position.replace("\\n", "\n") if args.signature_position else None,
        "sort_order": args.order, "active": args.active,
    }.items() if v is not None}
    with opened_as(args, "officials.manage") as (db, _user):
        official = update_official(db, args.official_id, **fields)
    print_json(_official_json(official))
    return 0


def _letter_json(db: Any, letter: Any) -> dict[str, Any]:
    return {"id": letter.id, "kind": letter.kind, "status": letter.status, "subject": letter.subject,
            "to": letter.to_whom, "ref": letter.fields.get("ref", ""), "date": letter.fields.get("date", ""),
            "signer_id": letter.signer_id, "attachments": letter.attachments, "updated_at": letter.updated_at}


def _warn(letter: Any) -> None:
    for warning in letter.warnings:
        print(f"คำเตือน: {warning}", file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import new_letter

    data: dict[str, Any] = {}
    if args.json is not None:
        try:
            data = json.loads(args.json.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"อ่านไฟล์ JSON ไม่ได้: {args.json}", field="--json", detail=str(exc)) from exc
        if not isinstance(data, dict):
            raise UserError("ไฟล์ JSON ต้องเป็นออบเจกต์ {…}", field="--json")
    fields = dict(data.get("fields") or {})
    for item in args.field:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"ใช้รูปแบบ KEY=VALUE: {item}", field="--field")
        fields[key.strip()] = value
    with opened_as(args, "correspondence.edit") as (db, _user):
        letter = new_letter(
            db, data.get("kind") or args.kind, subject=args.subject or data.get("subject", ""),
            to_whom=args.to or data.get("to_whom", data.get("to", "")), fields=fields,
            body=args.body or data.get("body") or [], attachments=args.attachment or data.get("attachments") or [],
            signer_id=args.signer or data.get("signer_id"))
    _warn(letter)
    print(letter.id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import list_letters

    with opened_as(args, None) as (db, _user):
        print_json([_letter_json(db, x) for x in list_letters(db, status=args.status)])
    return 0


def _render(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import render_letter

    with opened_as(args, None) as (db, _user):
        render_letter(db, args.letter_id, args.out)
    print(f"สร้างไฟล์แล้ว: {args.out}")
    return 0


def _issue(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import issue_letter

    with opened_as(args, "correspondence.edit") as (db, _user):
        _letter, entry = issue_letter(db, args.letter_id, on=args.date)
        print_json(_entry_json(db, entry))
    return 0


def _duplicate(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import duplicate_letter

    with opened_as(args, "correspondence.edit") as (db, _user):
        print(duplicate_letter(db, args.letter_id).id)
    return 0


def _covering(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import covering_memo, issue_letter

    with opened_as(args, "correspondence.edit") as (db, _user):
        letter_id = covering_memo(db, subject=args.subject, attachments=args.attachment, to_whom=args.to,
                                  signer_id=args.signer, source=args.report)
        if args.issue:
            _letter, entry = issue_letter(db, letter_id, on=args.date)
            print_json({"letter_id": letter_id, **_entry_json(db, entry)})
        else:
            print(letter_id)
    return 0


def _number(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import issue_number

    with opened_as(args, "correspondence.edit") as (db, _user):
        entry = issue_number(db, kind=args.kind, to_whom=args.to, subject=args.subject, on=args.date)
        print_json(_entry_json(db, entry))
    return 0


def _register(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import list_register

    with opened_as(args, None) as (db, _user):
        print_json([_entry_json(db, e) for e in list_register(db, args.year)])
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from moi_desktop.correspondence import cancel_letter, cancel_number, get_entry, get_letter

    with opened_as(args, "correspondence.edit") as (db, _user):
        try:
            get_letter(db, args.entry_id)
        except UserError:  # not a letter: a number taken with `letter number`
            entry = cancel_number(db, args.entry_id, args.reason)
        else:
            letter = cancel_letter(db, args.entry_id, args.reason)
            entry = get_entry(db, str(letter.outgoing_id))
        print_json(_entry_json(db, entry))
    return 0
