"""Lists the sign-in desk works from during and after a meeting: who has not arrived yet
(未到, with phone numbers to call them) and who was absent or on leave (缺席/请假).

Phones come from the roster (the attendance rows freeze names, not phones) and are masked
for roles without ``VIEW_PERSONAL_DATA``, as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.meetings import Attendance
from desktop.models.roster import Deputy, Representative
from desktop.services.meetings.core import load_meeting
from desktop.services.permissions import Actor, Permission
from desktop.services.roster import mask_phone

#: The filters of the desk's list: which attendance statuses each shows.
FILTERS: dict[str, tuple[str, ...]] = {
    "all": ("expected", "present", "on_leave", "absent"),
    "not_arrived": ("expected",),
    "present": ("present",),
    "on_leave": ("on_leave",),
    "absent": ("absent",),
    "absent_or_leave": ("absent", "on_leave"),
}


@dataclass(frozen=True)
class ListedPerson:
    attendance_id: str
    name: str
    community_name: str
    voting: bool
    status: str
    leave_reason: str
    phone: str


def person_phones(session: Session, actor: Actor, person_ids: list[str]) -> dict[str, str]:
    """Representative or deputy id → phone (masked unless the actor may see personal data);
    for a meeting not opened yet, whose rows are today's roster."""
    actor.require(Permission.VIEW)
    plain = actor.can(Permission.VIEW_PERSONAL_DATA)
    out: dict[str, str] = {}
    for model in (Representative, Deputy):
        for start in range(0, len(person_ids), 500):
            chunk = person_ids[start : start + 500]
            for pid, phone in session.execute(
                select(model.id, model.phone).where(model.id.in_(chunk))
            ):
                text = str(phone or "")
                out[str(pid)] = text if plain else mask_phone(text)
    return out


def phones(session: Session, actor: Actor, meeting_id: str) -> dict[str, str]:
    """Attendance id → phone (masked unless the actor may see personal data)."""
    actor.require(Permission.VIEW)
    rows = session.execute(
        select(Attendance.id, Representative.phone, Deputy.phone)
        .outerjoin(Representative, Representative.id == Attendance.representative_id)
        .outerjoin(Deputy, Deputy.id == Attendance.deputy_id)
        .where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))
    ).all()
    plain = actor.can(Permission.VIEW_PERSONAL_DATA)
    out: dict[str, str] = {}
    for attendance_id, rep_phone, dep_phone in rows:
        phone = str(rep_phone or dep_phone or "")
        out[str(attendance_id)] = phone if plain else mask_phone(phone)
    return out


def people(session: Session, actor: Actor, meeting_id: str, which: str) -> list[ListedPerson]:
    """The meeting's frozen attendance filtered by ``which`` (a key of :data:`FILTERS`):
    voting members first, by community and name, then deputies."""
    actor.require(Permission.VIEW)
    load_meeting(session, meeting_id)
    statuses = FILTERS.get(which, FILTERS["all"])
    phone_of = phones(session, actor, meeting_id)
    rows = session.scalars(
        select(Attendance)
        .where(
            Attendance.meeting_id == meeting_id,
            Attendance.deleted_at.is_(None),
            Attendance.status.in_(statuses),
        )
        .order_by(
            Attendance.voting.desc(),
            Attendance.community_order,
            Attendance.community_name,
            Attendance.name_sort,
            Attendance.name,
        )
    )
    return [
        ListedPerson(
            attendance_id=a.id,
            name=a.name,
            community_name=a.community_name,
            voting=a.voting,
            status=a.status,
            leave_reason=a.leave_reason,
            phone=phone_of.get(a.id, ""),
        )
        for a in rows
    ]
