"""审议意见 and resolutions followed up: 形成 → 交办 → 研究处理情况报告 → 审核意见 → 满意度测评.

Guiyang's "审议意见+研究处理情况报告+审核意见" (seeds/002): each resolution or 审议意见 of a
meeting is assigned (交办) to a 承办单位 from the opinions ledger's dictionary, with a due date
on the ledger's working-day calendar (:mod:`desktop.services.workdays`, 法定节假日 and 调休);
the unit's 研究处理情况报告 is recorded; the working committee's 审核意见 accepts it or sends
it back (a new round with a new due date); accepted items are rated at a later meeting
(:mod:`desktop.services.followup.rating`). An assigned item without a report after its due
date is overdue (the queue and the home card).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.base import json_value
from desktop.models.followup import DELIBERATION_KINDS, REVIEW_VERDICTS, DeliberationOpinion
from desktop.models.meetings import Meeting, Resolution
from desktop.models.outbox import STREET_CODE_KEY, row_data
from desktop.services import audit, edits, workdays
from desktop.services import settings as settings_service
from desktop.services.opinions import units as opinion_units
from desktop.services.permissions import Actor, Permission
from desktop.services.street import require_current

KIND_LABELS = {"resolution": N_("Resolution"), "deliberation": N_("Deliberation opinion")}
STATUS_LABELS = {
    "formed": N_("Formed"),
    "assigned": N_("Assigned to the unit"),
    "reported": N_("Handling reported"),
    "reviewed": N_("Reviewed"),
    "rating": N_("Being rated"),
    "rated": N_("Rated"),
}
VERDICT_LABELS = {
    "accepted": N_("Accepted by the committee"),
    "redo": N_("Sent back to be handled again"),
}
#: Items still in the loop (not yet rated).
OPEN_STATUSES = ("formed", "assigned", "reported", "reviewed", "rating")
#: (action, from status) → to status: the whole state machine.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("assign", "formed"): "assigned",
    ("assign", "assigned"): "assigned",  # 改派: another unit, same round
    ("report", "assigned"): "reported",
    ("review", "reported"): "reviewed",  # accepted; "redo" goes back to assigned
    ("to_rating", "reviewed"): "rating",
    ("rate", "rating"): "rated",
}


@dataclass(frozen=True)
class ItemRow:
    """One followed-up matter as the tab, the queue and the papers show it."""

    id: str
    version: int
    number: str
    meeting_id: str
    meeting_title: str
    kind: str
    kind_label: str
    title: str
    content: str
    status: str
    status_label: str
    round: int
    unit: str
    contact_person: str
    requirement: str
    assigned_on: date | None
    due_on: date | None
    report_text: str
    reported_on: date | None
    review_text: str
    review_verdict: str
    reviewed_on: date | None
    rating_poll_id: str | None
    satisfaction: dict[str, int]
    satisfaction_rate: str
    rated_on: date | None
    overdue: bool
    overdue_days: int  # working days past the due date (0 when not overdue)


def street_code(session: Session) -> str:
    code = session.info.get(STREET_CODE_KEY)
    if not code:
        code = require_current(session).code
        session.info[STREET_CODE_KEY] = code
    return str(code)


def snapshot(item: DeliberationOpinion) -> dict[str, Any]:
    return {k: json_value(v) for k, v in row_data(item).items()}


def get_item(session: Session, item_id: str) -> DeliberationOpinion:
    item = session.get(DeliberationOpinion, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFound(N_("The followed-up matter no longer exists."))
    return item


def _meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFound(N_("The meeting no longer exists."))
    return meeting


def _check_version(item: DeliberationOpinion, expected: int | None) -> None:
    edits.check_version(
        item,
        expected,
        N_("Someone else changed matter {number} meanwhile; reload and try again."),
        number=item.number,
    )


def transition(item: DeliberationOpinion, action: str) -> str:
    target = TRANSITIONS.get((action, item.status))
    if target is None:
        raise ConflictError(
            N_("Matter {number} is {status}; this step is not possible now."),
            number=item.number,
            status=gettext(STATUS_LABELS.get(item.status, item.status)),
        )
    return target


def _text(value: str, field: str, limit: int, *, required: str | None = None) -> str:
    clean = value.strip()
    if required is not None and not clean:
        raise ValidationError(required, field=field)
    if len(clean) > limit:
        raise ValidationError(
            N_("The text is too long (at most {limit} characters)."), field=field, limit=limit
        )
    return clean


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    item: DeliberationOpinion,
    before: dict[str, Any] | None,
    reason: str = "",
) -> None:
    session.flush()
    audit.record(
        session,
        actor,
        action,
        "deliberation_opinion",
        item.id,
        before=before,
        after=snapshot(item),
        reason=reason,
    )


def next_number(session: Session, year: int) -> str:
    prefix = f"DB{year}-"
    last = session.scalar(
        select(func.max(DeliberationOpinion.number)).where(
            DeliberationOpinion.number.like(f"{prefix}%")
        )
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


def calendar(session: Session, start: date) -> workdays.WorkCalendar:
    return workdays.calendar_for(session, start)


def compute_due(session: Session, assigned_on: date, days: int | None = None) -> date:
    """The due date: ``days`` working days after the assignment when given, else the opinions
    ledger's own deadline rule (answer_deadline_days in calendar or working mode)."""
    cal = calendar(session, assigned_on)
    if days is not None:
        return workdays.due_date(cal, assigned_on, days, "working")
    cfg = settings_service.load(session)
    return workdays.due_date(cal, assigned_on, cfg.answer_deadline_days, cfg.answer_deadline_mode)


