"""Ballot entry: QR/serial check, marks, void, undo, edit, double entry and its mismatches,
and the test deck (样票).

The QR printed on each ballot is ``YS1|<poll short id>|<serial>|<mac>`` with
``mac = first 10 hex of HMAC-SHA256(poll secret, "<poll id>|<serial>")`` (DESIGN.md §4).
Test-deck ballots have serials ``T1``, ``T2`` …; they are accepted only while the poll is a
draft (the test run) and refused by an open poll. A clerk may also type a bare serial number
(no QR to check: the serial must have been printed and not entered yet).

Every entry commits in its own transaction with ``PRAGMA synchronous=FULL``
(:func:`entry_transaction`), so a ballot the clerk saw accepted survives a power cut.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.outbox import STREET_CODE_KEY
from desktop.models.polls import Ballot, Poll
from desktop.services import audit, counting
from desktop.services.permissions import Actor, Permission
from desktop.services.polls.tally import mismatches, records, to_record
from desktop.services.polls.views import (
    PollView,
    get_poll,
    load_poll,
    marks_from_json,
    marks_to_json,
    spec_for,
)

QR_PREFIX = "YS1"
TEST_PREFIX = "T"
VOID_REASONS = (
    N_("Torn or defaced"),
    N_("Cannot tell the voter's intent"),
    N_("Not an official ballot"),
)


class BallotFlag(ValidationError):
    """A scanned or typed ballot that must not be counted; ``code`` says why:
    ``bad_format``, ``unknown_poll``, ``wrong_poll``, ``bad_mac``, ``duplicate``,
    ``not_printed``, ``test_ballot``, ``not_test``, ``closed``."""

    def __init__(self, code: str, template: str, /, **params: Any) -> None:
        self.code = code
        super().__init__(template, field="serial", **params)


@dataclass(frozen=True)
class ScannedBallot:
    """A serial that passed the checks and may be marked now."""

    poll_id: str
    serial: int
    is_test: bool
    scanned: bool  # came from a QR (mac checked) rather than typed

    @property
    def label(self) -> str:
        return f"{TEST_PREFIX}{self.serial}" if self.is_test else str(self.serial)


@dataclass(frozen=True)
class EnteredBallot:
    id: str
    serial: int
    is_test: bool
    entry_pass: int
    void: bool
    void_reason: str
    marks: dict[int, str]
    entered_by: str


@dataclass(frozen=True)
class DeckBallot:
    serial: int  # printed as T<serial>
    void: bool
    marks: dict[int, str]
    note: str  # what the ballot tests, in Chinese


@dataclass(frozen=True)
class DeckCheck:
    expected: counting.TallyResult
    entered: counting.TallyResult
    missing: tuple[int, ...]
    differing: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.differing and self.expected == self.entered


# ---------------------------------------------------------------- durable transactions


@contextmanager
def entry_transaction(db: Database) -> Iterator[Session]:
    """One ballot-entry action = one transaction committed with ``synchronous=FULL``.

    SQLite refuses to change the safety level inside a transaction, so the PRAGMA is set on
    the connection before BEGIN and put back to NORMAL after the commit (DESIGN.md §2).
    """
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA synchronous=FULL")
        try:
            session = db.factory(bind=conn)
            session.info[STREET_CODE_KEY] = db.street_code
            try:
                with session.begin():
                    yield session
            finally:
                session.close()
        finally:
            conn.rollback()
            raw.execute("PRAGMA synchronous=NORMAL")


# ---------------------------------------------------------------- QR


def ballot_mac(secret: str, poll_id: str, serial: str) -> str:
    key = bytes.fromhex(secret)
    return hmac.new(key, f"{poll_id}|{serial}".encode(), sha256).hexdigest()[:10]


def qr_text(poll: Poll, serial: int, *, test: bool = False) -> str:
    label = f"{TEST_PREFIX}{serial}" if test else str(serial)
    return f"{QR_PREFIX}|{poll.short_id}|{label}|{ballot_mac(poll.secret, poll.id, label)}"


def qr_texts(
    session: Session, poll_id: str, first: int, last: int, *, test: bool = False
) -> list[str]:
    poll = load_poll(session, poll_id)
    return [qr_text(poll, serial, test=test) for serial in range(first, last + 1)]


def _serial_label(text: str) -> tuple[int, bool] | None:
    text = text.strip().upper()
    is_test = text.startswith(TEST_PREFIX)
    digits = text[1:] if is_test else text
    if not digits.isascii() or not digits.isdecimal() or len(digits) > 7:
        return None
    serial = int(digits)
    return (serial, is_test) if serial >= 1 else None


def check_serial(
    session: Session,
    poll_id: str,
    text: str,
    *,
    entry_pass: int = 1,
    actor: Actor | None = None,
) -> ScannedBallot:
    """Check a scanned QR text or a typed serial for ``poll_id``; raise :class:`BallotFlag`.
    With ``actor``, also flag a ballot whose other pass this user entered."""
    poll = load_poll(session, poll_id)
    raw = text.strip()
    scanned = raw.upper().startswith(QR_PREFIX + "|")
    if scanned:
        parts = raw.split("|")
        if len(parts) != 4:
            raise BallotFlag("bad_format", N_("Not a Yishi ballot code: {text}"), text=raw)
        _, short_id, label, mac = parts
        if short_id != poll.short_id:
            other = session.scalar(select(Poll).where(Poll.short_id == short_id))
            if other is None:
                raise BallotFlag(
                    "unknown_poll", N_("Ballot of an unknown poll ({short})"), short=short_id
                )
            raise BallotFlag(
                "wrong_poll",
                N_("This ballot belongs to another poll: {title}"),
                title=other.title,
            )
        if not hmac.compare_digest(ballot_mac(poll.secret, poll.id, label), mac.lower()):
            raise BallotFlag("bad_mac", N_("The ballot code does not verify (forged or misread)"))
    else:
        label = raw
    parsed = _serial_label(label)
    if parsed is None:
        raise BallotFlag("bad_format", N_("Not a ballot serial: {text}"), text=raw)
    serial, is_test = parsed
    if poll.status == "certified":
        raise BallotFlag("closed", N_("The poll is certified and locked"))
    if is_test and poll.status != "draft":
        raise BallotFlag("test_ballot", N_("A test ballot (样票) cannot be counted in a real poll"))
    if not is_test and poll.status == "draft":
        raise BallotFlag(
            "not_test", N_("The poll is not open; only test ballots (样票) can be entered")
        )
    limit = len(sample_deck(get_poll(session, poll_id))) if is_test else poll.printed
    if serial > limit:
        raise BallotFlag("not_printed", N_("Serial {serial} was never printed"), serial=serial)
    if entry_pass == 2 and not poll.double_entry:
        raise ConflictError(N_("Double entry is not switched on for this poll"))
    existing = session.scalar(
        select(Ballot).where(
            Ballot.poll_id == poll_id,
            Ballot.is_test.is_(is_test),
            Ballot.entry_pass == entry_pass,
            Ballot.serial == serial,
            Ballot.deleted_at.is_(None),
        )
    )
    if existing is not None:
        raise BallotFlag(
            "duplicate",
            N_("Ballot {serial} has already been entered (by {user})"),
            serial=label.upper(),
            user=existing.entered_by,
        )
    if actor is not None:
        _require_other_person(session, actor, poll_id, serial, is_test, entry_pass)
    return ScannedBallot(poll_id, serial, is_test, scanned)


# ---------------------------------------------------------------- entry


def _entered(b: Ballot) -> EnteredBallot:
    return EnteredBallot(
        b.id,
        b.serial,
        b.is_test,
        b.entry_pass,
        b.void,
        b.void_reason,
        marks_from_json(b.marks_json),
        b.entered_by,
    )


def _clean_marks(
    session: Session, poll_id: str, serial: int, marks: dict[int, str]
) -> dict[int, str]:
    spec = spec_for(get_poll(session, poll_id), issued=0)
    clean = {int(k): v for k, v in marks.items() if v != counting.ABSTAIN}
    counting.check_ballot(spec, counting.BallotRecord(serial, False, clean))
    return clean


def _pass_user(
    session: Session, poll_id: str, serial: int, is_test: bool, entry_pass: int
) -> str | None:
    return session.scalar(
        select(Ballot.entered_by).where(
            Ballot.poll_id == poll_id,
            Ballot.serial == serial,
            Ballot.is_test.is_(is_test),
            Ballot.entry_pass == entry_pass,
            Ballot.deleted_at.is_(None),
        )
    )


def _require_other_person(
    session: Session, actor: Actor, poll_id: str, serial: int, is_test: bool, entry_pass: int
) -> None:
    """The two passes of one ballot are entered by two people, whichever pass comes first."""
    other = _pass_user(session, poll_id, serial, is_test, 2 if entry_pass == 1 else 1)
    if other is not None and other == actor.username:
        raise ConflictError(
            N_(
                "You entered the other pass of ballot {serial}; "
                "its two passes must be entered by two different people"
            ),
            serial=serial,
        )


def _open_disagreement(session: Session, ballot: Ballot) -> bool:
    """Whether the ballot's other pass is entered and reads differently (an open mismatch)."""
    other = session.scalar(
        select(Ballot).where(
            Ballot.poll_id == ballot.poll_id,
            Ballot.serial == ballot.serial,
            Ballot.is_test.is_(ballot.is_test),
            Ballot.entry_pass == (2 if ballot.entry_pass == 1 else 1),
            Ballot.deleted_at.is_(None),
        )
    )
    return other is not None and to_record(other) != to_record(ballot)


