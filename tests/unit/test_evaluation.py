"""Selection scoring: seed 004's rubrics verbatim, scores, averages, ranking."""

import re
from fractions import Fraction
from pathlib import Path

import pytest

from moi_desktop.errors import UserError
from moi_desktop.evaluation import (
    DISTRICT76,
    GROUP18,
    add_rubric,
    compute_results,
    get_rubric,
    install_seed_rubrics,
    record_draw,
    record_scores,
    seed_rubric_id,
)
from moi_desktop.thai import to_thai_digits
from tests.accounts_support import CLERK, VIEWER, login
from tests.evaluation_support import NORTH1, NORTH2, scored_round

# The seeds sit beside the project (../shared/seeds), not inside it.
_SEEDS = [Path(__file__).resolve().parents[3] / "shared" / "seeds", Path("/work/shared/seeds")]
SEED_004 = next((f for d in _SEEDS if d.is_dir() for f in sorted(d.glob("004_*.txt"))), None)


def _seed_text() -> str:
    if SEED_004 is None or not SEED_004.exists():
        pytest.skip("seed 004 is not on this machine")
    return SEED_004.read_text(encoding="utf-8")


def test_the_76_district_criteria_are_seed_004_verbatim():
    text = _seed_text()
    lines = text.splitlines()
    start = lines.index("หลักเกณฑ์\tคะแนน")
    rows = lines[start + 1:start + 4]
    seeded = [(c.number, c.text, c.points) for c in DISTRICT76.criteria]
    parsed = []
    for row in rows[:2]:
        left, right = row.split("\t")
        number, criterion = left.split(". ", 1)
        parsed.append((number, criterion, right))
    assert [(to_thai_digits(n), t, f"{to_thai_digits(int(p))} คะแนน") for n, t, p in seeded] == parsed
    assert rows[2] == f"รวม\t{to_thai_digits(int(DISTRICT76.total))} คะแนน"  # ๑๐๐


def test_the_18_district_criteria_and_sub_criteria_are_seed_004_verbatim():
    text = _seed_text()
    rows = [line for line in text.splitlines() if re.match(r"^[๑๒๓]\t<p>", line)]
    assert len(rows) == 3
    for row, criterion in zip(rows, GROUP18.criteria, strict=True):
        number, cell, points = row.split("\t")
        paragraphs = re.findall(r"<p>(.*?)</p>", cell)
        assert number == to_thai_digits(criterion.number)
        assert points == to_thai_digits(int(criterion.points or 0))
        assert paragraphs[0] == criterion.text
        assert paragraphs[1:] == [f"{to_thai_digits(s.number)} {s.text}" for s in criterion.subs]
    assert [s.number for c in GROUP18.criteria for s in c.subs] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2"]
    assert GROUP18.total == 100


def test_seed_rubrics_are_written_once_with_their_structure(db):
    first = install_seed_rubrics(db)
    assert install_seed_rubrics(db) == first  # fixed ids: no second copy
    rubric = get_rubric(db, seed_rubric_id("group18"))
    assert [c.points for c in rubric.criteria] == [70, 20, 10]
    assert [len(c.subs) for c in rubric.criteria] == [7, 2, 0]
    assert [i.number for i in rubric.scored_items()] == ["1", "2", "3"]  # sub-criteria carry no points
    assert rubric.total == 100
    assert get_rubric(db, "district76").total == 100  # found by code too


def test_six_districts_three_members_reproduce_the_hand_ranking_with_ties(db):
    rid, cands, _members = scored_round(db)
    results = compute_results(db, rid)
    by_code = {r.district_code: r for r in results.results}
    # Averages of the members' totals, by hand.
    assert by_code["5001"].average == 84
    assert by_code["5002"].average == 84
    assert by_code["5003"].average == Fraction(208, 3)  # (65 + 73 + 70) / 3
    assert by_code["5603"].average == Fraction(551, 6)  # (93.5 + 90 + 92) / 3
    assert by_code["5002"].criterion_averages == [Fraction(188, 3), Fraction(41, 3), Fraction(23, 3)]
    # Group 1: 5001 and 5002 tie on 84; 5002 wins on criterion ๑ (62.67 against 60).
    group1 = [r.district_code for r in results.results if r.group_name == NORTH1]
    assert group1 == ["5002", "5001", "5003"]
    assert [by_code[c].rank for c in group1] == [1, 2, 3]
    assert "หลักเกณฑ์ข้อ ๑" in by_code["5001"].tie_note
    # Group 2: 5601 and 5602 tie on every criterion: they share rank 2 until the chair draws.
    assert [by_code[c].rank for c in ("5603", "5601", "5602")] == [1, 2, 2]
    assert by_code["5601"].needs_draw and by_code["5602"].needs_draw and not by_code["5603"].needs_draw
    assert "จับสลาก" in by_code["5602"].tie_note
    assert [r.district_code for r in results.selected] == ["5002", "5603"]  # one seat per group

    record_draw(db, cands["5602"], 1, note="ประธานจับสลาก")
    record_draw(db, cands["5601"], 2)
    results = compute_results(db, rid)
    group2 = [(r.district_code, r.rank, r.needs_draw) for r in results.results if r.group_name == NORTH2]
    assert group2 == [("5603", 1, False), ("5602", 2, False), ("5601", 3, False)]
    assert "ตัดสินด้วยการจับสลาก" in next(r for r in results.results if r.district_code == "5601").tie_note


