"""The counting rules for paper ballots (DESIGN.md §4) and the recount files.

Standard library only: ``yishi tally`` (the independent recount) imports this package without
the database or Qt. Where each rule lives:

* :mod:`.rules` — the counting rules (re-exported here: ``counting.tally(...)``)
* :mod:`.tally_io` — SPEC.json + BALLOTS.jsonl, read and written
"""

from __future__ import annotations

from desktop.services.counting.rules import (
    ABSTAIN,
    AGAINST,
    BASES,
    CHOSEN,
    FAILED,
    FOR,
    KINDS,
    MOTION,
    NOT_CHOSEN,
    OUTCOMES,
    PASSED,
    POLL_INVALID,
    QUORUM_MORE_THAN_HALF,
    QUORUM_TWO_THIRDS,
    RATING,
    SELECTION,
    TIE,
    VOTE_MARKS,
    BallotRecord,
    InvariantViolation,
    K,
    MarkCounter,
    OptionResult,
    PollOption,
    PollSpec,
    QuorumRule,
    TallyResult,
    Threshold,
    ballot_is_void,
    check_ballot,
    check_invariants,
    tally,
    tally_from_counts,
)

__all__ = [
    "ABSTAIN",
    "AGAINST",
    "BASES",
    "CHOSEN",
    "FAILED",
    "FOR",
    "KINDS",
    "MOTION",
    "NOT_CHOSEN",
    "OUTCOMES",
    "PASSED",
    "POLL_INVALID",
    "QUORUM_MORE_THAN_HALF",
    "QUORUM_TWO_THIRDS",
    "RATING",
    "SELECTION",
    "TIE",
    "VOTE_MARKS",
    "BallotRecord",
    "InvariantViolation",
    "K",
    "MarkCounter",
    "OptionResult",
    "PollOption",
    "PollSpec",
    "QuorumRule",
    "TallyResult",
    "Threshold",
    "ballot_is_void",
    "check_ballot",
    "check_invariants",
    "tally",
    "tally_from_counts",
]
