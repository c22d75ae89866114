"""Setting up an installation: `init` (new database for a district office, or with --province
alone for a province office), `office show|set` (the office's Garuda image), `info`, `demo`. The
one command module shared by several areas (office, db, demo: see commands.SHARED_MODULES).

`info` reports row counts for every table, so a new area's tables show up without changes here.
An area adds other facts by defining `info_extra(db) -> dict` in its top-level module or package
under moi_desktop/ (e.g. moi_desktop/trainings.py); its keys join the JSON's top level.
"""

import argparse
import importlib
import pkgutil
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop import __version__
from moi_desktop.commands._common import Subparsers, add_db_argument, opened, opened_as, print_json
from moi_desktop.errors import UserError
from moi_desktop.security.cli import add_actor_arguments

if TYPE_CHECKING:
    from moi_desktop.db import Database
    from moi_desktop.office import Office

# Top-level modules never searched for info_extra (running __main__ would start the CLI again).
_NOT_INFO_PROVIDERS = {"__main__", "cli", "commands", "demo"}

# District and province names resolve only when the best fuzzy match is this good and no other candidate is.
NAME_MATCH_MIN_SCORE = 90

COUNTS_NOTE = (
    "tables with a deleted_at column count only rows where deleted_at IS NULL; "
    "FTS indexes and migration bookkeeping are not listed"
)


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("init", help="สร้างฐานข้อมูลใหม่สำหรับสำนักงานอำเภอหรือสำนักงานจังหวัด")
    add_db_argument(p)
    p.add_argument("--district", help="รหัสอำเภอ ๔ หลัก (เช่น 6205) หรือชื่ออำเภอ: สำนักงานอำเภอ")
    p.add_argument("--province", help="รหัสจังหวัด ๒ หลัก (เช่น 62) หรือชื่อจังหวัด: ใช้อย่างเดียวคือสำนักงานจังหวัด "
                                      "ใช้คู่กับ --district ช่วยแยกอำเภอชื่อซ้ำ")
    p.add_argument("--org-name", help="ส่วนราชการ (ค่าเริ่มต้น: ที่ทำการปกครองอำเภอ… / ที่ทำการปกครองจังหวัด…)")
    p.add_argument("--ref-prefix", help='เลขที่หนังสือ "ที่" เช่น "มท ๐๓๑๘.๑"')
    p.add_argument("--phone", help="โทรศัพท์ของสำนักงาน")
    p.add_argument("--chief-name", help="ชื่อผู้ลงนาม (นายอำเภอ / ผู้ว่าราชการจังหวัด)")
    p.add_argument("--chief-position", help="ตำแหน่งผู้ลงนาม")
    p.add_argument("--force", action="store_true", help="ตั้งค่าสำนักงานใหม่แม้ฐานข้อมูลตั้งค่าไว้แล้ว (ข้อมูลอื่นคงเดิม)")
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    p.set_defaults(func=run_init)

    office = subparsers.add_parser("office", help="ข้อมูลสำนักงาน: ดูค่า และตั้งภาพครุฑสำหรับหนังสือราชการ")
    actions = office.add_subparsers(dest="office_command", required=True, metavar="ACTION")
    p = actions.add_parser("show", help="แสดงข้อมูลสำนักงานและภาพครุฑที่ตั้งไว้")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    p.set_defaults(func=run_office_show)
    p = actions.add_parser("set", help="ตั้งภาพครุฑของสำนักงาน (PNG พื้นโปร่งใส) ใช้กับบันทึกข้อความและหนังสือภายนอก")
    add_db_argument(p)
    garuda = p.add_mutually_exclusive_group(required=True)
    garuda.add_argument("--garuda", type=Path, metavar="FILE", help="ไฟล์ภาพครุฑ PNG พื้นหลังโปร่งใส")
    garuda.add_argument("--clear-garuda", action="store_true", help="ลบภาพครุฑที่ตั้งไว้")
    add_actor_arguments(p)
    p.set_defaults(func=run_office_set)

    p = subparsers.add_parser("info", help="ข้อมูลฐานข้อมูล: รุ่น สำนักงาน และจำนวนข้อมูลแต่ละตาราง")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    p.set_defaults(func=run_info)

    p = subparsers.add_parser("demo", help="สร้างฐานข้อมูลตัวอย่างของอำเภอนำร่อง")
    add_db_argument(p)
    p.add_argument("--seed", type=int, default=1, help="เลขสุ่มตั้งต้น (ค่าเดียวกันได้ข้อมูลเดียวกัน)")
    p.add_argument("--force", action="store_true", help="เขียนทับไฟล์ที่มีอยู่")
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    # REPORTING: the province demo
    p.add_argument("--province", help="สร้างตัวอย่างระดับจังหวัด: รหัสจังหวัด (ฐานข้อมูลอำเภอสร้างไว้ข้างไฟล์)")
    p.add_argument("--districts", type=int, default=3, help="จำนวนอำเภอในตัวอย่างระดับจังหวัด")
    p.set_defaults(func=run_demo)


