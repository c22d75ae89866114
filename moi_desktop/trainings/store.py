"""Trainings: create, change, list; targets per district and sector; area settings."""

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from moi_desktop.db import Database, insert_row, now_iso, soft_delete, update_row
from moi_desktop.db.rows import set_meta, upsert_links
from moi_desktop.errors import UserError
from moi_desktop.thai import normalize_text, parse_thai_date
from moi_desktop.trainings.model import DEFAULT_FRIDAY_AREAS, FRIDAY_AREAS_KEY, KINDS

FIELDS = (
    "name", "kind", "cohort", "venue", "venue_province_code", "venue_district_code", "organiser",
    "start_date", "end_date", "threshold_pct", "excused_counts", "close_marks_absent", "target_total",
    "signatories", "certificate_heading", "notes",
)  # fmt: skip
MAX_DAYS = 31


def as_date(value: date | str | None, field: str) -> date:
    if isinstance(value, date):
        return value
    text = normalize_text(str(value or ""))
    if not text:
        raise UserError("กรุณาระบุวันที่", field=field)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_thai_date(text)


def _signatories(value: str | Iterable[Iterable[Any]] | None) -> str | None:
    if value in (None, "", []):
        return None
    pairs = json.loads(value) if isinstance(value, str) else value
    cleaned: list[list[str]] = []
    for pair in pairs:
        name, position = (normalize_text(str(x or "")) for x in (list(pair) + ["", ""])[:2])
        if name:
            cleaned.append([name, position])
    if len(cleaned) > 3:
        raise UserError("ผู้ลงนามในเกียรติบัตรได้ไม่เกิน ๓ คน", field="signatories")
    return json.dumps(cleaned, ensure_ascii=False) if cleaned else None


