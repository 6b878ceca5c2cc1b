"""Polls (票决 / 表决 / 测评): set-up, ballots, tally, certification, print log, recount export.

The area's public API is re-exported here, so ``from desktop.services import polls`` then
``polls.create_poll(...)`` works. Where each rule lives:

* :mod:`.views` — polls as the UI and reports see them, labels, marks, the counting spec
* :mod:`.setup` — create, edit, options, double entry, open on a quorum, close, delete
* :mod:`.tally` — stored ballots → counting records, mismatches, the tally, recount export
* :mod:`.certification` — certify a tally, correct a certified one
* :mod:`.print_log` — which ballot serials were printed
* :mod:`.minutes` — a certified result in plain Chinese, the minutes' vote-results section
* :mod:`.ballots` — ballot entry, double entry, the test deck

The counting rules themselves are :mod:`desktop.services.counting` (pure, standard library
only, shared with the standalone recount ``yishi tally``).
"""

from __future__ import annotations

from desktop.services.polls.certification import certificates, certify, correct, latest_certificate
from desktop.services.polls.minutes import result_lines
from desktop.services.polls.print_log import log_print, next_serial, print_log
from desktop.services.polls.setup import (
    ballots_entered,
    close_voting,
    create_poll,
    delete_poll,
    open_poll,
    set_double_entry,
    set_options,
    update_poll,
)
from desktop.services.polls.tally import export_recount, mismatches, records, tally_view, to_record
from desktop.services.polls.views import (
    BASE_WORDS,
    DEFAULT_RATING_LEVELS,
    KIND_LABELS,
    MARK_WORDS,
    OUTCOME_WORDS,
    SHORT_ID_ALPHABET,
    STATUS_LABELS,
    CertificateView,
    EntryProgress,
    Mismatch,
    OptionInput,
    OptionView,
    PollSummary,
    PollView,
    PrintLogView,
    TallyView,
    ballots_to_print,
    canonical_ballots,
    entry_progress,
    get_poll,
    list_polls,
    load_poll,
    marks_by_word,
    marks_from_json,
    marks_to_json,
    parse_ratio,
    ratio_words,
    result_hash,
    short_code,
    spec_for,
    threshold_words,
)

__all__ = [
    "BASE_WORDS",
    "DEFAULT_RATING_LEVELS",
    "KIND_LABELS",
    "MARK_WORDS",
    "OUTCOME_WORDS",
    "SHORT_ID_ALPHABET",
    "STATUS_LABELS",
    "CertificateView",
    "EntryProgress",
    "Mismatch",
    "OptionInput",
    "OptionView",
    "PollSummary",
    "PollView",
    "PrintLogView",
    "TallyView",
    "ballots_entered",
    "ballots_to_print",
    "canonical_ballots",
    "certificates",
    "certify",
    "close_voting",
    "correct",
    "create_poll",
    "delete_poll",
    "entry_progress",
    "export_recount",
    "get_poll",
    "latest_certificate",
    "list_polls",
    "load_poll",
    "log_print",
    "marks_by_word",
    "marks_from_json",
    "marks_to_json",
    "mismatches",
    "next_serial",
    "open_poll",
    "parse_ratio",
    "print_log",
    "ratio_words",
    "records",
    "result_hash",
    "result_lines",
    "set_double_entry",
    "set_options",
    "short_code",
    "spec_for",
    "tally_view",
    "threshold_words",
    "to_record",
    "update_poll",
]
