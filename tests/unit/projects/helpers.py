"""Proposals, screening and certified polls for the project tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.services.projects import core
from tests.unit.polls.helpers import CANDIDATES, enter

TODAY = date(2027, 3, 1)
UNITS = ("街道城管办", "街道民政办", "区住建委")


def propose_many(db: Database, actor: Actor, n: int, *, year: int = 2027) -> list[str]:
    ids = []
    with db.transaction() as s:
        for i in range(n):
            p = core.propose(
                s,
                actor,
                core.ProposalInput(
                    title=CANDIDATES[i % len(CANDIDATES)] + ("" if i < 12 else str(i)),
                    content="居民反映强烈，建议列入民生实事。",
                    source="representative",
                    proposer=f"代表{i + 1}",
                    estimated_cost=100_000 * (i + 1),
                    unit=UNITS[i % 3],
                    proposed_on=date(year - 1, 10, 1),
                    year=year,
                ),
                today=TODAY,
            )
            ids.append(p.id)
    return ids


def shortlist_all(db: Database, actor: Actor, ids: list[str]) -> None:
    with db.transaction() as s:
        for pid in ids:
            core.screen(s, actor, pid, "shortlisted", on=date(2026, 12, 1))


def run_poll(
    db: Database,
    clerk: Actor,
    scrutineer: Actor,
    poll_id: str,
    ballots: Sequence[Any],
) -> None:
    """Print, open, enter one ballot per set of option numbers voted for, close, certify."""
    with db.transaction() as s:
        polls.log_print(s, clerk, poll_id, count=len(ballots) + 5, layout="a4")
        polls.open_poll(s, clerk, poll_id)
        view = polls.get_poll(s, poll_id)
    for serial, marks in enumerate(ballots, 1):
        if view.kind == "rating":
            enter(db, clerk, poll_id, serial, dict(marks))
        else:
            enter(db, clerk, poll_id, serial, {no: "for" for no in marks})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll_id, issued=len(ballots))
    with db.transaction() as s:
        polls.certify(s, scrutineer, poll_id, counters="甲、乙", scrutineers="丙、丁")
