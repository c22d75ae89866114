"""Selection scoring: the committees of seed 004 scoring districts against a
rubric, ranking them within each province group and printing the score sheet and the result.

    install_seed_rubrics(db)                       # the two "หลักเกณฑ์ / คะแนน" tables of seed 004
    rid = create_round(db, seed_rubric_id("group18"), "คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด")
    ...add_committee_member / add_candidate / record_scores / record_draw...
    results = compute_results(db, rid)
"""

from moi_desktop.evaluation.rubrics import (
    DISTRICT76,
    GROUP18,
    SEED_RUBRICS,
    Criterion,
    CriterionDef,
    Rubric,
    RubricDef,
    add_rubric,
    get_rubric,
    install_seed_rubrics,
    list_rubrics,
    rubric_from_mapping,
    seed_rubric_id,
)
from moi_desktop.evaluation.scoring import Result, RoundResults, compute_results, fmt_score
from moi_desktop.evaluation.store import (
    add_candidate,
    add_committee_member,
    candidates,
    committee,
    create_round,
    district_choices,
    find_candidate,
    find_member,
    get_candidate,
    get_round,
    list_rounds,
    record_draw,
    record_scores,
    remove_candidate,
    round_rubric,
    scores_of,
)

__all__ = [
    "DISTRICT76",
    "GROUP18",
    "SEED_RUBRICS",
    "Criterion",
    "CriterionDef",
    "Result",
    "RoundResults",
    "Rubric",
    "RubricDef",
    "add_candidate",
    "add_committee_member",
    "add_rubric",
    "candidates",
    "committee",
    "compute_results",
    "create_round",
    "district_choices",
    "find_candidate",
    "find_member",
    "fmt_score",
    "get_candidate",
    "get_round",
    "get_rubric",
    "install_seed_rubrics",
    "list_rounds",
    "list_rubrics",
    "record_draw",
    "record_scores",
    "remove_candidate",
    "round_rubric",
    "rubric_from_mapping",
    "scores_of",
    "seed_rubric_id",
]
