"""The seam between the attendance desk (ui/widgets/attendance_desk.py) and what it marks.

The desk decodes scans (trainings/scan.py), searches names, records substitutes (F2) and
walk-ins (F3) and takes marks back (Ctrl+Z); what a mark *is* belongs to a roll: a training's
roll call (`TrainingRoll`, the attendance table, the 80 % rule) or a meeting's own attendance
(`moi_desktop.meetings.attendance.MeetingRoll`, which never touches the trainings' tables).
"""

from datetime import datetime
from typing import Any, Protocol

from moi_desktop.db import Database
from moi_desktop.thai import to_thai_digits
from moi_desktop.trainings import scan
from moi_desktop.trainings.enrol import is_enrolled
from moi_desktop.trainings.marking import (
    MarkResult,
    last_marks,
    mark_member,
    mark_substitute,
    resolve,
    search_names,
    session_counts,
    undo_mark,
    walk_in,
)
from moi_desktop.trainings.schedule import require_session, session_label
from moi_desktop.trainings.store import require_training, training_title


class Roll(Protocol):
    """What the desk asks of the list it marks."""

    @property
    def title(self) -> str: ...  # the desk's heading

    @property
    def closed(self) -> bool: ...  # no more scanning (paper mode may still key back)

    @property
    def day(self) -> str | None: ...  # the ISO day the roll is for (None: any day); another day needs backdated

    backdated: bool  # the user confirmed marking another day's roll (บันทึกย้อนหลัง)

    @property
    def closed_message(self) -> tuple[str, str]: ...  # (headline, detail) shown when closed

    def counts(self) -> Any: ...  # registered, present, late, substitutes, percent

    def last_marks(self, limit: int = 15) -> list[dict[str, Any]]: ...

    def search_names(self, text: str, *, limit: int = 8, enrolled_only: bool = True) -> list[dict[str, Any]]: ...

    def resolve(self, code: scan.Code) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]: ...

    def is_registered(self, member_id: str) -> bool: ...

    def mark(self, member_id: str | None, *, method: str = "scan", now: datetime | None = None,
             code_kind: str = scan.MEMBER_ID, member: dict[str, Any] | None = None) -> MarkResult: ...

    def mark_substitute(self, member_id: str, for_member_id: str, *, method: str = "scan",
                        now: datetime | None = None) -> MarkResult: ...

    def walk_in(self, *, member_id: str | None = None, person: dict[str, Any] | None = None, method: str = "scan",
                now: datetime | None = None) -> MarkResult: ...

    def undo(self, member_id: str, *, now: datetime | None = None) -> None: ...


class TrainingRoll:
    """One roll call (session) of a training: the desk as it has always marked."""

    def __init__(self, db: Database, session_id: str) -> None:
        self.db = db
        self.session_id = session_id
        self.session = require_session(db, session_id)
        self.training = require_training(db, self.session["training_id"])
        self.backdated = False

    @property
    def title(self) -> str:
        return to_thai_digits(f"{training_title(self.training)} — {session_label(self.session)}")

    @property
    def closed(self) -> bool:
        return bool(self.session["closed_at"])

    @property
    def day(self) -> str | None:
        return str(self.session["day"])

    @property
    def closed_message(self) -> tuple[str, str]:
        return "รอบนี้ปิดการลงเวลาแล้ว", "เปิดรอบอีกครั้งก่อนลงเวลา หรือใช้ “บันทึกจากใบลงลายมือชื่อ”"

    def counts(self) -> Any:
        return session_counts(self.db, self.session_id)

    def last_marks(self, limit: int = 15) -> list[dict[str, Any]]:
        return last_marks(self.db, self.session_id, limit=limit)

    def search_names(self, text: str, *, limit: int = 8, enrolled_only: bool = True) -> list[dict[str, Any]]:
        return search_names(self.db, self.session_id, text, limit=limit, enrolled_only=enrolled_only)

    def resolve(self, code: scan.Code) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        return resolve(self.db, code, self.session_id)

    def is_registered(self, member_id: str) -> bool:
        return is_enrolled(self.db, self.training["id"], member_id)

    def mark(self, member_id: str | None, *, method: str = "scan", now: datetime | None = None,
             code_kind: str = scan.MEMBER_ID, member: dict[str, Any] | None = None) -> MarkResult:
        return mark_member(self.db, self.session_id, member_id, method=method, now=now, code_kind=code_kind,
                           member=member, backdated=self.backdated)

    def mark_substitute(self, member_id: str, for_member_id: str, *, method: str = "scan",
                        now: datetime | None = None) -> MarkResult:
        return mark_substitute(self.db, self.session_id, member_id, for_member_id, method=method, now=now,
                               backdated=self.backdated)

    def walk_in(self, *, member_id: str | None = None, person: dict[str, Any] | None = None, method: str = "scan",
                now: datetime | None = None) -> MarkResult:
        return walk_in(self.db, self.session_id, member_id=member_id, person=person, method=method, now=now,
                       backdated=self.backdated)

    def undo(self, member_id: str, *, now: datetime | None = None) -> None:
        undo_mark(self.db, self.session_id, member_id, now=now)
