"""The project record and its state machine (see the package docstring).

States (``Project.status``):

- livelihood: ``proposed`` (征集) → screening decision ``shortlisted`` (入选候选) /
  ``merged`` (合并) / ``rejected`` (不予采纳) / ``to_opinion`` (转意见办理);
  ``shortlisted`` → ``voting`` (on the selection poll) → ``chosen`` (当选) / ``not_chosen``
  (未当选) / ``tied`` (同票待定, goes to a further poll); ``chosen`` → ``implementing``
  (办理实施) → ``completed`` (完工) → ``evaluated`` (监督评议 done).
- micro: ``proposed`` (申报) → ``approved`` / ``rejected`` (community decision) →
  ``implementing`` → ``accepted`` (验收).

:data:`TRANSITIONS` is the whole machine: an action is allowed only from the states listed,
and :func:`check` refuses anything else with a Chinese message before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.activities import DutyActivity
from desktop.models.base import json_value, utcnow
from desktop.models.opinions import Opinion
from desktop.models.outbox import STREET_CODE_KEY, row_data
from desktop.models.projects import (
    PROGRESS_STATES,
    PROJECT_KINDS,
    SOURCES,
    Project,
    ProjectMilestone,
    ProjectReport,
)
from desktop.models.roster import Community
from desktop.services import audit
from desktop.services.permissions import Actor, Permission
from desktop.services.street import require_current

STATUSES = (
    "proposed",
    "shortlisted",
    "merged",
    "rejected",
    "to_opinion",
    "voting",
    "tied",
    "chosen",
    "not_chosen",
    "implementing",
    "completed",
    "evaluated",
    "approved",
    "accepted",
)
STATUS_LABELS = {
    "proposed": N_("Proposed"),
    "shortlisted": N_("Shortlisted"),
    "merged": N_("Merged"),
    "rejected": N_("Not adopted at screening"),
    "to_opinion": N_("Handled as an opinion"),
    "voting": N_("Being voted on"),
    "tied": N_("Tied, to be voted again"),
    "chosen": N_("Chosen"),
    "not_chosen": N_("Not chosen"),
    "implementing": N_("Being implemented"),
    "completed": N_("Completed"),
    "evaluated": N_("Evaluated"),
    "approved": N_("Approved by the community"),
    "accepted": N_("Accepted"),
}
SOURCE_LABELS = {
    "opinion": N_("Resident opinion"),
    "representative": N_("Deliberation representative"),
    "deputy": N_("People's congress deputy"),
    "department": N_("Government department"),
    "meeting": N_("Meeting motion"),
}
PROGRESS_LABELS = {
    "done": N_("Completed"),
    "on_track": N_("On schedule"),
    "late": N_("Behind schedule"),
}
DECISIONS = ("shortlisted", "merged", "rejected", "to_opinion")
DECISION_LABELS = {
    "shortlisted": N_("Shortlisted as a candidate"),
    "merged": N_("Merged"),
    "rejected": N_("Not adopted at screening"),
    "to_opinion": N_("Handled as an opinion"),
}
FEEDBACK_LABELS = {"adopted": N_("Taken up"), "not_adopted": N_("Declined")}

#: action → (kinds it applies to, states it may start from). The stages:
TRANSITIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "screen": (frozenset({"livelihood"}), frozenset({"proposed"})),
    "to_poll": (frozenset({"livelihood"}), frozenset({"shortlisted", "tied"})),
    "read_back": (frozenset({"livelihood"}), frozenset({"voting"})),
    "start": (frozenset(PROJECT_KINDS), frozenset({"chosen", "approved"})),
    "report": (frozenset(PROJECT_KINDS), frozenset({"implementing"})),
    "visit": (frozenset(PROJECT_KINDS), frozenset({"implementing", "completed", "evaluated"})),
    "milestone": (frozenset(PROJECT_KINDS), frozenset({"chosen", "approved", "implementing"})),
    "evaluate": (frozenset({"livelihood"}), frozenset({"implementing", "completed"})),
    "feedback": (
        frozenset({"livelihood"}),
        frozenset(
            {
                "shortlisted",
                "merged",
                "rejected",
                "to_opinion",
                "voting",
                "tied",
                "chosen",
                "not_chosen",
                "implementing",
                "completed",
                "evaluated",
            }
        ),
    ),
    "decide": (frozenset({"micro"}), frozenset({"proposed"})),
    "accept": (frozenset({"micro"}), frozenset({"implementing"})),
    "edit": (frozenset(PROJECT_KINDS), frozenset({"proposed"})),
}
ACTION_LABELS = {
    "propose": N_("proposal registered"),
    "evaluation_poll": N_("put to the evaluation poll"),
    "screen": N_("screening decision"),
    "to_poll": N_("put to the vote"),
    "read_back": N_("read back the vote"),
    "start": N_("start implementation"),
    "report": N_("progress report"),
    "visit": N_("supervision visit"),
    "milestone": N_("milestones"),
    "evaluate": N_("evaluation"),
    "feedback": N_("feedback to the proposer"),
    "decide": N_("community decision"),
    "accept": N_("acceptance"),
    "edit": N_("edit the proposal"),
}
#: The five steps and the states that belong to each (the pipeline's columns).
STAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("collect", N_("1 Collection"), ("proposed",)),
    ("screen", N_("2 Screening"), ("shortlisted", "merged", "rejected", "to_opinion")),
    ("vote", N_("3 Vote"), ("voting", "tied", "not_chosen")),
    ("implement", N_("4 Implementation"), ("chosen", "implementing", "completed")),
    ("evaluate", N_("5 Evaluation"), ("evaluated",)),
)
MAX_COST = 10_000_000_000  # yuan: anything above is a typo


def allowed(kind: str, status: str, action: str) -> bool:
    kinds, states = TRANSITIONS[action]
    return kind in kinds and status in states


def allowed_actions(kind: str, status: str) -> list[str]:
    return [a for a in TRANSITIONS if allowed(kind, status, a)]


def check(project: Project, action: str) -> None:
    """Refuse an action the project's kind and state do not allow (nothing written yet)."""
    if not allowed(project.kind, project.status, action):
        raise ConflictError(
            N_("A project that is “{status}” cannot have this step: {action}."),
            status=gettext(STATUS_LABELS[project.status]),
            action=gettext(ACTION_LABELS[action]),
        )


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ProposalInput:
    title: str
    content: str = ""
    source: str = "representative"
    proposer: str = ""
    community_id: str | None = None
    estimated_cost: int = 0
    unit: str = ""
    proposed_on: date | None = None
    year: int | None = None
    kind: str = "livelihood"


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    planned_on: date
    actual_on: date | None = None


