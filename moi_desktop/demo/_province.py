"""The province demo: a newcomer sees the whole reporting cycle in one command.

    build_province_demo(Path("prov.sqlite3"), "62", districts=3)

Builds N district demo databases of one province beside the province's file (each with its own
seed, so their data differ: "prov-district-6201.sqlite3" …), has each submit the latest period of
the disbursement report that is past its due date — the first on time, the second a day late, the
last not at all (with three or more districts) — into a folder beside the file ("prov-usb/"), and
imports the submissions at the province, whose board then shows ส่งแล้ว / ส่งช้า / ยังไม่ส่ง.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from moi_desktop.db import Database, open_database
from moi_desktop.db.clock import BANGKOK
from moi_desktop.db.rows import set_meta
from moi_desktop.demo import build_demo, building_database
from moi_desktop.demo.names import fake_person, full_name
from moi_desktop.documents.garuda import placeholder_garuda
from moi_desktop.errors import UserError
from moi_desktop.office import Office, save_office, set_office_garuda
from moi_desktop.progress import Progress, no_progress
from moi_desktop.security.users import DEMO_META_KEY

DEMO_BUNDLE_PASSWORD = "ชุดข้อมูลตัวอย่าง-2569"  # noqa: S105 - published: the demo's bundles hold invented people
OBLIGATION = "disbursement"


@dataclass
class ProvinceDemo:
    province_db: Path
    period: str
    district_dbs: dict[str, Path] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # district code → on_time / late / missing
    folders: dict[str, Path] = field(default_factory=dict)


def _today() -> date:
    return datetime.now(BANGKOK).date()


def _province_office(db: Database, code: str, seed: int) -> Office:
    import random

    row = db.execute("SELECT name_th, abbr_th FROM provinces WHERE province_code = ?", [code]).fetchone()
    if row is None:
        raise UserError(f"ไม่พบรหัสจังหวัด {code}", field="--province")
    name, abbr = row
    office = Office(level="province", province_code=code, district_code=None,
                    org_name=f"ที่ทำการปกครองจังหวัด{name}", ref_prefix=f"{abbr or 'มท'} ๐๐๑๘",
                    chief_name=full_name(fake_person(random.Random(f"{seed}:province"))),  # noqa: S311
                    chief_position=f"ผู้ว่าราชการจังหวัด{name}")
    saved = save_office(db, office)
    set_office_garuda(db, placeholder_garuda(), "placeholder-garuda.png")
    return saved


def _period(today: date) -> tuple[str, date]:
    """The latest disbursement period whose due date is at least two days past: one district can
    build it a day late and still before today."""
    # deferred: the reporting area (reports, exchange) loads only when a province demo is built
    from moi_desktop.reporting.periods import Rule, due_date, period_of, previous_period

    rule = Rule("monthly", 3)
    period: str | None = period_of(rule, today)
    while period is not None and due_date(rule, period) + timedelta(days=1) >= today:
        period = previous_period(rule, period)
    if period is None:  # cannot happen for a monthly rule
        raise RuntimeError("no period")
    return period, due_date(rule, period)


def _districts(db: Database, province_code: str, n: int) -> list[str]:
    codes = [r[0] for r in db.execute("SELECT district_code FROM districts WHERE province_code = ? "
                                      "ORDER BY district_code", [province_code])]
    if not 1 <= n <= len(codes):
        raise UserError(f"จังหวัดนี้มี {len(codes)} อำเภอ เลือกจำนวนอำเภอได้ ๑–{len(codes)}", field="--districts")
    return codes[:n]


def build_province_demo(path: str | Path, province_code: str, *, districts: int = 3, seed: int = 1,
                        progress: Progress | None = None) -> ProvinceDemo:
    # deferred: the reporting area (reports, exchange) loads only when a province demo is built
    from moi_desktop.reporting.province import import_submission, set_expected_districts
    from moi_desktop.reporting.submission import build_submission, building_at

    say = progress or no_progress
    path = Path(path)
    with building_database(path) as prov:
        set_meta(prov, DEMO_META_KEY, str(seed))
        _province_office(prov, province_code, seed)
        codes = _districts(prov, province_code, districts)
        set_expected_districts(prov, codes)
        period, due = _period(_today())
        result = ProvinceDemo(path, period)
        usb = path.with_name(f"{path.stem}-usb")
        usb.mkdir(exist_ok=True)
        total = 2 * len(codes)
        for i, code in enumerate(codes):
            state = "missing" if len(codes) >= 3 and i == len(codes) - 1 else "late" if i == 1 else "on_time"
            result.states[code] = state
            say(2 * i, total, f"กำลังสร้างฐานข้อมูลตัวอย่างของอำเภอรหัส {code}")
            db_path = path.with_name(f"{path.stem}-district-{code}{path.suffix or '.sqlite3'}")
            build_demo(db_path, seed=seed + i, district_code=code)
            result.district_dbs[code] = db_path
            if state == "missing":
                continue
            say(2 * i + 1, total, f"อำเภอรหัส {code} กำลังจัดทำรายงานงวด {period}")
            day = due - timedelta(days=1) if state == "on_time" else due + timedelta(days=1)
            moment = datetime.combine(day, time(10, 0), tzinfo=BANGKOK).astimezone(UTC)
            district = open_database(db_path)
            try:
                with building_at(moment):
                    built = build_submission(district, OBLIGATION, period, usb, password=DEMO_BUNDLE_PASSWORD)
            finally:
                district.close()
            result.folders[code] = built.folder
            import_submission(prov, built.folder, password=DEMO_BUNDLE_PASSWORD)
    say(total, total, "เสร็จแล้ว")
    return result
