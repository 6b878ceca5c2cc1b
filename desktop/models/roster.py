"""The committee's people and places: communities, terms, representatives, deputies, stations,
and deputies' fixed contacts (GLOSSARY.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import LOCAL_ONLY, Base, SyncedMixin
from desktop.pinyin_order import KEY_LENGTH, key_for, place_sort_key

COMMUNITY_KINDS = ("community", "village")
TERM_STATUSES = ("current", "closed")
PERSON_STATUSES = ("active", "retired")
GENDERS = ("male", "female")
#: 社会各界: where a deliberation representative comes from.
SECTORS = (
    "resident",
    "party_government",
    "enterprise",
    "social_organisation",
    "education_health",
    "property_management",
    "other",
)
DEPUTY_LEVELS = ("national", "provincial", "city", "district", "township")
ELECTION_KINDS = ("direct", "indirect")
STATION_KINDS = ("home", "liaison_station", "liaison_room", "contact_point", "legislative_point")
ACTIVITY_FREQUENCIES = ("monthly", "quarterly")
CONTACT_KINDS = ("resident", "deputy")


class Community(SyncedMixin, Base):
    __tablename__ = "community"

    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="community")
    code: Mapped[str] = mapped_column(String(12), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class Term(SyncedMixin, Base):
    """届: the period a cohort of deliberation representatives serves."""

    __tablename__ = "term"

    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="current")


class Representative(SyncedMixin, Base):
    """议事代表: a street deliberation representative."""

    __tablename__ = "representative"
    __table_args__ = (
        # The count in office and the list by name of one term (migration 0011_first_week).
        Index(
            "ix_representative_term_status_sort",
            "term_id",
            "status",
            "name_sort",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # The count of a term's live representatives, on narrow entries (0017_roster_speed).
        Index(
            "ix_representative_live", "term_id", "status", sqlite_where=text("deleted_at IS NULL")
        ),
    )

    #: No index of its own: the two partial indexes above lead with it (0017_roster_speed).
    term_id: Mapped[str] = mapped_column(ForeignKey("term.id"))
    community_id: Mapped[str | None] = mapped_column(
        ForeignKey("community.id"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(32), index=True)
    name_initials: Mapped[str] = mapped_column(String(32), default="", index=True)  # pinyin 首字母
    #: 拼音 order (desktop.pinyin_order); derived from ``name``, so kept out of sync.
    name_sort: Mapped[str] = mapped_column(
        String(KEY_LENGTH), default="", index=True, info=dict(LOCAL_ONLY)
    )
    gender: Mapped[str] = mapped_column(String(8), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(32), default="resident")
    workplace: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_reason: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Unindexed here: every row of a street's database has the same code (0017_roster_speed).
    street_code: Mapped[str] = mapped_column(String(12), nullable=False)


class Station(SyncedMixin, Base):
    """家站点: where deputies meet the public."""

    __tablename__ = "station"
    #: Place names have no surname readings (see desktop.pinyin_order).
    __name_sort_key__ = staticmethod(place_sort_key)

    name: Mapped[str] = mapped_column(String(100))
    #: 拼音 order of the station list; derived from ``name``, so kept out of sync.
    name_sort: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", info=dict(LOCAL_ONLY))
    kind: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"), nullable=True)
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), nullable=True)
    activity_frequency: Mapped[str] = mapped_column(String(16), default="monthly")
    reception_day: Mapped[str] = mapped_column(String(64), default="")  # e.g. 每月15日
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str] = mapped_column(Text, default="")


class Deputy(SyncedMixin, Base):
    """人大代表 of any level who works in the street's area."""

    __tablename__ = "deputy"

    name: Mapped[str] = mapped_column(String(32), index=True)
    name_initials: Mapped[str] = mapped_column(String(32), default="", index=True)
    name_sort: Mapped[str] = mapped_column(
        String(KEY_LENGTH), default="", index=True, info=dict(LOCAL_ONLY)
    )
    gender: Mapped[str] = mapped_column(String(8), default="")
    level: Mapped[str] = mapped_column(String(16))
    election: Mapped[str] = mapped_column(String(16), default="direct")
    constituency: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(64), default="")
    station_id: Mapped[str | None] = mapped_column(
        ForeignKey("station.id"), nullable=True, index=True
    )
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), nullable=True)
    attends_street_meetings: Mapped[bool] = mapped_column(Boolean, default=True)
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class DeputyContact(SyncedMixin, Base):
    """固定联系: a resident (for a directly elected deputy) or a grass-roots deputy (for an
    indirectly elected one) whom the deputy keeps in regular contact."""

    __tablename__ = "deputy_contact"

    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="resident")
    contact_deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(32))
    #: 拼音 order within a deputy's list; derived from ``name``, so kept out of sync.
    name_sort: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", info=dict(LOCAL_ONLY))
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), nullable=True)
    since: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    #: 弱势群体 (Changji, seed 003: "重点联系鳏寡孤独、残疾人等弱势群体"); set from the archive.
    vulnerable: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


def keep_name_sort(target: Any, value: str | None, _old: Any, _initiator: Any) -> None:
    """Every assignment of ``name`` (constructor, form, Excel update, the server's row taken
    after a conflict) refreshes ``name_sort``; bulk inserts compute it in desktop.models.bulk."""
    target.name_sort = key_for(type(target))(value or "")


for _model in (Representative, Deputy, DeputyContact, Station):
    event.listen(_model.name, "set", keep_name_sort)