def _require_own_undecided(session: Session, actor: Actor, ballot: Ballot) -> None:
    """A user changes or withdraws only a pass they entered, and not once it disagrees with
    the other pass: from then on only a scrutineer settles it (:func:`decide_mismatch`)."""
    if ballot.entered_by != actor.username:
        raise PermissionDenied(
            N_(
                "Ballot {serial} (pass {entry_pass}) was entered by {user}; only they can change it"
            ),
            serial=ballot.serial,
            entry_pass=ballot.entry_pass,
            user=ballot.entered_by,
        )
    if _open_disagreement(session, ballot):
        raise ConflictError(
            N_("The two passes of ballot {serial} disagree; a scrutineer settles it with a reason"),
            serial=ballot.serial,
        )


def enter_ballot(
    session: Session,
    actor: Actor,
    poll_id: str,
    text: str,
    marks: dict[int, str],
    *,
    void: bool = False,
    void_reason: str = "",
    entry_pass: int = 1,
) -> EnteredBallot:
    """Record one ballot: ``text`` is the scanned QR or typed serial (checked again here),
    ``marks`` option number → for/against/abstain or a rating level. A ballot declared void
    needs a reason. In double entry, the two passes are entered by two different users,
    whichever pass comes first."""
    actor.require(Permission.ENTER_BALLOTS)
    if entry_pass not in (1, 2):
        raise ValidationError(N_("The entry pass must be 1 or 2"), field="entry_pass")
    scanned = check_serial(session, poll_id, text, entry_pass=entry_pass)
    if void and not void_reason.strip():
        raise ValidationError(N_("A void ballot needs a reason"), field="void_reason")
    clean = _clean_marks(session, poll_id, scanned.serial, marks)
    _require_other_person(session, actor, poll_id, scanned.serial, scanned.is_test, entry_pass)
    ballot = Ballot(
        poll_id=poll_id,
        serial=scanned.serial,
        is_test=scanned.is_test,
        entry_pass=entry_pass,
        void=void,
        void_reason=void_reason.strip() if void else "",
        marks_json=marks_to_json(clean),
        entered_by=actor.username,
        entered_at=utcnow(),
    )
    session.add(ballot)
    session.flush()
    audit.record(
        session,
        actor,
        "ballot.enter",
        "ballot",
        ballot.id,
        after={
            "serial": scanned.label,
            "pass": entry_pass,
            "void": void,
            "marks": ballot.marks_json,
        },
    )
    return _entered(ballot)


