"""docs/sync-protocol.md must stay exact: its example hash and every error code it lists."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from cityserver.entities import ENTITIES
from cityserver.protocol import canonical_ops

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")


def test_worked_example_hash_matches_the_server() -> None:
    block = re.search(r"```jsonl\n(.*?)\n```", DOC, re.S)
    assert block is not None
    lines = block.group(1).encode("utf-8")
    ops = [json.loads(line) for line in lines.split(b"\n")]
    assert canonical_ops(ops) == lines  # the example lines are canonical
    stated = re.search(r"sha256 = `([0-9a-f]{64})`", DOC)
    assert stated is not None
    assert hashlib.sha256(lines).hexdigest() == stated.group(1)
    assert stated.group(1) in DOC.split("### 5.1")[1]  # the batch example carries it


def test_every_error_code_in_the_code_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "cityserver").glob("*.py"))
    codes = set(re.findall(r"ProtocolError\(\s*\d{3},\s*\"([a-z_]+)\"", source))
    codes |= set(re.findall(r"_reject\(\s*\"([a-z_]+)\"", source))
    codes |= set(re.findall(r"_error\(\s*\d{3},\s*\"([a-z_]+)\"", source))
    codes |= {"version_conflict", "street_forbidden", "not_found", "method_not_allowed"}
    assert len(codes) > 20
    missing = sorted(code for code in codes if f"`{code}`" not in DOC)
    assert missing == []


def test_every_entity_is_documented() -> None:
    assert all(f"`{name}`" in DOC for name in ENTITIES)
