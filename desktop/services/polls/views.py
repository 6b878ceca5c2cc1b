"""Polls as the UI and reports see them: views, labels, marks, the counting spec."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.i18n import N_
from desktop.models.meetings import Meeting
from desktop.models.polls import (
    Ballot,
    Poll,
    PollOption,
)
from desktop.services import counting, wording
from desktop.services.counting import tally_io
from desktop.services.wording import BASE_WORDS as BASE_WORDS
from desktop.services.wording import MARK_WORDS as MARK_WORDS
from desktop.services.wording import OUTCOME_WORDS as OUTCOME_WORDS

STATUS_LABELS = {
    "draft": N_("Draft"),
    "open": N_("Voting"),
    "counting": N_("Counting"),
    "certified": N_("Certified"),
}
KIND_LABELS = {
    "selection": N_("Selection (差额票决)"),
    "motion": N_("Motion (表决)"),
    "rating": N_("Rating (测评)"),
}
# The result code is computed in tally_io so that ``yishi tally`` (which must not import
# SQLAlchemy) prints the very code the certified report carries.
canonical_ballots = tally_io.canonical_ballots
result_hash = tally_io.result_hash
short_code = tally_io.short_code

DEFAULT_RATING_LEVELS = ("满意", "基本满意", "不满意")
SHORT_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# ---------------------------------------------------------------- views (for UI/reports)


@dataclass(frozen=True)
class OptionInput:
    title: str
    description: str = ""
    estimated_cost: int | None = None
    department: str = ""


@dataclass(frozen=True)
class OptionView:
    no: int
    title: str
    description: str
    estimated_cost: int | None
    department: str


@dataclass(frozen=True)
class PollView:
    id: str
    short_id: str
    title: str
    kind: str
    status: str
    quota: int | None
    levels: tuple[str, ...]
    positive_levels: tuple[str, ...]
    threshold_base: str | None
    threshold_ratio: str
    threshold_strict: bool
    members_total: int
    present: int
    issued: int
    printed: int
    double_entry: bool
    meeting_id: str | None
    agenda_item_id: str | None
    meeting_title: str
    options: tuple[OptionView, ...]

    @property
    def locked(self) -> bool:
        return self.status == "certified"

    def threshold_words(self, votes_needed: int | None = None) -> str:
        """E.g. 「赞成票超过出席会议人员（35人）的二分之一，即至少18票」."""
        return threshold_words(self, votes_needed)


@dataclass(frozen=True)
class PollSummary:
    id: str
    short_id: str
    title: str
    kind: str
    status: str
    options: int
    entered: int
    meeting_title: str


@dataclass(frozen=True)
class Mismatch:
    """A serial whose two entry passes disagree (or that only one pass has)."""

    serial: int
    first: counting.BallotRecord | None
    second: counting.BallotRecord | None
    first_by: str
    second_by: str


@dataclass(frozen=True)
class TallyView:
    poll: PollView
    result: counting.TallyResult
    violations: tuple[counting.InvariantViolation, ...]
    mismatches: tuple[Mismatch, ...]
    entered_first: int
    entered_second: int

    @property
    def certifiable(self) -> bool:
        return (
            self.poll.status == "counting"
            and not self.violations
            and not self.mismatches
            and self.result.returned > 0
        )

    @property
    def blockers(self) -> list[str]:
        """Why the poll cannot be certified now, in the user's language."""
        from desktop.i18n import gettext

        reasons = [v.message for v in self.violations]
        if self.mismatches:
            reasons.append(
                gettext(N_("{count} double-entry mismatches are open")).format(
                    count=len(self.mismatches)
                )
            )
        if self.poll.status != "counting":
            reasons.append(gettext(N_("Voting must be closed before certification")))
        if self.result.returned == 0:
            reasons.append(gettext(N_("No ballots have been entered")))
        return reasons


