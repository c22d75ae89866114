"""Totals, averages and the ranking of one selection round.

Each committee member's total for a district is the sum of their scores; the district's score is
the average of its members' totals, and its average on each main criterion is kept for ties.
Districts are ranked within their province group by the average total, higher first; a tie goes to
the higher average on criterion ๑, then ๒, then ๓ (…), then to the chair's recorded draw. A tie
nothing breaks shares the rank and is reported as needing a draw. Averages are exact fractions,
so 85.333… against 85.333… is a tie and never a rounding accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import groupby
from typing import Any

from moi_desktop.db import Database
from moi_desktop.evaluation.rubrics import Rubric
from moi_desktop.evaluation.store import candidates, committee, get_round, round_rubric, scores_of
from moi_desktop.thai import to_thai_digits


@dataclass
class Result:
    candidate_id: str
    district_code: str
    district_name: str
    province_name: str
    group_name: str
    member_totals: dict[str, Fraction | None]  # member id -> total (None: not fully scored)
    criterion_averages: list[Fraction]  # per main criterion, in order
    average: Fraction
    complete: bool
    draw_order: int | None
    draw_note: str | None
    rank: int = 0
    selected: bool = False
    needs_draw: bool = False
    tie_note: str = ""
    item_scores: dict[tuple[str, str], float] = field(default_factory=dict)  # (member, item) -> score

    def key(self) -> tuple[Fraction, ...]:
        return (self.average, *self.criterion_averages)


@dataclass
class RoundResults:
    round: dict[str, Any]
    rubric: Rubric
    members: list[dict[str, Any]]
    results: list[Result]  # by group, then rank

    def groups(self) -> list[tuple[str, list[Result]]]:
        return [(g, list(rs)) for g, rs in groupby(self.results, key=lambda r: r.group_name)]

    @property
    def selected(self) -> list[Result]:
        return [r for r in self.results if r.selected]


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


def fmt_score(value: Fraction | float | None, digits: int = 2, thai: bool = True) -> str:
    if value is None:
        return "—"
    text = f"{float(value):.{digits}f}"
    return to_thai_digits(text) if thai else text


def _tie_note(a: Result, b: Result, rubric: Rubric) -> str:
    """How `a` came before `b` when their average totals are equal."""
    for i, (x, y) in enumerate(zip(a.criterion_averages, b.criterion_averages, strict=True)):
        if x != y:
            return f"คะแนนรวมเท่ากัน ตัดสินด้วยคะแนนเฉลี่ยหลักเกณฑ์ข้อ {to_thai_digits(rubric.criteria[i].number)}"
    if a.draw_order is not None and b.draw_order is not None:
        return "คะแนนเท่ากันทุกข้อ ตัดสินด้วยการจับสลากโดยประธาน"
    return "คะแนนเท่ากันทุกข้อ ต้องจับสลากโดยประธาน"


def compute_results(db: Database, round_id: str) -> RoundResults:
    rnd = get_round(db, round_id)
    rubric = round_rubric(db, round_id)
    members = committee(db, round_id)
    items = rubric.scored_items()
    main_of = {item.id: i for i, c in enumerate(rubric.criteria) for item in c.scored_items}
    given: dict[tuple[str, str, str], float] = {
        (s["candidate_id"], s["member_id"], s["criterion_id"]): s["score"] for s in scores_of(db, round_id)}
    results: list[Result] = []
    for cand in candidates(db, round_id):
        totals: dict[str, Fraction | None] = {}
        per_criterion: list[list[Fraction]] = [[] for _ in rubric.criteria]
        complete = bool(members)
        item_scores: dict[tuple[str, str], float] = {}
        for m in members:
            sums = [Fraction(0) for _ in rubric.criteria]
            full = True
            for item in items:
                score = given.get((cand["id"], m["id"], item.id))
                if score is None:
                    full = False
                    continue
                item_scores[(m["id"], item.id)] = score
                sums[main_of[item.id]] += Fraction(str(score))
            if full:
                totals[m["id"]] = sum(sums, Fraction(0))
                for i, s in enumerate(sums):
                    per_criterion[i].append(s)
            else:
                totals[m["id"]] = None
                complete = False
        averages = [_mean(values) for values in per_criterion]
        scored = [t for t in totals.values() if t is not None]
        results.append(Result(
            candidate_id=cand["id"], district_code=cand["district_code"], district_name=cand["district_name"],
            province_name=cand["province_name"], group_name=cand["group_name"], member_totals=totals,
            criterion_averages=averages, average=_mean(scored), complete=complete,
            draw_order=cand["draw_order"], draw_note=cand["draw_note"], item_scores=item_scores))
    seats = int(rnd["seats"] or 1)
    ranked: list[Result] = []
    for _group, members_of_group in groupby(sorted(results, key=lambda r: r.group_name), key=lambda r: r.group_name):
        group = list(members_of_group)
        big = 10**9
        group.sort(key=lambda r: (not r.complete, *(-v for v in r.key()),
                                  r.draw_order if r.draw_order is not None else big, r.district_name))
        for index, r in enumerate(group):
            prev = group[index - 1] if index else None
            same_as_prev = (prev is not None and prev.complete and r.complete and prev.key() == r.key()
                            and (prev.draw_order is None or r.draw_order is None or prev.draw_order == r.draw_order))
            r.rank = prev.rank if same_as_prev and prev is not None else index + 1
            if same_as_prev and prev is not None:
                r.needs_draw = prev.needs_draw = True
        for a, b in zip(group, group[1:], strict=False):
            if a.complete and b.complete and a.average == b.average:
                note = _tie_note(a, b, rubric)
                a.tie_note = a.tie_note or note
                b.tie_note = note
        for r in group:
            rank_clear = not any(o is not r and o.rank == r.rank for o in group)
            r.selected = r.complete and r.rank <= seats and (rank_clear or
                                                              sum(1 for o in group if o.rank <= r.rank) <= seats)
        ranked.extend(group)
    return RoundResults(rnd, rubric, members, ranked)
