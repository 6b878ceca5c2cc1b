"""Street deliberation-representative meetings (街道议事代表会议): attendance, agenda,
resolutions. The roster is frozen into ``attendance`` rows when a meeting opens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import LOCAL_ONLY, Base, SyncedMixin
from desktop.models.roster import keep_name_sort
from desktop.pinyin_order import KEY_LENGTH

MEETING_STATUSES = ("planned", "in_session", "closed")
ATTENDANCE_STATUSES = ("expected", "present", "on_leave", "absent")
AGENDA_KINDS = ("report", "vote", "deliberation", "other")
RESOLUTION_RESULTS = ("pending", "adopted", "rejected")
SIGN_METHODS = ("card", "desk", "manual")
#: 议事代表会议 (representatives vote, deputies attend without a vote) or, in a township only,
#: 乡镇人民代表大会 (the township's deputies are the voting members; docs/counting-rules.md §7).
MEETING_KINDS = ("representatives", "township_congress")


class Meeting(SyncedMixin, Base):
    __tablename__ = "meeting"

    term_id: Mapped[str | None] = mapped_column(ForeignKey("term.id"), nullable=True, index=True)
    number: Mapped[int] = mapped_column(Integer)  # 第N次会议 within the term
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(String(200), default="")
    convener: Mapped[str] = mapped_column(String(64), default="")
    presiding: Mapped[str] = mapped_column(String(64), default="")
    minute_taker: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    quorum_rule: Mapped[str] = mapped_column(String(32), default="more_than_half")
    members_total: Mapped[int] = mapped_column(Integer, default=0)  # frozen at opening
    opened_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    notice_text: Mapped[str] = mapped_column(Text, default="")
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(
        String(24), default="representatives", server_default="representatives"
    )


class Attendance(SyncedMixin, Base):
    __tablename__ = "attendance"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    representative_id: Mapped[str | None] = mapped_column(
        ForeignKey("representative.id"), nullable=True, index=True
    )
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(32))  # frozen copy
    name_initials: Mapped[str] = mapped_column(String(32), default="")  # pinyin 首字母, frozen
    name_sort: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", info=dict(LOCAL_ONLY))
    community_name: Mapped[str] = mapped_column(String(64), default="")  # frozen copy
    community_order: Mapped[int] = mapped_column(Integer, default=0)  # frozen sort key
    voting: Mapped[bool] = mapped_column(Boolean, default=True)  # deputies attend without a vote
    status: Mapped[str] = mapped_column(String(16), default="expected")
    signed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    leave_reason: Mapped[str] = mapped_column(String(200), default="")
    #: How the status was set: card (QR scan), desk (name / initials), manual (roll call).
    sign_method: Mapped[str] = mapped_column(String(16), default="")


class AgendaItem(SyncedMixin, Base):
    __tablename__ = "agenda_item"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100), default="")
    reporter: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    minutes_text: Mapped[str] = mapped_column(Text, default="")  # the clerk's text for the minutes
    #: The poll voted under this item (kind "vote"); polls live in their own area, so no FK.
    poll_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Resolution(SyncedMixin, Base):
    __tablename__ = "resolution"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(16), default="pending")
    votes_summary: Mapped[str] = mapped_column(String(200), default="")


event.listen(Attendance.name, "set", keep_name_sort)
