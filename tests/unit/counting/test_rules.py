"""The counting rules (desktop.services.counting) against DESIGN.md §4."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services.counting import (
    QUORUM_MORE_THAN_HALF,
    QUORUM_TWO_THIRDS,
    BallotRecord,
    MarkCounter,
    PollOption,
    PollSpec,
    QuorumRule,
    TallyResult,
    Threshold,
    ballot_is_void,
    check_invariants,
    tally,
    tally_from_counts,
    tally_io,
)

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


def _independent_needed(base: int, numerator: int, denominator: int, strict: bool) -> int:
    """Count upwards until the condition holds: no floor/ceil formulas involved."""
    votes = 1
    while not (
        votes * denominator > base * numerator
        if strict
        else votes * denominator >= base * numerator
    ):
        votes += 1
    return votes


def _passes(votes: int, ratio: Fraction, base: int, strict: bool) -> bool:
    return votes > ratio * base if strict else votes >= ratio * base


# --- thresholds -----------------------------------------------------------------------


def test_threshold_examples_from_the_design() -> None:
    more_than_half = Threshold("present", HALF, strict=True)
    assert more_than_half.votes_needed(35) == 18
    assert more_than_half.votes_needed(40) == 21
    assert more_than_half.votes_needed(5) == 3
    assert Threshold("members_total", TWO_THIRDS, strict=False).votes_needed(30) == 20


@pytest.mark.parametrize("ratio", [HALF, TWO_THIRDS])
@pytest.mark.parametrize("strict", [True, False])
def test_threshold_arithmetic_for_every_base_up_to_1000(ratio: Fraction, strict: bool) -> None:
    threshold = Threshold("valid", ratio, strict)
    for base in range(1, 1001):
        needed = threshold.votes_needed(base)
        assert needed == _independent_needed(base, ratio.numerator, ratio.denominator, strict)
        # and it is the boundary: one vote fewer does not pass
        assert _passes(needed, ratio, base, strict)
        assert needed == 1 or not _passes(needed - 1, ratio, base, strict)


def test_a_base_of_zero_still_needs_one_vote() -> None:
    assert Threshold("valid", HALF, True).votes_needed(0) == 1
    assert Threshold("valid", TWO_THIRDS, False).votes_needed(0) == 1


def test_threshold_picks_its_base() -> None:
    figures = {"members_total": 40, "present": 30, "returned": 29, "valid": 27}
    for base, value in figures.items():
        assert Threshold(base, HALF, True).base_value(**figures) == value


@pytest.mark.parametrize(
    ("base", "ratio"),
    [("everyone", HALF), ("valid", Fraction(0)), ("valid", Fraction(3, 2)), ("valid", 0.5)],
)
def test_bad_thresholds_are_refused(base: str, ratio: Fraction) -> None:
    with pytest.raises(ValidationError):
        Threshold(base, ratio, True)


def test_negative_base_is_refused() -> None:
    with pytest.raises(ValidationError):
        Threshold("valid", HALF, True).votes_needed(-1)


# --- quorum ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "strict", "numerator", "denominator"),
    [(QUORUM_MORE_THAN_HALF, True, 1, 2), (QUORUM_TWO_THIRDS, False, 2, 3)],
)
def test_quorum_for_every_body_up_to_500(
    rule: QuorumRule, strict: bool, numerator: int, denominator: int
) -> None:
    for total in range(1, 501):
        assert not rule.is_quorate(total, 0)
        for present in range(total + 1):
            expected = present >= 1 and (
                present * denominator > total * numerator
                if strict
                else present * denominator >= total * numerator
            )
            assert rule.is_quorate(total, present) == expected, (total, present)


def test_quorum_examples() -> None:
    assert QUORUM_MORE_THAN_HALF.members_needed(35) == 18
    assert QUORUM_TWO_THIRDS.members_needed(30) == 20
    assert not QUORUM_MORE_THAN_HALF.is_quorate(0, 0)
    assert not QUORUM_TWO_THIRDS.is_quorate(0, 0)
    assert QuorumRule.from_name("more_than_half") is QUORUM_MORE_THAN_HALF
    assert QuorumRule.from_name("two_thirds") is QUORUM_TWO_THIRDS


@pytest.mark.parametrize(("total", "present"), [(10, 11), (10, -1), (-1, 0)])
def test_quorum_refuses_impossible_counts(total: int, present: int) -> None:
    with pytest.raises(ValidationError):
        QUORUM_MORE_THAN_HALF.is_quorate(total, present)


def test_unknown_quorum_rule() -> None:
    with pytest.raises(ValidationError, match="more_than_half"):
        QuorumRule.from_name("half")


# --- specs ----------------------------------------------------------------------------

OPTIONS = tuple(PollOption(no, f"候选人{no}") for no in range(1, 5))


def _selection(quota: int = 2, issued: int = 10, **changes: object) -> PollSpec:
    spec = PollSpec(
        kind="selection",
        options=OPTIONS,
        issued=issued,
        members_total=12,
        present=10,
        threshold=Threshold("valid", HALF, True),
        quota=quota,
    )
    return dataclasses.replace(spec, **changes) if changes else spec


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "election"},
        {"options": ()},
        {"options": (PollOption(1, "a"), PollOption(1, "b"))},
        {"options": (PollOption(0, "a"),)},
        {"quota": 0},
        {"quota": 5},
        {"quota": None},
        {"present": 13},
        {"issued": -1},
        {"threshold": None},
        {"levels": ("满意",)},
    ],
)
def test_bad_specs_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _selection(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"levels": ()},
        {"levels": ("满意", "满意")},
        {"levels": ("满意", "abstain")},
        {"positive_levels": ("优秀",)},
        {"positive_levels": ("满意", "满意")},
        {"quota": 1},
    ],
)
def test_bad_rating_specs_are_refused(changes: dict[str, object]) -> None:
    spec = dict(
        kind="rating",
        options=OPTIONS,
        issued=5,
        members_total=5,
        present=5,
        threshold=None,
        levels=("满意", "不满意"),
        positive_levels=("满意",),
    )
    spec.update(changes)
    with pytest.raises(ValidationError):
        PollSpec(**spec)  # type: ignore[arg-type]


# --- the rules ------------------------------------------------------------------------


def _ballot(serial: int, *fors: int, void: bool = False, **other: str) -> BallotRecord:
    marks = {no: "for" for no in fors}
    marks.update({int(key[1:]): mark for key, mark in other.items()})
    return BallotRecord(serial, void, marks)


def test_overvoted_selection_ballot_is_void_and_exactly_k_is_valid() -> None:
    spec = _selection(quota=2)
    assert not ballot_is_void(spec, _ballot(1, 1, 2))
    assert ballot_is_void(spec, _ballot(2, 1, 2, 3))
    assert ballot_is_void(spec, _ballot(3, void=True))
    result = tally(spec, [_ballot(1, 1, 2), _ballot(2, 1, 2, 3), _ballot(3, 1, void=True)])
    assert (result.returned, result.valid, result.void) == (3, 1, 2)
    assert result.option(1).votes_for == 1
    assert result.option(3).votes_for == 0


def test_motion_ballot_with_every_item_for_is_valid() -> None:
    spec = dataclasses.replace(_selection(), kind="motion", quota=None)
    assert not ballot_is_void(spec, _ballot(1, 1, 2, 3, 4))
    result = tally(spec, [_ballot(1, 1, 2, 3, 4)])
    assert result.valid == 1
    assert [option.outcome for option in result.options] == ["passed"] * 4


def test_unmarked_and_explicit_abstain_are_the_same() -> None:
    spec = _selection()
    result = tally(spec, [_ballot(1, 1), _ballot(2, 1, o2="abstain", o3="against")])
    assert (result.option(2).votes_for, result.option(2).abstain) == (0, 2)
    assert (result.option(3).against, result.option(3).abstain) == (1, 1)


def test_tie_inside_the_quota_is_no_tie() -> None:
    spec = _selection(quota=2)
    result = tally(spec, [_ballot(s, 1, 2) for s in range(1, 4)])
    assert result.chosen == (1, 2)
    assert result.tied == ()
    assert result.unfilled == 0


def test_tie_across_place_k_among_three() -> None:
    spec = _selection(quota=2)
    ballots = [_ballot(1, 1, 2), _ballot(2, 1, 3), _ballot(3, 1, 4), _ballot(4, 2, 3)]
    ballots += [_ballot(5, 4, 1), _ballot(6, 2, 3), _ballot(7, 4)]
    # for: 1→4, 2→3, 3→3, 4→3; valid 7, threshold more than half of 7 = 4
    result = tally(spec, ballots)
    assert result.threshold_votes == 4
    assert result.chosen == (1,)
    assert result.tied == ()  # the others are under the threshold, so no tie
    assert result.unfilled == 1
    spec = dataclasses.replace(spec, threshold=Threshold("valid", Fraction(1, 3), False))
    result = tally(spec, ballots)  # now 3 votes are enough: 2, 3, 4 tie for place 2
    assert result.chosen == (1,)
    assert result.tied == (2, 3, 4)
    assert [option.outcome for option in result.options] == ["chosen", "tie", "tie", "tie"]
    assert result.unfilled == 1


def test_tie_for_a_single_place() -> None:
    spec = _selection(quota=1, threshold=Threshold("valid", Fraction(1, 4), True))
    result = tally(spec, [_ballot(1, 1), _ballot(2, 2), _ballot(3, 1), _ballot(4, 2)])
    assert result.threshold_votes == 2
    assert (result.chosen, result.tied, result.unfilled) == ((), (1, 2), 1)


def test_chosen_is_in_rank_order() -> None:
    spec = _selection(quota=3, threshold=Threshold("valid", Fraction(1, 10), False))
    result = tally(spec, [_ballot(1, 4, 2), _ballot(2, 4, 2), _ballot(3, 4, 3)])
    assert result.chosen == (4, 2, 3)


def test_invalid_poll_keeps_the_counts() -> None:
    spec = _selection(issued=1)
    result = tally(spec, [_ballot(1, 1), _ballot(2, 1)])
    assert not result.poll_valid
    assert result.option(1).votes_for == 2
    assert {option.outcome for option in result.options} == {"poll_invalid"}
    assert result.chosen == ()
    assert result.unfilled == 2
    assert [v.code for v in check_invariants(result)] == ["returned_exceeds_issued"]


def test_rating_counts_levels_and_positive_rate() -> None:
    spec = PollSpec(
        kind="rating",
        options=(PollOption(1, "城管科"),),
        issued=4,
        members_total=4,
        present=4,
        threshold=None,
        levels=("满意", "基本满意", "不满意"),
        positive_levels=("满意", "基本满意"),
    )
    ballots = [
        BallotRecord(1, False, {1: "满意"}),
        BallotRecord(2, False, {1: "基本满意"}),
        BallotRecord(3, False, {}),
        BallotRecord(4, False, {1: "abstain"}),
    ]
    option = tally(spec, ballots).option(1)
    assert option.levels == {"满意": 1, "基本满意": 1, "不满意": 0}
    assert option.abstain == 2
    assert option.positive_rate == Fraction(1, 2)
    assert option.outcome is None


def test_unknown_option_mark_and_duplicate_serial_are_refused() -> None:
    spec = _selection()
    with pytest.raises(ValidationError, match="9"):
        tally(spec, [BallotRecord(1, False, {9: "for"})])
    with pytest.raises(ValidationError):
        tally(spec, [BallotRecord(1, False, {1: "yes"})])
    with pytest.raises(ValidationError):
        tally(spec, [_ballot(1, 1), _ballot(1, 2)])


def test_each_invariant_is_detected() -> None:
    good = tally(_selection(quota=1), [_ballot(1, 1), _ballot(2, 2)])
    assert check_invariants(good) == []
    broken = dataclasses.replace(good, void=1)
    assert [v.code for v in check_invariants(broken)] == ["returned_mismatch"]
    option = dataclasses.replace(good.options[0], against=1)
    broken = dataclasses.replace(good, options=(option, *good.options[1:]))
    assert [(v.code, v.option_no) for v in check_invariants(broken)] == [("option_sum_mismatch", 1)]
    option = dataclasses.replace(good.options[0], votes_for=3, abstain=-1)
    broken = dataclasses.replace(good, options=(option, *good.options[1:]))
    assert [v.code for v in check_invariants(broken)] == ["negative_count", "too_many_for"]
    violation = check_invariants(broken)[1]
    assert violation.english == "Total for (4) exceeds quota × valid (2)"
    assert "赞成票总数" in violation.message


# --- property: the tally equals a deliberately simple count ---------------------------

LEVELS = ("优秀", "称职", "基本称职", "不称职")


@st.composite
def polls(draw: st.DrawFn) -> tuple[PollSpec, list[BallotRecord]]:
    kind = draw(st.sampled_from(["selection", "motion", "rating"]))
    numbers = draw(st.lists(st.integers(1, 30), min_size=1, max_size=6, unique=True))
    options = tuple(PollOption(no, f"选项{no}") for no in numbers)
    members_total = draw(st.integers(0, 30))
    present = draw(st.integers(0, members_total))
    issued = draw(st.integers(max(0, present - 3), present + 3))
    denominator = draw(st.integers(1, 6))
    ratio = draw(
        st.sampled_from([HALF, TWO_THIRDS, Fraction(1, 4), Fraction(1, 10)])
        | st.just(Fraction(draw(st.integers(1, denominator)), denominator))
    )
    threshold: Threshold | None = Threshold(
        draw(st.sampled_from(["members_total", "present", "returned", "valid"])),
        ratio,
        draw(st.booleans()),
    )
    levels: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    quota = None
    if kind == "selection":
        quota = draw(st.integers(1, len(options)))
        marks = ["for", "for", "for", "against", "abstain"]  # enough for to reach thresholds
    elif kind == "motion":
        marks = ["for", "for", "against", "abstain"]
    else:
        levels = tuple(draw(st.lists(st.sampled_from(LEVELS), min_size=1, unique=True)))
        positive = tuple(draw(st.lists(st.sampled_from(levels), unique=True)))
        marks = [*levels, "abstain"]
        if draw(st.booleans()):
            threshold = None
    spec = PollSpec(
        kind=kind,
        options=options,
        issued=issued,
        members_total=members_total,
        present=present,
        threshold=threshold,
        quota=quota,
        levels=levels,
        positive_levels=positive,
    )
    count = draw(st.integers(0, issued + 2))  # sometimes more returned than issued
    serials = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    ballots = []
    for serial in serials:
        void = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
        ballot_marks = draw(st.dictionaries(st.sampled_from(numbers), st.sampled_from(marks)))
        if quota is not None:
            # mostly at most K for (valid), sometimes K + 1 (overvoted)
            wanted = quota if draw(st.booleans()) else draw(st.integers(0, quota + 1))
            fors = draw(st.permutations(numbers))[:wanted]
            ballot_marks = {no: m for no, m in ballot_marks.items() if m != "for"}
            ballot_marks.update(dict.fromkeys(fors, "for"))
        ballots.append(BallotRecord(serial, void, ballot_marks))
    return spec, ballots


def _reference_outcomes(
    spec: PollSpec, votes: dict[int, int], needed: int, poll_valid: bool
) -> dict[int, str | None]:
    """Each candidate on its own: how many over the threshold beat it, how many share its
    count. Chosen if its whole group fits in the quota, tie if the group straddles it."""
    outcomes: dict[int, str | None] = {}
    for no, n in votes.items():
        if spec.kind == "rating":
            outcomes[no] = None if poll_valid else "poll_invalid"
        elif not poll_valid:
            outcomes[no] = "poll_invalid"
        elif spec.kind == "motion":
            outcomes[no] = "passed" if n >= needed else "failed"
        else:
            over = [m for m in votes.values() if m >= needed]
            above = len([m for m in over if m > n])
            level = len([m for m in over if m == n])
            quota = spec.quota or 0
            if n < needed or above >= quota:
                outcomes[no] = "not_chosen"
            elif above + level <= quota:
                outcomes[no] = "chosen"
            else:
                outcomes[no] = "tie"
    return outcomes


def _reference(spec: PollSpec, ballots: list[BallotRecord]) -> dict[str, object]:
    """Count the plain way, straight from the rules' wording."""
    valid_ballots = []
    for ballot in ballots:
        n_for = len([mark for mark in ballot.marks.values() if mark == "for"])
        overvoted = spec.kind == "selection" and n_for > (spec.quota or 0)
        if not ballot.void and not overvoted:
            valid_ballots.append(ballot)
    returned, valid = len(ballots), len(valid_ballots)
    needed = 0
    if spec.threshold is not None:
        base = {
            "members_total": spec.members_total,
            "present": spec.present,
            "returned": returned,
            "valid": valid,
        }[spec.threshold.base]
        ratio = spec.threshold.ratio
        needed = _independent_needed(
            base, ratio.numerator, ratio.denominator, spec.threshold.strict
        )
    poll_valid = returned <= spec.issued
    votes = {
        option.no: len([b for b in valid_ballots if b.marks.get(option.no) == "for"])
        for option in spec.options
    }
    against = {
        option.no: len([b for b in valid_ballots if b.marks.get(option.no) == "against"])
        for option in spec.options
    }
    outcomes = _reference_outcomes(spec, votes, needed, poll_valid)
    levels = {
        option.no: {
            level: len([b for b in valid_ballots if b.marks.get(option.no) == level])
            for level in spec.levels
        }
        for option in spec.options
    }
    return {
        "poll_valid": poll_valid,
        "returned": returned,
        "valid": valid,
        "void": returned - valid,
        "needed": needed,
        "votes": votes,
        "against": against,
        "outcomes": outcomes,
        "levels": levels,
    }


