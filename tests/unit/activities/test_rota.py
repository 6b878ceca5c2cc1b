"""Reception rota: rules from text, the month's reception days, held and missed ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.services.activities import rota
from desktop.services.permissions import Actor
from tests.unit.activities.helpers import setup_places


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("每月10日", ("monthly", 10, "day")),
        ("每月 18 号下午", ("monthly", 18, "pm")),
        ("每周三上午", ("weekly", 3, "am")),
        ("每星期5下午", ("weekly", 5, "pm")),
        ("每周日", ("weekly", 7, "day")),
    ],
)
def test_rule_text(text: str, parsed: tuple[str, int, str]) -> None:
    assert rota.parse_rule_text(text) == parsed
    kind, day, half = parsed
    assert rota.parse_rule_text(rota.rule_label(kind, day, half)) == parsed


@pytest.mark.parametrize("text", ["每月32日", "周三", "每月", "10日", "每周八"])
def test_bad_rule_text_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        rota.parse_rule_text(text)
    assert "接待日" in str(err.value) or "1至31" in str(err.value)


@given(
    st.sampled_from(["monthly", "weekly"]),
    st.integers(1, 31),
    st.integers(2000, 2100),
    st.integers(1, 12),
)
def test_dates_fall_in_the_month_on_the_rule(kind: str, day: int, year: int, month: int) -> None:
    if kind == "weekly":
        day = (day - 1) % 7 + 1
    days = rota.dates_in_month(kind, day, year, month)
    assert all(d.year == year and d.month == month for d in days)
    if kind == "monthly":
        assert len(days) == 1 and days[0].day <= day
    else:
        assert 4 <= len(days) <= 5 and all(d.isoweekday() == day for d in days)


def test_month_rota_held_missed_due(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        monthly = rota.save_rule(
            s,
            clerk,
            rota.RuleInput(place.station, "monthly", 10, "am", deputy_ids=place.deputies[:2]),
        )
        weekly = rota.save_rule(s, clerk, rota.RuleInput(place.point, "weekly", 3, "pm"))
    assert monthly.text == "每月10日上午 · 值班代表：周敏、王建华"
    with db.transaction() as s:
        held = rota.record_held(
            s, clerk, monthly.id, date(2026, 6, 10), residents=12, today=date(2026, 6, 20)
        )
    assert held.kind == "接待选民" and held.participant_names == "周敏（接待）、王建华（接待）"
    with db.session() as s:
        entries = rota.month_rota(s, 2026, 6, today=date(2026, 6, 20))
    by_day = {(e.day, e.rule_id): e.status for e in entries}
    assert by_day[(date(2026, 6, 10), monthly.id)] == "held"
    assert by_day[(date(2026, 6, 3), weekly.id)] == "missed"
    assert by_day[(date(2026, 6, 17), weekly.id)] == "missed"
    assert by_day[(date(2026, 6, 24), weekly.id)] == "due"
    assert len(entries) == 1 + 4
    with pytest.raises(ValidationError), db.transaction() as s:
        rota.record_held(s, clerk, monthly.id, date(2026, 6, 11), today=date(2026, 6, 20))
