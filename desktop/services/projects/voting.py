"""代表票决 and 监督评议 through the existing poll and counting services (not a copy).

- :func:`create_vote_poll`: the year's shortlist (or the tied projects of a first round)
  becomes a selection poll in one action; each option carries the project's name,
  implementing unit and estimated cost.
- :func:`read_back_vote`: after certification, the certified result decides each project:
  ``chosen`` → 当选, ``tie`` → 同票待定 (put to a further poll for the places left),
  ``not_chosen`` → 未当选. Unfilled places simply stay unfilled (the counting rules).
- :func:`create_evaluation_poll` / :func:`read_back_evaluation`: the year's chosen projects
  become a rating poll (满意/基本满意/不满意); the certified counts are stored on each project.
- :func:`unit_scores`: a score per implementing unit under configurable 加分/扣分 rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.projects import Project, ProjectCycle, ProjectMilestone
from desktop.services import audit, counting, polls, wording
from desktop.services.permissions import Actor, Permission
from desktop.services.projects import core

RULE_KINDS = ("rate_at_least", "rate_below", "late_milestone", "completed")
BASE_SCORE = 100


@dataclass(frozen=True)
class ScoreRule:
    kind: str
    points: int
    threshold: str = ""  # a fraction or decimal for the rate rules, e.g. "9/10" or "0.9"


DEFAULT_RULES: tuple[ScoreRule, ...] = (
    ScoreRule("rate_at_least", 5, "9/10"),
    ScoreRule("rate_below", -5, "7/10"),
    ScoreRule("late_milestone", -1),
    ScoreRule("completed", 2),
)


@dataclass(frozen=True)
class UnitScore:
    unit: str
    projects: int
    score: int
    lines: tuple[str, ...]  # 「较场口社区加装电梯：满意率95%，+5」


def cycle(session: Session, year: int, kind: str = "livelihood") -> ProjectCycle | None:
    return session.scalar(
        select(ProjectCycle).where(
            ProjectCycle.year == year, ProjectCycle.kind == kind, ProjectCycle.deleted_at.is_(None)
        )
    )


def _cycle_for_write(session: Session, year: int, kind: str = "livelihood") -> ProjectCycle:
    row = cycle(session, year, kind)
    if row is None:
        row = ProjectCycle(street_code=core.street_code(session), year=year, kind=kind)
        session.add(row)
        session.flush()
    return row


def _projects(session: Session, ids: Sequence[str]) -> list[Project]:
    rows = [core.get_project(session, i) for i in ids]
    return sorted(rows, key=lambda p: p.number)


def shortlist(session: Session, year: int) -> list[Project]:
    return list(
        session.scalars(
            select(Project)
            .where(
                Project.year == year,
                Project.kind == "livelihood",
                Project.status == "shortlisted",
                Project.deleted_at.is_(None),
            )
            .order_by(Project.number)
        )
    )


def create_vote_poll(
    session: Session,
    actor: Actor,
    year: int,
    *,
    quota: int,
    project_ids: Sequence[str] | None = None,
    title: str = "",
    meeting_id: str | None = None,
    agenda_item_id: str | None = None,
    members_total: int = 0,
    present: int = 0,
    on: date | None = None,
) -> polls.PollView:
    """The shortlist (or the given shortlisted/tied projects) becomes a selection poll."""
    actor.require(Permission.EDIT_DATA)
    chosen = (
        _projects(session, project_ids) if project_ids is not None else shortlist(session, year)
    )
    if not chosen:
        raise ValidationError(N_("There is no shortlisted project to put to the vote."))
    for p in chosen:
        core.check(p, "to_poll")
        if p.year != year:
            raise ValidationError(N_("Every project of the poll must be of the same year."))
    if isinstance(quota, bool) or not isinstance(quota, int) or not 1 <= quota <= len(chosen):
        raise ValidationError(
            N_("The number to choose must be between 1 and the number of candidates ({n})."),
            field="quota",
            n=len(chosen),
        )
    options = [
        polls.OptionInput(
            title=p.title,
            description=p.content[:200],
            estimated_cost=p.estimated_cost,
            department=p.unit,
        )
        for p in chosen
    ]
    view = polls.create_poll(
        session,
        actor,
        title=title.strip() or f"{year}年民生实事项目代表票决",
        kind="selection",
        options=options,
        quota=quota,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        members_total=members_total,
        present=present,
    )
    row = _cycle_for_write(session, year)
    row.vote_poll_id = view.id
    row.screened_on = row.screened_on or on or date.today()
    for no, p in enumerate(chosen, 1):
        before = core.snapshot(p)
        p.status = "voting"
        p.vote_poll_id = view.id
        p.vote_option_no = no
        p.votes_for = None
        core._audit(session, actor, "to_poll", p, before)
    return view


def _certified_result(session: Session, poll_id: str) -> dict[str, Any]:
    poll = polls.load_poll(session, poll_id)
    if poll.status != "certified":
        raise ConflictError(
            N_("The poll has not been certified yet; read back after certification.")
        )
    cert = polls.latest_certificate(session, poll_id)
    if cert is None:
        raise NotFound(N_("The poll has no certificate."))
    return cert.result


def read_back_vote(session: Session, actor: Actor, poll_id: str) -> dict[str, list[str]]:
    """Apply a certified selection poll to its projects; returns the project numbers by
    outcome (``chosen``, ``tied``, ``not_chosen``, ``returned`` when the poll was invalid)."""
    actor.require(Permission.EDIT_DATA)
    result = _certified_result(session, poll_id)
    projects = list(
        session.scalars(
            select(Project)
            .where(
                Project.vote_poll_id == poll_id,
                Project.status == "voting",
                Project.deleted_at.is_(None),
            )
            .order_by(Project.vote_option_no)
        )
    )
    if not projects:
        raise ConflictError(N_("This poll's projects have already been read back."))
    by_no = {int(o["no"]): o for o in result["options"]}
    out: dict[str, list[str]] = {"chosen": [], "tied": [], "not_chosen": [], "returned": []}
    for p in projects:
        core.check(p, "read_back")
        option = by_no.get(p.vote_option_no or 0, {})
        outcome = option.get("outcome")
        before = core.snapshot(p)
        p.votes_for = option.get("for")
        if not result.get("poll_valid", True) or outcome == counting.POLL_INVALID:
            p.status, key = "shortlisted", "returned"
        elif outcome == counting.CHOSEN:
            p.status, key = "chosen", "chosen"
        elif outcome == counting.TIE:
            p.status, key = "tied", "tied"
        else:
            p.status, key = "not_chosen", "not_chosen"
        out[key].append(p.number)
        core._audit(session, actor, "read_back", p, before, f"poll:{poll_id}:{outcome}")
    return out


def year_projects(session: Session, year: int, statuses: Sequence[str]) -> list[Project]:
    return list(
        session.scalars(
            select(Project)
            .where(
                Project.year == year,
                Project.kind == "livelihood",
                Project.status.in_(list(statuses)),
                Project.deleted_at.is_(None),
            )
            .order_by(Project.number)
        )
    )


def create_evaluation_poll(
    session: Session,
    actor: Actor,
    year: int,
    *,
    title: str = "",
    meeting_id: str | None = None,
    agenda_item_id: str | None = None,
    members_total: int = 0,
    present: int = 0,
) -> polls.PollView:
    """A satisfaction rating poll with one subject per chosen project of the year."""
    actor.require(Permission.EDIT_DATA)
    projects = year_projects(session, year, ("implementing", "completed"))
    if not projects:
        raise ValidationError(N_("No project of this year is being implemented or completed."))
    waiting = [p for p in projects if p.evaluation_poll_id is not None]
    if waiting:
        raise ConflictError(
            N_("Project {number} is already on an evaluation poll."), number=waiting[0].number
        )
    view = polls.create_poll(
        session,
        actor,
        title=title.strip() or f"{year}年民生实事项目满意度测评",
        kind="rating",
        options=[
            polls.OptionInput(
                title=p.title,
                description=p.content[:200],
                estimated_cost=p.budget or p.estimated_cost,
                department=p.unit,
            )
            for p in projects
        ],
        threshold_base=None,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        members_total=members_total,
        present=present,
    )
    row = _cycle_for_write(session, year)
    row.evaluation_poll_id = view.id
    for no, p in enumerate(projects, 1):
        before = core.snapshot(p)
        p.evaluation_poll_id = view.id
        p.evaluation_option_no = no
        core._audit(session, actor, "evaluation_poll", p, before)
    return view


def read_back_evaluation(session: Session, actor: Actor, poll_id: str) -> list[str]:
    """Store the certified satisfaction counts on each project; they become 已评议."""
    actor.require(Permission.EDIT_DATA)
    result = _certified_result(session, poll_id)
    projects = list(
        session.scalars(
            select(Project)
            .where(
                Project.evaluation_poll_id == poll_id,
                Project.status.in_(["implementing", "completed"]),
                Project.deleted_at.is_(None),
            )
            .order_by(Project.evaluation_option_no)
        )
    )
    if not projects:
        raise ConflictError(N_("This poll's projects have already been read back."))
    by_no = {int(o["no"]): o for o in result["options"]}
    done = []
    for p in projects:
        core.check(p, "evaluate")
        option = by_no.get(p.evaluation_option_no or 0, {})
        before = core.snapshot(p)
        p.satisfaction_json = json.dumps(option.get("levels", {}), ensure_ascii=False)
        p.satisfaction_rate = option.get("positive_rate") or ""
        p.status = "evaluated"
        core._audit(session, actor, "evaluate", p, before)
        done.append(p.number)
    return done


# ----------------------------------------------------------------------------- scoring


def parse_threshold(text: str) -> Fraction:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError, AttributeError):
        raise ValidationError(
            N_("A rate threshold is a fraction such as 9/10 or a decimal such as 0.9."),
            field="threshold",
        ) from None
    if not 0 <= value <= 1:
        raise ValidationError(N_("A rate threshold lies between 0 and 1."), field="threshold")
    return value


def score_rules(session: Session, year: int) -> tuple[ScoreRule, ...]:
    row = cycle(session, year)
    if row is None or not row.score_rules_json:
        return DEFAULT_RULES
    return tuple(ScoreRule(**r) for r in json.loads(row.score_rules_json))


def set_score_rules(
    session: Session, actor: Actor, year: int, rules: Sequence[ScoreRule]
) -> tuple[ScoreRule, ...]:
    actor.require(Permission.EDIT_DATA)
    for r in rules:
        if r.kind not in RULE_KINDS:
            raise ValidationError(N_("Unknown scoring rule."), field="kind")
        if isinstance(r.points, bool) or not isinstance(r.points, int) or abs(r.points) > 100:
            raise ValidationError(
                N_("Points are a whole number between -100 and 100."), field="points"
            )
        if r.kind.startswith("rate"):
            parse_threshold(r.threshold)
    row = _cycle_for_write(session, year)
    before = {"score_rules": row.score_rules_json}
    row.score_rules_json = json.dumps(
        [{"kind": r.kind, "points": r.points, "threshold": r.threshold} for r in rules],
        ensure_ascii=False,
    )
    session.flush()
    audit.record(
        session,
        actor,
        "project.score_rules",
        "project_cycle",
        row.id,
        before=before,
        after={"score_rules": row.score_rules_json},
    )
    return tuple(rules)


def rate_of(project: Project) -> Fraction | None:
    if not project.satisfaction_rate:
        return None
    num, _, den = project.satisfaction_rate.partition("/")
    return Fraction(int(num), int(den)) if int(den) else None


def late_milestones(session: Session, project: Project, today: date) -> int:
    n = 0
    for m in session.scalars(
        select(ProjectMilestone).where(
            ProjectMilestone.project_id == project.id, ProjectMilestone.deleted_at.is_(None)
        )
    ):
        if (m.actual_on or today) > m.planned_on:
            n += 1
    return n


def unit_scores(session: Session, year: int, *, today: date | None = None) -> list[UnitScore]:
    """Base 100 plus each rule's points over the unit's projects of the year."""
    today = today or date.today()
    rules = score_rules(session, year)
    projects = year_projects(session, year, ("implementing", "completed", "evaluated"))
    units: dict[str, list[Project]] = {}
    for p in projects:
        units.setdefault(p.unit or "—", []).append(p)
    out = []
    for unit, rows in sorted(units.items()):
        score = BASE_SCORE
        lines = []
        for p in rows:
            rate = rate_of(p)
            for r in rules:
                pts = 0
                if (
                    r.kind == "rate_at_least"
                    and rate is not None
                    and rate >= parse_threshold(r.threshold)
                ) or (
                    r.kind == "rate_below"
                    and rate is not None
                    and rate < parse_threshold(r.threshold)
                ):
                    pts = r.points
                elif r.kind == "late_milestone":
                    pts = r.points * late_milestones(session, p, today)
                elif r.kind == "completed" and p.completed_on is not None:
                    pts = r.points
                if pts:
                    score += pts
                    lines.append(f"{p.title}：{_rule_words(r, rate)} {pts:+d}")
        out.append(UnitScore(unit, len(rows), score, tuple(lines)))
    return out


def _rule_words(rule: ScoreRule, rate: Fraction | None) -> str:
    pct = wording.rate_percent(rate, 0) if rate is not None else ""
    return {
        "rate_at_least": f"满意率{pct}",
        "rate_below": f"满意率{pct}",
        "late_milestone": "节点滞后",
        "completed": "已完工",
    }[rule.kind]
