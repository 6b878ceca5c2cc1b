"""Pure calendar arithmetic for the frequency rules: months and quarters as periods."""

from __future__ import annotations

from datetime import date, timedelta

FREQUENCIES = ("monthly", "quarterly")


def _months(frequency: str) -> int:
    if frequency == "monthly":
        return 1
    if frequency == "quarterly":
        return 3
    raise ValueError(f"unknown frequency {frequency!r}")


def period_start(day: date, frequency: str) -> date:
    """First day of the month or quarter that contains ``day``."""
    step = _months(frequency)
    month = (day.month - 1) // step * step + 1
    return date(day.year, month, 1)


def next_start(start: date, frequency: str) -> date:
    month = start.month - 1 + _months(frequency)
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_end(day: date, frequency: str) -> date:
    """Last day of the month or quarter that contains ``day``."""
    return next_start(period_start(day, frequency), frequency) - timedelta(days=1)


def periods_of_year(year: int, frequency: str) -> list[tuple[date, date]]:
    """The year's periods as (first day, last day), in order."""
    result: list[tuple[date, date]] = []
    start = date(year, 1, 1)
    while start.year == year:
        nxt = next_start(start, frequency)
        result.append((start, nxt - timedelta(days=1)))
        start = nxt
    return result


def period_key(day: date, frequency: str) -> str:
    """A label that sorts: 2026-03 for a month, 2026-Q1 for a quarter."""
    if frequency == "monthly":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
