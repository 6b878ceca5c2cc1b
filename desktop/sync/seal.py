"""Seal outbox rows into signed batches (DESIGN.md §7, docs/sync-protocol.md).

A batch holds whole local transactions, at most ``MAX_OPS`` ops and ``MAX_BYTES`` of
canonical op JSON; one transaction bigger than that travels alone (split only above the
server's hard per-batch limit, which no single transaction of the app reaches in practice).
The gzip body and its Ed25519 signature are stored in ``sync_batch``, so every retry and
every USB export carries exactly the same bytes.

Batches of one device cover consecutive seq ranges: ``first_seq`` is one past the previous
batch's ``last_seq`` (seq values inside a batch may have holes — ops dropped by "take the
server's" before sealing), which is what lets the server check continuity.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.models.base import utcnow
from desktop.models.outbox import SyncOutbox
from desktop.models.sync import SyncBatch, SyncState
from desktop.services.audit_anchors import GENESIS, sent_head
from desktop.sync import PROTOCOL_VERSION
from desktop.sync.state import get_state, lock_for_write, sign_b64

MAX_OPS = 500
MAX_BYTES = 1_000_000
#: The server's default ``max_ops_per_batch``: only a transaction larger than this is split.
HARD_MAX_OPS = 1000
#: How many batches one ``seal_pending`` call seals at most (keeps one transaction short).
BATCHES_PER_CALL = 40


@dataclass(frozen=True)
class Sealed:
    batch_id: str
    first_seq: int
    last_seq: int
    count: int
    body_bytes: int


_PLAIN = (str, int, bool, type(None))


def canonical(op: dict[str, Any]) -> str:
    """The op's canonical JSON (docs/sync-protocol.md §4: Python's json, sorted keys, no
    spaces, UTF-8). orjson writes the same text for strings, integers within 64 bits,
    booleans and null, about ten times faster; an op whose row holds anything else (a float,
    a nested value, a huge integer) goes through the defining encoder."""
    data = op.get("data")
    if isinstance(data, dict) and all(type(v) in _PLAIN for v in data.values()):
        try:
            return orjson.dumps(op, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(op, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def ops_sha256(canonical_ops: list[str]) -> str:
    return hashlib.sha256("\n".join(canonical_ops).encode("utf-8")).hexdigest()


#: Level 1: a batch of ops is compact JSON already; level 6 made it about 12 % smaller at
#: about twice the time, on every push.
GZIP_LEVEL = 1


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _loads(text: str) -> Any:
    """A stored row: orjson where it reads exactly what json would (plain values: strings,
    integers, booleans, null); anything else — a float, which may also be an integer beyond
    64 bits that orjson turned into one, or a nested value — by the defining parser."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
    if isinstance(data, dict) and all(type(v) in _PLAIN for v in data.values()):
        return data
    return json.loads(text)


def op_json(row: Any) -> dict[str, Any]:
    created = row.created_at
    op = {
        "op_id": row.op_id,
        "seq": row.seq,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "op": row.op,
        "version": row.version,
        "base_version": row.base_version,
        "data": _loads(row.data),
        "schema_rev": row.schema_rev,
        "created_at": created.isoformat(timespec="microseconds"),
    }
    actor = getattr(row, "actor", "")
    if actor:  # protocol 2: who made the change (docs/sync-protocol.md §2)
        op["by"] = actor
    return op


_PLAIN_TYPES = frozenset(_PLAIN)


