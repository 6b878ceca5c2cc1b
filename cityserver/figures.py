"""The district dashboard's figures: computed per street from the synced rows, kept in
``street_figures`` and recomputed when the street has changed since (docs/district-dashboard.md).

A street's figures carry the street's change number (``street_changes``) they were computed
at; a page first recomputes the streets whose number moved on (:func:`refresh_stale`), then
reads the small ``street_figures`` table. Every figure is one grouped count over the street's
rows of one entity, so the same queries without the street filter are the "bare SQL"
baseline of ``bench/district.py``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from cityserver.models import (
    Batch,
    EntityRow,
    FigureState,
    Street,
    StreetChanges,
    StreetFigure,
    utcnow,
)

log = logging.getLogger(__name__)

SATISFIED = ("satisfied", "basically_satisfied")
OPEN_OPINION = ("received", "assigned")
#: A street whose last sync is older than this is flagged.
SYNC_LAG_DAYS = 7
ON_TIME_GOAL = 0.9


def j(name: str) -> ColumnElement[str]:
    """A field of the synced row as text (SQLite json_extract / PostgreSQL ->>)."""
    value: ColumnElement[str] = EntityRow.data[name].as_string()
    return value


Field = Callable[[str], ColumnElement[str]]
Where = Callable[[Field], tuple[ColumnElement[bool], ...]]


def _no_filter(_f: Field) -> tuple[ColumnElement[bool], ...]:
    return ()


@dataclass(frozen=True)
class Monthly:
    """A figure counted by the month of one date field: ``metric`` → rows of ``entity``.

    ``where`` builds the figure's conditions from a field accessor (the same conditions run
    on SQLite's JSON text and on PostgreSQL's per-row jsonb).
    """

    metric: str
    label: str
    entity: str
    date_field: str
    where: Where = _no_filter


def _answered(f: Field) -> ColumnElement[bool]:
    return and_(f("answered_on").is_not(None), f("due_on").is_not(None))


MONTHLY: tuple[Monthly, ...] = (
    Monthly("opinions_received", "收到意见", "opinion", "received_on"),
    Monthly(
        "opinions_answered_due",
        "已答复（有期限）",
        "opinion",
        "received_on",
        lambda f: (_answered(f),),
    ),
    Monthly(
        "opinions_on_time",
        "按期答复",
        "opinion",
        "received_on",
        lambda f: (_answered(f), f("answered_on") <= f("due_on")),
    ),
    Monthly(
        "opinions_rated",
        "已回访评价",
        "opinion",
        "received_on",
        lambda f: (f("satisfaction") != "",),
    ),
    Monthly(
        "opinions_satisfied",
        "满意或基本满意",
        "opinion",
        "received_on",
        lambda f: (f("satisfaction").in_(SATISFIED),),
    ),
    Monthly(
        "opinions_open_due",
        "未答复（按答复期限月份）",
        "opinion",
        "due_on",
        lambda f: (f("answered_on").is_(None), f("status").in_(OPEN_OPINION)),
    ),
    Monthly(
        "meetings_held", "召开会议", "meeting", "starts_at", lambda f: (f("status") == "closed",)
    ),
    Monthly(
        "polls_certified",
        "表决结果确认",
        "poll",
        "certified_at",
        lambda f: (f("status") == "certified",),
    ),
    Monthly("activities_held", "履职活动", "duty_activity", "held_on"),
    Monthly(
        "milestones_open",
        "未完成节点（按计划月份）",
        "project_milestone",
        "planned_on",
        lambda f: (f("actual_on").is_(None),),
    ),
)


#: A street's figures are recomputed after every applied batch: the statements are built once
#: per database kind (and with or without the street filter) with the street as a bound
#: parameter, so a refresh only executes them (building them each time cost more than
#: running them on a street of ordinary size).
STREET: BindParameter[str] = bindparam("street", type_=String)
#: ``street`` as the statements take it: the bound parameter, or None for every street.
StreetArg = BindParameter[str] | None


def _rows_of(dialect: str, entity: str, street: StreetArg) -> tuple[ColumnElement[str], Field, Any]:
    """(street column, field accessor, FROM) over the live rows of one entity.

    PostgreSQL stores ``data`` as json (text): each ``->>`` parses the document again, so the
    rows are read through a subquery that converts each document to jsonb once (``OFFSET 0``
    keeps the planner from inlining it back).
    """
    if dialect == "postgresql":
        inner = (
            select(EntityRow.street_code.label("code"), cast(EntityRow.data, JSONB).label("d"))
            .where(*_live(entity, street))
            .offset(0)
            .subquery()
        )

        def pg_field(name: str) -> ColumnElement[str]:
            value: ColumnElement[str] = inner.c.d[name].astext
            return value

        return inner.c.code, pg_field, inner
    lite = (
        select(EntityRow.street_code.label("code"), EntityRow.data.label("d"))
        .where(*_live(entity, street))
        .subquery()
    )

    def lite_field(name: str) -> ColumnElement[str]:
        value: ColumnElement[str] = lite.c.d[name].as_string()
        return value

    return lite.c.code, lite_field, lite


def _live(entity: str, street: StreetArg) -> list[ColumnElement[bool]]:
    where = [EntityRow.entity == entity, EntityRow.deleted.is_(False)]
    if street is not None:
        where.insert(0, EntityRow.street_code == street)
    return where


@dataclass(frozen=True)
class _Statements:
    """Every figure's statement for one database kind, with or without the street filter."""

    monthly: list[tuple[Any, list[Monthly]]]
    snapshots: list[tuple[str, bool, Any]]
    projects: Any
    deputies: Any
    activities: Any
    participants: Any


