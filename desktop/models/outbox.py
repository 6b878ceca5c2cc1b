"""Change capture: one ``sync_outbox`` row per inserted/updated/deleted synced row.

Runs inside the flush, so the outbox row commits or rolls back with the change itself
(DESIGN.md §7). ``before_flush`` stamps versions and timestamps so the UPDATE carries them;
``after_flush`` reads the final column values (defaults applied) and inserts the ops in one
executemany on the same connection.

- Insert → ``upsert`` with ``base_version`` null; update → ``upsert`` (or ``delete`` when the
  update sets ``deleted_at``: the soft-delete tombstone) with ``base_version`` = the version
  before; ``session.delete(obj)`` → ``delete`` with the row as it was, version bumped.
- ``seq`` is AUTOINCREMENT: acknowledged rows are deleted, and a seq is never reused, because
  the server checks that each device's sequence only moves forward.
- :func:`capture_disabled` applies a change without capturing it (the server's own row, taken
  after a conflict; tombstone purge after acknowledgement). Versions and timestamps are then
  left exactly as the caller set them.
- ORM bulk ``insert()/update()/delete()`` statements on synced tables bypass the flush and are
  refused in a capturing session, so no change can slip past the outbox unnoticed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, event, insert
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, UOWTransaction, mapped_column
from sqlalchemy.orm.attributes import get_history

from desktop.models.base import Base, is_synced, json_value, synced_keys, utcnow

#: Bumped whenever a synced table changes shape; the city server accepts a set of these.
#: 2: ``poll.secret`` (the ballot MAC key) no longer travels (docs/sync-protocol.md §2.1).
SCHEMA_REV = 2

_PENDING_KEY = "yishi_outbox_pending"
#: session.info key: the user name of the person acting in this transaction (set by
#: desktop.services.audit.record), written into the ops as ``by``.
ACTOR_KEY = "sync_actor"
#: session.info key: outbox rows of the transaction were written without the actor's name
#: (the before_commit hook names them; without any, it has nothing to do).
UNNAMED_KEY = "sync_unnamed_ops"
_BEFORE_KEY = "yishi_outbox_before"
STREET_CODE_KEY = "street_code"
CAPTURE_KEY = "sync_capture"


class SyncOutbox(Base):
    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    version: Mapped[int] = mapped_column(Integer)
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[str] = mapped_column(Text)
    schema_rev: Mapped[int] = mapped_column(Integer)
    tx_id: Mapped[str] = mapped_column(String(36), index=True)  # one local transaction
    batch_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    created_at: Mapped[datetime]
    #: Protocol 2: who made the change (sent as the op's ``by``), and for an update the changed
    #: fields' values before it (JSON object), which the conflict rules merge with.
    actor: Mapped[str] = mapped_column(String(64), default="", server_default="")
    changed: Mapped[str] = mapped_column(Text, default="", server_default="")


def row_data(obj: Any) -> dict[str, Any]:
    return {key: json_value(getattr(obj, key)) for key in synced_keys(type(obj))}


def data_text(data: dict[str, Any]) -> str:
    """``sync_outbox.data``: the row's JSON already in the canonical form of the op's ``data``
    (docs/sync-protocol.md §4: sorted keys, no spaces, UTF-8), so sealing writes the stored
    text into the op as it is (``desktop.sync.seal.row_canonical``). Rows stored before this
    form (``{"key": value, ...}``) are still read and re-encoded."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def capturing(session: Session) -> bool:
    return session.info.get(CAPTURE_KEY) is not False


@contextmanager
def capture_disabled(session: Session) -> Iterator[Session]:
    """Flush changes inside the block without outbox rows or version/timestamp stamping."""
    session.flush()
    previous = session.info.get(CAPTURE_KEY)
    session.info[CAPTURE_KEY] = False
    try:
        yield session
        session.flush()
    finally:
        if previous is None:
            session.info.pop(CAPTURE_KEY, None)
        else:
            session.info[CAPTURE_KEY] = previous


