"""`projects …`: list projects, print the dashboard figures, generate seed-004-scale data.

    python -m moi_desktop projects list --db DB [--category N] [--status CODE] [--search TEXT]
    python -m moi_desktop projects show ID --db DB
    python -m moi_desktop projects dashboard --db DB
    python -m moi_desktop projects generate --db DB [--projects 76] [--activities 343] [--seed 1]

Reports: `report projects-by-category|projects-by-agency|project-brief|activity-5w1h|
disbursement-monthly`. Import: `import projects FILE --db DB`.
"""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened_as, print_json

if TYPE_CHECKING:
    from moi_desktop.db import Database


def register(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("projects", help="โครงการและกิจกรรม: รายการ แดชบอร์ด และข้อมูลจำลอง")
    sub = parser.add_subparsers(dest="projects_command", required=True, metavar="ACTION")

    p = sub.add_parser("list", help="รายการโครงการ (JSON)")
    add_db_argument(p)
    p.add_argument("--category", type=int)
    p.add_argument("--status")
    p.add_argument("--search", default="")
    add_actor_arguments(p)
    p.set_defaults(func=_list)

    p = sub.add_parser("show", help="รายละเอียดโครงการพร้อมกิจกรรม (JSON)")
    p.add_argument("id")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_show)

    p = sub.add_parser("dashboard", help="ตัวเลขของแดชบอร์ดหน้าหลัก (JSON)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_dashboard)

    p = sub.add_parser("generate", help="เพิ่มข้อมูลจำลองขนาดเท่าเอกสาร ๐๐๔ (๗๖ โครงการ ๓๔๓ กิจกรรม)")
    add_db_argument(p)
    p.add_argument("--projects", type=int, default=76)
    p.add_argument("--activities", type=int, default=343)
    p.add_argument("--seed", type=int, default=1)
    add_actor_arguments(p)
    p.set_defaults(func=_generate)
    register_results(subparsers)


def _with_db(args: argparse.Namespace, fn: Callable[["Database"], object], action: str = "projects.view") -> int:
    with opened_as(args, action) as (db, _user):
        print_json(fn(db))
    return 0


def _list(args: argparse.Namespace) -> int:
    from moi_desktop.projects import list_projects

    return _with_db(args, lambda db: list_projects(db, category=args.category, status=args.status,
                                                   search=args.search))


def _show(args: argparse.Namespace) -> int:
    from moi_desktop.projects import get_project, list_activities

    return _with_db(args, lambda db: {**get_project(db, args.id), "activities": list_activities(db, args.id)})


def _dashboard(args: argparse.Namespace) -> int:
    from moi_desktop.projects import dashboard_data

    return _with_db(args, dashboard_data)


def _generate(args: argparse.Namespace) -> int:
    import random

    from moi_desktop.demo.projects import generate_scale
    from moi_desktop.errors import UserError

    if args.projects < 2 or args.activities < args.projects + 13:
        raise UserError("ต้องมีอย่างน้อย ๒ โครงการ และจำนวนกิจกรรมมากกว่าจำนวนโครงการอย่างน้อย ๑๓", field="--activities")
    # Invented projects for timing at scale: reproducible, nothing secret.
    return _with_db(args, lambda db: generate_scale(db, random.Random(args.seed), projects=args.projects,  # noqa: S311
                                                    activities=args.activities), "projects.edit")


# -- RESULTS + EVALUATION: `milestones …` and `lessons …` -------------------------------
#   python -m moi_desktop milestones add PROJECT --title T --due DATE [--households N] [--persons N]
#                                    [--value BAHT] [--activity ID] [--indicator NO=TARGET ...] [--note T]
#   python -m moi_desktop milestones list PROJECT
#   python -m moi_desktop milestones actual MILESTONE --period DATE [--households N] [--persons N]
#                                    [--value BAHT] [--indicator NO=VALUE ...] [--confirm-note T] [--note T]
#   python -m moi_desktop milestones report PROJECT [--out FILE.pdf|.xlsx]
#   python -m moi_desktop lessons add PROJECT --date DATE [--worked T] [--problems T] [--solutions T]
#                                    [--recommendations T] [--by POSITION]
#   python -m moi_desktop lessons survey PROJECT --date DATE --counts N5,N4,N3,N2,N1 [--topic T] [--note T]
#   python -m moi_desktop lessons list [PROJECT]
#   python -m moi_desktop lessons report --out FILE [--kind lessons|satisfaction] [--project ID]
def register_results(subparsers: Subparsers) -> None:
    from moi_desktop.security.cli import add_actor_arguments

    parser = subparsers.add_parser("milestones", help="เป้าหมายรายระยะและผลการดำเนินงานของโครงการ")
    sub = parser.add_subparsers(dest="milestones_command", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="เพิ่มเป้าหมายรายระยะของโครงการ")
    p.add_argument("project")
    p.add_argument("--title", required=True)
    p.add_argument("--due", required=True, help="วันครบกำหนด เช่น 31/7/2565")
    _figure_arguments(p)
    p.add_argument("--activity", help="รหัสกิจกรรม (ถ้าเป็นเป้าหมายของกิจกรรม)")
    p.add_argument("--note")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_milestone_add)

    p = sub.add_parser("list", help="เป้าหมายรายระยะพร้อมผลรวม (JSON)")
    p.add_argument("project")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_milestone_list)

    p = sub.add_parser("actual", help="บันทึกผลการดำเนินงานของงวด")
    p.add_argument("milestone")
    p.add_argument("--period", required=True, help="วันสิ้นสุดงวด เช่น 31/7/2565")
    _figure_arguments(p)
    p.add_argument("--confirm-note", help="หมายเหตุยืนยัน (จำเป็นเมื่อผลเกินเป้าหมายมากกว่าร้อยละ ๕๐)")
    p.add_argument("--note")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_milestone_actual)

    p = sub.add_parser("report", help="รายงานผลเทียบเป้าหมายรายระยะ (PDF/XLSX หรือ JSON)")
    p.add_argument("project")
    p.add_argument("--out", type=Path)
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_milestone_report)

    parser = subparsers.add_parser("lessons", help="บทเรียนจากการดำเนินงานและความพึงพอใจของผู้รับประโยชน์")
    sub = parser.add_subparsers(dest="lessons_command", required=True, metavar="ACTION")
    p = sub.add_parser("add", help="บันทึกบทเรียน (สิ่งที่ทำได้ดี ปัญหา แนวทางแก้ไข ข้อเสนอแนะ)")
    p.add_argument("project")
    p.add_argument("--date", required=True)
    p.add_argument("--worked")
    p.add_argument("--problems")
    p.add_argument("--solutions")
    p.add_argument("--recommendations")
    p.add_argument("--by", help="ผู้สรุปบทเรียน (ตำแหน่ง)")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_lesson_add)

    p = sub.add_parser("survey", help="บันทึกผลสำรวจความพึงพอใจ ๕ ระดับ")
    p.add_argument("project")
    p.add_argument("--date", required=True)
    p.add_argument("--counts", required=True, help="จำนวนผู้ตอบ มากที่สุด,มาก,ปานกลาง,น้อย,น้อยที่สุด เช่น 20,15,5,0,0")
    p.add_argument("--topic")
    p.add_argument("--note")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_lesson_survey)

    p = sub.add_parser("list", help="บทเรียนและผลสำรวจ (JSON)")
    p.add_argument("project", nargs="?")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_lesson_list)

    p = sub.add_parser("report", help="รายงานบทเรียนหรือความพึงพอใจ (PDF/XLSX)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--kind", choices=("lessons", "satisfaction"), default="lessons")
    p.add_argument("--project")
    add_db_argument(p)
    add_actor_arguments(p)
    p.set_defaults(func=_lesson_report)