# --- init -------------------------------------------------------------------------------------


def resolve_district(db: "Database", text: str, province: str | None = None) -> str:
    """A district code from a 4-digit code (Thai digits allowed) or an unambiguous name."""
    from moi_desktop.reference import lookup_district
    from moi_desktop.thai import normalize_text, to_arabic_digits

    value = to_arabic_digits(normalize_text(text or ""))
    if not value:
        raise UserError("กรุณาระบุรหัสหรือชื่ออำเภอ", field="--district")
    if value.isdigit():
        if not db.execute("SELECT 1 FROM districts WHERE district_code = ?", [value]).fetchone():
            raise UserError(f"ไม่พบรหัสอำเภอ {value} (รหัสอำเภอมี ๔ หลัก เช่น 6205)", field="--district")
        return value
    candidates = lookup_district(db, value, province=province, limit=5)
    good = [c for c in candidates if c.score >= NAME_MATCH_MIN_SCORE]
    if len(good) == 1:
        return good[0].code
    listing = "; ".join(f"{c.code} {c.name} จ.{c.province} ({c.score:.0f})" for c in candidates)
    if not good:
        hint = f" ชื่อที่ใกล้เคียง: {listing}" if listing else ""
        raise UserError(f'ไม่พบอำเภอชื่อ "{value}"{hint} — ระบุรหัสอำเภอแทนได้', field="--district")
    raise UserError(
        f'ชื่ออำเภอ "{value}" ตรงกับหลายอำเภอ: {listing} — ระบุรหัสอำเภอ หรือเพิ่ม --province',
        field="--district",
    )


def resolve_province(db: "Database", text: str) -> str:
    """A province code from a 2-digit code (Thai digits allowed) or an unambiguous name."""
    from moi_desktop.reference import lookup_province
    from moi_desktop.thai import normalize_text, to_arabic_digits

    value = to_arabic_digits(normalize_text(text or ""))
    if not value:
        raise UserError("กรุณาระบุรหัสหรือชื่อจังหวัด", field="--province")
    if value.isdigit():
        if not db.execute("SELECT 1 FROM provinces WHERE province_code = ?", [value]).fetchone():
            raise UserError(f"ไม่พบรหัสจังหวัด {value} (รหัสจังหวัดมี ๒ หลัก เช่น 62)", field="--province")
        return value
    try:
        candidates = lookup_province(db, value, limit=5)
    except UserError as exc:  # nothing left of the name once cleaned: say which option
        raise UserError(exc.message, field="--province") from None
    good = [c for c in candidates if c.score >= NAME_MATCH_MIN_SCORE]
    if len(good) == 1:
        return good[0].code
    listing = "; ".join(f"{c.code} {c.name} ({c.score:.0f})" for c in candidates)
    if not good:
        hint = f" ชื่อที่ใกล้เคียง: {listing}" if listing else ""
        raise UserError(f'ไม่พบจังหวัดชื่อ "{value}"{hint} — ระบุรหัสจังหวัดแทนได้', field="--province")
    raise UserError(f'ชื่อจังหวัด "{value}" ตรงกับหลายจังหวัด: {listing} — ระบุรหัสจังหวัด', field="--province")


def default_office(db: "Database", args: argparse.Namespace) -> "Office":
    """The starting profile the options ask for: --district (with --province as a name hint) makes a
    district office; --province alone a province office."""
    from moi_desktop.office import (
        default_office_for_district,
        default_office_for_province,
    )

    if args.district is not None:
        return default_office_for_district(db, resolve_district(db, args.district, args.province))
    if args.province is not None:
        return default_office_for_province(db, resolve_province(db, args.province))
    raise UserError("กรุณาระบุ --district (สำนักงานอำเภอ) หรือ --province (สำนักงานจังหวัด)", field="--district")


def _apply_overrides(office: "Office", args: argparse.Namespace) -> None:
    if args.phone:
        from moi_desktop.thai import phone_problem

        problem = phone_problem(args.phone)
        if problem:
            raise UserError(problem, field="--phone")
    for attr in ("org_name", "ref_prefix", "phone", "chief_name", "chief_position"):
        value = getattr(args, attr)
        if value is not None:
            setattr(office, attr, value)


