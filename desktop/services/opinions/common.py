"""Shared steps of the opinions services: load, snapshot, version check, transition check,
event and audit rows, the search index, numbering, input checks, and the row view.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.base import utcnow
from desktop.models.opinions import (
    CHANNELS,
    Opinion,
    OpinionEvent,
)
from desktop.models.roster import Community, Deputy, Station
from desktop.services import audit
from desktop.services.opinions import search as opinion_search
from desktop.services.opinions.category import categories, category_labels
from desktop.services.opinions.privacy import mask_address, mask_phone, sees_personal_data
from desktop.services.opinions.records import OpinionInput, OpinionRow
from desktop.services.opinions.vocabulary import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    CLOSE_REASON_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
)
from desktop.services.permissions import Actor

# ---------------------------------------------------------------------------- helpers


def _get(session: Session, opinion_id: str) -> Opinion:
    op = session.get(Opinion, opinion_id)
    if op is None or op.deleted_at is not None:
        raise NotFound(N_("Opinion not found: {id}"), id=opinion_id)
    return op


def _snapshot(op: Opinion) -> dict[str, Any]:
    return {
        "number": op.number,
        "status": op.status,
        "round": op.round,
        "department": op.department,
        "contact_person": op.contact_person,
        "handler": op.handler,
        "assigned_on": op.assigned_on,
        "due_on": op.due_on,
        "answered_on": op.answered_on,
        "closed_on": op.closed_on,
        "close_reason": op.close_reason,
        "followed_up_on": op.followed_up_on,
        "satisfaction": op.satisfaction,
        "is_public": op.is_public,
    }


def _check_version(op: Opinion, expected_version: int | None) -> None:
    if expected_version is not None and op.version != expected_version:
        raise ConflictError(
            N_("Opinion {number} was changed by someone else meanwhile; reload and try again."),
            number=op.number,
        )


def _transition(op: Opinion, action: str) -> str:
    target = TRANSITIONS.get((action, op.status))
    if target is None:
        raise ConflictError(
            N_("Opinion {number} is {status}; it cannot be {action} now."),
            number=op.number,
            status=_zh(STATUS_LABELS.get(op.status, op.status)),
            action=_zh(ACTION_LABELS.get(action, action)),
        )
    return target


def _zh(label: str) -> str:

    return gettext(label)


def _require_date(value: date | None, field_name: str) -> date:
    if value is None:
        raise ValidationError(N_("A date is required."), field=field_name)
    if value > date.today():
        raise ValidationError(N_("The date cannot be in the future."), field=field_name)
    return value


def _not_before(value: date, earlier: date | None, field_name: str) -> None:
    if earlier is not None and value < earlier:
        raise ValidationError(
            N_("The date {date} is before the previous step ({earlier})."),
            field=field_name,
            date=value.isoformat(),
            earlier=earlier.isoformat(),
        )


def _event(
    session: Session,
    actor: Actor,
    op: Opinion,
    action: str,
    from_status: str,
    on_date: date,
    **fields: Any,
) -> None:
    session.add(
        OpinionEvent(
            opinion_id=op.id,
            action=action,
            from_status=from_status,
            to_status=op.status,
            on_date=on_date,
            at=utcnow(),
            username=actor.username,
            round=op.round,
            **fields,
        )
    )


def _audit_transition(
    session: Session,
    actor: Actor,
    op: Opinion,
    action: str,
    before: dict[str, Any],
    reason: str = "",
) -> None:
    session.flush()
    audit.record(
        session,
        actor,
        f"opinion.{action}",
        "opinion",
        op.id,
        before=before,
        after=_snapshot(op),
        reason=reason,
    )


def _reindex(session: Session, op: Opinion) -> None:
    opinion_search.index_row(
        session,
        {
            "id": op.id,
            "number": op.number,
            "resident_name": "" if op.anonymous else op.resident_name,
            "content": op.content,
            "location": op.location,
            "department": op.department,
        },
    )


def next_number(session: Session, year: int) -> str:
    prefix = f"YJ{year}-"
    last = session.scalar(
        select(Opinion.number)
        .where(Opinion.number >= prefix, Opinion.number < f"YJ{year}.")
        .order_by(Opinion.number.desc())
        .limit(1)
    )
    seq = 0
    if last:
        match = re.match(rf"YJ{year}-(\d+)$", last)
        seq = int(match.group(1)) if match else 0
    return f"{prefix}{seq + 1:05d}"


def _validate_input(session: Session, data: OpinionInput) -> OpinionInput:
    content = data.content.strip()
    if not content:
        raise ValidationError(N_("The opinion's content is required."), field="content")
    if len(content) > 5000:
        raise ValidationError(
            N_("The content is too long (at most 5000 characters)."), field="content"
        )
    if data.channel not in CHANNELS:
        raise ValidationError(
            N_("Unknown channel: {channel}"), field="channel", channel=data.channel
        )
    if data.category not in {c.code for c in categories(session)}:
        raise ValidationError(
            N_("Unknown category: {category}"), field="category", category=data.category
        )
    _require_date(data.received_on, "received_on")
    if data.community_id is not None:
        com = session.get(Community, data.community_id)
        if com is None or com.deleted_at is not None:
            raise ValidationError(N_("Unknown community."), field="community_id")
    if data.station_id is not None:
        st = session.get(Station, data.station_id)
        if st is None or st.deleted_at is not None:
            raise ValidationError(N_("Unknown station."), field="station_id")
    for deputy_id in data.deputy_ids:
        dep = session.get(Deputy, deputy_id)
        if dep is None or dep.deleted_at is not None:
            raise ValidationError(N_("Unknown deputy."), field="deputy_ids")
    phone = data.resident_phone.strip()
    if phone and not re.fullmatch(r"[0-9+\- ]{5,20}", phone):
        raise ValidationError(
            N_("The phone number looks wrong: {phone}"), field="resident_phone", phone=phone
        )
    name = data.resident_name.strip()
    if not data.anonymous and not name:
        raise ValidationError(
            N_("Enter the resident's name, or tick anonymous."), field="resident_name"
        )
    if data.anonymous:
        return replace(
            data, content=content, resident_name="", resident_phone="", resident_address=""
        )
    return replace(data, content=content, resident_name=name, resident_phone=phone)


# ---------------------------------------------------------------------------- reading


def _row_select() -> Any:
    return select(Opinion, Community.name.label("community_name")).outerjoin(
        Community, Community.id == Opinion.community_id
    )


def _row_of(
    session: Session,
    op: Opinion,
    actor: Actor,
    community_name: str | None = None,
    labels: dict[str, str] | None = None,
    today: date | None = None,
) -> OpinionRow:

    if community_name is None and op.community_id:
        com = session.get(Community, op.community_id)
        community_name = com.name if com else ""
    labels = labels if labels is not None else category_labels(session)
    masked = not sees_personal_data(actor)
    phone = mask_phone(op.resident_phone) if masked else op.resident_phone
    address = mask_address(op.resident_address) if masked else op.resident_address
    today = today or date.today()
    overdue = 0
    if op.status == "assigned" and op.due_on is not None and op.due_on < today:
        overdue = (today - op.due_on).days
    return OpinionRow(
        id=op.id,
        version=op.version,
        number=op.number,
        received_on=op.received_on,
        channel=op.channel,
        channel_label=gettext(CHANNEL_LABELS.get(op.channel, op.channel)),
        community_id=op.community_id,
        community_name=community_name or "",
        category=op.category,
        category_label=labels.get(op.category, op.category),
        anonymous=op.anonymous,
        resident_name=gettext(N_("(anonymous)")) if op.anonymous else op.resident_name,
        resident_phone=phone,
        resident_address=address,
        content=op.content,
        location=op.location,
        status=op.status,
        status_label=gettext(STATUS_LABELS.get(op.status, op.status)),
        department=op.department,
        contact_person=op.contact_person,
        handler=op.handler,
        assigned_on=op.assigned_on,
        due_on=op.due_on,
        answered_on=op.answered_on,
        reply=op.reply,
        closed_on=op.closed_on,
        close_reason=op.close_reason,
        close_reason_label=gettext(CLOSE_REASON_LABELS[op.close_reason]) if op.close_reason else "",
        satisfaction=op.satisfaction,
        satisfaction_label=gettext(SATISFACTION_LABELS[op.satisfaction]) if op.satisfaction else "",
        is_public=op.is_public,
        round=op.round,
        masked=masked,
        days_overdue=overdue,
    )
