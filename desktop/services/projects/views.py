"""What the pages and papers show: the year's pipeline, a project's detail with its history,
the queues (late milestones, proposals waiting for feedback), the feedback list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import gettext
from desktop.models.activities import DutyActivity
from desktop.models.audit import AuditEntry
from desktop.models.projects import Project, ProjectMilestone
from desktop.models.roster import Community
from desktop.services import audit
from desktop.services.projects import core


@dataclass(frozen=True)
class ProjectRow:
    id: str
    number: str
    title: str
    status: str
    status_label: str
    source_label: str
    proposer: str
    community: str
    unit: str
    estimated_cost: int
    budget: int
    spent: int
    votes_for: int | None
    satisfaction_rate: str
    late: int  # late milestones
    feedback: str


@dataclass(frozen=True)
class StageColumn:
    key: str
    label: str
    states: tuple[str, ...]
    count: int
    cost: int


@dataclass(frozen=True)
class MilestoneView:
    no: int
    title: str
    planned_on: date
    actual_on: date | None
    late: bool


@dataclass(frozen=True)
class HistoryLine:
    on: str
    text: str


@dataclass(frozen=True)
class ProjectDetail:
    row: ProjectRow
    content: str
    decision_reason: str
    feedback_reason: str
    responsible: str
    started_on: date | None
    completed_on: date | None
    satisfaction: dict[str, int]
    milestones: tuple[MilestoneView, ...]
    reports: tuple[HistoryLine, ...]
    history: tuple[HistoryLine, ...]
    actions: tuple[str, ...]
    opinion_id: str | None


@dataclass(frozen=True)
class FeedbackLine:
    proposer: str
    number: str
    title: str
    decision: str
    feedback: str
    reason: str
    on: date | None


@dataclass(frozen=True)
class LateMilestone:
    project_id: str
    number: str
    title: str
    unit: str
    milestone: str
    planned_on: date
    days_late: int


def _communities(session: Session) -> dict[str, str]:
    return {i: n for i, n in session.execute(select(Community.id, Community.name))}


def _late_counts(session: Session, ids: Sequence[str], today: date) -> dict[str, int]:
    if not ids:
        return {}
    q = (
        select(ProjectMilestone.project_id, func.count())
        .where(
            ProjectMilestone.deleted_at.is_(None),
            ProjectMilestone.actual_on.is_(None),
            ProjectMilestone.planned_on < today,
        )
        .group_by(ProjectMilestone.project_id)
    )
    if len(ids) < 500:
        q = q.where(ProjectMilestone.project_id.in_(list(ids)))
    return {pid: int(n) for pid, n in session.execute(q)}


_ROW_COLUMNS = (
    Project.id,
    Project.number,
    Project.title,
    Project.status,
    Project.source,
    Project.proposer,
    Project.community_id,
    Project.unit,
    Project.estimated_cost,
    Project.budget,
    Project.spent,
    Project.votes_for,
    Project.satisfaction_rate,
    Project.feedback,
)


def _rows_of(session: Session, tuples: Sequence[Any], today: date) -> list[ProjectRow]:
    """Rows from ``_ROW_COLUMNS`` tuples (no ORM objects: a stage may hold thousands)."""
    coms = _communities(session)
    late = _late_counts(
        session,
        [t[0] for t in tuples if t[3] in ("implementing", "chosen", "approved")],
        today,
    )
    labels = {k: gettext(v) for k, v in core.STATUS_LABELS.items()}
    sources = {k: gettext(v) for k, v in core.SOURCE_LABELS.items()}
    fb = {k: gettext(v) for k, v in core.FEEDBACK_LABELS.items()}
    return [
        ProjectRow(
            id=t[0],
            number=t[1],
            title=t[2],
            status=t[3],
            status_label=labels[t[3]],
            source_label=sources.get(t[4], t[4]),
            proposer=t[5],
            community=coms.get(t[6] or "", ""),
            unit=t[7],
            estimated_cost=t[8],
            budget=t[9],
            spent=t[10],
            votes_for=t[11],
            satisfaction_rate=t[12],
            late=late.get(t[0], 0),
            feedback=fb.get(t[13], ""),
        )
        for t in tuples
    ]


def rows_for(
    session: Session, projects: Sequence[Project], today: date | None = None
) -> list[ProjectRow]:
    tuples = [tuple(getattr(p, c.key) for c in _ROW_COLUMNS) for p in projects]
    return _rows_of(session, tuples, today or date.today())


def years(session: Session, kind: str = "livelihood") -> list[int]:
    found = session.scalars(
        select(Project.year)
        .where(Project.kind == kind, Project.deleted_at.is_(None))
        .distinct()
        .order_by(Project.year.desc())
    ).all()
    return list(found)


def year_rows(
    session: Session,
    year: int,
    kind: str = "livelihood",
    today: date | None = None,
    states: Sequence[str] | None = None,
) -> list[ProjectRow]:
    q = select(*_ROW_COLUMNS).where(
        Project.year == year, Project.kind == kind, Project.deleted_at.is_(None)
    )
    if states is not None:
        q = q.where(Project.status.in_(list(states)))
    tuples = session.execute(q.order_by(Project.number)).all()
    return _rows_of(session, tuples, today or date.today())


def pipeline(session: Session, year: int, today: date | None = None) -> list[StageColumn]:
    """The five steps of the year, each with its number of projects and estimated cost
    (one GROUP BY; a step's rows come from :func:`stage_rows` when it is opened)."""
    totals = {
        status: (int(n), int(cost or 0))
        for status, n, cost in session.execute(
            select(Project.status, func.count(), func.sum(Project.estimated_cost))
            .where(
                Project.year == year,
                Project.kind == "livelihood",
                Project.deleted_at.is_(None),
            )
            .group_by(Project.status)
        )
    }
    return [
        StageColumn(
            key=key,
            label=gettext(label),
            states=states,
            count=sum(totals.get(st, (0, 0))[0] for st in states),
            cost=sum(totals.get(st, (0, 0))[1] for st in states),
        )
        for key, label, states in core.STAGES
    ]


def stage_rows(
    session: Session, year: int, stage: StageColumn, today: date | None = None
) -> list[ProjectRow]:
    return year_rows(session, year, today=today, states=stage.states)


def _history(session: Session, project_id: str) -> list[HistoryLine]:
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "project", AuditEntry.entity_id == project_id)
        .order_by(AuditEntry.id)
    ).all()
    names = audit.display_names(session)  # people's names, not account names
    out = []
    for row in rows:
        verb = row.action.partition(".")[2]
        label = gettext(core.ACTION_LABELS[verb]) if verb in core.ACTION_LABELS else verb
        after: dict[str, Any] = json.loads(row.after_json) if row.after_json else {}
        status = after.get("status", "")
        text = label
        if status:
            text += f" → {gettext(core.STATUS_LABELS.get(status, status))}"
        if row.reason and not row.reason.startswith("poll:"):
            text += f"（{row.reason}）"
        # Stored in UTC; shown in the PC's time zone like every other time in the app.
        at = row.at.replace(tzinfo=row.at.tzinfo or UTC).astimezone()
        who = names.get(row.username, row.username)
        out.append(HistoryLine(f"{at:%Y-%m-%d %H:%M}", f"{text} · {who}"))
    return out


