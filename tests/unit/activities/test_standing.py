"""Frequency rule per station (month and quarter boundaries, a station set up mid-period)
and yearly coverage per deputy."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop.db import Database
from desktop.services.activities import periods, records, standing
from desktop.services.activities import rules as activity_rules
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.activities.helpers import Place, setup_places

FAR = date(2030, 1, 1)  # "today" for recording: every test date is within the horizon


def _held(db: Database, actor: Actor, station: str, day: date, *people: str) -> str:
    with db.transaction() as s:
        return records.record(
            s,
            actor,
            records.ActivityInput(
                kind="接待选民",
                held_on=day,
                station_id=station,
                participants=tuple(records.Participant(p, "deputy") for p in people),
            ),
            today=FAR,
        ).id


def _of(db: Database, station: str, as_of: date) -> standing.StationStanding:
    with db.session() as s:
        found = [x for x in standing.station_standings(s, as_of=as_of) if x.station_id == station]
    assert len(found) == 1
    return found[0]


def test_periods_are_months_and_quarters() -> None:
    assert periods.period_start(date(2026, 3, 31), "quarterly") == date(2026, 1, 1)
    assert periods.period_end(date(2026, 4, 1), "quarterly") == date(2026, 6, 30)
    assert periods.period_end(date(2024, 2, 10), "monthly") == date(2024, 2, 29)
    assert periods.period_end(date(2026, 12, 5), "monthly") == date(2026, 12, 31)
    assert len(periods.periods_of_year(2026, "monthly")) == 12
    assert [k for k, _ in periods.periods_of_year(2026, "quarterly")][-1] == date(2026, 10, 1)
    assert periods.period_key(date(2026, 11, 2), "quarterly") == "2026-Q4"


def test_monthly_rule_at_month_boundaries(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    _held(db, clerk, place.station, date(2026, 1, 31))  # counts for January, not February
    # On the last day of February, February is still in progress: not behind yet.
    feb_last = _of(db, place.station, date(2026, 2, 28))
    assert [p.key for p in feb_last.periods] == ["2026-01"]
    assert not feb_last.behind
    assert feb_last.current is not None and feb_last.current.key == "2026-02"
    assert feb_last.current.count == 0
    # The next morning February has ended without an activity: one behind.
    mar_first = _of(db, place.station, date(2026, 3, 1))
    assert mar_first.behind and mar_first.missing == 1
    assert mar_first.periods_behind == ("2026-02",)
    _held(db, clerk, place.station, date(2026, 2, 1))
    assert not _of(db, place.station, date(2026, 3, 1)).behind


def test_quarterly_rule_for_the_home_at_quarter_boundaries(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    home = _of(db, place.home, date(2026, 3, 31))
    assert home.frequency == "quarterly" and home.periods == () and not home.behind
    assert _of(db, place.home, date(2026, 4, 1)).periods_behind == ("2026-Q1",)
    _held(db, clerk, place.home, date(2026, 4, 1))  # the second quarter, not the first
    after = _of(db, place.home, date(2026, 7, 1))
    assert after.periods_behind == ("2026-Q1",)
    assert after.last_held == date(2026, 4, 1) and after.days_since_last == 91
    _held(db, clerk, place.home, date(2026, 3, 31))
    assert not _of(db, place.home, date(2026, 7, 1)).behind


def test_station_created_mid_period_owes_from_the_next_one(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk, created=datetime(2026, 3, 15, 4, tzinfo=UTC))
    may = _of(db, place.station, date(2026, 5, 2))
    assert [p.key for p in may.periods] == ["2026-04"]  # March is not owed, April is
    assert may.missing == 1
    home = _of(db, place.home, date(2026, 7, 2))
    assert [p.key for p in home.periods] == ["2026-Q2"]  # set up during Q1


def test_minimum_per_period_is_a_setting(db: Database, admin: Actor, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    _held(db, clerk, place.point, date(2026, 1, 8))
    with db.transaction() as s:
        activity_rules.update(s, admin, activity_rules.ActivityRules(monthly_minimum=2))
    jan = _of(db, place.point, date(2026, 2, 1))
    assert jan.minimum == 2 and jan.missing == 1


def test_removed_activity_no_longer_counts(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    activity = _held(db, clerk, place.station, date(2026, 1, 8))
    assert not _of(db, place.station, date(2026, 2, 1)).behind
    with db.transaction() as s:
        records.remove(s, clerk, activity)
    assert _of(db, place.station, date(2026, 2, 1)).behind


def _coverage(db: Database, as_of: date) -> dict[str, standing.DeputyCoverage]:
    with db.session() as s:
        return {c.deputy_id: c for c in standing.deputy_coverage(s, as_of=as_of)}


def test_deputy_coverage_for_the_year(db: Database, clerk: Actor) -> None:
    place: Place = setup_places(db, clerk)
    a, b, c, d = place.deputies
    _held(db, clerk, place.station, date(2025, 12, 31), a, b, c)  # last year: does not count
    _held(db, clerk, place.station, date(2026, 1, 1), a)
    _held(db, clerk, place.home, date(2026, 5, 20), a, b)
    cov = _coverage(db, date(2026, 6, 30))
    assert (cov[a].activities, cov[a].covered, cov[a].last_on) == (2, True, date(2026, 5, 20))
    assert cov[b].covered and cov[b].activities == 1
    assert not cov[c].covered and cov[c].missing == 1 and cov[c].last_on is None
    with db.transaction() as s:
        rd.retire_deputy(s, clerk, d, left_on=date(2026, 2, 1), reason="调离")
    assert d not in _coverage(db, date(2026, 6, 30))  # only serving deputies are owed
    with db.session() as s:
        alerts = standing.alerts(s, as_of=date(2026, 6, 30))
    assert [x.deputy_id for x in alerts.deputies_uncovered] == [c]
    assert alerts.deputies_total == 3
    behind = {x.station_id: x.missing for x in alerts.stations_behind}
    assert behind[place.point] == 5  # January–May without an activity
    assert behind[place.station] == 4  # January held, February–May not
    assert behind[place.home] == 1  # the first quarter


def test_home_page_figures(db: Database, clerk: Actor) -> None:
    from desktop.services import home
    from desktop.services.activities import home_card

    place = setup_places(db, clerk)
    with db.session() as s:
        assert home_card.figures(s, date(2026, 6, 30)) == []  # ledger not used yet
    _held(db, clerk, place.station, date(2026, 1, 5), place.deputies[0])
    with db.session() as s:
        figures = {f.key: f for f in home_card.figures(s, date(2026, 3, 1))}
        assert "activity_stations_behind" in {f.key for f in home.figures(s)}
    assert figures["activity_stations_behind"].value == "2（3）"  # point: Jan+Feb, station: Feb
    assert figures["activity_stations_behind"].warn
    assert figures["activity_deputies_uncovered"].value == "3 / 4"


def test_history_before_the_station_was_entered_counts_from_its_first_activity(
    db: Database, clerk: Actor
) -> None:
    # Entered on 1 June 2026, but its ledger (imported) starts on 10 February 2026.
    place = setup_places(db, clerk, created=datetime(2026, 6, 1, 4, tzinfo=UTC))
    _held(db, clerk, place.station, date(2026, 2, 10))
    item = _of(db, place.station, date(2026, 7, 1))
    assert item.periods[0].key == "2026-02"
    assert item.periods_behind == ("2026-03", "2026-04", "2026-05", "2026-06")
