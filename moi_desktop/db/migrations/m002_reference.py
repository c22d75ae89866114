"""Reference data: geography, SDGs, partner sectors, project categories and household indicators.

Geography, SDGs, sectors and project categories are static lookup tables keyed by their natural
codes (the same in every installation, never exchanged). Indicator categories and indicators are
editable user data (seed 004 prints only 27 of the 37 Thai QM indicators), so they are sync-ready;
their seeded rows get deterministic ids so that two offices seeded separately merge instead of
duplicating.
"""

import csv
import functools
import uuid
from collections.abc import Iterable, Sequence

from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import create_sync_table, installation_id
from moi_desktop.db.types import Database
from moi_desktop.paths import resource_path

# uuid5 namespace for rows this migration seeds into sync-ready tables.
SEED_NAMESPACE = uuid.UUID("6f1c2f5e-2b0a-4d57-9a53-6d6f692d7265")

# The seven partner sectors (ภาคีเครือข่าย ๗ ภาค) plus "other"; order as officials list them.
SECTORS = [
    ("government", "ภาคราชการ (ภาครัฐ)"),
    ("academic", "ภาควิชาการ"),
    ("religious", "ภาคศาสนา"),
    ("people", "ภาคประชาชน"),
    ("private", "ภาคเอกชน"),
    ("civil_society", "ภาคประชาสังคม"),
    ("media", "ภาคสื่อมวลชน"),
    ("other", "อื่น ๆ"),
]

# Seed 004 §4.1.1: the five kinds of the 76 pilot districts' projects. Printed names, except that
# the OCR's doubled letter in "คความยากจน" is corrected.
PROJECT_CATEGORIES = [
    (1, "ด้านส่งเสริมคุณภาพชีวิต สร้างงานสร้างอาชีพ", "คุณภาพชีวิต/อาชีพ"),
    (2, "ด้านแก้ไขปัญหาความยากจน", "แก้จน"),
    (3, "ด้านบริหารจัดการน้ำอย่างยั่งยืน", "บริหารจัดการน้ำ"),
    (4, "ด้านท่องเที่ยวชุมชน กระตุ้นเศรษฐกิจฐานราก", "ท่องเที่ยวชุมชน"),
    (5, "ด้านอื่น ๆ เช่น การจัดการขยะ ภัยพิบัติ", "อื่น ๆ"),
]

REGION_SCHEMES = (("region6", "region6_th", "region6_en"), ("region4", "region4_th", "region4_en"))


@functools.cache
def _read(name: str) -> tuple[list[str], tuple[tuple[str, ...], ...]]:
    # Cached: the files are static and a process (the test suite) may create many databases.
    with resource_path("reference", name).open(encoding="utf-8", newline="") as f:
        rows = [tuple(row) for row in csv.reader(f)]
    return list(rows[0]), tuple(rows[1:])


