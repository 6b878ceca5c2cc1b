"""Sync bookkeeping: this installation's identity, sealed batches, and issues for review.

``sync_state`` is a single row (id 1): the device's Ed25519 key and bearer token from
enrolment, the server address, the server's acknowledged watermark, and the latest attempt.
``sync_batch`` keeps the exact sealed bytes so a retry (or a USB export) resends the same
batch. ``sync_issue`` holds conflicts and rejections until a person decides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Integer, LargeBinary, String, Text, event, text
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.base import Base, is_synced
from desktop.models.outbox import capturing

BATCH_STATES = ("sealed", "acked", "failed")
ISSUE_KINDS = ("conflict", "rejected")
ISSUE_STATES = ("open", "kept_mine", "took_server", "merged")


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


RESTORING = "restoring"
BLOCKED = "blocked"
DONE = "done"
RESTORE_STATES = ("", RESTORING, BLOCKED, DONE)


class SyncPull(Base):
    """Sync protocol 2: how far this PC has read its street's changes (single row, id 1).

    ``cursor`` is the street change number applied through (saved in the transaction that
    applied the page); ``head`` the street's newest number seen, so ``cursor < head`` means
    this PC is behind. ``restore`` is ``"restoring"`` from enrolment into a street that has
    data until the first complete pull (nothing can be changed meanwhile), then ``"done"``.
    ``devices_json``: the street's per-device status as last read from the server.
    """

    __tablename__ = "sync_pull"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    head: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_pulled: Mapped[int] = mapped_column(BigInteger, default=0)
    last_pull_at: Mapped[datetime | None] = mapped_column(nullable=True)
    restore: Mapped[str] = mapped_column(String(16), default="")
    devices_json: Mapped[str] = mapped_column(Text, default="")
    devices_at: Mapped[datetime | None] = mapped_column(nullable=True)


# ------------------------------------------------- no changes while restoring (desktop/sync/restore.py)

_GUARD_OFF = "yishi_restoreguard_off"
_CHECKED = "yishi_restore_checked"


class guard_off:
    """Inside the block the restore itself may write synced tables."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> Session:
        self.session.info[_GUARD_OFF] = True
        return self.session

    def __exit__(self, *exc: object) -> None:
        self.session.info.pop(_GUARD_OFF, None)


def _restoring(session: Session) -> bool:
    try:
        value = session.execute(text("SELECT restore FROM sync_pull WHERE id = 1")).scalar()
    except Exception:  # an older schema (during an upgrade): nothing to guard
        return False
    return value in (RESTORING, BLOCKED)


@event.listens_for(Session, "before_flush")
def _refuse_changes_while_restoring(
    session: Session, _flush: UOWTransaction, _instances: Any
) -> None:
    """Nothing synced can be changed on a PC that is being restored (or blocked)."""
    if session.info.get(_GUARD_OFF) or not capturing(session):
        return
    touched = any(
        is_synced(type(obj))
        for group in (session.new, session.dirty, session.deleted)
        for obj in group
    )
    if not touched:
        return
    if session.info.get(_CHECKED) is None:
        session.info[_CHECKED] = _restoring(session)
    if session.info[_CHECKED]:
        raise ValidationError(
            N_(
                "This PC is being restored from the city server; nothing can be changed "
                "until the restore has finished."
            ),
            field="restore",
        )


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_check(session: Session) -> None:
    session.info.pop(_CHECKED, None)
