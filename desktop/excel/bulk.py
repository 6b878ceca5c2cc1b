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
    executemany(session, table, columns, full)
    if session.info.get("sync_capture") is not False:
        tx_id = session.info.get("tx_id")
        if tx_id is None:
            tx_id = session.info["tx_id"] = str(uuid.uuid4())
        created = utcnow()
        ops = []
        extra = set(full[0]) - set(columns) if full else set()
        for record in full:
            data = {k: v for k, v in record.items() if k not in extra} if extra else record
            ops.append(
                {
                    "op_id": str(uuid.uuid4()),
                    "entity": table.name,
                    "entity_id": record["id"],
                    "op": "upsert",
                    "version": 1,
                    "base_version": None,
                    "data": json.dumps(
                        data, ensure_ascii=False, sort_keys=True, default=json_value
                    ),
                    "schema_rev": SCHEMA_REV,
                    "tx_id": tx_id,
                    "created_at": created,
                }
            )
        outbox = SyncOutbox.__table__
        executemany(session, outbox, [c.key for c in outbox.columns if c.key != "seq"], ops)
    return [str(r["id"]) for r in full]


def executemany(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """INSERT ``rows`` with the DB-API's executemany on the session's connection, values
    converted by each column type's own bind processor (the same text SQLAlchemy stores)."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    pairs = list(zip(columns, processors, strict=True))
    params = [
        tuple(proc(row.get(name)) if proc is not None else row.get(name) for name, proc in pairs)
        for row in rows
    ]
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
    finally:
        cursor.close()
