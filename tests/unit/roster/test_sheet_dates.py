"""Dates as clerks write them (desktop.excel.dates), checked with hypothesis."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.excel.dates import MonthDate, parse_sheet_date

days = st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31))


@given(day=days)
def test_every_way_of_writing_a_day_gives_that_day(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    for text in (
        f"{y}-{m:02d}-{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m}月{d}号",
        f"{y}{m:02d}{d:02d}",
        f" {y}－{m:02d}－{d:02d} ",  # full-width, spaces
    ):
        parsed = parse_sheet_date(text)
        assert parsed == day and not isinstance(parsed, MonthDate), text
    assert parse_sheet_date(y * 10000 + m * 100 + d) == day  # 19640721 typed as a number
    assert parse_sheet_date(datetime(y, m, d, 9, 30)) == day
    serial = (day - date(1899, 12, 30)).days
    if not 1900 <= serial <= 2100:
        assert parse_sheet_date(serial) == day  # an Excel serial
        assert parse_sheet_date(serial + 0.5) == day  # with a time of day


@given(day=days)
def test_every_way_of_writing_a_month_gives_a_month_date(day: date) -> None:
    y, m = day.year, day.month
    for value in (
        f"{y}.{m:02d}",
        f"{y}.{m}",
        f"{y}-{m}",
        f"{y}/{m:02d}",
        f"{y}年{m}月",
        f"{y}年{m:02d}",
        f"{y}{m:02d}",
        float(f"{y}.{m:02d}"),  # 1964.07 typed into a number cell
        y * 100 + m,
    ):
        parsed = parse_sheet_date(value)
        assert isinstance(parsed, MonthDate) and (parsed.year, parsed.month, parsed.day) == (
            y,
            m,
            1,
        ), value


def test_a_typed_october_kept_as_a_number_is_october() -> None:
    assert parse_sheet_date(1964.1) == MonthDate(1964, 10, 1)  # Excel keeps "1964.10" as 1964.1
    assert parse_sheet_date("1964.1") == MonthDate(1964, 1, 1)  # as text it is what was typed


@given(
    text=st.text(alphabet="0123456789年月日号-/. 　abc", max_size=14)
    | st.integers()
    | st.floats(allow_nan=True)
    | st.booleans()
)
def test_anything_else_is_a_date_or_a_clear_refusal(text: object) -> None:
    try:
        parsed = parse_sheet_date(text)
    except ValueError as exc:
        assert "{value}" in str(exc)  # a message template for the cell
    else:
        assert parsed is None or date(1900, 1, 1) <= parsed <= date(2100, 12, 31)


@pytest.mark.parametrize(
    "value", ["1/5/22", "1964.13", "1964年13月", "1964-02-30", "1899.12", "2101-01-01", True, 1964]
)
def test_ambiguous_or_impossible_dates_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_sheet_date(value)


def test_empty_and_real_dates() -> None:
    assert parse_sheet_date(None) is None and parse_sheet_date("  ") is None
    assert parse_sheet_date(date(1964, 7, 21)) == date(1964, 7, 21)
    with pytest.raises(ValueError):
        parse_sheet_date(timedelta(days=3))
