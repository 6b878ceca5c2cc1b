"""Apply one verified batch in one database transaction (docs/sync-protocol.md §6).

The HTTP push and the batch-file import both end here, so a batch sent both ways, or twice,
is applied once.
"""

from __future__ import annotations

import json
import os
import random
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    insert,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cityserver.auth import device_key_for_token, verify_signature
from cityserver.config import Settings
from cityserver.db import lock_street, read_bind
from cityserver.entities import ENTITY_SET
from cityserver.models import AppliedOp, DeviceWatermark, EntityRow, utcnow
from cityserver.protocol import (
    MAX_INT,
    STREET_CODE_RE,
    Envelope,
    ProtocolError,
    dumps_json,
    fast_loads,
    gunzip_limited,
    is_uuid,
    loads,
    parse_envelope,
)

RETRIES = 5
ENTITY_TABLE: Table = EntityRow.__table__  # type: ignore[assignment]
OP_TABLE: Table = AppliedOp.__table__  # type: ignore[assignment]
_E = ENTITY_TABLE.c
ENTITY_UPDATE = (
    update(ENTITY_TABLE)
    .where(_E.entity == bindparam("k_entity"), _E.entity_id == bindparam("k_entity_id"))
    .values(
        street_code=bindparam("k_street_code"),
        version=bindparam("k_version"),
        deleted=bindparam("k_deleted"),
        updated_at=bindparam("k_updated_at"),
        data=bindparam("k_data"),
    )
)
CRASH_EXIT_CODE = 70


def _reject(code: str, message: str) -> tuple[str, str]:
    return code, message


def validate_op(
    op: dict[str, Any], street_code: str, schema_revs: frozenset[int]
) -> tuple[str, str] | None:
    """Static checks of one op, in the documented order; ``(code, message)`` if rejected."""
    rev = op.get("schema_rev")
    if type(rev) is not int or not 0 < rev <= MAX_INT:
        return _reject("invalid_op", "'schema_rev' must be an integer from 1 to 2147483647")
    if rev not in schema_revs:
        accepted = ", ".join(str(r) for r in sorted(schema_revs))
        return _reject("unknown_schema_rev", f"Schema revision {rev} is not accepted ({accepted})")
    entity = op.get("entity")
    if not isinstance(entity, str):
        return _reject("invalid_op", "'entity' must be a string")
    if entity not in ENTITY_SET:
        return _reject("unknown_entity", f"Unknown entity '{entity[:64]}'")
    if not is_uuid(op.get("entity_id")):
        return _reject("invalid_op", "'entity_id' must be a canonical lowercase UUID string")
    if op.get("op") not in ("upsert", "delete"):
        return _reject("invalid_op", "'op' must be 'upsert' or 'delete'")
    version = op.get("version")
    if type(version) is not int or not 0 < version <= MAX_INT:
        return _reject("invalid_op", "'version' must be an integer from 1 to 2147483647")
    base = op.get("base_version")
    if base is not None and (type(base) is not int or not 0 < base <= MAX_INT):
        return _reject(
            "invalid_op", "'base_version' must be null or an integer from 1 to 2147483647"
        )
    created = op.get("created_at")
    if not isinstance(created, str):
        return _reject("invalid_op", "'created_at' must be an ISO-8601 string")
    try:
        datetime.fromisoformat(created)
    except ValueError:
        return _reject("invalid_op", "'created_at' must be an ISO-8601 string")
    data = op.get("data")
    if not isinstance(data, dict):
        return _reject("invalid_op", "'data' must be an object")
    if data.get("id") != op["entity_id"]:
        return _reject("invalid_op", "'data.id' must equal 'entity_id'")
    data_version = data.get("version")
    if type(data_version) is not int or data_version != version:
        return _reject("invalid_op", "'data.version' must equal 'version'")
    row_street = data.get("street_code")
    if row_street != street_code:  # street_code itself is a checked 12-digit string
        if not isinstance(row_street, str) or not STREET_CODE_RE.match(row_street):
            return _reject("invalid_op", "'data.street_code' must be a 12-digit string")
        return _reject(
            "street_mismatch", f"Row belongs to street {row_street}, batch to {street_code}"
        )
    return None


