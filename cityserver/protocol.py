"""Wire rules shared by the HTTP push and the batch file: canonical form, limits, envelope.

Everything here is pure (no database); see docs/sync-protocol.md §4–§6.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from itertools import islice, repeat
from operator import lt
from typing import Any, TypeGuard

import orjson

from cityserver import BATCH_PROTOCOL as PROTOCOL_VERSION

STREET_CODE_RE = re.compile(r"^[0-9]{12}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class ProtocolError(Exception):
    """A request the server refuses as a whole: HTTP ``status`` with ``{"error", "message"}``."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


def canonical_op(op: dict[str, Any]) -> bytes:
    """The definition (docs §4): Python's json with sorted keys, no spaces, UTF-8."""
    return json.dumps(op, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_ops(ops: list[dict[str, Any]]) -> bytes:
    """The bytes whose sha256 a batch carries: canonical ops joined by ``\\n`` (no final one)."""
    try:
        return b"\n".join(canonical_op(op) for op in ops)
    except UnicodeEncodeError as exc:
        raise ProtocolError(400, "invalid_json", "Body contains unencodable text") from exc
    except RecursionError as exc:
        raise ProtocolError(400, "invalid_json", "Body is nested too deeply") from exc


def _fast_canonical_ops(ops: list[dict[str, Any]]) -> tuple[bytes, list[bytes | None]] | None:
    """The same bytes from orjson (≈10× faster), and each op's ``data`` as the canonical op
    holds it (sorted keys; stored as is, so it is encoded once); None where orjson cannot
    encode a value."""
    dumps, sort, fragment = orjson.dumps, orjson.OPT_SORT_KEYS, orjson.Fragment
    lines: list[bytes] = []
    datas: list[bytes | None] = []
    try:
        for op in ops:
            if "data" not in op:
                lines.append(dumps(op, option=sort))
                datas.append(None)
                continue
            data = op["data"]
            encoded = dumps(data, option=sort)
            op["data"] = fragment(encoded)  # the same bytes, spliced in verbatim
            try:
                lines.append(dumps(op, option=sort))
            finally:
                op["data"] = data
            datas.append(encoded)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return b"\n".join(lines), datas


def match_ops(
    ops: list[dict[str, Any]], sha256_hex: str | None = None, text: bytes | None = None
) -> tuple[bool, list[bytes | None] | None]:
    """Do the canonical ops hash to ``sha256_hex`` (or equal ``text``)? With the answer, each
    op's ``data`` in canonical JSON when the fast encoder made it (else None).

    Tries the fast encoder first and falls back to the defining one, so the answer is the
    defining one's whenever the two could differ.
    """

    def same(data: bytes) -> bool:
        if text is not None:
            return data == text
        return hashlib.sha256(data).hexdigest() == sha256_hex

    fast = _fast_canonical_ops(ops)
    if fast is not None and same(fast[0]):
        return True, fast[1]
    return same(canonical_ops(ops)), None


def ops_match(
    ops: list[dict[str, Any]], sha256_hex: str | None = None, text: bytes | None = None
) -> bool:
    """Do the canonical ops hash to ``sha256_hex`` (or equal ``text``)? See :func:`match_ops`."""
    return match_ops(ops, sha256_hex, text)[0]


def ops_sha256(ops: list[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical_ops(ops)).hexdigest()


def dumps_json(value: Any) -> str:
    """JSON for the database's JSON columns (orjson, falling back to json for huge ints)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False)


def is_uuid(value: object) -> TypeGuard[str]:
    """A canonical UUID string: 36 characters, lowercase hex, hyphenated."""
    return isinstance(value, str) and UUID_RE.fullmatch(value) is not None


_UUID_LINES_RE = re.compile(rf"(?:{UUID_RE.pattern}\n)*{UUID_RE.pattern}")


def all_uuids(values: list[Any]) -> bool:
    """``all(is_uuid(v) for v in values)`` for a non-empty list, in one regex pass.

    The values are joined with newlines (which no UUID contains); a full match of exactly
    ``len(values)`` UUIDs (length 37·n − 1) means every value is one UUID.
    """
    try:
        joined = "\n".join(values)
    except TypeError:  # a value that is not a str
        return False
    return len(joined) == 37 * len(values) - 1 and _UUID_LINES_RE.fullmatch(joined) is not None


MAX_INT = 2**31 - 1  # seq, version, count, schema_rev: stored as 32-bit integers


def is_pos_int(value: object) -> TypeGuard[int]:
    """An integer 1 … MAX_INT (JSON booleans are not integers)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_INT


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Inflate one gzip member, refusing more than ``limit`` output bytes (413)."""
    if data[:2] != b"\x1f\x8b":
        raise ProtocolError(400, "invalid_gzip", "Body is not gzip data")
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ProtocolError(400, "invalid_gzip", f"Body is not valid gzip: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise ProtocolError(
            413, "body_too_large", f"Decompressed body exceeds the limit of {limit} bytes"
        )
    if not inflater.eof:
        raise ProtocolError(400, "invalid_gzip", "Gzip data is truncated")
    if inflater.unused_data:
        raise ProtocolError(400, "invalid_gzip", "Unexpected data after the gzip stream")
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def fast_loads(data: bytes) -> Any:
    """orjson's parse (≈2× faster). Integers beyond 64 bits come back as floats, so callers
    re-parse with :func:`loads` when the canonical hash does not match (see receive_batch)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return loads(data)  # the defining parser's verdict and message


def loads(data: bytes, what: str = "Body") -> Any:
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(400, "invalid_json", f"{what} is not valid UTF-8 JSON: {exc}") from exc


@dataclass(frozen=True)
class Envelope:
    device_id: str
    street_code: str
    batch_id: str
    first_seq: int
    last_seq: int
    count: int
    sha256: str
    ops: list[dict[str, Any]]
    # Each op's ``data`` as canonical JSON (as the sha256 check encoded it), when known.
    data_json: list[bytes | None] | None = None
    # The device's audit chain head when the batch was sealed (docs §5.1), if it sent one.
    audit_head: dict[str, Any] | None = None


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, "invalid_batch", message)


def _ops_fine(ops: list[Any], first: int, last: int) -> bool:
    """The per-op rules of parse_envelope, column by column (the common case, fast): every
    op an object with a UUID ``op_id`` and an integer ``seq``, the seqs increasing within
    ``first … last``. False only means "let the per-op loop decide"."""
    if not all(map(isinstance, ops, repeat(dict))):
        return False
    seqs = [op.get("seq") for op in ops]
    return (
        all_uuids([op.get("op_id") for op in ops])
        and set(map(type, seqs)) == {int}  # JSON integers are exactly int; booleans are not
        and first <= seqs[0]
        and seqs[-1] <= last  # last <= MAX_INT
        and all(map(lt, seqs, islice(seqs, 1, None)))
    )


def _audit_head_fine(head: Any) -> bool:
    if not isinstance(head, dict) or set(head) != {"seq", "hash", "prev_seq", "prev_hash"}:
        return False
    prev_seq, prev_hash = head["prev_seq"], head["prev_hash"]
    return (
        is_int(head["seq"])
        and 0 <= head["seq"] <= MAX_INT
        and isinstance(head["hash"], str)
        and bool(SHA256_RE.match(head["hash"]))
        and (prev_seq is None or (is_int(prev_seq) and 0 <= prev_seq <= MAX_INT))
        and isinstance(prev_hash, str)
        and (prev_hash == "" or bool(SHA256_RE.match(prev_hash)))
    )


def parse_envelope(header: Any, ops: Any, *, max_ops: int, check_sha: bool = True) -> Envelope:
    """Check the batch header fields and the ops' ``op_id``/``seq`` (docs §5.3, steps 6–8)."""
    if not isinstance(header, dict):
        raise _bad("Batch must be a JSON object")
    if header.get("protocol") != PROTOCOL_VERSION or not is_int(header.get("protocol")):
        raise ProtocolError(
            400, "unsupported_protocol", f"Only protocol {PROTOCOL_VERSION} is supported"
        )
    for key in ("device_id", "batch_id"):
        if not is_uuid(header.get(key)):
            raise _bad(f"'{key}' must be a canonical lowercase UUID string")
    street = header.get("street_code")
    if not isinstance(street, str) or not STREET_CODE_RE.match(street):
        raise _bad("'street_code' must be a 12-digit string")
    for key in ("first_seq", "last_seq", "count"):
        if not is_pos_int(header.get(key)):
            raise _bad(f"'{key}' must be an integer from 1 to {MAX_INT}")
    first, last, count = header["first_seq"], header["last_seq"], header["count"]
    if first > last:
        raise _bad("'first_seq' must not exceed 'last_seq'")
    sha = header.get("sha256")
    if not isinstance(sha, str) or not SHA256_RE.match(sha):
        raise _bad("'sha256' must be 64 lowercase hex digits")
    if not isinstance(ops, list) or not ops:
        raise _bad("'ops' must be a non-empty array")
    if count != len(ops):
        raise _bad(f"'count' is {count} but the batch holds {len(ops)} ops")
    if count > max_ops:
        raise _bad(f"A batch may hold at most {max_ops} ops")
    if not _ops_fine(ops, first, last):
        # Something is wrong (or unusual): the per-op rules decide, and name the first bad op.
        prev = first - 1
        for index, op in enumerate(ops):
            if not isinstance(op, dict):
                raise _bad(f"ops[{index}] must be an object")
            if not is_uuid(op.get("op_id")):
                raise _bad(f"ops[{index}].op_id must be a canonical lowercase UUID string")
            seq = op.get("seq")
            if not is_pos_int(seq) or seq <= prev or seq > last:
                raise _bad(
                    f"ops[{index}].seq must be an integer, increasing, within first_seq..last_seq"
                )
            prev = seq
    audit_head = header.get("audit_head")
    if audit_head is not None and not _audit_head_fine(audit_head):
        raise _bad(
            "'audit_head' must be {seq, hash, prev_seq, prev_hash}: seq an integer, hash 64 hex"
            " digits, prev_seq an integer or null, prev_hash 64 hex digits or empty"
        )
    data_json = None
    if check_sha:
        matches, data_json = match_ops(ops, sha256_hex=sha)
        if not matches:
            raise ProtocolError(400, "sha256_mismatch", "sha256 does not match the canonical ops")
    return Envelope(
        device_id=header["device_id"],
        street_code=street,
        batch_id=header["batch_id"],
        first_seq=first,
        last_seq=last,
        count=count,
        sha256=sha,
        ops=ops,
        data_json=data_json,
        audit_head=audit_head,
    )