def overdue_days(cal: workdays.WorkCalendar, item: DeliberationOpinion, today: date) -> int:
    """Working days past the due date of an assigned item without its report (else 0)."""
    if item.status != "assigned" or item.due_on is None or today <= item.due_on:
        return 0
    return max(cal.working_days_between(item.due_on, today), 0) or 1


def _row(
    item: DeliberationOpinion, meeting_title: str, cal: workdays.WorkCalendar, today: date
) -> ItemRow:
    import json

    late = overdue_days(cal, item, today)
    return ItemRow(
        id=item.id,
        version=item.version,
        number=item.number,
        meeting_id=item.meeting_id,
        meeting_title=meeting_title,
        kind=item.kind,
        kind_label=gettext(KIND_LABELS.get(item.kind, item.kind)),
        title=item.title,
        content=item.content,
        status=item.status,
        status_label=gettext(STATUS_LABELS.get(item.status, item.status)),
        round=item.round,
        unit=item.unit,
        contact_person=item.contact_person,
        requirement=item.requirement,
        assigned_on=item.assigned_on,
        due_on=item.due_on,
        report_text=item.report_text,
        reported_on=item.reported_on,
        review_text=item.review_text,
        review_verdict=item.review_verdict,
        reviewed_on=item.reviewed_on,
        rating_poll_id=item.rating_poll_id,
        satisfaction={
            str(k): int(v) for k, v in json.loads(item.satisfaction_json or "{}").items()
        },
        satisfaction_rate=item.satisfaction_rate,
        rated_on=item.rated_on,
        overdue=late > 0,
        overdue_days=late,
    )


def _rows(session: Session, items: list[DeliberationOpinion], today: date) -> list[ItemRow]:
    if not items:
        return []
    ids = {i.meeting_id for i in items}
    titles: dict[str, str] = {
        mid: title
        for mid, title in session.execute(
            select(Meeting.id, Meeting.title).where(Meeting.id.in_(ids))
        )
    }
    cal = calendar(session, min((i.due_on or today) for i in items))
    return [_row(i, titles.get(i.meeting_id, ""), cal, today) for i in items]


def row(session: Session, actor: Actor, item_id: str, today: date | None = None) -> ItemRow:
    actor.require(Permission.VIEW)
    return _rows(session, [get_item(session, item_id)], today or date.today())[0]


# ----------------------------------------------------------------------------- 形成


