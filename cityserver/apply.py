"""Apply one verified batch in one database transaction (docs/sync-protocol.md §6).

The HTTP push and the batch-file import both end here, so a batch sent both ways, or twice,
is applied once.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    insert,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cityserver.anchors import check_head
from cityserver.auth import device_key_for_token, verify_signature
from cityserver.config import Settings
from cityserver.db import lock_street
from cityserver.entities import ENTITY_SET, NEVER_STORED
from cityserver.models import AppliedOp, DeviceWatermark, EntityRow, utcnow
from cityserver.protocol import (
    MAX_INT,
    STREET_CODE_RE,
    UUID_RE,
    Envelope,
    ProtocolError,
    all_uuids,
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
        change_seq=bindparam("k_change_seq"),
        writer_device=bindparam("k_writer_device"),
        writer_name=bindparam("k_writer_name"),
    )
)
#: Entities whose ops are entered on one device per poll (docs §6.5).
POLL_BOUND = frozenset({"ballot", "tally_certificate"})
WRITER_NAME_MAX = 64
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


_OP_KINDS = ("upsert", "delete")
_UUID_MATCH = UUID_RE.fullmatch
_FROM_ISO = datetime.fromisoformat


def passes_validation(
    op: dict[str, Any],
    street_code: str,
    schema_revs: frozenset[int],
    entity_id_checked: bool = False,
) -> bool:
    """True only where :func:`validate_op` finds nothing: the common case in one expression.

    Every condition is at least as strict as the matching one in ``validate_op`` (a missing
    field is a KeyError here), so an op for which this says False goes through
    ``validate_op`` for its code and message. ``entity_id_checked``: the caller already
    knows ``entity_id`` is a canonical UUID.
    """
    try:
        rev = op["schema_rev"]
        version = op["version"]
        base = op["base_version"]
        entity_id = op["entity_id"]
        data = op["data"]
        if not (
            type(rev) is int
            and 0 < rev <= MAX_INT
            and rev in schema_revs
            and type(entity := op["entity"]) is str
            and entity in ENTITY_SET
            and type(entity_id) is str
            and (entity_id_checked or _UUID_MATCH(entity_id) is not None)
            and op["op"] in _OP_KINDS
            and type(version) is int
            and 0 < version <= MAX_INT
            and (base is None or (type(base) is int and 0 < base <= MAX_INT))
            and type(data) is dict
            and data["id"] == entity_id
            and type(data_version := data["version"]) is int
            and data_version == version
            and data["street_code"] == street_code
            and type(created := op["created_at"]) is str
        ):
            return False
        _FROM_ISO(created)
    except (KeyError, TypeError, ValueError):
        return False
    return True


def _server_row(
    entity: str, entity_id: str, state: tuple[str, int, bool, Any, Any]
) -> dict[str, Any]:
    """``state``: (street_code, version, deleted, updated_at, data); the last two as the
    driver returned them for a stored row."""
    return {
        "entity": entity,
        "entity_id": entity_id,
        "street_code": state[0],
        "version": state[1],
        "deleted": state[2],
        "updated_at": _read_time(state[3]).isoformat(),
        "data": _read_json(state[4]),
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
    device_id, key = device_key_for_token(_engine(sessions), token)
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
    _drop_never_stored(env)
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


def _drop_never_stored(env: Envelope) -> None:
    """Remove fields that never leave the PC from ops sealed before the desktop stopped
    sending them (docs §2.1); the batch's sha256 was checked on the ops as sent."""
    for index, op in enumerate(env.ops):
        entity = op.get("entity")
        fields = NEVER_STORED.get(entity) if isinstance(entity, str) else None
        data = op.get("data")
        if fields and isinstance(data, dict) and any(f in data for f in fields):
            op["data"] = {k: v for k, v in data.items() if k not in fields}
            if env.data_json is not None:
                env.data_json[index] = None


def _apply_once(
    sessions: sessionmaker[Session],
    settings: Settings,
    device_id: str,
    env: Envelope,
    source: str,
) -> dict[str, Any]:
    with _engine(sessions).begin() as conn:
        lock_street(conn, env.street_code)
        driver = _Driver(conn)
        try:
            answer = _apply_locked(conn, driver, settings, device_id, env, source)
        finally:
            driver.close()
    return answer


