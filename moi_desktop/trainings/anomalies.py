"""What the seeds complained about, made visible: substitutes, walk-ins, double scans, unknown
codes, marks by one operator faster than a person can walk up to the desk, and marks recorded on
another day than their roll call's (บันทึกย้อนหลัง)."""

from dataclasses import dataclass
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import parse_iso
from moi_desktop.members.model import display_name
from moi_desktop.thai import format_thai_date, format_thai_datetime
from moi_desktop.trainings.model import FAST_MARK_SECONDS
from moi_desktop.trainings.store import require_training

KINDS_TH = {
    "substitute": "มาแทนผู้ลงทะเบียน",
    "walk_in": "ลงทะเบียนหน้างาน",
    "double_scan": "สแกนซ้ำ",
    "not_registered": "ไม่มีชื่อในรายชื่อ",
    "fast_marks": "ลงเวลาเร็วผิดปกติ",
    "backdated": "บันทึกย้อนหลัง",
}


@dataclass
class Anomaly:
    kind: str
    session_id: str
    at: str  # UTC ISO
    member_id: str | None
    name: str
    detail: str
    by_user: str

    @property
    def kind_th(self) -> str:
        return KINDS_TH[self.kind]


def _name(row: tuple[Any, ...] | None) -> str:
    return display_name({"title": row[0], "first_name": row[1], "last_name": row[2]}) if row and row[1] else "-"


def anomalies(db: Database, training_id: str, *, fast_seconds: float = FAST_MARK_SECONDS) -> list[Anomaly]:
    """Every anomaly of the training, ordered by time."""
    require_training(db, training_id)
    names: dict[str, str] = {}

    def name(member_id: str | None) -> str:
        if member_id is None:
            return "ไม่ทราบชื่อ (รหัสไม่ตรงกับทะเบียน)"
        if member_id not in names:
            row = db.execute("SELECT title, first_name, last_name FROM members WHERE id = ?", [member_id]).fetchone()
            names[member_id] = _name(row)
        return names[member_id]

    found: list[Anomaly] = []
    events = db.execute(
        "SELECT e.session_id, e.member_id, e.result, e.at, e.by_user, e.method, e.detail FROM attendance_events e "
        "JOIN training_sessions s ON s.id = e.session_id WHERE s.training_id = ? AND s.deleted_at IS NULL "
        "AND e.deleted_at IS NULL ORDER BY e.by_user, e.session_id, e.at", [training_id],
    ).fetchall()
    # Substitutes still standing (undone marks are not anomalies any more) come from attendance.
    for session_id, member_id, marked_at, by_user, for_id in db.execute(
        "SELECT a.session_id, a.member_id, a.marked_at, a.marked_by, a.substitute_for FROM attendance a "
        "JOIN training_sessions s ON s.id = a.session_id WHERE s.training_id = ? AND s.deleted_at IS NULL "
        "AND a.deleted_at IS NULL AND a.substitute_for IS NOT NULL", [training_id],
    ):
        found.append(Anomaly("substitute", session_id, marked_at, member_id, name(member_id),
                             f"มาแทน {name(for_id)}", by_user))
    for session_id, member_id, marked_at, by_user, day in db.execute(
        "SELECT a.session_id, a.member_id, a.marked_at, a.marked_by, s.day FROM attendance a "
        "JOIN training_sessions s ON s.id = a.session_id WHERE s.training_id = ? AND s.deleted_at IS NULL "
        "AND a.deleted_at IS NULL AND a.backdated = 1", [training_id],
    ):
        found.append(Anomaly("backdated", session_id, marked_at, member_id, name(member_id),
                             f"ลงเวลาในรอบของวันที่ {format_thai_date(day)} เมื่อ "
                             f"{format_thai_datetime(marked_at)}", by_user))
    previous: tuple[tuple[str, str], str, str | None] | None = None  # ((operator, session), at, member)
    doubles: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for session_id, member_id, result, at, by_user, method, _detail in events:
        if result == "walk_in":
            found.append(Anomaly("walk_in", session_id, at, member_id, name(member_id), "ลงทะเบียนและลงเวลาหน้างาน",
                                 by_user))
        elif result == "already":
            doubles.setdefault((session_id, member_id), []).append((at, by_user))
        elif result == "not_registered":
            found.append(Anomaly("not_registered", session_id, at, member_id, name(member_id),
                                 "สแกนแล้วไม่พบในรายชื่อผู้เข้าอบรม", by_user))
        if result in ("present", "late", "substitute", "walk_in") and method in ("scan", "typed"):
            if previous and previous[0] == (by_user, session_id):
                gap = (parse_iso(at) - parse_iso(previous[1])).total_seconds()
                if 0 <= gap < fast_seconds:
                    found.append(Anomaly("fast_marks", session_id, at, member_id, name(member_id),
                                         f"ห่างจากรายการก่อนหน้า {gap:.1f} วินาที ({name(previous[2])})", by_user))
            previous = ((by_user, session_id), at, member_id)
    for (session_id, member_id), scans in doubles.items():
        found.append(Anomaly("double_scan", session_id, scans[0][0], member_id, name(member_id),
                             f"สแกนซ้ำ {len(scans)} ครั้ง", scans[0][1]))
    return sorted(found, key=lambda a: (a.at, a.kind))