def _server_row(entity: str, entity_id: str, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "entity": entity,
        "entity_id": entity_id,
        "street_code": state["street_code"],
        "version": state["version"],
        "deleted": state["deleted"],
        "updated_at": state["updated_at"].isoformat(),
        "data": state["data"],
    }


def _result(
    op: dict[str, Any],
    status: str,
    code: str | None = None,
    message: str | None = None,
    server_version: int | None = None,
    server_row: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "op_id": op["op_id"],
        "seq": op["seq"],
        "status": status,
        "code": code,
        "message": message,
        "server_version": server_version,
        "server_row": server_row,
    }


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    text = str(exc).lower()
    return any(word in text for word in ("locked", "deadlock", "serializ", "busy"))


def receive_batch(
    sessions: sessionmaker[Session],
    settings: Settings,
    token: str | None,
    body: bytes,
    signature: str | None,
) -> dict[str, Any]:
    """POST /api/v1/batches after the body was read: docs §5.3 steps 3–13."""
    with read_bind(sessions).connect() as conn:
        device_id, key = device_key_for_token(conn, token)
    verify_signature(key, signature, body)
    raw = gunzip_limited(body, settings.max_inflated_bytes)
    try:
        env = _envelope(fast_loads(raw), settings)
    except ProtocolError:
        # orjson turns integers beyond 64 bits into floats: the defining parser decides.
        env = _envelope(loads(raw), settings)
    return apply_batch(sessions, settings, device_id, env, "http")


def _envelope(batch: Any, settings: Settings) -> Envelope:
    ops = batch.get("ops") if isinstance(batch, dict) else None
    return parse_envelope(batch, ops, max_ops=settings.max_ops_per_batch)


def apply_batch(
    sessions: sessionmaker[Session],
    settings: Settings,
    device_id: str,
    env: Envelope,
    source: str,
) -> dict[str, Any]:
    """Apply ``env`` for ``device_id``; commit; only then return the answer."""
    for attempt in range(RETRIES):
        try:
            answer = _apply_once(sessions, settings, device_id, env, source)
            break
        except (IntegrityError, OperationalError) as exc:
            if attempt == RETRIES - 1 or not _retryable(exc):
                raise
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    if settings.crash_after_commit and answer["status"] == "applied":
        # Fault-injection hook (docs §10): the commit is durable, the reply is never sent.
        os._exit(CRASH_EXIT_CODE)
    return answer


