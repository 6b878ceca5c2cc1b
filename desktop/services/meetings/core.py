"""Street deliberation-representative meetings (街道议事代表会议): lifecycle and quorum.

Lifecycle: ``planned`` → ``in_session`` → ``closed``. Opening a meeting freezes the roster
into ``attendance`` rows (active representatives of the meeting's term with a vote; deputies
who attend street meetings without one) and freezes ``members_total`` and ``quorum_rule`` on
the meeting, so later roster edits never change a past meeting. A closed meeting is
read-only; an administrator may correct it with a stated reason, and the correction is
audited. Sign-in lives in :mod:`desktop.services.meetings.signin`, the agenda in
:mod:`desktop.services.meetings.agenda`, resolutions and minutes in :mod:`desktop.services.meetings.minutes`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import new_id, utcnow
from desktop.models.meetings import AgendaItem, Attendance, Meeting, Resolution
from desktop.models.roster import Community, Deputy, Representative, Term
from desktop.services import audit, edits
from desktop.services import settings as settings_service
from desktop.services.counting import QuorumRule
from desktop.services.meetings import township
from desktop.services.permissions import Actor, Permission

EDITABLE_FIELDS = (
    "title",
    "number",
    "starts_at",
    "venue",
    "convener",
    "presiding",
    "minute_taker",
    "notice_text",
    "minutes_text",
)
STATUS_LABELS = {
    "planned": N_("Meeting planned"),
    "in_session": N_("Meeting in session"),
    "closed": N_("Meeting closed"),
}
ATTENDANCE_LABELS = {
    "expected": N_("Not signed in"),
    "present": N_("Present"),
    "on_leave": N_("On leave"),
    "absent": N_("Absent"),
}


@dataclass(frozen=True)
class MeetingInfo:
    id: str
    term_id: str | None
    term_name: str
    number: int
    title: str
    starts_at: datetime
    venue: str
    convener: str
    presiding: str
    minute_taker: str
    status: str
    quorum_rule: str
    members_total: int
    opened_at: datetime | None
    closed_at: datetime | None
    notice_text: str
    minutes_text: str
    version: int
    #: ``representatives`` or ``township_congress`` (desktop.services.meetings.township).
    kind: str = "representatives"


@dataclass(frozen=True)
class AttendanceRow:
    id: str
    meeting_id: str
    representative_id: str | None
    deputy_id: str | None
    name: str
    name_initials: str
    name_sort: str
    community_name: str
    community_order: int
    voting: bool
    status: str
    signed_at: datetime | None
    leave_reason: str
    sign_method: str


@dataclass(frozen=True)
class QuorumStatus:
    """应到 / 实到 / 请假 / 缺席 / 未到 of the voting members, and whether they make a quorum.

    ``absent`` counts only those recorded absent: during a meeting someone who has not
    signed in yet is ``not_arrived`` (未到), not absent; closing the meeting records every
    one of them absent, so a closed meeting has ``not_arrived == 0``.
    """

    members_total: int
    present: int
    on_leave: int
    absent: int
    needed: int
    quorate: bool
    rule: str = "more_than_half"
    deputies_total: int = 0
    deputies_present: int = 0
    not_arrived: int = 0


# ---------------------------------------------------------------- helpers


def initials(name: str) -> str:
    """Pinyin initials, lower case: 张伟强 → zwq — the roster's rule, so the sign-in desk and
    the people search agree (surnames such as 单 read as their surname reading)."""
    from desktop.services.roster.search import initials as roster_initials

    return roster_initials(name)


def _info(m: Meeting, term_name: str = "") -> MeetingInfo:
    return MeetingInfo(
        id=m.id,
        term_id=m.term_id,
        term_name=term_name,
        number=m.number,
        title=m.title,
        starts_at=m.starts_at,
        venue=m.venue,
        convener=m.convener,
        presiding=m.presiding,
        minute_taker=m.minute_taker,
        status=m.status,
        quorum_rule=m.quorum_rule,
        members_total=m.members_total,
        opened_at=m.opened_at,
        closed_at=m.closed_at,
        notice_text=m.notice_text,
        minutes_text=m.minutes_text,
        version=m.version,
        kind=m.kind or "representatives",
    )


def attendance_row(a: Attendance) -> AttendanceRow:
    return AttendanceRow(
        id=a.id,
        meeting_id=a.meeting_id,
        representative_id=a.representative_id,
        deputy_id=a.deputy_id,
        name=a.name,
        name_initials=a.name_initials,
        name_sort=a.name_sort,
        community_name=a.community_name,
        community_order=a.community_order,
        voting=a.voting,
        status=a.status,
        signed_at=a.signed_at,
        leave_reason=a.leave_reason,
        sign_method=a.sign_method,
    )


def _snapshot(m: Meeting) -> dict[str, Any]:
    return {
        f: getattr(m, f)
        for f in (*EDITABLE_FIELDS, "status", "members_total", "quorum_rule", "kind")
    }


def load_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFound(N_("No such meeting: {id}"), id=meeting_id)
    return meeting


def check_editable(meeting: Meeting, actor: Actor, reason: str = "") -> str:
    """Refuse a change to a closed meeting unless an administrator gives a reason.

    Returns the audit action suffix: ``"correct"`` for a correction of a closed meeting,
    ``""`` otherwise.
    """
    actor.require(Permission.EDIT_DATA)
    if meeting.status != "closed":
        return ""
    if not actor.can(Permission.CORRECT_CERTIFIED):
        raise ConflictError(
            N_("Meeting {number} is closed and read-only; only an administrator can correct it."),
            number=meeting.number,
        )
    if not reason.strip():
        raise ValidationError(
            N_("A correction to a closed meeting needs a reason."), field="reason"
        )
    return "correct"


def term_name(session: Session, term_id: str | None) -> str:
    if term_id is None:
        return ""
    term = session.get(Term, term_id)
    return term.name if term is not None else ""


def current_term_id(session: Session) -> str | None:
    return session.scalar(
        select(Term.id)
        .where(Term.deleted_at.is_(None), Term.status == "current")
        .order_by(Term.started_on.desc())
        .limit(1)
    )


# ---------------------------------------------------------------- reads


def list_meetings(session: Session, actor: Actor, term_id: str | None = None) -> list[MeetingInfo]:
    actor.require(Permission.VIEW)
    query = select(Meeting).where(Meeting.deleted_at.is_(None))
    if term_id is not None:
        query = query.where(Meeting.term_id == term_id)
    names = {t.id: t.name for t in session.scalars(select(Term))}
    rows = session.scalars(query.order_by(Meeting.starts_at.desc()))
    return [_info(m, names.get(m.term_id or "", "")) for m in rows]


def get_meeting(session: Session, actor: Actor, meeting_id: str) -> MeetingInfo:
    actor.require(Permission.VIEW)
    meeting = load_meeting(session, meeting_id)
    return _info(meeting, term_name(session, meeting.term_id))


def attendance(session: Session, actor: Actor, meeting_id: str) -> list[AttendanceRow]:
    """The frozen attendance of an opened meeting: voting members by community, then deputies."""
    actor.require(Permission.VIEW)
    load_meeting(session, meeting_id)
    rows = session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))
        .order_by(
            Attendance.voting.desc(),
            Attendance.community_order,
            Attendance.community_name,
            Attendance.name_sort,
            Attendance.name,
        )
    )
    return [attendance_row(a) for a in rows]


def expected_roster(session: Session, actor: Actor, meeting_id: str) -> list[AttendanceRow]:
    """Who is expected: the frozen rows once the meeting is open, else today's roster
    (what the sign-in sheet printed before the meeting lists)."""
    actor.require(Permission.VIEW)
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "planned":
        return attendance(session, actor, meeting_id)
    pairs, _stale = planned_roster(session, meeting)
    frozen = [
        replace(
            attendance_row(fresh),  # names as the roster has them today…
            id=kept.id,  # …with the leave recorded in advance
            status=kept.status,
            leave_reason=kept.leave_reason,
            sign_method=kept.sign_method,
        )
        if kept is not None
        else attendance_row(fresh)
        for fresh, kept in pairs
    ]
    return sorted(
        frozen,
        key=lambda r: (not r.voting, r.community_order, r.community_name, r.name_sort),
    )


def quorum_status(session: Session, meeting_id: str) -> QuorumStatus:
    """Counts and quorum of a meeting, from its frozen attendance (integers only).

    Before opening, ``members_total`` is the current roster's size and nobody is present.
    """
    meeting = load_meeting(session, meeting_id)
    rule_name = meeting.quorum_rule
    if meeting.status == "planned":
        rule_name = settings_service.load(session).quorum_rule
        pairs, _stale = planned_roster(session, meeting)
        total = sum(1 for fresh, _kept in pairs if fresh.voting)
        deputies = len(pairs) - total
        counts: dict[tuple[bool, str], int] = {}
        for fresh, kept in pairs:
            if kept is not None and kept.status == "on_leave":  # leave recorded in advance
                key = (bool(fresh.voting), "on_leave")
                counts[key] = counts.get(key, 0) + 1
    else:
        total = meeting.members_total
        counts = {
            (bool(voting), str(status)): int(n)
            for voting, status, n in session.execute(
                select(Attendance.voting, Attendance.status, func.count())
                .where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))
                .group_by(Attendance.voting, Attendance.status)
            )
        }
        deputies = sum(n for (voting, _s), n in counts.items() if not voting)
    present = counts.get((True, "present"), 0)
    on_leave = counts.get((True, "on_leave"), 0)
    absent = counts.get((True, "absent"), 0)
    rule = QuorumRule.from_name(rule_name)
    return QuorumStatus(
        members_total=total,
        present=present,
        on_leave=on_leave,
        absent=absent,
        not_arrived=total - present - on_leave - absent,
        needed=rule.members_needed(total),
        quorate=rule.is_quorate(total, present),
        rule=rule_name,
        deputies_total=deputies,
        deputies_present=counts.get((False, "present"), 0),
    )


def require_quorum(session: Session, meeting_id: str) -> QuorumStatus:
    """Raise ConflictError unless the meeting is in session with a quorum present (a vote
    may open only then)."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "in_session":
        raise ConflictError(
            N_("Meeting {number} is not in session; a vote can only be held during the meeting."),
            number=meeting.number,
        )
    status = quorum_status(session, meeting_id)
    if not status.quorate:
        raise ConflictError(
            N_("No quorum: {present} of {total} members present, {needed} needed."),
            present=status.present,
            total=status.members_total,
            needed=status.needed,
        )
    return status


