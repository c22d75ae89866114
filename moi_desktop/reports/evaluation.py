"""Selection scoring reports (seed 004): the committee's score sheet and the ranked result.

- evaluation-sheet: every district with each committee member's total, the average on each main
  criterion and overall, and its rank in its province group; with `member`, that member's own
  sheet (a score per criterion). The rubric's criteria are printed under the table as seed 004
  words them (หลักเกณฑ์ / คะแนน).
- evaluation-ranking: the districts ranked within each province group with the result and how
  a tie was broken; `selected_only` gives seed 004's list (ลำดับ / กลุ่มจังหวัด / จังหวัด / อำเภอ).
"""

from __future__ import annotations

from typing import Any

from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.errors import UserError
from moi_desktop.evaluation import compute_results, list_rounds
from moi_desktop.evaluation.rubrics import Rubric
from moi_desktop.evaluation.scoring import Result, RoundResults
from moi_desktop.reports import ReportParam, ReportSpec
from moi_desktop.thai import format_thai_date, to_thai_digits

TABLES = ("eval_rounds", "eval_candidates", "eval_scores")


def _round_choices(db: Database) -> list[tuple[str, str]]:
    return [(r["id"], r["title"]) for r in list_rounds(db)]


def _latest_round(db: Database) -> str | None:
    rounds = list_rounds(db)
    return rounds[0]["id"] if rounds else None


def _member_choices(db: Database) -> list[tuple[str, str]]:
    return [(m["id"], f"{m['name']} ({r['title']})") for r in list_rounds(db)
            for m in db.query("SELECT id, name FROM eval_committee WHERE round_id = ? AND deleted_at IS NULL "
                              "ORDER BY seq", [r["id"]])]


def _pts(value: float | None) -> str:
    return to_thai_digits(f"{value or 0:g}")


def criteria_lines(rubric: Rubric) -> list[str]:
    """The rubric as seed 004 prints it: each criterion with its points, sub-criteria beneath."""
    lines = ["หลักเกณฑ์ประกอบการพิจารณา (คะแนน)"]
    for c in rubric.criteria:
        lines.append(f"{to_thai_digits(c.number)}. {c.text}  {_pts(c.full_points)} คะแนน")
        for s in c.subs:
            points = f"  {_pts(s.points)} คะแนน" if s.points is not None else ""
            lines.append(f"      {to_thai_digits(s.number)} {s.text}{points}")
    lines.append(f"รวม {_pts(rubric.total)} คะแนน")
    return lines


def _subtitle(results: RoundResults) -> list[str]:
    rnd = results.round
    lines = [results.rubric.title]
    if rnd["held_on"]:
        lines.append("ประชุมคณะกรรมการ วันที่ " + format_thai_date(rnd["held_on"], "full"))
    return lines


def _chair(results: RoundResults) -> PreparedBy:
    chair = next((m for m in results.members if m["role"] == "ประธาน"), None)
    return PreparedBy(name=chair["name"] if chair else "", position=(chair or {}).get("position") or "",
                      label="ประธานคณะกรรมการ")


def _status(r: Result) -> str:
    if not r.complete:
        return "ให้คะแนนไม่ครบ"
    if r.needs_draw:
        return "ต้องจับสลาก"
    return "ได้รับคัดเลือก" if r.selected else ""


def score_sheet(db: Database, params: dict[str, Any]) -> ReportDefinition:
    results = compute_results(db, params["round"])
    rubric = results.rubric
    member_id = params.get("member")
    if member_id:
        member = next((m for m in results.members if m["id"] == member_id), None)
        if member is None:
            raise UserError("กรรมการที่เลือกไม่ได้อยู่ในรอบการคัดเลือกนี้", field="member")
        items = rubric.scored_items()
        columns = [Column("group", "กลุ่มจังหวัด", weight=6), Column("province", "จังหวัด"),
                   Column("district", "อำเภอ", weight=2),
                   *[Column(f"i{n}", f"ข้อ {to_thai_digits(i.number)} ({_pts(i.points)})", kind="number", weight=0.01)
                     for n, i in enumerate(items)],
                   Column("total", f"รวม ({_pts(rubric.total)})", kind="number", weight=0.01)]
        rows = []
        for r in results.results:
            row: dict[str, Any] = {"group": r.group_name, "province": r.province_name, "district": r.district_name}
            for n, i in enumerate(items):
                row[f"i{n}"] = r.item_scores.get((member_id, i.id))
            total = r.member_totals.get(member_id)
            row["total"] = float(total) if total is not None else None
            rows.append(row)
        return ReportDefinition(
            title=["แบบให้คะแนนการคัดเลือกอำเภอ", results.round["title"]],
            subtitle=[*_subtitle(results), f"กรรมการผู้ให้คะแนน {member['name']}"],
            columns=columns, rows=rows, numbered=True, summary=criteria_lines(rubric),
            prepared_by=PreparedBy(name=member["name"], position=member["position"] or "", label="กรรมการผู้ให้คะแนน"),
            sheet_name="แบบให้คะแนน")
    members = results.members
    columns = [Column("group", "กลุ่มจังหวัด", weight=6), Column("province", "จังหวัด"),
               Column("district", "อำเภอ", weight=2),
               *[Column(f"m{n}", f"คนที่ {to_thai_digits(n + 1)}", kind="number", weight=0.01)
                 for n in range(len(members))],
               *[Column(f"c{n}", f"ข้อ {to_thai_digits(c.number)} ({_pts(c.full_points)})", kind="number",
                        weight=0.01) for n, c in enumerate(rubric.criteria)],
               Column("average", f"รวม ({_pts(rubric.total)})", kind="number", weight=0.01),
               Column("rank", "ลำดับ", kind="int", weight=0.01)]
    rows = []
    for r in results.results:
        row = {"group": r.group_name, "province": r.province_name, "district": r.district_name,
               "average": float(r.average) if r.complete else None, "rank": r.rank}
        for n, m in enumerate(members):
            total = r.member_totals.get(m["id"])
            row[f"m{n}"] = float(total) if total is not None else None
        for n, avg in enumerate(r.criterion_averages):
            row[f"c{n}"] = float(avg) if r.complete else None
        rows.append(row)
    committee_lines = [f"คนที่ ๑–{to_thai_digits(len(members))}: คะแนนรวมของกรรมการแต่ละคน · "
                       "ข้อ ๑, ๒ …: คะแนนเฉลี่ยรายหลักเกณฑ์ของกรรมการทุกคน · รวม: คะแนนเฉลี่ยรวม · "
                       "ลำดับ: ลำดับในกลุ่มจังหวัด",
                       "คณะกรรมการ"] + [
        f"คนที่ {to_thai_digits(n + 1)} {m['name']}" + (f" {m['position']}" if m["position"] else "")
        + (f" ({m['role']})" if m["role"] else "") for n, m in enumerate(members)]
    notes = [f"อำเภอ{r.district_name}: {r.tie_note}" for r in results.results if r.tie_note]
    incomplete = [r.district_name for r in results.results if not r.complete]
    if incomplete:
        notes.append("ยังให้คะแนนไม่ครบทุกคน: อำเภอ" + " อำเภอ".join(incomplete))
    return ReportDefinition(
        title=["ใบสรุปคะแนนการคัดเลือกอำเภอ", results.round["title"]],
        subtitle=_subtitle(results), columns=columns, rows=rows, numbered=True,
        summary=[*committee_lines, *(["หมายเหตุ", *notes] if notes else []), *criteria_lines(rubric)],
        prepared_by=_chair(results), orientation="landscape", font_size=14, sheet_name="สรุปคะแนน")


