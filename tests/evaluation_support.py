"""A selection round for tests: 6 districts in 2 province groups scored by 3 committee members,
with the ranking computed by hand (see test_evaluation.py for the arithmetic)."""

from moi_desktop.evaluation import (
    add_candidate,
    add_committee_member,
    create_round,
    install_seed_rubrics,
    record_scores,
    seed_rubric_id,
)

NORTH1 = "กลุ่มจังหวัดภาคเหนือตอนบน ๑"
NORTH2 = "กลุ่มจังหวัดภาคเหนือตอนบน ๒"
# district -> (group, scores of members 1, 2, 3 on criteria ๑ (70), ๒ (20), ๓ (10))
SCORES = {
    "5001": (NORTH1, [(60, 15, 8), (62, 16, 7), (58, 17, 9)]),        # totals 83 85 84 → 84; c1 60
    "5002": (NORTH1, [(65, 12, 7), (61, 15, 8), (62, 14, 8)]),        # totals 84 84 84 → 84; c1 62.67
    "5003": (NORTH1, [(50, 10, 5), (55, 12, 6), (52, 11, 7)]),        # 65 73 70 → 69.33
    "5601": (NORTH2, [(60, 18, 9), (60, 18, 9), (60, 18, 9)]),        # 87 87 87 → 87; 60 / 18 / 9
    "5602": (NORTH2, [(59, 19, 9), (61, 17, 9), (60, 18, 9)]),        # 87 87 87 → 87; 60 / 18 / 9 (full tie)
    "5603": (NORTH2, [(66, 18, 9.5), (64, 17, 9), (65, 19, 8)]),      # 93.5 90 92 → 91.83
}
MEMBERS = (("นายประธาน ตัวอย่าง", "ประธาน"), ("นางกรรมการ หนึ่ง", "กรรมการ"), ("นายกรรมการ สอง", "กรรมการและเลขานุการ"))


def scored_round(db) -> tuple[str, dict[str, str], list[str]]:
    """(round id, {district code: candidate id}, [member ids])."""
    install_seed_rubrics(db)
    rid = create_round(db, seed_rubric_id("group18"), "คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด (ทดสอบ)",
                       held_on="2022-07-20")
    members = [add_committee_member(db, rid, name, role=role) for name, role in MEMBERS]
    cands = {}
    for code, (group, per_member) in SCORES.items():
        cands[code] = add_candidate(db, rid, code, group_name=group)
        for member, (c1, c2, c3) in zip(members, per_member, strict=True):
            record_scores(db, cands[code], member, {"1": c1, "2": c2, "3": c3})
    return rid, cands, members