def detail(session: Session, project_id: str, today: date | None = None) -> ProjectDetail:
    today = today or date.today()
    p = core.get_project(session, project_id)
    (row,) = rows_for(session, [p], today)
    ms = tuple(
        MilestoneView(
            m.no,
            m.title,
            m.planned_on,
            m.actual_on,
            (m.actual_on or today) > m.planned_on,
        )
        for m in core.milestones_of(session, p.id)
    )
    prog = {k: gettext(v) for k, v in core.PROGRESS_LABELS.items()}
    reports = []
    for r in core.reports_of(session, p.id):
        if r.kind == "visit":
            text = f"视察督查：{r.note}"
        else:
            text = f"进度报告（{prog.get(r.progress, r.progress)}）{r.note}"
            if r.spent is not None:
                text += f"；已支出 {r.spent:,} 元"
        reports.append(HistoryLine(r.reported_on.isoformat(), text))
    return ProjectDetail(
        row=row,
        content=p.content,
        decision_reason=p.decision_reason,
        feedback_reason=p.feedback_reason,
        responsible=p.responsible,
        started_on=p.started_on,
        completed_on=p.completed_on,
        satisfaction=json.loads(p.satisfaction_json or "{}"),
        milestones=ms,
        reports=tuple(reports),
        history=tuple(_history(session, p.id)),
        actions=tuple(core.allowed_actions(p.kind, p.status)),
        opinion_id=p.opinion_id,
    )


def _waiting_where(year: int | None) -> list[Any]:
    where: list[Any] = [
        Project.kind == "livelihood",
        Project.status != "proposed",
        Project.feedback == "",
        Project.deleted_at.is_(None),
    ]
    if year is not None:
        where.append(Project.year == year)
    return where


def waiting_feedback(session: Session, year: int | None = None) -> list[ProjectRow]:
    """Proposals past screening whose proposer has not yet been told (采纳情况反馈)."""
    q = select(*_ROW_COLUMNS).where(*_waiting_where(year)).order_by(Project.number)
    return _rows_of(session, session.execute(q).all(), date.today())


