"""Polls (票决 / 表决 / 测评): set-up, opening on a quorum, closing, tally, certification,
correction after certification, export for an independent recount, and the minutes section.

The counting itself is :mod:`desktop.services.counting` (pure); this module turns stored
ballots into :class:`~desktop.services.counting.BallotRecord` s and applies it. Ballot entry
(QR check, double entry, undo, edit) is :mod:`desktop.services.polls.ballots`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.meetings import AgendaItem, Meeting
from desktop.models.polls import (
    POLL_KINDS,
    THRESHOLD_BASES,
    Ballot,
    BallotPrintLog,
    Poll,
    PollOption,
    TallyCertificate,
)
from desktop.services import audit, counting
from desktop.services.counting import tally_io
from desktop.services.meetings import minutes_hooks, require_quorum
from desktop.services.permissions import Actor, Permission

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
BASE_WORDS = {
    "members_total": "全体组成人员",
    "present": "出席会议人员",
    "returned": "收回选票",
    "valid": "有效选票",
}
# The result code is computed in tally_io so that ``yishi tally`` (which must not import
# SQLAlchemy) prints the very code the certified report carries.
canonical_ballots = tally_io.canonical_ballots
result_hash = tally_io.result_hash
short_code = tally_io.short_code

MARK_WORDS = {"for": "赞成", "against": "反对", "abstain": "弃权"}
OUTCOME_WORDS = {
    "chosen": "当选",
    "not_chosen": "未当选",
    "tie": "票数相同，另行投票",
    "passed": "通过",
    "failed": "未通过",
    "poll_invalid": "投票无效",
}
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
    groups: dict[str, list[int]] = {}
    for no, mark in sorted(marks.items()):
        groups.setdefault(mark, []).append(no)
    order = [m for m in MARK_WORDS if m in groups] + [m for m in groups if m not in MARK_WORDS]
    parts = []
    for mark in order:
        names = "、".join(
            f"{no} {titles[no]}" if titles and titles.get(no) else str(no) for no in groups[mark]
        )
        parts.append(f"{MARK_WORDS.get(mark, mark)} {names}")
    return "　".join(parts) or "空白"


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
    digits = "〇一二三四五六七八九十"
    if ratio == 1:
        return "全部"

    def number(n: int) -> str:
        if n <= 10:
            return digits[n]
        if n < 20:
            return "十" + (digits[n - 10] if n > 10 else "")
        tens, ones = divmod(n, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "") if n < 100 else str(n)

    return f"{number(ratio.denominator)}分之{number(ratio.numerator)}"


def threshold_words(poll: PollView, votes_needed: int | None = None) -> str:
    if poll.threshold_base is None:
        return "本次测评不设通过门槛"
    ratio = parse_ratio(poll.threshold_ratio)
    base = BASE_WORDS[poll.threshold_base]
    known = {"members_total": poll.members_total, "present": poll.present}.get(poll.threshold_base)
    base_text = f"{base}（{known}人）" if known is not None else base
    verb = "超过" if poll.threshold_strict else "达到"
    text = f"赞成票{verb}{base_text}的{ratio_words(ratio)}"
    if votes_needed is not None:
        text += f"，即至少{votes_needed}票"
    return text


def _json_list(text: str) -> tuple[str, ...]:
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


def _options(session: Session, poll_id: str) -> list[PollOption]:
    return list(
        session.scalars(
            select(PollOption)
            .where(PollOption.poll_id == poll_id, PollOption.deleted_at.is_(None))
            .order_by(PollOption.no)
        )
    )


def _view(session: Session, poll: Poll) -> PollView:
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
        levels=_json_list(poll.levels_json),
        positive_levels=_json_list(poll.positive_levels_json),
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
            for o in _options(session, poll.id)
        ),
    )


def get_poll(session: Session, poll_id: str) -> PollView:
    return _view(session, load_poll(session, poll_id))


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


def _new_short_id(session: Session) -> str:
    while True:
        candidate = "".join(secrets.choice(SHORT_ID_ALPHABET) for _ in range(6))
        if session.scalar(select(Poll.id).where(Poll.short_id == candidate)) is None:
            return candidate


def _snapshot(poll: Poll) -> dict[str, Any]:
    keys = (
        "title",
        "kind",
        "status",
        "quota",
        "levels_json",
        "threshold_base",
        "threshold_ratio",
        "threshold_strict",
        "members_total",
        "present",
        "issued",
        "printed",
        "double_entry",
    )
    return {k: getattr(poll, k) for k in keys}


def _validate(
    kind: str,
    title: str,
    options: Sequence[OptionInput],
    quota: int | None,
    levels: Sequence[str],
    positive_levels: Sequence[str],
    threshold_base: str | None,
    threshold_ratio: str,
) -> None:
    if kind not in POLL_KINDS:
        raise ValidationError(N_("The poll kind must be selection, motion or rating"), field="kind")
    if not title.strip():
        raise ValidationError(N_("The poll needs a title"), field="title")
    if not options or any(not o.title.strip() for o in options):
        raise ValidationError(N_("Every option needs a title"), field="options")
    if len(options) > 40:
        raise ValidationError(N_("A ballot holds at most 40 options"), field="options")
    if kind == "rating" and len(options) > 10:
        raise ValidationError(N_("A rating ballot holds at most 10 subjects"), field="options")
    if kind == "rating" and len(levels) > 4:
        raise ValidationError(N_("A rating has at most 4 levels"), field="levels")
    if threshold_base is not None and threshold_base not in THRESHOLD_BASES:
        raise ValidationError(
            N_("The threshold base must be members_total, present, returned or valid"),
            field="threshold_base",
        )
    parse_ratio(threshold_ratio)
    # The pure rules check everything else (quota range, levels, threshold presence).
    counting.PollSpec(
        kind=kind,
        options=tuple(counting.PollOption(i, o.title) for i, o in enumerate(options, 1)),
        issued=0,
        members_total=0,
        present=0,
        threshold=(
            counting.Threshold(threshold_base, parse_ratio(threshold_ratio), True)
            if threshold_base
            else None
        ),
        quota=quota if kind == "selection" else None,
        levels=tuple(levels) if kind == "rating" else (),
        positive_levels=tuple(positive_levels) if kind == "rating" else (),
    )


# ---------------------------------------------------------------- set-up


def create_poll(
    session: Session,
    actor: Actor,
    *,
    title: str,
    kind: str,
    options: Sequence[OptionInput],
    quota: int | None = None,
    levels: Sequence[str] = (),
    positive_levels: Sequence[str] = (),
    threshold_base: str | None = "present",
    threshold_ratio: str = "1/2",
    threshold_strict: bool = True,
    meeting_id: str | None = None,
    agenda_item_id: str | None = None,
    members_total: int = 0,
    present: int = 0,
    double_entry: bool = False,
) -> PollView:
    """A new draft poll, attached to a meeting's agenda item or standalone."""
    actor.require(Permission.EDIT_DATA)
    if kind == "rating" and not levels:
        levels = DEFAULT_RATING_LEVELS
        positive_levels = positive_levels or DEFAULT_RATING_LEVELS[:2]
    _validate(kind, title, options, quota, levels, positive_levels, threshold_base, threshold_ratio)
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise NotFound(N_("Agenda item not found"))
        meeting_id = meeting_id or item.meeting_id
    if meeting_id is not None and session.get(Meeting, meeting_id) is None:
        raise NotFound(N_("Meeting not found"))
    poll = Poll(
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        short_id=_new_short_id(session),
        title=title.strip(),
        kind=kind,
        quota=quota if kind == "selection" else None,
        levels_json=json.dumps(list(levels) if kind == "rating" else [], ensure_ascii=False),
        positive_levels_json=json.dumps(
            list(positive_levels) if kind == "rating" else [], ensure_ascii=False
        ),
        threshold_base=threshold_base,
        threshold_ratio=threshold_ratio,
        threshold_strict=threshold_strict,
        members_total=members_total,
        present=present,
        issued=0,
        printed=0,
        status="draft",
        double_entry=double_entry,
        secret=secrets.token_hex(32),
    )
    session.add(poll)
    session.flush()
    for no, option in enumerate(options, 1):
        session.add(
            PollOption(
                poll_id=poll.id,
                no=no,
                title=option.title.strip(),
                description=option.description,
                estimated_cost=option.estimated_cost,
                department=option.department,
            )
        )
    session.flush()
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is not None and item.poll_id is None:
            item.poll_id = poll.id  # the agenda item names the poll voted under it
    audit.record(session, actor, "poll.create", "poll", poll.id, after=_snapshot(poll))
    return _view(session, poll)


