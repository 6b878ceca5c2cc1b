"""The counting rules for paper ballots (DESIGN.md §4), as one pure module.

No I/O, no database, no Qt: every function here takes plain values and returns frozen
dataclasses, so the app, the ``yishi tally`` recount and the tests all apply the very same
rules. Arithmetic is integer or :class:`fractions.Fraction` only, never floats.

Words of the field (see GLOSSARY.md):

* ``selection`` 差额票决 — N candidates, quota K (应选数); each ballot marks every candidate
  ``for`` 赞成 / ``against`` 反对 / ``abstain`` 弃权.
* ``motion`` 表决 — items, each passes or fails on for / against / abstain.
* ``rating`` 测评 — subjects × levels (满意/基本满意/不满意, 优秀/称职/…).

The rules, exactly as ``docs/counting-rules.md`` documents them with worked examples:

1. A box that is unmarked or illegible is ``abstain`` (an option missing from a ballot's
   ``marks`` is abstain; ``"abstain"`` may also be written explicitly).
2. A ballot the clerk declares void (torn, unidentifiable) is void (废票). A selection ballot
   with more ``for`` marks than the quota K is void. Void ballots count towards ``returned``
   but not ``valid``; their marks are not counted.
3. The poll is invalid (投票无效) when ballots returned > ballots issued; every option's
   outcome is then ``poll_invalid``, nothing is chosen and nothing passes. The counts are still
   reported.
4. Threshold: ``for > ratio × base`` (strict, e.g. 过半数 "more than half") or
   ``for >= ratio × base`` (not strict, e.g. "at least two thirds"), with base one of
   ``members_total`` (全体), ``present`` (出席), ``returned`` (收回票数), ``valid`` (有效票数).
   At least one ``for`` vote is always needed, so a base of 0 never lets a candidate through
   without support.
5. Selection: the candidates whose ``for`` reaches the threshold are ranked by ``for``; the top
   K are ``chosen``. If candidates tie across place K, every candidate with that vote count is
   ``tie`` (另行投票 among them) and only those strictly above are chosen. Fewer than K over
   the threshold leaves places unfilled; ``unfilled = K - len(chosen)`` (it therefore also
   counts the places the tied candidates compete for).
6. Motion: an item is ``passed`` iff ``for >= votes_needed``, otherwise ``failed``. The
   threshold decides.
7. Rating: per subject, the count of each level and of abstentions; ``positive_rate`` =
   (ballots marking one of the ``positive_levels``) / valid, as a Fraction, ``None`` when
   there are no valid ballots. The threshold (optional for rating) is reported only and
   decides nothing; a rating option's outcome is ``None`` unless the poll is invalid.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from operator import countOf
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from desktop.errors import ValidationError
from desktop.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Hashable

SELECTION = "selection"
MOTION = "motion"
RATING = "rating"
KINDS = (SELECTION, MOTION, RATING)

FOR = "for"
AGAINST = "against"
ABSTAIN = "abstain"
VOTE_MARKS = frozenset({FOR, AGAINST, ABSTAIN})

BASES = ("members_total", "present", "returned", "valid")

# Outcomes of one option.
CHOSEN = "chosen"
NOT_CHOSEN = "not_chosen"
TIE = "tie"
PASSED = "passed"
FAILED = "failed"
POLL_INVALID = "poll_invalid"
OUTCOMES = (CHOSEN, NOT_CHOSEN, TIE, PASSED, FAILED, POLL_INVALID)


def _check_ratio(ratio: Fraction) -> None:
    if not isinstance(ratio, Fraction) or not 0 < ratio <= 1:
        raise ValidationError(
            N_("The ratio must be a fraction greater than 0 and at most 1"), field="ratio"
        )


def _count_needed(total: int, ratio: Fraction, strict: bool) -> int:
    """Smallest n ≥ 1 with n > ratio × total (strict) or n ≥ ratio × total."""
    product = total * ratio.numerator
    floor = product // ratio.denominator
    needed = floor + 1 if strict else -(-product // ratio.denominator)
    return max(needed, 1)


@dataclass(frozen=True)
class Threshold:
    """How many ``for`` votes an option needs: more than (``strict``) or at least ``ratio``
    of ``base``.

    ``Threshold("present", Fraction(1, 2), True)`` is 过半数 of those present:
    more than half of 35 is 18, of 40 is 21, of 5 is 3.
    ``Threshold("members_total", Fraction(2, 3), False)`` is "at least two thirds of all
    members": of 30 it is 20.
    """

    base: str
    ratio: Fraction
    strict: bool

    def __post_init__(self) -> None:
        if self.base not in BASES:
            raise ValidationError(
                N_("The threshold base must be members_total, present, returned or valid"),
                field="base",
            )
        _check_ratio(self.ratio)

    def votes_needed(self, base_value: int) -> int:
        """The minimum number of ``for`` votes that passes, for a base of ``base_value``.

        Never less than 1: an option nobody voted for is never chosen and never passes.
        """
        if base_value < 0:
            raise ValidationError(N_("The threshold base cannot be negative"), field="base")
        return _count_needed(base_value, self.ratio, self.strict)

    def base_value(self, *, members_total: int, present: int, returned: int, valid: int) -> int:
        """Pick this threshold's base out of the poll's figures."""
        values = {
            "members_total": members_total,
            "present": present,
            "returned": returned,
            "valid": valid,
        }
        return values[self.base]


@dataclass(frozen=True)
class QuorumRule:
    """A meeting's quorum: more than (``strict``) or at least ``ratio`` of all members present.

    The two rules in use are :data:`QUORUM_MORE_THAN_HALF` (过半数) and
    :data:`QUORUM_TWO_THIRDS` (三分之二以上). Nobody present is never a quorum, even for a
    body of 0 members.
    """

    ratio: Fraction
    strict: bool

    def __post_init__(self) -> None:
        _check_ratio(self.ratio)

    @classmethod
    def from_name(cls, name: str) -> QuorumRule:
        """``"more_than_half"`` or ``"two_thirds"``."""
        rules = {"more_than_half": QUORUM_MORE_THAN_HALF, "two_thirds": QUORUM_TWO_THIRDS}
        if name not in rules:
            raise ValidationError(
                N_("Unknown quorum rule {name}; use more_than_half or two_thirds"),
                field="quorum",
                name=name,
            )
        return rules[name]

    def members_needed(self, members_total: int) -> int:
        """How many members must be present (at least 1)."""
        if members_total < 0:
            raise ValidationError(
                N_("The number of members cannot be negative"), field="members_total"
            )
        return _count_needed(members_total, self.ratio, self.strict)

    def is_quorate(self, members_total: int, present: int) -> bool:
        """True when ``present`` members make a quorum of a body of ``members_total``."""
        if not 0 <= present <= members_total:
            raise ValidationError(
                N_("Present ({present}) must be between 0 and the number of members ({total})"),
                field="present",
                present=present,
                total=members_total,
            )
        return present >= self.members_needed(members_total)


QUORUM_MORE_THAN_HALF = QuorumRule(Fraction(1, 2), strict=True)
QUORUM_TWO_THIRDS = QuorumRule(Fraction(2, 3), strict=False)


@dataclass(frozen=True)
class PollOption:
    """A candidate (selection), an item (motion) or a subject (rating)."""

    no: int
    name: str


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class PollSpec:
    """Everything the rules need to know about one poll, checked on construction.

    ``quota`` is for selection only (1 ≤ K ≤ number of options); ``levels`` and
    ``positive_levels`` for rating only. ``threshold`` is required for selection and
    motion, optional for rating (report only).
    """

    kind: str
    options: tuple[PollOption, ...]
    issued: int
    members_total: int
    present: int
    threshold: Threshold | None
    quota: int | None = None
    levels: tuple[str, ...] = ()
    positive_levels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(
                N_("The poll kind must be selection, motion or rating"), field="kind"
            )
        if not self.options:
            raise ValidationError(N_("A poll needs at least one option"), field="options")
        numbers = [option.no for option in self.options]
        for no in numbers:
            if not _is_count(no) or no < 1:
                raise ValidationError(
                    N_("Option numbers must be whole numbers from 1"), field="options"
                )
        duplicates = sorted({no for no in numbers if numbers.count(no) > 1})
        if duplicates:
            raise ValidationError(
                N_("Option number {no} appears twice"), field="options", no=duplicates[0]
            )
        for name in ("issued", "members_total", "present"):
            if not _is_count(getattr(self, name)):
                raise ValidationError(
                    N_("{name} must be a whole number of at least 0"), field=name, name=name
                )
        if self.present > self.members_total:
            raise ValidationError(
                N_("present ({present}) exceeds members_total ({members_total})"),
                field="present",
                present=self.present,
                members_total=self.members_total,
            )
        if self.kind == SELECTION:
            if not _is_count(self.quota) or not 1 <= (self.quota or 0) <= len(self.options):
                raise ValidationError(
                    N_("The quota must be between 1 and the number of candidates ({count})"),
                    field="quota",
                    count=len(self.options),
                )
        elif self.quota is not None:
            raise ValidationError(N_("Only a selection poll has a quota"), field="quota")
        if self.kind == RATING:
            if not self.levels or len(set(self.levels)) != len(self.levels):
                raise ValidationError(
                    N_("A rating poll needs a list of distinct levels"), field="levels"
                )
            if ABSTAIN in self.levels:
                raise ValidationError(
                    N_("abstain is not a level: an unmarked box is already abstain"),
                    field="levels",
                )
            for level in self.positive_levels:
                if level not in self.levels:
                    raise ValidationError(
                        N_("The positive level {level} is not one of the levels"),
                        field="positive_levels",
                        level=level,
                    )
            if len(set(self.positive_levels)) != len(self.positive_levels):
                raise ValidationError(
                    N_("A positive level is listed twice"), field="positive_levels"
                )
        elif self.levels or self.positive_levels:
            raise ValidationError(N_("Only a rating poll has levels"), field="levels")
        if self.threshold is None and self.kind != RATING:
            raise ValidationError(
                N_("A selection or motion poll needs a threshold"), field="threshold"
            )

    @property
    def allowed_marks(self) -> frozenset[str]:
        """The values a ballot may give an option: for/against/abstain, or a level."""
        if self.kind == RATING:
            return frozenset(self.levels) | {ABSTAIN}
        return VOTE_MARKS

    @property
    def option_numbers(self) -> frozenset[int]:
        return frozenset(option.no for option in self.options)


@dataclass(frozen=True)
class BallotRecord:
    """One paper ballot as entered: its serial, whether the clerk declared it void, and
    the marked boxes (option number → mark). An option missing from ``marks`` is abstain."""

    serial: int
    void: bool
    marks: dict[int, str]


K = TypeVar("K", bound="Hashable")


def _count_elements_py(mapping: dict[Any, int], iterable: Iterable[Any]) -> None:
    for element in iterable:
        mapping[element] = mapping.get(element, 0) + 1


# What Counter.update calls underneath (C in CPython); called directly it saves the
# per-ballot Mapping check, a measurable part of recounting 20,000 ballots.
_count_elements: Callable[[dict[Any, int], Iterable[Any]], None] = getattr(
    collections, "_count_elements", _count_elements_py
)


class MarkCounter(Generic[K]):
    """Adds up ballots one at a time, applying the per-ballot rules (declared void,
    overvoted selection ballot). Keys of ``marks`` may be of any type; the caller maps them
    to option numbers afterwards (the recount reads them as strings from JSON)."""

    __slots__ = ("counts", "quota", "returned", "valid", "void", "void_counts")

    def __init__(self, quota: int | None) -> None:
        self.quota = quota
        self.returned = 0
        self.valid = 0
        self.void = 0
        # (key, mark) → count, over valid ballots only.
        self.counts: dict[tuple[K, str], int] = {}
        # The same over void ballots: not counted, kept so a reader can check their marks.
        self.void_counts: dict[tuple[K, str], int] = {}

    def add(self, void: bool, marks: Mapping[K, str]) -> bool:
        """Count one ballot; returns whether it was valid."""
        self.returned += 1
        if void or (self.quota is not None and countOf(marks.values(), FOR) > self.quota):
            self.void += 1
            _count_elements(self.void_counts, marks.items())
            return False
        self.valid += 1
        _count_elements(self.counts, marks.items())
        return True


def ballot_is_void(spec: PollSpec, ballot: BallotRecord) -> bool:
    """Declared void, or a selection ballot with more ``for`` marks than the quota."""
    if ballot.void:
        return True
    if spec.kind == SELECTION and spec.quota is not None:
        return countOf(ballot.marks.values(), FOR) > spec.quota
    return False


@dataclass(frozen=True)
class OptionResult:
    """The count for one option.

    Selection and motion fill ``votes_for``/``against``/``abstain`` (they add up to
    ``valid``). Rating fills ``levels`` (level → count, every level present), ``abstain``,
    ``positive`` (ballots marking a positive level) and ``positive_rate`` =
    positive / valid (``None`` when valid is 0). ``outcome`` is one of :data:`OUTCOMES`,
    or ``None`` for a rating option of a valid poll.
    """

    no: int
    name: str
    votes_for: int = 0
    against: int = 0
    abstain: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    positive: int = 0
    positive_rate: Fraction | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class TallyResult:
    """The result of one poll. ``chosen`` is in rank order (most ``for`` first, then option
    number), ``tied`` in option-number order; ``unfilled`` = quota − len(chosen) for a
    selection poll, 0 otherwise. ``threshold_votes`` is the minimum ``for`` that passes
    (0 for a rating poll without a threshold)."""

    kind: str
    quota: int | None
    poll_valid: bool
    issued: int
    returned: int
    valid: int
    void: int
    threshold_votes: int
    options: tuple[OptionResult, ...]
    chosen: tuple[int, ...]
    tied: tuple[int, ...]
    unfilled: int

    def option(self, no: int) -> OptionResult:
        for result in self.options:
            if result.no == no:
                return result
        raise KeyError(no)


def check_ballot(spec: PollSpec, ballot: BallotRecord) -> None:
    """Raise :class:`ValidationError` if the ballot names an unknown option or mark."""
    _check_marks(spec.option_numbers, spec.allowed_marks, ballot)


def _check_marks(numbers: frozenset[int], allowed: frozenset[str], ballot: BallotRecord) -> None:
    for no, mark in ballot.marks.items():
        if no not in numbers:
            raise ValidationError(
                N_("Ballot {serial}: unknown option number {option}"),
                field="marks",
                serial=ballot.serial,
                option=no,
            )
        if mark not in allowed:
            raise ValidationError(
                N_("Ballot {serial}: unknown mark {mark} for option {option}"),
                field="marks",
                serial=ballot.serial,
                mark=mark,
                option=no,
            )


def tally(spec: PollSpec, ballots: Iterable[BallotRecord]) -> TallyResult:
    """Count the ballots of a poll under the rules of this module.

    Raises :class:`ValidationError` for a ballot naming an unknown option or mark, or for a
    serial that appears twice.
    """
    counter: MarkCounter[int] = MarkCounter(spec.quota if spec.kind == SELECTION else None)
    seen: set[int] = set()
    numbers, allowed = spec.option_numbers, spec.allowed_marks
    for ballot in ballots:
        if ballot.serial in seen:
            raise ValidationError(
                N_("Ballot serial {serial} appears twice"), field="serial", serial=ballot.serial
            )
        seen.add(ballot.serial)
        _check_marks(numbers, allowed, ballot)
        counter.add(ballot.void, ballot.marks)
    return tally_from_counts(
        spec,
        returned=counter.returned,
        valid=counter.valid,
        void=counter.void,
        counts=counter.counts,
    )


def tally_from_counts(
    spec: PollSpec,
    *,
    returned: int,
    valid: int,
    void: int,
    counts: Mapping[tuple[int, str], int],
) -> TallyResult:
    """Turn accumulated counts ((option no, mark) → number of valid ballots) into outcomes."""
    poll_valid = returned <= spec.issued
    threshold_votes = 0
    if spec.threshold is not None:
        threshold_votes = spec.threshold.votes_needed(
            spec.threshold.base_value(
                members_total=spec.members_total,
                present=spec.present,
                returned=returned,
                valid=valid,
            )
        )
    if spec.kind == RATING:
        return _rating(spec, poll_valid, returned, valid, void, threshold_votes, counts)

    votes = {o.no: counts.get((o.no, FOR), 0) for o in spec.options}
    outcome: dict[int, str] = {}
    chosen: list[int] = []
    tied: list[int] = []
    if not poll_valid:
        outcome = dict.fromkeys(votes, POLL_INVALID)
    elif spec.kind == MOTION:
        outcome = {no: PASSED if n >= threshold_votes else FAILED for no, n in votes.items()}
    else:
        quota = spec.quota or 0
        over = sorted(
            (no for no, n in votes.items() if n >= threshold_votes),
            key=lambda no: (-votes[no], no),
        )
        if len(over) > quota and votes[over[quota - 1]] == votes[over[quota]]:
            cut = votes[over[quota - 1]]
            chosen = [no for no in over if votes[no] > cut]
            tied = sorted(no for no in over if votes[no] == cut)
        else:
            chosen = over[:quota]
        outcome = dict.fromkeys(votes, NOT_CHOSEN)
        outcome.update(dict.fromkeys(chosen, CHOSEN))
        outcome.update(dict.fromkeys(tied, TIE))

    options = []
    for option in spec.options:
        n_for = votes[option.no]
        n_against = counts.get((option.no, AGAINST), 0)
        options.append(
            OptionResult(
                no=option.no,
                name=option.name,
                votes_for=n_for,
                against=n_against,
                abstain=valid - n_for - n_against,
                outcome=outcome[option.no],
            )
        )
    return TallyResult(
        kind=spec.kind,
        quota=spec.quota,
        poll_valid=poll_valid,
        issued=spec.issued,
        returned=returned,
        valid=valid,
        void=void,
        threshold_votes=threshold_votes,
        options=tuple(options),
        chosen=tuple(chosen),
        tied=tuple(tied),
        unfilled=(spec.quota or 0) - len(chosen) if spec.kind == SELECTION else 0,
    )


def _rating(
    spec: PollSpec,
    poll_valid: bool,
    returned: int,
    valid: int,
    void: int,
    threshold_votes: int,
    counts: Mapping[tuple[int, str], int],
) -> TallyResult:
    options = []
    for option in spec.options:
        levels = {level: counts.get((option.no, level), 0) for level in spec.levels}
        positive = sum(levels[level] for level in spec.positive_levels)
        options.append(
            OptionResult(
                no=option.no,
                name=option.name,
                abstain=valid - sum(levels.values()),
                levels=levels,
                positive=positive,
                positive_rate=Fraction(positive, valid) if valid else None,
                outcome=None if poll_valid else POLL_INVALID,
            )
        )
    return TallyResult(
        kind=spec.kind,
        quota=None,
        poll_valid=poll_valid,
        issued=spec.issued,
        returned=returned,
        valid=valid,
        void=void,
        threshold_votes=threshold_votes,
        options=tuple(options),
        chosen=(),
        tied=(),
        unfilled=0,
    )


@dataclass(frozen=True)
class InvariantViolation:
    """One broken invariant: a stable ``code``, an English ``template`` with ``params``,
    and the option it concerns (if any). ``message`` is in the user's language."""

    code: str
    template: str
    params: dict[str, int] = field(default_factory=dict)
    option_no: int | None = None

    @property
    def english(self) -> str:
        return self.template.format(**self.params)

    @property
    def message(self) -> str:
        from desktop.i18n import gettext

        return gettext(self.template).format(**self.params)


