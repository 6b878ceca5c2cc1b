"""Dates as clerks write them in sheets.

Full dates: 1964-07-21, 1964/7/21, 1964.7.21, 1964年7月21日, 19640721, a date cell, or an
Excel date serial (a date cell whose format was lost: 23579 is 1964-07-21). Year and month
only: 1964.07, 1964-7, 1964/07, 1964年7月, 196407, and the number 1964.07 (Excel keeps a typed
"1964.10" as the number 1964.1, which therefore reads as October). A year-month date is a
:class:`MonthDate`, the first of that month, so the caller can tell it was not given to the
day (a birth month is checked against the ID number's birth date rather than replacing it).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from desktop.i18n import N_
from desktop.services import validators

FIRST_YEAR, LAST_YEAR = 1900, 2100
_EXCEL_EPOCH = date(1899, 12, 30)
#: Serials of 1900-03-01 … 2100-12-31 (below 61 Excel counts a 29 February 1900 that never was).
_SERIAL_MIN, _SERIAL_MAX = 61, (date(LAST_YEAR, 12, 31) - _EXCEL_EPOCH).days

_FULL = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


class MonthDate(date):
    """A date known to the month only: the first day of that month."""

    month_only = True

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"


def _full(y: int, m: int, d: int) -> date:
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(N_("No such date: {value}"))
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(N_("No such date: {value}")) from None


def _month(y: int, m: int) -> MonthDate:
    if not FIRST_YEAR <= y <= LAST_YEAR or not 1 <= m <= 12:
        raise ValueError(N_("No such date: {value}"))
    return MonthDate(y, m, 1)


def parse_sheet_date(value: object) -> date | None:
    """A cell → ``date`` (or :class:`MonthDate`), ``None`` when empty.

    Raises ValueError with an English message template (placeholder ``{value}``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (bool, timedelta)):
        raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = validators.compact(str(value))
    if not text:
        return None
    for pattern in _FULL:
        match = pattern.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return _full(y, m, d)
    for pattern in _MONTH:
        match = pattern.match(text)
        if match:
            y, m = (int(g) for g in match.groups())
            return _month(y, m)
    raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))


def _from_number(value: float) -> date:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))
    if float(value).is_integer():
        number = int(value)
        if 10_000_000 <= number <= 99_999_999:  # 19640721 typed as a number
            return _full(number // 10_000, number // 100 % 100, number % 100)
        if 100_000 <= number <= 999_999:  # 196407
            return _month(number // 100, number % 100)
        if _SERIAL_MIN <= number <= _SERIAL_MAX and not FIRST_YEAR <= number <= LAST_YEAR:
            return _EXCEL_EPOCH + timedelta(days=number)
        raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))
    if FIRST_YEAR <= value < LAST_YEAR + 1:  # 1964.07, or 1964.1 for a typed 1964.10
        year, fraction = f"{value:.2f}".split(".")
        return _month(int(year), int(fraction))
    if _SERIAL_MIN <= value < _SERIAL_MAX + 1:  # a date and time serial
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise ValueError(N_("Not a date (write it as 2024-03-05): {value}"))