def create(
    session: Session,
    actor: Actor,
    meeting_id: str,
    *,
    title: str = "",
    content: str = "",
    kind: str = "deliberation",
    resolution_id: str | None = None,
) -> ItemRow:
    """Form a 审议意见 of the meeting, or take one of its resolutions into the follow-up."""
    actor.require(Permission.EDIT_DATA)
    meeting = _meeting(session, meeting_id)
    if meeting.status == "planned":
        raise ConflictError(
            N_("The meeting has not been held yet; its opinions are formed at the meeting.")
        )
    if resolution_id is not None:
        res = session.get(Resolution, resolution_id)
        if res is None or res.deleted_at is not None or res.meeting_id != meeting_id:
            raise NotFound(N_("The resolution is not one of this meeting's."))
        taken = session.scalar(
            select(DeliberationOpinion.number).where(
                DeliberationOpinion.resolution_id == resolution_id,
                DeliberationOpinion.deleted_at.is_(None),
            )
        )
        if taken:
            raise ConflictError(
                N_("This resolution is already followed up as {number}."), number=taken
            )
        kind = "resolution"
        title = title.strip() or res.title
        content = content.strip() or res.text
    if kind not in DELIBERATION_KINDS:
        raise ValidationError(N_("Unknown kind of matter: {kind}"), field="kind", kind=kind)
    clean_title = _text(title, "title", 200, required=N_("Give the matter a title."))
    item = DeliberationOpinion(
        street_code=street_code(session),
        meeting_id=meeting_id,
        resolution_id=resolution_id,
        kind=kind,
        number=next_number(session, meeting.starts_at.year),
        title=clean_title,
        content=_text(content, "content", 5000),
        status="formed",
        round=0,
    )
    session.add(item)
    _audit(session, actor, "deliberation.create", item, None)
    return _rows(session, [item], date.today())[0]


# ----------------------------------------------------------------------------- 交办


def assign(
    session: Session,
    actor: Actor,
    item_id: str,
    *,
    unit: str,
    assigned_on: date,
    contact_person: str = "",
    requirement: str = "",
    days: int | None = None,
    due_on: date | None = None,
    expected_version: int | None = None,
) -> ItemRow:
    """交办 to a 承办单位 (the unit joins the opinions ledger's dictionary when new); the due
    date is ``due_on``, or ``days`` working days, or the ledger's deadline rule."""
    actor.require(Permission.EDIT_DATA)
    item = get_item(session, item_id)
    _check_version(item, expected_version)
    target = transition(item, "assign")
    name = " ".join(unit.split())
    if not name:
        raise ValidationError(N_("Name the handling unit the matter is assigned to."), field="unit")
    if not isinstance(assigned_on, date):
        raise ValidationError(N_("Enter the assignment date."), field="assigned_on")
    meeting = _meeting(session, item.meeting_id)
    if assigned_on < meeting.starts_at.date():
        raise ValidationError(
            N_("The assignment cannot be dated before the meeting."), field="assigned_on"
        )
    due = due_on or compute_due(session, assigned_on, days)
    if due < assigned_on:
        raise ValidationError(
            N_("The due date cannot be before the assignment date."), field="due_on"
        )
    before = snapshot(item)
    opinion_units.ensure(session, actor, name, contact_person.strip())
    if item.status == "formed":
        item.round = 1
    item.unit = name
    item.contact_person = _text(contact_person, "contact_person", 64)
    item.requirement = _text(requirement, "requirement", 2000)
    item.assigned_on = assigned_on
    item.due_on = due
    item.status = target
    _audit(session, actor, "deliberation.assign", item, before)
    return _rows(session, [item], assigned_on)[0]


# ----------------------------------------------------------------------------- 研究处理情况报告


def record_report(
    session: Session,
    actor: Actor,
    item_id: str,
    *,
    text: str,
    reported_on: date,
    expected_version: int | None = None,
) -> ItemRow:
    """The unit's 研究处理情况报告 (a report after the due date is recorded all the same)."""
    actor.require(Permission.EDIT_DATA)
    item = get_item(session, item_id)
    _check_version(item, expected_version)
    target = transition(item, "report")
    body = _text(text, "text", 10000, required=N_("Enter the unit's handling report."))
    if item.assigned_on is not None and reported_on < item.assigned_on:
        raise ValidationError(
            N_("The report cannot be dated before the assignment."), field="reported_on"
        )
    before = snapshot(item)
    item.report_text = body
    item.reported_on = reported_on
    item.status = target
    _audit(session, actor, "deliberation.handling_report", item, before)
    return _rows(session, [item], reported_on)[0]


# ----------------------------------------------------------------------------- 审核意见