_STATEMENTS: dict[tuple[str, bool], _Statements] = {}
_STATEMENTS_LOCK = threading.Lock()


def _statements(dialect: str, filtered: bool) -> _Statements:
    key = (dialect, filtered)
    found = _STATEMENTS.get(key)
    if found is None:
        with _STATEMENTS_LOCK:
            found = _STATEMENTS.get(key)
            if found is None:
                found = _STATEMENTS[key] = _build(dialect, STREET if filtered else None)
    return found


def _build(dialect: str, street: StreetArg) -> _Statements:
    groups: dict[tuple[str, str], list[Monthly]] = {}
    for spec in MONTHLY:
        groups.setdefault((spec.entity, spec.date_field), []).append(spec)
    monthly: list[tuple[Any, list[Monthly]]] = []
    for (entity, date_field), specs in groups.items():
        # one pass over the entity's rows per date field, one conditional sum per figure
        code_col, f, source = _rows_of(dialect, entity, street)
        month = func.substr(f(date_field), 1, 7)
        ym = month.label("ym")
        sums = [
            func.sum(case((and_(*conds), 1), else_=0)) if (conds := spec.where(f)) else func.count()
            for spec in specs
        ]
        query = (
            select(code_col, ym, *sums)
            .select_from(source)
            .where(month.is_not(None))
            .group_by(code_col, ym)
        )
        monthly.append((query, specs))
    kinds: list[tuple[str, str, ColumnElement[str] | None, tuple[ColumnElement[bool], ...]]] = [
        ("reps_active", "representative", None, (j("status") == "active",)),
        ("deputies_active", "deputy", None, (j("status") == "active",)),
        ("stations", "station", j("kind").label("k"), (j("status") == "active",)),
        (
            "stations_monthly",
            "station",
            None,
            (j("status") == "active", j("activity_frequency") == "monthly"),
        ),
    ]
    snapshots: list[tuple[str, bool, Any]] = []
    for metric, entity, key, where in kinds:
        cols: list[Any] = [EntityRow.street_code]
        if key is not None:
            cols.append(key)
        query = select(*cols, func.count()).where(*_live(entity, street), *where).group_by(*cols)
        snapshots.append((metric, key is not None, query))
    p_year, p_status = j("year").label("y"), j("status").label("s")
    projects = (
        select(EntityRow.street_code, p_year, p_status, func.count())
        .where(*_live("project", street))
        .group_by(EntityRow.street_code, p_year, p_status)
    )
    deputies = select(EntityRow.street_code, EntityRow.entity_id).where(
        *_live("deputy", street), j("status") == "active"
    )
    activities = select(
        EntityRow.street_code, EntityRow.entity_id, func.substr(j("held_on"), 1, 7)
    ).where(*_live("duty_activity", street))
    participants = select(EntityRow.street_code, j("activity_id"), j("deputy_id")).where(
        *_live("duty_participant", street), j("deputy_id").is_not(None)
    )
    return _Statements(monthly, snapshots, projects, deputies, activities, participants)