@settings(max_examples=400, deadline=None)
@given(polls())
def test_tally_matches_the_simple_count_and_keeps_the_invariants(
    poll: tuple[PollSpec, list[BallotRecord]],
) -> None:
    spec, ballots = poll
    result = tally(spec, ballots)
    expected = _reference(spec, ballots)
    assert result.poll_valid == expected["poll_valid"]
    assert (result.returned, result.valid, result.void) == (
        expected["returned"],
        expected["valid"],
        expected["void"],
    )
    assert result.threshold_votes == expected["needed"]
    assert {o.no: o.outcome for o in result.options} == expected["outcomes"]
    if spec.kind == "rating":
        assert {o.no: o.levels for o in result.options} == expected["levels"]
        for option in result.options:
            positive = sum(option.levels[level] for level in spec.positive_levels)
            assert option.positive == positive
            assert option.positive_rate == (
                Fraction(positive, result.valid) if result.valid else None
            )
    else:
        assert {o.no: o.votes_for for o in result.options} == expected["votes"]
        assert {o.no: o.against for o in result.options} == expected["against"]
    if spec.kind == "selection":
        chosen = [no for no, outcome in expected["outcomes"].items() if outcome == "chosen"]  # type: ignore[attr-defined]
        assert sorted(result.chosen) == sorted(chosen)
        assert len(result.chosen) <= (spec.quota or 0)
        assert result.unfilled == (spec.quota or 0) - len(result.chosen)
        assert list(result.chosen) == sorted(
            result.chosen, key=lambda no: (-result.option(no).votes_for, no)
        )
    else:
        assert (result.chosen, result.tied, result.unfilled) == ((), (), 0)
    codes = [violation.code for violation in check_invariants(result)]
    assert codes == ([] if result.poll_valid else ["returned_exceeds_issued"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=8),
    st.integers(1, 8),
    st.integers(1, 7),
    st.booleans(),
)
def test_selection_outcomes_from_counts(
    votes_list: list[int], quota: int, needed: int, poll_valid: bool
) -> None:
    """Ties, unfilled places and the threshold, explored densely from vote counts."""
    quota = min(quota, len(votes_list))
    valid = 6
    spec = PollSpec(
        kind="selection",
        options=tuple(PollOption(no, str(no)) for no in range(1, len(votes_list) + 1)),
        issued=valid if poll_valid else valid - 1,
        members_total=1,
        present=1,
        # more than (needed - 1)/6 of the 6 valid ballots: exactly `needed` votes
        threshold=Threshold("valid", Fraction(needed - 1, valid) or Fraction(1, 7), True),
        quota=quota,
    )
    votes = {no: n for no, n in enumerate(votes_list, 1)}
    counts = {(no, "for"): n for no, n in votes.items()}
    result = tally_from_counts(spec, returned=valid, valid=valid, void=0, counts=counts)
    assert result.threshold_votes == needed
    expected = _reference_outcomes(spec, votes, needed, poll_valid)
    assert {o.no: o.outcome for o in result.options} == expected
    assert set(result.chosen) == {no for no, o in expected.items() if o == "chosen"}
    assert set(result.tied) == {no for no, o in expected.items() if o == "tie"}
    assert result.unfilled == quota - len(result.chosen)