def street_code(session: Session) -> str:
    code = session.info.get(STREET_CODE_KEY)
    if not code:
        code = require_current(session).code
        session.info[STREET_CODE_KEY] = code
    return str(code)


def _text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(N_("This field is required."), field=field)
    if len(value) > limit:
        raise ValidationError(N_("Too long: at most {limit} characters."), field=field, limit=limit)
    return value


def _money(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COST:
        raise ValidationError(
            N_("An amount must be a whole number of yuan, at least 0."), field=field
        )
    return value


def validate_proposal(session: Session, data: ProposalInput, *, today: date) -> ProposalInput:
    if data.kind not in PROJECT_KINDS:
        raise ValidationError(N_("Unknown project kind."), field="kind")
    title = _text(data.title, "title", 200, required=True)
    content = _text(data.content, "content", 4000)
    if data.source not in SOURCES:
        raise ValidationError(N_("Choose where the proposal came from."), field="source")
    proposer = _text(data.proposer, "proposer", 100, required=True)
    unit = _text(data.unit, "unit", 100)
    cost = _money(data.estimated_cost, "estimated_cost")
    on = data.proposed_on or today
    if on > today:
        raise ValidationError(N_("The date cannot be in the future."), field="proposed_on")
    year = data.year if data.year is not None else on.year
    if not 2000 <= year <= today.year + 2:
        raise ValidationError(N_("The year is out of range."), field="year")
    if data.community_id is not None:
        com = session.get(Community, data.community_id)
        if com is None or com.deleted_at is not None:
            raise ValidationError(N_("The community no longer exists."), field="community_id")
    if data.kind == "micro" and data.community_id is None:
        raise ValidationError(
            N_("A micro-project is applied for by a community: choose it."),
            field="community_id",
        )
    return ProposalInput(
        title=title,
        content=content,
        source=data.source,
        proposer=proposer,
        community_id=data.community_id,
        estimated_cost=cost,
        unit=unit,
        proposed_on=on,
        year=year,
        kind=data.kind,
    )


# ----------------------------------------------------------------------------- helpers


def snapshot(project: Project) -> dict[str, Any]:
    return {k: json_value(v) for k, v in row_data(project).items()}


def get_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFound(N_("The project no longer exists."))
    return project


def next_number(session: Session, kind: str, year: int) -> str:
    prefix = f"{'MS' if kind == 'livelihood' else 'WS'}{year}-"
    last = session.scalar(select(func.max(Project.number)).where(Project.number.like(f"{prefix}%")))
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    project: Project,
    before: dict[str, Any] | None,
    reason: str = "",
) -> None:
    session.flush()
    audit.record(
        session,
        actor,
        f"project.{action}",
        "project",
        project.id,
        before=before,
        after=snapshot(project),
        reason=reason,
    )