def _live(session: Session, poll_id: str, serial: int, entry_pass: int, is_test: bool) -> Ballot:
    ballot = session.scalar(
        select(Ballot).where(
            Ballot.poll_id == poll_id,
            Ballot.serial == serial,
            Ballot.entry_pass == entry_pass,
            Ballot.is_test.is_(is_test),
            Ballot.deleted_at.is_(None),
        )
    )
    if ballot is None:
        raise NotFound(N_("Ballot {serial} has not been entered"), serial=serial)
    return ballot


def _require_unlocked(session: Session, poll_id: str) -> Poll:
    poll = load_poll(session, poll_id)
    if poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    return poll


def undo_last(
    session: Session, actor: Actor, poll_id: str, *, entry_pass: int = 1
) -> EnteredBallot | None:
    """Withdraw the ballot this user entered last in this pass (the row stays, deleted)."""
    actor.require(Permission.ENTER_BALLOTS)
    _require_unlocked(session, poll_id)
    last = session.scalar(
        select(Ballot)
        .where(
            Ballot.poll_id == poll_id,
            Ballot.entry_pass == entry_pass,
            Ballot.entered_by == actor.username,
            Ballot.deleted_at.is_(None),
        )
        .order_by(Ballot.entered_at.desc(), Ballot.id.desc())
        .limit(1)
    )
    if last is None:
        return None
    _require_own_undecided(session, actor, last)
    last.deleted_at = utcnow()
    audit.record(
        session,
        actor,
        "ballot.undo",
        "ballot",
        last.id,
        before={"serial": last.serial, "void": last.void, "marks": last.marks_json},
    )
    return _entered(last)


