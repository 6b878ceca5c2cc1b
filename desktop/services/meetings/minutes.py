"""Resolutions (决议) and the minutes (会议记录) assembled from a meeting's own data.

The minutes are built, not typed: attendance (with the names of those on leave and absent),
the agenda with each report's department and reporter, the clerk's text for each item, vote
results contributed by the polls area through :mod:`desktop.services.meetings.minutes_hooks`, and the
resolutions with their adoption result. :func:`build_minutes` returns one frozen document the
printer and the UI share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.meetings import RESOLUTION_RESULTS, Resolution
from desktop.services import audit
from desktop.services.meetings import agenda, minutes_hooks
from desktop.services.meetings import core as meetings
from desktop.services.meetings.agenda import AgendaItemRow
from desktop.services.meetings.core import (
    AttendanceRow,
    MeetingInfo,
    QuorumStatus,
    check_editable,
    load_meeting,
)
from desktop.services.meetings.minutes_hooks import VoteResultSection
from desktop.services.permissions import Actor, Permission

RESULT_LABELS = {
    "pending": N_("Not yet decided"),
    "adopted": N_("Adopted"),
    "rejected": N_("Not adopted"),
}
RESOLUTION_FIELDS = ("title", "text", "result", "votes_summary", "agenda_item_id")


@dataclass(frozen=True)
class ResolutionRow:
    id: str
    meeting_id: str
    agenda_item_id: str | None
    title: str
    text: str
    result: str
    votes_summary: str


@dataclass(frozen=True)
class MinutesItem:
    item: AgendaItemRow
    votes: tuple[VoteResultSection, ...]
    resolutions: tuple[ResolutionRow, ...]


@dataclass(frozen=True)
class MinutesDoc:
    meeting: MeetingInfo
    quorum: QuorumStatus
    present: tuple[AttendanceRow, ...]
    on_leave: tuple[AttendanceRow, ...]
    absent: tuple[AttendanceRow, ...]
    deputies_present: tuple[AttendanceRow, ...]
    items: tuple[MinutesItem, ...]
    #: Vote results and resolutions not tied to an agenda item.
    other_votes: tuple[VoteResultSection, ...]
    other_resolutions: tuple[ResolutionRow, ...]


def _row(r: Resolution) -> ResolutionRow:
    return ResolutionRow(
        r.id, r.meeting_id, r.agenda_item_id, r.title, r.text, r.result, r.votes_summary
    )


def _load(session: Session, resolution_id: str) -> Resolution:
    res = session.get(Resolution, resolution_id)
    if res is None or res.deleted_at is not None:
        raise NotFound(N_("No such resolution: {id}"), id=resolution_id)
    return res


def _validate(changes: dict[str, Any]) -> None:
    for key in changes:
        if key not in RESOLUTION_FIELDS:
            raise ValidationError(N_("Unknown resolution field: {key}"), field=key, key=key)
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError(N_("The resolution needs a title."), field="title")
    if "result" in changes and changes["result"] not in RESOLUTION_RESULTS:
        raise ValidationError(
            N_("Unknown resolution result: {result}"), field="result", result=changes["result"]
        )


def list_resolutions(session: Session, actor: Actor, meeting_id: str) -> list[ResolutionRow]:
    actor.require(Permission.VIEW)
    load_meeting(session, meeting_id)
    rows = session.scalars(
        select(Resolution)
        .where(Resolution.meeting_id == meeting_id, Resolution.deleted_at.is_(None))
        .order_by(Resolution.created_at, Resolution.id)
    )
    return [_row(r) for r in rows]


def add_resolution(
    session: Session,
    actor: Actor,
    meeting_id: str,
    *,
    title: str,
    text: str = "",
    result: str = "pending",
    votes_summary: str = "",
    agenda_item_id: str | None = None,
    reason: str = "",
) -> ResolutionRow:
    meeting = load_meeting(session, meeting_id)
    correction = check_editable(meeting, actor, reason)
    fields: dict[str, Any] = {
        "title": title.strip(),
        "text": text,
        "result": result,
        "votes_summary": votes_summary.strip(),
        "agenda_item_id": agenda_item_id,
    }
    _validate(fields)
    res = Resolution(meeting_id=meeting_id, **fields)
    session.add(res)
    session.flush()
    audit.record(
        session,
        actor,
        "resolution.correct_add" if correction else "resolution.add",
        "resolution",
        res.id,
        after=fields,
        reason=reason,
    )
    return _row(res)


def update_resolution(
    session: Session, actor: Actor, resolution_id: str, *, reason: str = "", **changes: Any
) -> ResolutionRow:
    res = _load(session, resolution_id)
    correction = check_editable(load_meeting(session, res.meeting_id), actor, reason)
    _validate(changes)
    changed = {k: v for k, v in changes.items() if getattr(res, k) != v}
    if changed:
        before = {k: getattr(res, k) for k in changed}
        for key, value in changed.items():
            setattr(res, key, value)
        session.flush()
        audit.record(
            session,
            actor,
            "resolution.correct" if correction else "resolution.update",
            "resolution",
            res.id,
            before=before,
            after=changed,
            reason=reason,
        )
    return _row(res)


def remove_resolution(
    session: Session, actor: Actor, resolution_id: str, *, reason: str = ""
) -> None:
    res = _load(session, resolution_id)
    correction = check_editable(load_meeting(session, res.meeting_id), actor, reason)
    res.deleted_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "resolution.correct_remove" if correction else "resolution.remove",
        "resolution",
        res.id,
        before={"title": res.title, "result": res.result},
        reason=reason,
    )


def build_minutes(session: Session, actor: Actor, meeting_id: str) -> MinutesDoc:
    actor.require(Permission.VIEW)
    info = meetings.get_meeting(session, actor, meeting_id)
    roll = meetings.expected_roster(session, actor, meeting_id)
    voting = [r for r in roll if r.voting]
    items = agenda.list_items(session, actor, meeting_id)
    resolutions = list_resolutions(session, actor, meeting_id)
    votes = minutes_hooks.vote_sections(session, meeting_id)
    item_ids = {i.id for i in items}
    return MinutesDoc(
        meeting=info,
        quorum=meetings.quorum_status(session, meeting_id),
        present=tuple(r for r in voting if r.status == "present"),
        on_leave=tuple(r for r in voting if r.status == "on_leave"),
        absent=tuple(r for r in voting if r.status in ("absent", "expected"))
        if info.status != "planned"
        else (),
        deputies_present=tuple(r for r in roll if not r.voting and r.status == "present"),
        items=tuple(
            MinutesItem(
                item=i,
                votes=tuple(v for v in votes if v.agenda_item_id == i.id),
                resolutions=tuple(r for r in resolutions if r.agenda_item_id == i.id),
            )
            for i in items
        ),
        other_votes=tuple(v for v in votes if v.agenda_item_id not in item_ids),
        other_resolutions=tuple(r for r in resolutions if r.agenda_item_id not in item_ids),
    )