# ----------------------------------------------------------------------------- 征集


def propose(
    session: Session,
    actor: Actor,
    data: ProposalInput,
    *,
    opinion_id: str | None = None,
    today: date | None = None,
) -> Project:
    """Register a proposal (民生实事 征集, or a community's 微实事 申报)."""
    actor.require(Permission.EDIT_DATA)
    data = validate_proposal(session, data, today=today or date.today())
    if opinion_id is not None:
        op = session.get(Opinion, opinion_id)
        if op is None or op.deleted_at is not None:
            raise NotFound(N_("The opinion no longer exists."))
        taken = session.scalar(
            select(Project.number).where(
                Project.opinion_id == opinion_id, Project.deleted_at.is_(None)
            )
        )
        if taken:
            raise ConflictError(N_("This opinion is already proposal {number}."), number=taken)
    assert data.year is not None and data.proposed_on is not None
    project = Project(
        street_code=street_code(session),
        kind=data.kind,
        year=data.year,
        number=next_number(session, data.kind, data.year),
        title=data.title,
        content=data.content,
        source="opinion" if opinion_id else data.source,
        proposer=data.proposer,
        community_id=data.community_id,
        estimated_cost=data.estimated_cost,
        unit=data.unit,
        proposed_on=data.proposed_on,
        opinion_id=opinion_id,
        status="proposed",
    )
    session.add(project)
    _audit(session, actor, "propose", project, None)
    return project


def propose_from_opinion(
    session: Session,
    actor: Actor,
    opinion_id: str,
    *,
    title: str,
    estimated_cost: int = 0,
    unit: str = "",
    year: int | None = None,
    today: date | None = None,
) -> Project:
    """Turn a ledger opinion into a proposal; the project keeps the opinion's id, and
    :func:`project_of_opinion` finds the project from the opinion."""
    op = session.get(Opinion, opinion_id)
    if op is None or op.deleted_at is not None:
        raise NotFound(N_("The opinion no longer exists."))
    proposer = op.resident_name if op.resident_name and not op.anonymous else op.number
    data = ProposalInput(
        title=title,
        content=op.content,
        source="opinion",
        proposer=proposer,
        community_id=op.community_id,
        estimated_cost=estimated_cost,
        unit=unit,
        year=year,
    )
    return propose(session, actor, data, opinion_id=opinion_id, today=today)


def project_of_opinion(session: Session, opinion_id: str) -> Project | None:
    return session.scalar(
        select(Project).where(Project.opinion_id == opinion_id, Project.deleted_at.is_(None))
    )


def edit_proposal(
    session: Session,
    actor: Actor,
    project_id: str,
    data: ProposalInput,
    *,
    today: date | None = None,
) -> Project:
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "edit")
    data = validate_proposal(session, data, today=today or date.today())
    before = snapshot(project)
    project.title = data.title
    project.content = data.content
    project.source = data.source if project.opinion_id is None else "opinion"
    project.proposer = data.proposer
    project.community_id = data.community_id
    project.estimated_cost = data.estimated_cost
    project.unit = data.unit
    _audit(session, actor, "edit", project, before)
    return project


# ----------------------------------------------------------------------------- 论证初选


def screen(
    session: Session,
    actor: Actor,
    project_id: str,
    decision: str,
    reason: str = "",
    *,
    merge_into: str | None = None,
    on: date | None = None,
) -> Project:
    """One screening decision: 入选候选 / 合并 (into another proposal) / 不予采纳 /
    转意见办理. Every decision but 入选候选 needs a reason."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "screen")
    if decision not in DECISIONS:
        raise ValidationError(N_("Choose a screening decision."), field="decision")
    reason = _text(reason, "reason", 1000, required=decision != "shortlisted")
    target: Project | None = None
    if decision == "merged":
        if not merge_into:
            raise ValidationError(
                N_("Choose the proposal this one is merged into."), field="merge_into"
            )
        target = get_project(session, merge_into)
        if target.id == project.id or target.year != project.year or target.kind != project.kind:
            raise ValidationError(
                N_("A proposal can only be merged into another proposal of the same year."),
                field="merge_into",
            )
        if target.status not in ("proposed", "shortlisted"):
            raise ValidationError(
                N_("The proposal merged into must itself be proposed or shortlisted."),
                field="merge_into",
            )
    before = snapshot(project)
    project.status = decision
    project.decision_reason = reason
    project.decided_on = on or date.today()
    project.merged_into_id = target.id if target else None
    _audit(session, actor, "screen", project, before, reason)
    return project


def set_feedback(
    session: Session,
    actor: Actor,
    project_id: str,
    adopted: bool,
    reason: str,
    *,
    on: date | None = None,
) -> Project:
    """采纳情况反馈 to the proposer: adopted or not, always with a reason."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "feedback")
    reason = _text(reason, "feedback_reason", 1000, required=True)
    before = snapshot(project)
    project.feedback = "adopted" if adopted else "not_adopted"
    project.feedback_reason = reason
    project.feedback_on = on or date.today()
    _audit(session, actor, "feedback", project, before)
    return project


