"""A process killed (SIGKILL) during ballot entry keeps every ballot committed before the kill
and doubles none; entry resumed afterwards skips the ballots already in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.db import Database, integrity_ok, open_database
from desktop.models.polls import Ballot
from desktop.services import audit, polls
from desktop.services.permissions import Actor
from tests.unit.polls.helpers import make_poll

WORKER = Path(__file__).with_name("ballot_entry_worker.py")
ROOT = Path(__file__).resolve().parents[2]
TOTAL = 400


def _run_until(db_path: Path, poll_id: str, kill_after: int | None) -> tuple[set[int], bool]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(db_path), poll_id, str(TOTAL)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    committed: set[int] = set()
    finished = False
    for line in proc.stdout:
        word, _, number = line.strip().partition(" ")
        if word == "committed":
            committed.add(int(number))
            if kill_after is not None and len(committed) >= kill_after:
                proc.send_signal(signal.SIGKILL)
                break
        elif word == "done":
            finished = True
    proc.stdout.close()
    proc.wait(timeout=120)
    if kill_after is not None:
        assert proc.returncode == -signal.SIGKILL
    return committed, finished


def _serials(db_path: Path, poll_id: str) -> list[int]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            rows = s.scalars(
                select(Ballot.serial).where(Ballot.poll_id == poll_id, Ballot.deleted_at.is_(None))
            ).all()
            assert audit.verify(s).ok
            total = s.scalar(select(func.count()).select_from(Ballot)) or 0
            assert total == len(rows)  # nothing half-written or withdrawn
            assert len(polls.records(s, poll_id)) == len(rows)
        return sorted(rows)
    finally:
        db.dispose()


def test_kill_during_entry_keeps_committed_and_doubles_none(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk, printed=TOTAL)
    path = db.path
    db.dispose()
    committed, _ = _run_until(path, poll.id, kill_after=60)
    assert integrity_ok(path)[0]
    stored = _serials(path, poll.id)
    assert committed <= set(stored)  # every ballot reported committed survived
    assert len(stored) == len(set(stored))  # none doubled
    # the ballot in flight at the kill is either wholly in or wholly out
    assert set(stored) - committed <= {max(committed) + 1}
    # resume: the survivors are flagged as already entered, the rest go in once
    resumed, finished = _run_until(path, poll.id, kill_after=None)
    assert finished
    final = _serials(path, poll.id)
    assert final == list(range(1, TOTAL + 1))
    assert not (resumed & set(stored))
