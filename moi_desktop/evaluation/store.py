"""Selection rounds: a rubric applied to candidate districts, the committee and its scores.

    rid = create_round(db, rubric_id, "คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด", held_on="2022-07-20")
    m = add_committee_member(db, rid, "นายก ตัวอย่าง", role="ประธาน")
    c = add_candidate(db, rid, "5001", group_name="กลุ่มจังหวัดภาคเหนือตอนบน ๑")
    record_scores(db, c, m, {"1": 60, "2": 18, "3": 9})
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.db.rows import upsert_links
from moi_desktop.errors import UserError
from moi_desktop.evaluation.rubrics import Rubric, get_rubric
from moi_desktop.security.session import require
from moi_desktop.thai import clean_text, parse_thai_date, to_arabic_digits, to_thai_digits

ROLES_TH = ("ประธาน", "กรรมการ", "กรรมการและเลขานุการ")


def _num(value: float) -> str:
    return to_thai_digits(f"{value:g}")


def create_round(db: Database, rubric_id: str, title: str, *, held_on: date | str | None = None,
                 seats: int = 1, notes: str = "") -> str:
    require(db, "evaluation.manage")
    rubric = get_rubric(db, rubric_id)
    title = clean_text(title)
    if not title:
        raise UserError("กรุณากรอกชื่อรอบการคัดเลือก", field="title")
    try:
        seats = int(to_arabic_digits(str(seats)))
    except ValueError:
        seats = 0
    if not 1 <= seats <= 99:
        raise UserError("จำนวนอำเภอที่คัดเลือกต่อกลุ่มต้องเป็นตัวเลข ๑–๙๙", field="seats")
    held = parse_thai_date(held_on) if held_on not in (None, "") else None
    return insert_row(db, "eval_rounds", {"rubric_id": rubric.id, "title": title,
                                          "held_on": held.isoformat() if held else None, "seats": seats,
                                          "notes": clean_text(notes) or None})


def get_round(db: Database, round_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM eval_rounds WHERE id = ? AND deleted_at IS NULL", [round_id]))
    if not rows:
        raise UserError("ไม่พบรอบการคัดเลือกที่เลือก (อาจถูกลบไปแล้ว)", field="round")
    return dict(rows[0])


def list_rounds(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT e.*, r.title AS rubric_title, "
        "(SELECT COUNT(*) FROM eval_candidates c WHERE c.round_id = e.id AND c.deleted_at IS NULL) AS n_candidates, "
        "(SELECT COUNT(*) FROM eval_committee m WHERE m.round_id = e.id AND m.deleted_at IS NULL) AS n_committee "
        "FROM eval_rounds e JOIN eval_rubrics r ON r.id = e.rubric_id "
        "WHERE e.deleted_at IS NULL ORDER BY e.created_at DESC")]


def round_rubric(db: Database, round_id: str) -> Rubric:
    return get_rubric(db, get_round(db, round_id)["rubric_id"])


def add_committee_member(db: Database, round_id: str, name: str, *, position: str = "",
                         role: str = "กรรมการ") -> str:
    require(db, "evaluation.manage")
    get_round(db, round_id)
    name = clean_text(name)
    if not name:
        raise UserError("กรุณากรอกชื่อกรรมการ", field="name")
    if any(m["name"] == name for m in committee(db, round_id)):
        raise UserError(f"มีกรรมการชื่อ {name} ในรอบนี้แล้ว", field="name")
    role = clean_text(role) or "กรรมการ"
    seq = len(committee(db, round_id)) + 1
    return insert_row(db, "eval_committee", {"round_id": round_id, "name": name,
                                             "position": clean_text(position) or None, "role": role, "seq": seq})


def committee(db: Database, round_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT * FROM eval_committee WHERE round_id = ? AND deleted_at IS NULL ORDER BY seq, created_at", [round_id])]


def _district(db: Database, code: str) -> dict[str, Any]:
    code = to_arabic_digits(clean_text(code))
    if not code:
        raise UserError("กรุณาเลือกอำเภอ", field="district")
    rows = list(db.query(
        "SELECT d.district_code, d.name_th, p.name_th AS province_name FROM districts d "
        "JOIN provinces p ON p.province_code = d.province_code WHERE d.district_code = ?", [code]))
    if not rows:
        raise UserError(f"ไม่พบรหัสอำเภอ {code} (ค้นหารหัสด้วยคำสั่ง lookup)", field="district")
    return dict(rows[0])


def district_choices(db: Database) -> list[tuple[str, str]]:
    """Every district as (code, "อำเภอX จังหวัดY") for a picker (khet of Bangkok named as such)."""
    return [(r[0], f"{'เขต' if r[2] == 'khet' else 'อำเภอ'}{r[1]} จังหวัด{r[3]}") for r in db.execute(
        "SELECT d.district_code, d.name_th, d.kind, p.name_th FROM districts d "
        "JOIN provinces p ON p.province_code = d.province_code ORDER BY p.name_th, d.name_th")]


def add_candidate(db: Database, round_id: str, district_code: str, *, group_name: str = "") -> str:
    """A district entering the round, in its province group (default: its province, for a
    selection of one district per province)."""
    require(db, "evaluation.manage")
    get_round(db, round_id)
    district = _district(db, district_code)
    if db.execute("SELECT 1 FROM eval_candidates WHERE round_id = ? AND district_code = ? AND deleted_at IS NULL",
                  [round_id, district["district_code"]]).fetchone():
        raise UserError(f"อำเภอ{district['name_th']} อยู่ในรอบการคัดเลือกนี้แล้ว", field="district")
    group = clean_text(group_name) or f"จังหวัด{district['province_name']}"
    return insert_row(db, "eval_candidates", {"round_id": round_id, "district_code": district["district_code"],
                                              "group_name": group, "draw_order": None, "draw_note": None})


def candidates(db: Database, round_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT c.*, d.name_th AS district_name, p.name_th AS province_name FROM eval_candidates c "
        "JOIN districts d ON d.district_code = c.district_code JOIN provinces p ON p.province_code = d.province_code "
        "WHERE c.round_id = ? AND c.deleted_at IS NULL ORDER BY c.group_name, p.name_th, d.name_th", [round_id])]


def get_candidate(db: Database, candidate_id: str) -> dict[str, Any]:
    rows = list(db.query(
        "SELECT c.*, d.name_th AS district_name FROM eval_candidates c "
        "JOIN districts d ON d.district_code = c.district_code WHERE c.id = ? AND c.deleted_at IS NULL",
        [candidate_id]))
    if not rows:
        raise UserError("ไม่พบอำเภอที่เลือกในรอบการคัดเลือก", field="candidate")
    return dict(rows[0])


def remove_candidate(db: Database, candidate_id: str) -> None:
    require(db, "evaluation.manage")
    get_candidate(db, candidate_id)
    soft_delete(db, "eval_candidates", candidate_id)


def find_candidate(db: Database, round_id: str, key: str) -> dict[str, Any]:
    """A candidate by id, district code or district name."""
    key = to_arabic_digits(clean_text(key)).removeprefix("อำเภอ")
    for c in candidates(db, round_id):
        if key in (c["id"], c["district_code"], c["district_name"]):
            return c
    raise UserError(f"ไม่พบอำเภอ {key} ในรอบการคัดเลือกนี้", field="district")


def find_member(db: Database, round_id: str, key: str) -> dict[str, Any]:
    """A committee member by id, name or seat number (1, ๑)."""
    key = clean_text(key)
    members = committee(db, round_id)
    for m in members:
        if key in (m["id"], m["name"]) or to_arabic_digits(key) == str(m["seq"]):
            return m
    raise UserError(f"ไม่พบกรรมการ {key} ในรอบการคัดเลือกนี้", field="member")


def _score_value(value: Any, item_label: str) -> float:
    text = to_arabic_digits(str(value)).replace(",", "").strip()
    try:
        score = float(text)
    except ValueError:
        raise UserError(f"คะแนนหลักเกณฑ์ข้อ {item_label} ต้องเป็นตัวเลข (ได้รับ “{value}”)", field="score") from None
    if score != score or score < 0:  # NaN or negative
        raise UserError(f"คะแนนหลักเกณฑ์ข้อ {item_label} ต้องไม่ติดลบ", field="score")
    return score


def record_scores(db: Database, candidate_id: str, member_id: str, scores: Mapping[str, Any],
                  *, note: str = "") -> int:
    """One committee member's scores for one district: {criterion number or id: score}. Each score
    must lie between 0 and the criterion's full points; all are written or none. Returns how many."""
    require(db, "evaluation.score")
    candidate = get_candidate(db, candidate_id)
    members = {m["id"]: m for m in committee(db, candidate["round_id"])}
    if member_id not in members:
        raise UserError("กรรมการที่เลือกไม่ได้อยู่ในคณะกรรมการของรอบนี้", field="member")
    rubric = round_rubric(db, candidate["round_id"])
    if not scores:
        raise UserError("ยังไม่ได้กรอกคะแนน", field="score")
    rows = []
    for key, value in scores.items():
        item = rubric.item(key)
        label = to_thai_digits(item.number)
        score = _score_value(value, label)
        full = item.points or 0
        if score > full:
            raise UserError(f"คะแนนหลักเกณฑ์ข้อ {label} ของอำเภอ{candidate['district_name']} ({_num(score)}) "
                            f"เกินคะแนนเต็ม {_num(full)} คะแนน", field="score")
        rows.append({"candidate_id": candidate_id, "member_id": member_id, "criterion_id": item.id,
                     "score": score, "note": clean_text(note) or None})
    with db.atomic():
        upsert_links(db, "eval_scores", ("candidate_id", "member_id", "criterion_id"), rows, audit=True)
    return len(rows)


def scores_of(db: Database, round_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT s.candidate_id, s.member_id, s.criterion_id, s.score FROM eval_scores s "
        "JOIN eval_candidates c ON c.id = s.candidate_id "
        "WHERE c.round_id = ? AND s.deleted_at IS NULL AND c.deleted_at IS NULL", [round_id])]


def record_draw(db: Database, candidate_id: str, order: int, *, note: str = "") -> None:
    """The chair's draw among districts still tied after criteria 1, 2, 3 (1 = drawn first)."""
    require(db, "evaluation.score")
    get_candidate(db, candidate_id)
    try:
        order = int(to_arabic_digits(str(order)))
    except ValueError:
        order = 0
    if order < 1:
        raise UserError("ลำดับการจับสลากต้องเป็นตัวเลขตั้งแต่ ๑ ขึ้นไป", field="order")
    update_row(db, "eval_candidates", candidate_id,
               {"draw_order": order, "draw_note": clean_text(note) or "จับสลากโดยประธานคณะกรรมการ"})