def suggested_feedback(project: Project) -> tuple[bool, str]:
    """The feedback that follows from the decision (the clerk may word it differently)."""
    if project.status in ("chosen", "implementing", "completed", "evaluated"):
        return True, "已列入年度民生实事项目，由代表票决产生。"
    if project.status == "not_chosen":
        return False, "已列为候选项目，代表票决未当选。"
    if project.status == "merged":
        return True, project.decision_reason or "与同类建议合并办理。"
    if project.status == "to_opinion":
        return True, project.decision_reason or "转作意见建议交承办单位办理。"
    if project.status == "rejected":
        return False, project.decision_reason
    return True, "已列为候选项目，提交代表票决。"


# ----------------------------------------------------------------------------- 办理实施


def start(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    unit: str,
    responsible: str,
    budget: int,
    milestones: Sequence[MilestoneInput] = (),
    on: date | None = None,
) -> Project:
    """Hand a chosen project (or an approved micro-project) to its implementing unit."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "start")
    unit = _text(unit, "unit", 100, required=True)
    responsible = _text(responsible, "responsible", 64, required=True)
    budget = _money(budget, "budget")
    rows = _validate_milestones(milestones)
    before = snapshot(project)
    project.unit = unit
    project.responsible = responsible
    project.budget = budget
    project.started_on = on or date.today()
    project.status = "implementing"
    _replace_milestones(session, project, rows)
    _audit(session, actor, "start", project, before)
    return project


def _validate_milestones(milestones: Sequence[MilestoneInput]) -> list[MilestoneInput]:
    rows = []
    for m in milestones:
        title = _text(m.title, "milestones", 200, required=True)
        if not isinstance(m.planned_on, date):
            raise ValidationError(N_("Each milestone needs a planned date."), field="milestones")
        rows.append(MilestoneInput(title, m.planned_on, m.actual_on))
    return rows


def _replace_milestones(session: Session, project: Project, rows: list[MilestoneInput]) -> None:
    now = utcnow()
    for old in milestones_of(session, project.id):
        old.deleted_at = now
    for no, m in enumerate(rows, 1):
        session.add(
            ProjectMilestone(
                street_code=project.street_code,
                project_id=project.id,
                no=no,
                title=m.title,
                planned_on=m.planned_on,
                actual_on=m.actual_on,
            )
        )


def milestones_of(session: Session, project_id: str) -> list[ProjectMilestone]:
    return list(
        session.scalars(
            select(ProjectMilestone)
            .where(ProjectMilestone.project_id == project_id, ProjectMilestone.deleted_at.is_(None))
            .order_by(ProjectMilestone.no)
        )
    )


def set_milestones(
    session: Session, actor: Actor, project_id: str, milestones: Sequence[MilestoneInput]
) -> Project:
    """Replace the milestones (planned and actual dates) of a project in implementation."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "milestone")
    rows = _validate_milestones(milestones)
    before = snapshot(project)
    before["milestones"] = _milestone_texts(session, project.id)
    _replace_milestones(session, project, rows)
    project.updated_at = utcnow()
    session.flush()
    after = snapshot(project)
    after["milestones"] = _milestone_texts(session, project.id)
    audit.record(
        session, actor, "project.milestone", "project", project.id, before=before, after=after
    )
    return project


def _milestone_texts(session: Session, project_id: str) -> list[str]:
    return [
        f"{m.no}:{m.title}:{m.planned_on.isoformat()}:{m.actual_on.isoformat() if m.actual_on else ''}"
        for m in milestones_of(session, project_id)
    ]


