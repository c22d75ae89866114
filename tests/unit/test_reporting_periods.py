"""Reporting periods and due dates (pure functions): month ends, year ends, fiscal quarters."""

from datetime import date

import pytest

from moi_desktop.errors import UserError
from moi_desktop.reporting.periods import (
    DUE_SOON,
    LATE,
    NOT_DUE,
    OVERDUE,
    SUBMITTED,
    Rule,
    due_date,
    fiscal_quarter,
    next_period,
    period_bounds,
    period_label,
    period_of,
    period_state,
    periods_due_between,
    previous_period,
)

MONTHLY_3 = Rule("monthly", 3)
MONTHLY_31 = Rule("monthly", 31)
QUARTERLY_15 = Rule("quarterly", 15)


def test_monthly_period_is_due_on_day_n_of_the_next_month():
    assert due_date(MONTHLY_3, "2026-11") == date(2026, 12, 3)


def test_december_is_due_in_january_of_the_next_year():
    assert due_date(MONTHLY_3, "2026-12") == date(2027, 1, 3)
    assert next_period(MONTHLY_3, "2026-12") == "2027-01"
    assert previous_period(MONTHLY_3, "2027-01") == "2026-12"


@pytest.mark.parametrize(("period", "due"), [
    ("2027-01", date(2027, 2, 28)),  # day 31 in February: its last day
    ("2028-01", date(2028, 2, 29)),  # leap year
    ("2027-02", date(2027, 3, 31)),
    ("2027-03", date(2027, 4, 30)),
    ("2026-12", date(2027, 1, 31)),
])
def test_day_31_in_short_months_is_the_last_day(period, due):
    assert due_date(MONTHLY_31, period) == due


def test_monthly_bounds_cover_the_whole_month():
    assert period_bounds(MONTHLY_3, "2027-02") == (date(2027, 2, 1), date(2027, 2, 28))


@pytest.mark.parametrize(("day", "fq"), [
    (date(2026, 10, 1), (2027, 1)),  # October starts fiscal year 2027 (พ.ศ. ๒๕๗๐), quarter 1
    (date(2026, 12, 31), (2027, 1)),
    (date(2027, 1, 1), (2027, 2)),
    (date(2027, 3, 31), (2027, 2)),
    (date(2027, 4, 1), (2027, 3)),
    (date(2027, 6, 30), (2027, 3)),
    (date(2027, 7, 1), (2027, 4)),
    (date(2027, 9, 30), (2027, 4)),
])
def test_thai_fiscal_quarters(day, fq):
    assert fiscal_quarter(day) == fq
    assert period_of(QUARTERLY_15, day) == f"{fq[0]}-Q{fq[1]}"


def test_quarter_bounds_and_due_dates_across_the_year_end():
    assert period_bounds(QUARTERLY_15, "2027-Q1") == (date(2026, 10, 1), date(2026, 12, 31))
    assert due_date(QUARTERLY_15, "2027-Q1") == date(2027, 1, 15)
    assert period_bounds(QUARTERLY_15, "2027-Q4") == (date(2027, 7, 1), date(2027, 9, 30))
    assert due_date(QUARTERLY_15, "2027-Q4") == date(2027, 10, 15)
    assert next_period(QUARTERLY_15, "2027-Q4") == "2028-Q1"
    assert previous_period(QUARTERLY_15, "2028-Q1") == "2027-Q4"
    assert due_date(Rule("quarterly", 31), "2027-Q2") == date(2027, 4, 30)


def test_quarter_label_names_the_buddhist_fiscal_year():
    assert period_label(QUARTERLY_15, "2027-Q1") == "ไตรมาส ๑ ปีงบประมาณ พ.ศ. ๒๕๗๐"
    assert period_label(MONTHLY_3, "2026-11", thai_digits=False) == "เดือนพฤศจิกายน 2569"


def test_once_rule_has_one_period():
    rule = Rule("once", due_date=date(2027, 3, 1))
    assert due_date(rule, "once") == date(2027, 3, 1)
    assert periods_due_between(rule, date(2027, 1, 1), date(2027, 3, 31)) == ["once"]
    assert periods_due_between(rule, date(2027, 3, 2), date(2027, 3, 31)) == []


def test_periods_due_between_walks_back_over_the_year_end():
    assert periods_due_between(MONTHLY_3, date(2026, 11, 1), date(2027, 1, 10)) == ["2026-10", "2026-11", "2026-12"]
    assert periods_due_between(MONTHLY_3, date(2026, 11, 1), date(2027, 1, 10), first_period="2026-11") == [
        "2026-11", "2026-12"]


@pytest.mark.parametrize(("today", "built_on", "state"), [
    (date(2026, 11, 27), None, NOT_DUE),
    (date(2026, 11, 28), None, DUE_SOON),  # 5 days before
    (date(2026, 12, 3), None, DUE_SOON),  # the due day itself
    (date(2026, 12, 4), None, OVERDUE),
    (date(2026, 12, 9), date(2026, 12, 3), SUBMITTED),
    (date(2026, 12, 9), date(2026, 12, 4), LATE),
])
def test_period_state(today, built_on, state):
    assert period_state(date(2026, 12, 3), today, built_on, warn_days=5) == state


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-11", "2026-Q1"])
def test_malformed_monthly_periods_are_refused(bad):
    with pytest.raises(UserError):
        due_date(MONTHLY_3, bad)


def test_rules_are_checked():
    with pytest.raises(UserError):
        Rule("weekly", 3)
    with pytest.raises(UserError):
        Rule("monthly", 32)
    with pytest.raises(UserError):
        Rule("once")
