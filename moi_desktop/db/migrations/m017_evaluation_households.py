"""Selection scoring and household depth.

Selection scoring — the committees of seed 004 choosing pilot districts:
- eval_rubrics / eval_criteria: a rubric and its criteria (a criterion may have sub-criteria:
  parent_id; points on the criterion scored, NULL on a sub-criterion that only says what is
  considered). The two seed-004 rubrics are written as data by evaluation/rubrics.py.
- eval_rounds: one selection (a rubric applied to a set of districts), with its committee
  (eval_committee) and candidates (eval_candidates: district, province group, the chair's draw).
- eval_scores: one committee member's score for one candidate on one criterion (natural key).

Household depth: household_members (personal data: name, birth date or age, national ID,
relation, allowance status), and on households the yearly income and the location.
Referrals: a case sent to an agency with a numbered letter (the letter and
its number live in correspondence's letters / outgoing_letters), the agency's reply and outcome.
All are sync-ready user data.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    create_sync_table(
        db,
        "eval_rubrics",
        {
            "code": str,  # short code: "district76", "group18", or the office's own
            "title": str,
            "source": str,  # where the criteria come from (the seed document), as text
            "notes": str,
        },
        not_null={"code", "title"},
    )
    db.table("eval_rubrics").create_index(["code"])

    create_sync_table(
        db,
        "eval_criteria",
        {
            "rubric_id": str,
            "parent_id": str,  # NULL: a main criterion (๑, ๒, ๓); else its sub-criterion (๑.๑ …)
            "number": str,  # "1", "1.1" (Arabic digits; documents show Thai digits)
            "text": str,  # verbatim
            "points": float,  # full points; NULL on a sub-criterion without its own points
            "position": int,
        },
        not_null={"rubric_id", "number", "text", "position"},
        foreign_keys=[("rubric_id", "eval_rubrics", "id"), ("parent_id", "eval_criteria", "id")],
    )
    db.table("eval_criteria").create_index(["rubric_id", "position"])

    create_sync_table(
        db,
        "eval_rounds",
        {
            "rubric_id": str,
            "title": str,
            "held_on": str,  # ISO date of the committee's meeting
            "seats": int,  # districts chosen per group (1: one per province group)
            "notes": str,
        },
        not_null={"rubric_id", "title", "seats"},
        defaults={"seats": 1},
        foreign_keys=[("rubric_id", "eval_rubrics", "id")],
    )

    create_sync_table(
        db,
        "eval_committee",
        {
            "round_id": str,
            "name": str,
            "position": str,  # ตำแหน่ง
            "role": str,  # ประธาน / กรรมการ / กรรมการและเลขานุการ
            "seq": int,
        },
        not_null={"round_id", "name", "seq"},
        foreign_keys=[("round_id", "eval_rounds", "id")],
    )
    db.table("eval_committee").create_index(["round_id", "seq"])

    create_sync_table(
        db,
        "eval_candidates",
        {
            "round_id": str,
            "district_code": str,
            "group_name": str,  # กลุ่มจังหวัด (or the province, when one district per province)
            "draw_order": int,  # the chair's recorded draw among districts still tied (1 first)
            "draw_note": str,
        },
        not_null={"round_id", "district_code", "group_name"},
        foreign_keys=[("round_id", "eval_rounds", "id"), ("district_code", "districts", "district_code")],
    )
    db.table("eval_candidates").create_index(["round_id", "group_name"])

    db.table("eval_scores").create(
        {
            "candidate_id": str,
            "member_id": str,
            "criterion_id": str,
            "score": float,
            "note": str,
            "created_at": str,
            "updated_at": str,
            "origin": str,
            "deleted_at": str,
        },
        pk=("candidate_id", "member_id", "criterion_id"),
        not_null={"score", "created_at", "updated_at", "origin"},
        foreign_keys=[
            ("candidate_id", "eval_candidates", "id"),
            ("member_id", "eval_committee", "id"),
            ("criterion_id", "eval_criteria", "id"),
        ],
    )
    db.table("eval_scores").create_index(["updated_at"], index_name="idx_eval_scores_updated_at")

    households = db.table("households")
    households.add_column("income_year", float)  # the household's income per year, baht (NULL: unknown)
    households.add_column("latitude", float)
    households.add_column("longitude", float)

    create_sync_table(
        db,
        "household_members",
        {
            "household_id": str,
            "full_name": str,
            "birth_date": str,  # ISO date when known
            "age_years": int,  # age as told when the birth date is not known
            "national_id": str,  # 13 digits; masked wherever it leaves the program
            "relation": str,  # head / spouse / child / parent / relative / other
            "allowance_elderly": int,  # receives เบี้ยยังชีพผู้สูงอายุ
            "allowance_disability": int,  # receives เบี้ยความพิการ
            "allowance_child": int,  # receives เงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด
            "disabled": int,  # has a disability (whether or not the allowance is paid)
            "income_year": float,  # this person's income per year, baht (NULL: unknown)
            "notes": str,
            "erased_at": str,  # PDPA erasure: personal fields cleared at this time
        },
        not_null={"household_id", "full_name", "allowance_elderly", "allowance_disability", "allowance_child",
                  "disabled"},
        defaults={"allowance_elderly": 0, "allowance_disability": 0, "allowance_child": 0, "disabled": 0},
        foreign_keys=[("household_id", "households", "id")],
    )
    db.table("household_members").create_index(["household_id"])

    create_sync_table(
        db,
        "referrals",
        {
            "case_id": str,
            "agency": str,  # the agency referred to, as written on the letter
            "letter_id": str,  # correspondence letters.id (no foreign key: that area's own table)
            "outgoing_id": str,  # its number in the outgoing register
            "referred_on": str,  # ISO date the letter went out
            "reply_within_days": int,  # the reply the letter asks for, in days
            "reply_on": str,  # ISO date the agency's reply arrived (NULL: none yet)
            "reply_ref": str,  # the agency's own letter number
            "reply_text": str,
            "outcome": str,  # helped / in_progress / declined / not_responsible / other
        },
        not_null={"case_id", "agency", "referred_on", "reply_within_days"},
        defaults={"reply_within_days": 15},
        foreign_keys=[("case_id", "cases", "id")],
    )
    db.table("referrals").create_index(["case_id"])
    db.table("referrals").create_index(["reply_on", "referred_on"])