def _apply_once(
    sessions: sessionmaker[Session],
    settings: Settings,
    device_id: str,
    env: Envelope,
    source: str,
) -> dict[str, Any]:
    with _engine(sessions).begin() as conn:
        lock_street(conn, env.street_code)
        found = _sql(
            conn,
            "SELECT d.street_code, d.revoked_at, w.watermark FROM devices d"
            " LEFT JOIN device_watermarks w ON w.device_id = d.id WHERE d.id = ?",
            (device_id,),
        ).first()
        if found is None:
            raise ProtocolError(401, "unknown_device", "Unknown device")
        street, revoked_at, watermark = found
        if revoked_at is not None:
            raise ProtocolError(401, "device_revoked", "This device has been revoked; enrol again")
        if env.device_id != device_id:
            raise ProtocolError(403, "device_mismatch", "Batch device_id is not this device")
        if env.street_code != street:
            raise ProtocolError(
                403, "street_forbidden", f"This device may only write street {street}"
            )
        now = utcnow()
        if watermark is None:
            watermark = 0
            conn.execute(
                insert(DeviceWatermark).values(device_id=device_id, watermark=0, updated_at=now)
            )
        earlier = _sql(
            conn,
            "SELECT device_id, sha256, first_seq, last_seq, results FROM batches"
            " WHERE batch_id = ?",
            (env.batch_id,),
        ).first()
        if earlier is not None:
            same = (
                earlier.device_id == device_id
                and earlier.sha256 == env.sha256
                and (earlier.first_seq, earlier.last_seq) == (env.first_seq, env.last_seq)
            )
            if not same:
                raise ProtocolError(
                    409, "batch_id_reused", "This batch_id was already used for other content"
                )
            return {
                "status": "duplicate",
                "batch_id": env.batch_id,
                "watermark": watermark,
                "results": _expand_results(env, _read_json(earlier.results)),
            }
        if env.first_seq != watermark + 1:
            code = "sequence_gap" if env.first_seq > watermark + 1 else "sequence_overlap"
            raise ProtocolError(
                409,
                code,
                f"first_seq must be {watermark + 1} (watermark {watermark})",
                watermark=watermark,
                expected_first_seq=watermark + 1,
            )
        results = _apply_ops(conn, settings, device_id, env, now)
        stamp = _stamp(conn, now)
        _sql(
            conn,
            "UPDATE device_watermarks SET watermark = ?, updated_at = ? WHERE device_id = ?",
            (env.last_seq, stamp, device_id),
        )
        _sql(
            conn,
            "INSERT INTO batches (batch_id, device_id, street_code, first_seq, last_seq, count,"
            " sha256, source, received_at, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                env.batch_id,
                device_id,
                env.street_code,
                env.first_seq,
                env.last_seq,
                env.count,
                env.sha256,
                source,
                stamp,
                dumps_json([r for r in results if r["status"] != "applied"]),
            ),
        )
    return {
        "status": "applied",
        "batch_id": env.batch_id,
        "watermark": env.last_seq,
        "results": results,
    }


def _engine(sessions: sessionmaker[Session]) -> Engine:
    bind = sessions.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def _sql(conn: Connection, sql: str, params: Any) -> Any:
    """A driver-level statement written with ``?`` placeholders (``%s`` on PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    return conn.exec_driver_sql(sql, params)


def _stamp(conn: Connection, when: datetime) -> Any:
    """A UTC time as SQLAlchemy's UTCDateTime column binds it on this database."""
    naive = when.astimezone(UTC).replace(tzinfo=None)
    return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if conn.dialect.name == "sqlite" else naive


def _read_time(value: Any) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(when, datetime)
    return when.replace(tzinfo=UTC)


