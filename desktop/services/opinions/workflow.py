"""The opinion workflow: assign, answer, close, follow up, reopen, urge; deadlines.

Workflow (GLOSSARY.md), one transaction + one ``opinion_event`` + one audit row per transition::

    received ──assign──▶ assigned ──answer──▶ answered ──close──▶ closed ──follow_up──▶ followed_up
       │                  │  ▲ assign (transfer to another department)                   │
       └──close (duplicate / not_responsible / referred)──▶ closed                       │
                          ▲─────────────── reopen (only after a dissatisfied follow-up) ◀─┘

Anything else is refused with a :class:`ConflictError` naming the state and the action.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.opinions import (
    CLOSE_REASONS,
    SATISFACTIONS,
    Opinion,
    OpinionEvent,
)
from desktop.services import audit, workdays
from desktop.services import settings as settings_service
from desktop.services.opinions.common import (
    _audit_transition,
    _check_version,
    _event,
    _get,
    _not_before,
    _reindex,
    _require_date,
    _row_of,
    _snapshot,
    _transition,
)
from desktop.services.opinions.records import Assignment, OpinionRow
from desktop.services.opinions.vocabulary import (
    ANSWER_OUTCOMES,
    CLOSE_REASON_LABELS,
    CLOSE_WITHOUT_ANSWER,
    TRANSITIONS,
)
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- workflow


def compute_due(session: Session, assigned_on: date) -> date:
    cfg = settings_service.load(session)
    cal = workdays.calendar_for(session, assigned_on)
    return workdays.due_date(cal, assigned_on, cfg.answer_deadline_days, cfg.answer_deadline_mode)


def _apply_assignment(session: Session, actor: Actor, op: Opinion, a: Assignment) -> None:
    department = " ".join(a.department.split())
    if not department:
        raise ValidationError(
            N_("Name the department the opinion is assigned to."), field="department"
        )
    assigned_on = _require_date(a.assigned_on, "assigned_on")
    _not_before(assigned_on, op.received_on, "assigned_on")
    _not_before(
        assigned_on, op.followed_up_on if op.status == "followed_up" else None, "assigned_on"
    )
    due = a.due_on or compute_due(session, assigned_on)
    if due < assigned_on:
        raise ValidationError(
            N_("The due date cannot be before the assignment date."), field="due_on"
        )
    from desktop.services.opinions import units as opinion_units

    opinion_units.ensure(session, actor, department, a.contact_person.strip())
    op.department = department
    op.contact_person = a.contact_person.strip()
    op.handler = a.handler.strip() or actor.username
    op.assigned_on = assigned_on
    op.due_on = due
    op.answered_on = None
    op.reply = ""


def assign(
    session: Session,
    actor: Actor,
    opinion_id: str,
    assignment: Assignment,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """交办/转办: to a department with a contact person and a due date. Assigning an opinion
    that is already assigned transfers it to another department (same round)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "assign")
    _apply_assignment(session, actor, op, assignment)
    if from_status == "received":
        op.round = 1
    op.status = target
    _event(
        session,
        actor,
        op,
        "assign",
        from_status,
        assignment.assigned_on,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
    )
    _audit_transition(session, actor, op, "assign", before)
    _reindex(session, op)
    return _row_of(session, op, actor)


def answer(
    session: Session,
    actor: Actor,
    opinion_id: str,
    reply: str,
    answered_on: date,
    *,
    expected_version: int | None = None,
    outcome: str = "",
) -> OpinionRow:
    """答复: the department's reply, with its 办理结果 (one of :data:`ANSWER_OUTCOMES`, or
    empty when the reply slip left it blank)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "answer")
    reply = reply.strip()
    if not reply:
        raise ValidationError(N_("Enter the department's reply."), field="reply")
    answered_on = _require_date(answered_on, "answered_on")
    _not_before(answered_on, op.assigned_on, "answered_on")
    if outcome and outcome not in ANSWER_OUTCOMES:
        raise ValidationError(N_("Unknown outcome: {outcome}"), field="outcome", outcome=outcome)
    op.reply = reply
    op.answered_on = answered_on
    op.status = target
    _event(
        session,
        actor,
        op,
        "answer",
        from_status,
        answered_on,
        text=reply,
        department=op.department,
        reason=outcome,
    )
    _audit_transition(
        session,
        actor,
        op,
        "answer",
        before,
        gettext(CLOSE_REASON_LABELS[outcome]) if outcome else "",
    )
    return _row_of(session, op, actor)


def close(
    session: Session,
    actor: Actor,
    opinion_id: str,
    reason: str,
    closed_on: date,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """办结, with a reason. From "received" only as duplicate / not responsible / referred."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "close")
    if reason not in CLOSE_REASONS:
        raise ValidationError(N_("Choose why the opinion is closed."), field="reason")
    if from_status == "received" and reason not in CLOSE_WITHOUT_ANSWER:
        raise ConflictError(
            N_(
                "Opinion {number} has not been answered; without an answer it can only be closed "
                "as a duplicate, not our responsibility, or referred elsewhere."
            ),
            number=op.number,
        )
    closed_on = _require_date(closed_on, "closed_on")
    _not_before(closed_on, op.answered_on or op.received_on, "closed_on")
    op.close_reason = reason
    op.closed_on = closed_on
    op.status = target
    _event(session, actor, op, "close", from_status, closed_on, reason=reason, text=note.strip())
    _audit_transition(session, actor, op, "close", before, reason=note.strip())
    return _row_of(session, op, actor)


