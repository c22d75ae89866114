"""Reporting periods and due dates: pure functions, no database.

Three kinds of rule:
- monthly: period "2026-11" (a calendar month), due on day N of the following month
  (period 2026-11 of the disbursement report is due 2026-12-03). Day 31 in a short month is
  its last day (day 31 after February 2027 → 2027-03-31; day 31 after March → 2027-04-30).
- quarterly: quarters of the Thai fiscal year (1 October – 30 September, named by the year it
  ends): period "2027-Q1" is October–December 2026 (ไตรมาส ๑ ปีงบประมาณ พ.ศ. ๒๕๗๐), due on day N
  of the month after the quarter (2027-01-N).
- once: one period "once", due on a fixed date.

A period's state on a given day: ส่งแล้ว / ส่งช้า once a submission was built (on or before / after
the due date, by the district's own date of building); otherwise เลยกำหนด after the due date,
ใกล้ครบกำหนด from `warn_days` days before it, ยังไม่ถึงกำหนด before that.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from moi_desktop.errors import UserError
from moi_desktop.thai.dates import THAI_MONTHS
from moi_desktop.thai.digits import to_thai_digits

KINDS = {"monthly": "รายเดือน", "quarterly": "รายไตรมาส", "once": "ครั้งเดียว"}
ONCE = "once"

NOT_DUE = "not_due"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
SUBMITTED = "submitted"
LATE = "late"
STATES = {
    NOT_DUE: "ยังไม่ถึงกำหนด",
    DUE_SOON: "ใกล้ครบกำหนด",
    OVERDUE: "เลยกำหนด",
    SUBMITTED: "ส่งแล้ว",
    LATE: "ส่งช้า",
}
DEFAULT_WARN_DAYS = 5

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Rule:
    kind: str  # monthly / quarterly / once
    due_day: int = 0  # day of the month after the period (monthly, quarterly)
    due_date: date | None = None  # once

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UserError(f"รอบการรายงาน '{self.kind}' ไม่รู้จัก (monthly / quarterly / once)", field="kind")
        if self.kind == ONCE:
            if self.due_date is None:
                raise UserError("กรุณาระบุวันครบกำหนดของรายงานครั้งเดียว", field="due_date")
        elif not 1 <= self.due_day <= 31:
            raise UserError("วันครบกำหนดต้องอยู่ระหว่างวันที่ ๑–๓๑", field="due_day")

    @property
    def fixed_date(self) -> date:
        """A one-off rule's due date (checked present when the rule was made)."""
        if self.due_date is None:
            raise ValueError("not a one-off rule")
        return self.due_date


def clamp_day(year: int, month: int, day: int) -> date:
    """Day `day` of the month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fiscal_quarter(day: date) -> tuple[int, int]:
    """(fiscal year CE, quarter 1–4) of a day: October–December is quarter 1 of the next year."""
    fiscal_year = day.year + 1 if day.month >= 10 else day.year
    quarter = ((day.month - 10) % 12) // 3 + 1
    return fiscal_year, quarter


def quarter_key(fiscal_year: int, quarter: int) -> str:
    return f"{fiscal_year:04d}-Q{quarter}"


def check_period(rule: Rule, period: str) -> str:
    """`period` if it is well-formed for `rule`, else a UserError naming the expected form."""
    ok = {"monthly": _MONTH, "quarterly": _QUARTER}.get(rule.kind)
    if rule.kind == ONCE:
        if period != ONCE:
            raise UserError("รายงานครั้งเดียวมีงวดเดียว (once)", field="period")
        return period
    m = ok.match(period) if ok is not None else None
    if m is None or (rule.kind == "monthly" and not 1 <= int(m.group(2)) <= 12):
        form = "ปปปป-ดด เช่น 2026-11" if rule.kind == "monthly" else "ปปปป-Qn เช่น 2027-Q1 (ปีงบประมาณ ค.ศ.)"
        raise UserError(f"งวด '{period}' ไม่ถูกต้อง ต้องเป็น {form}", field="period")
    return period


def period_bounds(rule: Rule, period: str) -> tuple[date, date]:
    """First and last day the period covers (once: from 1 Jan of its due year to the due date)."""
    check_period(rule, period)
    if rule.kind == ONCE:
        return date(rule.fixed_date.year, 1, 1), rule.fixed_date
    if rule.kind == "monthly":
        year, month = int(period[:4]), int(period[5:7])
        return date(year, month, 1), clamp_day(year, month, 31)
    fiscal_year, quarter = int(period[:4]), int(period[6])
    first_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    year = fiscal_year - 1 if first_month >= 10 else fiscal_year
    last_month = first_month + 2
    return date(year, first_month, 1), clamp_day(year, last_month, 31)


def due_date(rule: Rule, period: str) -> date:
    if rule.kind == ONCE:
        check_period(rule, period)
        return rule.fixed_date
    _, last = period_bounds(rule, period)
    year, month = _next_month(last.year, last.month)
    return clamp_day(year, month, rule.due_day)


def period_of(rule: Rule, day: date) -> str:
    """The period that contains `day`."""
    if rule.kind == ONCE:
        return ONCE
    if rule.kind == "monthly":
        return month_key(day.year, day.month)
    return quarter_key(*fiscal_quarter(day))


def previous_period(rule: Rule, period: str) -> str | None:
    if rule.kind == ONCE:
        return None
    first, _ = period_bounds(rule, period)
    year, month = (first.year - 1, 12) if first.month == 1 else (first.year, first.month - 1)
    return period_of(rule, date(year, month, 1))


def next_period(rule: Rule, period: str) -> str | None:
    if rule.kind == ONCE:
        return None
    _, last = period_bounds(rule, period)
    year, month = _next_month(last.year, last.month)
    return period_of(rule, date(year, month, 1))


def periods_due_between(rule: Rule, start: date, end: date, *, first_period: str | None = None) -> list[str]:
    """Periods whose due date falls in [start, end], oldest first (none before `first_period`)."""
    if rule.kind == ONCE:
        return [ONCE] if start <= rule.fixed_date <= end else []
    found: list[str] = []
    period: str | None = period_of(rule, end)
    while period is not None and due_date(rule, period) >= start:
        if first_period is not None and period < first_period:
            break
        if due_date(rule, period) <= end:
            found.append(period)
        period = previous_period(rule, period)
    return list(reversed(found))


def period_state(due: date, today: date, built_on: date | None = None, *,
                 warn_days: int = DEFAULT_WARN_DAYS) -> str:
    """The period's state on `today` (built_on: the day the submission was built, if it was)."""
    if built_on is not None:
        return SUBMITTED if built_on <= due else LATE
    if today > due:
        return OVERDUE
    if (due - today).days <= warn_days:
        return DUE_SOON
    return NOT_DUE


def period_label(rule: Rule, period: str, *, thai_digits: bool = True) -> str:
    """"เดือนพฤศจิกายน ๒๕๖๙", "ไตรมาส ๑ ปีงบประมาณ พ.ศ. ๒๕๗๐" or "ครั้งเดียว"."""
    check_period(rule, period)
    if rule.kind == ONCE:
        return "ครั้งเดียว"
    if rule.kind == "monthly":
        text = f"เดือน{THAI_MONTHS[int(period[5:7]) - 1]} {int(period[:4]) + 543}"
    else:
        text = f"ไตรมาส {period[6]} ปีงบประมาณ พ.ศ. {int(period[:4]) + 543}"
    return to_thai_digits(text) if thai_digits else text