# ---------------------------------------------------------------- changes


def _validate_fields(changes: dict[str, Any]) -> None:
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError(N_("The meeting needs a title."), field="title")
    if "number" in changes:
        number = changes["number"]
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValidationError(
                N_("The meeting number must be a whole number from 1."), field="number"
            )
    if "starts_at" in changes:
        starts = changes["starts_at"]
        if not isinstance(starts, datetime) or starts.tzinfo is None:
            raise ValidationError(N_("The meeting needs a date and time."), field="starts_at")
    for key, value in changes.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(N_("Unknown meeting field: {key}"), field=key, key=key)
        if isinstance(value, str) and key in ("venue", "convener", "presiding", "minute_taker"):
            limit = 200 if key == "venue" else 64
            if len(value) > limit:
                raise ValidationError(N_("{key} is too long."), field=key, key=key)


def next_number(session: Session, term_id: str | None, kind: str = "representatives") -> int:
    """The next 第N次会议 of the term; a township congress counts its own sessions."""
    query = select(func.max(Meeting.number)).where(
        Meeting.deleted_at.is_(None), Meeting.kind == kind
    )
    query = query.where(
        Meeting.term_id.is_(None) if term_id is None else Meeting.term_id == term_id
    )
    return int(session.scalar(query) or 0) + 1


