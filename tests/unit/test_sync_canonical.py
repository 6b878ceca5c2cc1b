"""The fast canonical form of an op (orjson) is exactly the defining one (docs §4)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.sync.seal import canonical

scalar = st.one_of(st.text(), st.integers(-(2**70), 2**70), st.booleans(), st.none())
value = st.one_of(scalar, st.floats(allow_nan=False), st.lists(scalar, max_size=3))


def defining(op: dict[str, Any]) -> str:
    return json.dumps(op, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=500)
@given(st.dictionaries(st.text(), scalar), st.dictionaries(st.text(), value))
def test_canonical_equals_pythons_json(top: dict[str, Any], data: dict[str, Any]) -> None:
    op = {**top, "data": data}
    assert canonical(op) == defining(op)


@settings(max_examples=300)
@given(st.dictionaries(st.text(), value))
def test_stored_rows_read_back_exactly(data: dict[str, Any]) -> None:
    from desktop.sync.seal import _loads

    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    assert defining(_loads(text)) == defining(json.loads(text))


@settings(max_examples=300)
@given(
    st.dictionaries(st.text(), value),
    st.integers(1, 2**40),
    st.one_of(st.none(), st.integers(1, 2**31 - 1)),
    st.datetimes(timezones=st.none()),
    st.text(max_size=64),
)
def test_an_outbox_row_seals_to_the_defining_bytes(
    data: dict[str, Any], seq: int, base: int | None, when: Any, actor: str
) -> None:
    """Sealing reads outbox rows straight from the driver and writes each op's bytes in one
    go; they are the bytes of the defining form of op_json's op, whatever the row holds."""
    from datetime import UTC
    from types import SimpleNamespace

    from desktop.sync.seal import op_json, row_canonical

    stored = json.dumps(data, ensure_ascii=False, sort_keys=True)
    fields = {
        "seq": seq,
        "op_id": "6f1c1f4e-0000-4000-8000-000000000001",
        "entity": "community",
        "entity_id": "6f1c1f4e-0000-4000-8000-000000000002",
        "op": "upsert",
        "version": 3,
        "base_version": base,
        "data": stored,
        "schema_rev": 2,
        "tx_id": "tx",
    }
    row = (*fields.values(), when.isoformat(sep=" ", timespec="microseconds"), actor)
    expected = op_json(SimpleNamespace(**fields, created_at=when.replace(tzinfo=UTC), actor=actor))
    assert row_canonical(row) == defining(expected).encode("utf-8")


@settings(max_examples=300)
@given(
    st.dictionaries(st.text(), value),
    st.integers(1, 2**40),
    st.one_of(st.none(), st.integers(1, 2**31 - 1)),
    st.datetimes(timezones=st.none()),
    st.text(max_size=64),
)
def test_a_row_stored_in_canonical_form_seals_to_the_defining_bytes(
    data: dict[str, Any], seq: int, base: int | None, when: Any, actor: str
) -> None:
    """What capture stores now (``data_text``) is written into the op as it is: the bytes are
    still exactly those of the defining form of op_json's op."""
    from datetime import UTC
    from types import SimpleNamespace

    from desktop.models.outbox import data_text
    from desktop.sync.seal import op_json, row_canonical, stored_canonical

    stored = data_text(data)
    assert stored_canonical(stored)
    assert stored == json.dumps(json.loads(stored), **CANONICAL)  # a fixed point
    fields = {
        "seq": seq,
        "op_id": "6f1c1f4e-0000-4000-8000-000000000001",
        "entity": "community",
        "entity_id": "6f1c1f4e-0000-4000-8000-000000000002",
        "op": "upsert",
        "version": 3,
        "base_version": base,
        "data": stored,
        "schema_rev": 2,
        "tx_id": "tx",
    }
    row = (*fields.values(), when.isoformat(sep=" ", timespec="microseconds"), actor)
    expected = op_json(SimpleNamespace(**fields, created_at=when.replace(tzinfo=UTC), actor=actor))
    assert row_canonical(row) == defining(expected).encode("utf-8")


CANONICAL: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}


@settings(max_examples=300)
@given(st.dictionaries(st.text(), value, min_size=1))
def test_rows_stored_before_are_told_apart(data: dict[str, Any]) -> None:
    """A row stored in the older form (``{"key": value}``) is never taken as canonical: it is
    parsed and encoded again."""
    from desktop.sync.seal import stored_canonical

    assert not stored_canonical(json.dumps(data, ensure_ascii=False, sort_keys=True))


def test_capture_stores_the_canonical_form(db: Any) -> None:
    from sqlalchemy import select

    from desktop.models.outbox import SyncOutbox
    from desktop.models.roster import Community
    from desktop.sync.seal import stored_canonical

    with db.transaction() as s:
        s.add(Community(name="解放碑社区", code="", notes='引号"与\\反斜杠'))
    with db.session() as s:
        stored = list(s.scalars(select(SyncOutbox.data)))
    assert stored
    for text in stored:
        assert stored_canonical(text)
        assert text == json.dumps(json.loads(text), **CANONICAL)
