"""The sign-in desk (签到): card scans, name / pinyin-initials look-up, leave and absence.

A USB scanner types the card's QR text (``YSR|<street>|<id>``, see
:mod:`desktop.services.cards`) and presses Enter; a clerk may instead type a name or its
pinyin initials (``zwq`` → 张伟强). Every outcome is explicit: an unknown card, a card of
another street, a retired representative or someone already signed in raises an
:class:`AppError` with a message fit to show at the desk — never a silent change.
Look-ups run over the meeting's frozen attendance rows, which is exactly who may sign in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.meetings import Attendance, Meeting
from desktop.models.roster import Deputy, Representative
from desktop.services import audit, cards
from desktop.services.meetings.core import (
    AttendanceRow,
    attendance_row,
    check_editable,
    load_meeting,
    planned_roster,
)
from desktop.services.permissions import Actor, Permission


@dataclass(frozen=True)
class DeskOutcome:
    """What one desk entry did: ``signed`` is the row just signed in; otherwise
    ``candidates`` lists the people the text could mean (the clerk picks one)."""

    signed: AttendanceRow | None
    candidates: tuple[AttendanceRow, ...] = ()


class LeaveRecorded(ConflictError):
    """The person signing in has leave recorded (usually asked for in advance): the desk
    asks before turning the leave into 出席. ``attendance_id`` is the row to confirm."""

    def __init__(self, attendance_id: str, name: str, reason: str) -> None:
        self.attendance_id = attendance_id
        super().__init__(
            N_(
                "{name} has leave recorded ({reason}). If {name} has come after all, "
                "scan the card again (or choose the name again) to sign in."
            ),
            name=name,
            reason=reason or "—",
        )


def _require_in_session(meeting: Meeting) -> None:
    if meeting.status == "planned":
        raise ConflictError(
            N_("Meeting {number} has not been opened; open it before signing in."),
            number=meeting.number,
        )
    if meeting.status == "closed":
        raise ConflictError(
            N_("Meeting {number} is closed; sign-in is over."), number=meeting.number
        )


def _load_row(session: Session, attendance_id: str) -> Attendance:
    row = session.get(Attendance, attendance_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(N_("No such attendance record: {id}"), id=attendance_id)
    return row


def _mark_present(
    session: Session, actor: Actor, row: Attendance, method: str, confirm_leave: str | None = None
) -> AttendanceRow:
    if row.status == "present":
        signed = row.signed_at.astimezone().strftime("%H:%M") if row.signed_at else ""
        raise ConflictError(N_("{name} signed in already at {time}."), name=row.name, time=signed)
    if row.status == "on_leave" and confirm_leave != row.id:
        raise LeaveRecorded(row.id, row.name, row.leave_reason)
    before = {"status": row.status, "leave_reason": row.leave_reason}
    row.status = "present"
    row.signed_at = utcnow()
    row.sign_method = method
    row.leave_reason = ""
    session.flush()
    audit.record(
        session,
        actor,
        "attendance.sign_in",
        "attendance",
        row.id,
        before=before,
        after={"status": "present", "method": method, "name": row.name},
    )
    return attendance_row(row)


def scan_card(
    session: Session, actor: Actor, meeting_id: str, text: str, confirm_leave: str | None = None
) -> AttendanceRow:
    """Sign in whoever the scanned card belongs to. Someone with leave recorded raises
    :class:`LeaveRecorded` unless ``confirm_leave`` is their attendance id."""
    actor.require(Permission.EDIT_DATA)
    meeting = load_meeting(session, meeting_id)
    _require_in_session(meeting)
    ref = cards.parse_card(text)
    if meeting.street_code and ref.street_code != meeting.street_code:
        raise ValidationError(
            N_("This card belongs to another street ({code})."), field="card", code=ref.street_code
        )
    column = Attendance.representative_id if ref.kind == "representative" else Attendance.deputy_id
    row = session.scalar(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id,
            column == ref.person_id,
            Attendance.deleted_at.is_(None),
        )
    )
    if row is None:
        _explain_unknown(session, meeting, ref)
    assert row is not None
    return _mark_present(session, actor, row, "card", confirm_leave)


def _explain_unknown(session: Session, meeting: Meeting, ref: cards.CardRef) -> None:
    """The card is not on this meeting's frozen roster: say why, precisely."""
    if ref.kind == "representative":
        rep = session.get(Representative, ref.person_id)
        if rep is None or rep.deleted_at is not None:
            raise NotFound(N_("Unknown card: no representative has this card."))
        if rep.status != "active":
            raise ConflictError(
                N_("{name} is no longer a representative (retired); the card is not valid."),
                name=rep.name,
            )
        if rep.term_id != meeting.term_id:
            raise ConflictError(
                N_("{name} is not a representative of this meeting's term."), name=rep.name
            )
        raise ConflictError(
            N_("{name} joined the roster after this meeting opened and is not on its roll."),
            name=rep.name,
        )
    dep = session.get(Deputy, ref.person_id)
    if dep is None or dep.deleted_at is not None:
        raise NotFound(N_("Unknown card: no deputy has this card."))
    if dep.status != "active":
        raise ConflictError(
            N_("{name} is no longer an active deputy; the card is not valid."), name=dep.name
        )
    raise ConflictError(
        N_("{name} is not among the deputies who attend street meetings."), name=dep.name
    )


def search(
    session: Session, actor: Actor, meeting_id: str, text: str, limit: int = 20
) -> list[AttendanceRow]:
    """Rows whose name contains ``text`` or whose pinyin initials start with it; exact
    matches (full name or full initials) first."""
    actor.require(Permission.VIEW)
    query = text.strip()
    if not query:
        return []
    low = query.lower()
    rows = session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None)
        )
    ).all()
    exact = [r for r in rows if r.name == query or r.name_initials == low]
    partial = [
        r
        for r in rows
        if r not in exact
        and (query in r.name or (low.isascii() and r.name_initials.startswith(low)))
    ]
    partial.sort(key=lambda r: r.name_sort)
    return [attendance_row(r) for r in (exact + partial)[:limit]]