def _created_text(value: Any) -> str:
    """``created_at`` as op_json writes it (an aware UTC time in ISO form, microseconds),
    from what SQLite returns (``YYYY-MM-DD HH:MM:SS.ffffff``, naive UTC)."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
        return f"{value[:10]}T{value[11:]}+00:00"
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="microseconds")


#: json's own reader of one JSON string (``(text, end)``; C), which typeshed does not list.
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def stored_canonical(data: str) -> bool:
    """Whether a stored ``sync_outbox.data`` is in the canonical form (written by
    ``desktop.models.outbox.data_text``: ``{"key":value,...}``), not the older
    ``{"key": value, ...}``: after the first key (read as JSON) comes a ``:`` and no space."""
    if data == "{}":
        return True
    if not data.startswith('{"'):
        return False
    try:
        end = scanstring(data, 2)[1]
    except ValueError:
        return False
    return data[end : end + 1] == ":" and data[end + 1 : end + 2] not in (" ", "")


def row_canonical(row: Sequence[Any]) -> bytes:
    """The canonical JSON bytes of one outbox row's op, straight from the DBAPI row
    ``(seq, op_id, entity, entity_id, op, version, base_version, data, schema_rev, tx_id,
    created_at[, actor])``: the same bytes as ``canonical(op_json(row))`` (a property test
    checks it). A row whose ``data`` is stored in canonical form already (everything captured
    now) has it written into the op as it is, with one orjson write of the op around it; an
    older row is parsed and re-encoded (orjson where the row holds only plain values, the
    defining encoder otherwise)."""
    seq, op_id, entity, entity_id, kind, version, base, data, rev, _tx, created = row[:11]
    actor = row[11] if len(row) > 11 else ""
    if type(data) is str and stored_canonical(data):
        op: dict[str, Any] = {
            "op_id": op_id,
            "seq": seq,
            "entity": entity,
            "entity_id": entity_id,
            "op": kind,
            "version": version,
            "base_version": base,
            "data": orjson.Fragment(data),
            "schema_rev": rev,
            "created_at": _created_text(created),
        }
        if actor:
            op["by"] = actor
        try:
            return orjson.dumps(op, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):
            pass  # e.g. an integer beyond 64 bits, a lone surrogate: the general path
    try:
        parsed: Any = orjson.loads(data)
    except orjson.JSONDecodeError:
        parsed = None
    plain = type(parsed) is dict and _PLAIN_TYPES.issuperset(map(type, parsed.values()))
    op = {
        "op_id": op_id,
        "seq": seq,
        "entity": entity,
        "entity_id": entity_id,
        "op": kind,
        "version": version,
        "base_version": base,
        "data": parsed if plain else json.loads(data),
        "schema_rev": rev,
        "created_at": _created_text(created),
    }
    if actor:
        op["by"] = actor
    if plain:
        try:
            return orjson.dumps(op, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(op, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def audit_head(session: Session, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The audit chain head now, linked to the head the previous batch carried (docs §6.4).

    ``prev_hash`` is the hash that previous head's row has *now* ("" when the row is gone), so
    the server, which kept that head, sees a log that was cut or rewritten in between. Plain
    SQL: this also runs on the old schema, right before a migration.

    ``previous``: the head the batch sealed just before in the same transaction carries;
    sealing writes no audit row, so the chain head is the same and so is its link.
    """
    if previous is not None:
        seq, digest = int(previous["seq"]), str(previous["hash"])
        return {"seq": seq, "hash": digest, "prev_seq": seq, "prev_hash": digest}
    row = session.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    seq, digest = (int(row[0]), str(row[1])) if row is not None else (0, GENESIS)
    prev_seq: int | None = None
    prev_hash = ""
    last_body = session.scalar(
        select(SyncBatch.body).order_by(SyncBatch.first_seq.desc(), SyncBatch.sealed_at.desc())
    )
    before = sent_head(last_body) if last_body is not None else None
    if before is not None:
        prev_seq = before.seq
        if prev_seq == 0:
            prev_hash = GENESIS
        else:
            found = session.execute(
                text("SELECT hash FROM audit_log WHERE id = :id"), {"id": prev_seq}
            ).scalar()
            prev_hash = str(found or "")
    return {"seq": seq, "hash": digest, "prev_seq": prev_seq, "prev_hash": prev_hash}


def header(
    state: SyncState,
    batch_id: str,
    first_seq: int,
    last_seq: int,
    count: int,
    sha: str,
    head: dict[str, Any] | None = None,
) -> dict[str, Any]:
    extra = {} if head is None else {"audit_head": head}
    return {
        **extra,
        "protocol": PROTOCOL_VERSION,
        "device_id": state.device_id,
        "street_code": state.street_code,
        "batch_id": batch_id,
        "first_seq": first_seq,
        "last_seq": last_seq,
        "count": count,
        "sha256": sha,
    }


def build_body(head: dict[str, Any], canonical_ops: Sequence[str | bytes]) -> bytes:
    """The batch JSON ``{...header, "ops": [...]}``, gzip-compressed (deterministic bytes)."""
    text = json.dumps(head, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    ops = [t.encode("utf-8") if isinstance(t, str) else t for t in canonical_ops]
    return gzip_bytes(text[:-1].encode("utf-8") + b',"ops":[' + b",".join(ops) + b"]}")


def _actor_column(session: Session) -> list[Any]:
    """``sync_outbox.actor`` where the schema has it (sealing also runs on the old schema,
    just before an upgrade: desktop/sync/schema.py)."""
    from sqlalchemy import inspect

    names = {c["name"] for c in inspect(session.connection()).get_columns("sync_outbox")}
    return [SyncOutbox.actor] if "actor" in names else []


_COLUMNS = (
    "seq, op_id, entity, entity_id, op, version, base_version, data, schema_rev, tx_id, created_at"
)


def _transactions(session: Session, limit: int) -> Iterator[list[Sequence[Any]]]:
    """Unsealed outbox rows in seq order, grouped by local transaction (contiguous tx_id), as
    plain DBAPI rows (``row_canonical``'s order). A transaction cut by ``limit`` is left for
    the next call, unless it is the only one read: then it is read to its end (it goes alone,
    split only above the hard limit, whatever ``limit`` the caller sealing asked for)."""
    actor = ", actor" if _actor_column(session) else ""
    query = (
        f"SELECT {_COLUMNS}{actor} FROM sync_outbox WHERE batch_id IS NULL AND seq > ?"
        " ORDER BY seq LIMIT ?"
    )
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        rows = cursor.execute(query, (-1, limit)).fetchall()
        if len(rows) == limit and rows[0][9] == rows[-1][9]:  # one transaction, maybe cut
            while True:
                more = cursor.execute(query, (rows[-1][0], limit)).fetchall()
                same = [r for r in more if r[9] == rows[0][9]]
                rows.extend(same)
                if len(same) < len(more) or len(more) < limit:
                    break
            rows = [r for r in rows if r[9] == rows[0][9]]
            limit = len(rows) + 1  # complete: yielded below
    finally:
        cursor.close()
    group: list[Sequence[Any]] = []
    for row in rows:
        if group and row[9] != group[-1][9]:
            yield group
            group = []
        group.append(row)
    if (group and len(rows) < limit) or (
        group and len(group) == len(rows)
    ):  # the last group may be cut by the limit: wait for it
        yield group


def pending_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(SyncOutbox).where(SyncOutbox.batch_id.is_(None))
        )
        or 0
    )