def edit_ballot(
    session: Session,
    actor: Actor,
    poll_id: str,
    serial: int,
    marks: dict[int, str],
    *,
    void: bool,
    void_reason: str = "",
    reason: str,
    entry_pass: int = 1,
    is_test: bool = False,
) -> EnteredBallot:
    """Change a ballot this user entered, before certification, with a reason in the audit
    row; not once its two passes disagree (then a scrutineer decides)."""
    actor.require(Permission.ENTER_BALLOTS)
    _require_unlocked(session, poll_id)
    if not reason.strip():
        raise ValidationError(N_("Say why the ballot is changed"), field="reason")
    if void and not void_reason.strip():
        raise ValidationError(N_("A void ballot needs a reason"), field="void_reason")
    ballot = _live(session, poll_id, serial, entry_pass, is_test)
    _require_own_undecided(session, actor, ballot)
    clean = _clean_marks(session, poll_id, serial, marks)
    before = {"void": ballot.void, "void_reason": ballot.void_reason, "marks": ballot.marks_json}
    ballot.void = void
    ballot.void_reason = void_reason.strip() if void else ""
    ballot.marks_json = marks_to_json(clean)
    audit.record(
        session,
        actor,
        "ballot.edit",
        "ballot",
        ballot.id,
        before=before,
        after={"void": ballot.void, "void_reason": ballot.void_reason, "marks": ballot.marks_json},
        reason=reason.strip(),
    )
    return _entered(ballot)


def decide_mismatch(
    session: Session,
    actor: Actor,
    poll_id: str,
    serial: int,
    *,
    marks: dict[int, str] | None,
    void: bool = False,
    void_reason: str = "",
    reason: str,
) -> None:
    """A scrutineer settles a double-entry mismatch with a stated reason: both passes get
    the decided record, or (``marks=None``) the serial is withdrawn from both passes."""
    actor.require(Permission.CERTIFY)
    poll = _require_unlocked(session, poll_id)
    if not reason.strip():
        raise ValidationError(N_("A decision needs a stated reason"), field="reason")
    if void and not void_reason.strip():
        raise ValidationError(N_("A void ballot needs a reason"), field="void_reason")
    open_serials = {m.serial for m in mismatches(session, poll_id)}
    if serial not in open_serials:
        raise ConflictError(N_("Ballot {serial} has no open mismatch"), serial=serial)
    now = utcnow()
    rows = {
        b.entry_pass: b
        for b in session.scalars(
            select(Ballot).where(
                Ballot.poll_id == poll_id,
                Ballot.serial == serial,
                Ballot.is_test.is_(False),
                Ballot.deleted_at.is_(None),
            )
        )
    }
    if marks is None:
        for row in rows.values():
            row.deleted_at = now
            row.decided_by = actor.username
            row.decision_reason = reason.strip()
        audit.record(
            session,
            actor,
            "ballot.decide",
            "poll",
            poll.id,
            after={"serial": serial, "withdrawn": True},
            reason=reason.strip(),
        )
        return
    clean = _clean_marks(session, poll_id, serial, marks)
    for entry_pass in (1, 2):
        existing = rows.get(entry_pass)
        if existing is not None:
            row = existing
        else:
            row = Ballot(
                poll_id=poll_id,
                serial=serial,
                is_test=False,
                entry_pass=entry_pass,
                entered_by=actor.username,
                entered_at=now,
            )
            session.add(row)
        row.void = void
        row.void_reason = void_reason.strip() if void else ""
        row.marks_json = marks_to_json(clean)
        row.decided_by = actor.username
        row.decision_reason = reason.strip()
    session.flush()
    audit.record(
        session,
        actor,
        "ballot.decide",
        "poll",
        poll.id,
        after={"serial": serial, "void": void, "marks": marks_to_json(clean)},
        reason=reason.strip(),
    )


