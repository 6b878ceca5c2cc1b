"""Residents' opinions ledger (群众意见建议台账): opinions, their workflow events, and the
holiday calendar used for answer deadlines (GLOSSARY.md: 登记 → 交办 → 答复 → 办结 → 回访).

The current assignment, answer, closure and follow-up are kept on the ``opinion`` row (what the
ledger lists and the queues filter on); every transition is also an ``opinion_event`` row, so
the history of a reopened opinion (several assignment rounds) is never lost.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin, UtcDateTime

CHANNELS = ("reception_day", "forum", "visit", "phone", "letter", "qr", "other", "meeting")
STATUSES = ("received", "assigned", "answered", "closed", "followed_up")
CLOSE_REASONS = ("resolved", "explained", "not_responsible", "duplicate", "referred")
SATISFACTIONS = ("satisfied", "basically_satisfied", "dissatisfied")
EVENT_ACTIONS = ("register", "assign", "answer", "close", "follow_up", "reopen", "import")
HOLIDAY_KINDS = ("holiday", "workday")  # workday = 调休上班 (a weekend that is worked)


class Opinion(SyncedMixin, Base):
    """群众意见建议: one opinion raised by a resident."""

    __tablename__ = "opinion"
    __table_args__ = (
        # The ledger's default order (newest first) and its keyset cursor.
        Index("ix_opinion_received", "received_on", "id"),
        # Queues: due soon / overdue / oldest unanswered.
        Index("ix_opinion_status_due", "status", "due_on"),
        Index("ix_opinion_status_received", "status", "received_on"),
        Index("ix_opinion_status_satisfaction", "status", "satisfaction"),
        Index("ix_opinion_community_received", "community_id", "received_on"),
        Index("ix_opinion_category_received", "category", "received_on"),
        Index("ix_opinion_channel_received", "channel", "received_on"),
    )

    number: Mapped[str] = mapped_column(String(32), index=True)  # 编号, e.g. YJ2025-00042
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16), default="reception_day")
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"), nullable=True)
    #: JSON list of deputy ids involved (人大代表); names are looked up through the roster.
    deputy_ids: Mapped[str] = mapped_column(Text, default="[]")
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), nullable=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    resident_name: Mapped[str] = mapped_column(String(32), default="")
    resident_phone: Mapped[str] = mapped_column(String(32), default="")
    resident_address: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(64), default="other")
    content: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(200), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(16), default="received")
    #: Assignment round: 1 for the first 交办, +1 each time a dissatisfied follow-up reopens it.
    round: Mapped[int] = mapped_column(Integer, default=0)
    department: Mapped[str] = mapped_column(String(100), default="")
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    #: The committee's staff member responsible for chasing the answer (username).
    handler: Mapped[str] = mapped_column(String(64), default="", index=True)
    assigned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    answered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    close_reason: Mapped[str] = mapped_column(String(32), default="")
    followed_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    satisfaction: Mapped[str] = mapped_column(String(32), default="")
    follow_up_note: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class OpinionEvent(SyncedMixin, Base):
    """One workflow transition of an opinion (also the source of the answer statistics)."""

    __tablename__ = "opinion_event"

    opinion_id: Mapped[str] = mapped_column(ForeignKey("opinion.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date] = mapped_column(Date)  # the business date (e.g. the answer's date)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    username: Mapped[str] = mapped_column(String(64), default="")
    round: Mapped[int] = mapped_column(Integer, default=0)
    department: Mapped[str] = mapped_column(String(100), default="")
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(String(32), default="")
    satisfaction: Mapped[str] = mapped_column(String(32), default="")


class Holiday(SyncedMixin, Base):
    """A day that differs from the Monday–Friday rule: a statutory holiday on a weekday, or a
    weekend that is worked (调休上班). Seeded per year from ``chinese-calendar``; editable."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(16), default="manual")  # package | manual


class OpinionUnit(SyncedMixin, Base):
    """承办单位: a department opinions are assigned to, with its contact person and phone
    (the dictionary the assignment form chooses from; ``opinion.department`` keeps the name
    as it was when assigned)."""

    __tablename__ = "opinion_unit"

    name: Mapped[str] = mapped_column(String(100), index=True)
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
