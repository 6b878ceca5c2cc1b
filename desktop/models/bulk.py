"""Fast writes of many synced rows, with the same outbox rows the flush hook would write.

An import of 50,000 rows through the ORM unit of work is several times slower than the file
read; Core ``executemany`` plus the outbox rows built here keeps it close (bench/excel_import.py).
The outbox row format is exactly :func:`desktop.models.outbox.row_data`'s.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from desktop.models.base import json_value, synced_keys, utcnow
from desktop.models.outbox import (
    ACTOR_KEY,
    SCHEMA_REV,
    STREET_CODE_KEY,
    UNNAMED_KEY,
    SyncOutbox,
    capturing,
)
from desktop.pinyin_order import key_for

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


def insert_synced(
    session: Session,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    *,
    also: Callable[[Connection, list[dict[str, Any]]], Callable[[], None]] | None = None,
) -> list[str]:
    """Insert ``rows`` (column → value) into a synced model's table; returns the new ids.

    ``also(connection, records)`` (records with their ids and defaults) prepares more
    writes derived from the new rows (the people search index: a service's record builder,
    e.g. ``partial(search.fresh_index_insert, entity="representative")``); the function it
    returns runs in the writer thread after the rows and their outbox rows."""
    if not rows:
        return []
    scalars, callables = _defaults(model)
    now = utcnow()
    street = session.info.get(STREET_CODE_KEY, "")
    table = model.__table__
    columns = [c.key for c in table.columns]
    # Columns every new row shares: converted (to SQL and to JSON) once, not per row.
    shared: dict[str, Any] = {
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }
    per_row = [c for c in columns if c not in shared]
    sorts_names = "name_sort" in columns
    name_key = key_for(model)
    name_keys: dict[str, str] = {}  # names recur (王伟强 …): each spelled out once
    # Ids as desktop.models.base.new_id makes them, with one random read for all rows; in
    # ascending order (monotonic within the millisecond, as RFC 9562 allows), so the primary
    # key and the outbox's entity_id index grow at their end instead of at random places.
    fresh_ids = sorted(_new_ids(len(rows))) if callables.pop("id", None) is not None else []
    full: list[dict[str, Any]] = []
    for position, row in enumerate(rows):
        record = dict(scalars)
        record.update(row)
        if fresh_ids and record.get("id") is None:
            record["id"] = fresh_ids[position]
        for key, fn in callables.items():
            if key not in shared and record.get(key) is None:
                record[key] = fn()
        if not record.get("street_code"):
            record["street_code"] = street
        if sorts_names and not record.get("name_sort"):
            # What the models' "set" listener on ``name`` gives an ORM object.
            name = record.get("name") or ""
            sort = name_keys.get(name)
            if sort is None:
                sort = name_keys[name] = name_key(name)
            record["name_sort"] = sort
        full.append(record)
    # The INSERTs run in order in a worker thread (SQLite releases the GIL) while this
    # thread converts the next chunk of rows, builds the outbox rows and the search index's.
    connection = session.connection()
    writer = _Writer()
    try:
        for start in range(0, len(full), CHUNK):
            writer.submit(
                _prepared_insert(connection, table, per_row, full[start : start + CHUNK], shared)
            )
        if capturing(session):
            synced = set(synced_keys(model))
            keys = [c for c in per_row if c in synced]
            outbox = SyncOutbox.__table__
            outbox_shared = {
                "op": "upsert",
                "version": 1,
                "base_version": None,
                "schema_rev": SCHEMA_REV,
                "tx_id": _tx_id(session),
                "created_at": utcnow(),
                # Who acted, as the flush hook writes it: known when the caller has named
                # the actor (audit.acting); else filled in before COMMIT by the outbox's
                # hook, an UPDATE that rewrites every one of these rows.
                "actor": str(session.info.get(ACTOR_KEY, ""))[:64],
            }
            if not outbox_shared["actor"]:
                session.info[UNNAMED_KEY] = True
            for start in range(0, len(full), CHUNK):
                ops = _outbox_ops(table, keys, full[start : start + CHUNK], shared)
                writer.submit(
                    _prepared_insert(
                        connection,
                        outbox,
                        ["op_id", "entity", "entity_id", "data"],
                        ops,
                        outbox_shared,
                    )
                )
        if also is not None:
            writer.submit(also(connection, full))
    finally:
        writer.join()
    return [str(r["id"]) for r in full]


def _uuid_text(value: int) -> str:
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _new_ids(count: int) -> list[str]:
    """``count`` UUIDv7 ids, bit for bit as :func:`desktop.models.base.new_id` builds them
    (48-bit ms timestamp, version 7, variant 10, random rest), from one os.urandom call."""
    ms = (time.time_ns() // 1_000_000) & ((1 << 48) - 1)
    head = (ms << 80) | (0x7 << 76) | (0b10 << 62)
    pool = os.urandom(10 * count)
    out = []
    for start in range(0, 10 * count, 10):
        rand = int.from_bytes(pool[start : start + 10], "big")
        value = head | (((rand >> 68) & 0xFFF) << 64) | (rand & ((1 << 62) - 1))
        out.append(_uuid_text(value))
    return out


def _uuid4s(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as uuid.uuid4() makes them, from one random read:
    the version nibble set to 4 and the variant bits to 10, written as hex text directly."""
    pool = os.urandom(16 * count).hex()
    variant = "89ab89ab89ab89ab"  # 10xx for each first hex digit of the clock_seq byte
    return [
        f"{pool[s : s + 8]}-{pool[s + 8 : s + 12]}-4{pool[s + 13 : s + 16]}-"
        f"{variant[int(pool[s + 16], 16)]}{pool[s + 17 : s + 20]}-{pool[s + 20 : s + 32]}"
        for s in range(0, 32 * count, 32)
    ]


