"""`meeting …`: meetings headless — create, list, agenda, attendance, resolutions, actions, minutes.

    python -m moi_desktop meeting create --db DB --title T --date 2026-03-05 --chair "นาย…" [--start 09:30 --end 12:00]
    python -m moi_desktop meeting list --db DB [--series S] [--year 2026]
    python -m moi_desktop meeting agenda ID --db DB [--add 4 --title T --body TEXT --resolution R] [--certify]
    python -m moi_desktop meeting attend ID --db DB (--invite-member MID | --code CODE | --absent INVITEE --reason R …)
    python -m moi_desktop meeting resolve ITEM --db DB --resolution R [--action WHAT --owner NAME --due DATE]
    python -m moi_desktop meeting actions --db DB [--series S] [--status open] [--overdue DATE] [--set ID --to done]
    python -m moi_desktop meeting minutes ID --db DB --out minutes.pdf [--started 09:35 --ended 11:50] [--issue]
Data-changing commands act as a user (--user / --password-file) once accounts exist.
"""

import argparse
from pathlib import Path
from typing import Any

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json
from moi_desktop.errors import UserError


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")


def _person_args(p: argparse.ArgumentParser, role: str, label: str) -> None:
    p.add_argument(f"--{role}", dest=f"{role}_name", help=f"ชื่อ{label}")
    p.add_argument(f"--{role}-position", dest=f"{role}_position", help=f"ตำแหน่ง{label}")
    p.add_argument(f"--{role}-official", dest=f"{role}_official_id", help=f"รหัส{label}ในทะเบียนเจ้าหน้าที่")


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security import add_actor_arguments

    parser = subparsers.add_parser("meeting", help="การประชุม: วาระ ผู้เข้าประชุม มติ งานติดตาม รายงานการประชุม")
    sub = parser.add_subparsers(dest="meeting_command", required=True, metavar="ACTION")

    p = sub.add_parser("create", help="สร้างการประชุม (ครั้งที่ นับต่อในชุดการประชุม เริ่มใหม่ทุกปี)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--title", required=True)
    p.add_argument("--series", help="ชุดการประชุม (ค่าเริ่มต้น: ชื่อการประชุม)")
    p.add_argument("--date", required=True, help="วันที่ประชุม เช่น 2026-03-05 หรือ ๕ มี.ค. ๒๕๖๙")
    p.add_argument("--start", dest="start_time", help="เวลาเริ่ม เช่น 09:30")
    p.add_argument("--end", dest="end_time", help="เวลาเลิก เช่น 12:00")
    p.add_argument("--place")
    _person_args(p, "chair", "ประธาน")
    _person_args(p, "secretary", "เลขานุการ")
    _json_flag(p)
    p.set_defaults(func=_create)

    p = sub.add_parser("list", help="รายการการประชุม (JSON)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--series")
    p.add_argument("--year", type=int, help="ปี ค.ศ.")
    p.set_defaults(func=_list)

    p = sub.add_parser("agenda", help="ระเบียบวาระ: แสดง (JSON), เพิ่มเรื่อง, รับรองรายงานครั้งก่อน")
    p.add_argument("meeting")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--add", type=int, metavar="N", help="เพิ่มเรื่องในระเบียบวาระที่ N (1–5)")
    p.add_argument("--title")
    p.add_argument("--body", help="รายละเอียด (ขึ้นบรรทัดใหม่ได้)")
    p.add_argument("--attachment", action="append", default=[])
    p.add_argument("--resolution", help="มติที่ประชุม")
    p.add_argument("--certify", action="store_true", help="รับรองรายงานการประชุมครั้งก่อน (วาระที่ ๒)")
    p.add_argument("--amendments", help="รับรองโดยมีการแก้ไข: สิ่งที่แก้ไข")
    _json_flag(p)
    p.set_defaults(func=_agenda)

    p = sub.add_parser("attend", help="ผู้เข้าประชุม: เชิญ ลงเวลา (สแกน) ไม่มา (เหตุผล) มาแทน ผู้เข้าร่วมประชุม")
    p.add_argument("meeting")
    add_db_argument(p)
    add_actor_arguments(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--invite-member", metavar="MEMBER_ID", help="เชิญภาคีเครือข่าย")
    group.add_argument("--invite-official", metavar="OFFICIAL_ID", help="เชิญเจ้าหน้าที่จากทะเบียน")
    group.add_argument("--invite", metavar="NAME", help="เชิญบุคคลโดยพิมพ์ชื่อ")
    group.add_argument("--code", help="ลงเวลาด้วยรหัสบัตรชื่อ เลขบัตรประชาชน หรือชื่อ (เหมือนโต๊ะลงเวลา)")
    group.add_argument("--present", metavar="INVITEE_ID", help="บันทึกว่ามาประชุม")
    group.add_argument("--absent", metavar="INVITEE_ID", help="บันทึกว่าไม่มาประชุม (ใส่ --reason)")
    group.add_argument("--substitute", metavar="INVITEE_ID", help="มีผู้มาแทน (--member หรือ --name)")
    group.add_argument("--participant", metavar="NAME", help="ผู้เข้าร่วมประชุมที่ไม่ได้เป็นกรรมการ")
    p.add_argument("--position")
    p.add_argument("--role", help="หน้าที่ในที่ประชุม เช่น ประธาน กรรมการ เลขานุการ")
    p.add_argument("--reason")
    p.add_argument("--member", help="รหัสภาคีเครือข่ายของผู้มาแทน/ผู้เข้าร่วมประชุม")
    p.add_argument("--name", help="ชื่อผู้มาแทน")
    p.add_argument("--method", choices=("scan", "typed", "paper"), default="scan")
    p.set_defaults(func=_attend)

    p = sub.add_parser("resolve", help="บันทึกมติที่ประชุมของเรื่อง และงานที่ต้องติดตาม (ถ้ามี)")
    p.add_argument("item")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--resolution", help="มติที่ประชุม")
    p.add_argument("--action", dest="what", help="งานที่ต้องติดตาม")
    p.add_argument("--owner", dest="owner_name", help="ผู้รับผิดชอบ (ชื่อ หรือหน่วยงาน)")
    p.add_argument("--owner-kind", choices=("member", "official", "agency"))
    p.add_argument("--owner-member", dest="owner_member_id")
    p.add_argument("--owner-official", dest="owner_official_id")
    p.add_argument("--owner-agency", dest="owner_agency_id")
    p.add_argument("--due", dest="due_date", help="กำหนดแล้วเสร็จ")
    p.add_argument("--project", dest="project_id")
    p.add_argument("--activity", dest="activity_id")
    p.add_argument("--case", dest="case_id")
    _json_flag(p)
    p.set_defaults(func=_resolve)

    p = sub.add_parser("actions", help="งานที่ต้องติดตาม (JSON): ตามชุด สถานะ ผู้รับผิดชอบ เกินกำหนด; เปลี่ยนสถานะ")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--series")
    p.add_argument("--meeting")
    p.add_argument("--status", choices=("open", "done", "cancelled"))
    p.add_argument("--owner", help="ส่วนหนึ่งของชื่อผู้รับผิดชอบ")
    p.add_argument("--overdue", metavar="DATE", help="เฉพาะงานที่เกินกำหนด ณ วันที่")
    p.add_argument("--set", metavar="ACTION_ID", help="เปลี่ยนสถานะของงาน (ใช้กับ --to)")
    p.add_argument("--to", choices=("open", "done", "cancelled"))
    p.add_argument("--note")
    p.set_defaults(func=_actions)

    p = sub.add_parser("minutes", help="รายงานการประชุม (PDF); --issue ออกรายงาน (แก้ไขไม่ได้อีก)")
    p.add_argument("meeting")
    add_db_argument(p)
    add_actor_arguments(p)
    p.add_argument("--out", type=Path, help="ไฟล์ PDF")
    p.add_argument("--started", dest="started_at", help="เริ่มประชุมเวลา")
    p.add_argument("--ended", dest="ended_at", help="เลิกประชุมเวลา")
    _person_args(p, "recorder", "ผู้จดรายงานการประชุม")
    _person_args(p, "checker", "ผู้ตรวจรายงานการประชุม")
    p.add_argument("--issue", action="store_true", help="ออกรายงานการประชุม (หลังจากนี้แก้ไขไม่ได้)")
    p.set_defaults(func=_minutes)


def _given(args: argparse.Namespace, *keys: str) -> dict[str, Any]:
    return {k: getattr(args, k) for k in keys if getattr(args, k, None) not in (None, "")}


def _create(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import create_meeting, get_meeting, meeting_title

    data = _given(args, "title", "series", "date", "start_time", "end_time", "place", "chair_name", "chair_position",
                  "chair_official_id", "secretary_name", "secretary_position", "secretary_official_id")
    with opened_as(args, "meetings.manage") as (db, _):
        meeting_id = create_meeting(db, data)
        meeting = get_meeting(db, meeting_id)
    if meeting is None:
        raise RuntimeError("the meeting just created is gone")
    if args.json:
        print_json({"id": meeting_id, "number": meeting["number"], "year": meeting["year"],
                    "title": meeting_title(meeting)})
    else:
        print(meeting_id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import list_meetings

    with opened_as(args, "meetings.view") as (db, _):
        print_json(list_meetings(db, series=args.series, year=args.year))
    return 0


def _agenda(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import add_item, agenda, certify_previous

    with opened_as(args, "meetings.manage" if args.add or args.certify else "meetings.view") as (db, _):
        if args.certify:
            previous = certify_previous(db, args.meeting, amendments=args.amendments)
            print(f"รับรองรายงานการประชุมครั้งที่ {previous['number']}/{previous['year'] + 543} แล้ว")
        if args.add:
            item_id = add_item(db, args.meeting, {"agenda_no": args.add, "title": args.title, "body": args.body,
                                                  "attachments": args.attachment, "resolution": args.resolution})
            print_json({"id": item_id}) if args.json else print(item_id)
        elif not args.certify:
            print_json(agenda(db, args.meeting))
    return 0


def _attend(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import (
        MeetingRoll,
        add_invitee,
        add_participant,
        invitees,
        meeting_counts,
        record_substitute,
        set_invitee_status,
    )
    from moi_desktop.trainings.scan import NAME, decode

    needs = "meetings.view" if not any(getattr(args, k) for k in (
        "invite_member", "invite_official", "invite", "code", "present", "absent", "substitute", "participant",
    )) else "meetings.manage"
    with opened_as(args, needs) as (db, _):
        if args.invite_member or args.invite_official or args.invite:
            print(add_invitee(db, args.meeting, member_id=args.invite_member, official_id=args.invite_official,
                              name=args.invite, position=args.position, role=args.role))
        elif args.code:
            roll = MeetingRoll(db, args.meeting)
            code = decode(args.code)
            member, candidates = roll.resolve(code)
            if code.kind == NAME and member is None and candidates:
                names = ", ".join(c["name"] for c in candidates[:5])
                raise UserError(f"พบ {len(candidates)} คนที่ชื่อตรงกับ “{code.value}”: {names}", field="--code")
            result = roll.mark(member["id"] if member else None, method=args.method, code_kind=code.kind,
                               member=member)
            print_json(result.to_json())
        elif args.present:
            print(set_invitee_status(db, args.present, "present"))
        elif args.absent:
            print(set_invitee_status(db, args.absent, "absent", reason=args.reason))
        elif args.substitute:
            print(record_substitute(db, args.substitute, member_id=args.member, name=args.name,
                                    position=args.position))
        elif args.participant or args.member:
            print(add_participant(db, args.meeting, member_id=args.member, name=args.participant,
                                  position=args.position))
        else:
            print_json({"counts": meeting_counts(db, args.meeting), "invitees": invitees(db, args.meeting)})
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import add_action, resolve_item

    if not args.resolution and not args.what:
        raise UserError("ระบุ --resolution หรือ --action อย่างน้อยหนึ่งอย่าง", field="--resolution")
    with opened_as(args, "meetings.manage") as (db, _):
        row = db.execute("SELECT meeting_id FROM meeting_items WHERE id = ? AND deleted_at IS NULL",
                         [args.item]).fetchone()
        if row is None:
            raise UserError("ไม่พบวาระที่ระบุ", field="item")
        out: dict[str, Any] = {"item": args.item}
        with db.atomic():  # the resolution and its action together, or neither
            if args.resolution:
                resolve_item(db, args.item, args.resolution)
            if args.what:
                out["action"] = add_action(db, row[0], {"item_id": args.item, **_given(
                    args, "what", "owner_name", "owner_kind", "owner_member_id", "owner_official_id",
                    "owner_agency_id", "due_date", "project_id", "activity_id", "case_id")})
    print_json(out) if args.json else print(out.get("action") or "บันทึกมติแล้ว")
    return 0


def _actions(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import actions, overdue_actions, set_action_status
    from moi_desktop.thai import parse_thai_date

    with opened_as(args, "meetings.manage" if args.set else "meetings.view") as (db, _):
        if args.set:
            if not args.to:
                raise UserError("ระบุสถานะใหม่ด้วย --to", field="--to")
            set_action_status(db, args.set, args.to, note=args.note)
            print("บันทึกสถานะแล้ว")
        elif args.overdue:
            print_json(overdue_actions(db, parse_thai_date(args.overdue)))
        else:
            print_json(actions(db, meeting_id=args.meeting, series=args.series, status=args.status, owner=args.owner))
    return 0


def _minutes(args: argparse.Namespace) -> int:
    from moi_desktop.meetings import issue_minutes, render_meeting_minutes, update_meeting

    changes = _given(args, "started_at", "ended_at", "recorder_name", "recorder_position", "recorder_official_id",
                     "checker_name", "checker_position", "checker_official_id")
    needs = "meetings.manage" if changes or args.issue else "meetings.view"
    if not (changes or args.issue or args.out):
        raise UserError("ระบุ --out เพื่อพิมพ์ หรือ --issue เพื่อออกรายงาน", field="--out")
    with opened_as(args, needs) as (db, _):
        if changes:
            update_meeting(db, args.meeting, changes)
        if args.issue:
            issue_minutes(db, args.meeting)
            print("ออกรายงานการประชุมแล้ว (แก้ไขไม่ได้อีก)")
        if args.out:
            render_meeting_minutes(db, args.meeting, args.out)
            print(f"บันทึกรายงานการประชุมแล้ว: {args.out}")
    return 0
