"""What a station's papers say: the activities of a month or quarter with their participants
and the opinions they produced (with the opinions' state), and a station's year in figures
(counts by type, residents reached, opinions raised and closed, deputies taking part)."""

from __future__ import annotations

import calendar
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.opinions import Opinion
from desktop.models.roster import Station
from desktop.services import opinions as opinion_service
from desktop.services.activities import records, standing

CLOSED = ("closed", "followed_up")


@dataclass(frozen=True)
class OpinionLine:
    number: str
    received_on: date
    content: str
    status: str
    status_label: str
    department: str


@dataclass(frozen=True)
class StationReport:
    station_id: str
    station_name: str
    station_kind: str
    title_period: str  # 2026年6月 / 2026年第二季度
    start: date
    end: date
    activities: tuple[records.ActivityRow, ...]
    opinions: tuple[OpinionLine, ...]
    residents: int
    deputies: int  # distinct deputies taking part
    standing_lines: tuple[str, ...]


@dataclass(frozen=True)
class YearSummary:
    station_id: str
    station_name: str
    year: int
    by_type: tuple[tuple[str, int], ...]
    by_month: tuple[int, ...]  # 12 counts
    activities: int
    residents: int
    opinions_raised: int
    opinions_closed: int
    deputies: int
    standing_lines: tuple[str, ...]


QUARTER_ZH = "一二三四"


def period(
    year: int, month: int | None = None, quarter: int | None = None
) -> tuple[date, date, str]:
    """(first day, last day, Chinese label) of a month or a quarter."""
    if (month is None) == (quarter is None):
        raise ValidationError(N_("Choose a month or a quarter."), field="period")
    if month is not None:
        if not 1 <= month <= 12:
            raise ValidationError(N_("Choose a month or a quarter."), field="period")
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), f"{year}年{month}月"
    assert quarter is not None
    if not 1 <= quarter <= 4:
        raise ValidationError(N_("Choose a month or a quarter."), field="period")
    first_month = quarter * 3 - 2
    last = calendar.monthrange(year, first_month + 2)[1]
    return (
        date(year, first_month, 1),
        date(year, first_month + 2, last),
        f"{year}年第{QUARTER_ZH[quarter - 1]}季度",
    )


def _station(session: Session, station_id: str) -> Station:
    station = session.get(Station, station_id)
    if station is None or station.deleted_at is not None:
        raise ValidationError(N_("The chosen station does not exist."), field="station_id")
    return station


def _opinions(session: Session, acts: list[DutyActivity]) -> list[OpinionLine]:
    ids: list[str] = []
    for a in acts:
        ids.extend(json.loads(a.opinion_ids or "[]"))
    if not ids:
        return []
    rows = session.scalars(select(Opinion).where(Opinion.id.in_(ids), Opinion.deleted_at.is_(None)))
    return sorted(
        (
            OpinionLine(
                o.number,
                o.received_on,
                o.content,
                o.status,
                gettext(opinion_service.STATUS_LABELS.get(o.status, o.status)),
                o.department,
            )
            for o in rows
        ),
        key=lambda o: (o.received_on, o.number),
    )


def _deputies(session: Session, activity_ids: list[str]) -> int:
    found: set[str] = set()
    for n in range(0, len(activity_ids), 500):
        found.update(
            str(d)
            for d in session.scalars(
                select(DutyParticipant.deputy_id).where(
                    DutyParticipant.activity_id.in_(activity_ids[n : n + 500]),
                    DutyParticipant.deleted_at.is_(None),
                    DutyParticipant.deputy_id.is_not(None),
                )
            )
        )
    return len(found)


def _standing_lines(
    session: Session, station_id: str, end: date, today: date | None
) -> tuple[str, ...]:
    """The standing at the end of the reported period (the day after it, once it is over:
    a period that ended is judged, not "in progress with 0 days left")."""
    as_of = min(today or date.today(), end + timedelta(days=1))
    item = standing.station_standing(session, station_id, end.year, as_of=as_of)
    if item is None:
        return ()
    return tuple(standing.describe(item, as_of, with_current=as_of <= end))


def station_report(
    session: Session,
    station_id: str,
    year: int,
    *,
    month: int | None = None,
    quarter: int | None = None,
    today: date | None = None,
) -> StationReport:
    station = _station(session, station_id)
    start, end, label = period(year, month, quarter)
    acts = list(
        session.scalars(
            select(DutyActivity)
            .where(
                DutyActivity.deleted_at.is_(None),
                DutyActivity.station_id == station_id,
                DutyActivity.held_on >= start,
                DutyActivity.held_on <= end,
            )
            .order_by(DutyActivity.held_on, DutyActivity.start_time, DutyActivity.id)
        )
    )
    rows = records.rows_for(session, acts)
    return StationReport(
        station.id,
        station.name,
        station.kind,
        label,
        start,
        end,
        tuple(rows),
        tuple(_opinions(session, acts)),
        sum(r.residents for r in rows),
        _deputies(session, [a.id for a in acts]),
        _standing_lines(session, station_id, end, today),
    )


def year_summary(
    session: Session, station_id: str, year: int, *, today: date | None = None
) -> YearSummary:
    station = _station(session, station_id)
    acts = list(
        session.scalars(
            select(DutyActivity).where(
                DutyActivity.deleted_at.is_(None),
                DutyActivity.station_id == station_id,
                DutyActivity.held_on >= date(year, 1, 1),
                DutyActivity.held_on <= date(year, 12, 31),
            )
        )
    )
    kinds = Counter(a.kind for a in acts)
    months = Counter(a.held_on.month for a in acts)
    opinions = _opinions(session, acts)
    return YearSummary(
        station.id,
        station.name,
        year,
        tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        tuple(months.get(m, 0) for m in range(1, 13)),
        len(acts),
        sum(a.residents for a in acts),
        len(opinions),
        sum(1 for o in opinions if o.status in CLOSED),
        _deputies(session, [a.id for a in acts]),
        _standing_lines(session, station_id, date(year, 12, 31), today),
    )


def require_station(session: Session, station_id: str) -> str:
    """The station's name (NotFound for an unknown one)."""
    station = session.get(Station, station_id)
    if station is None:
        raise NotFound(N_("The chosen station does not exist."))
    return station.name