def enqueue(session: Session, obj: Any, op: str, base_version: int | None) -> None:
    """Write an outbox row for ``obj`` as it stands (used by "keep mine" after a conflict)."""
    data = row_data(obj)
    tx_id = session.info.get("tx_id")
    if tx_id is None:
        tx_id = session.info["tx_id"] = str(uuid.uuid4())
    session.info[UNNAMED_KEY] = True
    session.connection().execute(
        insert(SyncOutbox),
        [
            {
                "op_id": str(uuid.uuid4()),
                "entity": obj.__tablename__,
                "entity_id": data["id"],
                "op": op,
                "version": data["version"],
                "base_version": base_version,
                "data": data_text(data),
                "schema_rev": SCHEMA_REV,
                "tx_id": tx_id,
                "created_at": utcnow(),
            }
        ],
    )


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_dml(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if not capturing(state.session):
        return
    mapper = state.bind_mapper
    if mapper is not None and is_synced(mapper.class_):
        raise RuntimeError(
            f"bulk {state.statement.__visit_name__} on synced table "
            f"{mapper.class_.__name__} bypasses change capture; use ORM objects"
        )


@event.listens_for(Session, "before_flush")
def _stamp_synced(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    if not capturing(session):
        return
    now = utcnow()
    pending: list[tuple[Any, str, int | None]] = session.info.setdefault(_PENDING_KEY, [])
    for obj in session.new:
        if not is_synced(type(obj)):
            continue
        if getattr(obj, "street_code", None) is None:
            obj.street_code = session.info.get(STREET_CODE_KEY, "")
        obj.version = 1
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        op = "delete" if obj.deleted_at is not None else "upsert"
        pending.append((obj, op, None))
    for obj in session.dirty:
        if not is_synced(type(obj)) or not session.is_modified(obj, include_collections=False):
            continue
        base_version = obj.version
        before = _changed_before(obj)
        if before:
            session.info.setdefault(_BEFORE_KEY, {})[id(obj)] = before
        hist = get_history(obj, "version")
        if hist.deleted:  # the caller set the version itself (e.g. sync apply); respect it
            base_version = hist.deleted[0]
        else:
            obj.version = base_version + 1
        obj.updated_at = now
        op = "delete" if obj.deleted_at is not None else "upsert"
        pending.append((obj, op, base_version))
    for obj in session.deleted:
        if is_synced(type(obj)):
            # Read the row now: after the DELETE its attributes may no longer load.
            data = row_data(obj)
            data["version"] = obj.version + 1
            data["deleted_at"] = data["deleted_at"] or json_value(now)
            data["updated_at"] = json_value(now)
            data["__entity__"] = obj.__tablename__
            pending.append((data, "delete", obj.version))


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, flush_context: UOWTransaction) -> None:
    pending: list[tuple[Any, str, int | None]] = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    if not capturing(session):
        return
    tx_id = session.info.get("tx_id")
    if tx_id is None:
        tx_id = session.info["tx_id"] = str(uuid.uuid4())
    now = utcnow()
    rows = []
    actor = str(session.info.get(ACTOR_KEY, ""))[:64]
    if not actor:
        session.info[UNNAMED_KEY] = True
    befores: dict[int, dict[str, Any]] = session.info.pop(_BEFORE_KEY, {})
    for obj, op, base_version in pending:
        # A hard delete (session.delete) was read in before_flush, with the next version.
        data = obj if isinstance(obj, dict) else row_data(obj)
        entity = obj["__entity__"] if isinstance(obj, dict) else obj.__tablename__
        data.pop("__entity__", None)
        version = data["version"]
        rows.append(
            {
                "op_id": str(uuid.uuid4()),
                "entity": entity,
                "entity_id": data["id"],
                "op": op,
                "version": version,
                "base_version": base_version,
                "data": data_text(data),
                "schema_rev": SCHEMA_REV,
                "tx_id": tx_id,
                "created_at": now,
                "actor": actor,
                "changed": _changed_json(befores.get(id(obj))),
            }
        )
    session.connection().execute(insert(SyncOutbox), rows)


def _changed_before(obj: Any) -> dict[str, Any]:
    """The synced fields this flush changes on ``obj``, with their values before it."""
    before: dict[str, Any] = {}
    for key in synced_keys(type(obj)):
        if key in ("version", "updated_at"):
            continue
        hist = get_history(obj, key)
        if hist.deleted and hist.added:
            before[key] = json_value(hist.deleted[0])
    return before


def _changed_json(before: dict[str, Any] | None) -> str:
    return json.dumps(before, ensure_ascii=False, sort_keys=True) if before else ""


@event.listens_for(Session, "before_commit")
def _name_the_actor(session: Session) -> None:
    """Ops flushed before the transaction's first audit row learn who acted from it.

    Only when some were written without the name: the UPDATE visits every op of the
    transaction (50,000 rows after an import: ≈ 0.15 s even when none needs it)."""
    actor = session.info.get(ACTOR_KEY)
    tx_id = session.info.get("tx_id")
    if actor and tx_id and session.info.get(UNNAMED_KEY) and capturing(session):
        from sqlalchemy import update

        session.execute(
            update(SyncOutbox)
            .where(SyncOutbox.tx_id == tx_id, SyncOutbox.actor == "")
            .values(actor=str(actor)[:64])
        )


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _new_transaction(session: Session) -> None:
    session.info.pop("tx_id", None)
    session.info.pop(_PENDING_KEY, None)
    session.info.pop(ACTOR_KEY, None)
    session.info.pop(UNNAMED_KEY, None)
    session.info.pop(_BEFORE_KEY, None)
