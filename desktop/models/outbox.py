"""Change capture: one ``sync_outbox`` row per inserted/updated/deleted synced row.

Runs inside the flush, so the outbox row commits or rolls back with the change itself
(DESIGN.md §7). ``before_flush`` stamps versions and timestamps so the UPDATE carries them;
``after_flush`` reads the final column values (defaults applied) and inserts the ops in one
executemany on the same connection.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, event, insert
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column
from sqlalchemy.orm.attributes import get_history

from desktop.models.base import Base, is_synced, json_value, utcnow

#: Bumped whenever a synced table changes shape; the city server accepts a set of these.
SCHEMA_REV = 1

_PENDING_KEY = "yishi_outbox_pending"
STREET_CODE_KEY = "street_code"


class SyncOutbox(Base):
    __tablename__ = "sync_outbox"

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


def row_data(obj: Any) -> dict[str, Any]:
    mapper = obj.__mapper__
    return {attr.key: json_value(getattr(obj, attr.key)) for attr in mapper.column_attrs}


@event.listens_for(Session, "before_flush")
def _stamp_synced(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
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
            pending.append((obj, "delete", obj.version))


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, flush_context: UOWTransaction) -> None:
    pending: list[tuple[Any, str, int | None]] = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    if session.info.get("sync_capture") is False:
        return
    tx_id = session.info.get("tx_id")
    if tx_id is None:
        tx_id = session.info["tx_id"] = str(uuid.uuid4())
    now = utcnow()
    rows = []
    for obj, op, base_version in pending:
        data = row_data(obj)
        version = (
            data["version"] + 1 if op == "delete" and obj in session.deleted else data["version"]
        )
        rows.append(
            {
                "op_id": str(uuid.uuid4()),
                "entity": obj.__tablename__,
                "entity_id": data["id"],
                "op": op,
                "version": version,
                "base_version": base_version,
                "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                "schema_rev": SCHEMA_REV,
                "tx_id": tx_id,
                "created_at": now,
            }
        )
    session.connection().execute(insert(SyncOutbox), rows)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _new_transaction(session: Session) -> None:
    session.info.pop("tx_id", None)
    session.info.pop(_PENDING_KEY, None)
