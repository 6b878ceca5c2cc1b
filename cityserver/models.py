"""Server tables (SQLAlchemy 2). Schema changes go through cityserver/migrations only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (portable, sortable as text on SQLite); read back tz-aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Street(Base):
    __tablename__ = "streets"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))  # base64 of the raw 32-byte key
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_device: Mapped[str | None] = mapped_column(String(36))


class ReaderToken(Base):
    """District read-side credentials (all streets, read only)."""

    __tablename__ = "reader_tokens"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Migration 0004_district: a reader is also a dashboard sign-in account.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)  # sees every street
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReaderStreet(Base):
    """A street a (non-admin) reader may see."""

    __tablename__ = "reader_streets"
    reader_name: Mapped[str] = mapped_column(ForeignKey("reader_tokens.name"), primary_key=True)
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"), primary_key=True)


class WebSession(Base):
    """A signed-in dashboard browser session (the cookie is kept only as sha256)."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    reader_name: Mapped[str] = mapped_column(ForeignKey("reader_tokens.name"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DownloadAudit(Base):
    """Every dashboard download and sign-in event: who, when, what."""

    __tablename__ = "download_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    reader_name: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(32))  # download | sign_in | sign_in_failed | …
    what: Mapped[str] = mapped_column(String(200), default="")
    streets: Mapped[str] = mapped_column(String(4000), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    client: Mapped[str] = mapped_column(String(64), default="")


class StreetFigure(Base):
    """One precomputed dashboard figure of a street (cityserver/figures.py).

    ``year``/``month`` 0 mean "now" (a snapshot such as deputies in office); ``key`` splits a
    figure (a station kind, a project status).
    """

    __tablename__ = "street_figures"
    street_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class FigureState(Base):
    """Up to which change number of the street its figures were computed."""

    __tablename__ = "figure_states"
    street_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeviceWatermark(Base):
    __tablename__ = "device_watermarks"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    watermark: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Batch(Base):
    __tablename__ = "batches"
    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    street_code: Mapped[str] = mapped_column(String(12), index=True)
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))  # http | file
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Results of the ops that were NOT plain "applied" (the rest are implied by the ops).
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class AppliedOp(Base):
    """Every op the server has processed, whatever its outcome; ``op_id`` de-duplicates.

    Kept narrow on purpose (one row per op on the hot path); the batch row has the device,
    the time and the per-op results that were not plain ``applied``.
    """

    __tablename__ = "applied_ops"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))


class EntityRow(Base):
    """The current state of one synced row (the newest applied op for it)."""

    __tablename__ = "entity_rows"
    # Primary key (entity_id, entity): lookups by a batch's UUIDs use its leading column.
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), primary_key=True)
    street_code: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Protocol 2 (pull): the street's change number of this version (commit order), and
    # which device and person wrote it (NULL for rows stored before migration 0003_pull).
    change_seq: Mapped[int | None] = mapped_column(BigInteger)
    writer_device: Mapped[str | None] = mapped_column(String(36))
    writer_name: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_entity_rows_street_entity_updated", "street_code", "entity", "updated_at"),
        Index("ix_entity_rows_street_change", "street_code", "change_seq"),
    )


class AuditHead(Base):
    """The newest head of each device's audit chain the server accepted (docs §6.4)."""

    __tablename__ = "audit_heads"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    street_code: Mapped[str] = mapped_column(String(12), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditCut(Base):
    """A head the server refused: the device's chain went backwards or was rewritten."""

    __tablename__ = "audit_cuts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    street_code: Mapped[str] = mapped_column(String(12), index=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(16))  # backwards | rewritten
    known_seq: Mapped[int] = mapped_column(Integer)
    known_hash: Mapped[str] = mapped_column(String(64))
    offered_seq: Mapped[int] = mapped_column(Integer)
    offered_hash: Mapped[str] = mapped_column(String(64))


class StreetChanges(Base):
    """The last change number given out per street (taken under the street's write lock)."""

    __tablename__ = "street_changes"
    street_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger)


class DevicePull(Base):
    """A device's last pull: how far it has read its street's changes, and how many rows."""

    __tablename__ = "device_pulls"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pulled_through: Mapped[int] = mapped_column(BigInteger)
    rows_sent: Mapped[int] = mapped_column(BigInteger)
    pulled_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PollClaim(Base):
    """The one device on which the ballots and certificate of a poll are entered."""

    __tablename__ = "poll_claims"
    poll_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))


__all__ = [
    "AppliedOp",
    "AuditCut",
    "AuditHead",
    "Base",
    "Batch",
    "Device",
    "DevicePull",
    "DeviceWatermark",
    "DownloadAudit",
    "EnrolmentCode",
    "EntityRow",
    "FigureState",
    "PollClaim",
    "ReaderStreet",
    "ReaderToken",
    "Street",
    "StreetChanges",
    "StreetFigure",
    "WebSession",
    "utcnow",
]