def _figure_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--households", help="จำนวนครัวเรือน")
    p.add_argument("--persons", help="จำนวนคน")
    p.add_argument("--value", help="มูลค่า (บาท)")
    p.add_argument("--indicator", action="append", default=[], metavar="NO=VALUE",
                   help="ตัวชี้วัด (เลขที่หรือรหัส) = ค่า (ใช้ซ้ำได้)")


def _indicators(items: list[str]) -> dict[str, str]:
    from moi_desktop.errors import UserError

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"ระบุตัวชี้วัดเป็น เลขที่=ค่า เช่น 12=30 (ได้ “{item}”)", field="--indicator")
        out[key.strip()] = value.strip()
    return out


# The core names the field; the command line names the option the user typed.
OPTION_OF = {"due_date": "--due", "households_target": "--households", "persons_target": "--persons",
             "value_target": "--value", "activity_id": "--activity", "indicators": "--indicator",
             "period_end": "--period", "households": "--households", "persons": "--persons", "value": "--value",
             "confirm_note": "--confirm-note", "title": "--title", "recorded_on": "--date", "surveyed_on": "--date"}


def _with_options(args: argparse.Namespace, fn: Callable[["Database"], object], action: str) -> int:
    from moi_desktop.errors import UserError

    try:
        return _with_db(args, fn, action)
    except UserError as exc:
        if exc.field in OPTION_OF:
            raise UserError(exc.message, field=OPTION_OF[exc.field], detail=exc.detail) from exc
        raise


