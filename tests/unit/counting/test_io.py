"""SPEC.json / BALLOTS.jsonl reading and writing (desktop.services.counting.tally_io)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from desktop.errors import ValidationError
from desktop.services.counting import BallotRecord, tally, tally_io

SPEC: dict[str, Any] = {
    "kind": "selection",
    "options": [{"no": 1, "name": "甲"}, {"no": 2, "name": "乙"}, {"no": 3, "name": "丙"}],
    "quota": 2,
    "members_total": 9,
    "present": 8,
    "issued": 8,
    "threshold": {"base": "present", "ratio": "1/2", "strict": True},
}


def _spec(**changes: Any) -> str:
    data = dict(SPEC)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data, ensure_ascii=False)


def _lines(*ballots: str) -> list[str]:
    return [ballot + "\n" for ballot in ballots]


def test_spec_parses() -> None:
    spec = tally_io.parse_spec(_spec())
    assert spec.kind == "selection"
    assert spec.quota == 2
    assert spec.threshold is not None
    assert spec.threshold.ratio == Fraction(1, 2)
    assert [option.name for option in spec.options] == ["甲", "乙", "丙"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "vote"}, "kind"),
        ({"quota": None}, "quota"),
        ({"quota": 4}, "quota"),
        ({"quota": "2"}, "quota"),
        ({"qouta": 2}, "qouta"),
        ({"present": None}, "present"),
        ({"present": 10}, "present"),
        ({"issued": -1}, "issued"),
        ({"issued": True}, "issued"),
        ({"options": []}, "options"),
        ({"options": [{"no": 1}]}, "options"),
        ({"options": [{"no": "1", "name": "甲"}]}, "options"),
        ({"options": [{"no": 1, "name": "甲"}, {"no": 1, "name": "乙"}]}, "options"),
        ({"threshold": None}, "threshold"),
        ({"threshold": {"base": "all", "ratio": "1/2", "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": 0.5, "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "0.5", "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "3/2", "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "1/0", "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "１/２", "strict": True}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "1/2", "strict": "yes"}}, "threshold"),
        ({"threshold": {"base": "valid", "ratio": "1/2"}}, "threshold"),
        ({"levels": ["满意"]}, "levels"),
    ],
)
def test_bad_spec_names_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        tally_io.parse_spec(_spec(**changes))
    assert caught.value.field == field


def test_spec_that_is_not_json() -> None:
    with pytest.raises(ValidationError) as caught:
        tally_io.parse_spec('{"kind": "selection",\n "quota": }')
    assert caught.value.params["line"] == 2
    assert "第 2 行" in str(caught.value)


def test_ratio_forms() -> None:
    assert tally_io.parse_ratio("2/3") == Fraction(2, 3)
    assert tally_io.parse_ratio(" 1 / 2 ") == Fraction(1, 2)
    assert tally_io.parse_ratio("1") == Fraction(1)
    assert tally_io.parse_ratio("2/4") == Fraction(1, 2)


def test_rating_spec_without_threshold() -> None:
    spec = tally_io.parse_spec(
        json.dumps(
            {
                "kind": "rating",
                "options": [{"no": 1, "name": "城管科"}],
                "levels": ["满意", "基本满意", "不满意"],
                "positive_levels": ["满意", "基本满意"],
                "members_total": 5,
                "present": 5,
                "issued": 5,
            }
        )
    )
    assert spec.threshold is None
    assert tally_io.parse_spec(tally_io.dump_spec(spec)) == spec


GOOD = '{"serial": 1, "void": false, "marks": {"1": "for"}}'


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ('{"serial": 2, "void": false, "marks": {"1": "for"}', "JSON"),
        ("[1, 2]", "JSON 对象"),
        ('{"serial": 2, "void": false, "marks": {}, "voter": "张三"}', "voter"),
        ('{"void": false, "marks": {}}', "serial"),
        ('{"serial": "2", "void": false, "marks": {}}', "serial"),
        ('{"serial": true, "void": false, "marks": {}}', "serial"),
        ('{"serial": 0, "void": false, "marks": {}}', "serial"),
        ('{"serial": 1, "void": false, "marks": {}}', "选票编号 1 重复（第 1 行已出现）"),
        ('{"serial": 2, "void": "no", "marks": {}}', "void"),
        ('{"serial": 2, "void": false}', "marks"),
        ('{"serial": 2, "void": false, "marks": ["1"]}', "marks"),
        ('{"serial": 2, "void": false, "marks": {"9": "for"}}', "未知的选项编号 9"),
        ('{"serial": 2, "void": false, "marks": {"01": "for"}}', "未知的选项编号 01"),
        ('{"serial": 2, "void": false, "marks": {"1": "赞成"}}', '"赞成"'),
        ('{"serial": 2, "void": false, "marks": {"1": null}}', "null"),
    ],
)
def test_bad_ballot_names_the_line(bad: str, fragment: str) -> None:
    spec = tally_io.parse_spec(_spec())
    lines = _lines(GOOD, "", bad, GOOD.replace('"serial": 1', '"serial": 3'))
    for reader in (tally_io.parse_ballots, tally_io.tally_lines):
        with pytest.raises(ValidationError) as caught:
            reader(spec, lines)
        assert caught.value.params["line"] == 3
        message = str(caught.value)
        assert message.startswith("第 3 行："), message
        assert fragment in message


def test_blank_lines_and_missing_void_are_fine() -> None:
    spec = tally_io.parse_spec(_spec())
    lines = ["\n", '{"serial": 4, "marks": {"2": "for"}}\n', "  \n", GOOD]
    records = tally_io.parse_ballots(spec, lines)
    assert records == [BallotRecord(4, False, {2: "for"}), BallotRecord(1, False, {1: "for"})]
    assert tally_io.tally_lines(spec, lines) == tally(spec, records)


def test_dump_ballots_shuffles_reproducibly() -> None:
    spec = tally_io.parse_spec(_spec())
    ballots = [BallotRecord(serial, serial % 7 == 0, {1: "for"}) for serial in range(1, 41)]
    text = tally_io.dump_ballots(ballots, shuffle_seed=5)
    assert text == tally_io.dump_ballots(ballots, shuffle_seed=5)
    assert text != tally_io.dump_ballots(ballots, shuffle_seed=6)
    serials = [json.loads(line)["serial"] for line in text.splitlines()]
    assert serials != sorted(serials)
    assert sorted(serials) == list(range(1, 41))
    assert sorted(tally_io.parse_ballots(spec, text.splitlines(True)), key=lambda b: b.serial) == (
        ballots
    )
    unseeded = tally_io.dump_ballots(ballots, shuffle_seed=None)
    assert sorted(unseeded.splitlines()) == sorted(text.splitlines())


def test_result_json_for_rating() -> None:
    spec = tally_io.parse_spec(
        json.dumps(
            {
                "kind": "rating",
                "options": [{"no": 1, "name": "甲"}, {"no": 2, "name": "乙"}],
                "levels": ["优秀", "称职", "不称职"],
                "positive_levels": ["优秀", "称职"],
                "members_total": 4,
                "present": 4,
                "issued": 4,
            }
        )
    )
    lines = _lines(
        '{"serial": 1, "void": false, "marks": {"1": "优秀", "2": "不称职"}}',
        '{"serial": 2, "void": false, "marks": {"1": "称职"}}',
        '{"serial": 3, "void": false, "marks": {"1": "不称职", "2": "abstain"}}',
        '{"serial": 4, "void": false, "marks": {"1": "优秀"}}',
    )
    data = tally_io.result_to_dict(tally_io.tally_lines(spec, lines))
    assert data["options"][0] == {
        "no": 1,
        "levels": {"优秀": 2, "称职": 1, "不称职": 0 + 1},
        "abstain": 0,
        "positive_rate": "3/4",
        "outcome": None,
    }
    assert data["options"][1]["positive_rate"] == "0/4"
    assert data["options"][1]["abstain"] == 3
    assert (data["chosen"], data["tied"], data["unfilled"]) == ([], [], 0)


def test_tally_file_reads_again_only_when_it_must(tmp_path: Any) -> None:
    spec = tally_io.parse_spec(_spec())
    path = tmp_path / "ballots.jsonl"
    clean = _lines(GOOD, '{"serial": 2, "void": false, "marks": {"2": "for", "3": "for"}}')
    irregular = ["\n", *clean, "   \n"]  # blank lines: the careful pass counts these
    broken = [*clean, '{"serial": 2, "void": false, "marks": {}}\n']
    expected = tally_io.tally_lines(spec, clean)
    for lines in (clean, irregular):
        path.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode("utf-8"))
        with open(path, encoding="utf-8-sig") as handle:
            assert tally_io.tally_file(spec, handle) == expected
    path.write_text("".join(broken), encoding="utf-8")
    with open(path, encoding="utf-8-sig") as handle, pytest.raises(ValidationError) as caught:
        tally_io.tally_file(spec, handle)
    assert caught.value.params["line"] == 3