@dataclass(frozen=True)
class EntryProgress:
    """How far ballot entry has got: pass 1 ``first`` of ``expected`` ballots, pass 2
    ``second`` (double entry only). ``expected`` is the number issued once the vote is closed,
    before that the number present (the ballots that can come back)."""

    status: str
    double_entry: bool
    expected: int
    first: int
    second: int

    @property
    def finished(self) -> bool:
        """Entry is over once the vote is closed and (with double entry) pass 2 has caught
        up with pass 1; only then do verdicts (invalid poll, mismatches) mean anything."""
        if self.status in ("draft", "open"):
            return False
        return not (self.double_entry and self.second < self.first)

    def lines(self) -> list[str]:
        """Plain Chinese lines for the counting tab while entry is in progress."""
        of = f"，共{self.expected}张" if self.expected else ""
        out = [f"第一遍录入：已录入{self.first}张{of}。"]
        if self.double_entry:
            out.append(f"第二遍录入：已录入{self.second}张（第一遍{self.first}张）。")
        if self.status in ("draft", "open"):
            out.append("投票尚未结束，录入完成并结束投票后再显示计票结果和校验。")
        else:
            out.append("第二遍录入尚未完成，完成后再显示计票结果和双人录入比对。")
        return out


def marks_by_word(marks: dict[int, str], titles: dict[int, str] | None = None) -> str:
    """One entered ballot in words, naming the options: 「赞成 1、3、5　反对 2」 (with
    ``titles``: 「赞成 1 加装电梯、3 路灯改造」); 「空白」 when nothing is marked."""
    return wording.marks_text(marks, titles)


def ballots_to_print(session: Session, poll_id: str) -> int:
    """The print dialog's default: one ballot for each person who can vote — the members
    present at a meeting in session, else the meeting's roll (应到), else the poll's own
    figures (a standalone poll); never less than one. Ballots already printed are not
    subtracted: a reprint for a lost batch is a conscious change of this number."""
    from desktop.services import meetings as meeting_service

    poll = load_poll(session, poll_id)
    if poll.meeting_id:
        q = meeting_service.quorum_status(session, poll.meeting_id)
        meeting = meeting_service.load_meeting(session, poll.meeting_id)
        if meeting.status == "in_session" and q.present:
            return int(q.present)
        if q.members_total:
            return int(q.members_total)
    return max(int(poll.present or 0) or int(poll.members_total or 0), 1)


def entry_progress(session: Session, poll_id: str) -> EntryProgress:
    """Ballots entered in each pass (two index counts; cheap enough after every ballot)."""
    poll = load_poll(session, poll_id)
    counts = dict(
        session.execute(
            select(Ballot.entry_pass, func.count())
            .where(
                Ballot.poll_id == poll_id,
                Ballot.deleted_at.is_(None),
                Ballot.is_test.is_(False),
            )
            .group_by(Ballot.entry_pass)
        ).all()
    )
    expected = poll.issued if poll.status not in ("draft", "open") else poll.present
    return EntryProgress(
        status=poll.status,
        double_entry=bool(poll.double_entry),
        expected=int(expected or 0),
        first=int(counts.get(1, 0)),
        second=int(counts.get(2, 0)) if poll.double_entry else 0,
    )


@dataclass(frozen=True)
class CertificateView:
    id: str
    poll_id: str
    kind: str
    certified_at: Any
    certified_by: str
    counters: str
    scrutineers: str
    chief_scrutineer: str
    result: dict[str, Any]
    result_hash: str
    reason: str
    previous_id: str | None
    previous_result: dict[str, Any] | None

    @property
    def short_code(self) -> str:
        return short_code(self.result_hash)


@dataclass(frozen=True)
class PrintLogView:
    printed_at: Any
    printed_by: str
    first_serial: int
    last_serial: int
    count: int
    layout: str
    test_deck: bool


# ---------------------------------------------------------------- helpers


def parse_ratio(text: str) -> Fraction:
    return tally_io.parse_ratio(text)


def ratio_words(ratio: Fraction) -> str:
    return wording.ratio_words(ratio)


def threshold_words(poll: PollView, votes_needed: int | None = None) -> str:
    if poll.threshold_base is None:
        return "本次测评不设通过门槛"
    known = {"members_total": poll.members_total, "present": poll.present}.get(poll.threshold_base)
    return wording.threshold_words(
        poll.threshold_base,
        parse_ratio(poll.threshold_ratio),
        poll.threshold_strict,
        known,
        votes_needed,
    )


def json_list(text: str) -> tuple[str, ...]:
    value = json.loads(text or "[]")
    return tuple(str(item) for item in value)


