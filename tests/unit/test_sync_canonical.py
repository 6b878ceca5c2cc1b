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