def seal_pending(
    session: Session,
    *,
    max_ops: int = MAX_OPS,
    max_bytes: int = MAX_BYTES,
    hard_max_ops: int = HARD_MAX_OPS,
    max_batches: int = BATCHES_PER_CALL,
) -> list[Sealed]:
    """Seal up to ``max_batches`` batches from unsealed outbox rows, in the caller's transaction.

    Does nothing until the installation is enrolled (the batch names the device and is signed
    with its key). Call repeatedly until it returns an empty list to seal everything.
    """
    lock_for_write(session)
    state = get_state(session)
    if not state.device_id or not state.private_key or state.needs_enrolment:
        return []
    sealed: list[Sealed] = []
    current: list[tuple[int, bytes]] = []
    size = 0
    head: dict[str, Any] | None = None

    def flush_batch() -> None:
        nonlocal current, size, head
        if not current:
            return
        head = audit_head(session, head)
        sealed.append(_store(session, state, current, head))
        current, size = [], 0

    # A transaction cut by the window is read to its end when it is the only one
    # (_transactions), so the window need only cover max_batches full batches.
    window = max_batches * max_ops + 1
    for group in _transactions(session, window):
        if current and len(current) + len(group) > max_ops:
            flush_batch()  # (decided before the group is encoded: it may not be sealed now)
            if len(sealed) >= max_batches:
                break
        items = [(int(row[0]), row_canonical(row)) for row in group]
        group_bytes = sum(len(b) for _, b in items)
        if current and size + group_bytes > max_bytes:
            flush_batch()
        if len(sealed) >= max_batches:
            break
        if len(items) > hard_max_ops:  # a huge transaction: must be split to be accepted at all
            flush_batch()
            for start in range(0, len(items), hard_max_ops):
                current = items[start : start + hard_max_ops]
                flush_batch()
            continue
        current.extend(items)
        size += group_bytes
    if len(sealed) < max_batches:
        flush_batch()
    return sealed


def _store(
    session: Session, state: SyncState, items: list[tuple[int, bytes]], head: dict[str, Any]
) -> Sealed:
    texts = [text for _, text in items]
    batch_id = str(uuid.uuid4())
    first_seq = state.sealed_through + 1
    last_seq = items[-1][0]
    if items[0][0] < first_seq:  # only after a reset; never let the range shrink
        first_seq = items[0][0]
    sha = hashlib.sha256(b"\n".join(texts)).hexdigest()
    body = build_body(header(state, batch_id, first_seq, last_seq, len(items), sha, head), texts)
    session.execute(
        insert(SyncBatch).values(
            batch_id=batch_id,
            device_id=state.device_id,
            first_seq=first_seq,
            last_seq=last_seq,
            count=len(items),
            sha256=sha,
            body=body,
            signature=sign_b64(state.private_key, body),
            state="sealed",
            sealed_at=utcnow(),
            attempts=0,
            ack_source="",
            applied=0,
            duplicates=0,
            conflicts=0,
            rejected=0,
            results="",
            error="",
        )
    )
    session.execute(
        update(SyncOutbox)
        .where(SyncOutbox.seq >= items[0][0], SyncOutbox.seq <= last_seq)
        .where(SyncOutbox.batch_id.is_(None))
        .values(batch_id=batch_id)
        .execution_options(synchronize_session=False)
    )
    state.sealed_through = last_seq
    return Sealed(batch_id, first_seq, last_seq, len(items), len(body))


def unseal_unacknowledged(session: Session) -> int:
    """Drop sealed-but-unacknowledged batches (their ops return to the outbox).

    Used when the installation enrols again as a new device: the old batches name the old
    device and are signed with its key. The ops keep their op_id, so anything the server did
    receive is recognised as a duplicate.
    """
    batches = list(session.scalars(select(SyncBatch).where(SyncBatch.state != "acked")))
    ids = [b.batch_id for b in batches]
    if ids:
        session.execute(
            update(SyncOutbox).where(SyncOutbox.batch_id.in_(ids)).values(batch_id=None)
        )
        for batch in batches:
            session.delete(batch)
    session.flush()
    return len(ids)
