"""Fast writes of many synced rows, with the same outbox rows the flush hook would write.

An import of 50,000 rows through the ORM unit of work is several times slower than the file
read; Core ``executemany`` plus the outbox rows built here keeps it close (bench/excel_import.py).
The outbox row format is exactly :func:`desktop.models.outbox.row_data`'s.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desktop.models.base import json_value, utcnow
from desktop.models.outbox import SCHEMA_REV, STREET_CODE_KEY, SyncOutbox

CHUNK = 5000


def _defaults(model: type[Any]) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    scalars: dict[str, Any] = {}
    callables: dict[str, Callable[[], Any]] = {}
    for col in model.__table__.columns:
        default = col.default
        if default is None:
            if col.nullable:
                scalars[col.key] = None
            continue
        if default.is_scalar:
            scalars[col.key] = default.arg
        elif default.is_callable:
            fn = default.arg
            callables[col.key] = lambda fn=fn: fn(None)  # type: ignore[misc]
    return scalars, callables


def insert_synced(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[str]:
    """Insert ``rows`` (column → value) into a synced model's table; returns the new ids."""
    if not rows:
        return []
    scalars, callables = _defaults(model)
    now = utcnow()
    street = session.info.get(STREET_CODE_KEY, "")
    columns = [c.key for c in model.__table__.columns]
    full: list[dict[str, Any]] = []
    for row in rows:
        record = dict(scalars)
        record.update(row)
        for key, fn in callables.items():
            if record.get(key) is None:
                record[key] = fn()
        record["version"] = 1
        record["created_at"] = now
        record["updated_at"] = now
        record["deleted_at"] = None
        if not record.get("street_code"):
            record["street_code"] = street
        full.append(record)
    table = model.__table__
    for start in range(0, len(full), CHUNK):
        session.execute(insert(table), full[start : start + CHUNK])
    if session.info.get("sync_capture") is not False:
        tx_id = session.info.get("tx_id")
        if tx_id is None:
            tx_id = session.info["tx_id"] = str(uuid.uuid4())
        created = utcnow()
        ops = []
        for record in full:
            data = {key: json_value(record[key]) for key in columns}
            ops.append(
                {
                    "op_id": str(uuid.uuid4()),
                    "entity": table.name,
                    "entity_id": record["id"],
                    "op": "upsert",
                    "version": 1,
                    "base_version": None,
                    "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                    "schema_rev": SCHEMA_REV,
                    "tx_id": tx_id,
                    "created_at": created,
                }
            )
        for start in range(0, len(ops), CHUNK):
            session.execute(insert(SyncOutbox), ops[start : start + CHUNK])
    return [str(r["id"]) for r in full]