def _tx_id(session: Session) -> str:
    tx_id = session.info.get("tx_id")
    if tx_id is None:
        tx_id = session.info["tx_id"] = str(uuid.uuid4())
    return str(tx_id)


def _outbox_ops(
    table: Any,
    per_row: Sequence[str],
    full: Sequence[dict[str, Any]],
    shared: dict[str, Any],
) -> list[tuple[str, str, str, str]]:
    """(op_id, entity, entity_id, data JSON) per new row: the flush hook's format, byte for
    byte. Pure Python: runs while the worker thread inserts rows (no database access).

    Built a column at a time: each column's values are encoded by one ``map`` over json's
    C string encoder (no Python call per value when the column holds only text), then each
    row's text is one ``str.join`` of the fixed pieces and its values (``str.format``
    parsed its template again for every row)."""
    entity = str(table.name)  # a plain str: sqlite3 looks up adapters on str subclasses
    op_ids = sorted(_uuid4s(len(full)))  # ascending: the unique index on op_id grows at its end
    keys = [k for k in per_row if k not in shared]
    layout = _json_layout(keys, {k: json_value(v) for k, v in shared.items()})
    ids = [str(record["id"]) for record in full]
    try:
        columns = [[record[k] for record in full] for k in keys]
    except KeyError:  # a row without some column: the general (slower) path
        ops = []
        for op_id, record, entity_id in zip(op_ids, full, ids, strict=True):
            data = {k: json_value(record[k]) for k in per_row if k in record}
            data.update({k: json_value(v) for k, v in shared.items()})
            ops.append((op_id, entity, entity_id, _dumps(data)))
        return ops
    texts = _json_objects(layout, [_json_column(column) for column in columns], len(full))
    return list(zip(op_ids, [entity] * len(full), ids, texts, strict=True))


def _json_column(values: list[Any]) -> list[str]:
    """:func:`_json_text` of each value; a column of plain strings (with or without None)
    in one ``map`` over the C encoder, a column of dates with each distinct date once."""
    classes = set(map(type, values))
    if classes == {str}:
        return list(map(_encode_string, values))
    if classes == {str, type(None)}:
        encode = _encode_string
        return ["null" if v is None else encode(v) for v in values]
    if classes <= {str, date, type(None)}:  # no two of these are equal across classes
        texts = {v: _json_text(v) for v in set(values)}
        return list(map(texts.__getitem__, values))
    return list(map(_json_text, values))


def _dumps(data: Any) -> str:
    """The flush hook's JSON text (desktop.models.outbox.data_text: canonical, no spaces)."""
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=json_value
    )


_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses
_int_text = int.__repr__


def _json_text(value: Any) -> str:
    """One value as :func:`_dumps` writes it inside the object."""
    cls = value.__class__
    if cls is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if cls is int:
        return _int_text(value)
    if cls is date:
        return '"' + str(value.isoformat()) + '"'
    return _dumps(json_value(value))