def _figure_rows(session: Session, street: str | None) -> list[tuple[str, int, int, str, str, int]]:
    """(street, year, month, metric, key, value) of every figure; all streets when None."""
    out: list[tuple[str, int, int, str, str, int]] = []
    plan = _statements(session.get_bind().dialect.name, street is not None)
    params = {} if street is None else {"street": street}
    for query, specs in plan.monthly:
        for code, ym_text, *values in session.execute(query, params):
            y, m = _year_month(ym_text)
            if not y:
                continue
            for spec, n in zip(specs, values, strict=True):
                if n:
                    out.append((code, y, m, spec.metric, "", int(n)))
    for metric, keyed, query in plan.snapshots:
        for row in session.execute(query, params):
            k = str(row[1] or "") if keyed else ""
            out.append((row[0], 0, 0, metric, k[:64], int(row[-1])))
    for code, year, status, n in session.execute(plan.projects, params):
        if year is not None and str(year).isdigit():
            out.append((code, int(year), 0, "projects", str(status or "")[:64], int(n)))
    out.extend(_covered(session, plan, params))
    return out


def _covered(
    session: Session, plan: _Statements, params: dict[str, str]
) -> list[tuple[str, int, int, str, str, int]]:
    """Active deputies who took part in at least one duty activity of the year."""
    active = {(code, eid) for code, eid in session.execute(plan.deputies, params)}
    years = {
        (code, eid): _year_month(month)[0]
        for code, eid, month in session.execute(plan.activities, params)
    }
    seen: dict[tuple[str, int], set[str]] = defaultdict(set)
    for code, activity, deputy in session.execute(plan.participants, params):
        year = years.get((code, activity))
        if year and (code, deputy) in active:
            seen[(code, year)].add(deputy)
    return [(code, y, 0, "deputies_covered", "", len(ids)) for (code, y), ids in seen.items()]


def _year_month(text: object) -> tuple[int, int]:
    value = str(text or "")
    if len(value) >= 7 and value[:4].isdigit() and value[5:7].isdigit():
        return int(value[:4]), int(value[5:7])
    return 0, 0


