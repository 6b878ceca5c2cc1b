"""Frequency and coverage (分析预警): which stations are behind their activity rule, and
which deputies have not taken part in an activity this year (全覆盖).

A station's rule is its ``activity_frequency`` (monthly for a 站/点, quarterly for a 代表之家
by default) with the minimum per period from :mod:`desktop.services.activities.rules`.
Within the year asked for, a period counts once it has ended; the period in progress is
reported separately (how many so far, days left). A period that began before the station was
set up is not owed — a station created on 15 March owes nothing for March (or for the first
quarter) and owes April onwards. "Set up" is the earlier of the day the station was entered
(``created_at``) and the start of the period of its first recorded activity (a station whose
history was imported later existed when that history began).

Everything is computed from two ``GROUP BY`` queries (activities per station and month;
activities per deputy) plus the station and deputy lists, so it stays fast for a district's
years of records (``bench/activities.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, gettext
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.roster import Deputy, Station
from desktop.services.activities import periods
from desktop.services.activities import rules as rules_service


@dataclass(frozen=True)
class PeriodCount:
    key: str  # 2026-03 or 2026-Q1
    start: date
    end: date
    count: int
    required: int

    @property
    def missing(self) -> int:
        return max(0, self.required - self.count)


@dataclass(frozen=True)
class StationStanding:
    station_id: str
    name: str
    kind: str
    frequency: str
    minimum: int
    #: Ended periods of the year the station owed activities for, with their counts.
    periods: tuple[PeriodCount, ...]
    #: The period in progress (None when the year asked for is over, or not yet owed).
    current: PeriodCount | None
    activities: int  # in the year, up to the as-of date
    last_held: date | None
    days_since_last: int | None

    @property
    def missing(self) -> int:
        """Activities short over the ended periods (how far behind)."""
        return sum(p.missing for p in self.periods)

    @property
    def periods_behind(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.periods if p.missing)

    @property
    def behind(self) -> bool:
        return self.missing > 0


@dataclass(frozen=True)
class DeputyCoverage:
    deputy_id: str
    name: str
    station_id: str | None
    activities: int
    required: int
    last_on: date | None

    @property
    def missing(self) -> int:
        return max(0, self.required - self.activities)

    @property
    def covered(self) -> bool:
        return self.missing == 0


def _local_date(value: datetime) -> date:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().date()


def _bounds(year: int, as_of: date) -> tuple[date, date]:
    return date(year, 1, 1), min(as_of, date(year, 12, 31))


def station_month_counts(
    session: Session, year: int, as_of: date
) -> tuple[dict[str, dict[int, int]], dict[str, date]]:
    """station id → month (1–12) → activities held, and station id → the last date held, for
    the year up to ``as_of`` (one ``GROUP BY``)."""
    first, last = _bounds(year, as_of)
    month = cast(func.strftime("%m", DutyActivity.held_on), Integer)
    rows = session.execute(
        select(DutyActivity.station_id, month, func.count(), func.max(DutyActivity.held_on))
        .where(
            DutyActivity.deleted_at.is_(None),
            DutyActivity.station_id.is_not(None),
            DutyActivity.held_on >= first,
            DutyActivity.held_on <= last,
        )
        .group_by(DutyActivity.station_id, month)
    ).all()
    counts: dict[str, dict[int, int]] = {}
    latest: dict[str, date] = {}
    for station_id, m, n, held in rows:
        key = str(station_id)
        counts.setdefault(key, {})[int(m)] = int(n)
        if key not in latest or held > latest[key]:
            latest[key] = held
    return counts, latest


def _last_before(session: Session, station_ids: list[str], before: date) -> dict[str, date]:
    """The last activity before the year, for stations with none in it (usually few)."""
    result: dict[str, date] = {}
    for n in range(0, len(station_ids), 500):
        rows = session.execute(
            select(DutyActivity.station_id, func.max(DutyActivity.held_on))
            .where(
                DutyActivity.deleted_at.is_(None),
                DutyActivity.station_id.in_(station_ids[n : n + 500]),
                DutyActivity.held_on < before,
            )
            .group_by(DutyActivity.station_id)
        ).all()
        result.update({str(sid): d for sid, d in rows})
    return result


def station_standings(
    session: Session, year: int | None = None, *, as_of: date | None = None
) -> list[StationStanding]:
    """Every active station's standing for ``year`` (default: the as-of date's year)."""
    as_of = as_of or date.today()
    year = year or as_of.year
    rules = rules_service.load(session)
    counts, last_held = station_month_counts(session, year, as_of)
    stations = session.execute(
        select(
            Station.id, Station.name, Station.kind, Station.activity_frequency, Station.created_at
        )
        .where(Station.deleted_at.is_(None), Station.status == "active")
        .order_by(Station.name_sort)
    ).all()
    first_held = dict(
        session.execute(
            select(DutyActivity.station_id, func.min(DutyActivity.held_on))
            .where(DutyActivity.deleted_at.is_(None), DutyActivity.station_id.is_not(None))
            .group_by(DutyActivity.station_id)
        ).all()
    )
    quiet = [sid for sid, *_ in stations if sid not in last_held]
    if quiet:
        last_held.update(_last_before(session, quiet, date(year, 1, 1)))
    result = []
    for sid, name, kind, frequency, created_at in stations:
        frequency = frequency if frequency in periods.FREQUENCIES else "monthly"
        minimum = rules.minimum(frequency)
        established = _local_date(created_at)
        first = first_held.get(sid)
        if first is not None and first < established:
            # its ledger starts earlier: it owes from the period of its first activity
            established = periods.period_start(first, frequency)
        months = counts.get(sid, {})
        ended: list[PeriodCount] = []
        current: PeriodCount | None = None
        for start, end in periods.periods_of_year(year, frequency):
            if start > as_of:
                break
            if start < established:
                continue  # began before the station existed: not owed
            n = sum(months.get(m, 0) for m in range(start.month, end.month + 1))
            pc = PeriodCount(periods.period_key(start, frequency), start, end, n, minimum)
            if end < as_of:
                ended.append(pc)
            else:
                current = pc
        last = last_held.get(sid)
        result.append(
            StationStanding(
                station_id=sid,
                name=name,
                kind=kind,
                frequency=frequency,
                minimum=minimum,
                periods=tuple(ended),
                current=current,
                activities=sum(months.values()),
                last_held=last,
                days_since_last=(as_of - last).days if last else None,
            )
        )
    return result


def deputy_counts(session: Session, year: int, as_of: date) -> dict[str, tuple[int, date]]:
    """deputy id → (activities taken part in, last date), for the year up to ``as_of``."""
    first, last = _bounds(year, as_of)
    rows = session.execute(
        select(
            DutyParticipant.deputy_id,
            func.count(func.distinct(DutyParticipant.activity_id)),
            func.max(DutyActivity.held_on),
        )
        .join(DutyActivity, DutyActivity.id == DutyParticipant.activity_id)
        .where(
            DutyParticipant.deputy_id.is_not(None),
            DutyParticipant.deleted_at.is_(None),
            DutyActivity.deleted_at.is_(None),
            DutyActivity.held_on >= first,
            DutyActivity.held_on <= last,
        )
        .group_by(DutyParticipant.deputy_id)
    ).all()
    return {str(did): (int(n), d) for did, n, d in rows}


def deputy_coverage(
    session: Session, year: int | None = None, *, as_of: date | None = None
) -> list[DeputyCoverage]:
    """Every serving deputy's activities this year against the yearly minimum."""
    as_of = as_of or date.today()
    year = year or as_of.year
    required = rules_service.load(session).deputy_minimum_per_year
    counts = deputy_counts(session, year, as_of)
    deputies = session.execute(
        select(Deputy.id, Deputy.name, Deputy.station_id)
        .where(
            Deputy.deleted_at.is_(None),
            Deputy.status == "active",
            (Deputy.joined_on.is_(None)) | (Deputy.joined_on <= date(year, 12, 31)),
        )
        .order_by(Deputy.name_sort)
    ).all()
    result = []
    for did, name, station_id in deputies:
        n, last = counts.get(did, (0, None))
        result.append(DeputyCoverage(did, name, station_id, n, required, last))
    return result