def recent(
    session: Session, poll_id: str, *, entry_pass: int = 1, limit: int = 50
) -> list[EnteredBallot]:
    rows = session.scalars(
        select(Ballot)
        .where(
            Ballot.poll_id == poll_id, Ballot.entry_pass == entry_pass, Ballot.deleted_at.is_(None)
        )
        .order_by(Ballot.entered_at.desc(), Ballot.id.desc())
        .limit(limit)
    )
    return [_entered(b) for b in rows]


def ballot_json(ballot: EnteredBallot) -> str:
    return json.dumps({str(k): v for k, v in sorted(ballot.marks.items())}, ensure_ascii=False)


# ---------------------------------------------------------------- test deck


def sample_deck(poll: PollView) -> list[DeckBallot]:
    """The test deck: every option marked once, one overvoted (or, where there is no
    quota, declared void), two blank. Serials T1, T2, …"""
    nos = [o.no for o in poll.options]
    deck: list[DeckBallot] = []
    if poll.kind == "selection":
        size = poll.quota or 1
        for start in range(0, len(nos), size):
            chunk = nos[start : start + size]
            deck.append(DeckBallot(0, False, dict.fromkeys(chunk, "for"), "每项各赞成一次"))
        over = nos[: (poll.quota or 0) + 1]
        if len(over) > (poll.quota or 0):
            deck.append(DeckBallot(0, False, dict.fromkeys(over, "for"), "赞成超过应选数（废票）"))
    elif poll.kind == "motion":
        cycle = ("for", "against")
        deck.append(
            DeckBallot(0, False, {no: cycle[i % 2] for i, no in enumerate(nos)}, "每项各标记一次")
        )
        deck.append(DeckBallot(0, True, dict.fromkeys(nos, "for"), "宣布作废的选票"))
    else:
        levels = poll.levels
        deck.append(
            DeckBallot(
                0,
                False,
                {no: levels[i % len(levels)] for i, no in enumerate(nos)},
                "每项各标记一次",
            )
        )
        deck.append(DeckBallot(0, True, dict.fromkeys(nos, levels[0]), "宣布作废的选票"))
    deck.append(DeckBallot(0, False, {}, "空白票"))
    deck.append(DeckBallot(0, False, {}, "空白票"))
    return [DeckBallot(i, b.void, b.marks, b.note) for i, b in enumerate(deck, 1)]


def sample_deck_records(poll: PollView) -> list[counting.BallotRecord]:
    return [counting.BallotRecord(b.serial, b.void, b.marks) for b in sample_deck(poll)]


def sample_deck_expected(poll: PollView) -> counting.TallyResult:
    records = sample_deck_records(poll)
    return counting.tally(spec_for(poll, issued=len(records)), records)


def check_sample_deck(session: Session, poll_id: str) -> DeckCheck:
    """Compare the test ballots entered so far with the deck's expected result."""
    poll = get_poll(session, poll_id)
    expected_records = {r.serial: r for r in sample_deck_records(poll)}
    entered = {r.serial: r for r in records(session, poll_id, is_test=True)}
    spec = spec_for(poll, issued=len(expected_records))
    return DeckCheck(
        expected=counting.tally(spec, expected_records.values()),
        entered=counting.tally(spec, entered.values()),
        missing=tuple(sorted(set(expected_records) - set(entered))),
        differing=tuple(
            sorted(
                s for s in entered if s in expected_records and entered[s] != expected_records[s]
            )
        ),
    )
