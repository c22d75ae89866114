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
