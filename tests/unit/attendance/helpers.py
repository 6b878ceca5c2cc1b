"""A term of closed meetings with chosen attendance, written through the meetings services."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from desktop.db import Database
from desktop.models.meetings import Attendance
from desktop.services import meetings
from desktop.services.meetings import minutes, signin
from desktop.services.permissions import Actor


def hold_meeting(
    db: Database,
    actor: Actor,
    when: datetime,
    marks: dict[str, str],
    *,
    venue: str = "街道办事处三楼会议室",
    resolutions: tuple[tuple[str, str], ...] = (),
) -> str:
    """Create, open and close a meeting; ``marks`` maps a person id (representative or
    deputy) to ``present`` or ``on_leave``; everyone else ends absent."""
    with db.transaction() as s:
        meeting_id = meetings.create_meeting(
            s,
            actor,
            title=f"第一届议事代表会议（{when:%Y-%m-%d}）",
            starts_at=when,
            venue=venue,
        ).id
        meetings.open_meeting(s, actor, meeting_id)
    with db.transaction() as s:
        rows = s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        for row in rows:
            person = row.representative_id or row.deputy_id or ""
            status = marks.get(person)
            if status == "present":
                signin.sign_in(s, actor, row.id)
            elif status == "on_leave":
                signin.set_status(s, actor, row.id, "on_leave", "出差")
        for title, result in resolutions:
            minutes.add_resolution(s, actor, meeting_id, title=title, result=result)
        meetings.close_meeting(s, actor, meeting_id)
    return meeting_id


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 1, 30, tzinfo=UTC)