def create_meeting(
    session: Session,
    actor: Actor,
    *,
    title: str,
    starts_at: datetime,
    venue: str = "",
    convener: str = "",
    presiding: str = "",
    minute_taker: str = "",
    notice_text: str = "",
    number: int | None = None,
    term_id: str | None = None,
    kind: str = "representatives",
) -> MeetingInfo:
    """A planned meeting. ``kind`` ``township_congress`` (乡镇人代会: the township's deputies
    vote) is open to a township only (desktop.services.meetings.township)."""
    actor.require(Permission.EDIT_DATA)
    township.check_kind(session, kind)
    if term_id is None:
        term_id = current_term_id(session)
    elif session.get(Term, term_id) is None:
        raise NotFound(N_("No such term: {id}"), id=term_id)
    if number is None:
        number = next_number(session, term_id, kind)
    fields: dict[str, Any] = {
        "title": title.strip(),
        "number": number,
        "starts_at": starts_at,
        "venue": venue.strip(),
        "convener": convener.strip(),
        "presiding": presiding.strip(),
        "minute_taker": minute_taker.strip(),
        "notice_text": notice_text,
    }
    _validate_fields(fields)
    _check_number_free(session, term_id, number, None, kind)
    meeting = Meeting(term_id=term_id, status="planned", minutes_text="", kind=kind, **fields)
    meeting.quorum_rule = settings_service.load(session).quorum_rule
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "meeting.create", "meeting", meeting.id, after=_snapshot(meeting))
    return _info(meeting, term_name(session, term_id))


