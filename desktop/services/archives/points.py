"""履职积分: points computed from the records under the year's rules, never typed in.

``gather`` counts, per deputy and year, what the rules price (a handful of grouped SQL
queries); ``score`` prices one deputy's counts (pure, no I/O); ``year_points`` ranks every
deputy; ``save_rules`` stores a new revision and returns exactly whose totals move.
The worked example in docs/points.md is ``tests/unit/archives/test_points.py``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeGuard

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.archives import PointsRuleSet, ReportBack
from desktop.models.meetings import Attendance, Meeting
from desktop.models.roster import Deputy, Station
from desktop.services import audit
from desktop.services.activities.records import street_code
from desktop.services.archives import rules as R
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor, Permission


@dataclass
class Counts:
    """What one deputy did in one year, as the rules count it."""

    #: (activity type, role) → number of activities (the training type excluded).
    activities: dict[tuple[str, str], int] = field(default_factory=dict)
    training_days: int = 0
    meetings_attended: int = 0
    meetings_absent: int = 0  # 缺席 without leave
    meetings_leave: int = 0  # 请假 (no points, no deduction; shown in the archive)
    opinions_raised: int = 0
    opinions_closed: int = 0
    report_backs: int = 0


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: ``count`` × ``each`` = ``raw``, capped to ``points``."""

    category: str  # an activity type or one of rules.FIXED_CATEGORIES, or "deduction"
    detail: str  # the role, or what was counted
    count: int
    each: int
    raw: int
    points: int