def clean_training(db: Database, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, normalised values of a full training record (UserError on the first problem)."""
    values: dict[str, Any] = {k: data.get(k) for k in FIELDS}
    values["name"] = normalize_text(values["name"] or "")
    if not values["name"]:
        raise UserError("กรุณาระบุชื่อหลักสูตร/การอบรม", field="name")
    values["kind"] = values["kind"] or "other"
    if values["kind"] not in KINDS:
        raise UserError(f"ไม่รู้จักประเภทการอบรม '{values['kind']}'", field="kind")
    start = as_date(values["start_date"], "start_date")
    end = as_date(values["end_date"] or start, "end_date")
    if end < start:
        raise UserError("วันสิ้นสุดการอบรมอยู่ก่อนวันเริ่ม", field="end_date")
    if (end - start).days >= MAX_DAYS:
        raise UserError(f"การอบรมหนึ่งรุ่นยาวได้ไม่เกิน {MAX_DAYS} วัน", field="end_date")
    values["start_date"], values["end_date"] = start.isoformat(), end.isoformat()
    for key in ("cohort", "target_total"):
        if values[key] in (None, ""):
            values[key] = None
            continue
        try:
            values[key] = int(str(values[key]).strip())
        except ValueError:
            raise UserError("ต้องเป็นตัวเลขจำนวนเต็ม", field=key) from None
        if values[key] < 0:
            raise UserError("ต้องไม่ติดลบ", field=key)
    threshold = values["threshold_pct"]
    try:
        threshold = 80.0 if threshold in (None, "") else float(threshold)
    except (TypeError, ValueError):
        raise UserError("เกณฑ์การผ่านต้องเป็นตัวเลขร้อยละ", field="threshold_pct") from None
    if not 0 < threshold <= 100:
        raise UserError("เกณฑ์การผ่านต้องอยู่ระหว่าง ๑ ถึง ๑๐๐ เปอร์เซ็นต์", field="threshold_pct")
    values["threshold_pct"] = threshold
    values["excused_counts"] = 1 if values["excused_counts"] else 0
    values["close_marks_absent"] = 0 if values["close_marks_absent"] in (0, False, "0") else 1
    for key in ("venue", "organiser", "notes", "certificate_heading"):
        values[key] = normalize_text(values[key] or "") or None
    province, district = values["venue_province_code"] or None, values["venue_district_code"] or None
    if district:
        row = db.execute("SELECT province_code FROM districts WHERE district_code = ?", [district]).fetchone()
        if row is None:
            raise UserError(f"ไม่พบรหัสอำเภอ {district}", field="venue_district_code")
        province = province or row[0]
        if row[0] != province:
            raise UserError("อำเภอที่จัดไม่อยู่ในจังหวัดที่ระบุ", field="venue_district_code")
    if province and not db.execute("SELECT 1 FROM provinces WHERE province_code = ?", [province]).fetchone():
        raise UserError(f"ไม่พบรหัสจังหวัด {province}", field="venue_province_code")
    values["venue_province_code"], values["venue_district_code"] = province, district
    values["signatories"] = _signatories(values["signatories"])
    return values


def create_training(db: Database, data: Mapping[str, Any]) -> str:
    return insert_row(db, "trainings", clean_training(db, data))


def get_training(db: Database, training_id: str) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM trainings WHERE id = ? AND deleted_at IS NULL", [training_id]).fetchone()
    if row is None:
        return None
    columns = [d[0] for d in db.execute("SELECT * FROM trainings LIMIT 0").description]
    training = dict(zip(columns, row, strict=True))
    training["signatories"] = json.loads(training["signatories"]) if training["signatories"] else []
    return training


def require_training(db: Database, training_id: str) -> dict[str, Any]:
    training = get_training(db, training_id)
    if training is None:
        raise UserError("ไม่พบการอบรมที่ระบุ (อาจถูกลบไปแล้ว)", field="training")
    return training


def update_training(db: Database, training_id: str, changes: Mapping[str, Any]) -> None:
    """Change fields; moving the dates never deletes sessions (the schedule is edited separately)."""
    current = require_training(db, training_id)
    full = {k: current[k] for k in FIELDS}
    full.update({k: v for k, v in changes.items() if k in FIELDS})
    values = clean_training(db, full)
    stored = dict(current, signatories=_signatories(current["signatories"]))
    diff = {k: v for k, v in values.items() if stored.get(k) != v}
    if diff:
        update_row(db, "trainings", training_id, diff)


def delete_training(db: Database, training_id: str) -> None:
    require_training(db, training_id)
    soft_delete(db, "trainings", training_id)


def list_trainings(db: Database) -> list[dict[str, Any]]:
    """Every training (newest first) with its session and enrolment counts."""
    rows = db.query(
        """
        SELECT t.id, t.name, t.kind, t.cohort, t.venue, t.start_date, t.end_date, t.threshold_pct,
               (SELECT count(*) FROM training_sessions s WHERE s.training_id = t.id AND s.deleted_at IS NULL)
                   AS sessions,
               (SELECT count(*) FROM enrolments e WHERE e.training_id = t.id AND e.deleted_at IS NULL) AS enrolled
        FROM trainings t WHERE t.deleted_at IS NULL ORDER BY t.start_date DESC, t.id DESC
        """
    )
    return [dict(r) for r in rows]


def training_title(training: Mapping[str, Any]) -> str:
    """"หลักสูตร … รุ่นที่ 2": the course name with its cohort."""
    cohort = training.get("cohort")
    return f"{training['name']} รุ่นที่ {cohort}" if cohort else training["name"]


# -- targets -----------------------------------------------------------------------------------
def set_targets(db: Database, training_id: str, dimension: str, targets: Mapping[str, int | None]) -> None:
    """Replace the targets of one dimension ("district" or "sector"); 0 or None removes one."""
    require_training(db, training_id)
    if dimension not in ("district", "sector"):
        raise ValueError(dimension)
    table = "districts" if dimension == "district" else "sectors"
    key = "district_code" if dimension == "district" else "code"
    now = now_iso()
    rows = []
    for code, target in targets.items():
        # table and key are one of two fixed pairs chosen above; the code is a bound parameter
        if not db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", [code]).fetchone():  # noqa: S608
            raise UserError(f"ไม่พบรหัส {code}", field=dimension)
        if target is not None and int(target) < 0:
            raise UserError("เป้าหมายต้องไม่ติดลบ", field=dimension)
        rows.append({"training_id": training_id, "dimension": dimension, "code": code, "target": int(target or 0),
                     "deleted_at": None if target else now})  # 0 / None: a tombstone that travels
    upsert_links(db, "training_targets", ("training_id", "dimension", "code"), rows, at=now, audit=False)


def targets(db: Database, training_id: str, dimension: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT code, target FROM training_targets WHERE training_id = ? AND dimension = ? AND deleted_at IS NULL",
        [training_id, dimension],
    )
    return dict(rows.fetchall())


# -- settings ----------------------------------------------------------------------------------
def friday_areas(db: Database) -> list[str]:
    """Province (2-digit) and district (4-digit) codes where Friday afternoons stay free."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [FRIDAY_AREAS_KEY]).fetchone()
    return json.loads(row[0]) if row else list(DEFAULT_FRIDAY_AREAS)


def set_friday_areas(db: Database, codes: list[str]) -> None:
    for code in codes:
        table, key = ("provinces", "province_code") if len(code) == 2 else ("districts", "district_code")
        # one of two fixed (table, key) pairs; the code is a bound parameter
        if not db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", [code]).fetchone():  # noqa: S608
            raise UserError(f"ไม่พบรหัสจังหวัดหรืออำเภอ {code}", field="friday_areas")
    set_meta(db, FRIDAY_AREAS_KEY, json.dumps(sorted(set(codes))))