def _check_number_free(
    session: Session,
    term_id: str | None,
    number: int,
    meeting_id: str | None,
    kind: str = "representatives",
) -> None:
    query = select(Meeting.id).where(
        Meeting.deleted_at.is_(None), Meeting.number == number, Meeting.kind == kind
    )
    query = query.where(
        Meeting.term_id.is_(None) if term_id is None else Meeting.term_id == term_id
    )
    if meeting_id is not None:
        query = query.where(Meeting.id != meeting_id)
    if session.scalar(query.limit(1)) is not None:
        raise ConflictError(N_("This term already has a meeting number {number}."), number=number)


def update_meeting(
    session: Session, actor: Actor, meeting_id: str, *, reason: str = "", **changes: Any
) -> MeetingInfo:
    meeting = load_meeting(session, meeting_id)
    correction = check_editable(meeting, actor, reason)
    changes = {
        k: (v.strip() if isinstance(v, str) and k not in ("notice_text", "minutes_text") else v)
        for k, v in changes.items()
    }
    _validate_fields(changes)
    if "number" in changes:
        _check_number_free(session, meeting.term_id, changes["number"], meeting.id, meeting.kind)
    edits.apply_changes(
        session,
        actor,
        meeting,
        changes,
        action="meeting.correct" if correction else "meeting.update",
        reason=reason,
    )
    return _info(meeting, term_name(session, meeting.term_id))


def delete_meeting(session: Session, actor: Actor, meeting_id: str) -> None:
    """Only a planned meeting can be deleted (soft delete)."""
    actor.require(Permission.EDIT_DATA)
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "planned":
        raise ConflictError(N_("Only a planned meeting can be deleted; this one has been held."))
    meeting.deleted_at = utcnow()
    for item in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)):
        item.deleted_at = meeting.deleted_at
    for res in session.scalars(select(Resolution).where(Resolution.meeting_id == meeting_id)):
        res.deleted_at = meeting.deleted_at
    for att in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)):
        att.deleted_at = meeting.deleted_at  # leave recorded before the meeting
    audit.record(session, actor, "meeting.delete", "meeting", meeting.id, before=_snapshot(meeting))


def _roster_rows(session: Session, meeting: Meeting) -> list[Attendance]:
    """Unsaved attendance rows for today's roster of the meeting's term: its representatives
    with a vote and the deputies who attend without one — of a township congress, the
    township's deputies, each with a vote."""
    communities = {
        c.id: (c.name, c.sort_order)
        for c in session.scalars(select(Community).where(Community.deleted_at.is_(None)))
    }

    def row(person: Representative | Deputy, *, voting: bool) -> Attendance:
        community, order = communities.get(person.community_id or "", ("", 1 << 30))
        is_rep = isinstance(person, Representative)
        return Attendance(
            id=new_id(),
            meeting_id=meeting.id,
            representative_id=person.id if is_rep else None,
            deputy_id=None if is_rep else person.id,
            name=person.name,
            name_initials=(person.name_initials or initials(person.name)).lower(),
            community_name=community,
            community_order=order,
            voting=voting,
            status="expected",
            leave_reason="",
            sign_method="",
        )

    if township.is_congress(meeting):
        return [row(dep, voting=True) for dep in township.congress_deputies(session)]
    rows: list[Attendance] = []
    if meeting.term_id is not None:
        reps = session.scalars(
            select(Representative).where(
                Representative.term_id == meeting.term_id,
                Representative.status == "active",
                Representative.deleted_at.is_(None),
            )
        )
        rows.extend(row(rep, voting=True) for rep in reps)
    deputies = session.scalars(
        select(Deputy).where(
            Deputy.attends_street_meetings.is_(True),
            Deputy.status == "active",
            Deputy.deleted_at.is_(None),
        )
    )
    rows.extend(row(dep, voting=False) for dep in deputies)
    return rows