def check_invariants(result: TallyResult) -> list[InvariantViolation]:
    """The invariants a tally must satisfy before it can be certified (DESIGN.md §4).

    * ``issued ≥ returned`` (code ``returned_exceeds_issued``);
    * ``returned = valid + void`` (``returned_mismatch``);
    * per option, for + against + abstain = valid, or for rating the level counts plus
      abstain = valid (``option_sum_mismatch``); no count is negative (``negative_count``);
    * selection: total ``for`` ≤ K × valid (``too_many_for``).

    An empty list means the tally may be certified.
    """
    violations: list[InvariantViolation] = []
    if result.returned > result.issued:
        violations.append(
            InvariantViolation(
                "returned_exceeds_issued",
                N_("Ballots returned ({returned}) exceed ballots issued ({issued})"),
                {"returned": result.returned, "issued": result.issued},
            )
        )
    if result.returned != result.valid + result.void:
        violations.append(
            InvariantViolation(
                "returned_mismatch",
                N_("Returned ({returned}) is not valid ({valid}) + void ({void})"),
                {"returned": result.returned, "valid": result.valid, "void": result.void},
            )
        )
    for option in result.options:
        if result.kind == RATING:
            parts = [*option.levels.values(), option.abstain]
        else:
            parts = [option.votes_for, option.against, option.abstain]
        if any(part < 0 for part in parts):
            violations.append(
                InvariantViolation(
                    "negative_count",
                    N_("Option {option} has a negative count"),
                    {"option": option.no},
                    option.no,
                )
            )
        if sum(parts) != result.valid:
            violations.append(
                InvariantViolation(
                    "option_sum_mismatch",
                    N_("Option {option}: the counts add up to {total}, not valid ({valid})"),
                    {"option": option.no, "total": sum(parts), "valid": result.valid},
                    option.no,
                )
            )
    if result.kind == SELECTION:
        total_for = sum(option.votes_for for option in result.options)
        limit = (result.quota or 0) * result.valid
        if total_for > limit:
            violations.append(
                InvariantViolation(
                    "too_many_for",
                    N_("Total for ({total}) exceeds quota × valid ({limit})"),
                    {"total": total_for, "limit": limit},
                )
            )
    return violations