def review(
    session: Session,
    actor: Actor,
    item_id: str,
    *,
    verdict: str,
    text: str,
    reviewed_on: date,
    days: int | None = None,
    expected_version: int | None = None,
) -> ItemRow:
    """The working committee's 审核意见: ``accepted`` (ready to be rated at a later meeting) or
    ``redo`` (sent back: a new round with a new due date counted from the review)."""
    actor.require(Permission.REVIEW_FOLLOWUP)
    item = get_item(session, item_id)
    _check_version(item, expected_version)
    target = transition(item, "review")
    if verdict not in REVIEW_VERDICTS:
        raise ValidationError(N_("Choose accepted or sent back."), field="verdict")
    body = _text(text, "text", 5000, required=N_("Enter the committee's review opinion."))
    if item.reported_on is not None and reviewed_on < item.reported_on:
        raise ValidationError(
            N_("The review cannot be dated before the report."), field="reviewed_on"
        )
    before = snapshot(item)
    item.review_text = body
    item.review_verdict = verdict
    item.reviewed_on = reviewed_on
    if verdict == "accepted":
        item.status = target
        _audit(session, actor, "deliberation.review", item, before)
    else:
        item.status = "assigned"
        item.round += 1
        item.assigned_on = reviewed_on
        item.due_on = compute_due(session, reviewed_on, days)
        item.report_text = ""
        item.reported_on = None
        _audit(session, actor, "deliberation.send_back", item, before)
    return _rows(session, [item], reviewed_on)[0]


# ----------------------------------------------------------------------------- lists


def for_meeting(
    session: Session, actor: Actor, meeting_id: str, today: date | None = None
) -> list[ItemRow]:
    """The matters formed at a meeting, in number order."""
    actor.require(Permission.VIEW)
    items = list(
        session.scalars(
            select(DeliberationOpinion)
            .where(
                DeliberationOpinion.meeting_id == meeting_id,
                DeliberationOpinion.deleted_at.is_(None),
            )
            .order_by(DeliberationOpinion.number)
        )
    )
    return _rows(session, items, today or date.today())


QUEUES = ("overdue", "open", "to_review", "to_rate", "all")
QUEUE_LABELS = {
    "overdue": N_("Overdue matters"),
    "open": N_("Not yet rated"),
    "to_review": N_("Awaiting review"),
    "to_rate": N_("Awaiting rating"),
    "all": N_("All"),
}


def queue(
    session: Session, actor: Actor, which: str = "overdue", today: date | None = None
) -> list[ItemRow]:
    """The follow-up queue across meetings: overdue first by due date, then the others."""
    actor.require(Permission.VIEW)
    day = today or date.today()
    stmt = select(DeliberationOpinion).where(DeliberationOpinion.deleted_at.is_(None))
    if which == "overdue":
        stmt = stmt.where(
            DeliberationOpinion.status == "assigned", DeliberationOpinion.due_on < day
        )
    elif which == "open":
        stmt = stmt.where(DeliberationOpinion.status.in_(OPEN_STATUSES))
    elif which == "to_review":
        stmt = stmt.where(DeliberationOpinion.status == "reported")
    elif which == "to_rate":
        stmt = stmt.where(DeliberationOpinion.status == "reviewed")
    elif which != "all":
        raise ValidationError(N_("Unknown queue: {queue}"), field="queue", queue=which)
    items = list(session.scalars(stmt))
    rows = _rows(session, items, day)
    return sorted(rows, key=lambda r: (not r.overdue, r.due_on or date.max, r.number))


def count_overdue(session: Session, today: date | None = None) -> int:
    day = today or date.today()
    return int(
        session.scalar(
            select(func.count()).where(
                DeliberationOpinion.deleted_at.is_(None),
                DeliberationOpinion.status == "assigned",
                DeliberationOpinion.due_on < day,
            )
        )
        or 0
    )


def followed_resolution_ids(session: Session, meeting_id: str) -> set[str]:
    return {
        rid
        for rid in session.scalars(
            select(DeliberationOpinion.resolution_id).where(
                DeliberationOpinion.meeting_id == meeting_id,
                DeliberationOpinion.resolution_id.is_not(None),
                DeliberationOpinion.deleted_at.is_(None),
            )
        )
        if rid
    }
