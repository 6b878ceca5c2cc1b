"""Meetings (held, in session) for the follow-up tests, on the small meetings roster."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from desktop.db import Database
from desktop.models.meetings import Attendance
from desktop.services import meetings
from desktop.services.meetings import minutes, signin
from desktop.services.permissions import Actor


def held_meeting(
    db: Database, actor: Actor, when: datetime, *, number: int, close: bool = True
) -> str:
    """A meeting opened (and closed unless ``close`` is False) at ``when`` (UTC)."""
    with db.transaction() as s:
        info = meetings.create_meeting(
            s,
            actor,
            title=f"解放碑街道第一届议事代表会议第{number}次会议",
            starts_at=when.replace(tzinfo=UTC),
            venue="街道办事处三楼会议室",
            number=number,
        )
        meetings.open_meeting(s, actor, info.id)
        rows = s.scalars(
            select(Attendance.id).where(
                Attendance.meeting_id == info.id, Attendance.voting.is_(True)
            )
        ).all()
        for row_id in rows:
            signin.sign_in(s, actor, row_id)
    if close:
        with db.transaction() as s:
            meetings.close_meeting(s, actor, info.id)
    return info.id


def resolution(db: Database, actor: Actor, meeting_id: str, title: str, reason: str = "") -> str:
    with db.transaction() as s:
        row = minutes.add_resolution(
            s,
            actor,
            meeting_id,
            title=title,
            text="会议同意该报告，要求街道相关部门抓紧落实。",
            result="adopted",
            reason=reason,
        )
        return row.id