def test_a_tie_broken_on_criterion_2(db):
    rid, cands, members = scored_round(db)
    # 5001 re-scored so that it equals 5002 on total and criterion ๑ but beats it on ๒.
    for member, (c1, c2, c3) in zip(members, [(65, 13, 6), (61, 16, 7), (62, 15, 7)], strict=True):
        record_scores(db, cands["5001"], member, {"1": c1, "2": c2, "3": c3})
    results = compute_results(db, rid)
    group1 = [(r.district_code, r.rank) for r in results.results if r.group_name == NORTH1]
    assert group1 == [("5001", 1), ("5002", 2), ("5003", 3)]
    assert "หลักเกณฑ์ข้อ ๒" in results.results[1].tie_note


def test_an_incomplete_district_is_flagged_and_not_selected(db):
    from moi_desktop.evaluation import add_candidate

    rid, _cands, members = scored_round(db)
    late = add_candidate(db, rid, "5004", group_name=NORTH1)
    record_scores(db, late, members[0], {"1": 70, "2": 20, "3": 10})  # only one member so far
    r = next(r for r in compute_results(db, rid).results if r.district_code == "5004")
    assert not r.complete and not r.selected
    assert r.rank == 4  # after every fully scored district


def test_scores_are_checked_in_thai(db):
    rid, cands, members = scored_round(db)
    with pytest.raises(UserError, match="เกินคะแนนเต็ม ๒๐ คะแนน"):
        record_scores(db, cands["5001"], members[0], {"2": 21})
    with pytest.raises(UserError, match="ต้องไม่ติดลบ"):
        record_scores(db, cands["5001"], members[0], {"3": -1})
    with pytest.raises(UserError, match="ต้องเป็นตัวเลข"):
        record_scores(db, cands["5001"], members[0], {"1": "หกสิบ"})
    with pytest.raises(UserError, match="ไม่พบหลักเกณฑ์ข้อ 1.1"):
        record_scores(db, cands["5001"], members[0], {"1.1": 5})  # the seed's sub-criteria have no points
    # Thai digits are accepted; nothing was written by the refused calls.
    record_scores(db, cands["5001"], members[0], {"๑": "๖๐", "๒": "๑๕", "๓": "๘"})
    assert compute_results(db, rid).results[1].average == 84


def test_an_office_rubric_with_pointed_sub_criteria(db):
    rid = add_rubric(db, {"code": "own", "title": "หลักเกณฑ์ของจังหวัด", "criteria": [
        {"text": "ผลงาน", "points": 60, "subs": [{"text": "ก", "points": 40}, {"text": "ข", "points": 20}]},
        {"text": "ทีม", "points": 40}]})
    rubric = get_rubric(db, rid)
    assert [i.number for i in rubric.scored_items()] == ["1.1", "1.2", "2"]
    with pytest.raises(UserError, match="คะแนนเต็มของข้อย่อยรวมกันไม่เท่ากับ"):
        add_rubric(db, {"code": "bad", "title": "ผิด", "criteria": [
            {"text": "ผลงาน", "points": 60, "subs": [{"text": "ก", "points": 40}]}]})


def test_who_may_score_and_manage(accounts_db):
    login(accounts_db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์จัดการหลักเกณฑ์และรอบการคัดเลือกอำเภอ"):
        install_seed_rubrics(accounts_db)
    login(accounts_db, CLERK)
    rid, cands, members = scored_round(accounts_db)  # a clerk manages and scores
    trail = accounts_db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE table_name = 'eval_scores'").fetchone()[0]
    assert trail >= 18  # every score written is in the audit trail
    login(accounts_db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์บันทึกคะแนนการคัดเลือกอำเภอ"):
        record_scores(accounts_db, cands["5001"], members[0], {"1": 10})
    assert compute_results(accounts_db, rid).results  # reading the results needs no write permission
