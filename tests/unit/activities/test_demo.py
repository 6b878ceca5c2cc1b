"""The activities demo step: two years of activities, reception days held most months, a
deputy who never takes part, linked opinions staying on the activity's station."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from desktop.db import Database
from desktop.demo import DemoContext, _load_area_steps
from desktop.models.activities import DutyActivity
from desktop.services.activities import rota, standing
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.activities.helpers import setup_places

TODAY = date(2026, 11, 22)


def test_two_years_with_rhythm_and_gaps(db: Database, admin: Actor) -> None:
    _load_area_steps()  # keep DEMO_STEPS in name order for later build_demo() calls
    from desktop.demodata import d50_activities

    place = setup_places(db, admin)
    with db.transaction() as s:
        form = rd.get_station(s, place.station)
        form.reception_day = "每月10日"
        rd.save_station(s, admin, form)
    with db.transaction() as s:
        d50_activities.build(DemoContext(s, random.Random(3), "500103001000", admin, TODAY, {}))
    with db.session() as s:
        days = sorted(s.scalars(select(DutyActivity.held_on)))
        assert days[0].year == 2025 and days[-1] <= TODAY
        rules = rota.list_rules(s, place.station)
        assert [r.label for r in rules] == ["每月10日上午"]
        held = [e.status for e in rota.month_rota(s, 2026, 10, today=TODAY)]
        assert held in (["held"], ["missed"])
        coverage = standing.deputy_coverage(s, 2026, as_of=TODAY)
        assert any(not c.covered for c in coverage)  # someone never takes part
        assert standing.station_standings(s, 2026, as_of=TODAY)