def _lock(session: Session, street: str) -> None:
    """One refresher per street at a time (PostgreSQL; SQLite has one writer anyway)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        digest = hashlib.sha256(f"figures:{street}".encode()).digest()[:8]
        conn.exec_driver_sql(
            "SELECT pg_advisory_xact_lock(%s)", (int.from_bytes(digest, "big", signed=True),)
        )


def refresh_street(session: Session, street: str) -> None:
    """Recompute one street's figures (inside the caller's transaction)."""
    _lock(session, street)
    head = session.scalar(
        select(StreetChanges.change_seq).where(StreetChanges.street_code == street)
    )
    state = session.get(FigureState, street)
    if state is not None and state.change_seq == (head or 0):
        return  # another refresher did it while this one waited for the lock
    session.execute(delete(StreetFigure).where(StreetFigure.street_code == street))
    rows = _figure_rows(session, street)
    if rows:
        session.execute(
            insert(StreetFigure),
            [
                {"street_code": c, "year": y, "month": m, "metric": k, "key": key, "value": v}
                for c, y, m, k, key, v in rows
            ],
        )
    if state is None:
        session.add(FigureState(street_code=street, change_seq=head or 0, refreshed_at=utcnow()))
    else:
        state.change_seq = head or 0
        state.refreshed_at = utcnow()
    session.flush()


def stale_streets(session: Session) -> list[str]:
    query = (
        select(StreetChanges.street_code)
        .outerjoin(FigureState, FigureState.street_code == StreetChanges.street_code)
        .where(
            or_(
                FigureState.change_seq.is_(None),
                FigureState.change_seq != StreetChanges.change_seq,
            )
        )
        .order_by(StreetChanges.street_code)
    )
    return list(session.scalars(query))


def refresh_stale(session_factory: Any) -> int:
    """Recompute every street that changed since its figures; one transaction per street."""
    with session_factory() as session:
        stale = stale_streets(session)
    for street in stale:
        with session_factory() as session, session.begin():
            refresh_street(session, street)
    return len(stale)


class Refresher:
    """Recomputes changed streets after each applied batch, off the request's path.

    One refresher runs at a time per server process; a kick while it runs makes it go round
    once more, so a burst of pushes costs one pass per street, not one per batch.
    """

    def __init__(self, session_factory: Any) -> None:
        self.sessions = session_factory
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def kick_soon(self) -> None:
        """Start a refresh in a background thread unless one is running (for pages)."""
        if self._claim():
            threading.Thread(target=self._loop, name="dashboard-figures", daemon=True).start()

    def kick(self) -> None:
        """Refresh now, in this thread, unless a refresh is running (it will go round again)."""
        if self._claim():
            self._loop()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.01)
        return False

    def _claim(self) -> bool:
        with self._lock:
            if self._running:
                self._again = True
                return False
            self._running = True
            return True

    def _loop(self) -> None:
        try:
            while True:
                refresh_stale(self.sessions)
                with self._lock:
                    if not self._again:
                        return
                    self._again = False
        except Exception:  # the next page or push recomputes; never fail a sync for this
            log.exception("refreshing the dashboard figures failed")
        finally:
            with self._lock:
                self._running = False


# ----------------------------------------------------------------------------- reading


@dataclass
class StreetYear:
    """One street's figures for a year (what a row of the overview shows)."""

    code: str
    name: str
    last_sync: datetime | None = None
    values: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stations_by_kind: dict[str, int] = field(default_factory=dict)
    projects_by_status: dict[str, int] = field(default_factory=dict)
    months: dict[int, dict[str, int]] = field(default_factory=dict)
    overdue: int = 0
    late_milestones: int = 0
    flags: list[tuple[str, str]] = field(default_factory=list)
    #: the street changed since its figures were computed (the refresher is on it)
    stale: bool = False

    def get(self, metric: str) -> int:
        return int(self.values.get(metric, 0))

    @property
    def stations(self) -> int:
        return sum(self.stations_by_kind.values())

    @property
    def projects(self) -> int:
        return sum(self.projects_by_status.values())

    @property
    def uncovered(self) -> int:
        return max(0, self.get("deputies_active") - self.get("deputies_covered"))

    @property
    def on_time_rate(self) -> float | None:
        due = self.get("opinions_answered_due")
        return self.get("opinions_on_time") / due if due else None

    @property
    def satisfied_rate(self) -> float | None:
        rated = self.get("opinions_rated")
        return self.get("opinions_satisfied") / rated if rated else None

    def lag(self, now: datetime) -> timedelta | None:
        return None if self.last_sync is None else now - self.last_sync


