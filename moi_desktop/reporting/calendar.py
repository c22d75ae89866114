"""The reporting calendar: this office's obligations, their periods and each period's state.

    obligations(db)                          -> [Obligation] (active first, in order)
    add_obligation(db, code=..., title=..., kind="monthly", due_day=3, reports=[...])
    period_status(db, obligation, period, today) -> PeriodStatus (due date, state, submission)
    calendar_entries(db, today, days_ahead=7)    -> periods due soon or overdue, for the home page
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.rows import insert_row, set_meta, update_row
from moi_desktop.errors import UserError
from moi_desktop.reporting.periods import (
    DEFAULT_WARN_DAYS,
    KINDS,
    ONCE,
    STATES,
    Rule,
    check_period,
    due_date,
    period_bounds,
    period_label,
    period_of,
    period_state,
    periods_due_between,
    previous_period,
)
from moi_desktop.security.session import require
from moi_desktop.thai.dates import parse_thai_date
from moi_desktop.thai.digits import to_arabic_digits
from moi_desktop.thai.text import clean_text

WARN_DAYS_KEY = "reporting.warn_days"
_CODE = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
LOOKBACK_DAYS = 120  # the calendar shows overdue periods due at most this long ago
HOME_LOOKBACK_DAYS = 35  # the home page: overdue periods of the last month or so


@dataclass(frozen=True)
class Obligation:
    id: str
    code: str
    title: str
    kind: str
    due_day: int
    due_date: date | None
    recipient: str
    reports: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    first_period: str | None = None
    active: bool = True
    sort: int = 0

    @property
    def rule(self) -> Rule:
        return Rule(self.kind, self.due_day, self.due_date)

    @property
    def rule_text(self) -> str:
        if self.kind == ONCE and self.due_date is not None:
            return f"ครั้งเดียว ภายใน {self.due_date.isoformat()}"
        after = "เดือนถัดไป" if self.kind == "monthly" else "เดือนถัดจากสิ้นไตรมาส"
        return f"{KINDS[self.kind]} ภายในวันที่ {self.due_day} ของ{after}"


@dataclass(frozen=True)
class PeriodStatus:
    obligation: Obligation
    period: str
    label: str
    start: date
    end: date
    due: date
    state: str
    built_at: str | None = None  # UTC ISO, the latest submission built for it
    built_on: date | None = None
    folder: str | None = None
    memo_number: str | None = None
    receipt_at: str | None = None  # the province's receipt of its bundle (closes it)

    @property
    def state_th(self) -> str:
        return STATES[self.state]


def _row_to_obligation(row: dict[str, Any]) -> Obligation:
    reports = [(str(k), dict(p or {})) for k, p in json.loads(row["reports"] or "[]")]
    return Obligation(
        id=row["id"], code=row["code"], title=row["title"], kind=row["kind"], due_day=row["due_day"] or 0,
        due_date=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        recipient=row["recipient"] or "", reports=reports, first_period=row["first_period"],
        active=bool(row["active"]), sort=row["sort"] or 0,
    )


def _own_rows(db: Database, where: str = "1 = 1", params: list | None = None) -> list[dict[str, Any]]:
    cursor = db.execute(
        f"SELECT * FROM reporting_obligations WHERE deleted_at IS NULL AND {where} "  # noqa: S608 (fixed SQL)
        "ORDER BY active DESC, sort, code", params or [])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]


def obligations(db: Database, *, include_inactive: bool = False) -> list[Obligation]:
    found = [_row_to_obligation(r) for r in _own_rows(db)]
    return found if include_inactive else [o for o in found if o.active]


def get_obligation(db: Database, code_or_id: str) -> Obligation:
    rows = _own_rows(db, "(code = ? OR id = ?)", [code_or_id, code_or_id])
    if not rows:
        raise UserError(f"ไม่พบรายการในปฏิทินการรายงาน '{code_or_id}' (ดูด้วยคำสั่ง calendar list)",
                        field="obligation")
    return _row_to_obligation(rows[0])


def _check_reports(reports: Any) -> list[list[Any]]:
    # deferred: the report registry loads reportlab; the calendar is read when the home page opens
    from moi_desktop.reports import get_report

    checked = []
    for item in reports or []:
        key, params = (item, {}) if isinstance(item, str) else (item[0], item[1] if len(item) > 1 else {})
        get_report(str(key))  # unknown key: UserError naming it
        checked.append([str(key), {str(k): str(v) for k, v in dict(params).items()}])
    return checked


def _values(code: str | None, title: str | None, kind: str | None, due_day: Any, due_on: Any,
            recipient: str | None, reports: Any, first_period: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if code is not None:
        code = clean_text(code).lower()
        if not _CODE.match(code):
            raise UserError("รหัสรายการต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข - หรือ _ (๒–๔๑ ตัว)", field="code")
        values["code"] = code
    if title is not None:
        title = clean_text(title)
        if not title:
            raise UserError("กรุณาระบุชื่อรายงาน", field="title")
        values["title"] = title
    if kind is not None:
        values["kind"] = kind
    if due_day is not None:
        try:
            values["due_day"] = int(to_arabic_digits(str(due_day)).strip())
        except ValueError:
            raise UserError("วันครบกำหนดต้องเป็นตัวเลข", field="due_day") from None
    if due_on is not None:
        values["due_date"] = parse_thai_date(due_on).isoformat() if due_on != "" else None
    if recipient is not None:
        values["recipient"] = clean_text(recipient)
    if reports is not None:
        values["reports"] = json.dumps(_check_reports(reports), ensure_ascii=False)
    if first_period is not None:
        values["first_period"] = clean_text(first_period) or None
    return values


def _check_rule(values: dict[str, Any]) -> None:
    rule = Rule(values["kind"], values.get("due_day") or 0,
                date.fromisoformat(values["due_date"]) if values.get("due_date") else None)
    if values.get("first_period"):
        check_period(rule, values["first_period"])


def add_obligation(db: Database, *, code: str, title: str, kind: str = "monthly", due_day: int | str = 0,
                   due_on: date | str | None = None, recipient: str = "", reports: Any = (),
                   first_period: str | None = None) -> Obligation:
    """Add a recurring (or one-off) obligation to this office's calendar. Needs reporting.manage."""
    require(db, "reporting.manage")
    values = _values(code, title, kind, due_day, due_on, recipient, list(reports), first_period)
    values.setdefault("due_day", 0)
    _check_rule(values)
    if _own_rows(db, "code = ?", [values["code"]]):
        raise UserError(f"มีรายการรหัส '{values['code']}' ในปฏิทินแล้ว", field="code")
    values["active"] = 1
    values["sort"] = 1 + (db.execute("SELECT coalesce(max(sort), 0) FROM reporting_obligations").fetchone()[0])
    new = insert_row(db, "reporting_obligations", values)
    return get_obligation(db, new)


