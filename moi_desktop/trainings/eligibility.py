"""Who reaches the certificate threshold: attendance over ALL scheduled sessions, not just past ones.

attended = present + late (+ excused when the training counts ลา); percent = attended / scheduled.
While the course runs, "can still reach" asks whether attending every session not yet decided for
the person (open sessions they have no mark in) would lift them to the threshold.
"""

import math
from dataclasses import asdict, dataclass
from typing import Any

from moi_desktop.db import Database
from moi_desktop.members.model import display_name
from moi_desktop.trainings.store import require_training

ELIGIBLE, CAN_REACH, CANNOT_REACH = "eligible", "can_reach", "cannot_reach"
STATUS_TH = {ELIGIBLE: "ผ่านเกณฑ์", CAN_REACH: "ยังผ่านเกณฑ์ได้", CANNOT_REACH: "ไม่ผ่านเกณฑ์"}
_EPSILON = 1e-9


@dataclass
class Eligibility:
    member_id: str
    name: str
    organisation: str | None
    sector_name: str
    district_name: str | None
    source: str  # how they were enrolled (picked / import / walk_in / substitute)
    scheduled: int
    present: int
    late: int
    excused: int
    absent: int
    undecided: int  # open sessions with no mark yet
    substituted: int  # sessions someone else attended on their behalf
    stood_in: int  # sessions they attended for someone else
    attended: int  # what counts towards the threshold
    percent: float
    needed: int  # sessions to count for the threshold
    status: str

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    @property
    def status_th(self) -> str:
        return STATUS_TH[self.status]

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"status_th": self.status_th}


def sessions_needed(scheduled: int, threshold_pct: float) -> int:
    """Smallest number of sessions that reaches the threshold (80 % of 12 → 10)."""
    return math.ceil(scheduled * threshold_pct / 100 - _EPSILON)


def eligibility(db: Database, training_id: str, *, member_ids: list[str] | None = None) -> list[Eligibility]:
    """One entry per enrolled person, in Thai name order."""
    training = require_training(db, training_id)
    threshold, excused_counts = training["threshold_pct"], bool(training["excused_counts"])
    scheduled, open_sessions = db.execute(
        "SELECT count(*), coalesce(sum(closed_at IS NULL), 0) FROM training_sessions "
        "WHERE training_id = ? AND deleted_at IS NULL", [training_id],
    ).fetchone()
    needed = sessions_needed(scheduled, threshold)
    marks = {
        r[0]: r[1:] for r in db.execute(
            """
            SELECT a.member_id, sum(a.status = 'present'), sum(a.status = 'late'), sum(a.status = 'excused'),
                   sum(a.status = 'absent'), sum(s.closed_at IS NULL), sum(a.substitute_for IS NOT NULL)
            FROM attendance a JOIN training_sessions s ON s.id = a.session_id
            WHERE s.training_id = ? AND s.deleted_at IS NULL AND a.deleted_at IS NULL
            GROUP BY a.member_id
            """, [training_id],
        )
    }
    substituted = dict(db.execute(
        "SELECT a.substitute_for, count(*) FROM attendance a JOIN training_sessions s ON s.id = a.session_id "
        "WHERE s.training_id = ? AND s.deleted_at IS NULL AND a.deleted_at IS NULL AND a.substitute_for IS NOT NULL "
        "AND a.status IN ('present', 'late') GROUP BY a.substitute_for", [training_id],
    ).fetchall())
    people = db.execute(
        "SELECT m.id, m.title, m.first_name, m.last_name, m.organisation, s.name_th, d.name_th, e.source "
        "FROM enrolments e JOIN members m ON m.id = e.member_id JOIN sectors s ON s.code = m.sector "
        "LEFT JOIN districts d ON d.district_code = e.district_code "
        "WHERE e.training_id = ? AND e.deleted_at IS NULL ORDER BY m.name_sort, m.id", [training_id],
    ).fetchall()
    wanted = set(member_ids) if member_ids is not None else None
    out: list[Eligibility] = []
    for mid, title, first, last, org, sector, district, source in people:
        if wanted is not None and mid not in wanted:
            continue
        present, late, excused, absent, marked_open, stood_in = marks.get(mid, (0, 0, 0, 0, 0, 0))
        attended = present + late + (excused if excused_counts else 0)
        undecided = max(open_sessions - marked_open, 0)
        percent = round(100.0 * attended / scheduled, 1) if scheduled else 0.0
        if scheduled and attended >= needed:
            status = ELIGIBLE
        elif scheduled and attended + undecided >= needed:
            status = CAN_REACH
        else:
            status = CANNOT_REACH
        out.append(Eligibility(
            mid, display_name({"title": title, "first_name": first, "last_name": last}), org, sector, district,
            source, scheduled, present, late, excused, absent, undecided, substituted.get(mid, 0), stood_in,
            attended, percent, needed, status,
        ))
    return out


def eligibility_summary(rows: list[Eligibility]) -> dict[str, int]:
    counts = {ELIGIBLE: 0, CAN_REACH: 0, CANNOT_REACH: 0}
    for row in rows:
        counts[row.status] += 1
    return {"enrolled": len(rows), **counts}