def ranking(db: Database, params: dict[str, Any]) -> ReportDefinition:
    results = compute_results(db, params["round"])
    if params.get("selected_only"):
        rows = [{"group": r.group_name, "province": r.province_name, "district": r.district_name}
                for r in results.selected]
        return ReportDefinition(
            title=["ผลการคัดเลือกอำเภอ", results.round["title"]], subtitle=_subtitle(results),
            columns=[Column("group", "กลุ่มจังหวัด", weight=2), Column("province", "จังหวัด"),
                     Column("district", "อำเภอ")],
            rows=rows, numbered=True, summary=[f"รวม {to_thai_digits(len(rows))} อำเภอ"],
            prepared_by=_chair(results), sheet_name="ผลการคัดเลือก")
    ranked: list[dict[str, Any]] = [
        {"group": r.group_name, "rank": r.rank, "province": r.province_name, "district": r.district_name,
         "average": float(r.average) if r.complete else None, "result": _status(r), "note": r.tie_note}
        for r in results.results]
    return ReportDefinition(
        title=["ผลการจัดลำดับคะแนนการคัดเลือกอำเภอ", results.round["title"]], subtitle=_subtitle(results),
        columns=[Column("group", "กลุ่มจังหวัด", weight=6), Column("rank", "ลำดับ", kind="int", weight=0.01),
                 Column("province", "จังหวัด"), Column("district", "อำเภอ", weight=2),
                 Column("average", f"คะแนน ({_pts(results.rubric.total)})", kind="number", weight=0.01),
                 Column("result", "ผล", weight=0.01), Column("note", "หมายเหตุ", weight=4)],
        rows=ranked,
        summary=["ลำดับ: ลำดับในกลุ่มจังหวัด · คะแนน: คะแนนเฉลี่ยรวมของกรรมการทุกคน",
                 "การจัดลำดับ: คะแนนเฉลี่ยรวมสูงกว่าได้ลำดับก่อน หากเท่ากันพิจารณาคะแนนเฉลี่ยหลักเกณฑ์ข้อ ๑ ข้อ ๒ "
                 "และข้อ ๓ ตามลำดับ หากยังเท่ากันให้ประธานคณะกรรมการจับสลาก"],
        prepared_by=_chair(results), orientation="landscape", font_size=14, sheet_name="ผลการจัดลำดับ")


_ROUND = ReportParam("round", "รอบการคัดเลือก", kind="choice", required=True, choices=_round_choices,
                     default=_latest_round)
REPORTS = [
    ReportSpec(key="evaluation-sheet", title_th="การคัดเลือกอำเภอ: ใบสรุปคะแนน", area="evaluation",
               build=score_sheet, requires_tables=TABLES, order=80,
               params=(_ROUND, ReportParam("member", "กรรมการ (แบบให้คะแนนรายคน)", kind="choice",
                                           choices=_member_choices)),
               description="คะแนนของกรรมการแต่ละคน คะแนนเฉลี่ยรายหลักเกณฑ์ และลำดับในกลุ่มจังหวัด"),
    ReportSpec(key="evaluation-ranking", title_th="การคัดเลือกอำเภอ: ผลการจัดลำดับ", area="evaluation",
               build=ranking, requires_tables=TABLES, order=81,
               params=(_ROUND, ReportParam("selected_only", "เฉพาะอำเภอที่ได้รับคัดเลือก", kind="bool")),
               description="ลำดับในแต่ละกลุ่มจังหวัด การตัดสินเมื่อคะแนนเท่ากัน และอำเภอที่ได้รับคัดเลือก"),
]