def _require_draft(poll: Poll) -> None:
    if poll.status != "draft":
        raise ConflictError(N_("Only a draft poll can be changed"))


def update_poll(session: Session, actor: Actor, poll_id: str, **changes: Any) -> PollView:
    """Change a draft poll's settings (title, quota, threshold_*, members_total, present,
    double_entry)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    allowed = {
        "title",
        "quota",
        "threshold_base",
        "threshold_ratio",
        "threshold_strict",
        "members_total",
        "present",
        "double_entry",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            N_("Unknown field {name}"), field=sorted(unknown)[0], name=sorted(unknown)[0]
        )
    if set(changes) - {"double_entry"}:
        _require_draft(poll)
    elif poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    switching = "double_entry" in changes and bool(changes["double_entry"]) != poll.double_entry
    if switching and ballots_entered(session, poll_id):
        raise ConflictError(
            N_(
                "Ballots have been entered: double entry can now be changed only by a "
                "scrutineer, with a reason"
            )
        )
    before = _snapshot(poll)
    for key, value in changes.items():
        setattr(poll, key, value)
    view = _view(session, poll)
    _validate(
        view.kind,
        view.title,
        [OptionInput(o.title) for o in view.options],
        view.quota,
        view.levels,
        view.positive_levels,
        view.threshold_base,
        view.threshold_ratio,
    )
    audit.record(
        session, actor, "poll.update", "poll", poll.id, before=before, after=_snapshot(poll)
    )
    return view


def ballots_entered(session: Session, poll_id: str) -> bool:
    """Whether any real ballot of the poll was ever entered (withdrawn ones count too)."""
    return (
        session.scalar(
            select(Ballot.id).where(Ballot.poll_id == poll_id, Ballot.is_test.is_(False)).limit(1)
        )
        is not None
    )


def set_double_entry(
    session: Session, actor: Actor, poll_id: str, on: bool, *, reason: str = ""
) -> PollView:
    """Switch double entry on or off. Before the first ballot any clerk may; once a ballot is
    entered the setting is fixed, and changing it takes a scrutineer and a stated reason (in
    the audit row). Nothing is discarded: a second pass already entered stays, and so does
    every disagreement between the passes until a scrutineer decides it."""
    poll = load_poll(session, poll_id)
    if poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    if poll.double_entry == on:
        return _view(session, poll)
    if not ballots_entered(session, poll_id):
        return update_poll(session, actor, poll_id, double_entry=on)
    actor.require(Permission.CERTIFY)
    if not reason.strip():
        raise ValidationError(
            N_("Ballots have been entered: say why double entry is changed"), field="reason"
        )
    before = _snapshot(poll)
    poll.double_entry = on
    audit.record(
        session,
        actor,
        "poll.update",
        "poll",
        poll.id,
        before=before,
        after=_snapshot(poll),
        reason=reason.strip(),
    )
    return _view(session, poll)


def set_options(
    session: Session, actor: Actor, poll_id: str, options: Sequence[OptionInput]
) -> PollView:
    """Replace a draft poll's options (numbered 1.. in the given order)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    view = _view(session, poll)
    _validate(
        view.kind,
        view.title,
        options,
        view.quota,
        view.levels,
        view.positive_levels,
        view.threshold_base,
        view.threshold_ratio,
    )
    now = utcnow()
    before = [o.title for o in view.options]
    for old in _options(session, poll.id):
        old.deleted_at = now
    session.flush()
    for no, option in enumerate(options, 1):
        session.add(
            PollOption(
                poll_id=poll.id,
                no=no,
                title=option.title.strip(),
                description=option.description,
                estimated_cost=option.estimated_cost,
                department=option.department,
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        "poll.options",
        "poll",
        poll.id,
        before={"options": before},
        after={"options": [o.title for o in options]},
    )
    return _view(session, poll)


def _meeting_quorum(session: Session, meeting_id: str) -> tuple[int, int]:
    """(members_total, present) of a meeting in session with a quorum, else ConflictError."""
    status = require_quorum(session, meeting_id)
    return int(status.members_total), int(status.present)


def open_poll(session: Session, actor: Actor, poll_id: str) -> PollView:
    """Open the vote. A poll attached to a meeting opens only while the meeting is quorate;
    members_total and present are then frozen from the meeting. Test-deck ballots are
    cleared (kept as deleted rows)."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    before = _snapshot(poll)
    if poll.meeting_id:
        poll.members_total, poll.present = _meeting_quorum(session, poll.meeting_id)
    spec_for(_view(session, poll))
    now = utcnow()
    for ballot in session.scalars(
        select(Ballot).where(
            Ballot.poll_id == poll.id, Ballot.is_test.is_(True), Ballot.deleted_at.is_(None)
        )
    ):
        ballot.deleted_at = now
    poll.status = "open"
    poll.opened_at = now
    audit.record(session, actor, "poll.open", "poll", poll.id, before=before, after=_snapshot(poll))
    return _view(session, poll)


def close_voting(session: Session, actor: Actor, poll_id: str, issued: int) -> PollView:
    """End the vote: record the number of ballots issued (发出票数); counting may continue."""
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    if poll.status not in ("open", "counting"):
        raise ConflictError(N_("Only an open poll can be closed"))
    if isinstance(issued, bool) or not isinstance(issued, int) or issued < 0:
        raise ValidationError(
            N_("Ballots issued must be a whole number of at least 0"), field="issued"
        )
    before = _snapshot(poll)
    poll.issued = issued
    poll.status = "counting"
    poll.closed_at = poll.closed_at or utcnow()
    audit.record(
        session, actor, "poll.close", "poll", poll.id, before=before, after=_snapshot(poll)
    )
    return _view(session, poll)


def delete_poll(session: Session, actor: Actor, poll_id: str) -> None:
    actor.require(Permission.EDIT_DATA)
    poll = load_poll(session, poll_id)
    _require_draft(poll)
    poll.deleted_at = utcnow()
    audit.record(session, actor, "poll.delete", "poll", poll.id, before=_snapshot(poll))


# ---------------------------------------------------------------- ballots → records


def _ballot_rows(
    session: Session, poll_id: str, *, is_test: bool = False, entry_pass: int | None = None
) -> list[Ballot]:
    query = select(Ballot).where(
        Ballot.poll_id == poll_id, Ballot.deleted_at.is_(None), Ballot.is_test.is_(is_test)
    )
    if entry_pass is not None:
        query = query.where(Ballot.entry_pass == entry_pass)
    return list(session.scalars(query.order_by(Ballot.serial)))


def to_record(ballot: Ballot) -> counting.BallotRecord:
    return counting.BallotRecord(ballot.serial, ballot.void, marks_from_json(ballot.marks_json))


def records(
    session: Session, poll_id: str, *, is_test: bool = False
) -> list[counting.BallotRecord]:
    """The counted ballots (pass 1), in serial order."""
    return [to_record(b) for b in _ballot_rows(session, poll_id, is_test=is_test, entry_pass=1)]


def mismatches(session: Session, poll_id: str) -> list[Mismatch]:
    """Serials whose two passes disagree, or (double entry on) that one pass lacks.

    With double entry switched off after a second pass was entered, the second pass still
    counts: a serial whose passes disagree, or that has only a second pass, stays a mismatch
    until a scrutineer decides it; only a missing second pass is no longer one."""
    poll = load_poll(session, poll_id)
    second = {b.serial: b for b in _ballot_rows(session, poll_id, entry_pass=2)}
    if not poll.double_entry and not second:
        return []
    first = {b.serial: b for b in _ballot_rows(session, poll_id, entry_pass=1)}
    serials = set(first) | set(second) if poll.double_entry else set(second)
    found = []
    for serial in sorted(serials):
        a, b = first.get(serial), second.get(serial)
        ra = to_record(a) if a else None
        rb = to_record(b) if b else None
        if ra != rb:
            found.append(
                Mismatch(serial, ra, rb, a.entered_by if a else "", b.entered_by if b else "")
            )
    return found


def tally_view(session: Session, poll_id: str) -> TallyView:
    poll = get_poll(session, poll_id)
    recs = records(session, poll_id)
    result = counting.tally(spec_for(poll), recs)
    second = len(_ballot_rows(session, poll_id, entry_pass=2)) if poll.double_entry else 0
    return TallyView(
        poll=poll,
        result=result,
        violations=tuple(counting.check_invariants(result)),
        mismatches=tuple(mismatches(session, poll_id)),
        entered_first=len(recs),
        entered_second=second,
    )


# ---------------------------------------------------------------- certification


def _certificate_view(session: Session, cert: TallyCertificate) -> CertificateView:
    previous = session.get(TallyCertificate, cert.previous_id) if cert.previous_id else None
    return CertificateView(
        id=cert.id,
        poll_id=cert.poll_id,
        kind=cert.kind,
        certified_at=cert.certified_at,
        certified_by=cert.certified_by,
        counters=cert.counters,
        scrutineers=cert.scrutineers,
        chief_scrutineer=cert.chief_scrutineer,
        result=json.loads(cert.result_json),
        result_hash=cert.result_hash,
        reason=cert.reason,
        previous_id=cert.previous_id,
        previous_result=json.loads(previous.result_json) if previous else None,
    )


def certificates(session: Session, poll_id: str) -> list[CertificateView]:
    rows = session.scalars(
        select(TallyCertificate)
        .where(TallyCertificate.poll_id == poll_id, TallyCertificate.deleted_at.is_(None))
        .order_by(TallyCertificate.certified_at, TallyCertificate.created_at)
    )
    return [_certificate_view(session, c) for c in rows]


def latest_certificate(session: Session, poll_id: str) -> CertificateView | None:
    certs = certificates(session, poll_id)
    return certs[-1] if certs else None


def certify(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    counters: str,
    scrutineers: str,
    chief_scrutineer: str = "",
) -> CertificateView:
    """Certify the result (scrutineer): refused while an invariant fails or a double-entry
    mismatch is open. Locks the poll."""
    actor.require(Permission.CERTIFY)
    if not counters.strip() or not scrutineers.strip():
        raise ValidationError(N_("Name the counters and the scrutineers"), field="counters")
    view = tally_view(session, poll_id)
    if not view.certifiable:
        raise ConflictError(
            N_("The tally cannot be certified: {reasons}"), reasons="；".join(view.blockers)
        )
    poll = load_poll(session, poll_id)
    recs = records(session, poll_id)
    spec = spec_for(view.poll)
    digest = result_hash(spec, recs, view.result)
    now = utcnow()
    cert = TallyCertificate(
        poll_id=poll.id,
        kind="original",
        certified_at=now,
        certified_by=actor.display_name,
        counters=counters.strip(),
        scrutineers=scrutineers.strip(),
        chief_scrutineer=chief_scrutineer.strip(),
        result_json=json.dumps(
            tally_io.result_to_dict(view.result), ensure_ascii=False, sort_keys=True
        ),
        result_hash=digest,
        reason="",
    )
    session.add(cert)
    before = _snapshot(poll)
    poll.status = "certified"
    poll.certified_at = now
    session.flush()
    audit.record(
        session,
        actor,
        "poll.certify",
        "poll",
        poll.id,
        before=before,
        after={**_snapshot(poll), "result_hash": digest},
    )
    return _certificate_view(session, cert)


def correct(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    serial: int,
    marks: dict[int, str],
    void: bool,
    void_reason: str,
    reason: str,
) -> CertificateView:
    """Correct one ballot of a certified poll (admin, with a reason). Records a correction
    certificate chained to the previous one; the caller prints its supplement."""
    actor.require(Permission.CORRECT_CERTIFIED)
    if not reason.strip():
        raise ValidationError(N_("A correction needs a reason"), field="reason")
    poll = load_poll(session, poll_id)
    if poll.status != "certified":
        raise ConflictError(N_("Only a certified poll is corrected this way"))
    previous = latest_certificate(session, poll_id)
    if previous is None:
        raise ConflictError(N_("The poll has no certificate"))
    view = get_poll(session, poll_id)
    spec = spec_for(view)
    record = counting.BallotRecord(
        serial, void, {k: v for k, v in marks.items() if v != counting.ABSTAIN}
    )
    counting.check_ballot(spec, record)
    rows = [b for b in _ballot_rows(session, poll_id) if b.serial == serial]
    if not rows:
        raise NotFound(N_("Ballot {serial} has not been entered"), serial=serial)
    now = utcnow()
    for row in rows:
        before = {"void": row.void, "void_reason": row.void_reason, "marks": row.marks_json}
        row.void = void
        row.void_reason = void_reason.strip() if void else ""
        row.marks_json = marks_to_json(record.marks)
        audit.record(
            session,
            actor,
            "ballot.correct",
            "ballot",
            row.id,
            before=before,
            after={"void": row.void, "void_reason": row.void_reason, "marks": row.marks_json},
            reason=reason.strip(),
        )
    session.flush()
    recs = records(session, poll_id)
    result = counting.tally(spec, recs)
    violations = counting.check_invariants(result)
    if violations:
        raise ConflictError(
            N_("The tally cannot be certified: {reasons}"),
            reasons="；".join(v.message for v in violations),
        )
    digest = result_hash(spec, recs, result)
    cert = TallyCertificate(
        poll_id=poll.id,
        kind="correction",
        certified_at=now,
        certified_by=actor.display_name,
        counters=previous.counters,
        scrutineers=previous.scrutineers,
        chief_scrutineer=previous.chief_scrutineer,
        result_json=json.dumps(tally_io.result_to_dict(result), ensure_ascii=False, sort_keys=True),
        result_hash=digest,
        previous_id=previous.id,
        reason=reason.strip(),
    )
    session.add(cert)
    session.flush()
    audit.record(
        session,
        actor,
        "poll.correct",
        "poll",
        poll.id,
        before={"result_hash": previous.result_hash},
        after={"result_hash": digest, "serial": serial},
        reason=reason.strip(),
    )
    return _certificate_view(session, cert)


# ---------------------------------------------------------------- print log


def log_print(
    session: Session,
    actor: Actor,
    poll_id: str,
    *,
    count: int,
    layout: str,
    test_deck: bool = False,
    expected_first: int | None = None,
) -> tuple[int, int]:
    """Allocate ``count`` new serials (or the test deck's) and log the print run.

    ``expected_first`` (from :func:`next_serial`, when the PDF was made before this call)
    must still be the next free serial, else ConflictError: someone printed meanwhile.
    Returns (first serial, last serial).
    """
    actor.require(Permission.PRINT_BALLOTS)
    poll = load_poll(session, poll_id)
    if poll.status == "certified":
        raise ConflictError(N_("The poll is certified and locked"))
    if count < 1 or count > 5000:
        raise ValidationError(N_("Print between 1 and 5000 ballots at a time"), field="count")
    if test_deck:
        first, last = 1, count
    else:
        first, last = poll.printed + 1, poll.printed + count
        if expected_first is not None and expected_first != first:
            raise ConflictError(
                N_("Ballots of this poll were printed meanwhile; print again"),
            )
        poll.printed = last
    entry = BallotPrintLog(
        poll_id=poll.id,
        printed_at=utcnow(),
        printed_by=actor.display_name,
        first_serial=first,
        last_serial=last,
        count=count,
        layout=layout,
        test_deck=test_deck,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        "poll.print",
        "ballot_print_log",
        entry.id,
        after={"first": first, "last": last, "layout": layout, "test_deck": test_deck},
    )
    return first, last


def next_serial(session: Session, poll_id: str) -> int:
    """The first serial the next print run will get."""
    return load_poll(session, poll_id).printed + 1


def print_log(session: Session, poll_id: str) -> list[PrintLogView]:
    rows = session.scalars(
        select(BallotPrintLog)
        .where(BallotPrintLog.poll_id == poll_id, BallotPrintLog.deleted_at.is_(None))
        .order_by(BallotPrintLog.printed_at)
    )
    return [
        PrintLogView(
            r.printed_at,
            r.printed_by,
            r.first_serial,
            r.last_serial,
            r.count,
            r.layout,
            r.test_deck,
        )
        for r in rows
    ]


# ---------------------------------------------------------------- export for a recount


def export_recount(
    session: Session, poll_id: str, folder: Path, *, shuffle_seed: int | None = None
) -> tuple[Path, Path]:
    """Write SPEC.json and BALLOTS.jsonl (ballot order shuffled) for ``yishi tally``."""
    view = get_poll(session, poll_id)
    spec = spec_for(view)
    folder.mkdir(parents=True, exist_ok=True)
    spec_path = folder / "SPEC.json"
    ballots_path = folder / "BALLOTS.jsonl"
    spec_path.write_text(tally_io.dump_spec(spec), encoding="utf-8")
    ballots_path.write_text(
        tally_io.dump_ballots(records(session, poll_id), shuffle_seed), encoding="utf-8"
    )
    return spec_path, ballots_path


# ---------------------------------------------------------------- minutes


def result_lines(poll: PollView, result: dict[str, Any]) -> list[str]:
    """Plain Chinese lines describing a result (``yishi tally --json`` shape)."""
    lines = [
        f"发出选票{result['issued']}张，收回{result['returned']}张，"
        f"其中有效票{result['valid']}张、废票{result['void']}张。"
    ]
    if not result["poll_valid"]:
        lines.append("收回票数多于发出票数，本次投票无效。")
        return lines
    names = {o.no: o.title for o in poll.options}
    if poll.kind == "rating":
        for option in result["options"]:
            counts = "、".join(
                f"{level}{option['levels'].get(level, 0)}票" for level in poll.levels
            )
            rate = option["positive_rate"]
            rate_text = ""
            if rate:
                a, b = (int(x) for x in rate.split("/"))
                rate_text = f"，满意率{a * 100 / b:.1f}%" if b else ""
            lines.append(
                f"{names.get(option['no'], option['no'])}：{counts}，弃权{option['abstain']}票{rate_text}。"
            )
        return lines
    lines.append(f"按{threshold_words(poll, result['threshold_votes'])}的规则：")
    for option in result["options"]:
        lines.append(
            f"{option['no']}. {names.get(option['no'], '')}：赞成{option['for']}票，"
            f"反对{option['against']}票，弃权{option['abstain']}票——"
            f"{OUTCOME_WORDS.get(option['outcome'], option['outcome'])}。"
        )
    if poll.kind == "selection":
        if result["tied"]:
            lines.append(f"第{len(result['chosen']) + 1}名起票数相同，需另行投票。")
        elif result["unfilled"]:
            lines.append(f"尚有{result['unfilled']}个名额未选出，需另行投票。")
    return lines


@minutes_hooks.register_vote_results
def _minutes_sections(session: Session, meeting_id: str) -> list[minutes_hooks.VoteResultSection]:
    sections = []
    for summary in reversed(list_polls(session, meeting_id)):
        poll = get_poll(session, summary.id)
        cert = latest_certificate(session, poll.id)
        if cert is None:
            continue
        lines = result_lines(poll, cert.result)
        lines.append(f"计票结果已核验，校验码 {cert.short_code}。")
        sections.append(
            minutes_hooks.VoteResultSection(
                agenda_item_id=poll.agenda_item_id,
                title=poll.title,
                lines=tuple(lines),
                certified=True,
            )
        )
    return sections