def _apply_locked(
    conn: Connection,
    driver: _Driver,
    settings: Settings,
    device_id: str,
    env: Envelope,
    source: str,
) -> dict[str, Any]:
    found = driver.run(
        "SELECT d.street_code, d.revoked_at, w.watermark FROM devices d"
        " LEFT JOIN device_watermarks w ON w.device_id = d.id WHERE d.id = ?",
        (device_id,),
    ).fetchone()
    if found is None:
        raise ProtocolError(401, "unknown_device", "Unknown device")
    street, revoked_at, watermark = found
    if revoked_at is not None:
        raise ProtocolError(401, "device_revoked", "This device has been revoked; enrol again")
    if env.device_id != device_id:
        raise ProtocolError(403, "device_mismatch", "Batch device_id is not this device")
    if env.street_code != street:
        raise ProtocolError(403, "street_forbidden", f"This device may only write street {street}")
    now = utcnow()
    if watermark is None:
        watermark = 0
        conn.execute(
            insert(DeviceWatermark).values(device_id=device_id, watermark=0, updated_at=now)
        )
    earlier = driver.run(
        "SELECT device_id, sha256, first_seq, last_seq, results FROM batches WHERE batch_id = ?",
        (env.batch_id,),
    ).fetchone()
    if earlier is not None:
        earlier_device, earlier_sha, earlier_first, earlier_last, earlier_results = earlier
        same = (
            earlier_device == device_id
            and earlier_sha == env.sha256
            and (earlier_first, earlier_last) == (env.first_seq, env.last_seq)
        )
        if not same:
            raise ProtocolError(
                409, "batch_id_reused", "This batch_id was already used for other content"
            )
        return {
            "status": "duplicate",
            "batch_id": env.batch_id,
            "watermark": watermark,
            "results": _expand_results(env, _read_json(earlier_results)),
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
    writer = _Writer(driver, street, device_id)
    results = _apply_ops(conn, driver, settings, env, now, writer)
    writer.save()
    stamp = _stamp(conn, now)
    driver.run(
        "UPDATE device_watermarks SET watermark = ?, updated_at = ? WHERE device_id = ?",
        (env.last_seq, stamp, device_id),
    )
    driver.run(
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
    answer: dict[str, Any] = {
        "status": "applied",
        "batch_id": env.batch_id,
        "watermark": env.last_seq,
        "results": results,
    }
    audit_head = check_head(conn, device_id, env.street_code, env.batch_id, env.audit_head, now)
    if audit_head is not None:
        answer["audit_head"] = audit_head
    return answer


class _Writer:
    """Who writes this batch, and the street's change numbers it takes (protocol 2).

    The counter is read once under the street's write lock and saved once at the end, so
    change numbers follow commit order without gaps between batches.
    """

    def __init__(self, driver: _Driver, street: str, device_id: str) -> None:
        self.driver = driver
        self.street = street
        self.device_id = device_id
        row = driver.run(
            "SELECT change_seq FROM street_changes WHERE street_code = ?", (street,)
        ).fetchone()
        self.known = row is not None
        self.start = int(row[0]) if row is not None else 0
        self.used = 0

    def take(self, count: int) -> int:
        """Reserve ``count`` numbers; returns the first (the previous ones are given back on a
        retry of the write, so :meth:`reset` precedes any second attempt)."""
        first = self.start + self.used + 1
        self.used += count
        return first

    def reset(self) -> None:
        self.used = 0

    def save(self) -> None:
        if not self.used:
            return
        if self.known:
            self.driver.run(
                "UPDATE street_changes SET change_seq = ? WHERE street_code = ?",
                (self.start + self.used, self.street),
            )
        else:
            self.driver.run(
                "INSERT INTO street_changes (street_code, change_seq) VALUES (?, ?)",
                (self.street, self.start + self.used),
            )

    def claimed_elsewhere(self, ops: list[dict[str, Any]]) -> set[str]:
        """Polls of this batch's ballot/certificate ops that another device entered first;
        the polls nobody has claimed yet are claimed for this device now."""
        polls = {
            poll
            for op in ops
            if op.get("entity") in POLL_BOUND
            and isinstance(op.get("data"), dict)
            and isinstance(poll := op["data"].get("poll_id"), str)
        }
        if not polls:
            return set()
        wanted = sorted(polls)
        owners = dict(
            self.driver.run_in("SELECT poll_id, device_id FROM poll_claims WHERE poll_id", wanted)
        )
        new = [(poll, self.device_id) for poll in wanted if poll not in owners]
        if new:
            self.driver.run(
                "INSERT INTO poll_claims (poll_id, device_id) VALUES (?, ?)", new, many=True
            )
        return {poll for poll, owner in owners.items() if owner != self.device_id}


def _writer_name(op: dict[str, Any]) -> str | None:
    by = op.get("by")
    return by[:WRITER_NAME_MAX] if isinstance(by, str) and by else None


class _Driver:
    """Statements on the transaction's own DBAPI cursor, written with ``?`` placeholders.

    SQLAlchemy adds ~16 µs to each statement it runs and a batch runs about ten; this keeps
    its transaction (BEGIN IMMEDIATE, commit, rollback) and re-raises driver errors as
    SQLAlchemy's (OperationalError, IntegrityError, …), so the retry in apply_batch and the
    503 answer see what they always saw.
    """

    def __init__(self, conn: Connection) -> None:
        self.pg = conn.dialect.name == "postgresql"
        self.error: type[Exception] = conn.dialect.loaded_dbapi.Error
        self.cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def run(self, sql: str, params: Any, *, many: bool = False) -> Any:
        if self.pg:
            sql = sql.replace("?", "%s")
        try:
            if many:
                self.cursor.executemany(sql, params)
            else:
                self.cursor.execute(sql, params)
        except self.error as exc:
            raise DBAPIError.instance(sql, params, exc, self.error) from exc
        return self.cursor

    def run_in(self, head: str, values: list[str], params: tuple[Any, ...] = ()) -> list[Any]:
        """``head IN (values)`` (``params`` bind the ``?`` in ``head``); on PostgreSQL
        ``head = ANY(%s)`` with one array parameter (planning a 500-element IN list costs
        more than the lookups)."""
        if self.pg:
            return list(self.run(f"{head} = ANY(?)", (*params, values)).fetchall())
        marks = ", ".join("?" * len(values))
        return list(self.run(f"{head} IN ({marks})", (*params, *values)).fetchall())

    def close(self) -> None:
        self.cursor.close()


def _engine(sessions: sessionmaker[Session]) -> Engine:
    bind = sessions.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


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
    conn: Connection,
    driver: _Driver,
    settings: Settings,
    env: Envelope,
    now: datetime,
    writer: _Writer,
) -> list[dict[str, Any]]:
    """Decide every op (docs §5.4 order) and write the rows, the op log and the statuses.

    Per-op bookkeeping avoids container objects where it can (string keys, op indexes,
    rows streamed into executemany): besides being cheaper, fewer live containers mean fewer
    garbage-collector passes over a batch's 1,000 parsed dicts.
    """
    ops = env.ops
    schema_revs = settings.schema_revs
    batch_id = env.batch_id
    op_ids = [op["op_id"] for op in ops]
    # Claim every op_id in the op log first: the insert probes the primary key anyway, so a
    # separate lookup is needed only when it had to skip some. A skipped op_id was processed
    # before (its row has another batch_id: this batch_id is new) or repeats within this
    # batch (the first one keeps the row). Statuses other than "applied" are set afterwards.
    seqs = [op["seq"] for op in ops]
    if driver.pg:  # one statement instead of one per op
        claimed = driver.run(PG_CLAIM_OPS_SQL, (batch_id, op_ids, seqs)).rowcount
    else:
        claimed = driver.run(CLAIM_OPS_SQL, zip(op_ids, repeat(batch_id), seqs), many=True).rowcount
    seen: set[str] = set()
    if claimed != len(ops):
        seen = {
            row[0]
            for row in driver.run_in(
                "SELECT op_id FROM applied_ops WHERE batch_id <> ? AND op_id", op_ids, (batch_id,)
            )
        }
    entity_ids = [op.get("entity_id") for op in ops]
    entity_ids_ok = all_uuids(entity_ids)
    foreign_polls = writer.claimed_elsewhere(ops)
    # Rows are keyed "entity_id entity" (neither holds a space once checked); ``stored``: the
    # rows as the database has them. A batch of new rows only (no op_id seen or
    # repeated, every op a create, no entity_id twice): decide as if none of the rows
    # existed and let the primary key of entity_rows check that while inserting; if one did
    # exist, go back to the savepoint and decide again with the stored rows.
    if (
        claimed == len(ops)
        and entity_ids_ok
        and all(op.get("base_version") is None for op in ops)
        and len(set(entity_ids)) == len(ops)
    ):
        driver.run("SAVEPOINT new_rows", ())
        results, latest, log = _decide(
            env, schema_revs, set(), {}, entity_ids_ok, now, foreign_polls
        )
        try:
            _write_rows(conn, driver, env, {}, latest, now, writer)
            all_new = True
        except IntegrityError:  # a row of the batch is there already
            driver.run("ROLLBACK TO new_rows", ())
            writer.reset()
            all_new = False
        driver.run("RELEASE new_rows", ())
        if all_new:
            _write_statuses(driver, log)
            return results
    stored: dict[str, tuple[str, int, bool, Any, Any]] = {}
    # One probe of the primary key's leading column for the whole batch; rows of another
    # entity with the same id come back too and are not looked at.
    wanted = sorted({eid for eid in entity_ids if isinstance(eid, str)})
    if wanted:
        for entity, eid, street, version, deleted, updated_at, data in driver.run_in(
            "SELECT entity, entity_id, street_code, version, deleted, updated_at, data"
            " FROM entity_rows WHERE entity_id",
            wanted,
        ):
            stored[f"{eid} {entity}"] = (street, version, bool(deleted), updated_at, data)
    results, latest, log = _decide(
        env, schema_revs, seen, stored, entity_ids_ok, now, foreign_polls
    )
    _write_rows(conn, driver, env, stored, latest, now, writer)
    _write_statuses(driver, log)
    return results


def _decide(
    env: Envelope,
    schema_revs: frozenset[int],
    seen: set[str],
    stored: dict[str, tuple[str, int, bool, Any, Any]],
    entity_ids_ok: bool,
    now: datetime,
    foreign_polls: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[dict[str, Any]], dict[str, int], list[tuple[str, str, int, str]]]:
    """Every op's result, in batch order; ``latest``: row key → index of the op that last
    wrote it; the op log rows whose status is not "applied" (set after the claim)."""
    ops = env.ops
    street_code = env.street_code
    batch_id = env.batch_id
    latest: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    log: list[tuple[str, str, int, str]] = []
    for index, op in enumerate(ops):
        op_id = op["op_id"]
        if op_id in seen:
            entity, eid = op.get("entity"), op.get("entity_id")
            version = None
            if type(entity) is type(eid) is str:
                key = f"{eid} {entity}"
                last = latest.get(key)
                if last is not None:
                    version = ops[last]["version"]
                elif (row := stored.get(key)) is not None:
                    version = row[1]
            results.append(
                _result(op, "duplicate", message="Op already received", server_version=version)
            )
            continue
        seen.add(op_id)
        if passes_validation(op, street_code, schema_revs, entity_ids_ok):
            problem = None
        else:
            problem = validate_op(op, street_code, schema_revs)
        if problem is not None:
            status = "rejected"
            results.append(_result(op, status, *problem))
        else:
            key = f"{op['entity_id']} {op['entity']}"
            last = latest.get(key)
            if last is not None:
                current: tuple[str, int, bool, Any, Any] | None = _op_state(ops[last], now)
            else:
                current = stored.get(key)
            base = op["base_version"]
            if current is not None and current[0] != street_code:
                status = "rejected"
                results.append(
                    _result(op, status, "street_forbidden", "Row belongs to another street")
                )
            elif (
                foreign_polls
                and op["entity"] in POLL_BOUND
                and op["data"].get("poll_id") in foreign_polls
            ):
                status = "rejected"
                results.append(
                    _result(
                        op,
                        status,
                        "poll_claimed",
                        "Ballots of this poll are entered on another device",
                    )
                )
            elif (current[1] if current else None) != base:
                status = "conflict"
                results.append(
                    _result(
                        op,
                        status,
                        "version_conflict",
                        f"base_version {base} but the server has "
                        f"{current[1] if current else 'no row'}",
                        server_version=current[1] if current else None,
                        server_row=(
                            _server_row(op["entity"], op["entity_id"], current) if current else None
                        ),
                    )
                )
            else:
                status = "applied"
                latest[key] = index
                results.append(
                    {
                        "op_id": op_id,
                        "seq": op["seq"],
                        "status": status,
                        "code": None,
                        "message": None,
                        "server_version": op["version"],
                        "server_row": None,
                    }
                )
        if status != "applied":
            log.append((op_id, batch_id, op["seq"], status))
    return results, latest, log


def _write_rows(
    conn: Connection,
    driver: _Driver,
    env: Envelope,
    stored: dict[str, tuple[str, int, bool, Any, Any]],
    latest: dict[str, int],
    now: datetime,
    writer: _Writer,
) -> None:
    """Insert the rows this batch made, update the stored ones it changed; each written row
    takes the street's next change number, in the order of the ops that wrote them."""
    ops = env.ops
    street_code = env.street_code
    data_json = env.data_json
    stamp = _stamp(conn, now)
    device_id = writer.device_id
    first = writer.take(len(latest))
    change = {index: first + n for n, index in enumerate(sorted(latest.values()))}

    def new_rows() -> Iterator[tuple[Any, ...]]:
        for key, index in latest.items():
            if key not in stored:
                op = ops[index]
                encoded = data_json[index] if data_json else None
                yield (
                    op["entity"],
                    op["entity_id"],
                    street_code,
                    op["version"],
                    op["op"] == "delete",
                    stamp,
                    dumps_json(op["data"]) if encoded is None else encoded.decode(),
                    change[index],
                    device_id,
                    _writer_name(op),
                )

    if latest:  # the hot insert (of the rows that are new)
        driver.run(INSERT_ROWS_SQL, new_rows(), many=True)
    changed_rows = [
        {
            "k_entity": ops[index]["entity"],
            "k_entity_id": ops[index]["entity_id"],
            "k_street_code": street_code,
            "k_version": ops[index]["version"],
            "k_deleted": ops[index]["op"] == "delete",
            "k_updated_at": now,
            "k_data": ops[index]["data"],
            "k_change_seq": change[index],
            "k_writer_device": device_id,
            "k_writer_name": _writer_name(ops[index]),
        }
        for key, index in latest.items()
        if key in stored
    ]
    if changed_rows:
        conn.execute(ENTITY_UPDATE, changed_rows)


def _write_statuses(driver: _Driver, log: list[tuple[str, str, int, str]]) -> None:
    """The statuses other than "applied" of the op_ids claimed before."""
    if log:
        driver.run(SET_OP_STATUS_SQL, [(status, op_id) for op_id, _, _, status in log], many=True)


def _op_state(op: dict[str, Any], now: datetime) -> tuple[str, int, bool, Any, Any]:
    """The row as an op applied earlier in this batch left it."""
    return (op["data"]["street_code"], op["version"], op["op"] == "delete", now, op["data"])


INSERT_ROWS_SQL = (
    "INSERT INTO entity_rows (entity, entity_id, street_code, version, deleted, updated_at, data,"
    " change_seq, writer_device, writer_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
CLAIM_OPS_SQL = (
    "INSERT OR IGNORE INTO applied_ops (op_id, batch_id, seq, status) VALUES (?, ?, ?, 'applied')"
)
SET_OP_STATUS_SQL = "UPDATE applied_ops SET status = ? WHERE op_id = ?"
PG_CLAIM_OPS_SQL = (
    "INSERT INTO applied_ops (op_id, batch_id, seq, status)"
    " SELECT o.op_id, ?, o.seq, 'applied'"
    " FROM unnest(?::varchar[], ?::int[]) WITH ORDINALITY AS o(op_id, seq, n)"
    " ORDER BY o.n ON CONFLICT (op_id) DO NOTHING"
)


def _expand_results(env: Envelope, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full first answer: stored non-applied results, the rest applied at op version."""
    by_id = {r["op_id"]: r for r in stored}
    return [
        by_id.get(op["op_id"]) or _result(op, "applied", server_version=op["version"])
        for op in env.ops
    ]
