"""Sync protocol v1 against the real cityserver: happy path, faults, outage, revocation."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import SyncError
from desktop.models.outbox import SyncOutbox
from desktop.models.roster import Community
from desktop.models.sync import SyncBatch, SyncIssue
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import client, enrol, results
from desktop.sync.seal import MAX_OPS
from desktop.sync.transport import BACKOFF_MAX_S, BACKOFF_MIN_S, HttpConfig, make_client
from tests.integration.faultproxy import FaultProxy
from tests.integration.sync_helpers import CityServer, local_rows, make_communities


def outbox_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(SyncOutbox)) or 0)


def test_happy_path_insert_update_delete(enrolled: Database, server: CityServer) -> None:
    db = enrolled
    make_communities(db, 1200, per_tx=300)
    with db.transaction() as s:
        first = s.scalars(select(Community).order_by(Community.name).limit(3)).all()
        first[0].notes = "改名"
        first[1].deleted_at = first[1].updated_at  # soft delete: a tombstone op
        doomed = first[1].id
    report = client.push(db)
    assert report.ok, report.error
    assert report.conflicts == report.rejected == 0
    assert local_rows(db) == {k: v for k, v in server.rows().items() if k != doomed}
    assert server.rows()[doomed][1] is True  # the server keeps the tombstone
    assert outbox_count(db) == 0  # acknowledged ops leave the outbox
    with db.session() as s:
        assert s.get(Community, doomed) is None  # acknowledged tombstone purged locally
        sizes = [b.count for b in s.scalars(select(SyncBatch))]
    assert max(sizes) <= MAX_OPS
    st = client.status(db)
    assert st.pending_ops == 0 and st.unacked_batches == 0 and st.last_success_at is not None


@pytest.mark.slow
def test_100k_ops_through_a_faulty_network_arrive_exactly_once(
    enrolled: Database, server: CityServer
) -> None:
    db = enrolled
    make_communities(db, 100_000, per_tx=400)
    proxy = FaultProxy(server.port, fault_rate=0.2, seed=8)
    try:
        with db.transaction() as s:
            from desktop.sync.state import get_state

            get_state(s).server_url = proxy.url
        retries: list[str] = []
        report = client.push(
            db,
            retry_for=10_000,
            sleep=lambda _d: None,  # backoff policy is tested on its own; here only its count
            on_retry=lambda err, _d: retries.append(err.kind),
        )
    finally:
        proxy.close()
    assert report.ok, report.error
    assert sum(proxy.stats.faults.values()) > 10, proxy.stats
    assert retries, "the faults must have forced retries"
    client_rows = local_rows(db)
    assert len(client_rows) == 100_001  # the communities and the street
    assert server.rows() == client_rows
    assert server.applied_count() == 100_001  # each op applied exactly once
    dup = server.query("SELECT op_id FROM applied_ops GROUP BY op_id HAVING count(*) > 1")
    assert dup == []
    assert outbox_count(db) == 0


def test_a_push_stopped_between_batches_resumes_without_loss_or_repeat(
    enrolled: Database, server: CityServer
) -> None:
    """The push seals as it sends, one batch in flight: stopped after the first answer, it
    sent and recorded exactly that batch; the next push sends the rest, each op once."""
    db = enrolled
    make_communities(db, 3 * MAX_OPS, per_tx=MAX_OPS // 2)
    asked: list[int] = []

    def stop_after_first() -> bool:
        asked.append(1)
        return len(asked) > 1

    first = client.push_once(db, should_stop=stop_after_first)
    assert first.ok and first.batches_sent == 1 and 0 < first.ops_acked <= MAX_OPS, first
    with db.session() as s:
        assert s.scalar(select(func.count()).where(SyncBatch.state == "acked")) == 1
    assert server.applied_count() == first.ops_acked
    rest = client.push_once(db)
    assert rest.ok and rest.batches_sent >= 2, rest
    assert first.ops_acked + rest.ops_acked == len(local_rows(db))
    assert server.rows() == local_rows(db)
    assert server.applied_count() == len(local_rows(db))
    assert server.query("SELECT op_id FROM applied_ops GROUP BY op_id HAVING count(*) > 1") == []
    st = client.status(db)
    assert st.pending_ops == 0 and st.unacked_batches == 0 and outbox_count(db) == 0


def test_server_down_backs_off_then_recovers(enrolled: Database, server: CityServer) -> None:
    db = enrolled
    make_communities(db, 50)
    server.stop()
    first = client.push_once(db)
    assert first.error is not None and first.error.kind == "network"
    st = client.status(db)
    assert st.next_attempt_at is not None and st.last_error and st.pending_ops == 0
    assert st.unacked_ops == 51  # sealed, kept, waiting
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        if len(delays) == 3:
            server.start()  # the network comes back during the third wait

    report = client.push(db, retry_for=10_000, sleep=sleep)
    assert report.ok, report.error
    assert len(delays) == 3 and delays[0] >= BACKOFF_MIN_S
    assert delays[0] <= delays[1] <= delays[2]  # exponential, jittered within each step
    assert server.rows() == local_rows(db)
    st = client.status(db)
    assert st.last_success_at is not None and st.next_attempt_at is None


def test_token_revoked_asks_to_enrol_again(enrolled: Database, server: CityServer) -> None:
    db = enrolled
    make_communities(db, 20)
    assert client.push(db).ok
    server.revoke(client.status(db).device_id)
    make_communities(db, 5, prefix="新")
    report = client.push(db, retry_for=1000, sleep=lambda _d: None)
    assert report.error is not None and report.error.kind == "auth"
    assert report.attempts == 1  # 401 is not retried
    st = client.status(db)
    assert st.needs_enrolment and st.pending_ops + st.unacked_ops == 5
    # Enrol again with a new code: the new device sends what is pending, exactly once.
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    assert client.push(db).ok
    assert server.rows() == local_rows(db)
    assert server.applied_count() == 26


def test_conflict_becomes_an_issue_keep_mine_and_take_server(
    enrolled: Database, server: CityServer, tmp_path
) -> None:
    db = enrolled
    make_communities(db, 2)
    assert client.push(db).ok
    with db.session() as s:
        a, b = (c.id for c in s.scalars(select(Community).order_by(Community.name)))
    # Another installation of the same street changes both rows on the server first.
    other = _other_device(server, tmp_path, db, [a, b])
    assert other == 2
    with db.transaction() as s:
        s.get(Community, a).notes = "本机的修改 A"
        s.get(Community, b).notes = "本机的修改 B"
    report = client.push(db)
    assert report.ok and report.conflicts == 2
    with db.session() as s:
        issues = {i.entity_id: i for i in s.scalars(select(SyncIssue))}
    assert set(issues) == {a, b} and all(i.kind == "conflict" for i in issues.values())
    assert issues[a].server_version == 2
    with db.transaction() as s:
        results.keep_mine(s, SYSTEM_ACTOR, issues[a].id)
    with db.transaction() as s:
        results.take_server(s, SYSTEM_ACTOR, issues[b].id)
    with db.session() as s:
        row_b = s.get(Community, b)
        assert row_b.notes == "另一台电脑" and row_b.version == 2
    assert outbox_count(db) == 1  # only "keep mine" is re-sent; "take the server's" is not
    report = client.push(db)
    assert report.ok and report.applied == 1 and report.conflicts == 0
    srv = server.query("SELECT version, data FROM entity_rows WHERE entity_id = ?", a)[0]
    assert srv[0] == 3 and json.loads(srv[1])["notes"] == "本机的修改 A"
    assert server.rows() == local_rows(db)


def _other_device(server: CityServer, tmp_path, db: Database, ids: list[str]) -> int:
    """A second installation (its own database copy) edits ``ids`` and pushes first."""
    import shutil

    from desktop.db import open_database

    copy = tmp_path / "other.sqlite3"
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(db.path, copy)
    other = open_database(copy)
    try:
        from desktop.sync.state import get_state

        with other.transaction() as s:
            st = get_state(s)
            st.device_id = ""
            st.token = ""
        enrol.enrol(other, SYSTEM_ACTOR, server.url, server.issue_code())
        with other.transaction() as s:
            for rid in ids:
                s.get(Community, rid).notes = "另一台电脑"
        report = client.push(other)
        assert report.ok, report.error
        return report.applied
    finally:
        other.dispose()


def test_silence_times_out_but_slow_progress_does_not(
    enrolled: Database, server: CityServer
) -> None:
    db = enrolled
    make_communities(db, 3)
    stall = FaultProxy(server.port, mode="stall")
    try:
        with make_client(HttpConfig(stall.url, proxy="none", silence_timeout=1.0)) as http:
            report = client.push_once(db, client=http)
        assert report.error is not None and report.error.kind == "timeout"
    finally:
        stall.close()
    trickle = FaultProxy(server.port, mode="trickle")
    try:
        # The answer takes several seconds in total, but bytes keep coming: no timeout.
        with make_client(HttpConfig(trickle.url, proxy="none", silence_timeout=1.0)) as http:
            report = client.push_once(db, client=http)
        assert report.ok, report.error
    finally:
        trickle.close()
    assert server.rows() == local_rows(db)


def test_backoff_grows_from_2s_to_10min_with_jitter() -> None:
    import random

    from desktop.sync.transport import backoff_delay

    rng = random.Random(3)
    delays = [backoff_delay(n, rng) for n in range(1, 15)]
    assert delays[0] == BACKOFF_MIN_S
    assert all(BACKOFF_MIN_S <= d <= BACKOFF_MAX_S for d in delays)
    assert max(delays[-3:]) > BACKOFF_MAX_S / 2  # reaches the cap region
    assert len({round(d, 3) for d in delays[8:]}) > 1  # jitter: not all equal at the cap


def test_push_without_enrolment_is_an_auth_error(db: Database) -> None:
    make_communities(db, 1)
    report = client.push_once(db)
    assert isinstance(report.error, SyncError) and report.error.kind == "auth"


@pytest.mark.parametrize("shift", [-10_000, 500], ids=["overlap", "gap"])
def test_sequence_409_reseals_from_the_server_watermark(
    enrolled: Database, server: CityServer, shift: int
) -> None:
    """The client's idea of the sequence is wrong (e.g. the server restored a backup)."""
    from desktop.sync.state import get_state

    db = enrolled
    make_communities(db, 30)
    assert client.push(db).ok
    make_communities(db, 12, prefix="后来")
    with db.transaction() as s:
        st = get_state(s)
        st.sealed_through = max(0, st.sealed_through + shift)
    report = client.push(db)
    assert report.ok, report.error
    assert server.rows() == local_rows(db)
    assert server.applied_count() == 43
    assert outbox_count(db) == 0


def test_every_synced_table_is_an_entity_the_server_accepts() -> None:
    from cityserver.entities import ENTITY_SET
    from desktop.models.base import synced_models

    tables = {str(getattr(m, "__tablename__", "")) for m in synced_models()}
    assert tables <= ENTITY_SET, sorted(tables - ENTITY_SET)
