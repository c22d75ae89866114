"""Demo household depth: members for most demo households (invented names, ages, some
on the elderly / disability / child allowances, a few entitled but not receiving) and yearly
incomes around the 38,000-baht benchmark."""

import random
from datetime import date, timedelta

from moi_desktop.cases.household_members import add_member
from moi_desktop.cases.households import update_household
from moi_desktop.db import Database
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.demo.names import fake_person, full_name
from moi_desktop.office import Office

SHARE = 0.6  # households given members


def _national_id(rng: random.Random) -> str:
    first12 = str(rng.choice((1, 3))) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def _born(rng: random.Random, age: int) -> str:
    return (REFERENCE_DATE - timedelta(days=age * 365 + rng.randint(0, 364))).isoformat()


def populate(db: Database, rng: random.Random, office: Office) -> None:
    households = [dict(r) for r in db.query(
        "SELECT id, head_name FROM households WHERE deleted_at IS NULL ORDER BY id")]
    for h in households:
        if rng.random() > SHARE:
            continue
        size = rng.choice((1, 2, 3, 3, 4, 4, 5))
        update_household(db, h["id"], {"members_count": size,
                                       "income_year": rng.choice((18_000, 30_000, 45_000, 60_000, 90_000, 150_000))})
        head_age = rng.randint(28, 82)
        members = [{"full_name": h["head_name"], "relation": "head", "birth_date": _born(rng, head_age)}]
        for _ in range(size - 1):
            kind = rng.choice(("spouse", "child", "child", "parent", "grandchild"))
            age = {"spouse": head_age + rng.randint(-5, 5), "child": rng.randint(1, 25),
                   "grandchild": rng.randint(0, 8), "parent": head_age + rng.randint(18, 30)}[kind]
            members.append({"full_name": full_name(fake_person(rng)), "relation": kind,
                             "birth_date": _born(rng, max(0, min(age, 100)))})
        for m in members:
            age = (REFERENCE_DATE - date.fromisoformat(m["birth_date"])).days // 365
            m["national_id"] = _national_id(rng)
            m["allowance_elderly"] = age >= 60 and rng.random() < 0.85  # some entitled, not yet receiving
            m["disabled"] = rng.random() < 0.05
            m["allowance_disability"] = m["disabled"] and rng.random() < 0.7
            m["allowance_child"] = age < 6 and rng.random() < 0.6
            add_member(db, h["id"], m, today=REFERENCE_DATE)
