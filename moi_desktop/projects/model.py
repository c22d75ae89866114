"""What a project and an activity are: the fixed vocabularies (Thai labels) and the checks that
turn what a clerk typed into stored values — or a UserError naming the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.thai import normalize_text, parse_thai_date, to_arabic_digits

STATUSES: dict[str, str] = {
    "planned": "ยังไม่เริ่มดำเนินการ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "completed": "ดำเนินการแล้วเสร็จ",
    "suspended": "ชะลอ / ยุติ",
}

# Where the problem the project answers was found (seed 004 names these sources).
DATA_SOURCES: dict[str, str] = {
    "tpmap": "TPMAP",
    "thai_qm": "Thai QM",
    "jpt": "จปฐ.",
    "kchch2k": "กชช.๒ค.",
    "other": "อื่น ๆ",
}

# Seed 004: short-term plans are "Quick win ระยะ ๕ เดือน", long-term "๑ ปีขึ้นไป".
TIMEFRAMES: dict[str, str] = {
    "quick_win": "ระยะสั้น (Quick win ไม่เกิน ๕ เดือน)",
    "long_term": "ระยะยาว (๑ ปีขึ้นไป)",
}

BUDGET_SOURCES: dict[str, str] = {
    "moi": "งบประมาณกระทรวงมหาดไทย / กรม",
    "province": "งบประมาณจังหวัด / กลุ่มจังหวัด",
    "local_government": "งบประมาณองค์กรปกครองส่วนท้องถิ่น",
    "private": "ภาคเอกชน / เงินบริจาค",
    "community": "กองทุนชุมชน / ประชาชนร่วมสมทบ",
    "other": "แหล่งอื่น ๆ",
}

VALUE_CHAIN: dict[str, str] = {
    "chain_upstream": "ต้นทาง",
    "chain_midstream": "กลางทาง",
    "chain_downstream": "ปลายทาง",
}

AGENCY_GROUPS: dict[str, str] = {
    "moi": "ส่วนราชการระดับกรมและรัฐวิสาหกิจในสังกัดกระทรวงมหาดไทย",
    "area": "ส่วนราชการในระดับพื้นที่จังหวัด",
}

AGENCY_KINDS: dict[str, str] = {
    "department": "กรม",
    "state_enterprise": "รัฐวิสาหกิจ",
    "provincial": "ส่วนราชการจังหวัด",
    "local_government": "องค์กรปกครองส่วนท้องถิ่น",
    "academic": "สถาบันการศึกษา",
    "private": "ภาคเอกชน",
    "religious": "ภาคศาสนา",
    "other": "อื่น ๆ",
}

PHOTO_STAGES: dict[str, str] = {"before": "ก่อนดำเนินการ", "after": "หลังดำเนินการ"}

# 5W1H, in the order seed 004 gives it: ใคร ทำอะไร ที่ไหน เมื่อไร (ทำไม) อย่างไร.
FIVE_W_ONE_H: dict[str, str] = {
    "who": "ใคร",
    "what": "ทำอะไร",
    "where_": "ที่ไหน",
    "when_": "เมื่อไร",
    "why": "ทำไม",
    "how": "อย่างไร",
}

PROJECT_TEXT_FIELDS = ("objectives", "problem", "data_source_note", "villages", "notes", *VALUE_CHAIN)
PROJECT_FIELDS = (
    "title", "category", "district_code", "data_source", "timeframe", "start_date", "end_date",
    "households_target", "persons_target", "project_value", "status", "progress", "no_budget",
    *PROJECT_TEXT_FIELDS,
)  # fmt: skip
ACTIVITY_TEXT_FIELDS = ("place", "before_text", "after_text", *FIVE_W_ONE_H)
ACTIVITY_FIELDS = (
    "title", "start_date", "end_date", "agency_id", "budget_planned", "households_actual", "persons_actual",
    "progress", "sort", *ACTIVITY_TEXT_FIELDS,
)  # fmt: skip

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def text_value(value: Any, *, multiline: bool = True) -> str | None:
    if value is None:
        return None
    text = normalize_text(str(value), multiline=multiline)
    return text or None


def amount_value(value: Any, label: str, field: str, *, allow_none: bool = True) -> float | None:
    """Baht from a number or text ("๑๒,๕๐๐", "12500 บาท"); never negative."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise UserError(f"กรุณากรอก{label}", field=field)
    if isinstance(value, bool):
        raise UserError(f"{label}ต้องเป็นตัวเลข", field=field)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = to_arabic_digits(normalize_text(str(value))).replace(",", "").replace("บาท", "").strip()
        if not _NUMBER.match(text):
            raise UserError(f"{label}ต้องเป็นตัวเลข (ได้ “{value}”)", field=field)
        number = float(text)
    if number < 0:
        raise UserError(f"{label}ติดลบไม่ได้", field=field)
    return round(number, 2)


def count_value(value: Any, label: str, field: str) -> int | None:
    number = amount_value(value, label, field)
    if number is None:
        return None
    if not float(number).is_integer():
        raise UserError(f"{label}ต้องเป็นจำนวนเต็ม", field=field)
    return int(number)


