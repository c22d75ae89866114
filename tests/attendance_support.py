"""Shared set-up for the attendance tests: a training with sessions and enrolled people."""

from datetime import date, datetime, time, timedelta

from moi_desktop.db.clock import BANGKOK

START = date(2022, 8, 16)  # a Tuesday; the 19th is a Friday


def bkk(day: date | str, hhmm: str, minutes: float = 0) -> datetime:
    """A timezone-aware moment at local (Bangkok) wall-clock time."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(d, time(h, m), BANGKOK) + timedelta(minutes=minutes)


def valid_national_id(prefix12: str) -> str:
    total = sum(int(c) * (13 - i) for i, c in enumerate(prefix12))
    return prefix12 + str((11 - total % 11) % 10)


def add_people(db, n: int, *, prefix: str = "ผู้อบรม", with_ids: bool = False, sector: str = "government") -> list[str]:
    """n members inserted in bulk (fast); ids returned in order."""
    from moi_desktop.imports.bulk import insert_rows
    from moi_desktop.members.keys import member_sort_key, name_key

    rows = []
    for i in range(n):
        first, last = f"{prefix}{i:05d}", f"สกุล{i % 97}"
        rows.append({
            "title": "นาย", "first_name": first, "last_name": last, "sector": sector, "active": 1,
            "national_id": valid_national_id(f"3{i:011d}") if with_ids else None,
            "name_key": name_key(first, last), "name_sort": member_sort_key(first, last),
        })
    with db.atomic():
        return insert_rows(db, "members", rows)


def make_training(db, *, days: int = 4, province: str = "13", **extra) -> str:
    from moi_desktop.trainings import create_training

    data = {"name": "หลักสูตรทดสอบการลงเวลา", "kind": "dcast", "cohort": 1, "start_date": START,
            "end_date": START + timedelta(days=days - 1), "venue_province_code": province,
            "signatories": [["นายทดสอบ ลงนาม", "นายอำเภอทดสอบ"]]}
    data.update(extra)
    return create_training(db, data)


def setup_course(db, n_people: int = 20, *, with_ids: bool = False) -> tuple[str, list[dict], list[str]]:
    """(training id, sessions, enrolled member ids): 4 days × 3 roll calls."""
    from moi_desktop.trainings import enrol_members, generate_sessions, sessions

    training_id = make_training(db)
    generate_sessions(db, training_id)
    people = add_people(db, n_people, with_ids=with_ids)
    enrol_members(db, training_id, people)
    return training_id, sessions(db, training_id), people
