"""Scoring rubrics: criteria, sub-criteria and their points — and the two of seed 004, as data.

The seed's wording is kept verbatim (a test compares it with the seed text); numbers are stored in
Arabic digits ("1.1") and shown in Thai digits by the documents. In the seed's second table the
sub-criteria (๑.๑–๑.๗, ๒.๑–๒.๒) carry no points of their own: they say what the committee weighs
when it scores their main criterion, so a member scores ๑, ๒ and ๓. A rubric of the office's own
may give sub-criteria points instead: then those are scored and their main criterion is their sum.

The seed rubrics get fixed ids ("seed004-…"), so the same rubric written at two offices is one row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.errors import UserError
from moi_desktop.security.session import require
from moi_desktop.thai import clean_text, to_arabic_digits, to_thai_digits

SEED_SOURCE = "เอกสารสรุปผลการดำเนินโครงการอำเภอนำร่อง “บำบัดทุกข์ บำรุงสุข” (seed 004)"


@dataclass(frozen=True)
class CriterionDef:
    number: str  # "1", "1.1"
    text: str
    points: float | None = None
    subs: tuple[CriterionDef, ...] = ()


@dataclass(frozen=True)
class RubricDef:
    code: str
    title: str
    criteria: tuple[CriterionDef, ...]
    source: str = SEED_SOURCE
    notes: str = ""

    @property
    def total(self) -> float:
        return sum(c.points or 0 for c in self.criteria)


# หลักเกณฑ์ประกอบการพิจารณาคัดเลือกอำเภอนำร่องระดับจังหวัด ๗๖ อำเภอ (seed 004, item ๑๑)
DISTRICT76 = RubricDef(
    code="district76",
    title="หลักเกณฑ์การคัดเลือกอำเภอนำร่องระดับจังหวัด ๗๖ อำเภอ",
    criteria=(
        CriterionDef("1", "ประวัติการรับราชการ แรงบันดาลใจ และความพร้อมของทีมอำเภอ "
                          "(โดยพิจารณาจากใบสมัครและ Clip VDO)", 50),
        CriterionDef("2", "พื้นที่มีปัญหาที่ต้องการแก้ไขปัญหาวิกฤตเร่งด่วน โดยพิจารณาจากข้อมูล TPMAP และ Thai QM", 50),
    ),
    notes="คณะทำงานประสานงานภาคีเครือข่าย พิจารณาจากใบสมัครและ Clip VDO และข้อมูล TPMAP และ Thai QM",
)

# หลักเกณฑ์ประกอบการคัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด ๑๘ อำเภอ (seed 004)
GROUP18 = RubricDef(
    code="group18",
    title="หลักเกณฑ์การคัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด ๑๘ อำเภอ",
    criteria=(
        CriterionDef(
            "1", "ความสมบูรณ์ของข้อเสนอโครงการเบื้องต้น (Project brief) และแบบแสดงห่วงโซ่คุณค่า (Value chain)", 70,
            subs=(
                CriterionDef("1.1", "ความสมบูรณ์ของข้อเสนอโครงการเบื้องต้น"),
                CriterionDef("1.2", "แสดงถึงการมีส่วนร่วมของหน่วยดำเนินการ/ภาคีเครือข่าย"),
                CriterionDef("1.3", "ระบุแหล่งงบประมาณสำหรับดำเนินการจากทุกแหล่งงบประมาณหรือเป็นกิจกรรมที่ไม่ต้องใช้จ่ายงบประมาณ"),
                CriterionDef("1.4", "มีงบประมาณสนับสนุนการดำเนินการอยู่แล้ว"),
                CriterionDef("1.5", "โครงการมีศักยภาพที่จะดำเนินการได้จริงภายใต้กรอบระยะเวลาที่กำหนด (Quick-win) "
                                    "เกิดประโยชน์และผลสัมฤทธิ์ต่อประชาชนสูง (High Impact) "
                                    "และสอดคล้องกับเป้าหมายการพัฒนาที่ยั่งยืน (SDGs)"),
                CriterionDef("1.6", "เป็นโครงการที่จะเกิดประโยชน์และสร้างมูลค่าทางเศรษฐกิจ/สังคม (High Value) "
                                    "ให้แก่ประชาชนในพื้นที่"),
                CriterionDef("1.7", "มีการแสดงความเชื่อมโยงของโครงการตลอดห่วงโซ่คุณค่า (Value chain) "
                                    "ตั้งแต่ต้นทาง กลางทางและปลายทาง"),
            ),
        ),
        CriterionDef(
            "2", "ศักยภาพของทีมงานนักขับเคลื่อนยุทธศาสตร์นำการเปลี่ยนแปลงกระทรวงมหาดไทย ระดับอำเภอ จำนวน ๑๐๐ คน", 20,
            subs=(
                CriterionDef("2.1", "ความพร้อมเพรียงของหน่วยดำเนินการ/ภาคีเครือข่าย"),
                CriterionDef("2.2", "การมีส่วนร่วมของหน่วยดำเนินการ/ภาคีเครือข่าย"),
            ),
        ),
        CriterionDef(
            "3", "การประเมินศักยภาพนักขับเคลื่อนยุทธศาสตร์นำการเปลี่ยนแปลงกระทรวงมหาดไทย ระดับอำเภอ "
                 "ภายใต้กิจกรรมการจัด Workshop การจัดทำแผนขับเคลื่อนงานพื้นที่อำเภอนำร่องจังหวัด"
                 "จากการจัดทำแผนและประสานแผนพัฒนาพื้นที่ (One Plan)", 10,
        ),
    ),
    notes="คณะทำงานเฉพาะกิจด้านการบูรณาการแผนงานและยุทธศาสตร์",
)

SEED_RUBRICS: dict[str, RubricDef] = {r.code: r for r in (DISTRICT76, GROUP18)}


def seed_rubric_id(code: str) -> str:
    return f"seed004-{code}"


def _criterion_id(rubric_id: str, number: str) -> str:
    return f"{rubric_id}-c{number}"


@dataclass
class Criterion:
    id: str
    number: str
    text: str
    points: float | None
    parent_id: str | None
    subs: list[Criterion] = field(default_factory=list)

    @property
    def scored_items(self) -> list[Criterion]:
        """What a member scores for this main criterion: its sub-criteria when they carry points,
        else the criterion itself."""
        pointed = [s for s in self.subs if s.points is not None]
        return pointed or [self]

    @property
    def full_points(self) -> float:
        pointed = [s for s in self.subs if s.points is not None]
        return sum(s.points or 0 for s in pointed) if pointed else (self.points or 0)

    def label(self, thai_digits: bool = True) -> str:
        number = to_thai_digits(self.number) if thai_digits else self.number
        return f"{number}{'.' if '.' not in self.number else ''} {self.text}"


@dataclass
class Rubric:
    id: str
    code: str
    title: str
    source: str
    notes: str
    criteria: list[Criterion]  # main criteria, in order, with their subs

    @property
    def total(self) -> float:
        return sum(c.full_points for c in self.criteria)

    def scored_items(self) -> list[Criterion]:
        return [item for c in self.criteria for item in c.scored_items]

    def item(self, key: str) -> Criterion:
        """A scored item by id or by its number ("1", "๑", "1.1")."""
        wanted = to_arabic_digits(str(key)).strip().rstrip(".")
        for item in self.scored_items():
            if item.id == key or item.number == wanted:
                return item
        numbers = ", ".join(to_thai_digits(i.number) for i in self.scored_items())
        raise UserError(f"ไม่พบหลักเกณฑ์ข้อ {key} (หลักเกณฑ์ที่ให้คะแนนได้: {numbers})", field="criterion")


def _write_rubric(db: Database, definition: RubricDef, rubric_id: str | None = None) -> str:
    fixed = rubric_id is not None
    values = {"code": definition.code, "title": definition.title, "source": definition.source,
              "notes": definition.notes or None}
    if fixed and db.execute("SELECT 1 FROM eval_rubrics WHERE id = ?", [rubric_id]).fetchone():
        return str(rubric_id)
    rid = insert_row(db, "eval_rubrics", {"id": rubric_id, **values} if fixed else values)
    position = 0
    for main in definition.criteria:
        position += 1
        main_id = _criterion_id(rid, main.number)
        insert_row(db, "eval_criteria", {"id": main_id, "rubric_id": rid, "parent_id": None, "number": main.number,
                                          "text": main.text, "points": main.points, "position": position})
        for sub in main.subs:
            position += 1
            insert_row(db, "eval_criteria", {"id": _criterion_id(rid, sub.number), "rubric_id": rid,
                                              "parent_id": main_id, "number": sub.number, "text": sub.text,
                                              "points": sub.points, "position": position})
    return rid


def install_seed_rubrics(db: Database) -> list[str]:
    """Write seed 004's two rubrics (once; their ids are fixed). Returns their ids."""
    require(db, "evaluation.manage")
    with db.atomic():
        return [_write_rubric(db, d, seed_rubric_id(code)) for code, d in SEED_RUBRICS.items()]


