"""满意度测评 of the handling at a later meeting, through the existing poll services.

:func:`create_rating_poll` turns the reviewed (accepted) matters into one rating poll of a later
meeting — one subject per matter (title, 承办单位), the usual levels 满意/基本满意/不满意 — and
:func:`read_back_rating` stores each matter's certified counts once the poll is certified.
The poll is printed, entered, counted and certified like any other poll.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.followup import DeliberationOpinion
from desktop.services import polls
from desktop.services.followup import core
from desktop.services.permissions import Actor, Permission


def _later_meeting_check(
    session: Session, meeting_id: str, items: Sequence[DeliberationOpinion]
) -> None:
    meeting = core._meeting(session, meeting_id)
    if meeting.status == "closed":
        raise ConflictError(N_("The meeting is closed; rate the handling at an open meeting."))
    for item in items:
        formed_at = core._meeting(session, item.meeting_id)
        if item.meeting_id == meeting_id or formed_at.starts_at >= meeting.starts_at:
            raise ValidationError(
                N_("Matter {number} is rated at a meeting after the one that formed it."),
                number=item.number,
            )


def create_rating_poll(
    session: Session,
    actor: Actor,
    meeting_id: str,
    *,
    item_ids: Sequence[str] | None = None,
    title: str = "",
    agenda_item_id: str | None = None,
) -> polls.PollView:
    """A satisfaction rating poll of ``meeting_id`` with one subject per reviewed matter (all
    the reviewed ones, or those named)."""
    actor.require(Permission.EDIT_DATA)
    if item_ids is None:
        items = list(
            session.scalars(
                select(DeliberationOpinion)
                .where(
                    DeliberationOpinion.status == "reviewed",
                    DeliberationOpinion.deleted_at.is_(None),
                )
                .order_by(DeliberationOpinion.number)
            )
        )
    else:
        items = sorted((core.get_item(session, i) for i in item_ids), key=lambda i: i.number)
    if not items:
        raise ValidationError(N_("No reviewed matter is waiting for its satisfaction rating."))
    for item in items:
        core.transition(item, "to_rating")
    _later_meeting_check(session, meeting_id, items)
    view = polls.create_poll(
        session,
        actor,
        title=title.strip() or "审议意见办理情况满意度测评",
        kind="rating",
        options=[
            polls.OptionInput(title=i.title, description=i.report_text[:200], department=i.unit)
            for i in items
        ],
        threshold_base=None,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
    )
    for no, item in enumerate(items, 1):
        before = core.snapshot(item)
        item.status = "rating"
        item.rating_poll_id = view.id
        item.rating_option_no = no
        item.report_meeting_id = meeting_id
        core._audit(session, actor, "deliberation.rating_poll", item, before)
    return view


def read_back_rating(
    session: Session, actor: Actor, poll_id: str, on: date | None = None
) -> list[str]:
    """Store the certified satisfaction counts on each matter of the poll (they become 已测评);
    returns their numbers."""
    actor.require(Permission.EDIT_DATA)
    poll = polls.load_poll(session, poll_id)
    if poll.status != "certified":
        raise ConflictError(
            N_("The poll has not been certified yet; read back after certification.")
        )
    cert = polls.latest_certificate(session, poll_id)
    if cert is None:
        raise NotFound(N_("The poll has no certificate."))
    items = list(
        session.scalars(
            select(DeliberationOpinion)
            .where(
                DeliberationOpinion.rating_poll_id == poll_id,
                DeliberationOpinion.status == "rating",
                DeliberationOpinion.deleted_at.is_(None),
            )
            .order_by(DeliberationOpinion.rating_option_no)
        )
    )
    if not items:
        raise ConflictError(N_("This poll's matters have already been read back."))
    by_no = {int(o["no"]): o for o in cert.result["options"]}
    done = []
    for item in items:
        target = core.transition(item, "rate")
        option = by_no.get(item.rating_option_no or 0, {})
        before = core.snapshot(item)
        item.satisfaction_json = json.dumps(option.get("levels", {}), ensure_ascii=False)
        item.satisfaction_rate = option.get("positive_rate") or ""
        item.rated_on = on or date.today()
        item.status = target
        core._audit(session, actor, "deliberation.rate", item, before)
        done.append(item.number)
    return done


def polls_to_read_back(session: Session, meeting_id: str) -> list[str]:
    """The rating polls of ``meeting_id`` whose matters wait for their certified result."""
    return sorted(
        {
            pid
            for pid in session.scalars(
                select(DeliberationOpinion.rating_poll_id).where(
                    DeliberationOpinion.report_meeting_id == meeting_id,
                    DeliberationOpinion.status == "rating",
                    DeliberationOpinion.deleted_at.is_(None),
                )
            )
            if pid
        }
    )


def read_back_meeting(
    session: Session, actor: Actor, meeting_id: str, on: date | None = None
) -> list[str]:
    """Read back every certified rating poll of the meeting; the numbers of the matters rated.
    A poll not certified yet is left for later (refused when none is certified)."""
    actor.require(Permission.EDIT_DATA)
    waiting = polls_to_read_back(session, meeting_id)
    certified = [p for p in waiting if polls.load_poll(session, p).status == "certified"]
    if not certified:
        raise ConflictError(
            N_("No rating poll of this meeting has been certified yet; certify it first.")
        )
    done: list[str] = []
    for poll_id in certified:
        done += read_back_rating(session, actor, poll_id, on)
    return done