def count_waiting_feedback(session: Session, year: int | None = None) -> int:
    q = select(func.count()).select_from(Project).where(*_waiting_where(year))
    return int(session.scalar(q) or 0)


def feedback_list(session: Session, year: int) -> list[FeedbackLine]:
    """Every screened proposal of the year with its feedback, by proposer."""
    decisions = {k: gettext(v) for k, v in core.STATUS_LABELS.items()}
    for later in ("implementing", "completed", "evaluated"):
        decisions[later] = decisions["chosen"]  # what the proposer is told: it was chosen
    fb = {k: gettext(v) for k, v in core.FEEDBACK_LABELS.items()}
    rows = session.scalars(
        select(Project)
        .where(
            Project.year == year,
            Project.kind == "livelihood",
            Project.status != "proposed",
            Project.deleted_at.is_(None),
        )
        .order_by(Project.proposer, Project.number)
    ).all()
    return [
        FeedbackLine(
            proposer=p.proposer,
            number=p.number,
            title=p.title,
            decision=decisions[p.status],
            feedback=fb.get(p.feedback, ""),
            reason=p.feedback_reason,
            on=p.feedback_on,
        )
        for p in rows
    ]


def late_milestones(
    session: Session, today: date | None = None, limit: int | None = None
) -> list[LateMilestone]:
    """Milestones past their planned date and not reached, of projects in implementation."""
    today = today or date.today()
    q = (
        select(ProjectMilestone, Project)
        .join(Project, Project.id == ProjectMilestone.project_id)
        .where(
            ProjectMilestone.deleted_at.is_(None),
            ProjectMilestone.actual_on.is_(None),
            ProjectMilestone.planned_on < today,
            Project.deleted_at.is_(None),
            Project.status.in_(["chosen", "implementing", "approved"]),
        )
        .order_by(ProjectMilestone.planned_on, Project.number)
    )
    if limit is not None:
        q = q.limit(limit)
    return [
        LateMilestone(
            project_id=p.id,
            number=p.number,
            title=p.title,
            unit=p.unit,
            milestone=m.title,
            planned_on=m.planned_on,
            days_late=(today - m.planned_on).days,
        )
        for m, p in session.execute(q)
    ]


def count_late_milestones(session: Session, today: date | None = None) -> int:
    today = today or date.today()
    return int(
        session.scalar(
            select(func.count())
            .select_from(ProjectMilestone)
            .join(Project, Project.id == ProjectMilestone.project_id)
            .where(
                ProjectMilestone.deleted_at.is_(None),
                ProjectMilestone.actual_on.is_(None),
                ProjectMilestone.planned_on < today,
                Project.deleted_at.is_(None),
                Project.status.in_(["chosen", "implementing", "approved"]),
            )
        )
        or 0
    )


def community_choices(session: Session) -> list[tuple[str, str]]:
    return [
        (cid, name)
        for cid, name in session.execute(
            select(Community.id, Community.name)
            .where(Community.deleted_at.is_(None))
            .order_by(Community.sort_order, Community.name)
        )
    ]


def visit_activity_choices(
    session: Session, today: date | None = None, days: int = 120
) -> list[tuple[str, str]]:
    """Recent duty activities a supervision visit can be linked to (label, id)."""
    today = today or date.today()
    rows = session.execute(
        select(DutyActivity.id, DutyActivity.held_on, DutyActivity.kind, DutyActivity.summary)
        .where(
            DutyActivity.deleted_at.is_(None),
            DutyActivity.held_on >= today - timedelta(days=days),
            DutyActivity.held_on <= today,
        )
        .order_by(DutyActivity.held_on.desc())
        .limit(200)
    )
    return [(f"{held:%Y-%m-%d} {kind} {summary[:20]}", aid) for aid, held, kind, summary in rows]


@dataclass(frozen=True)
class MicroAccount:
    """微实事 yearly account: counts and amounts, and every micro-project of the year."""

    year: int
    applied: int
    approved: int
    rejected: int
    accepted: int
    funds_approved: int
    funds_spent: int
    rows: tuple[ProjectRow, ...]


def micro_account(session: Session, year: int, today: date | None = None) -> MicroAccount:
    rows = year_rows(session, year, kind="micro", today=today)
    taken = [r for r in rows if r.status in ("approved", "implementing", "accepted")]
    return MicroAccount(
        year=year,
        applied=len(rows),
        approved=len(taken),
        rejected=sum(1 for r in rows if r.status == "rejected"),
        accepted=sum(1 for r in rows if r.status == "accepted"),
        funds_approved=sum(r.budget for r in taken),
        funds_spent=sum(r.spent for r in taken),
        rows=tuple(rows),
    )