def follow_up(
    session: Session,
    actor: Actor,
    opinion_id: str,
    satisfaction: str,
    followed_up_on: date,
    note: str = "",
    *,
    reassign: Assignment | None = None,
    expected_version: int | None = None,
) -> OpinionRow:
    """回访: the call result and the resident's satisfaction. A dissatisfied follow-up may
    carry the new assignment, which reopens the opinion in the same transaction (two
    transitions: two events, two audit rows)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "follow_up")
    if satisfaction not in SATISFACTIONS:
        raise ValidationError(N_("Choose the resident's satisfaction."), field="satisfaction")
    if reassign is not None and satisfaction != "dissatisfied":
        raise ValidationError(
            N_("Only a dissatisfied follow-up reopens the opinion."), field="satisfaction"
        )
    followed_up_on = _require_date(followed_up_on, "followed_up_on")
    _not_before(followed_up_on, op.closed_on, "followed_up_on")
    op.satisfaction = satisfaction
    op.followed_up_on = followed_up_on
    op.follow_up_note = note.strip()
    op.status = target
    _event(
        session,
        actor,
        op,
        "follow_up",
        from_status,
        followed_up_on,
        satisfaction=satisfaction,
        text=note.strip(),
    )
    _audit_transition(session, actor, op, "follow_up", before)
    if reassign is not None:
        _reopen(session, actor, op, reassign)
    return _row_of(session, op, actor)


def reopen(
    session: Session,
    actor: Actor,
    opinion_id: str,
    assignment: Assignment,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Reopen after a dissatisfied follow-up, with a new assignment (a new round)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    _reopen(session, actor, op, assignment)
    return _row_of(session, op, actor)


def _reopen(session: Session, actor: Actor, op: Opinion, assignment: Assignment) -> None:
    before = _snapshot(op)
    from_status = op.status
    target = _transition(op, "reopen")
    if op.satisfaction != "dissatisfied":
        raise ConflictError(
            N_("Opinion {number} was not rated dissatisfied; it cannot be reopened."),
            number=op.number,
        )
    _apply_assignment(session, actor, op, assignment)
    op.round += 1
    op.close_reason = ""
    op.closed_on = None
    op.satisfaction = ""
    op.followed_up_on = None
    op.follow_up_note = ""
    op.status = target
    _event(
        session,
        actor,
        op,
        "reopen",
        from_status,
        assignment.assigned_on,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
    )
    _audit_transition(session, actor, op, "reopen", before)
    _reindex(session, op)


def urge(
    session: Session,
    actor: Actor,
    opinion_id: str,
    on_date: date,
    note: str = "",
) -> OpinionRow:
    """催办: press the department for an overdue answer. Recorded as an ``urge`` event (the
    history and the 催办函 count them); the opinion's state does not change."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    if op.status != "assigned":
        raise ConflictError(
            N_("Opinion {number} is not waiting for an answer; there is nothing to urge."),
            number=op.number,
        )
    on_date = _require_date(on_date, "on_date")
    if op.due_on is None or on_date <= op.due_on:
        raise ConflictError(
            N_("Opinion {number} is not overdue yet (answer due by {due})."),
            number=op.number,
            due=op.due_on.isoformat() if op.due_on else "—",
        )
    note = note.strip()
    _event(
        session,
        actor,
        op,
        "urge",
        op.status,
        on_date,
        department=op.department,
        contact_person=op.contact_person,
        due_on=op.due_on,
        text=note,
    )
    session.flush()
    audit.record(
        session,
        actor,
        "opinion.urge",
        "opinion",
        op.id,
        after={
            "number": op.number,
            "department": op.department,
            "due_on": op.due_on.isoformat(),
            "urged_on": on_date.isoformat(),
        },
        reason=note,
    )
    return _row_of(session, op, actor)


def urge_count(session: Session, opinion_id: str, round_: int | None = None) -> int:
    """How many times the opinion has been urged (in ``round_``, when given)."""
    query = select(func.count()).where(
        OpinionEvent.opinion_id == opinion_id,
        OpinionEvent.action == "urge",
        OpinionEvent.deleted_at.is_(None),
    )
    if round_ is not None:
        query = query.where(OpinionEvent.round == round_)
    return int(session.scalar(query) or 0)


def answer_outcome(session: Session, actor: Actor, opinion_id: str) -> str:
    """The 办理结果 given with the latest answer ("" when none was chosen)."""
    actor.require(Permission.VIEW)
    return str(
        session.scalar(
            select(OpinionEvent.reason)
            .where(
                OpinionEvent.opinion_id == opinion_id,
                OpinionEvent.action == "answer",
                OpinionEvent.deleted_at.is_(None),
            )
            .order_by(OpinionEvent.at.desc())
            .limit(1)
        )
        or ""
    )


def allowed_actions(status: str, satisfaction: str = "") -> list[str]:
    """What the UI may offer for an opinion in ``status`` (the services decide anyway)."""
    actions = [a for (a, s) in TRANSITIONS if s == status]
    if "reopen" in actions and satisfaction != "dissatisfied":
        actions.remove("reopen")
    return actions