def _points(value: Any, label: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        points = float(to_arabic_digits(str(value)).replace(",", "").strip())
    except ValueError:
        raise UserError(f"คะแนนเต็มของหลักเกณฑ์ข้อ {label} ต้องเป็นตัวเลข", field="points") from None
    if points <= 0:
        raise UserError(f"คะแนนเต็มของหลักเกณฑ์ข้อ {label} ต้องมากกว่าศูนย์", field="points")
    return points


def rubric_from_mapping(data: Mapping[str, Any]) -> RubricDef:
    """A rubric of the office's own from {"code", "title", "criteria": [{"number", "text", "points",
    "subs": [...]}]} (the JSON `evaluation rubric add` reads); Thai errors for what is missing."""
    code = clean_text(data.get("code"))
    title = clean_text(data.get("title"))
    if not code or not title:
        raise UserError("หลักเกณฑ์ต้องมีรหัส (code) และชื่อ (title)", field="title")
    raw: Sequence[Mapping[str, Any]] = data.get("criteria") or []
    if not raw:
        raise UserError("หลักเกณฑ์ต้องมีข้อพิจารณาอย่างน้อยหนึ่งข้อ", field="criteria")

    def one(item: Mapping[str, Any], parent: str | None, index: int) -> CriterionDef:
        number = to_arabic_digits(clean_text(item.get("number"))).rstrip(".") or (
            f"{parent}.{index}" if parent else str(index))
        text = clean_text(item.get("text"))
        if not text:
            raise UserError(f"หลักเกณฑ์ข้อ {to_thai_digits(number)} ยังไม่มีข้อความ", field="criteria")
        subs = tuple(one(s, number, i) for i, s in enumerate(item.get("subs") or [], start=1))
        return CriterionDef(number, text, _points(item.get("points"), to_thai_digits(number)), subs)

    criteria = tuple(one(item, None, i) for i, item in enumerate(raw, start=1))
    for c in criteria:
        pointed = [s for s in c.subs if s.points is not None]
        if pointed and len(pointed) != len(c.subs):
            raise UserError(f"หลักเกณฑ์ข้อ {to_thai_digits(c.number)}: ให้คะแนนเต็มแก่ข้อย่อยทุกข้อ หรือไม่ให้เลย",
                            field="criteria")
        if pointed and c.points is not None and abs(sum(s.points or 0 for s in pointed) - c.points) > 1e-9:
            raise UserError(f"หลักเกณฑ์ข้อ {to_thai_digits(c.number)}: คะแนนเต็มของข้อย่อยรวมกันไม่เท่ากับ "
                            f"{to_thai_digits(f'{c.points:g}')} คะแนน", field="criteria")
        if not pointed and c.points is None:
            raise UserError(f"หลักเกณฑ์ข้อ {to_thai_digits(c.number)} ยังไม่มีคะแนนเต็ม", field="criteria")
    return RubricDef(code=code, title=title, criteria=criteria, source=clean_text(data.get("source")) or "",
                     notes=clean_text(data.get("notes")))


def add_rubric(db: Database, data: Mapping[str, Any]) -> str:
    require(db, "evaluation.manage")
    definition = rubric_from_mapping(data)
    with db.atomic():
        return _write_rubric(db, definition)


def rename_rubric(db: Database, rubric_id: str, title: str) -> None:
    require(db, "evaluation.manage")
    get_rubric(db, rubric_id)
    title = clean_text(title)
    if not title:
        raise UserError("กรุณากรอกชื่อหลักเกณฑ์", field="title")
    update_row(db, "eval_rubrics", rubric_id, {"title": title})


def list_rubrics(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT r.id, r.code, r.title, r.source, "
        "(SELECT COALESCE(SUM(points), 0) FROM eval_criteria c WHERE c.rubric_id = r.id AND c.parent_id IS NULL "
        " AND c.deleted_at IS NULL) AS total "
        "FROM eval_rubrics r WHERE r.deleted_at IS NULL ORDER BY r.created_at")]


def get_rubric(db: Database, rubric_id: str) -> Rubric:
    rows = list(db.query("SELECT * FROM eval_rubrics WHERE id = ? AND deleted_at IS NULL", [rubric_id]))
    if not rows:
        rows = list(db.query("SELECT * FROM eval_rubrics WHERE code = ? AND deleted_at IS NULL "
                             "ORDER BY created_at LIMIT 1", [rubric_id]))
    if not rows:
        raise UserError(f"ไม่พบหลักเกณฑ์ {rubric_id} (ดูรายการด้วยคำสั่ง evaluation rubric list)", field="rubric")
    r = rows[0]
    mains: list[Criterion] = []
    by_id: dict[str, Criterion] = {}
    for c in db.query("SELECT * FROM eval_criteria WHERE rubric_id = ? AND deleted_at IS NULL ORDER BY position",
                      [r["id"]]):
        crit = Criterion(c["id"], c["number"], c["text"], c["points"], c["parent_id"])
        by_id[crit.id] = crit
        if crit.parent_id and crit.parent_id in by_id:
            by_id[crit.parent_id].subs.append(crit)
        else:
            mains.append(crit)
    return Rubric(r["id"], r["code"], r["title"], r["source"] or "", r["notes"] or "", mains)