def marks_from_json(text: str) -> dict[int, str]:
    return {int(k): v for k, v in json.loads(text or "{}").items() if v != counting.ABSTAIN}


def marks_to_json(marks: dict[int, str]) -> str:
    clean = {str(no): marks[no] for no in sorted(marks) if marks[no] != counting.ABSTAIN}
    return json.dumps(clean, ensure_ascii=False, separators=(",", ":"))


def load_poll(session: Session, poll_id: str) -> Poll:
    poll = session.get(Poll, poll_id)
    if poll is None or poll.deleted_at is not None:
        raise NotFound(N_("Poll not found"))
    return poll


def options_of(session: Session, poll_id: str) -> list[PollOption]:
    return list(
        session.scalars(
            select(PollOption)
            .where(PollOption.poll_id == poll_id, PollOption.deleted_at.is_(None))
            .order_by(PollOption.no)
        )
    )


def poll_view(session: Session, poll: Poll) -> PollView:
    meeting_title = ""
    if poll.meeting_id:
        meeting = session.get(Meeting, poll.meeting_id)
        meeting_title = meeting.title if meeting else ""
    return PollView(
        id=poll.id,
        short_id=poll.short_id,
        title=poll.title,
        kind=poll.kind,
        status=poll.status,
        quota=poll.quota,
        levels=json_list(poll.levels_json),
        positive_levels=json_list(poll.positive_levels_json),
        threshold_base=poll.threshold_base,
        threshold_ratio=poll.threshold_ratio,
        threshold_strict=poll.threshold_strict,
        members_total=poll.members_total,
        present=poll.present,
        issued=poll.issued,
        printed=poll.printed,
        double_entry=poll.double_entry,
        meeting_id=poll.meeting_id,
        agenda_item_id=poll.agenda_item_id,
        meeting_title=meeting_title,
        options=tuple(
            OptionView(o.no, o.title, o.description, o.estimated_cost, o.department)
            for o in options_of(session, poll.id)
        ),
    )


def get_poll(session: Session, poll_id: str) -> PollView:
    return poll_view(session, load_poll(session, poll_id))


def list_polls(session: Session, meeting_id: str | None = None) -> list[PollSummary]:
    query = select(Poll).where(Poll.deleted_at.is_(None))
    if meeting_id is not None:
        query = query.where(Poll.meeting_id == meeting_id)
    polls = list(session.scalars(query.order_by(Poll.created_at.desc())))
    option_counts = dict(
        session.execute(
            select(PollOption.poll_id, func.count())
            .where(PollOption.deleted_at.is_(None))
            .group_by(PollOption.poll_id)
        ).all()
    )
    entered = dict(
        session.execute(
            select(Ballot.poll_id, func.count())
            .where(Ballot.deleted_at.is_(None), Ballot.entry_pass == 1, Ballot.is_test.is_(False))
            .group_by(Ballot.poll_id)
        ).all()
    )
    titles: dict[str, str] = {}
    ids = {p.meeting_id for p in polls if p.meeting_id}
    if ids:
        titles = dict(
            session.execute(select(Meeting.id, Meeting.title).where(Meeting.id.in_(ids))).all()
        )
    return [
        PollSummary(
            p.id,
            p.short_id,
            p.title,
            p.kind,
            p.status,
            int(option_counts.get(p.id, 0)),
            int(entered.get(p.id, 0)),
            titles.get(p.meeting_id or "", ""),
        )
        for p in polls
    ]


def spec_for(poll: PollView, issued: int | None = None) -> counting.PollSpec:
    """The counting spec of a poll (``issued`` overrides, e.g. for the test deck)."""
    threshold = None
    if poll.threshold_base is not None:
        threshold = counting.Threshold(
            poll.threshold_base, parse_ratio(poll.threshold_ratio), poll.threshold_strict
        )
    return counting.PollSpec(
        kind=poll.kind,
        options=tuple(counting.PollOption(o.no, o.title) for o in poll.options),
        issued=poll.issued if issued is None else issued,
        members_total=poll.members_total,
        present=poll.present,
        threshold=threshold,
        quota=poll.quota if poll.kind == counting.SELECTION else None,
        levels=poll.levels if poll.kind == counting.RATING else (),
        positive_levels=poll.positive_levels if poll.kind == counting.RATING else (),
    )
