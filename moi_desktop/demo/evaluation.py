"""Demo selection round: seed 004's group-level rubric (70 / 20 / 10) applied to the
districts of the demo's province, scored by a committee of three (invented names), one seat."""

import random

from moi_desktop.db import Database
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.demo.names import fake_person, full_name
from moi_desktop.evaluation import (
    add_candidate,
    add_committee_member,
    create_round,
    install_seed_rubrics,
    record_scores,
    seed_rubric_id,
)
from moi_desktop.office import Office

CANDIDATES = 6


def populate(db: Database, rng: random.Random, office: Office) -> None:
    install_seed_rubrics(db)
    districts = [r[0] for r in db.execute(
        "SELECT district_code FROM districts WHERE province_code = ? ORDER BY district_code", [office.province_code])]
    if not districts:
        return
    rid = create_round(db, seed_rubric_id("group18"), "คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด (ตัวอย่าง)",
                       held_on=REFERENCE_DATE.replace(day=1))
    members = [add_committee_member(db, rid, full_name(fake_person(rng)), role=role)
               for role in ("ประธาน", "กรรมการ", "กรรมการและเลขานุการ")]
    for code in districts[:CANDIDATES]:
        candidate = add_candidate(db, rid, code)
        base = rng.uniform(0.55, 0.9)
        for member in members:
            record_scores(db, candidate, member, {
                "1": round(70 * min(1.0, base + rng.uniform(-0.05, 0.05))),
                "2": round(20 * min(1.0, base + rng.uniform(-0.1, 0.1))),
                "3": round(10 * min(1.0, base + rng.uniform(-0.1, 0.1)))})
