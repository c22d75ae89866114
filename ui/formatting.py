"""The one formatter of numbers and dates on screen: digits as the office chose in Settings
(Thai ๐–๙ by default), Buddhist-era dates, "๔๒%" percentages, "๑๓ หลัก" counts.

The office's choice lives in the database (`moi_desktop.office.uses_thai_digits`); `attach(ctx)`
reads it once and again whenever the setting changes, so models and widgets format without a
query per cell. Everything here is display only: the core keeps ISO dates and plain numbers.
"""

from __future__ import annotations

import weakref
from datetime import date, datetime
from typing import TYPE_CHECKING

from moi_desktop.office import uses_thai_digits
from moi_desktop.thai import format_thai_date, format_thai_date_range, format_thai_datetime
from moi_desktop.thai.numbers import digits as _digits
from moi_desktop.thai.numbers import format_count, format_number, format_percent

if TYPE_CHECKING:
    from ui.context import AppContext

_thai = True


def thai_digits() -> bool:
    return _thai


def set_thai_digits(on: bool) -> None:
    """What screens use from now on (tests and `attach`; the stored setting is the core's)."""
    global _thai
    _thai = bool(on)


def attach(ctx: AppContext) -> None:
    """Follow the office's setting of `ctx`'s database."""
    set_thai_digits(uses_thai_digits(ctx.db))
    held = weakref.ref(ctx)  # the connection must not keep a closed context alive

    def changed(table: str) -> None:
        context = held()
        if table == "meta" and context is not None:
            set_thai_digits(uses_thai_digits(context.db))

    ctx.data_changed.connect(changed)


def digits(text: str | int) -> str:
    return _digits(text, _thai)


def number(value: float | int | str | None, decimals: int | None = None) -> str:
    return format_number(value, _thai, decimals)


def percent(value: float | int | None, decimals: int = 0) -> str:
    return format_percent(value, _thai, decimals)


def count(value: float | int | None, unit: str) -> str:
    return format_count(value, unit, _thai)


def thai_date(value: date | str | None, style: str = "medium") -> str:
    """Buddhist era: "๓ เม.ย. ๒๕๖๕" (medium), "๓ เมษายน ๒๕๖๕" (full); None → ""."""
    return format_thai_date(value, style, thai_digits=_thai) if value else ""


def thai_datetime(value: datetime | str | None) -> str:
    return format_thai_datetime(value, thai_digits=_thai) if value else ""


def date_range(start: date | str, end: date | str) -> str:
    """"๓–๕ เม.ย. ๒๕๖๕" in the office's digits."""
    return format_thai_date_range(start, end, thai_digits=_thai)