def edit_obligation(db: Database, code_or_id: str, *, title: str | None = None, kind: str | None = None,
                    due_day: int | str | None = None, due_on: date | str | None = None,
                    recipient: str | None = None, reports: Any = None, first_period: str | None = None,
                    active: bool | None = None) -> Obligation:
    require(db, "reporting.manage")
    current = get_obligation(db, code_or_id)
    values = _values(None, title, kind, due_day, due_on, recipient, reports, first_period)
    if active is not None:
        values["active"] = int(active)
    merged = {"kind": current.kind, "due_day": current.due_day,
              "due_date": current.due_date.isoformat() if current.due_date else None,
              "first_period": current.first_period, **values}
    _check_rule(merged)
    if values:
        update_row(db, "reporting_obligations", current.id, values)
    return get_obligation(db, current.id)


def warn_days(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [WARN_DAYS_KEY]).fetchone()
    try:
        return int(row[0]) if row else DEFAULT_WARN_DAYS
    except ValueError:
        return DEFAULT_WARN_DAYS


def set_warn_days(db: Database, days: int | str) -> int:
    require(db, "reporting.manage")
    try:
        n = int(to_arabic_digits(str(days)).strip())
    except ValueError:
        raise UserError("จำนวนวันต้องเป็นตัวเลข", field="warn_days") from None
    if not 0 <= n <= 60:
        raise UserError("จำนวนวันเตือนล่วงหน้าต้องอยู่ระหว่าง ๐–๖๐ วัน", field="warn_days")
    set_meta(db, WARN_DAYS_KEY, str(n))
    return n