def _read_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _apply_ops(
    conn: Connection, settings: Settings, device_id: str, env: Envelope, now: datetime
) -> list[dict[str, Any]]:
    ops = env.ops
    op_ids = [op["op_id"] for op in ops]
    seen: set[str] = {
        row[0] for row in _sql_in(conn, "SELECT op_id FROM applied_ops WHERE op_id", op_ids)
    }
    # One probe of the primary key's leading column for the whole batch; rows of another
    # entity with the same id come back too and are simply not looked at.
    wanted = sorted(
        {
            eid
            for op in ops
            if op.get("entity") in ENTITY_SET and isinstance(eid := op.get("entity_id"), str)
        }
    )
    state: dict[tuple[str, str], dict[str, Any]] = {}
    if wanted:
        found = _sql_in(
            conn,
            "SELECT entity, entity_id, street_code, version, deleted, updated_at, data"
            " FROM entity_rows WHERE entity_id",
            wanted,
        )
        for entity, eid, street, version, deleted, updated_at, data in found:
            state[(entity, eid)] = {
                "street_code": street,
                "version": version,
                "deleted": bool(deleted),
                "updated_at": _read_time(updated_at),
                "data": _read_json(data),
                "stored": True,
                "dirty": False,
            }
    results: list[dict[str, Any]] = []
    log: list[tuple[str, str, int, str]] = []
    for op in ops:
        op_id = op["op_id"]
        if op_id in seen:
            current = state.get((op.get("entity"), op.get("entity_id")))  # type: ignore[arg-type]
            results.append(
                _result(
                    op,
                    "duplicate",
                    message="Op already received",
                    server_version=current["version"] if current else None,
                )
            )
            continue
        seen.add(op_id)
        status = "applied"
        problem = validate_op(op, env.street_code, settings.schema_revs)
        if problem is not None:
            status = "rejected"
            results.append(_result(op, status, *problem))
        else:
            key = (op["entity"], op["entity_id"])
            current = state.get(key)
            if current is not None and current["street_code"] != env.street_code:
                status = "rejected"
                results.append(
                    _result(op, status, "street_forbidden", "Row belongs to another street")
                )
            elif (current["version"] if current else None) != op["base_version"]:
                status = "conflict"
                results.append(
                    _result(
                        op,
                        status,
                        "version_conflict",
                        f"base_version {op['base_version']} but the server has "
                        f"{current['version'] if current else 'no row'}",
                        server_version=current["version"] if current else None,
                        server_row=_server_row(key[0], key[1], current) if current else None,
                    )
                )
            else:
                state[key] = {
                    "street_code": env.street_code,
                    "version": op["version"],
                    "deleted": op["op"] == "delete",
                    "updated_at": now,
                    "data": op["data"],
                    "stored": current["stored"] if current else False,
                    "dirty": True,
                }
                results.append(
                    {
                        "op_id": op_id,
                        "seq": op["seq"],
                        "status": "applied",
                        "code": None,
                        "message": None,
                        "server_version": op["version"],
                        "server_row": None,
                    }
                )
        log.append((op_id, env.batch_id, op["seq"], status))
    stamp = _stamp(conn, now)
    new_rows: list[tuple[Any, ...]] = []
    changed_rows: list[dict[str, Any]] = []
    for (entity, eid), row in state.items():
        if not row["dirty"]:
            continue
        if row["stored"]:
            changed_rows.append(
                {
                    "k_entity": entity,
                    "k_entity_id": eid,
                    "k_street_code": row["street_code"],
                    "k_version": row["version"],
                    "k_deleted": row["deleted"],
                    "k_updated_at": now,
                    "k_data": row["data"],
                }
            )
        else:
            new_rows.append(
                (
                    entity,
                    eid,
                    row["street_code"],
                    row["version"],
                    row["deleted"],
                    stamp,
                    dumps_json(row["data"]),
                )
            )
    if new_rows:  # the hot insert: one driver-level executemany
        _sql(conn, INSERT_ROWS_SQL, new_rows)
    if changed_rows:
        conn.execute(ENTITY_UPDATE, changed_rows)
    if log:
        if conn.dialect.name == "postgresql":  # one statement instead of one per op
            conn.exec_driver_sql(PG_INSERT_OPS_SQL, tuple(map(list, zip(*log, strict=True))))
        else:
            _sql(conn, INSERT_OPS_SQL, log)
    return results


INSERT_ROWS_SQL = (
    "INSERT INTO entity_rows (entity, entity_id, street_code, version, deleted, updated_at, data)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_OPS_SQL = "INSERT INTO applied_ops (op_id, batch_id, seq, status) VALUES (?, ?, ?, ?)"
PG_INSERT_OPS_SQL = (
    "INSERT INTO applied_ops (op_id, batch_id, seq, status)"
    " SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::int[], %s::varchar[])"
)


def _sql_in(conn: Connection, head: str, values: list[str], params: tuple[Any, ...] = ()) -> Any:
    """``head IN (values)``; on PostgreSQL ``head = ANY(%s)`` with one array parameter
    (planning a 500-element IN list costs more than the lookups)."""
    if conn.dialect.name == "postgresql":
        return _sql(conn, f"{head} = ANY(?)", (*params, values))
    marks = ", ".join("?" * len(values))
    return _sql(conn, f"{head} IN ({marks})", (*params, *values))


def _expand_results(env: Envelope, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full first answer: stored non-applied results, the rest applied at op version."""
    by_id = {r["op_id"]: r for r in stored}
    return [
        by_id.get(op["op_id"]) or _result(op, "applied", server_version=op["version"])
        for op in env.ops
    ]