def _remove_database_files(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def init_database(path: Path, args: argparse.Namespace) -> dict:
    """Create (or, with --force, reconfigure) the database and its office profile; returns info."""
    from moi_desktop.db import open_database
    from moi_desktop.office import get_office, save_office

    existed = path.exists() and path.stat().st_size > 0
    db = open_database(path)
    try:
        if get_office(db) is not None and not args.force:
            raise UserError(
                f"ฐานข้อมูล {path.name} ตั้งค่าสำนักงานไว้แล้ว — ใช้ไฟล์อื่น หรือเพิ่ม --force เพื่อตั้งค่าสำนักงานใหม่",
                field="--db",
            )
        office = default_office(db, args)
        _apply_overrides(office, args)
        save_office(db, office)
        info = collect_info(db, path)
    except BaseException:
        db.close()
        # Bad input must leave nothing behind: drop a file this command created.
        if not existed:
            _remove_database_files(path)
        raise
    db.close()
    return info


def run_init(args: argparse.Namespace) -> int:
    info = init_database(args.db, args)
    if args.json:
        print_json(info)
    else:
        office = info["office"]
        print(f"สร้างฐานข้อมูล {args.db} แล้ว")
        print(f"สำนักงาน: {office['org_name']}")
        if office["level"] == "province":
            print(f"สำนักงานระดับจังหวัด: จังหวัด{office['province_name']} (รหัส {office['province_code']}) "
                  "— รับชุดข้อมูลจากอำเภอและออกรายงานรายอำเภอหรือทุกอำเภอได้")
        else:
            print(f"อำเภอ{office['district_name']} จังหวัด{office['province_name']} (รหัส {office['district_code']})")
    return 0


# --- office -----------------------------------------------------------------------------------


def _garuda_facts(db: "Database") -> dict | None:
    from moi_desktop.office import get_office, get_office_garuda

    image = get_office_garuda(db)
    if image is None:
        return None
    office = get_office(db)
    return {"file": office.garuda_path if office else "", "width": image.width, "height": image.height,
            "bytes": len(image.data)}


def run_office_show(args: argparse.Namespace) -> int:
    with opened(args) as db:
        office = office_info(db)
        garuda = _garuda_facts(db)
    if office is None:
        raise UserError("ฐานข้อมูลนี้ยังไม่ได้ตั้งค่าสำนักงาน ใช้คำสั่ง init ก่อน", field="--db")
    if args.json:
        print_json({"office": office, "garuda": garuda})
        return 0
    print(f"สำนักงาน: {office['org_name']}")
    print(f"ที่: {office['ref_prefix']}")
    if garuda:
        print(f"ภาพครุฑ: {garuda['file'] or 'ตั้งไว้แล้ว'} ({garuda['width']}×{garuda['height']} พิกเซล)")
    else:
        print("ภาพครุฑ: ยังไม่ได้ตั้ง (office set --garuda FILE)")
    return 0


def run_office_set(args: argparse.Namespace) -> int:
    from moi_desktop.documents.garuda import read_garuda_file
    from moi_desktop.office import set_office_garuda

    image = None if args.clear_garuda else read_garuda_file(args.garuda, field="--garuda")
    with opened_as(args, "office.edit") as (db, _user):
        set_office_garuda(db, image, args.garuda or "")
    if image is None:
        print("ลบภาพครุฑของสำนักงานแล้ว")
    else:
        print(f"ตั้งภาพครุฑของสำนักงานแล้ว ({image.width}×{image.height} พิกเซล)")
    return 0


# --- info -------------------------------------------------------------------------------------


def table_counts(db: "Database") -> dict[str, int]:
    """Rows per table; soft-deleted rows of user-data tables are not counted (see COUNTS_NOTE)."""
    counts: dict[str, int] = {}
    tables = db.execute(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name != '_sqlite_migrations' ORDER BY name"
    ).fetchall()
    for (name,) in tables:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info([{name}])")}
        where = " WHERE deleted_at IS NULL" if "deleted_at" in columns else ""
        # Table names come from pragma_table_list, the condition is a constant.
        counts[name] = db.execute(f"SELECT count(*) FROM [{name}]{where}").fetchone()[0]  # noqa: S608
    return counts


def office_info(db: "Database") -> dict | None:
    from moi_desktop.office import get_office

    office = get_office(db)
    if office is None:
        return None
    data = asdict(office)
    row = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [office.province_code]).fetchone()
    data["province_name"] = row[0] if row else None
    row = db.execute("SELECT name_th FROM districts WHERE district_code = ?", [office.district_code]).fetchone()
    data["district_name"] = row[0] if row else None
    return data