@dataclass(frozen=True)
class Score:
    total: int
    earned: int  # before deductions, after caps
    deducted: int
    lines: tuple[Line, ...]

    def category_points(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for line in self.lines:
            out[line.category] += line.points
        return dict(out)


ROLE_WORDS = R.ROLE_WORDS


def _capped(lines: list[tuple[str, int, int]], cap: int, category: str) -> list[Line]:
    """Price the lines of one category and spread its cap over them in order."""
    room = cap if cap > 0 else None
    out = []
    for detail, count, each in lines:
        raw = count * each
        points = raw if room is None else min(raw, room)
        if room is not None:
            room -= points
        out.append(Line(category, detail, count, each, raw, points))
    return out


def score(rules: R.PointsRules, counts: Counts) -> Score:
    """Price one deputy's counts. Pure: same rules and counts, same score."""
    lines: list[Line] = []
    by_kind: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for (kind, role), n in sorted(counts.activities.items()):
        if kind == rules.training_type or n == 0:
            continue
        each = rules.activity_points.get(kind, {}).get(role, 0)
        by_kind[kind].append((ROLE_WORDS.get(role, role), n, each))
    for kind in sorted(by_kind, key=_kind_order(rules)):
        lines += _capped(by_kind[kind], rules.cap(kind), kind)
    if counts.training_days:
        lines += _capped(
            [("培训天数", counts.training_days, rules.training_day)],
            rules.cap(R.TRAINING),
            R.TRAINING,
        )
    if counts.meetings_attended:
        lines += _capped(
            [("出席", counts.meetings_attended, rules.meeting_attended)],
            rules.cap(R.MEETINGS),
            R.MEETINGS,
        )
    opinion_lines = [
        (label, n, each)
        for label, n, each in (
            ("提出", counts.opinions_raised, rules.opinion_raised),
            ("办结", counts.opinions_closed, rules.opinion_closed),
        )
        if n
    ]
    if opinion_lines:
        lines += _capped(opinion_lines, rules.cap(R.OPINIONS), R.OPINIONS)
    if counts.report_backs:
        lines += _capped(
            [("述职", counts.report_backs, rules.report_back)],
            rules.cap(R.REPORT_BACK),
            R.REPORT_BACK,
        )
    earned = sum(line.points for line in lines)
    deducted = counts.meetings_absent * rules.absence_deduction
    if counts.meetings_absent:
        lines.append(
            Line(
                "deduction",
                "无故缺席",
                counts.meetings_absent,
                -rules.absence_deduction,
                -deducted,
                -deducted,
            )
        )
    return Score(earned - deducted, earned, deducted, tuple(lines))


def _kind_order(rules: R.PointsRules) -> Callable[[str], tuple[int, str]]:
    order = {k: i for i, k in enumerate(rules.activity_points)}
    return lambda kind: (order.get(kind, len(order)), kind)


# ---------------------------------------------------------------------------- counting


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _meeting_ids(session: Session, year: int) -> list[str]:
    """Meetings held (not merely planned) whose local start date falls in ``year``."""
    # A margin of a day either side of the UTC year, then the exact local date in Python.
    low = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    high = datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    rows = session.execute(
        select(Meeting.id, Meeting.starts_at).where(
            Meeting.deleted_at.is_(None),
            Meeting.status != "planned",
            Meeting.starts_at >= low,
            Meeting.starts_at < high,
        )
    ).all()
    return [mid for mid, at in rows if at.astimezone().year == year]


def gather(
    session: Session, year: int, deputy_ids: Iterable[str] | None = None
) -> dict[str, Counts]:
    """Counts per deputy id for ``year`` (every deputy with a record; ``deputy_ids`` limits)."""
    low, high = year_bounds(year)
    wanted = None if deputy_ids is None else set(deputy_ids)
    out: dict[str, Counts] = defaultdict(Counts)
    training = R.in_force(session, year).rules.training_type

    def keep(did: str | None) -> TypeGuard[str]:
        return did is not None and (wanted is None or did in wanted)

    acts = session.execute(
        select(DutyParticipant.deputy_id, DutyActivity.kind, DutyParticipant.role, func.count())
        .join(DutyActivity, DutyActivity.id == DutyParticipant.activity_id)
        .where(
            DutyParticipant.deleted_at.is_(None),
            DutyActivity.deleted_at.is_(None),
            DutyParticipant.deputy_id.is_not(None),
            DutyActivity.held_on >= low,
            DutyActivity.held_on <= high,
            DutyActivity.kind != training,
        )
        .group_by(DutyParticipant.deputy_id, DutyActivity.kind, DutyParticipant.role)
    ).all()
    for did, kind, role, n in acts:
        if keep(did):
            out[did].activities[(kind, role)] = n
    days = session.execute(
        select(DutyParticipant.deputy_id, func.count(func.distinct(DutyActivity.held_on)))
        .join(DutyActivity, DutyActivity.id == DutyParticipant.activity_id)
        .where(
            DutyParticipant.deleted_at.is_(None),
            DutyActivity.deleted_at.is_(None),
            DutyParticipant.deputy_id.is_not(None),
            DutyActivity.held_on >= low,
            DutyActivity.held_on <= high,
            DutyActivity.kind == training,
        )
        .group_by(DutyParticipant.deputy_id)
    ).all()
    for did, n in days:
        if keep(did):
            out[did].training_days = n
    meeting_ids = _meeting_ids(session, year)
    if meeting_ids:
        att = session.execute(
            select(Attendance.deputy_id, Attendance.status, func.count())
            .where(
                Attendance.deleted_at.is_(None),
                Attendance.deputy_id.is_not(None),
                Attendance.meeting_id.in_(meeting_ids),
            )
            .group_by(Attendance.deputy_id, Attendance.status)
        ).all()
        for did, status, n in att:
            if not keep(did):
                continue
            if status == "present":
                out[did].meetings_attended = n
            elif status == "absent":
                out[did].meetings_absent = n
            elif status == "on_leave":
                out[did].meetings_leave = n
    params = {"low": low.isoformat(), "high": high.isoformat()}
    raised = session.execute(
        text(
            "SELECT j.value, count(*) FROM opinion, json_each(opinion.deputy_ids) AS j "
            "WHERE opinion.deleted_at IS NULL AND opinion.received_on BETWEEN :low AND :high "
            "GROUP BY j.value"
        ),
        params,
    ).all()
    for did, n in raised:
        if keep(did):
            out[did].opinions_raised = n
    closed = session.execute(
        text(
            "SELECT j.value, count(*) FROM opinion, json_each(opinion.deputy_ids) AS j "
            "WHERE opinion.deleted_at IS NULL AND opinion.status IN ('closed', 'followed_up') "
            "AND opinion.closed_on BETWEEN :low AND :high GROUP BY j.value"
        ),
        params,
    ).all()
    for did, n in closed:
        if keep(did):
            out[did].opinions_closed = n
    rbs = session.execute(
        select(ReportBack.deputy_id, func.count())
        .where(
            ReportBack.deleted_at.is_(None),
            ReportBack.held_on >= low,
            ReportBack.held_on <= high,
        )
        .group_by(ReportBack.deputy_id)
    ).all()
    for did, n in rbs:
        if keep(did):
            out[did].report_backs = n
    return dict(out)


# ---------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class DeputyPoints:
    deputy_id: str
    name: str
    station: str
    rank: int  # 1 = most points; equal totals share a rank
    score: Score
    counts: Counts
    below_floor: bool


@dataclass(frozen=True)
class YearPoints:
    year: int
    rule: R.RuleRevision
    floor: int
    rows: tuple[DeputyPoints, ...]


def _deputies(session: Session, year: int) -> list[tuple[str, str, str]]:
    """Deputies on the roster during ``year``: (id, name, station name), 拼音 order."""
    low, high = year_bounds(year)
    rows = session.execute(
        select(Deputy.id, Deputy.name, Station.name, Deputy.joined_on, Deputy.left_on)
        .outerjoin(Station, Station.id == Deputy.station_id)
        .where(Deputy.deleted_at.is_(None))
        .order_by(Deputy.name_sort, Deputy.name)
    ).all()
    return [
        (did, name, station or "")
        for did, name, station, joined, left in rows
        if (joined is None or joined <= high) and (left is None or left >= low)
    ]


def rank(
    session: Session,
    year: int,
    rules: R.PointsRules | None = None,
    *,
    floor: int | None = None,
) -> YearPoints:
    """Every deputy's points for ``year``, most first, with the breakdown."""
    revision = R.in_force(session, year)
    if rules is not None:
        revision = R.RuleRevision(rules, year, -1, "", "", None)
    if floor is None:
        floor = archive_settings.load(session).points_floor
    counts = gather(session, year)
    people = _deputies(session, year)
    scored = [
        (did, name, station, score(revision.rules, counts.get(did, Counts())))
        for did, name, station in people
    ]
    scored.sort(key=lambda row: -row[3].total)
    rows: list[DeputyPoints] = []
    previous: int | None = None
    current_rank = 0
    for position, (did, name, station, sc) in enumerate(scored, start=1):
        if sc.total != previous:
            current_rank = position
            previous = sc.total
        rows.append(
            DeputyPoints(
                did,
                name,
                station,
                current_rank,
                sc,
                counts.get(did, Counts()),
                floor > 0 and sc.total < floor,
            )
        )
    return YearPoints(year, revision, floor, tuple(rows))


def deputy_score(
    session: Session, deputy_id: str, year: int
) -> tuple[Score, Counts, R.RuleRevision]:
    revision = R.in_force(session, year)
    counts = gather(session, year, [deputy_id]).get(deputy_id, Counts())
    return score(revision.rules, counts), counts, revision


# ---------------------------------------------------------------------------- rule changes


@dataclass(frozen=True)
class Change:
    deputy_id: str
    name: str
    old: int
    new: int


def totals(session: Session, year: int, rules: R.PointsRules) -> dict[str, int]:
    counts = gather(session, year)
    return {
        did: score(rules, counts.get(did, Counts())).total for did, _, _ in _deputies(session, year)
    }


def preview(session: Session, year: int, new_rules: R.PointsRules) -> list[Change]:
    """Whose totals for ``year`` move if ``new_rules`` replace the rules in force."""
    new_rules = R.validate(new_rules)
    old_rules = R.in_force(session, year).rules
    counts = gather(session, year)
    out = []
    for did, name, _ in _deputies(session, year):
        c = counts.get(did, Counts())
        old, new = score(old_rules, c).total, score(new_rules, c).total
        if old != new:
            out.append(Change(did, name, old, new))
    out.sort(key=lambda ch: (-(abs(ch.new - ch.old)), ch.name))
    return out


@dataclass(frozen=True)
class Saved:
    revision: R.RuleRevision
    changes: tuple[Change, ...]


def save_rules(
    session: Session, actor: Actor, year: int, new_rules: R.PointsRules, note: str = ""
) -> Saved:
    """Store ``new_rules`` as the next revision for ``year``; audited; returns what moved."""
    actor.require(Permission.MANAGE_SETTINGS)
    if not 2000 <= year <= 2100:
        raise ValidationError(N_("The year must be from 2000 to 2100."), field="year")
    new_rules = R.validate(new_rules)
    current = R.in_force(session, year)
    changes = preview(session, year, new_rules)
    last = session.scalar(
        select(func.max(PointsRuleSet.revision)).where(
            PointsRuleSet.deleted_at.is_(None), PointsRuleSet.year == year
        )
    )
    row = PointsRuleSet(
        year=year,
        revision=(last or 0) + 1,
        rules_json=json.dumps(R.encode(new_rules), ensure_ascii=False),
        note=note.strip()[:200],
        decided_by=actor.display_name or actor.username,
        street_code=street_code(session),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "points.rules",
        "points_rule_set",
        row.id,
        before={"year": year, "revision": current.revision, "rules": R.encode(current.rules)},
        after={
            "year": year,
            "revision": row.revision,
            "rules": R.encode(new_rules),
            "changed_totals": len(changes),
        },
        reason=note.strip()[:200],
    )
    return Saved(R._revision_of(row), tuple(changes))


def counts_to_mapping(counts: Mapping[str, Counts]) -> dict[str, dict[str, int]]:
    """A flat view of counts (used by the benchmark to compare with bare SQL)."""
    out: dict[str, dict[str, int]] = {}
    for did, c in counts.items():
        flat = {f"{k}/{r}": n for (k, r), n in c.activities.items()}
        flat.update(
            training=c.training_days,
            attended=c.meetings_attended,
            absent=c.meetings_absent,
            raised=c.opinions_raised,
            closed=c.opinions_closed,
            report_backs=c.report_backs,
        )
        out[did] = flat
    return out
