"""Deterministic demo database for one pilot district, extended by every area.

`build_demo(path, seed)` creates a fresh database, fills the office profile for a pilot district
chosen by the seed, then runs each area's `moi_desktop/demo/<area>.py` module (`populate(db, rng,
office)`) in name order. Each area gets its own `random.Random` derived from the seed and its
module name, so adding data to one area never shifts another area's content. Areas derive dates
from REFERENCE_DATE, never from today, so the same seed always gives the same content — with one
exception that moves with the calendar: the leader course under way runs from yesterday to
tomorrow (demo_today()), so a fresh demo has today's roll calls and the desk works without
backdating. The same seed on the same day gives the same content.
"""

import importlib
import os
import pkgutil
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from moi_desktop.db import Database, connect, open_database
from moi_desktop.db.clock import BANGKOK
from moi_desktop.db.rows import set_meta
from moi_desktop.demo.names import fake_person, full_name
from moi_desktop.errors import UserError
from moi_desktop.office import Office, default_office_for_district, save_office, set_office_garuda
from moi_desktop.security.users import DEMO_META_KEY

# "Today" inside the demo: during the programme's training cohorts (seed 004, August 2565).
REFERENCE_DATE = date(2022, 8, 30)



def demo_today() -> date:
    """The calendar day (Bangkok) the demo is built on: only the course under way follows it."""
    return datetime.now(BANGKOK).date()


# Pilot districts of seed 004 (names checked against districts.csv): (district code, phone area).
PILOT_DISTRICTS = (
    ("6205", "55"),  # คลองขลุง กำแพงเพชร
    ("6604", "56"),  # ตะพานหิน พิจิตร
    ("4616", "43"),  # นาคู กาฬสินธุ์
    ("3209", "44"),  # ศีขรภูมิ สุรินทร์
    ("2006", "38"),  # พนัสนิคม ชลบุรี
    ("8012", "75"),  # ปากพนัง นครศรีธรรมราช
    ("9307", "74"),  # ศรีบรรพต พัทลุง
    ("7403", "34"),  # บ้านแพ้ว สมุทรสาคร
)

# Modules in this package that are helpers, not area populators.
NOT_AREAS = {"names"}


def area_modules() -> list[str]:
    """Names of the area modules that extend the demo, in the order they run."""
    return sorted(
        m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_") and m.name not in NOT_AREAS
    )


def pilot_district_code(seed: int) -> str:
    return PILOT_DISTRICTS[(seed - 1) % len(PILOT_DISTRICTS)][0]


def _sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _remove(path: Path) -> None:
    for p in _sidecars(path):
        p.unlink(missing_ok=True)


def is_demo_database(path: Path) -> bool:
    db = connect(path)
    try:
        has_meta = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        return bool(has_meta) and bool(
            db.execute("SELECT 1 FROM meta WHERE key = ?", [DEMO_META_KEY]).fetchone()
        )
    finally:
        db.close()


def _demo_office(db: Database, rng: random.Random, seed: int, district_code: str | None = None) -> Office:
    if district_code:  # REPORTING: a province demo's districts are not all pilot districts
        code, area = district_code, "55"
    else:
        code, area = next(p for p in PILOT_DISTRICTS if p[0] == pilot_district_code(seed))
    office = default_office_for_district(db, code)
    abbr = db.execute("SELECT abbr_th FROM provinces WHERE province_code = ?", [office.province_code]).fetchone()[0]
    # District offices number their letters with the province abbreviation and the DOPA code.
    office.ref_prefix = f"{abbr} ๐๓๑๘" if abbr else "มท ๐๓๑๘.๑"
    office.phone = f"0 {area}{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
    office.chief_name = full_name(fake_person(rng))
    saved = save_office(db, office)
    # deferred: the document engine (reportlab) loads only when a demo is built; the login
    # dialog imports this package for the demo accounts and must not pull it into the start
    from moi_desktop.documents.garuda import placeholder_garuda

    # a stand-in emblem marked SAMPLE: demo letters render, and never pass for official ones
    set_office_garuda(db, placeholder_garuda(), "placeholder-garuda.png")
    return saved


def _populate(db: Database, seed: int, district_code: str | None = None) -> None:
    office = _demo_office(db, random.Random(seed), seed, district_code)  # noqa: S311 - invented, reproducible
    set_meta(db, DEMO_META_KEY, str(seed))
    for name in area_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        with db.atomic():
            module.populate(db, random.Random(f"{seed}:{name}"), office)  # noqa: S311 - as above


def build_demo(path: str | Path, seed: int = 1, *, district_code: str | None = None) -> Path:
    """Build a fresh demo database at `path` and return the path.

    An existing demo database there is replaced; any other existing file is refused (UserError),
    so a real installation's data can never be overwritten by accident.
    """
    path = Path(path)
    with building_database(path) as db:
        _populate(db, seed, district_code)
    return path


@contextmanager
def building_database(path: Path) -> Iterator[Database]:
    """A demo database built beside `path` and swapped in when the block ends without an error: a
    failed build leaves nothing half-made, and a file that is not a demo database is never
    overwritten (UserError)."""
    if path.exists() and path.stat().st_size > 0 and not is_demo_database(path):
        raise UserError(f"มีไฟล์ {path.name} อยู่แล้วและไม่ใช่ฐานข้อมูลตัวอย่าง จะไม่เขียนทับ")
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    _remove(building)
    db = open_database(building)
    try:
        # A throw-away file until the swap below: durability per commit buys nothing here.
        db.execute("PRAGMA synchronous=OFF")
        yield db
    except BaseException:
        db.close()
        _remove(building)
        raise
    db.close()
    _remove(path)
    os.replace(building, path)