def desk_entry(
    session: Session, actor: Actor, meeting_id: str, text: str, confirm_leave: str | None = None
) -> DeskOutcome:
    """What the desk's one field does on Enter.

    A card code signs its owner in. A name or initials that match exactly one person signs
    that person in; anything else returns the candidates for the clerk to choose from.
    Someone with leave recorded is signed in only when ``confirm_leave`` is their
    attendance id (the desk asks first; see :class:`LeaveRecorded`).
    """
    actor.require(Permission.EDIT_DATA)
    if not text.strip():
        raise ValidationError(
            N_("Scan a card or type a name or its pinyin initials."), field="text"
        )
    if cards.looks_like_card(text):
        return DeskOutcome(scan_card(session, actor, meeting_id, text, confirm_leave))
    meeting = load_meeting(session, meeting_id)
    _require_in_session(meeting)
    found = search(session, actor, meeting_id, text)
    if not found:
        raise NotFound(
            N_("Nobody on this meeting's roll matches \u201c{text}\u201d."), text=text.strip()
        )
    query = text.strip()
    exact = [r for r in found if r.name == query or r.name_initials == query.lower()]
    if len(exact) == 1:
        return DeskOutcome(sign_in(session, actor, exact[0].id, "desk", confirm_leave))
    return DeskOutcome(None, tuple(found))


def sign_in(
    session: Session,
    actor: Actor,
    attendance_id: str,
    method: str = "desk",
    confirm_leave: str | None = None,
) -> AttendanceRow:
    """Mark one row present now (someone already present is refused, not re-stamped;
    someone on leave only with ``confirm_leave`` set to this row's id)."""
    actor.require(Permission.EDIT_DATA)
    row = _load_row(session, attendance_id)
    _require_in_session(load_meeting(session, row.meeting_id))
    return _mark_present(session, actor, row, method, confirm_leave)


def set_status(
    session: Session, actor: Actor, attendance_id: str, status: str, reason: str = ""
) -> AttendanceRow:
    """Record leave (with its reason), absence, or undo a mistaken mark (back to expected).

    During a meeting the clerk's word is enough; a closed meeting needs an administrator's
    correction with a reason (audited as a correction).
    """
    row = _load_row(session, attendance_id)
    meeting = load_meeting(session, row.meeting_id)
    correction = check_editable(meeting, actor, reason)
    if meeting.status == "planned":
        _require_in_session(meeting)
    if status not in ("present", "on_leave", "absent", "expected"):
        raise ValidationError(
            N_("Unknown attendance status: {status}"), field="status", status=status
        )
    if status == "expected" and meeting.status == "closed":
        raise ValidationError(
            N_("A closed meeting's attendance must be present, on leave or absent."), field="status"
        )
    if status == "on_leave" and not reason.strip():
        raise ValidationError(N_("Leave needs a reason."), field="reason")
    if status == row.status and (status != "on_leave" or reason.strip() == row.leave_reason):
        return attendance_row(row)
    before = {"status": row.status, "leave_reason": row.leave_reason}
    row.status = status
    row.leave_reason = reason.strip() if status == "on_leave" else ""
    row.signed_at = utcnow() if status == "present" else None
    row.sign_method = "manual"
    session.flush()
    audit.record(
        session,
        actor,
        "attendance.correct" if correction else "attendance.set_status",
        "attendance",
        row.id,
        before=before,
        after={"status": status, "leave_reason": row.leave_reason, "name": row.name},
        reason=reason.strip(),
    )
    return attendance_row(row)


def set_leave_in_advance(
    session: Session,
    actor: Actor,
    meeting_id: str,
    person_id: str,
    on_leave: bool,
    reason: str = "",
) -> AttendanceRow:
    """Before a meeting opens, record that a representative (or attending deputy) asked for
    leave — or take that back. ``person_id`` is the representative's or deputy's id. The row
    is kept when the meeting opens, with the reason; anyone who leaves the roster meanwhile
    is dropped then."""
    actor.require(Permission.EDIT_DATA)
    meeting = load_meeting(session, meeting_id)
    if meeting.status != "planned":
        raise ConflictError(
            N_("Meeting {number} has been opened; record leave at the sign-in desk."),
            number=meeting.number,
        )
    pairs, _stale = planned_roster(session, meeting)
    match = next((p for p in pairs if person_id in (p[0].representative_id, p[0].deputy_id)), None)
    if match is None:
        raise NotFound(N_("This person is not on the meeting's roster."))
    fresh, row = match
    reason = reason.strip()
    if on_leave and not reason:
        raise ValidationError(N_("Leave needs a reason."), field="reason")
    if row is None:
        if not on_leave:
            return attendance_row(fresh)
        session.add(fresh)
        row = fresh
        before = {"status": "expected", "leave_reason": ""}
    else:
        before = {"status": row.status, "leave_reason": row.leave_reason}
    status = "on_leave" if on_leave else "expected"
    if (row.status, row.leave_reason) == (status, reason if on_leave else ""):
        return attendance_row(row)
    row.status = status
    row.leave_reason = reason if on_leave else ""
    row.sign_method = "manual"
    session.flush()
    audit.record(
        session,
        actor,
        "attendance.set_status",
        "attendance",
        row.id,
        before=before,
        after={
            "status": status,
            "leave_reason": row.leave_reason,
            "name": row.name,
            "before_opening": True,
        },
        reason=row.leave_reason,
    )
    return attendance_row(row)
