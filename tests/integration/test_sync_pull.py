"""Sync protocol 2 against the real cityserver: pull, restore, conflicts (docs §12–§13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.models.audit import AuditEntry
from desktop.models.outbox import SyncOutbox
from desktop.models.roster import Community
from desktop.models.sync import SyncIssue
from desktop.services import audit
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import client, pull, restore, results
from tests.cityserver.conftest import pg_server_url  # noqa: F401 - the session fixture
from tests.integration.pull_helpers import enrol_pc, new_pc, pulled_changes, synced_table_rows
from tests.integration.sync_helpers import CityServer, make_communities


def test_two_pcs_exchange_changes_without_echo(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a = new_pc(template_db, tmp_path / "a")
    make_communities(a, 30, per_tx=10, prefix="甲社区")
    assert enrol_pc(a, server) == restore.DONE
    assert client.push(a).ok
    b = new_pc(template_db, tmp_path / "b")
    assert enrol_pc(b, server) == restore.RESTORING
    report = restore.restore(b, SYSTEM_ACTOR)
    assert report.ok and not report.behind, report.error
    assert synced_table_rows(a) == synced_table_rows(b)
    with b.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0  # no echo
        pages = s.scalars(select(AuditEntry).where(AuditEntry.action == "sync.pulled")).all()
        assert len(pages) == 1  # a restore records one row per page ...
        assert "restored from the server" in pages[0].reason
        assert audit.verify(s).ok
    pulled = pulled_changes(b)  # ... listing every change it carried, once
    assert len(pulled) == len(set(pulled)) == 31  # 30 communities and the street
    assert {e for e, _i, _v in pulled} == {"community", "street"}
    # Now both edit, push, pull.
    with b.transaction() as s:
        s.add(Community(name="乙社区", code=""))
    with a.transaction() as s:
        row = s.scalars(select(Community).order_by(Community.name).limit(1)).one()
        row.notes = "甲改"
    for pc in (a, b, a, b):
        assert client.push(pc).ok
        assert pull.pull_once(pc).ok
    assert synced_table_rows(a) == synced_table_rows(b)
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0
    a.dispose()
    b.dispose()


def test_restoring_pc_cannot_change_anything(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a = new_pc(template_db, tmp_path / "a")
    make_communities(a, 3)
    enrol_pc(a, server)
    assert client.push(a).ok
    b = new_pc(template_db, tmp_path / "b")
    assert enrol_pc(b, server) == restore.RESTORING
    with pytest.raises(ValidationError), b.transaction() as s:
        s.add(Community(name="不许", code=""))
    assert restore.restore(b, SYSTEM_ACTOR).ok
    with b.transaction() as s:
        s.add(Community(name="可以了", code=""))
    a.dispose()
    b.dispose()


def test_second_pc_with_its_own_roster_is_refused_not_merged(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    """The duplicate-roster problem: two PCs each typed in the street's roster, both enrol.
    Before protocol 2 the second one's push put a second roster on the server."""
    a = new_pc(template_db, tmp_path / "a")
    make_communities(a, 5, prefix="社区")
    enrol_pc(a, server)
    assert client.push(a).ok
    b = new_pc(template_db, tmp_path / "b")
    make_communities(b, 5, prefix="社区")  # the same roster typed in again on another PC
    assert enrol_pc(b, server) == restore.BLOCKED
    report = client.push(b)
    assert not report.ok  # refused: nothing of B reaches the server
    assert len([r for r in server.rows()]) == 6  # A's street + 5 communities, no duplicates
    with pytest.raises(ValidationError):
        restore.restore(b, SYSTEM_ACTOR)
    report = restore.restore(b, SYSTEM_ACTOR, replace_local=True)
    assert report.ok
    assert synced_table_rows(a) == synced_table_rows(b)
    assert list((tmp_path / "b" / "backups").glob("*before-restore*"))
    a.dispose()
    b.dispose()


def _two_pcs(template_db: Path, tmp_path: Path, server: CityServer) -> tuple[Database, Database]:
    a = new_pc(template_db, tmp_path / "a")
    make_communities(a, 3)
    enrol_pc(a, server)
    assert client.push(a).ok
    b = new_pc(template_db, tmp_path / "b")
    enrol_pc(b, server)
    assert restore.restore(b, SYSTEM_ACTOR).ok
    return a, b


def _first(db: Database) -> str:
    with db.session() as s:
        return s.scalars(select(Community.id).order_by(Community.name).limit(1)).one()


