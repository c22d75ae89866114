"""`evaluation …`: selection scoring (seed 004) from the command line.

    python -m moi_desktop evaluation rubric seed --db DB              # seed 004's two rubrics
    python -m moi_desktop evaluation rubric list|show RUBRIC --db DB
    python -m moi_desktop evaluation rubric add FILE.json --db DB     # {"code", "title", "criteria": [...]}
    python -m moi_desktop evaluation round new --db DB --rubric group18 --title TEXT [--date D] [--seats N]
    python -m moi_desktop evaluation round list --db DB
    python -m moi_desktop evaluation member ROUND "นายก ตัวอย่าง" --db DB [--position P] [--role ประธาน]
    python -m moi_desktop evaluation candidate ROUND DISTRICT_CODE --db DB [--group "กลุ่มจังหวัด…"]
    python -m moi_desktop evaluation score ROUND --district 5001 --member 1 1=60 2=18 3=9 --db DB
    python -m moi_desktop evaluation draw ROUND --district 5001 --order 1 --db DB [--note TEXT]
    python -m moi_desktop evaluation rank ROUND --db DB                # JSON
    python -m moi_desktop evaluation sheet ROUND --out FILE.pdf|xlsx --db DB [--member M] [--ranking]
        [--selected-only]
"""

import argparse
import json
from pathlib import Path

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.errors import UserError


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("evaluation", help="การคัดเลือกอำเภอ: หลักเกณฑ์ ให้คะแนน จัดลำดับ ใบสรุปคะแนน")
    sub = parser.add_subparsers(dest="evaluation_command", required=True, metavar="ACTION")

    p = sub.add_parser("rubric", help="หลักเกณฑ์การให้คะแนน: seed | list | show | add")
    p.add_argument("what", choices=("seed", "list", "show", "add"))
    p.add_argument("target", nargs="?", help="รหัสหลักเกณฑ์ (show) หรือไฟล์ JSON (add)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_rubric)

    p = sub.add_parser("round", help="รอบการคัดเลือก: new | list")
    p.add_argument("what", choices=("new", "list"))
    add_db_argument(p)
    p.add_argument("--rubric", help="รหัสหลักเกณฑ์ เช่น district76 หรือ group18")
    p.add_argument("--title")
    p.add_argument("--date", help="วันประชุมคณะกรรมการ")
    p.add_argument("--seats", default="1", help="จำนวนอำเภอที่คัดเลือกต่อกลุ่ม (ค่าเริ่มต้น ๑)")
    add_actor_arguments(p)
    p.set_defaults(func=_round)

    p = sub.add_parser("member", help="เพิ่มกรรมการผู้ให้คะแนน")
    p.add_argument("round_id")
    p.add_argument("name")
    add_db_argument(p)
    p.add_argument("--position", default="")
    p.add_argument("--role", default="กรรมการ", help="ประธาน / กรรมการ / กรรมการและเลขานุการ")
    add_actor_arguments(p)
    p.set_defaults(func=_member)

    p = sub.add_parser("candidate", help="เพิ่มอำเภอที่เข้ารับการคัดเลือก")
    p.add_argument("round_id")
    p.add_argument("district", help="รหัสอำเภอ ๔ หลัก")
    add_db_argument(p)
    p.add_argument("--group", default="", help="กลุ่มจังหวัด (ค่าเริ่มต้น: จังหวัดของอำเภอ)")
    add_actor_arguments(p)
    p.set_defaults(func=_candidate)

    p = sub.add_parser("score", help="บันทึกคะแนนของกรรมการหนึ่งคนสำหรับอำเภอหนึ่งอำเภอ")
    p.add_argument("round_id")
    p.add_argument("scores", nargs="+", help="ข้อ=คะแนน เช่น 1=60 2=18 3=9")
    add_db_argument(p)
    p.add_argument("--district", required=True, help="รหัสหรือชื่ออำเภอ")
    p.add_argument("--member", required=True, help="ชื่อกรรมการ หรือลำดับที่ (1, 2, 3 …)")
    add_actor_arguments(p)
    p.set_defaults(func=_score)

    p = sub.add_parser("draw", help="บันทึกผลการจับสลากของประธานเมื่อคะแนนเท่ากันทุกข้อ")
    p.add_argument("round_id")
    add_db_argument(p)
    p.add_argument("--district", required=True)
    p.add_argument("--order", required=True, help="ลำดับที่จับได้ (1 = ก่อน)")
    p.add_argument("--note", default="")
    add_actor_arguments(p)
    p.set_defaults(func=_draw)

    p = sub.add_parser("rank", help="คะแนนเฉลี่ยและลำดับในแต่ละกลุ่มจังหวัด (JSON)")
    p.add_argument("round_id")
    add_db_argument(p)
    p.set_defaults(func=_rank)

    p = sub.add_parser("sheet", help="พิมพ์ใบสรุปคะแนนหรือผลการจัดลำดับ (PDF หรือ XLSX)")
    p.add_argument("round_id")
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--member", help="แบบให้คะแนนของกรรมการคนนี้ (ชื่อหรือลำดับที่)")
    p.add_argument("--ranking", action="store_true", help="ผลการจัดลำดับแทนใบสรุปคะแนน")
    p.add_argument("--selected-only", action="store_true", help="เฉพาะอำเภอที่ได้รับคัดเลือก (กับ --ranking)")
    add_actor_arguments(p)
    p.set_defaults(func=_sheet)


def _rubric(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import add_rubric, get_rubric, install_seed_rubrics, list_rubrics

    if args.what == "list":
        with opened(args) as db:
            print_json(list_rubrics(db))
        return 0
    if args.what == "show":
        if not args.target:
            raise UserError("ระบุรหัสหลักเกณฑ์ที่จะแสดง", field="target")
        with opened(args) as db:
            rubric = get_rubric(db, args.target)
        print_json({"id": rubric.id, "code": rubric.code, "title": rubric.title, "total": rubric.total,
                    "criteria": [{"number": c.number, "text": c.text, "points": c.points,
                                  "subs": [{"number": s.number, "text": s.text, "points": s.points} for s in c.subs]}
                                 for c in rubric.criteria]})
        return 0
    if args.what == "seed":
        with opened_as(args, "evaluation.manage") as (db, _user):
            ids = install_seed_rubrics(db)
        print("\n".join(ids))
        return 0
    if not args.target:
        raise UserError("ระบุไฟล์ JSON ของหลักเกณฑ์", field="target")
    try:
        data = json.loads(Path(args.target).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"อ่านไฟล์หลักเกณฑ์ไม่ได้: {args.target}", field="target", detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise UserError("ไฟล์หลักเกณฑ์ต้องเป็น JSON object ที่มี code, title และ criteria", field="target")
    with opened_as(args, "evaluation.manage") as (db, _user):
        print(add_rubric(db, data))
    return 0


def _round(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import create_round, list_rounds

    if args.what == "list":
        with opened(args) as db:
            print_json(list_rounds(db))
        return 0
    if not args.rubric or not args.title:
        raise UserError("ระบุ --rubric และ --title ของรอบการคัดเลือก", field="--title")
    with opened_as(args, "evaluation.manage") as (db, _user):
        print(create_round(db, args.rubric, args.title, held_on=args.date, seats=args.seats))
    return 0


def _member(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import add_committee_member

    with opened_as(args, "evaluation.manage") as (db, _user):
        print(add_committee_member(db, args.round_id, args.name, position=args.position, role=args.role))
    return 0


def _candidate(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import add_candidate

    with opened_as(args, "evaluation.manage") as (db, _user):
        print(add_candidate(db, args.round_id, args.district, group_name=args.group))
    return 0


def parse_scores(pairs: list[str]) -> dict[str, str]:
    scores: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"รูปแบบคะแนน “{pair}” ไม่ถูกต้อง (ใช้ ข้อ=คะแนน เช่น 1=60)", field="scores")
        scores[key.strip()] = value.strip()
    return scores


def _score(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import find_candidate, find_member, record_scores

    scores = parse_scores(args.scores)
    with opened_as(args, "evaluation.score") as (db, _user):
        candidate = find_candidate(db, args.round_id, args.district)
        member = find_member(db, args.round_id, args.member)
        n = record_scores(db, candidate["id"], member["id"], scores)
    print(f"บันทึกคะแนน {n} ข้อของอำเภอ{candidate['district_name']} โดย {member['name']} แล้ว")
    return 0


def _draw(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import find_candidate, record_draw

    with opened_as(args, "evaluation.score") as (db, _user):
        candidate = find_candidate(db, args.round_id, args.district)
        record_draw(db, candidate["id"], args.order, note=args.note)
    print(f"บันทึกผลการจับสลากของอำเภอ{candidate['district_name']} แล้ว")
    return 0


def _rank(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import compute_results

    with opened(args) as db:
        results = compute_results(db, args.round_id)
    print_json([{"group": r.group_name, "rank": r.rank, "district_code": r.district_code,
                 "district": r.district_name, "province": r.province_name,
                 "average": round(float(r.average), 4), "criterion_averages": [round(float(a), 4)
                                                                                for a in r.criterion_averages],
                 "complete": r.complete, "selected": r.selected, "needs_draw": r.needs_draw, "tie_note": r.tie_note}
                for r in results.results])
    return 0


def _sheet(args: argparse.Namespace) -> int:
    from moi_desktop.evaluation import find_member
    from moi_desktop.reports import render_report

    with opened_as(args, "reports.view") as (db, _user):
        if args.ranking:
            params: dict[str, object] = {"round": args.round_id, "selected_only": args.selected_only}
            out = render_report(db, "evaluation-ranking", args.out, params)
        else:
            params = {"round": args.round_id}
            if args.member:
                params["member"] = find_member(db, args.round_id, args.member)["id"]
            out = render_report(db, "evaluation-sheet", args.out, params)
    print(f"บันทึกแล้ว: {out}")
    return 0
