"""docs/counting-rules.md is executable: every worked example and table in it is checked."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.services.counting import QuorumRule, Threshold, check_invariants
from desktop.services.counting.tally_io import parse_spec, result_to_dict, tally_lines

DOC = Path(__file__).resolve().parents[3] / "docs" / "counting-rules.md"
BLOCK = re.compile(
    r"^```(?:json|jsonl) tally-example:(?P<name>\S+) (?P<part>spec|ballots|result)\n"
    r"(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


def _examples() -> dict[str, dict[str, str]]:
    examples: dict[str, dict[str, str]] = {}
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        parts = examples.setdefault(match["name"], {})
        assert match["part"] not in parts, f"{match['name']}: two {match['part']} blocks"
        parts[match["part"]] = match["body"]
    return examples


def _table(marker: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker} -->")
    lines = text[start:].splitlines()[1:]
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


EXAMPLES = _examples()


def test_the_doc_has_its_examples() -> None:
    assert len(EXAMPLES) >= 8
    for name, parts in EXAMPLES.items():
        assert set(parts) == {"spec", "ballots", "result"}, name
    kinds = {json.loads(parts["spec"])["kind"] for parts in EXAMPLES.values()}
    assert kinds == {"selection", "motion", "rating"}
    outcomes = {
        option["outcome"]
        for parts in EXAMPLES.values()
        for option in json.loads(parts["result"])["options"]
    }
    assert {"chosen", "not_chosen", "tie", "passed", "failed", "poll_invalid"} <= outcomes


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_worked_example(name: str) -> None:
    parts = EXAMPLES[name]
    spec = parse_spec(parts["spec"])
    result = tally_lines(spec, parts["ballots"].splitlines(keepends=True))
    assert result_to_dict(result) == json.loads(parts["result"])
    violations = {violation.code for violation in check_invariants(result)}
    assert violations == (set() if result.poll_valid else {"returned_exceeds_issued"})


def test_threshold_table() -> None:
    rows = _table("threshold-table")
    assert len(rows) >= 10
    for _rule, ratio, strict, base, needed in rows:
        numerator, denominator = ratio.split("/")
        threshold = Threshold(
            "present", Fraction(int(numerator), int(denominator)), strict == "yes"
        )
        assert threshold.votes_needed(int(base)) == int(needed), (ratio, strict, base)


def test_quorum_table() -> None:
    rows = _table("quorum-table")
    assert len(rows) >= 10
    for rule, total, present, quorate in rows:
        assert QuorumRule.from_name(rule).is_quorate(int(total), int(present)) == (
            quorate == "yes"
        ), (rule, total, present)
