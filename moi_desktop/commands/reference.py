"""`lookup district NAME` / `lookup province NAME`: fuzzy search of the reference geography."""

import argparse
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from moi_desktop.commands._common import Subparsers, add_db_argument, opened, print_json
from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from moi_desktop.db import Database


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("lookup", help="ค้นหาอำเภอ/จังหวัดจากชื่อ (ทนต่อการสะกดผิด)")
    kinds = parser.add_subparsers(dest="lookup_kind", required=True, metavar="KIND")

    district = kinds.add_parser("district", help="ค้นหาอำเภอ/เขต")
    district.add_argument("name", nargs="+", help="ชื่ออำเภอ เช่น เชียงของ หรือ \"อ.เชียงของ จ.เชียงราย\"")
    district.add_argument("--province", help="ชื่อจังหวัด (ช่วยจัดอันดับ)")
    district.add_argument("--limit", type=int, default=5, help="จำนวนผลลัพธ์สูงสุด (ค่าเริ่มต้น 5)")
    _common_options(district)
    district.set_defaults(func=run_district)

    province = kinds.add_parser("province", help="ค้นหาจังหวัด")
    province.add_argument("name", nargs="+", help="ชื่อจังหวัด")
    province.add_argument("--limit", type=int, default=3, help="จำนวนผลลัพธ์สูงสุด (ค่าเริ่มต้น 3)")
    _common_options(province)
    province.set_defaults(func=run_province)


def _common_options(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser, required=False)
    parser.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator["Database"]:
    """The database named by --db; without one, a throwaway in-memory database: the reference
    data is the same in every database."""
    if args.db is not None:
        with opened(args) as db:
            yield db
        return
    from moi_desktop.db import open_database

    with closing(open_database(":memory:")) as db:
        yield db


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise UserError("จำนวนผลลัพธ์ต้องมากกว่า 0", field="--limit")


def run_district(args: argparse.Namespace) -> int:
    from moi_desktop.reference import lookup_district

    _check_limit(args.limit)
    name = " ".join(args.name)
    with _opened(args) as db:
        found = lookup_district(db, name, province=args.province, limit=args.limit)
    if not found:
        raise UserError(f"ไม่พบอำเภอที่ชื่อใกล้เคียงกับ “{name.strip()}”", field="name")
    if args.json:
        print_json([c.as_dict() for c in found])
    else:
        rows = [(c.code, c.name, c.province, f"{c.score:.1f}") for c in found]
        _print_table(["รหัส", "อำเภอ/เขต", "จังหวัด", "คะแนน"], rows)
    return 0


def run_province(args: argparse.Namespace) -> int:
    from moi_desktop.reference import lookup_province

    _check_limit(args.limit)
    name = " ".join(args.name)
    with _opened(args) as db:
        found = lookup_province(db, name, limit=args.limit)
    if not found:
        raise UserError(f"ไม่พบจังหวัดที่ชื่อใกล้เคียงกับ “{name.strip()}”", field="name")
    if args.json:
        print_json([c.as_dict() for c in found])
    else:
        rows = [(c.code, c.name, c.name_en, f"{c.score:.1f}") for c in found]
        _print_table(["รหัส", "จังหวัด", "ชื่ออังกฤษ", "คะแนน"], rows)
    return 0


def _print_table(header: list[str], rows: list[tuple]) -> None:
    # Thai combining marks take no column: pad by the count of spacing characters.
    import unicodedata

    def width(text: str) -> int:
        return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")

    table = [header, *[[str(v) for v in row] for row in rows]]
    widths = [max(width(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