def _milestone_add(args: argparse.Namespace) -> int:
    from moi_desktop.projects.milestones import add_milestone

    values = {"title": args.title, "due_date": args.due, "households_target": args.households,
              "persons_target": args.persons, "value_target": args.value, "activity_id": args.activity,
              "note": args.note}
    return _with_options(args, lambda db: {"id": add_milestone(db, args.project, values, _indicators(args.indicator))},
                         "projects.edit")


def _milestone_list(args: argparse.Namespace) -> int:
    from moi_desktop.projects.milestones import list_milestones

    return _with_db(args, lambda db: list_milestones(db, args.project))


def _milestone_actual(args: argparse.Namespace) -> int:
    from moi_desktop.projects.milestones import record_actual

    values = {"period_end": args.period, "households": args.households, "persons": args.persons,
              "value": args.value, "confirm_note": args.confirm_note, "note": args.note}
    return _with_options(args, lambda db: {"id": record_actual(db, args.milestone, values,
                                                               _indicators(args.indicator))}, "projects.edit")


def _render(args: argparse.Namespace, key: str, params: dict[str, object]) -> int:
    from moi_desktop.reports import get_report, render_report, report_actions

    with opened_as(args, report_actions(get_report(key), params)) as (db, _user):
        out = render_report(db, key, args.out, params)
    print(f"บันทึกรายงานแล้ว: {out}")
    return 0


def _milestone_report(args: argparse.Namespace) -> int:
    from moi_desktop.projects.milestones import phase_rows
    from moi_desktop.projects.store import require_project

    if args.out is not None:
        return _render(args, "project-milestones", {"project": args.project})

    def rows(db: "Database") -> object:
        require_project(db, args.project)
        return phase_rows(db, args.project)

    return _with_db(args, rows)


def _lesson_add(args: argparse.Namespace) -> int:
    from moi_desktop.projects.lessons import add_lesson

    values = {"recorded_on": args.date, "worked": args.worked, "problems": args.problems,
              "solutions": args.solutions, "recommendations": args.recommendations, "recorded_by": args.by}
    return _with_options(args, lambda db: {"id": add_lesson(db, args.project, values)}, "projects.edit")


def _lesson_survey(args: argparse.Namespace) -> int:
    from moi_desktop.errors import UserError
    from moi_desktop.projects.lessons import LEVELS, add_survey

    counts = [c.strip() for c in args.counts.replace("，", ",").split(",")]
    if len(counts) != len(LEVELS):
        raise UserError("ระบุจำนวนผู้ตอบ ๕ ระดับ คั่นด้วยจุลภาค (มากที่สุด,มาก,ปานกลาง,น้อย,น้อยที่สุด) เช่น 20,15,5,0,0",
                        field="--counts")
    values = {"surveyed_on": args.date, "topic": args.topic, "note": args.note,
              **dict(zip(LEVELS, counts, strict=True))}
    return _with_options(args, lambda db: {"id": add_survey(db, args.project, values)}, "projects.edit")


def _lesson_list(args: argparse.Namespace) -> int:
    from moi_desktop.projects.lessons import list_lessons, list_surveys, satisfaction_by_project

    def both(db: "Database") -> object:
        if args.project:
            return {"lessons": list_lessons(db, args.project), "surveys": list_surveys(db, args.project)}
        return {"lessons": list_lessons(db), "satisfaction": satisfaction_by_project(db)}

    return _with_db(args, both)


def _lesson_report(args: argparse.Namespace) -> int:
    if args.kind == "satisfaction":
        return _render(args, "project-satisfaction", {})
    return _render(args, "project-lessons", {"project": args.project} if args.project else {})
