"""Change capture: every synced model → outbox rows for insert, update and delete; sealing."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models.base import Base, synced_models, utcnow
from desktop.models.outbox import SCHEMA_REV, SyncOutbox, capture_disabled
from desktop.models.roster import Community
from desktop.models.sync import SyncBatch
from desktop.sync import seal
from desktop.sync.state import get_state, load_public_key, new_private_key


def _value(column: Any) -> Any:
    t = getattr(column.type, "impl_instance", column.type)
    if isinstance(t, DateTime):
        return utcnow()
    if isinstance(t, Date):
        return date(2026, 1, 1)
    if isinstance(t, Boolean):
        return False
    if isinstance(t, Integer):
        return 1
    if isinstance(t, String | Text):
        length = getattr(t, "length", None) or 8
        return "1" * min(length, 8)
    return None


def _make(session: Session, cls: type[Base], made: dict[str, Any]) -> Any:
    """An instance of ``cls`` with every required column filled (foreign keys → made rows)."""
    obj: Any = cls()
    for column in cls.__table__.columns:
        if column.name in (
            "id",
            "version",
            "created_at",
            "updated_at",
            "deleted_at",
            "street_code",
        ):
            continue
        if column.foreign_keys and column.nullable:
            continue  # optional references stay empty (and cycles are avoided)
        if column.foreign_keys:
            target = next(iter(column.foreign_keys)).column.table.name
            if target not in made:
                target_cls = next(m for m in Base.registry.mappers if m.local_table.name == target)
                made[target] = _make(session, target_cls.class_, made)
            setattr(obj, column.key, made[target].id)
        elif not column.nullable and column.default is None and column.server_default is None:
            setattr(obj, column.key, _value(column))
    session.add(obj)
    session.flush()
    return obj


def _ops(session: Session, entity_id: str) -> list[SyncOutbox]:
    return list(
        session.scalars(
            select(SyncOutbox).where(SyncOutbox.entity_id == entity_id).order_by(SyncOutbox.seq)
        )
    )


@pytest.mark.parametrize("cls", synced_models(), ids=lambda c: c.__tablename__)
def test_every_synced_model_captures_insert_update_delete(db: Database, cls: type[Base]) -> None:
    made: dict[str, Any] = {}
    with db.transaction() as s:
        obj = _make(s, cls, made)
        oid = obj.id
    with db.transaction() as s:
        obj = s.get(cls, oid)
        text_col = next(
            c.key
            for c in cls.__table__.columns
            if isinstance(c.type, String | Text)
            and not c.foreign_keys
            and c.key not in ("id", "street_code", "code")
        )
        setattr(obj, text_col, "2")
    with db.transaction() as s:
        obj = s.get(cls, oid)
        obj.deleted_at = utcnow()  # soft delete: the tombstone
    with db.session() as s:
        ops = _ops(s, oid)
    assert [(o.op, o.version, o.base_version) for o in ops] == [
        ("upsert", 1, None),
        ("upsert", 2, 1),
        ("delete", 3, 2),
    ]
    for o in ops:
        data = json.loads(o.data)
        assert data["id"] == oid and data["version"] == o.version
        assert data["street_code"] == db.street_code
        assert o.entity == cls.__tablename__
    assert len({o.tx_id for o in ops}) == 3


def test_hard_delete_is_a_tombstone_with_the_next_version(db: Database) -> None:
    with db.transaction() as s:
        c = Community(name="七星岗社区")
        s.add(c)
    with db.transaction() as s:
        s.delete(s.get(Community, c.id))
    with db.session() as s:
        last = _ops(s, c.id)[-1]
    data = json.loads(last.data)
    assert (last.op, last.version, last.base_version) == ("delete", 2, 1)
    assert data["version"] == 2 and data["deleted_at"]


def test_capture_disabled_writes_no_op_and_keeps_versions(db: Database) -> None:
    with db.transaction() as s:
        c = Community(name="解放碑社区")
        s.add(c)
    with db.transaction() as s:
        row = s.get(Community, c.id)
        with capture_disabled(s):
            row.name = "服务器的名称"
            row.version = 7
    with db.session() as s:
        assert len(_ops(s, c.id)) == 1
        assert s.get(Community, c.id).version == 7


def test_bulk_dml_on_synced_tables_is_refused(db: Database) -> None:
    from sqlalchemy import update

    with pytest.raises(RuntimeError, match="bypasses change capture"), db.transaction() as s:
        s.execute(update(Community).values(notes="x"))


def test_a_rolled_back_change_leaves_no_op(db: Database) -> None:
    before = _count(db)
    with pytest.raises(ZeroDivisionError), db.transaction() as s:
        s.add(Community(name="不会保存"))
        s.flush()
        1 / 0  # noqa: B018
    assert _count(db) == before


def _count(db: Database) -> int:
    with db.session() as s:
        return len(s.scalars(select(SyncOutbox.seq)).all())


def _enrol_locally(db: Database) -> str:
    private, public = new_private_key()
    with db.transaction() as s:
        st = get_state(s)
        st.device_id = "0b5e4f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
        st.private_key, st.public_key = private, public
        st.token = "ysd_test"
        st.street_code = db.street_code
    return public


def test_sealing_keeps_transactions_whole_and_bytes_verifiable(db: Database) -> None:
    public = _enrol_locally(db)
    for n in (300, 300, 150, 700):  # one transaction each
        with db.transaction() as s:
            s.add_all(Community(name=f"社区{n}-{i}") for i in range(n))
    with db.transaction() as s:
        sealed = seal.seal_pending(s)
    # street row (1) + 300 | 300 + 150 | 700 alone (larger than 500, never split)
    assert [b.count for b in sealed] == [301, 450, 700]
    assert sealed[0].first_seq == 1
    assert all(b.first_seq == a.last_seq + 1 for a, b in itertools.pairwise(sealed))
    with db.session() as s:
        batch = s.get(SyncBatch, sealed[1].batch_id)
        assert batch is not None
        payload = json.loads(gzip.decompress(batch.body))
        text = "\n".join(seal.canonical(op) for op in payload["ops"]).encode()
        assert hashlib.sha256(text).hexdigest() == payload["sha256"] == batch.sha256
        import base64

        load_public_key(public).verify(base64.b64decode(batch.signature), batch.body)
        body_again = batch.body
        unsealed = s.scalar(select(SyncOutbox.seq).where(SyncOutbox.batch_id.is_(None)))
        assert unsealed is None
    with db.transaction() as s:
        assert seal.seal_pending(s) == []  # nothing left; sealed bytes unchanged
    with db.session() as s:
        assert s.get(SyncBatch, sealed[1].batch_id).body == body_again


def test_sealing_one_batch_per_call_makes_the_same_batches(db: Database) -> None:
    """A push seals one batch per transaction while the server works: the batches are the
    ones a single call makes, also for a transaction above the hard limit (read to its end,
    split at the hard limit only)."""
    _enrol_locally(db)
    for n in (300, 300, 150, 700, 1500, 200):  # one transaction each
        with db.transaction() as s:
            s.add_all(Community(name=f"社区{n}-{i}") for i in range(n))
    counts = []
    while True:
        with db.transaction() as s:
            sealed = seal.seal_pending(s, max_batches=1)
        if not sealed:
            break
        counts.extend(b.count for b in sealed)
    # street row (1) + 300 | 300 + 150 | 700 alone | 1500 split at 1000 | 200
    assert counts == [301, 450, 700, 1000, 500, 200]


def test_sealing_respects_the_byte_limit(db: Database) -> None:
    _enrol_locally(db)
    for i in range(30):
        with db.transaction() as s:
            s.add(Community(name=f"长备注{i}", notes="备" * 20_000))
    with db.transaction() as s:
        sealed = seal.seal_pending(s, max_bytes=200_000)
    assert len(sealed) > 1
    with db.session() as s:
        for b in sealed:
            batch = s.get(SyncBatch, b.batch_id)
            assert batch is not None
            ops = json.loads(gzip.decompress(batch.body))["ops"]
            size = sum(len(seal.canonical(op).encode()) for op in ops)
            assert size <= 200_000 or len(ops) == 1


def test_seq_is_never_reused_after_acknowledged_rows_are_deleted(db: Database) -> None:
    with db.transaction() as s:
        s.add(Community(name="甲"))
    with db.session() as s:
        top = s.scalar(select(SyncOutbox.seq).order_by(SyncOutbox.seq.desc()).limit(1))
    with db.transaction() as s:
        for row in s.scalars(select(SyncOutbox)):
            s.delete(row)
    with db.transaction() as s:
        s.add(Community(name="乙"))
    with db.session() as s:
        assert s.scalar(select(SyncOutbox.seq)) == (top or 0) + 1


def test_pending_ops_are_sealed_before_a_migration(db: Database) -> None:
    from desktop.db import downgrade, open_database

    _enrol_locally(db)
    with db.transaction() as s:
        s.add(Community(name="迁移前的修改"))
    path = db.path
    downgrade(db.engine, "0002_roster")  # pretend the file comes from an older Yishi
    db.dispose()
    again = open_database(path)
    try:
        with again.session() as s:
            batches = s.scalars(select(SyncBatch)).all()
            assert len(batches) == 1
            ops = json.loads(gzip.decompress(batches[0].body))["ops"]
            assert {op["schema_rev"] for op in ops} == {SCHEMA_REV}  # as captured
            assert s.scalar(select(SyncOutbox.seq).where(SyncOutbox.batch_id.is_(None))) is None
    finally:
        again.dispose()
