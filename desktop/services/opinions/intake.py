"""Intake (登记): registering an opinion, editing its details, publishing it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.opinions import (
    Opinion,
)
from desktop.services import audit
from desktop.services.opinions.common import (
    _audit_transition,
    _check_version,
    _event,
    _get,
    _reindex,
    _row_of,
    _validate_input,
    next_number,
)
from desktop.services.opinions.records import OpinionInput, OpinionRow
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- intake


def register(
    session: Session, actor: Actor, data: OpinionInput, *, number: str | None = None
) -> OpinionRow:
    """登记: record a new opinion (status received)."""
    actor.require(Permission.EDIT_DATA)
    data = _validate_input(session, data)
    op = Opinion(
        number=number or next_number(session, data.received_on.year),
        received_on=data.received_on,
        channel=data.channel,
        station_id=data.station_id,
        deputy_ids=json.dumps(list(data.deputy_ids)),
        community_id=data.community_id,
        anonymous=data.anonymous,
        resident_name=data.resident_name,
        resident_phone=data.resident_phone,
        resident_address=data.resident_address.strip(),
        category=data.category,
        content=data.content,
        location=data.location.strip(),
        is_public=data.is_public,
        status="received",
        round=0,
        notes=data.notes,
    )
    session.add(op)
    session.flush()
    _event(session, actor, op, "register", "", data.received_on)
    _audit_transition(session, actor, op, "register", {})
    _reindex(session, op)
    return _row_of(session, op, actor)


def update_details(
    session: Session,
    actor: Actor,
    opinion_id: str,
    data: OpinionInput,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Correct what was recorded at intake (not the workflow fields)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    data = _validate_input(session, data)
    if op.assigned_on is not None and data.received_on > op.assigned_on:
        raise ValidationError(
            N_("The date {date} is after the assignment ({later})."),
            field="received_on",
            date=data.received_on.isoformat(),
            later=op.assigned_on.isoformat(),
        )
    before = _details(op)
    op.received_on = data.received_on
    op.channel = data.channel
    op.station_id = data.station_id
    op.deputy_ids = json.dumps(list(data.deputy_ids))
    op.community_id = data.community_id
    op.anonymous = data.anonymous
    op.resident_name = data.resident_name
    op.resident_phone = data.resident_phone
    op.resident_address = data.resident_address.strip()
    op.category = data.category
    op.content = data.content
    op.location = data.location.strip()
    op.is_public = data.is_public
    op.notes = data.notes
    after = _details(op)
    if after != before:
        session.flush()
        audit.record(session, actor, "opinion.edit", "opinion", op.id, before=before, after=after)
        _reindex(session, op)
    return _row_of(session, op, actor)


def _details(op: Opinion) -> dict[str, Any]:
    return {
        "received_on": op.received_on,
        "channel": op.channel,
        "station_id": op.station_id,
        "deputy_ids": op.deputy_ids,
        "community_id": op.community_id,
        "anonymous": op.anonymous,
        "resident_name": op.resident_name,
        "resident_phone": op.resident_phone,
        "resident_address": op.resident_address,
        "category": op.category,
        "content": op.content,
        "location": op.location,
        "is_public": op.is_public,
        "notes": op.notes,
    }


def set_public(
    session: Session,
    actor: Actor,
    opinion_id: str,
    public: bool,
    *,
    expected_version: int | None = None,
) -> OpinionRow:
    """Decide whether the opinion goes on the publication board (公开栏)."""
    actor.require(Permission.EDIT_DATA)
    op = _get(session, opinion_id)
    _check_version(op, expected_version)
    if op.is_public != public:
        before = {"is_public": op.is_public}
        op.is_public = public
        session.flush()
        audit.record(
            session,
            actor,
            "opinion.public",
            "opinion",
            op.id,
            before=before,
            after={"is_public": public},
        )
    return _row_of(session, op, actor)