def _insert(db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    # Positional rows straight into executemany: DictReader + sqlite-utils' insert_all cost ~4x.
    placeholders = ", ".join("?" * len(columns))
    names = ", ".join(f"[{c}]" for c in columns)
    # Table and column names are this module's constants; the values are bound parameters.
    db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def _geography(db: Database) -> None:
    columns, provinces = _read("provinces.csv")
    db.table("provinces").create(
        {
            "province_code": str,
            "name_th": str,
            "name_en": str,
            "abbr_th": str,
            "abbr_en": str,
            "region6_th": str,
            "region6_en": str,
            "region4_th": str,
            "region4_en": str,
            "n_districts": int,
            "n_subdistricts": int,
        },
        pk="province_code",
        not_null={"name_th"},
    )
    _insert(db, "provinces", columns, provinces)  # INTEGER affinity converts the two counts

    db.table("districts").create(
        {"district_code": str, "province_code": str, "name_th": str, "name_en": str, "kind": str, "postal_code": str},
        pk="district_code",
        not_null={"province_code", "name_th"},
        foreign_keys=[("province_code", "provinces", "province_code")],
    )
    _insert(db, "districts", *_read("districts.csv"))
    db.table("districts").create_index(["province_code"])

    db.table("subdistricts").create(
        {
            "subdistrict_code": str,
            "district_code": str,
            "province_code": str,
            "name_th": str,
            "name_en": str,
            "kind": str,
            "postal_code": str,
        },
        pk="subdistrict_code",
        not_null={"district_code", "province_code", "name_th"},
        # province_code is denormalised from the district (tests check they agree); one foreign
        # key per row keeps this 7,436-row load cheap.
        foreign_keys=[("district_code", "districts", "district_code")],
    )
    _insert(db, "subdistricts", *_read("subdistricts.csv"))
    db.table("subdistricts").create_index(["district_code"])

    # Both regional schemes in use (6 regions of the Royal Institute, 4 of everyday usage).
    db.table("regions").create(
        {"scheme": str, "code": str, "name_th": str, "name_en": str, "sort": int}, pk=("scheme", "code")
    )
    at = {c: i for i, c in enumerate(columns)}
    regions: list[tuple] = []
    for scheme, th, en in REGION_SCHEMES:
        seen: dict[str, tuple[str, str]] = {}
        for p in provinces:
            seen.setdefault(p[at[en]].lower().replace(" ", "_"), (p[at[th]], p[at[en]]))
        for sort, code in enumerate(sorted(seen), start=1):
            regions.append((scheme, code, *seen[code], sort))
    _insert(db, "regions", ["scheme", "code", "name_th", "name_en", "sort"], regions)


def _static_lists(db: Database) -> None:
    db.table("sdgs").create({"goal": int, "short_en": str, "title_th": str}, pk="goal", not_null={"title_th"})
    columns, rows = _read("sdgs_th.csv")
    keep = [columns.index(c) for c in ("goal", "short_en", "title_th")]  # drop the verification note
    _insert(db, "sdgs", ["goal", "short_en", "title_th"], [[int(r[keep[0]]), r[keep[1]], r[keep[2]]] for r in rows])
    db.table("sectors").create({"code": str, "name_th": str, "sort": int}, pk="code", not_null={"name_th"})
    _insert(db, "sectors", ["code", "name_th", "sort"], [(c, n, i) for i, (c, n) in enumerate(SECTORS, start=1)])
    db.table("project_categories").create(
        {"code": int, "name_th": str, "short_th": str}, pk="code", not_null={"name_th"}
    )
    _insert(db, "project_categories", ["code", "name_th", "short_th"], PROJECT_CATEGORIES)


def seed_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(SEED_NAMESPACE, f"{kind}:{key}"))


def _indicators(db: Database) -> None:
    create_sync_table(db, "indicator_categories", {"name_th": str, "sort": int}, not_null={"name_th"})
    create_sync_table(
        db,
        "indicators",
        {"number": int, "category_id": str, "text": str, "source": str},
        not_null={"category_id", "text"},
        foreign_keys=[("category_id", "indicator_categories", "id")],
    )
    db.table("indicators").create_index(["category_id"])
    db.table("indicators").create_index(["number"])

    # Stamped exactly as insert_row would, but without change listeners: tables they write to
    # (e.g. the audit trail) are created by later migrations.
    now = now_iso()
    stamp = [now, now, installation_id(db), None]
    stamp_columns = ["created_at", "updated_at", "origin", "deleted_at"]
    columns, rows = _read("indicators_seed004.csv")
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    categories: dict[str, str] = {}
    for r in records:
        categories.setdefault(r["category"], seed_id("indicator_category", r["category"]))
    _insert(
        db,
        "indicator_categories",
        ["id", *stamp_columns, "name_th", "sort"],
        [(cid, *stamp, name, i) for i, (name, cid) in enumerate(categories.items(), start=1)],
    )
    _insert(
        db,
        "indicators",
        ["id", *stamp_columns, "number", "category_id", "text", "source"],
        [
            (seed_id("indicator", r["number"]), *stamp, int(r["number"]), categories[r["category"]], r["text"],
             r["source"])
            for r in records
        ],
    )


def up(db: Database) -> None:
    _geography(db)
    _static_lists(db)
    _indicators(db)