def info_providers() -> list:
    """`info_extra` functions of moi_desktop's top-level modules, in module name order."""
    import moi_desktop

    found = []
    for module_info in sorted(pkgutil.iter_modules(moi_desktop.__path__), key=lambda m: m.name):
        if module_info.name in _NOT_INFO_PROVIDERS:
            continue
        module = importlib.import_module(f"moi_desktop.{module_info.name}")
        extra = getattr(module, "info_extra", None)
        if callable(extra):
            found.append(extra)
    return found


def collect_info(db: "Database", path: Path | None = None) -> dict:
    from moi_desktop.db.rows import installation_id

    info = {
        "db": str(path) if path is not None else None,
        "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
        "app_version": __version__,
        "installation_id": installation_id(db),
        "office": office_info(db),
        "counts": table_counts(db),
        "counts_note": COUNTS_NOTE,
    }
    for extra in info_providers():
        more = extra(db)
        clash = set(info) & set(more)
        if clash:
            raise RuntimeError(f"{extra.__module__}.info_extra returns keys already taken: {sorted(clash)}")
        info.update(more)
    return info


def format_info(info: dict) -> str:
    lines = [
        f"ฐานข้อมูล: {info['db']}",
        f"รุ่นโครงสร้างข้อมูล: {info['schema_version']}  ·  โปรแกรมรุ่น {info['app_version']}",
        f"รหัสเครื่อง (installation id): {info['installation_id']}",
    ]
    office = info["office"]
    if office is None:
        lines.append("สำนักงาน: ยังไม่ได้ตั้งค่า (ใช้คำสั่ง init)")
    else:
        lines.append(f"สำนักงาน: {office['org_name']}")
        if office.get("district_name"):
            lines.append(f"อำเภอ{office['district_name']} จังหวัด{office['province_name']}")
        elif office["level"] == "province":
            lines.append(f"สำนักงานระดับจังหวัด: จังหวัด{office['province_name']}")
        lines.append(f"ที่: {office['ref_prefix']}  ·  โทร. {office['phone'] or '-'}")
        if office["chief_name"]:
            lines.append(f"ผู้ลงนาม: {office['chief_name']} {office['chief_position']}")
    lines.append("จำนวนข้อมูล (ไม่นับรายการที่ลบแล้ว):")
    width = max((len(name) for name in info["counts"]), default=0)
    for name, n in info["counts"].items():
        lines.append(f"  {name:<{width}}  {n:>9,}")
    return "\n".join(lines)


def run_info(args: argparse.Namespace) -> int:
    with opened(args) as db:
        info = collect_info(db, args.db)
    if args.json:
        print_json(info)
    else:
        print(format_info(info))
    return 0


# --- demo -------------------------------------------------------------------------------------


def _province_demo(args: argparse.Namespace, path: Path) -> int:
    """REPORTING: N districts of one province submit a period; the province imports."""
    from moi_desktop.db import open_database
    from moi_desktop.demo._province import build_province_demo

    db = open_database(path.with_name(path.name + ".probe"))  # reference data to read the province
    try:
        code = resolve_province(db, args.province)
    finally:
        db.close()
        _remove_database_files(path.with_name(path.name + ".probe"))
    result = build_province_demo(path, code, districts=args.districts, seed=args.seed)
    states = {"on_time": "ส่งแล้ว", "late": "ส่งช้า", "missing": "ยังไม่ส่ง"}
    if args.json:
        print_json({"province_db": str(path), "period": result.period, "districts": {
            c: {"db": str(p), "state": result.states[c]} for c, p in result.district_dbs.items()}})
    else:
        print(f"สร้างฐานข้อมูลตัวอย่างระดับจังหวัด {path} แล้ว (งวด {result.period})")
        for c, p in result.district_dbs.items():
            print(f"  อำเภอรหัส {c}: {p} — {states[result.states[c]]}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from moi_desktop.demo import build_demo

    path: Path = args.db
    if path.is_dir():
        raise UserError(f"{path} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล", field="--db")
    if path.exists():
        if not args.force:
            raise UserError(f"มีไฟล์ {path} อยู่แล้ว — เพิ่ม --force เพื่อสร้างทับ", field="--db")
        _remove_database_files(path)  # the user asked for it: any file, demo or not
    if getattr(args, "province", None):  # REPORTING
        return _province_demo(args, path)
    build_demo(path, seed=args.seed)
    with opened(args) as db:
        info = collect_info(db, path)
    if args.json:
        print_json(info)
    else:
        office = info["office"]
        print(f"สร้างฐานข้อมูลตัวอย่าง {path} แล้ว (seed {args.seed})")
        print(f"อำเภอ{office['district_name']} จังหวัด{office['province_name']}")
    return 0