def progress_value(value: Any, field: str = "progress") -> int:
    number = count_value(value, "ความก้าวหน้า", field)
    if number is None:
        return 0
    if number > 100:
        raise UserError("ความก้าวหน้าต้องอยู่ระหว่าง ๐ ถึง ๑๐๐", field=field)
    return number


def date_value(value: Any, label: str, field: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_thai_date(value).isoformat()
    except UserError as exc:
        raise UserError(f"{label}: {exc.message}", field=field) from None


def check_dates(start: str | None, end: str | None, field: str = "end_date") -> None:
    if start and end and date.fromisoformat(end) < date.fromisoformat(start):
        raise UserError("วันสิ้นสุดอยู่ก่อนวันเริ่มต้น", field=field)


def choice_value(value: Any, choices: dict[str, str], label: str, field: str, *,
                 default: str | None = None) -> str | None:
    """A code from `choices`, given the code or its Thai label."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    text = normalize_text(str(value))
    if text in choices:
        return text
    for code, name in choices.items():
        if normalize_text(name) == text:
            return code
    raise UserError(f"{label} “{text}” ไม่อยู่ในรายการ", field=field)


def clean_project(db: Database, values: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Checked, normalised project fields (only those given when `partial`)."""
    out: dict[str, Any] = {}
    given = set(values) if partial else set(PROJECT_FIELDS)

    def want(name: str) -> bool:
        return name in given

    if want("title"):
        out["title"] = text_value(values.get("title"), multiline=False)
        if not out["title"]:
            raise UserError("กรุณากรอกชื่อโครงการ", field="title")
    if want("category"):
        category = values.get("category")
        try:
            category = int(to_arabic_digits(str(category))) if category not in (None, "") else None
        except ValueError:
            category = None
        if category is None or not db.execute("SELECT 1 FROM project_categories WHERE code = ?", [category]).fetchone():
            raise UserError("กรุณาเลือกประเภทโครงการ (๑–๕)", field="category")
        out["category"] = category
    if want("district_code"):
        code = text_value(values.get("district_code"), multiline=False)
        if code and not db.execute("SELECT 1 FROM districts WHERE district_code = ?", [code]).fetchone():
            raise UserError(f"ไม่พบรหัสอำเภอ {code}", field="district_code")
        out["district_code"] = code
    if want("data_source"):
        out["data_source"] = choice_value(values.get("data_source"), DATA_SOURCES, "แหล่งข้อมูลปัญหา", "data_source")
    if want("timeframe"):
        out["timeframe"] = choice_value(values.get("timeframe"), TIMEFRAMES, "ระยะเวลา", "timeframe")
    if want("status"):
        out["status"] = choice_value(values.get("status"), STATUSES, "สถานะ", "status", default="planned")
    if want("progress"):
        out["progress"] = progress_value(values.get("progress"))
    if want("no_budget"):
        out["no_budget"] = 1 if values.get("no_budget") else 0
    for name, label in (("start_date", "วันเริ่มต้น"), ("end_date", "วันสิ้นสุด")):
        if want(name):
            out[name] = date_value(values.get(name), label, name)
    for name, label in (("households_target", "จำนวนครัวเรือนเป้าหมาย"), ("persons_target", "จำนวนคนเป้าหมาย")):
        if want(name):
            out[name] = count_value(values.get(name), label, name)
    if want("project_value"):
        out["project_value"] = amount_value(values.get("project_value"), "มูลค่าโครงการ", "project_value")
    for name in PROJECT_TEXT_FIELDS:
        if want(name):
            out[name] = text_value(values.get(name), multiline=name != "villages")
    if not partial:
        check_dates(out.get("start_date"), out.get("end_date"))
    return out


def clean_activity(db: Database, values: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    given = set(values) if partial else set(ACTIVITY_FIELDS)
    if "title" in given:
        out["title"] = text_value(values.get("title"), multiline=False)
        if not out["title"]:
            raise UserError("กรุณากรอกชื่อกิจกรรม", field="title")
    for name, label in (("start_date", "วันเริ่มต้น"), ("end_date", "วันสิ้นสุด")):
        if name in given:
            out[name] = date_value(values.get(name), label, name)
    if "agency_id" in given:
        agency = values.get("agency_id") or None
        if agency and not db.execute("SELECT 1 FROM agencies WHERE id = ?", [agency]).fetchone():
            raise UserError("ไม่พบหน่วยงานที่เลือก", field="agency_id")
        out["agency_id"] = agency
    if "budget_planned" in given:
        out["budget_planned"] = amount_value(values.get("budget_planned"), "งบประมาณที่วางแผน", "budget_planned")
    for name, label in (("households_actual", "จำนวนครัวเรือนที่ได้รับประโยชน์"),
                        ("persons_actual", "จำนวนคนที่ได้รับประโยชน์")):
        if name in given:
            out[name] = count_value(values.get(name), label, name)
    if "progress" in given:
        out["progress"] = progress_value(values.get("progress"))
    if "sort" in given and values.get("sort") is not None:
        out["sort"] = int(values["sort"])
    for name in ACTIVITY_TEXT_FIELDS:
        if name in given:
            out[name] = text_value(values.get(name), multiline=name not in ("place",))
    if not partial:
        check_dates(out.get("start_date"), out.get("end_date"))
    return out
