"""The audit chain anchored outside the file (issue 15 item 5).

(a) every sealed batch carries the chain head and a link to the previous batch's head, so the
city server sees a log that was cut or rewritten; (b) certified poll reports, minutes and
``yishi db backup`` record the head at that moment; (c) ``yishi audit verify`` compares the log
with every anchor it knows.
"""

from __future__ import annotations

import gzip
import json

from sqlalchemy import delete, select, update

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.models.sync import SyncBatch
from desktop.services import audit
from desktop.services.permissions import Actor
from desktop.sync import seal
from desktop.sync.state import get_state, new_private_key


def _enrol_locally(db: Database) -> None:
    private, public = new_private_key()
    with db.transaction() as s:
        st = get_state(s)
        st.device_id = "0b5e4f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
        st.private_key, st.public_key = private, public
        st.token = "ysd_test"
        st.street_code = db.street_code


def _change(db: Database, actor: Actor, n: int) -> None:
    for i in range(n):
        with db.transaction() as s:
            audit.record(s, actor, "test.change", "x", str(i))
            from desktop.models.roster import Community

            s.add(Community(name=f"社区{i}-{id(s)}"))


def _seal_head(db: Database) -> dict:
    with db.transaction() as s:
        sealed = seal.seal_pending(s)
    assert sealed
    with db.session() as s:
        batch = s.get(SyncBatch, sealed[-1].batch_id)
        assert batch is not None
        return json.loads(gzip.decompress(batch.body))["audit_head"]


def _newest(db: Database) -> tuple[int, str]:
    with db.session() as s:
        row = s.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    return int(row[0]), str(row[1])


def test_sealed_batches_carry_the_head_linked_to_the_previous_one(
    db: Database, admin: Actor
) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    assert (first["seq"], first["hash"]) == _newest(db)
    assert first["prev_seq"] is None
    _change(db, admin, 2)
    second = _seal_head(db)
    assert (second["seq"], second["hash"]) == _newest(db)
    assert (second["prev_seq"], second["prev_hash"]) == (first["seq"], first["hash"])


def test_a_cut_log_shows_in_the_next_link(db: Database, admin: Actor) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    with db.transaction() as s:  # someone deletes the newest rows
        s.execute(delete(AuditEntry).where(AuditEntry.id >= first["seq"] - 1))
    _change(db, admin, 1)
    after = _seal_head(db)
    assert (after["prev_seq"], after["prev_hash"]) == (first["seq"], "")


def test_a_rewritten_log_shows_in_the_next_link(db: Database, admin: Actor) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    with db.transaction() as s:  # every hash recomputed: the anchored row's hash changes
        s.execute(update(AuditEntry).where(AuditEntry.id == first["seq"]).values(hash="e" * 64))
    _change(db, admin, 1)
    after = _seal_head(db)
    assert (after["prev_seq"], after["prev_hash"]) == (first["seq"], "e" * 64)