@dataclass(frozen=True)
class Alerts:
    stations_behind: tuple[StationStanding, ...]
    deputies_uncovered: tuple[DeputyCoverage, ...]
    deputies_total: int


def alerts(session: Session, *, as_of: date | None = None) -> Alerts:
    """The home page card: stations behind this year, deputies not yet covered."""
    as_of = as_of or date.today()
    behind = tuple(
        sorted(
            (s for s in station_standings(session, as_of=as_of) if s.behind),
            key=lambda s: (-s.missing, s.name),
        )
    )
    coverage = deputy_coverage(session, as_of=as_of)
    return Alerts(behind, tuple(c for c in coverage if not c.covered), len(coverage))


def station_standing(
    session: Session, station_id: str, year: int | None = None, *, as_of: date | None = None
) -> StationStanding | None:
    """One station's standing in ``year`` (default: this year) as of a date (None for a
    closed or unknown station)."""
    for item in station_standings(session, year, as_of=as_of):
        if item.station_id == station_id:
            return item
    return None


def describe(item: StationStanding, as_of: date, *, with_current: bool = True) -> list[str]:
    """The standing in plain sentences (translated), for the station page and reports: the
    rule, the year's count, then — when behind — the line saying by how much (third), the
    period in progress (unless ``with_current`` is False: a report on a period that ended)
    and the last activity."""
    rule = (
        N_("Rule: at least {n} activities per month.")
        if item.frequency == "monthly"
        else N_("Rule: at least {n} activities per quarter.")
    )
    lines = [
        gettext(rule).format(n=item.minimum),
        gettext(N_("This year so far: {n} activities.")).format(n=item.activities),
    ]
    if item.behind:
        lines.append(
            gettext(N_("Behind by {n}: no or too few activities in {periods}.")).format(
                n=item.missing, periods="、".join(item.periods_behind)
            )
        )
    elif item.periods:
        lines.append(gettext(N_("Every ended period this year met the rule.")))
    if item.current is not None and with_current:
        left = (item.current.end - as_of).days
        lines.append(
            gettext(
                N_("Current period {key}: {count} of {required} held, {days} days left.")
            ).format(
                key=item.current.key,
                count=item.current.count,
                required=item.current.required,
                days=left,
            )
        )
    if item.last_held is None:
        lines.append(gettext(N_("No activity recorded yet.")))
    else:
        lines.append(
            gettext(N_("Last activity: {day} ({days} days ago).")).format(
                day=item.last_held.isoformat(), days=item.days_since_last
            )
        )
    return lines
