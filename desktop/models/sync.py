"""Sync bookkeeping: this installation's identity, sealed batches, and issues for review.

``sync_state`` is a single row (id 1): the device's Ed25519 key and bearer token from
enrolment, the server address, the server's acknowledged watermark, and the latest attempt.
``sync_batch`` keeps the exact sealed bytes so a retry (or a USB export) resends the same
batch. ``sync_issue`` holds conflicts and rejections until a person decides.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

BATCH_STATES = ("sealed", "acked", "failed")
ISSUE_KINDS = ("conflict", "rejected")
ISSUE_STATES = ("open", "kept_mine", "took_server")


class SyncState(Base):
    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    device_name: Mapped[str] = mapped_column(String(200), default="")
    #: Raw 32-byte Ed25519 private key, base64. Never leaves this database.
    private_key: Mapped[str] = mapped_column(Text, default="")
    public_key: Mapped[str] = mapped_column(Text, default="")
    server_url: Mapped[str] = mapped_column(String(500), default="")
    server_public_key: Mapped[str] = mapped_column(Text, default="")
    token: Mapped[str] = mapped_column(Text, default="")
    street_code: Mapped[str] = mapped_column(String(12), default="")
    enrolled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    needs_enrolment: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Highest seq the server has confirmed for this device.
    watermark: Mapped[int] = mapped_column(Integer, default=0)
    #: Highest seq already sealed into a batch for this device (next batch starts after it).
    sealed_through: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_kind: Mapped[str] = mapped_column(String(16), default="")
    last_error_at: Mapped[datetime | None] = mapped_column(nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)


class SyncBatch(Base):
    __tablename__ = "sync_batch"

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(Integer, index=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The gzip JSON body exactly as sent, and the base64 Ed25519 signature of it.
    body: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="sealed", index=True)
    sealed_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    exported_at: Mapped[datetime | None] = mapped_column(nullable=True)
    acked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    ack_source: Mapped[str] = mapped_column(String(8), default="")  # http | file | watermark
    applied: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    #: Per-op results as compact JSON: [[op_id, status, code, server_version], ...].
    results: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")


class SyncIssue(Base):
    __tablename__ = "sync_issue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # conflict | rejected
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    op_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    code: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    local_version: Mapped[int] = mapped_column(Integer)
    server_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The server's row (JSON) as returned with a conflict; empty when it has none.
    server_row: Mapped[str] = mapped_column(Text, default="")
    local_data: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