def _person(a: Attendance) -> tuple[str, str]:
    return ("r", a.representative_id) if a.representative_id else ("d", a.deputy_id or "")


FROZEN_FIELDS = (
    "name",
    "name_initials",
    "name_sort",
    "community_name",
    "community_order",
    "voting",
)


def planned_roster(
    session: Session, meeting: Meeting
) -> tuple[list[tuple[Attendance, Attendance | None]], list[Attendance]]:
    """A planned meeting's roster as it stands today, paired with any row saved for the same
    person before the meeting (leave recorded in advance): ``(pairs, stale)`` where ``pairs``
    is ``(fresh unsaved row, saved row or None)`` per person and ``stale`` the saved rows of
    people who have left the roster since (dropped when the meeting opens)."""
    saved = {
        _person(a): a
        for a in session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.deleted_at.is_(None)
            )
        )
    }
    pairs = [(fresh, saved.pop(_person(fresh), None)) for fresh in _roster_rows(session, meeting)]
    return pairs, list(saved.values())


def open_meeting(session: Session, actor: Actor, meeting_id: str) -> QuorumStatus:
    """planned → in_session: freeze the roster, members total and quorum rule."""
    actor.require(Permission.EDIT_DATA)
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "planned":
        raise ConflictError(N_("Meeting {number} has been opened already."), number=meeting.number)
    pairs, stale = planned_roster(session, meeting)
    members = sum(1 for fresh, _kept in pairs if fresh.voting)
    if members == 0:
        raise ValidationError(
            township.NO_MEMBERS.get(meeting.kind, township.NO_MEMBERS["representatives"]),
            field="term_id",
        )
    now = utcnow()
    for fresh, kept in pairs:
        if kept is None:
            session.add(fresh)
            continue
        for field in FROZEN_FIELDS:  # freeze today's names on rows saved in advance
            if getattr(kept, field) != getattr(fresh, field):
                setattr(kept, field, getattr(fresh, field))
    for gone in stale:  # left the roster after their leave was recorded
        gone.deleted_at = now
    rows = [fresh for fresh, _kept in pairs]
    meeting.members_total = members
    meeting.quorum_rule = settings_service.load(session).quorum_rule
    meeting.status = "in_session"
    meeting.opened_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "meeting.open",
        "meeting",
        meeting.id,
        after={
            "members_total": members,
            "deputies": len(rows) - members,
            "quorum_rule": meeting.quorum_rule,
        },
    )
    return quorum_status(session, meeting_id)


def close_meeting(session: Session, actor: Actor, meeting_id: str) -> QuorumStatus:
    """in_session → closed: whoever never signed in is recorded absent; then read-only."""
    actor.require(Permission.EDIT_DATA)
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "in_session":
        raise ConflictError(N_("Meeting {number} is not in session."), number=meeting.number)
    unsigned = session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id,
            Attendance.status == "expected",
            Attendance.deleted_at.is_(None),
        )
    ).all()
    for row in unsigned:
        row.status = "absent"
        row.sign_method = "manual"
    meeting.status = "closed"
    meeting.closed_at = utcnow()
    session.flush()
    status = quorum_status(session, meeting_id)
    audit.record(
        session,
        actor,
        "meeting.close",
        "meeting",
        meeting.id,
        after={"present": status.present, "on_leave": status.on_leave, "absent": status.absent},
    )
    return status