def _first_submission(db: Database, code: str, period: str) -> dict[str, Any] | None:
    row = db.execute(
        "SELECT s.built_at, s.built_on, s.folder, s.memo_number, b.confirmed_at FROM submissions s "
        "LEFT JOIN bundles_sent b ON b.id = s.bundle_id "
        "WHERE s.deleted_at IS NULL AND s.obligation_code = ? AND s.period = ? AND s.origin = "
        "(SELECT value FROM meta WHERE key = 'installation_id') ORDER BY s.built_at LIMIT 1",
        [code, period]).fetchone()
    if row is None:
        return None
    return {"built_at": row[0], "built_on": date.fromisoformat(row[1]), "folder": row[2], "memo_number": row[3],
            "receipt_at": row[4]}


def period_status(db: Database, obligation: Obligation, period: str, today: date,
                  *, warn: int | None = None) -> PeriodStatus:
    """A period's due date and state on `today`; the first submission built for it decides
    ส่งแล้ว / ส่งช้า (a later rebuild does not make a late period on time)."""
    rule = obligation.rule
    check_period(rule, period)
    start, end = period_bounds(rule, period)
    due = due_date(rule, period)
    sub = _first_submission(db, obligation.code, period)
    state = period_state(due, today, sub["built_on"] if sub else None,
                         warn_days=warn_days(db) if warn is None else warn)
    return PeriodStatus(
        obligation=obligation, period=period, label=period_label(rule, period, thai_digits=False),
        start=start, end=end, due=due, state=state,
        built_at=sub["built_at"] if sub else None, built_on=sub["built_on"] if sub else None,
        folder=sub["folder"] if sub else None, memo_number=sub["memo_number"] if sub else None,
        receipt_at=sub["receipt_at"] if sub else None,
    )


def current_period(obligation: Obligation, today: date) -> str:
    """The period a clerk works on today: the latest one that has ended (a month's report is
    written in the next month); a one-off obligation's only period."""
    rule = obligation.rule
    if rule.kind == ONCE:
        return ONCE
    return previous_period(rule, period_of(rule, today)) or ONCE


def submittable_periods(obligation: Obligation, today: date, count: int = 6) -> list[str]:
    """Periods one may submit now, newest first: the latest ended one and a few before it."""
    rule = obligation.rule
    if rule.kind == ONCE:
        return [ONCE]
    found = [current_period(obligation, today)]
    while len(found) < count:
        before = previous_period(rule, found[-1])
        if before is None or (obligation.first_period and before < obligation.first_period):
            break
        found.append(before)
    return found


def calendar_entries(db: Database, today: date, *, days_ahead: int = 7,
                     lookback_days: int = LOOKBACK_DAYS) -> list[PeriodStatus]:
    """Every period of an active obligation due between `lookback_days` ago and `days_ahead` from
    today, with its state, by due date. Needs reporting.view."""
    require(db, "reporting.view")
    warn = warn_days(db)
    entries = []
    for obligation in obligations(db):
        for period in periods_due_between(obligation.rule, today - timedelta(days=lookback_days),
                                          today + timedelta(days=days_ahead),
                                          first_period=obligation.first_period):
            entries.append(period_status(db, obligation, period, today, warn=warn))
    return sorted(entries, key=lambda e: (e.due, e.obligation.sort))


def due_this_week(db: Database, today: date) -> list[PeriodStatus]:
    """The home page's list: periods due within 7 days, overdue ones, and those sent recently."""
    return [e for e in calendar_entries(db, today, days_ahead=7, lookback_days=HOME_LOOKBACK_DAYS)
            if e.state not in ("submitted", "late") or (e.built_on and (today - e.built_on).days <= 7)]
