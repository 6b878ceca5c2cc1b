"""Stored ballots → counting records, entry mismatches, the tally, export for a recount."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.polls import (
    Ballot,
)
from desktop.services import counting
from desktop.services.counting import tally_io
from desktop.services.polls.views import (
    Mismatch,
    TallyView,
    get_poll,
    load_poll,
    marks_from_json,
    spec_for,
)

# ---------------------------------------------------------------- ballots → records


def ballot_rows(
    session: Session, poll_id: str, *, is_test: bool = False, entry_pass: int | None = None
) -> list[Ballot]:
    query = select(Ballot).where(
        Ballot.poll_id == poll_id, Ballot.deleted_at.is_(None), Ballot.is_test.is_(is_test)
    )
    if entry_pass is not None:
        query = query.where(Ballot.entry_pass == entry_pass)
    return list(session.scalars(query.order_by(Ballot.serial)))


def to_record(ballot: Ballot) -> counting.BallotRecord:
    return counting.BallotRecord(ballot.serial, ballot.void, marks_from_json(ballot.marks_json))


def records(
    session: Session, poll_id: str, *, is_test: bool = False
) -> list[counting.BallotRecord]:
    """The counted ballots (pass 1), in serial order."""
    return [to_record(b) for b in ballot_rows(session, poll_id, is_test=is_test, entry_pass=1)]


def mismatches(session: Session, poll_id: str) -> list[Mismatch]:
    """Serials whose two passes disagree, or (double entry on) that one pass lacks.

    With double entry switched off after a second pass was entered, the second pass still
    counts: a serial whose passes disagree, or that has only a second pass, stays a mismatch
    until a scrutineer decides it; only a missing second pass is no longer one."""
    poll = load_poll(session, poll_id)
    second = {b.serial: b for b in ballot_rows(session, poll_id, entry_pass=2)}
    if not poll.double_entry and not second:
        return []
    first = {b.serial: b for b in ballot_rows(session, poll_id, entry_pass=1)}
    serials = set(first) | set(second) if poll.double_entry else set(second)
    found = []
    for serial in sorted(serials):
        a, b = first.get(serial), second.get(serial)
        ra = to_record(a) if a else None
        rb = to_record(b) if b else None
        if ra != rb:
            found.append(
                Mismatch(serial, ra, rb, a.entered_by if a else "", b.entered_by if b else "")
            )
    return found


def tally_view(session: Session, poll_id: str) -> TallyView:
    poll = get_poll(session, poll_id)
    recs = records(session, poll_id)
    result = counting.tally(spec_for(poll), recs)
    second = len(ballot_rows(session, poll_id, entry_pass=2)) if poll.double_entry else 0
    return TallyView(
        poll=poll,
        result=result,
        violations=tuple(counting.check_invariants(result)),
        mismatches=tuple(mismatches(session, poll_id)),
        entered_first=len(recs),
        entered_second=second,
    )


# ---------------------------------------------------------------- export for a recount


def export_recount(
    session: Session, poll_id: str, folder: Path, *, shuffle_seed: int | None = None
) -> tuple[Path, Path]:
    """Write SPEC.json and BALLOTS.jsonl (ballot order shuffled) for ``yishi tally``."""
    view = get_poll(session, poll_id)
    spec = spec_for(view)
    folder.mkdir(parents=True, exist_ok=True)
    spec_path = folder / "SPEC.json"
    ballots_path = folder / "BALLOTS.jsonl"
    spec_path.write_text(tally_io.dump_spec(spec), encoding="utf-8")
    ballots_path.write_text(
        tally_io.dump_ballots(records(session, poll_id), shuffle_seed), encoding="utf-8"
    )
    return spec_path, ballots_path