def _json_layout(keys: Sequence[str], constants: dict[str, Any]) -> tuple[list[str], list[int]]:
    """The object :func:`_dumps` writes for a row (keys in sorted order, the ``constants``
    written in), cut at the row's values: the text pieces around them and, for each value
    in between, its position in ``keys``."""
    position = {k: n for n, k in enumerate(keys)}
    pieces: list[str] = []
    order: list[int] = []
    current = "{"
    for n, key in enumerate(sorted([*keys, *constants])):
        current += ("" if n == 0 else ",") + _dumps(key) + ":"
        if key in position:
            pieces.append(current)
            order.append(position[key])
            current = ""
        else:
            current += _dumps(constants[key])
    pieces.append(current + "}")
    return pieces, order


def _json_objects(
    layout: tuple[list[str], list[int]], columns: Sequence[Sequence[str]], count: int
) -> list[str]:
    """The JSON text of ``count`` rows from their columns' value texts (:func:`_json_text`,
    ``columns`` in the order of the ``keys`` the layout was made for)."""
    pieces, order = layout
    if not order:
        return [pieces[0]] * count
    parts: list[Any] = []
    for piece, position in zip(pieces, order, strict=False):
        parts.append(repeat(piece))
        parts.append(columns[position])
    parts.append(repeat(pieces[-1]))
    return list(map("".join, zip(*parts, strict=False)))  # the repeats are endless


def executemany(
    session: Session,
    table: Any,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
    *,
    shared: dict[str, Any] | None = None,
) -> None:
    """INSERT ``rows`` with the DB-API's executemany on the session's connection, values
    converted by each column type's own bind processor (the same text SQLAlchemy stores).

    ``rows`` are mappings (missing keys are NULL) or tuples in ``columns`` order; ``shared``
    holds columns with the same value in every row (converted once)."""
    if rows:
        _prepared_insert(session.connection(), table, columns, rows, shared)()


def _prepared_insert(
    connection: Connection,
    table: Any,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
    shared: dict[str, Any] | None,
) -> Callable[[], None]:
    """Convert ``rows`` now; the returned function runs the INSERTs (only SQLite work, which
    releases the GIL, so it can run in a worker thread while Python builds the next rows)."""
    shared = shared or {}
    dialect = connection.dialect

    def processor(name: str) -> Callable[[Any], Any] | None:
        # The dialect's own type (SQLite's DATE/DATETIME turn values into text): the generic
        # type has no processor and would hand date objects to sqlite3's default adapters,
        # deprecated since Python 3.12 (the Windows build's) and not the ORM's text format.
        proc: Callable[[Any], Any] | None = (
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        )
        return proc

    shared_names = list(shared)
    shared_values = tuple(
        (proc(shared[name]) if (proc := processor(name)) is not None else shared[name])
        for name in shared_names
    )
    all_columns = list(columns) + shared_names
    names = ", ".join(f'"{name}"' for name in all_columns)
    marks = ", ".join("?" for _ in all_columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    converters: list[tuple[int, Callable[[Any], Any], dict[date, Any]]] = [
        (position, proc, {})
        for position, name in enumerate(columns)
        if (proc := processor(name)) is not None
    ]
    params: list[tuple[Any, ...]] = []
    append = params.append
    getter = itemgetter(*columns)
    single = len(columns) == 1
    for row in rows:
        if isinstance(row, dict):
            try:
                got = getter(row)
                values = [got] if single else list(got)
            except KeyError:
                values = [row.get(name) for name in columns]
        else:
            values = list(row)
        for position, proc, texts in converters:
            value = values[position]
            if value.__class__ is date:  # dates recur (任职日期, birth dates): each converted once
                text = texts.get(value)
                if text is None:
                    text = texts[value] = proc(value)
                values[position] = text
            else:
                values[position] = proc(value)
        append((*values, *shared_values))
    dbapi = connection.connection.dbapi_connection

    def run() -> None:
        cursor = dbapi.cursor()  # type: ignore[union-attr]
        try:
            for start in range(0, len(params), CHUNK):
                cursor.executemany(sql, params[start : start + CHUNK])
        finally:
            cursor.close()

    return run


class _Writer:
    """A worker thread running the submitted INSERT jobs one after another, in order. After
    a failure the remaining jobs are skipped; ``join()`` waits for the queue to drain and
    re-raises the failure. The caller must not touch the database connection until it has
    joined (SQLite work releases the GIL, so the caller's Python work runs meanwhile)."""

    def __init__(self) -> None:
        self._error: BaseException | None = None
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="yishi-bulk-insert", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is not None:
                continue
            try:
                job()
            except BaseException as exc:  # re-raised in the caller's thread by join()
                self._error = exc

    def join(self) -> None:
        self._jobs.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
