"""A push deletes acknowledged outbox rows every few answers (docs/sync-client.md, Results):
until then those rows are not "changes the server has not confirmed" for anyone who asks."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models.base import utcnow
from desktop.models.outbox import SyncOutbox
from desktop.models.roster import Community
from desktop.models.sync import SyncBatch
from desktop.sync.pull import apply_changes
from desktop.sync.restore import unacknowledged_count
from desktop.sync.results import purge_acked, record_answer


def _local_community(db: Database) -> tuple[str, str]:
    """A community made on this PC, its op in a sent batch; (row id, batch id)."""
    with db.transaction() as s:
        row = Community(name="甲社区", code="")
        s.add(row)
        s.flush()
        rid = row.id
    batch_id = str(uuid.uuid4())
    with db.transaction() as s:
        seqs = s.scalars(select(SyncOutbox.seq).where(SyncOutbox.entity_id == rid)).all()
        s.add(
            SyncBatch(
                batch_id=batch_id,
                device_id="dev-here",
                first_seq=min(seqs),
                last_seq=max(seqs),
                count=len(seqs),
                sha256="0" * 64,
                body=b"",
                signature="",
                state="sent",
                sealed_at=utcnow(),
            )
        )
        for op in s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == rid)):
            op.batch_id = batch_id
    return rid, batch_id


def _acknowledge(db: Database, batch_id: str, *, keep_outbox: bool) -> None:
    with db.transaction() as s:
        batch = s.get(SyncBatch, batch_id)
        assert batch is not None
        ops = s.scalars(select(SyncOutbox).where(SyncOutbox.batch_id == batch_id)).all()
        answer = {
            "watermark": max(o.seq for o in ops),
            "results": [{"op_id": o.op_id, "seq": o.seq, "status": "applied"} for o in ops],
        }
        record_answer(s, batch, answer, "http", keep_outbox=keep_outbox)


def _pulled(rid: str, name: str) -> dict[str, Any]:
    """The same community as another PC changed it afterwards (version 2)."""
    with_time = "2026-12-01T08:00:00.000000Z"
    return {
        "change_seq": 7,
        "entity": "community",
        "entity_id": rid,
        "version": 2,
        "deleted": False,
        "device_id": "dev-other",
        "by": "lina",
        "data": {
            "id": rid,
            "name": name,
            "kind": "community",
            "code": "",
            "sort_order": 0,
            "notes": "",
            "version": 2,
            "created_at": with_time,
            "updated_at": with_time,
            "deleted_at": None,
            "street_code": "500103001000",
        },
    }


def _ops_of(db: Database, rid: str) -> int:
    with db.session() as s:
        return int(
            s.scalar(
                select(func.count()).select_from(SyncOutbox).where(SyncOutbox.entity_id == rid)
            )
            or 0
        )


def _name(db: Database, rid: str) -> str:
    with db.session() as s:
        row = s.get(Community, rid)
        assert row is not None
        return row.name


def test_a_pulled_change_is_applied_over_a_row_whose_ops_were_acknowledged(db: Database) -> None:
    rid, batch_id = _local_community(db)
    _acknowledge(db, batch_id, keep_outbox=True)  # as a push leaves it until its purge
    assert _ops_of(db, rid) == 1  # still there
    with db.session() as s:
        assert unacknowledged_count(s) == 0
    with db.transaction() as s:
        counts = apply_changes(s, [_pulled(rid, "乙社区")])
    assert (counts.applied, counts.deferred) == (1, 0)
    assert _name(db, rid) == "乙社区"
    with db.transaction() as s:
        assert purge_acked(s) == 1
    assert _ops_of(db, rid) == 0


def test_a_pulled_change_waits_while_the_local_change_is_unconfirmed(db: Database) -> None:
    rid, _batch_id = _local_community(db)  # sent, no answer yet
    with db.session() as s:
        before = unacknowledged_count(s)
    with db.transaction() as s:
        counts = apply_changes(s, [_pulled(rid, "乙社区")])
        assert purge_acked(s) == 0  # nothing acknowledged: nothing goes
    assert (counts.applied, counts.deferred) == (0, 1)
    assert _name(db, rid) == "甲社区"
    assert before >= 1 and _ops_of(db, rid) == 1


def test_recording_an_answer_still_deletes_its_rows_by_default(db: Database) -> None:
    rid, batch_id = _local_community(db)
    _acknowledge(db, batch_id, keep_outbox=False)  # the ack-file import's way
    assert _ops_of(db, rid) == 0
    with db.session() as s:
        batch = s.get(SyncBatch, batch_id)
        assert batch is not None and batch.state == "acked"
        assert json.loads(batch.results)[0][1] == "applied"