@settings(max_examples=200, deadline=None)
@given(polls(), st.randoms(use_true_random=False))
def test_ballot_order_never_matters(poll: tuple[PollSpec, list[BallotRecord]], rng: object) -> None:
    spec, ballots = poll
    shuffled = list(ballots)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert tally(spec, shuffled) == tally(spec, ballots)


def test_mark_counter_agrees_with_ballot_is_void() -> None:
    spec = _selection(quota=2)
    counter: MarkCounter[int] = MarkCounter(spec.quota)
    for ballot in [_ballot(1, 1, 2), _ballot(2, 1, 2, 3), _ballot(3, void=True), _ballot(4)]:
        assert counter.add(ballot.void, ballot.marks) == (not ballot_is_void(spec, ballot))


def test_result_type_is_frozen() -> None:
    result = tally(_selection(), [])
    assert isinstance(result, TallyResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.valid = 3  # type: ignore[misc]


# --- properties of the exported files (tally_io) ---------------------------------


@settings(max_examples=200, deadline=None)
@given(polls(), st.integers(0, 2**32))
def test_export_and_recount_give_the_same_result(
    poll: tuple[PollSpec, list[BallotRecord]], seed: int
) -> None:
    spec, ballots = poll
    spec_back = tally_io.parse_spec(tally_io.dump_spec(spec))
    assert spec_back == spec
    lines = tally_io.dump_ballots(ballots, shuffle_seed=seed).splitlines(keepends=True)
    assert tally_io.tally_lines(spec_back, lines) == tally(spec, ballots)


NASTY = [  # {s}: a fresh serial, {o}: an option of the poll, {m}: a mark the poll allows
    "",
    "   ",
    "\u3000",
    "{{}}",
    "[]",
    "null",
    '"abc"',
    '{{"serial": {s}}}',
    '{{"serial": true, "void": false, "marks": {{}}}}',
    '{{"serial": {s}, "void": 0, "marks": {{}}}}',
    '{{"serial": {s}, "void": null, "marks": {{}}}}',
    '{{"serial": {s}, "void": false, "marks": []}}',
    '{{"serial": {s}, "void": false, "marks": "{o}"}}',
    '{{"serial": {s}, "void": false, "marks": {{"0{o}": "{m}"}}}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": 1}}}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": ["{m}"]}}}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": "{m}"}}}} x',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": "{m}"}}}}\u3000',
    ' {{"serial": {s}, "void": false, "marks": {{}}}}',
    '{{"serial": {s}, "void": false, "marks": {{}}, "x": 1}}',
    '{{"serial": {s}, "marks": {{"{o}": "{m}"}}}}',
    '{{"serial": "{s}", "void": false, "marks": {{}}}}',
    '{{"serial": {s}.0, "void": false, "marks": {{}}}}',
    '{{"serial": 0, "void": false, "marks": {{}}}}',
    '{{"serial": -{s}, "void": false, "marks": {{}}}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": "{m}", "{o}": "against"}}}}',
    '{{"serial": {s}, "void": true, "marks": {{"99": "{m}"}}}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": "{m}"}}}}{{"serial": 1}}',
    '{{"serial": {s}, "void": false, "marks": {{"{o}": "{m}"}}}}',
]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[PollSpec, list[str]]:
    spec, ballots = draw(polls())
    lines = tally_io.dump_ballots(ballots, shuffle_seed=0).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["nasty", "duplicate", "cut", "no-newline", "crlf"]))
        at = draw(st.integers(0, len(lines)))
        if action == "nasty":
            serial = max((ballot.serial for ballot in ballots), default=0) + 1 + len(lines)
            template = draw(st.sampled_from(NASTY))
            line = template.format(
                s=serial,
                o=draw(st.sampled_from(spec.options)).no,
                m=draw(st.sampled_from(sorted(spec.allowed_marks))),
            )
            lines.insert(at, line + "\n")
        elif lines and action == "duplicate":
            lines.insert(at, lines[min(at, len(lines) - 1)])
        elif lines and action == "cut":
            line = lines[min(at, len(lines) - 1)]
            cut = draw(st.integers(0, len(line) - 1))
            lines[min(at, len(lines) - 1)] = line[:cut] + line[cut + 1 :]
        elif lines and action == "no-newline":
            lines[-1] = lines[-1].rstrip("\n")
        elif lines and action == "crlf":
            lines[min(at, len(lines) - 1)] = lines[min(at, len(lines) - 1)].replace("\n", "\r\n")
    return spec, lines


@settings(max_examples=500, deadline=None)
@given(damaged())
def test_lean_pass_never_accepts_what_the_careful_pass_refuses(
    damaged_poll: tuple[PollSpec, list[str]],
) -> None:
    spec, lines = damaged_poll
    lean = tally_io._lean_tally(spec, lines)
    try:
        careful = tally(spec, tally_io.parse_ballots(spec, lines))
    except ValidationError:
        assert lean is None
        with pytest.raises(ValidationError):
            tally_io.tally_lines(spec, lines)
        return
    assert lean is None or lean == careful
    assert tally_io.tally_lines(spec, lines) == careful