def report_progress(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    progress: str,
    on: date,
    note: str = "",
    spent: int | None = None,
    photos: Sequence[str] = (),
) -> Project:
    """A progress report: 完工 (the project is completed), 按进度, or 滞后 with its reason."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "report")
    if progress not in PROGRESS_STATES:
        raise ValidationError(
            N_("Choose the progress: completed, on schedule or behind."), field="progress"
        )
    note = _text(note, "note", 2000, required=progress == "late")
    if spent is not None:
        spent = _money(spent, "spent")
    if project.started_on and on < project.started_on:
        raise ValidationError(
            N_("The report cannot be dated before the project started."), field="on"
        )
    before = snapshot(project)
    session.add(
        ProjectReport(
            street_code=project.street_code,
            project_id=project.id,
            kind="progress",
            reported_on=on,
            progress=progress,
            note=note,
            spent=spent,
            photos=json.dumps([_text(p, "photos", 260) for p in photos], ensure_ascii=False),
        )
    )
    if spent is not None:
        project.spent = spent
    if progress == "done":
        project.status = "completed"
        project.completed_on = on
    project.updated_at = utcnow()
    _audit(session, actor, "report", project, before, note)
    return project


def record_visit(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    on: date,
    note: str,
    activity_id: str | None = None,
    photos: Sequence[str] = (),
) -> Project:
    """A supervision visit (视察/督查) by representatives or deputies; ``activity_id`` links
    the duty activity (履职活动) that recorded it."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "visit")
    note = _text(note, "note", 2000, required=True)
    if activity_id is not None:
        act = session.get(DutyActivity, activity_id)
        if act is None or act.deleted_at is not None:
            raise NotFound(N_("The activity no longer exists."))
        on = act.held_on
    before = snapshot(project)
    session.add(
        ProjectReport(
            street_code=project.street_code,
            project_id=project.id,
            kind="visit",
            reported_on=on,
            note=note,
            activity_id=activity_id,
            photos=json.dumps([_text(p, "photos", 260) for p in photos], ensure_ascii=False),
        )
    )
    project.updated_at = utcnow()
    _audit(session, actor, "visit", project, before, note)
    return project


def reports_of(session: Session, project_id: str) -> list[ProjectReport]:
    return list(
        session.scalars(
            select(ProjectReport)
            .where(ProjectReport.project_id == project_id, ProjectReport.deleted_at.is_(None))
            .order_by(ProjectReport.reported_on, ProjectReport.created_at)
        )
    )


# ----------------------------------------------------------------------------- 微实事


def decide_micro(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    approved: bool,
    funds: int,
    reason: str,
    on: date,
) -> Project:
    """The community's decision on a micro-project (its meeting or small poll), with the
    funds approved."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "decide")
    reason = _text(reason, "reason", 1000, required=True)
    funds = _money(funds, "budget")
    if approved and funds == 0:
        raise ValidationError(N_("Enter the funds approved."), field="budget")
    before = snapshot(project)
    project.status = "approved" if approved else "rejected"
    project.budget = funds if approved else 0
    project.decision_reason = reason
    project.decided_on = on
    _audit(session, actor, "decide", project, before, reason)
    return project


def accept_micro(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    on: date,
    by: str,
    result: str,
    spent: int,
) -> Project:
    """验收: date, who accepted, the result, and the funds finally spent."""
    actor.require(Permission.EDIT_DATA)
    project = get_project(session, project_id)
    check(project, "accept")
    by = _text(by, "accepted_by", 100, required=True)
    result = _text(result, "acceptance_result", 1000, required=True)
    spent = _money(spent, "spent")
    if project.started_on and on < project.started_on:
        raise ValidationError(
            N_("The acceptance cannot be dated before the project started."), field="on"
        )
    before = snapshot(project)
    project.status = "accepted"
    project.accepted_on = on
    project.accepted_by = by
    project.acceptance_result = result
    project.spent = spent
    project.completed_on = on
    _audit(session, actor, "accept", project, before, result)
    return project


def parse_milestones(text: str) -> list[MilestoneInput]:
    """「方案设计 2027-03-31」 one a line (a second date is the actual one) → milestones."""
    out = []
    for n, line in enumerate((text or "").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        dates: list[date] = []
        while parts and len(dates) < 2:
            try:
                dates.insert(0, date.fromisoformat(parts[-1].replace("/", "-")))
            except ValueError:
                break
            parts.pop()
        if not dates or not parts:
            raise ValidationError(
                N_("Milestone line {n}: write the name, then the planned date (2027-03-31)."),
                field="milestones",
                n=n,
            )
        out.append(MilestoneInput(" ".join(parts), dates[0], dates[1] if len(dates) > 1 else None))
    return out
