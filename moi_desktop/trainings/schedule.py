"""The schedule: sessions (roll calls) for every day × เช้า / กลางวัน / เย็น, then edited freely.

Friday afternoons are kept free in the southern border areas (Friday prayers): generating a
schedule for a venue there warns about each such session and can leave them out.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, overload

from moi_desktop.db import Database, insert_row, soft_delete, undelete, update_row
from moi_desktop.errors import UserError
from moi_desktop.thai import format_thai_date, to_arabic_digits, to_thai_digits
from moi_desktop.trainings.model import DEFAULT_ROLL_CALLS, FRIDAY_NOON, SLOTS
from moi_desktop.trainings.store import as_date, friday_areas, require_training

_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.]\s*(\d{2})\s*(?:น\.?)?\s*$")
# (slot, starts_at, late_after, ends_at) of one roll call a day
RollCall = tuple[str, str, str | None, str | None]


@overload
def clean_time(text: object, field: str = ..., *, required: Literal[True] = ...) -> str: ...
@overload
def clean_time(text: object, field: str = ..., *, required: bool) -> str | None: ...
def clean_time(text: object, field: str = "starts_at", *, required: bool = True) -> str | None:
    """"8.30", "08:30", "๘.๓๐ น." → "08:30"."""
    if text in (None, ""):
        if required:
            raise UserError("กรุณาระบุเวลา", field=field)
        return None
    m = _TIME.match(to_arabic_digits(str(text)))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise UserError(f"เวลา '{text}' ไม่ถูกต้อง — ใช้รูปแบบ ๐๘.๓๐", field=field)
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def is_friday_afternoon(day: str | date, starts_at: str, ends_at: str | None = None) -> bool:
    d = as_date(day, "day")
    return d.weekday() == 4 and (starts_at >= FRIDAY_NOON or bool(ends_at and ends_at > FRIDAY_NOON))


def in_friday_area(db: Database, training: Mapping[str, Any]) -> bool:
    areas = set(friday_areas(db))
    return bool({training.get("venue_province_code"), training.get("venue_district_code")} & areas)


@dataclass
class ScheduleResult:
    created: list[str] = field(default_factory=list)
    # sessions (planned) on Friday afternoon
    friday_afternoon: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # those left out on request

    @property
    def warnings(self) -> list[str]:
        return [f"{session_label(s)} ตรงกับบ่ายวันศุกร์ (ละหมาดวันศุกร์) ในพื้นที่จังหวัดชายแดนภาคใต้"
                for s in self.friday_afternoon]


def plan_sessions(training: Mapping[str, Any],
                  roll_calls: Iterable[RollCall] = DEFAULT_ROLL_CALLS) -> list[dict[str, Any]]:
    """Every day × roll call of the training, as rows not yet stored."""
    start = as_date(training["start_date"], "start_date")
    end = as_date(training["end_date"], "end_date")
    planned = []
    day = start
    while day <= end:
        for slot, starts_at, late_after, ends_at in roll_calls:
            planned.append({
                "training_id": training["id"], "day": day.isoformat(), "slot": slot, "label": SLOTS.get(slot),
                "starts_at": clean_time(starts_at), "late_after": clean_time(late_after, "late_after", required=False),
                "ends_at": clean_time(ends_at, "ends_at", required=False),
            })
        day += timedelta(days=1)
    return planned


def generate_sessions(db: Database, training_id: str, roll_calls: Iterable[RollCall] = DEFAULT_ROLL_CALLS, *,
                      skip_friday_afternoon: bool = False) -> ScheduleResult:
    """Create the day × roll-call sessions the training does not have yet (running it twice adds
    nothing). Friday-afternoon sessions in a listed area are reported, or left out on request."""
    training = require_training(db, training_id)
    existing = {(s["day"], s["slot"]) for s in sessions(db, training_id)}
    friday_area = in_friday_area(db, training)
    result = ScheduleResult()
    with db.atomic():
        for planned in plan_sessions(training, roll_calls):
            if (planned["day"], planned["slot"]) in existing:
                continue
            friday = friday_area and is_friday_afternoon(planned["day"], planned["starts_at"], planned["ends_at"])
            if friday:
                result.friday_afternoon.append(planned)
                if skip_friday_afternoon:
                    result.skipped.append(planned)
                    continue
            result.created.append(insert_row(db, "training_sessions", planned))
    return result


def friday_conflicts(db: Database, training_id: str) -> list[dict[str, Any]]:
    """Stored sessions that fall on a Friday afternoon, when the venue is in a listed area."""
    training = require_training(db, training_id)
    if not in_friday_area(db, training):
        return []
    return [s for s in sessions(db, training_id) if is_friday_afternoon(s["day"], s["starts_at"], s["ends_at"])]


def sessions(db: Database, training_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT * FROM training_sessions WHERE training_id = ? AND deleted_at IS NULL ORDER BY day, starts_at, id",
        [training_id],
    )]


def get_session(db: Database, session_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM training_sessions WHERE id = ? AND deleted_at IS NULL", [session_id]))
    return rows[0] if rows else None


def require_session(db: Database, session_id: str) -> dict[str, Any]:
    session = get_session(db, session_id)
    if session is None:
        raise UserError("ไม่พบรอบลงเวลาที่ระบุ (อาจถูกลบไปแล้ว)", field="session")
    return session


def _clean_session(training: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, str | None]:
    day = as_date(data.get("day"), "day")
    start, end = as_date(training["start_date"], "day"), as_date(training["end_date"], "day")
    if not start <= day <= end:
        raise UserError("วันของรอบลงเวลาอยู่นอกช่วงวันอบรม", field="day")
    slot = data.get("slot") or "other"
    if slot not in SLOTS:
        raise UserError(f"ไม่รู้จักช่วงเวลา '{slot}'", field="slot")
    starts_at = clean_time(data.get("starts_at"))
    late_after = clean_time(data.get("late_after"), "late_after", required=False)
    ends_at = clean_time(data.get("ends_at"), "ends_at", required=False)
    if late_after and late_after < starts_at:
        raise UserError("เวลาเริ่มนับว่าสายต้องไม่ก่อนเวลาเริ่มรอบ", field="late_after")
    if ends_at and ends_at < starts_at:
        raise UserError("เวลาสิ้นสุดต้องไม่ก่อนเวลาเริ่ม", field="ends_at")
    return {
        "day": day.isoformat(), "slot": slot, "label": (data.get("label") or "").strip() or SLOTS[slot],
        "starts_at": starts_at, "late_after": late_after, "ends_at": ends_at,
    }


def add_session(db: Database, training_id: str, data: Mapping[str, Any]) -> str:
    training = require_training(db, training_id)
    return insert_row(db, "training_sessions", {"training_id": training_id, **_clean_session(training, data)})


def update_session(db: Database, session_id: str, changes: Mapping[str, Any]) -> None:
    session = require_session(db, session_id)
    training = require_training(db, session["training_id"])
    merged = {k: session[k] for k in ("day", "slot", "label", "starts_at", "late_after", "ends_at")}
    merged.update(changes)
    values = _clean_session(training, merged)
    diff = {k: v for k, v in values.items() if session.get(k) != v}
    if diff:
        update_row(db, "training_sessions", session_id, diff)


def delete_session(db: Database, session_id: str) -> None:
    """Remove a session from the schedule; one with marks is refused (its evidence would vanish)."""
    require_session(db, session_id)
    marked = db.execute(
        "SELECT count(*) FROM attendance WHERE session_id = ? AND deleted_at IS NULL AND method != 'close'",
        [session_id],
    ).fetchone()[0]
    if marked:
        raise UserError(f"รอบนี้มีการลงเวลาแล้ว {marked} คน ลบไม่ได้")
    soft_delete(db, "training_sessions", session_id)


def restore_session(db: Database, session_id: str) -> None:
    """Undo delete_session: the roll call is back on the schedule."""
    row = db.execute("SELECT deleted_at FROM training_sessions WHERE id = ?", [session_id]).fetchone()
    if row is None or row[0] is None:
        raise UserError("ไม่พบรอบลงเวลาที่ลบไว้", field="session")
    undelete(db, "training_sessions", session_id)


def session_label(session: Mapping[str, Any], *, style: str = "medium", thai_digits: bool = True) -> str:
    """"๖ ส.ค. ๒๕๖๕ ภาคเช้า (๐๘:๓๐)"."""
    label = session.get("label") or SLOTS.get(session["slot"], "")
    text = f"{format_thai_date(session['day'], style, thai_digits)} {label}"
    time = session["starts_at"]
    if thai_digits:
        time = to_thai_digits(time)
    return f"{text} ({time} น.)"
