"""A meeting's agenda (议程): ordered items of kind report (专项工作报告), vote, deliberation
(协商) or other, with the clerk's text for the minutes. Positions are 1..n without gaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.meetings import AGENDA_KINDS, AgendaItem
from desktop.services import audit
from desktop.services.meetings.core import check_editable, load_meeting
from desktop.services.permissions import Actor, Permission

KIND_LABELS = {
    "report": N_("Work report"),
    "vote": N_("Vote on a poll"),
    "deliberation": N_("Deliberation"),
    "other": N_("Other business"),
}
ITEM_FIELDS = ("kind", "title", "department", "reporter", "summary", "minutes_text", "poll_id")


@dataclass(frozen=True)
class AgendaItemRow:
    id: str
    meeting_id: str
    position: int
    kind: str
    title: str
    department: str
    reporter: str
    summary: str
    minutes_text: str
    poll_id: str | None


def _row(item: AgendaItem) -> AgendaItemRow:
    return AgendaItemRow(
        id=item.id,
        meeting_id=item.meeting_id,
        position=item.position,
        kind=item.kind,
        title=item.title,
        department=item.department,
        reporter=item.reporter,
        summary=item.summary,
        minutes_text=item.minutes_text,
        poll_id=item.poll_id,
    )


def _items(session: Session, meeting_id: str) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
            .order_by(AgendaItem.position, AgendaItem.created_at)
        )
    )


def _load(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFound(N_("No such agenda item: {id}"), id=item_id)
    return item


def _validate(changes: dict[str, Any]) -> None:
    for key in changes:
        if key not in ITEM_FIELDS:
            raise ValidationError(N_("Unknown agenda field: {key}"), field=key, key=key)
    if "kind" in changes and changes["kind"] not in AGENDA_KINDS:
        raise ValidationError(
            N_("Unknown agenda item kind: {kind}"), field="kind", kind=changes["kind"]
        )
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError(N_("The agenda item needs a title."), field="title")
    if "title" in changes and len(str(changes["title"])) > 200:
        raise ValidationError(N_("{key} is too long."), field="title", key="title")


def list_items(session: Session, actor: Actor, meeting_id: str) -> list[AgendaItemRow]:
    actor.require(Permission.VIEW)
    load_meeting(session, meeting_id)
    return [_row(i) for i in _items(session, meeting_id)]


def add_item(
    session: Session,
    actor: Actor,
    meeting_id: str,
    *,
    kind: str,
    title: str,
    department: str = "",
    reporter: str = "",
    summary: str = "",
    minutes_text: str = "",
    poll_id: str | None = None,
    reason: str = "",
) -> AgendaItemRow:
    meeting = load_meeting(session, meeting_id)
    correction = check_editable(meeting, actor, reason)
    fields: dict[str, Any] = {
        "kind": kind,
        "title": title.strip(),
        "department": department.strip(),
        "reporter": reporter.strip(),
        "summary": summary,
        "minutes_text": minutes_text,
        "poll_id": poll_id,
    }
    _validate(fields)
    last = session.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None)
        )
    )
    item = AgendaItem(meeting_id=meeting_id, position=int(last or 0) + 1, **fields)
    session.add(item)
    session.flush()
    audit.record(
        session,
        actor,
        "agenda.correct_add" if correction else "agenda.add",
        "agenda_item",
        item.id,
        after={**fields, "position": item.position},
        reason=reason,
    )
    return _row(item)


def update_item(
    session: Session, actor: Actor, item_id: str, *, reason: str = "", **changes: Any
) -> AgendaItemRow:
    item = _load(session, item_id)
    correction = check_editable(load_meeting(session, item.meeting_id), actor, reason)
    _validate(changes)
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if changed:
        before = {k: getattr(item, k) for k in changed}
        for key, value in changed.items():
            setattr(item, key, value)
        session.flush()
        audit.record(
            session,
            actor,
            "agenda.correct" if correction else "agenda.update",
            "agenda_item",
            item.id,
            before=before,
            after=changed,
            reason=reason,
        )
    return _row(item)


def move_item(
    session: Session, actor: Actor, item_id: str, delta: int, *, reason: str = ""
) -> list[AgendaItemRow]:
    """Move an item up (delta < 0) or down; returns the agenda in its new order."""
    item = _load(session, item_id)
    correction = check_editable(load_meeting(session, item.meeting_id), actor, reason)
    items = _items(session, item.meeting_id)
    index = next(i for i, it in enumerate(items) if it.id == item.id)
    target = max(0, min(len(items) - 1, index + delta))
    if target != index:
        items.insert(target, items.pop(index))
        _renumber(items)
        session.flush()
        audit.record(
            session,
            actor,
            "agenda.correct_move" if correction else "agenda.move",
            "agenda_item",
            item.id,
            before={"position": index + 1},
            after={"position": target + 1},
            reason=reason,
        )
    return [_row(i) for i in items]


def _renumber(items: list[AgendaItem]) -> None:
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position


def remove_item(session: Session, actor: Actor, item_id: str, *, reason: str = "") -> None:
    item = _load(session, item_id)
    correction = check_editable(load_meeting(session, item.meeting_id), actor, reason)
    item.deleted_at = utcnow()
    session.flush()
    _renumber(_items(session, item.meeting_id))
    audit.record(
        session,
        actor,
        "agenda.correct_remove" if correction else "agenda.remove",
        "agenda_item",
        item.id,
        before={"title": item.title, "position": item.position},
        reason=reason,
    )
