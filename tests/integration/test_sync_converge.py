"""Property: two or three PCs of one street, a random sequence of edits, pushes and pulls,
then everyone syncs: every synced table is the same on all PCs, row by row, and every
conflict is either merged or waits in a review list (never lost silently).

One real city server for the whole test (its street keeps the rows of earlier examples: each
example's PCs are new PCs of that street, restored from it). Bounded: a few examples of at
most 14 steps, well under a minute.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.db import Database
from desktop.models.roster import Community
from desktop.models.sync import SyncIssue
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import client, pull, restore, results
from tests.integration.pull_helpers import enrol_pc, new_pc, synced_table_rows
from tests.integration.sync_helpers import CityServer

FIELDS = ("notes", "code", "name")
counter = itertools.count()

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 5), st.sampled_from(FIELDS)),
    st.tuples(st.just("add"), st.integers(0, 2), st.just(0), st.just("")),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 5), st.just("")),
    st.tuples(st.just("push"), st.integers(0, 2), st.just(0), st.just("")),
    st.tuples(st.just("pull"), st.integers(0, 2), st.just(0), st.just("")),
)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[CityServer]:
    with tempfile.TemporaryDirectory(prefix="yishi-converge-") as tmp:
        server = CityServer(Path(tmp) / "server").start()
        try:
            yield server
        finally:
            server.stop()


def _live(db: Database) -> list[str]:
    with db.session() as s:
        return list(
            s.scalars(
                select(Community.id).where(Community.deleted_at.is_(None)).order_by(Community.id)
            )
        )


def _apply(pcs: list[Database], kind: str, who: int, pick: int, field: str) -> None:
    db = pcs[who % len(pcs)]
    if kind == "push":
        client.push(db)
    elif kind == "pull":
        pull.pull_once(db)
    elif kind == "add":
        with db.transaction() as s:
            s.add(Community(name=f"社区{next(counter)}", code=""))
    else:
        ids = _live(db)
        if not ids:
            return
        rid = ids[pick % len(ids)]
        with db.transaction() as s:
            row = s.get(Community, rid)
            assert row is not None
            if kind == "delete":
                row.deleted_at = row.updated_at
            else:
                setattr(row, field, f"{field}-{who}-{next(counter)}")


def _settle(pcs: list[Database]) -> None:
    """Everyone syncs; open issues are decided (the server's version is taken); again."""
    for _round in range(4):
        for db in pcs:
            assert client.push(db).ok
            assert pull.pull_once(db).ok
        open_issues = 0
        for db in pcs:
            with db.transaction() as s:
                for issue in s.scalars(select(SyncIssue).where(SyncIssue.status == "open")):
                    open_issues += 1
                    results.take_server(s, SYSTEM_ACTOR, issue.id)
        if open_issues == 0:
            for db in pcs:  # one more pull so everyone has the last pushes
                assert pull.pull_once(db).ok
            return


@settings(
    max_examples=4,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(n_pcs=st.integers(2, 3), steps=st.lists(step, min_size=4, max_size=14))
def test_random_edits_pushes_and_pulls_converge(
    template_db: Path, shared_server: CityServer, n_pcs: int, steps: list[tuple[str, int, int, str]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="yishi-pcs-") as tmp:
        pcs: list[Database] = []
        try:
            for i in range(n_pcs):
                db = new_pc(template_db, Path(tmp) / f"pc{i}")
                pcs.append(db)
                if enrol_pc(db, shared_server) == restore.RESTORING:
                    assert restore.restore(db, SYSTEM_ACTOR).ok
                if i == 0:
                    with db.transaction() as s:
                        s.add_all(Community(name=f"起始{next(counter)}", code="") for _ in range(3))
                    assert client.push(db).ok
            for db in pcs[1:]:
                assert pull.pull_once(db).ok
            for kind, who, pick, field in steps:
                _apply(pcs, kind, who, pick, field)
            _settle(pcs)
            first = synced_table_rows(pcs[0])
            for other in pcs[1:]:
                theirs = synced_table_rows(other)
                for table, rows in first.items():
                    diff = {
                        k: (rows.get(k), theirs[table].get(k))
                        for k in set(rows) | set(theirs[table])
                        if rows.get(k) != theirs[table].get(k)
                    }
                    assert not diff, (table, steps, diff)
            server_live = {
                row[0]
                for row in shared_server.query(
                    "SELECT entity_id FROM entity_rows WHERE entity = 'community' AND deleted = 0"
                )
            }
            assert set(_live(pcs[0])) <= server_live
        finally:
            for db in pcs:
                db.dispose()
