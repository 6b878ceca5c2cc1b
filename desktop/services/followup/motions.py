"""Representatives' input at a meeting: opinions and 动议 raised during the meeting.

An input is registered from the meeting, linked to the meeting and the person (a
representative, or a deputy attending). An opinion goes straight into the opinions ledger with
the channel 议事代表会议 (``meeting``); a 动议 (Shenzhen's 选民代表动议民生事项, seeds/001) is kept
as raised and can then become an opinion in the ledger, or a livelihood-project proposal
(source ``meeting``, the proposer the person who raised it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.base import json_value
from desktop.models.followup import MOTION_KINDS, Motion
from desktop.models.outbox import row_data
from desktop.models.roster import Deputy, Representative
from desktop.services import audit, opinions
from desktop.services.followup import core
from desktop.services.permissions import Actor, Permission
from desktop.services.projects import core as projects_core

KIND_LABELS = {"motion": N_("Motion (raised at a meeting)"), "opinion": N_("Opinion or suggestion")}
STATUS_LABELS = {
    "raised": N_("Raised"),
    "to_opinion": N_("In the opinions ledger"),
    "to_project": N_("Project proposal"),
}


@dataclass(frozen=True)
class MotionRow:
    id: str
    meeting_id: str
    kind: str
    kind_label: str
    person_name: str
    seconders: str
    title: str
    content: str
    raised_on: date
    status: str
    status_label: str
    opinion_id: str | None
    opinion_number: str
    project_id: str | None
    project_number: str


def _snapshot(m: Motion) -> dict[str, Any]:
    return {k: json_value(v) for k, v in row_data(m).items()}


def _audit(
    session: Session, actor: Actor, action: str, m: Motion, before: dict[str, Any] | None
) -> None:
    session.flush()
    audit.record(session, actor, action, "motion", m.id, before=before, after=_snapshot(m))


def _row(session: Session, m: Motion) -> MotionRow:
    from desktop.models.opinions import Opinion
    from desktop.models.projects import Project

    op_number = ""
    if m.opinion_id:
        op_number = session.scalar(select(Opinion.number).where(Opinion.id == m.opinion_id)) or ""
    pr_number = ""
    if m.project_id:
        pr_number = session.scalar(select(Project.number).where(Project.id == m.project_id)) or ""
    return MotionRow(
        id=m.id,
        meeting_id=m.meeting_id,
        kind=m.kind,
        kind_label=gettext(KIND_LABELS.get(m.kind, m.kind)),
        person_name=m.person_name,
        seconders=m.seconders,
        title=m.title,
        content=m.content,
        raised_on=m.raised_on,
        status=m.status,
        status_label=gettext(STATUS_LABELS.get(m.status, m.status)),
        opinion_id=m.opinion_id,
        opinion_number=op_number,
        project_id=m.project_id,
        project_number=pr_number,
    )


def get_motion(session: Session, motion_id: str) -> Motion:
    m = session.get(Motion, motion_id)
    if m is None or m.deleted_at is not None:
        raise NotFound(N_("The motion no longer exists."))
    return m


def _person(
    session: Session, representative_id: str | None, deputy_id: str | None
) -> tuple[str, str | None]:
    """(name, community id) of the person who raised the input."""
    if (representative_id is None) == (deputy_id is None):
        raise ValidationError(N_("Choose the person who raised it."), field="person")
    if representative_id is not None:
        rep = session.get(Representative, representative_id)
        if rep is None or rep.deleted_at is not None:
            raise ValidationError(N_("Unknown representative."), field="person")
        return rep.name, rep.community_id
    dep = session.get(Deputy, deputy_id)
    if dep is None or dep.deleted_at is not None:
        raise ValidationError(N_("Unknown deputy."), field="person")
    return dep.name, None


def _to_ledger(session: Session, actor: Actor, m: Motion, category: str) -> str:
    """Register ``m`` in the opinions ledger (channel 议事代表会议); returns the opinion id."""
    _name, community_id = _person(session, m.representative_id, m.deputy_id)
    meeting = core._meeting(session, m.meeting_id)
    content = m.title if not m.content else f"{m.title}：{m.content}"
    row = opinions.register(
        session,
        actor,
        opinions.OpinionInput(
            received_on=m.raised_on,
            content=content[:5000],
            channel="meeting",
            category=category,
            community_id=community_id,
            deputy_ids=(m.deputy_id,) if m.deputy_id else (),
            resident_name=m.person_name,
            notes=f"{meeting.title}提出" + (f"，附议：{m.seconders}" if m.seconders else ""),
        ),
    )
    return row.id


def register(
    session: Session,
    actor: Actor,
    meeting_id: str,
    *,
    kind: str,
    title: str,
    content: str = "",
    representative_id: str | None = None,
    deputy_id: str | None = None,
    seconders: str = "",
    raised_on: date | None = None,
    category: str = "other",
) -> MotionRow:
    """Register an opinion or a 动议 raised at the meeting (an opinion enters the ledger now)."""
    actor.require(Permission.EDIT_DATA)
    meeting = core._meeting(session, meeting_id)
    if meeting.status == "planned":
        raise ConflictError(
            N_("The meeting has not been held yet; register what was raised once it opens.")
        )
    if kind not in MOTION_KINDS:
        raise ValidationError(N_("Unknown kind of input: {kind}"), field="kind", kind=kind)
    name, _community = _person(session, representative_id, deputy_id)
    m = Motion(
        street_code=core.street_code(session),
        meeting_id=meeting_id,
        kind=kind,
        representative_id=representative_id,
        deputy_id=deputy_id,
        person_name=name,
        seconders=core._text(seconders, "seconders", 200),
        title=core._text(title, "title", 200, required=N_("Give the input a title.")),
        content=core._text(content, "content", 5000),
        raised_on=raised_on or meeting.starts_at.astimezone().date(),
        status="raised",
    )
    session.add(m)
    session.flush()
    if kind == "opinion":
        m.opinion_id = _to_ledger(session, actor, m, category)
        m.status = "to_opinion"
    _audit(session, actor, "motion.register", m, None)
    return _row(session, m)


def _raised(m: Motion) -> None:
    if m.status != "raised":
        raise ConflictError(
            N_("This input has already become {what}."),
            what=gettext(STATUS_LABELS.get(m.status, m.status)),
        )


def to_opinion(
    session: Session, actor: Actor, motion_id: str, *, category: str = "other"
) -> MotionRow:
    """A 动议 becomes an opinion in the ledger (channel 议事代表会议)."""
    actor.require(Permission.EDIT_DATA)
    m = get_motion(session, motion_id)
    _raised(m)
    before = _snapshot(m)
    m.opinion_id = _to_ledger(session, actor, m, category)
    m.status = "to_opinion"
    _audit(session, actor, "motion.to_opinion", m, before)
    return _row(session, m)


def to_project(
    session: Session,
    actor: Actor,
    motion_id: str,
    *,
    year: int | None = None,
    estimated_cost: int = 0,
    unit: str = "",
    today: date | None = None,
) -> MotionRow:
    """A 动议 becomes a livelihood-project proposal (source 会议动议, proposer the person)."""
    actor.require(Permission.EDIT_DATA)
    m = get_motion(session, motion_id)
    if m.kind != "motion":
        raise ConflictError(N_("Only a motion becomes a project proposal."))
    _raised(m)
    _name, community_id = _person(session, m.representative_id, m.deputy_id)
    project = projects_core.propose(
        session,
        actor,
        projects_core.ProposalInput(
            title=m.title,
            content=m.content,
            source="meeting",
            proposer=m.person_name,
            community_id=community_id,
            estimated_cost=estimated_cost,
            unit=unit,
            proposed_on=m.raised_on,
            year=year,
        ),
        today=today,
    )
    before = _snapshot(m)
    m.project_id = project.id
    m.status = "to_project"
    _audit(session, actor, "motion.to_project", m, before)
    return _row(session, m)


def for_meeting(session: Session, actor: Actor, meeting_id: str) -> list[MotionRow]:
    actor.require(Permission.VIEW)
    rows = session.scalars(
        select(Motion)
        .where(Motion.meeting_id == meeting_id, Motion.deleted_at.is_(None))
        .order_by(Motion.raised_on, Motion.created_at)
    )
    return [_row(session, m) for m in rows]


@dataclass(frozen=True)
class Person:
    """Someone on the meeting's frozen roster who may raise an input."""

    label: str  # 张伟强（较场口社区） / 邓建华（人大代表）
    representative_id: str | None
    deputy_id: str | None


def people(session: Session, actor: Actor, meeting_id: str) -> list[Person]:
    """The meeting's representatives, then its deputies, as frozen when it opened."""
    from desktop.models.meetings import Attendance

    actor.require(Permission.VIEW)
    rows = session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))
        .order_by(
            Attendance.deputy_id.is_not(None), Attendance.community_order, Attendance.name_sort
        )
    ).all()
    out = []
    for a in rows:
        where = a.community_name if a.deputy_id is None else gettext(N_("deputy"))
        out.append(Person(f"{a.name}（{where}）", a.representative_id, a.deputy_id))
    return out