def test_changes_to_different_fields_merge(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a, b = _two_pcs(template_db, tmp_path, server)
    rid = _first(a)
    with a.transaction() as s:
        s.get(Community, rid).notes = "甲的备注"
    with b.transaction() as s:
        s.get(Community, rid).code = "B-01"
    assert client.push(a).ok
    report = client.push(b)
    assert report.ok and report.conflicts == 1
    with b.session() as s:
        row = s.get(Community, rid)
        assert (row.notes, row.code) == ("甲的备注", "B-01")
        assert (
            s.scalar(select(func.count()).select_from(SyncIssue).where(SyncIssue.status == "open"))
            == 0
        )
        # The merge went out in the same push (a pipelined push once ended with it unsent
        # when the conflict was in its last batch; the other PC then never saw it).
        assert restore.unacknowledged_count(s) == 0
    assert pull.pull_once(a).ok
    with a.session() as s:
        row = s.get(Community, rid)
        assert (row.notes, row.code) == ("甲的备注", "B-01")
    for pc in (b, a):
        assert client.push(pc).ok
        assert pull.pull_once(pc).ok
    assert synced_table_rows(a) == synced_table_rows(b)
    with a.session() as s:
        row = s.get(Community, rid)
        assert (row.notes, row.code) == ("甲的备注", "B-01")
    a.dispose()
    b.dispose()


def test_same_field_changed_on_both_goes_to_review_and_nothing_is_lost(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a, b = _two_pcs(template_db, tmp_path, server)
    rid = _first(a)
    with a.transaction() as s:
        s.get(Community, rid).notes = "甲的说法"
    with b.transaction() as s:
        s.get(Community, rid).notes = "乙的说法"
    assert client.push(a).ok
    assert client.push(b).conflicts == 1
    with b.session() as s:
        issue = s.scalars(select(SyncIssue).where(SyncIssue.status == "open")).one()
        assert s.get(Community, rid).notes == "甲的说法"  # the server's version stands
        assert "乙的说法" in issue.local_data  # ... and B's waits for review
    views = results.list_issues(b.session())
    assert views[0].local_summary and views[0].server_summary
    with b.transaction() as s:
        results.keep_mine(s, SYSTEM_ACTOR, issue.id)
    for pc in (b, a):
        assert client.push(pc).ok
        assert pull.pull_once(pc).ok
    assert synced_table_rows(a) == synced_table_rows(b)
    with a.session() as s:
        assert s.get(Community, rid).notes == "乙的说法"
        kept = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == rid, AuditEntry.action == "sync.pulled"
            )
        ).all()
        assert kept  # A's audit chain says the row came from B, and who made the change there
        assert kept[-1].username == SYSTEM_ACTOR.username
        assert "pulled from device" in kept[-1].reason
    with b.session() as s:
        assert s.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "sync.issue.kept_mine")
        ).all()
    a.dispose()
    b.dispose()


@pytest.mark.postgres
def test_pull_restore_and_conflicts_against_a_postgresql_server(
    template_db: Path,
    tmp_path: Path,
    pg_server_url: str | None,  # noqa: F811 - the fixture imported above
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same protocol-2 paths with the server on PostgreSQL (docs §10: production)."""
    from tests.cityserver.conftest import _drop_pg_database, _fresh_pg_database

    if pg_server_url is None:
        pytest.skip("PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin)")
    name, url = _fresh_pg_database(pg_server_url)
    monkeypatch.setenv("YISHI_SERVER_DB", url)  # the server process and its CLI
    server = CityServer(tmp_path / "server").start()
    try:
        a = new_pc(template_db, tmp_path / "a")
        make_communities(a, 40)
        assert enrol_pc(a, server) == restore.DONE
        assert client.push(a).ok
        b = new_pc(template_db, tmp_path / "b")
        assert enrol_pc(b, server) == restore.RESTORING
        assert restore.restore(b, SYSTEM_ACTOR, page_limit=7).ok
        assert synced_table_rows(a) == synced_table_rows(b)
        rid = _first(a)
        with a.transaction() as s:
            s.get(Community, rid).notes = "甲"
        with b.transaction() as s:
            s.get(Community, rid).code = "乙"
        assert client.push(a).ok
        assert client.push(b).conflicts == 1  # merged: different fields
        for pc in (b, a, b):
            assert client.push(pc).ok
            assert pull.pull_once(pc).ok
        assert synced_table_rows(a) == synced_table_rows(b)
        with a.session() as s:
            row = s.get(Community, rid)
            assert (row.notes, row.code) == ("甲", "乙")
        a.dispose()
        b.dispose()
    finally:
        server.stop()
        _drop_pg_database(pg_server_url, name)
