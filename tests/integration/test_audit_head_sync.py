"""The audit chain head travels with every push, and the real city server notices a street
whose log was cut (issue 15 item 5a), end to end."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import delete, select

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.services import audit
from desktop.services.permissions import Actor
from desktop.sync import client
from tests.integration.sync_helpers import CityServer, make_communities


def _push_a_change(db: Database, actor: Actor, n: int) -> None:
    with db.transaction() as s:
        audit.record(s, actor, "test.change", "x", str(n))
    make_communities(db, 1, prefix=f"社区{n}-")
    report = client.push(db)
    assert report.ok, report.error


def test_a_cut_log_is_reported_by_the_server(
    enrolled: Database, server: CityServer, admin: Actor
) -> None:
    db = enrolled
    _push_a_change(db, admin, 1)
    _push_a_change(db, admin, 2)
    kept = server.query("SELECT seq, hash FROM audit_heads")
    with db.session() as s:
        newest = s.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    assert [tuple(r) for r in kept] == [tuple(newest)]
    assert "没有街道的审计链被截断或改写" in server.cli("audit-cuts")
    with db.transaction() as s:  # the newest rows deleted; the chain alone still verifies
        s.execute(delete(AuditEntry).where(AuditEntry.id >= newest[0] - 1))
        assert audit.verify(s).ok
    _push_a_change(db, admin, 3)
    # The new head (the next id after the deletion) is below the one the server kept.
    assert [tuple(r) for r in server.query("SELECT reason FROM audit_cuts")] == [("backwards",)]
    with pytest.raises(subprocess.CalledProcessError) as failed:
        server.cli("audit-cuts")
    assert "500103001000" in str(failed.value.stdout)
