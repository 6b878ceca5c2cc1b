"""Setting a poll up: create, edit, options, double entry, open on a quorum, close, delete."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.meetings import AgendaItem, Meeting
from desktop.models.polls import (
    POLL_KINDS,
    THRESHOLD_BASES,
    Ballot,
    Poll,
    PollOption,
)
from desktop.services import audit, counting
from desktop.services.meetings import require_quorum
from desktop.services.permissions import Actor, Permission
from desktop.services.polls.views import (
    DEFAULT_RATING_LEVELS,
    SHORT_ID_ALPHABET,
    OptionInput,
    PollView,
    load_poll,
    options_of,
    parse_ratio,
    poll_view,
    spec_for,
)


def _new_short_id(session: Session) -> str:
    while True:
        candidate = "".join(secrets.choice(SHORT_ID_ALPHABET) for _ in range(6))
        if session.scalar(select(Poll.id).where(Poll.short_id == candidate)) is None:
            return candidate


def snapshot(poll: Poll) -> dict[str, Any]:
    keys = (
        "title",
        "kind",
        "status",
        "quota",
        "levels_json",
        "threshold_base",
        "threshold_ratio",
        "threshold_strict",
        "members_total",
        "present",
        "issued",
        "printed",
        "double_entry",
    )
    return {k: getattr(poll, k) for k in keys}


def _validate(
    kind: str,
    title: str,
    options: Sequence[OptionInput],
    quota: int | None,
    levels: Sequence[str],
    positive_levels: Sequence[str],
    threshold_base: str | None,
    threshold_ratio: str,
) -> None:
    if kind not in POLL_KINDS:
        raise ValidationError(N_("The poll kind must be selection, motion or rating"), field="kind")
    if not title.strip():
        raise ValidationError(N_("The poll needs a title"), field="title")
    if not options or any(not o.title.strip() for o in options):
        raise ValidationError(N_("Every option needs a title"), field="options")
    if len(options) > 40:
        raise ValidationError(N_("A ballot holds at most 40 options"), field="options")
    if kind == "rating" and len(options) > 10:
        raise ValidationError(N_("A rating ballot holds at most 10 subjects"), field="options")
    if kind == "rating" and len(levels) > 4:
        raise ValidationError(N_("A rating has at most 4 levels"), field="levels")
    if threshold_base is not None and threshold_base not in THRESHOLD_BASES:
        raise ValidationError(
            N_("The threshold base must be members_total, present, returned or valid"),
            field="threshold_base",
        )
    parse_ratio(threshold_ratio)
    # The pure rules check everything else (quota range, levels, threshold presence).
    counting.PollSpec(
        kind=kind,
        options=tuple(counting.PollOption(i, o.title) for i, o in enumerate(options, 1)),
        issued=0,
        members_total=0,
        present=0,
        threshold=(
            counting.Threshold(threshold_base, parse_ratio(threshold_ratio), True)
            if threshold_base
            else None
        ),
        quota=quota if kind == "selection" else None,
        levels=tuple(levels) if kind == "rating" else (),
        positive_levels=tuple(positive_levels) if kind == "rating" else (),
    )


# ---------------------------------------------------------------- set-up


def create_poll(
    session: Session,
    actor: Actor,
    *,
    title: str,
    kind: str,
    options: Sequence[OptionInput],
    quota: int | None = None,
    levels: Sequence[str] = (),
    positive_levels: Sequence[str] = (),
    threshold_base: str | None = "present",
    threshold_ratio: str = "1/2",
    threshold_strict: bool = True,
    meeting_id: str | None = None,
    agenda_item_id: str | None = None,
    members_total: int = 0,
    present: int = 0,
    double_entry: bool = False,
) -> PollView:
    """A new draft poll, attached to a meeting's agenda item or standalone."""
    actor.require(Permission.EDIT_DATA)
    if kind == "rating" and not levels:
        levels = DEFAULT_RATING_LEVELS
        positive_levels = positive_levels or DEFAULT_RATING_LEVELS[:2]
    _validate(kind, title, options, quota, levels, positive_levels, threshold_base, threshold_ratio)
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise NotFound(N_("Agenda item not found"))
        meeting_id = meeting_id or item.meeting_id
    if meeting_id is not None and session.get(Meeting, meeting_id) is None:
        raise NotFound(N_("Meeting not found"))
    poll = Poll(
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        short_id=_new_short_id(session),
        title=title.strip(),
        kind=kind,
        quota=quota if kind == "selection" else None,
        levels_json=json.dumps(list(levels) if kind == "rating" else [], ensure_ascii=False),
        positive_levels_json=json.dumps(
            list(positive_levels) if kind == "rating" else [], ensure_ascii=False
        ),
        threshold_base=threshold_base,
        threshold_ratio=threshold_ratio,
        threshold_strict=threshold_strict,
        members_total=members_total,
        present=present,
        issued=0,
        printed=0,
        status="draft",
        double_entry=double_entry,
        secret=secrets.token_hex(32),
    )
    session.add(poll)
    session.flush()
    _add_options(session, poll.id, options)
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is not None and item.poll_id is None:
            item.poll_id = poll.id  # the agenda item names the poll voted under it
    audit.record(session, actor, "poll.create", "poll", poll.id, after=snapshot(poll))
    return poll_view(session, poll)


def _add_options(session: Session, poll_id: str, options: Sequence[OptionInput]) -> None:
    """The poll's options, numbered 1, 2, … in the given order."""
    for no, option in enumerate(options, 1):
        session.add(
            PollOption(
                poll_id=poll_id,
                no=no,
                title=option.title.strip(),
                description=option.description,
                estimated_cost=option.estimated_cost,
                department=option.department,
            )
        )
    session.flush()


