"""Duty activities (履职活动台账) at the stations (家站点), their participants, and each
station's reception days (接待日) with the deputies on duty (GLOSSARY.md).

- ``duty_activity``: one activity — its type (from the configurable list in the settings),
  date and time span, station or other place, organiser, residents reached, summary,
  attachment file names and the opinions it produced (both JSON lists of text).
- ``duty_participant``: one deputy (人大代表) or deputy of the street's congress (议事代表)
  who took part, with a role (主持 / 参加 / 接待) and how the attendance was taken (entered,
  or scanned from the person's card at the station PC).
- ``reception_rule``: a station's fixed reception day (每月10日, 每周三上午) and the deputies
  on duty; a held reception is an activity that points at its rule.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin

PARTICIPANT_ROLES = ("host", "participant", "receiver")  # 主持 / 参加 / 接待
PARTICIPANT_SOURCES = ("entry", "scan")
RULE_KINDS = ("monthly", "weekly")  # 每月N日 / 每周N
RULE_HALVES = ("day", "am", "pm")  # 全天 / 上午 / 下午


class DutyActivity(SyncedMixin, Base):
    """履职活动: one activity held by deputies (usually at a station)."""

    __tablename__ = "duty_activity"
    __table_args__ = (
        Index("ix_duty_activity_held", "held_on", "id"),
        Index("ix_duty_activity_station_held", "station_id", "held_on"),
        Index("ix_duty_activity_kind_held", "kind", "held_on"),
    )

    #: The activity type, as named in the configurable list (接待选民, 视察 …).
    kind: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # HH:MM or ""
    end_time: Mapped[str] = mapped_column(String(5), default="")
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"), nullable=True)
    #: Where it took place when not at a station (or a room of the station).
    place: Mapped[str] = mapped_column(String(200), default="")
    organiser: Mapped[str] = mapped_column(String(100), default="")
    residents: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: JSON list of attachment file names (photos stay files; only their names are kept).
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    #: JSON list of the ids of opinions this activity produced.
    opinion_ids: Mapped[str] = mapped_column(Text, default="[]")
    #: The reception rule this activity fulfils (a held reception day), if any.
    reception_rule_id: Mapped[str | None] = mapped_column(
        ForeignKey("reception_rule.id"), nullable=True
    )


class DutyParticipant(SyncedMixin, Base):
    """One person's attendance at a duty activity."""

    __tablename__ = "duty_participant"
    __table_args__ = (
        Index("ix_duty_participant_deputy", "deputy_id", "activity_id"),
        Index("ix_duty_participant_representative", "representative_id", "activity_id"),
    )

    activity_id: Mapped[str] = mapped_column(ForeignKey("duty_activity.id"), index=True)
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"), nullable=True)
    representative_id: Mapped[str | None] = mapped_column(
        ForeignKey("representative.id"), nullable=True
    )
    role: Mapped[str] = mapped_column(String(16), default="participant")
    source: Mapped[str] = mapped_column(String(8), default="entry")


class ReceptionRule(SyncedMixin, Base):
    """接待日: a station's fixed reception day and the deputies on duty."""

    __tablename__ = "reception_rule"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="monthly")
    #: monthly: day of the month 1–31 (a short month uses its last day); weekly: 1 = Monday.
    day: Mapped[int] = mapped_column(Integer)
    half: Mapped[str] = mapped_column(String(4), default="day")
    #: JSON list of the deputy ids on duty.
    deputy_ids: Mapped[str] = mapped_column(Text, default="[]")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(String(200), default="")
