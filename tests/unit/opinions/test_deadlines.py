"""Answer deadlines across the Spring Festival and National Day, with 调休 working days."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.db import Database
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import settings as settings_service
from desktop.services import workdays
from desktop.services.permissions import Actor


@pytest.fixture
def cal(db: Database) -> workdays.WorkCalendar:
    with db.session() as s:
        return workdays.load_calendar(s, {2024, 2025, 2026})


def test_package_days_include_adjusted_working_days() -> None:
    days = {d: (k, n) for d, k, n in workdays.package_days(2025)}
    assert days[date(2025, 1, 28)] == ("holiday", "春节")  # 除夕, a Tuesday
    assert days[date(2025, 1, 26)] == ("workday", "春节调休")  # Sunday worked
    assert days[date(2025, 2, 8)] == ("workday", "春节调休")  # Saturday worked
    assert days[date(2025, 10, 8)] == ("holiday", "国庆节")
    assert days[date(2025, 9, 28)] == ("workday", "国庆节调休")
    assert days[date(2025, 10, 11)] == ("workday", "国庆节调休")
    assert date(2025, 2, 1) not in days  # a Saturday inside the holiday changes nothing


def test_spring_festival_2025_working_days(cal: workdays.WorkCalendar) -> None:
    # Assigned on Friday 24 Jan 2025. Working days after it: Sun 26 (调休), Mon 27,
    # then 28 Jan–4 Feb off, Wed 5, Thu 6, Fri 7, Sat 8 (调休), Mon 10.
    start = date(2025, 1, 24)
    assert workdays.due_date(cal, start, 1, "working") == date(2025, 1, 26)
    assert workdays.due_date(cal, start, 2, "working") == date(2025, 1, 27)
    assert workdays.due_date(cal, start, 3, "working") == date(2025, 2, 5)
    assert workdays.due_date(cal, start, 6, "working") == date(2025, 2, 8)
    assert workdays.due_date(cal, start, 7, "working") == date(2025, 2, 10)


def test_national_day_2025_working_days(cal: workdays.WorkCalendar) -> None:
    # Friday 26 Sep 2025: Sun 28 Sep worked (调休), Mon 29, Tue 30, then 1–8 Oct off,
    # Thu 9, Fri 10, Sat 11 (调休).
    start = date(2025, 9, 26)
    assert workdays.due_date(cal, start, 1, "working") == date(2025, 9, 28)
    assert workdays.due_date(cal, start, 3, "working") == date(2025, 9, 30)
    assert workdays.due_date(cal, start, 4, "working") == date(2025, 10, 9)
    assert workdays.due_date(cal, start, 6, "working") == date(2025, 10, 11)
    assert workdays.due_date(cal, start, 7, "working") == date(2025, 10, 13)


def test_calendar_deadline_moves_past_the_holiday(cal: workdays.WorkCalendar) -> None:
    # 30 days after 2 Jan 2025 is 1 Feb (a Saturday inside the Spring Festival):
    # the deadline moves to the first working day after it, Wed 5 Feb.
    assert workdays.due_date(cal, date(2025, 1, 2), 30, "calendar") == date(2025, 2, 5)
    # 30 days after 3 Sep 2025 is 3 Oct (National Day) → Thu 9 Oct.
    assert workdays.due_date(cal, date(2025, 9, 3), 30, "calendar") == date(2025, 10, 9)
    # 30 days after 28 Aug 2025 is Sat 27 Sep → Sun 28 Sep is a worked day (调休).
    assert workdays.due_date(cal, date(2025, 8, 28), 30, "calendar") == date(2025, 9, 28)
    # An ordinary Tuesday stays.
    assert workdays.due_date(cal, date(2025, 5, 13), 30, "calendar") == date(2025, 6, 12)


def test_deadline_bad_input(cal: workdays.WorkCalendar) -> None:
    with pytest.raises(ValidationError):
        workdays.due_date(cal, date(2025, 1, 2), 0)
    with pytest.raises(ValidationError):
        workdays.due_date(cal, date(2025, 1, 2), 5, "lunar")


def test_compute_due_follows_settings(db: Database, admin: Actor) -> None:
    from desktop.services import opinions

    with db.transaction() as s:
        assert opinions.compute_due(s, date(2025, 1, 24)) == date(2025, 2, 24)
        settings_service.update(s, admin, answer_deadline_days=15, answer_deadline_mode="working")
    with db.session() as s:
        assert opinions.compute_due(s, date(2025, 1, 24)) == date(
            2025, 2, 20
        )  # 26 Jan, 27 Jan, 5–8 Feb, 10–14 Feb, 17–20 Feb


def test_admin_edits_the_calendar(db: Database, admin: Actor, clerk: Actor) -> None:
    with db.transaction() as s:
        assert workdays.seed_year(s, admin, 2025) > 20
        assert workdays.seed_year(s, admin, 2025) == 0
        # a local extra day off on Monday 13 Oct 2025, and the 调休 Saturday 11 Oct cancelled
        workdays.set_day(s, admin, date(2025, 10, 13), "holiday", "区内调整")
        assert workdays.clear_day(s, admin, date(2025, 10, 11))
    with db.session() as s:
        cal = workdays.load_calendar(s, {2025})
        days = {h.day: h for h in workdays.list_days(s, 2025)}
    assert not cal.is_working_day(date(2025, 10, 13))
    assert not cal.is_working_day(date(2025, 10, 11))
    assert days[date(2025, 10, 13)].source == "manual"
    assert workdays.due_date(cal, date(2025, 9, 26), 6, "working") == date(2025, 10, 14)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        workdays.set_day(s, clerk, date(2025, 10, 14), "holiday")
    with db.transaction() as s, pytest.raises(ValidationError):
        workdays.set_day(s, admin, date(2025, 10, 14), "workday")  # a Tuesday


def test_unseeded_year_uses_the_package(db: Database) -> None:
    with db.session() as s:
        assert workdays.list_days(s, 2026)[0].source == "package"
        cal = workdays.load_calendar(s, {2026})
    assert not cal.is_working_day(date(2026, 10, 1))