def _require_draft(poll: Poll) -> None:
    if poll.status != "draft":
        raise ConflictError(N_("Only a draft poll can be changed"))


def update_poll(session: Session, actor: Actor, poll_id: str, **changes: Any) -> PollView:
    """Change a draft poll's settings (title, quota, threshold_*, members_total, present,
    double_entry)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    allowed = {
        "title",
        "quota",
        "threshold_base",
        "threshold_ratio",
        "threshold_strict",
        "members_total",
        "present",
        "double_entry",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            N_("Unknown field {name}"), field=sorted(unknown)[0], name=sorted(unknown)[0]
        )
    if set(changes) - {"double_entry"}:
        _require_draft(poll)
    elif poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    switching = "double_entry" in changes and bool(changes["double_entry"]) != poll.double_entry
    if switching and ballots_entered(session, poll_id):
        raise ConflictError(
            N_(
                "Ballots have been entered: double entry can now be changed only by a "
                "scrutineer, with a reason"
            )
        )
    before = snapshot(poll)
    for key, value in changes.items():
        setattr(poll, key, value)
    view = poll_view(session, poll)
    _validate(
        view.kind,
        view.title,
        [OptionInput(o.title) for o in view.options],
        view.quota,
        view.levels,
        view.positive_levels,
        view.threshold_base,
        view.threshold_ratio,
    )
    audit.record(
        session, actor, "poll.update", "poll", poll.id, before=before, after=snapshot(poll)
    )
    return view


def ballots_entered(session: Session, poll_id: str) -> bool:
    """Whether any real ballot of the poll was ever entered (withdrawn ones count too)."""
    return (
        session.scalar(
            select(Ballot.id).where(Ballot.poll_id == poll_id, Ballot.is_test.is_(False)).limit(1)
        )
        is not None
    )


def set_double_entry(
    session: Session, actor: Actor, poll_id: str, on: bool, *, reason: str = ""
) -> PollView:
    """Switch double entry on or off. Before the first ballot any clerk may; once a ballot is
    entered the setting is fixed, and changing it takes a scrutineer and a stated reason (in
    the audit row). Nothing is discarded: a second pass already entered stays, and so does
    every disagreement between the passes until a scrutineer decides it."""
    poll = load_poll(session, poll_id)
    if poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    if poll.double_entry == on:
        return poll_view(session, poll)
    if not ballots_entered(session, poll_id):
        return update_poll(session, actor, poll_id, double_entry=on)
    actor.require(Permission.CERTIFY)
    if not reason.strip():
        raise ValidationError(
            N_("Ballots have been entered: say why double entry is changed"), field="reason"
        )
    before = snapshot(poll)
    poll.double_entry = on
    audit.record(
        session,
        actor,
        "poll.update",
        "poll",
        poll.id,
        before=before,
        after=snapshot(poll),
        reason=reason.strip(),
    )
    return poll_view(session, poll)


def set_options(
    session: Session, actor: Actor, poll_id: str, options: Sequence[OptionInput]
) -> PollView:
    """Replace a draft poll's options (numbered 1.. in the given order)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    view = poll_view(session, poll)
    _validate(
        view.kind,
        view.title,
        options,
        view.quota,
        view.levels,
        view.positive_levels,
        view.threshold_base,
        view.threshold_ratio,
    )
    now = utcnow()
    before = [o.title for o in view.options]
    for old in options_of(session, poll.id):
        old.deleted_at = now
    session.flush()
    _add_options(session, poll.id, options)
    audit.record(
        session,
        actor,
        "poll.options",
        "poll",
        poll.id,
        before={"options": before},
        after={"options": [o.title for o in options]},
    )
    return poll_view(session, poll)


def _meeting_quorum(session: Session, meeting_id: str) -> tuple[int, int]:
    """(members_total, present) of a meeting in session with a quorum, else ConflictError."""
    status = require_quorum(session, meeting_id)
    return int(status.members_total), int(status.present)


def open_poll(session: Session, actor: Actor, poll_id: str) -> PollView:
    """Open the vote. A poll attached to a meeting opens only while the meeting is quorate;
    members_total and present are then frozen from the meeting. Test-deck ballots are
    cleared (kept as deleted rows)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    before = snapshot(poll)
    if poll.meeting_id:
        poll.members_total, poll.present = _meeting_quorum(session, poll.meeting_id)
    spec_for(poll_view(session, poll))
    now = utcnow()
    for ballot in session.scalars(
        select(Ballot).where(
            Ballot.poll_id == poll.id, Ballot.is_test.is_(True), Ballot.deleted_at.is_(None)
        )
    ):
        ballot.deleted_at = now
    poll.status = "open"
    poll.opened_at = now
    audit.record(session, actor, "poll.open", "poll", poll.id, before=before, after=snapshot(poll))
    return poll_view(session, poll)


def close_voting(session: Session, actor: Actor, poll_id: str, issued: int) -> PollView:
    """End the vote: record the number of ballots issued (发出票数); counting may continue."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    if poll.status not in ("open", "counting"):
        raise ConflictError(N_("Only an open poll can be closed"))
    if isinstance(issued, bool) or not isinstance(issued, int) or issued < 0:
        raise ValidationError(
            N_("Ballots issued must be a whole number of at least 0"), field="issued"
        )
    before = snapshot(poll)
    poll.issued = issued
    poll.status = "counting"
    poll.closed_at = poll.closed_at or utcnow()
    audit.record(session, actor, "poll.close", "poll", poll.id, before=before, after=snapshot(poll))
    return poll_view(session, poll)


def delete_poll(session: Session, actor: Actor, poll_id: str) -> None:
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    poll.deleted_at = utcnow()
    audit.record(session, actor, "poll.delete", "poll", poll.id, before=snapshot(poll))