def read_streets(
    session: Session,
    year: int,
    visible: Iterable[str] | None,
    today: date,
    with_months: bool = False,
) -> list[StreetYear]:
    """Every visible street's figures for ``year`` (precomputed; call refresh_stale first)."""
    wanted = None if visible is None else sorted(set(visible))
    streets_q = select(Street.code, Street.name).order_by(Street.code)
    if wanted is not None:
        streets_q = streets_q.where(Street.code.in_(wanted))
    result = {
        code: StreetYear(code=code, name=name or code) for code, name in session.execute(streets_q)
    }
    if not result:
        return []
    codes = list(result)
    filt = [StreetFigure.street_code.in_(codes)] if wanted is not None else []
    query = select(
        StreetFigure.street_code,
        StreetFigure.year,
        StreetFigure.month,
        StreetFigure.metric,
        StreetFigure.key,
        StreetFigure.value,
    ).where(*filt, StreetFigure.year.in_((0, year)))
    if not with_months:
        query = (
            select(
                StreetFigure.street_code,
                StreetFigure.year,
                func.min(StreetFigure.month),
                StreetFigure.metric,
                StreetFigure.key,
                func.sum(StreetFigure.value),
            )
            .where(*filt, StreetFigure.year.in_((0, year)))
            .group_by(
                StreetFigure.street_code, StreetFigure.year, StreetFigure.metric, StreetFigure.key
            )
        )
    for code, _y, month, metric, key, value in session.execute(query):
        street = result.get(code)
        if street is None:
            continue
        value = int(value)
        if metric == "stations":
            street.stations_by_kind[key] = street.stations_by_kind.get(key, 0) + value
        elif metric == "projects":
            street.projects_by_status[key] = street.projects_by_status.get(key, 0) + value
        else:
            street.values[metric] += value
            if with_months and month:
                street.months.setdefault(month, defaultdict(int))[metric] += value
    cutoff = today.year * 100 + today.month
    late = (
        select(StreetFigure.street_code, StreetFigure.metric, func.sum(StreetFigure.value))
        .where(
            *filt,
            StreetFigure.metric.in_(("opinions_open_due", "milestones_open")),
            StreetFigure.year > 0,
            StreetFigure.year * 100 + StreetFigure.month < cutoff,
        )
        .group_by(StreetFigure.street_code, StreetFigure.metric)
    )
    for code, metric, value in session.execute(late):
        if code in result:
            if metric == "opinions_open_due":
                result[code].overdue = int(value)
            else:
                result[code].late_milestones = int(value)
    last_q = select(Batch.street_code, func.max(Batch.received_at)).group_by(Batch.street_code)
    if wanted is not None:
        last_q = last_q.where(Batch.street_code.in_(codes))
    for code, when in session.execute(last_q):
        if code in result and when is not None:
            result[code].last_sync = when if when.tzinfo else when.replace(tzinfo=UTC)
    for code in stale_streets(session):
        if code in result:
            result[code].stale = True
    now = datetime.now(UTC)
    for street in result.values():
        street.flags = flags(street, year, today, now)
    return list(result.values())


def flags(street: StreetYear, year: int, today: date, now: datetime) -> list[tuple[str, str]]:
    """The 分析预警 rules a street fails: (rule id, Chinese text naming the rule)."""
    out: list[tuple[str, str]] = []
    lag = street.lag(now)
    if lag is None:
        out.append(("sync", "同步滞后：尚未同步过"))
    elif lag > timedelta(days=SYNC_LAG_DAYS):
        out.append(("sync", f"同步滞后：超过 {SYNC_LAG_DAYS} 天未同步"))
    rate = street.on_time_rate
    if rate is not None and rate < ON_TIME_GOAL:
        out.append(("on_time", f"意见按期答复率 {rate:.0%}，低于 {ON_TIME_GOAL:.0%}"))
    if street.overdue:
        out.append(("overdue", f"有 {street.overdue} 件意见超过答复期限未答复"))
    # months of the year that are over (the whole year for a past year)
    done = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    quarters = done // 3
    if quarters and street.get("meetings_held") < quarters:
        out.append(("meetings", f"代表会议少于每季度一次（应≥{quarters}次）"))
    monthly = street.get("stations_monthly")
    if done and monthly and street.get("activities_held") < monthly * done:
        out.append(("activities", f"家站点活动少于每站每月一次（应≥{monthly * done}次）"))
    if done >= 6 and street.uncovered:
        out.append(("coverage", f"{street.uncovered} 名代表年内未参加履职活动"))
    if street.late_milestones:
        out.append(("milestones", f"民生实事有 {street.late_milestones} 个节点滞后"))
    return out


def district_total(streets: list[StreetYear]) -> StreetYear:
    total = StreetYear(code="", name="全区合计")
    for street in streets:
        for key, value in street.values.items():
            total.values[key] += value
        for kind, n in street.stations_by_kind.items():
            total.stations_by_kind[kind] = total.stations_by_kind.get(kind, 0) + n
        for status, n in street.projects_by_status.items():
            total.projects_by_status[status] = total.projects_by_status.get(status, 0) + n
        total.overdue += street.overdue
        total.late_milestones += street.late_milestones
    return total


def bare_sql_figures(session: Session, year: int) -> list[tuple[str, int, int, str, str, int]]:
    """The same figures straight from ``entity_rows`` for every street (bench baseline)."""
    return [row for row in _figure_rows(session, None) if row[1] in (0, year)]
