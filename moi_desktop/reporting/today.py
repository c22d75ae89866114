"""What a clerk must do today (the home page's first section), read in one place:

today's training sessions and meetings, reporting periods due this week (and overdue or just
sent), overdue household cases, overdue orders, bundles still waiting for the province's receipt,
and at a province the status board of each obligation's current period.

Meetings come from moi_desktop.meetings (today's meetings and their overdue follow-up actions)
when that area is installed and the user may see it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from moi_desktop.db import Database
from moi_desktop.reporting.calendar import PeriodStatus, current_period, due_this_week, obligations
from moi_desktop.reporting.orders import Order, overdue_orders
from moi_desktop.security.session import allowed


@dataclass(frozen=True)
class SessionToday:
    training: str
    label: str
    starts_at: str
    venue: str


@dataclass(frozen=True)
class BoardSummary:
    obligation: str
    period: str
    period_label: str
    sent: int
    late: int
    missing: int


@dataclass
class DaySummary:
    today: date
    sessions: list[SessionToday] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)  # "… ครั้งที่ ๓/๒๕๖๙ เวลา ๐๙.๓๐ น. ณ ห้องประชุม…"
    meetings_available: bool = False
    overdue_meeting_actions: list[dict[str, Any]] = field(default_factory=list)
    due: list[PeriodStatus] = field(default_factory=list)
    overdue_cases: int = 0
    overdue_orders: list[Order] = field(default_factory=list)
    awaiting_receipt: int = 0
    boards: list[BoardSummary] = field(default_factory=list)


def _sessions(db: Database, today: date) -> list[SessionToday]:
    if "training_sessions" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT t.name, coalesce(s.label, s.slot), s.starts_at, coalesce(t.venue, '') FROM training_sessions s "
        "JOIN trainings t ON t.id = s.training_id WHERE s.deleted_at IS NULL AND t.deleted_at IS NULL "
        "AND s.day = ? ORDER BY s.starts_at", [today.isoformat()]).fetchall()
    return [SessionToday(*r) for r in rows]


def _meetings(db: Database, today: date, out: DaySummary) -> None:
    try:  # an optional area: an installation without it lists no meetings
        module = importlib.import_module("moi_desktop.meetings")
    except ModuleNotFoundError:
        return
    if "meetings" not in db.table_names() or not allowed(db, "meetings.view"):
        return
    out.meetings_available = True
    out.meetings = [m.title for m in module.meetings_on(db, today)]
    out.overdue_meeting_actions = list(module.overdue_actions(db, today))


def day_summary(db: Database, today: date) -> DaySummary:
    """Everything the home page lists for `today`; parts the user may not see are left empty."""
    # deferred: loaded only for what this office shows (a province's board, cases)
    from moi_desktop.exchange.province import is_province_office

    out = DaySummary(today)
    if allowed(db, "trainings.view"):
        out.sessions = _sessions(db, today)
    _meetings(db, today, out)
    if allowed(db, "reporting.view"):
        province = is_province_office(db)
        if not province:  # a province receives these reports: its board stands for them
            out.due = due_this_week(db, today)
        out.overdue_orders = overdue_orders(db, today)
        out.awaiting_receipt = db.execute(
            "SELECT count(*) FROM bundles_sent WHERE confirmed_at IS NULL").fetchone()[0]
        if province:
            # deferred: loaded only for what this office shows (a province's board, cases)
            from moi_desktop.reporting.periods import period_label
            from moi_desktop.reporting.province import status_board

            for ob in obligations(db):
                period = current_period(ob, today)
                board = status_board(db, ob, [period])
                c = board.counts(period)
                out.boards.append(BoardSummary(ob.title, period, period_label(ob.rule, period, thai_digits=False),
                                               c["sent"], c["late"], c["missing"]))
    if allowed(db, "cases.view") and "cases" in db.table_names():
        # deferred: loaded only for what this office shows (a province's board, cases)
        from moi_desktop.cases.query import CaseQuery, count_cases

        out.overdue_cases = count_cases(db, CaseQuery(overdue=True), today=today)
    return out
