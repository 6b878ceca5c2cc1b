"""The ballot print log: which serials were printed, by whom, and the next serial."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.polls import (
    BallotPrintLog,
)
from desktop.services import audit
from desktop.services.permissions import Actor, Permission
from desktop.services.polls.views import PrintLogView, load_poll

# ---------------------------------------------------------------- print log


def log_print(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    count: int,
    layout: str,
    test_deck: bool = False,
    expected_first: int | None = None,
) -> tuple[int, int]:
    """Allocate ``count`` new serials (or the test deck's) and log the print run.

    ``expected_first`` (from :func:`next_serial`, when the PDF was made before this call)
    must still be the next free serial, else ConflictError: someone printed meanwhile.
    Returns (first serial, last serial).
    """
    actor.require(Permission.PRINT_BALLOTS)
    poll = load_poll(session, poll_id)
    if poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    if count < 1 or count > 5000:
        raise ValidationError(N_("Print between 1 and 5000 ballots at a time"), field="count")
    if test_deck:
        first, last = 1, count
    else:
        first, last = poll.printed + 1, poll.printed + count
        if expected_first is not None and expected_first != first:
            raise ConflictError(
                N_("Ballots of this poll were printed meanwhile; print again"),
            )
        poll.printed = last
    entry = BallotPrintLog(
        poll_id=poll.id,
        printed_at=utcnow(),
        printed_by=actor.display_name,
        first_serial=first,
        last_serial=last,
        count=count,
        layout=layout,
        test_deck=test_deck,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        "poll.print",
        "ballot_print_log",
        entry.id,
        after={"first": first, "last": last, "layout": layout, "test_deck": test_deck},
    )
    return first, last


def next_serial(session: Session, poll_id: str) -> int:
    """The first serial the next print run will get."""
    return load_poll(session, poll_id).printed + 1


def print_log(session: Session, poll_id: str) -> list[PrintLogView]:
    rows = session.scalars(
        select(BallotPrintLog)
        .where(BallotPrintLog.poll_id == poll_id, BallotPrintLog.deleted_at.is_(None))
        .order_by(BallotPrintLog.printed_at)
    )
    return [
        PrintLogView(
            r.printed_at,
            r.printed_by,
            r.first_serial,
            r.last_serial,
            r.count,
            r.layout,
            r.test_deck,
        )
        for r in rows
    ]
