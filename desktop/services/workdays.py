"""Working days and answer deadlines with the Chinese holiday calendar (法定节假日 and 调休).

The calendar lives in the synced ``holiday`` table: one row per day that differs from the
Monday–Friday rule — a statutory holiday, or a weekend that is worked (调休上班). A year is
seeded from the ``chinese-calendar`` package the first time it is needed by an admin action
(or by :func:`seed_year`); an admin can then add, change or remove days. For a year that has
no rows in the table yet, the package's data is used directly, so deadlines are right even
before anyone seeded anything.

Deadlines (DESIGN.md; seeds: "相关部门在一个月内答复"):
* ``calendar`` mode: the due date is the assignment date plus N calendar days; when that day is
  not a working day the deadline moves to the next working day (期间届满的最后一日是节假日的,
  以节假日后的第一日为期间届满的日期).
* ``working`` mode: the due date is the N-th working day after the assignment date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.opinions import HOLIDAY_KINDS, Holiday
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class HolidayDay:
    id: str
    day: date
    kind: str  # holiday | workday
    name: str
    source: str


@dataclass(frozen=True)
class WorkCalendar:
    """Days off on weekdays and worked weekends; everything else follows Monday–Friday."""

    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValidationError(N_("No working day within a year of {day}"), day=day.isoformat())

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 0:
            raise ValidationError(N_("The number of days cannot be negative."), field="days")
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def package_days(year: int) -> list[tuple[date, str, str]]:
    """(day, kind, Chinese name) for ``year`` from the chinese-calendar package.

    Only days that differ from the Monday–Friday rule are returned: holidays on weekdays
    (a holiday on a weekend changes nothing) and worked weekends.
    """
    from chinese_calendar import constants

    result: list[tuple[date, str, str]] = []
    for day, name in sorted(constants.holidays.items()):
        if day.year == year and day.weekday() < 5:
            result.append((day, "holiday", HOLIDAY_NAMES_ZH.get(str(name), str(name))))
    for day, name in sorted(constants.workdays.items()):
        if day.year == year and day.weekday() >= 5:
            zh = HOLIDAY_NAMES_ZH.get(str(name), str(name))
            result.append((day, "workday", f"{zh}调休"))
    return sorted(result)


def package_years() -> set[int]:
    from chinese_calendar import constants

    return {d.year for d in constants.holidays}


def _rows_for_years(session: Session, years: set[int]) -> list[Holiday]:
    if not years:
        return []
    stmt = select(Holiday).where(
        Holiday.deleted_at.is_(None), extract("year", Holiday.day).in_(sorted(years))
    )
    return list(session.scalars(stmt))


def _seeded_years(session: Session, years: set[int]) -> set[int]:
    stmt = select(Holiday.day).where(extract("year", Holiday.day).in_(sorted(years)))
    return {d.year for d in session.scalars(stmt)}


def load_calendar(session: Session, years: set[int] | None = None) -> WorkCalendar:
    """The effective calendar: table rows for seeded years, the package for the others."""
    if years is None:
        years = {date.today().year - 3 + i for i in range(6)}
    holidays: set[date] = set()
    workdays: set[date] = set()
    seeded = _seeded_years(session, years)
    for row in _rows_for_years(session, seeded):
        (holidays if row.kind == "holiday" else workdays).add(row.day)
    for year in years - seeded:
        for day, kind, _name in package_days(year):
            (holidays if kind == "holiday" else workdays).add(day)
    return WorkCalendar(frozenset(holidays), frozenset(workdays))


def calendar_for(session: Session, start: date, span_days: int = 400) -> WorkCalendar:
    end = start + timedelta(days=span_days)
    return load_calendar(session, set(range(start.year - 1, end.year + 1)))


def due_date(calendar: WorkCalendar, start: date, days: int, mode: str = "calendar") -> date:
    """The answer deadline for an assignment made on ``start``."""
    if days < 1:
        raise ValidationError(N_("The answer deadline must be at least one day."), field="days")
    if mode == "calendar":
        return calendar.next_working_day(start + timedelta(days=days))
    if mode == "working":
        return calendar.add_working_days(start, days)
    raise ValidationError(N_("Unknown deadline mode: {mode}"), field="mode", mode=mode)


# ---------------------------------------------------------------------------- admin editing


def list_days(session: Session, year: int) -> list[HolidayDay]:
    """The days of ``year`` as the table holds them (the package's, if not seeded yet)."""
    rows = _rows_for_years(session, {year})
    if not rows and not _seeded_years(session, {year}):
        return [HolidayDay("", d, k, n, "package") for d, k, n in package_days(year)]
    return sorted(
        (HolidayDay(r.id, r.day, r.kind, r.name, r.source) for r in rows), key=lambda h: h.day
    )


def seed_year(session: Session, actor: Actor, year: int) -> int:
    """Copy the package's days of ``year`` into the table (no-op when already seeded)."""
    actor.require(Permission.MANAGE_SETTINGS)
    if _seeded_years(session, {year}):
        return 0
    days = package_days(year)
    for day, kind, name in days:
        session.add(Holiday(day=day, kind=kind, name=name, source="package"))
    session.flush()
    audit.record(
        session,
        actor,
        "holiday.seed",
        "holiday",
        str(year),
        after={"year": year, "days": len(days)},
    )
    return len(days)


def set_day(session: Session, actor: Actor, day: date, kind: str, name: str = "") -> HolidayDay:
    """Mark ``day`` as a holiday or a worked weekend (调休), replacing what it was."""
    actor.require(Permission.MANAGE_SETTINGS)
    if kind not in HOLIDAY_KINDS:
        raise ValidationError(N_("Day kind must be holiday or workday."), field="kind")
    if kind == "workday" and day.weekday() < 5:
        raise ValidationError(
            N_("{day} is a weekday; only a weekend can be marked as a worked day (调休)."),
            field="day",
            day=day.isoformat(),
        )
    seed_year(session, actor, day.year)
    existing = [r for r in _rows_for_years(session, {day.year}) if r.day == day]
    before = None
    if existing:
        row = existing[0]
        before = {"day": row.day, "kind": row.kind, "name": row.name}
        row.kind, row.name, row.source = kind, name.strip(), "manual"
    else:
        row = Holiday(day=day, kind=kind, name=name.strip(), source="manual")
        session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "holiday.set",
        "holiday",
        row.id,
        before=before,
        after={"day": day, "kind": kind, "name": row.name},
    )
    return HolidayDay(row.id, row.day, row.kind, row.name, row.source)


def clear_day(session: Session, actor: Actor, day: date) -> bool:
    """Make ``day`` an ordinary day again (removes its holiday/workday row)."""
    actor.require(Permission.MANAGE_SETTINGS)
    seed_year(session, actor, day.year)
    rows = [r for r in _rows_for_years(session, {day.year}) if r.day == day]
    for row in rows:
        row.deleted_at = utcnow()
        audit.record(
            session,
            actor,
            "holiday.clear",
            "holiday",
            row.id,
            before={"day": row.day, "kind": row.kind, "name": row.name},
        )
    return bool(rows)
