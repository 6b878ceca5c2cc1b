"""The hot path's batched checks agree with the per-op rules they stand in for."""

from __future__ import annotations

import copy
import hashlib
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityserver.apply import passes_validation, validate_op
from cityserver.protocol import (
    ProtocolError,
    all_uuids,
    canonical_ops,
    dumps_json,
    is_pos_int,
    is_uuid,
    loads,
    match_ops,
    parse_envelope,
)
from tests.cityserver.helpers import STREET, Device

UUIDS = st.uuids().map(str)
EDGE_VALUES = [0, -1, 1, 2, 2**31 - 1, 2**31, True, False, None, 1.0, "1", STREET]
EDGES = st.sampled_from(EDGE_VALUES)
ODD = st.one_of(
    EDGES,
    EDGES,
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**31 + 3),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    UUIDS.map(str.upper),
    UUIDS.map(lambda u: u + "\n"),
    UUIDS.map(lambda u: u[:-1]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(st.lists(st.one_of(UUIDS, ODD), min_size=1, max_size=6))
def test_all_uuids_is_every_value_a_uuid(values: list[Any]) -> None:
    assert all_uuids(values) == all(is_uuid(v) for v in values)


def _reference_ops_ok(ops: list[Any], first: int, last: int) -> bool:
    prev = first - 1
    for op in ops:
        if not isinstance(op, dict) or not is_uuid(op.get("op_id")):
            return False
        seq = op.get("seq")
        if not is_pos_int(seq) or seq <= prev or seq > last:
            return False
        prev = seq
    return True


def _header(ops: list[Any], first: int, last: int) -> dict[str, Any]:
    return {
        "protocol": 1,
        "device_id": str(uuid.uuid4()),
        "street_code": STREET,
        "batch_id": str(uuid.uuid4()),
        "first_seq": first,
        "last_seq": last,
        "count": len(ops),
        "sha256": "0" * 64,
    }


@st.composite
def op_lists(draw: st.DrawFn) -> tuple[list[Any], int, int]:
    """Mostly well-formed ops near the edges: seqs around first … last, a few odd values."""
    first = draw(st.integers(1, 4))
    last = first + draw(st.integers(0, 6))
    seqs = draw(st.lists(st.integers(first - 1, last + 1), min_size=1, max_size=5))
    if draw(st.booleans()):
        seqs = sorted(set(seqs))
    ops: list[Any] = [{"op_id": draw(UUIDS), "seq": seq} for seq in seqs]
    for _ in range(draw(st.integers(0, 2))):
        index = draw(st.integers(0, len(ops) - 1))
        where = draw(st.sampled_from(["op", "op_id", "seq"]))
        if where == "op":
            ops[index] = draw(ODD)
        elif isinstance(ops[index], dict):
            ops[index][where] = draw(ODD)
    return ops, first, last


@settings(max_examples=500)
@given(op_lists())
def test_envelope_op_checks_match_the_per_op_rules(case: tuple[list[Any], int, int]) -> None:
    ops, first, last = case
    try:
        parse_envelope(_header(ops, first, last), ops, max_ops=1000, check_sha=False)
        accepted = True
    except ProtocolError as exc:
        assert exc.code == "invalid_batch"
        accepted = False
    assert accepted == _reference_ops_ok(ops, first, last)


def _good_op(**fields: Any) -> dict[str, Any]:
    device = Device()
    return device.op(title="路灯不亮", n=1, **fields)


FIELDS = ["schema_rev", "entity", "entity_id", "op", "version", "base_version", "created_at"]


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(
            [*FIELDS, "data", "data.id", "data.version", "data.street_code", "version+", "id+"]
        ),
        ODD,
    ),
    max_size=3,
)


@settings(max_examples=400)
@given(CHANGES, st.lists(st.sampled_from([*FIELDS, "data"]), max_size=2), st.booleans())
def test_fast_validation_never_accepts_what_validate_op_rejects(
    changes: list[tuple[str, Any]], dropped: list[str], checked: bool
) -> None:
    op = _good_op()
    for field, value in changes:
        if field in ("version+", "id+"):  # the op field and its copy in data, alike
            op["version" if field == "version+" else "entity_id"] = value
            if isinstance(op.get("data"), dict):
                op["data"]["version" if field == "version+" else "id"] = value
        elif field.startswith("data."):
            if isinstance(op.get("data"), dict):
                op["data"][field[5:]] = value
        else:
            op[field] = value
    for field in dropped:
        op.pop(field, None)
    revs = frozenset({1})
    ids_checked = checked and is_uuid(op.get("entity_id"))
    if passes_validation(op, STREET, revs, ids_checked):
        assert validate_op(op, STREET, revs) is None
    if not changes and not dropped:
        assert passes_validation(op, STREET, revs, ids_checked)


@pytest.mark.parametrize("field", [*FIELDS, "data", "data.id", "data.version", "version+", "id+"])
def test_fast_validation_on_each_edge_value(field: str) -> None:
    for value in [*EDGE_VALUES, "", "x" * 40, [], {}, 1.5]:
        op = _good_op()
        if field in ("version+", "id+"):
            op["version" if field == "version+" else "entity_id"] = value
            op["data"]["version" if field == "version+" else "id"] = value
        elif field.startswith("data."):
            op["data"][field[5:]] = value
        else:
            op[field] = value
        for checked in (False, True):
            if passes_validation(op, STREET, frozenset({1}), checked and is_uuid(value)):
                assert validate_op(op, STREET, frozenset({1})) is None, (field, value)


def test_canonical_data_is_the_ops_own_bytes() -> None:
    ops = [_good_op(), _good_op(base_version=None, tags=["甲", {"z": 1, "a": [2.5, None]}])]
    ops.append({k: v for k, v in _good_op().items() if k != "data"})
    expected = canonical_ops(ops)
    before = copy.deepcopy(ops)
    matches, data_json = match_ops(ops, sha256_hex=hashlib.sha256(expected).hexdigest())
    assert matches and ops == before  # the ops are left as they were
    assert data_json is not None and data_json[2] is None
    for op, encoded in zip(ops[:2], data_json[:2], strict=True):
        assert encoded is not None and encoded in expected
        assert loads(encoded) == op["data"]
        assert len(encoded) == len(dumps_json(op["data"]).encode())


def test_data_json_is_left_out_when_orjson_cannot_encode() -> None:
    op = _good_op(big=2**70)  # beyond 64 bits: only the defining encoder handles it
    sha = hashlib.sha256(canonical_ops([op])).hexdigest()
    assert match_ops([op], sha256_hex=sha) == (True, None)


@pytest.mark.parametrize("bad", [{"op_id": "x", "seq": 1}, {"op_id": str(uuid.uuid4())}])
def test_first_bad_op_is_named(bad: dict[str, Any]) -> None:
    good = {"op_id": str(uuid.uuid4()), "seq": 1}
    ops = [good, bad]
    with pytest.raises(ProtocolError) as caught:
        parse_envelope(_header(ops, 1, 5), ops, max_ops=1000, check_sha=False)
    assert caught.value.message.startswith("ops[1].")


@settings(max_examples=300)
@given(st.datetimes(timezones=st.none()))
def test_a_stored_time_is_sent_as_isoformat_writes_it(when: Any) -> None:
    """The pull rewrites SQLite's stored time as text; it is datetime.isoformat's form."""
    from cityserver.pull import _time

    stored = when.isoformat(sep=" ", timespec="microseconds")  # as SQLAlchemy stores it
    assert _time(stored) == when.isoformat() + "+00:00"
