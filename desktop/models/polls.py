"""Polls on paper ballots (票决 / 表决 / 测评): options, ballots, print log, certificates.

Table names ``poll``, ``poll_option``, ``ballot``, ``ballot_print_log`` and
``tally_certificate`` are the entity names the city server knows. The counting rules are not
here: they live in :mod:`desktop.services.counting`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import LOCAL_ONLY, Base, SyncedMixin

POLL_KINDS = ("selection", "motion", "rating")
POLL_STATUSES = ("draft", "open", "counting", "certified")
THRESHOLD_BASES = ("members_total", "present", "returned", "valid")
PRINT_LAYOUTS = ("a4", "a5x2")
CERTIFICATE_KINDS = ("original", "correction")


class Poll(SyncedMixin, Base):
    __tablename__ = "poll"

    meeting_id: Mapped[str | None] = mapped_column(
        ForeignKey("meeting.id"), nullable=True, index=True
    )
    agenda_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("agenda_item.id"), nullable=True, index=True
    )
    short_id: Mapped[str] = mapped_column(String(8), unique=True)  # in the ballot QR
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    quota: Mapped[int | None] = mapped_column(Integer, nullable=True)  # selection: K
    levels_json: Mapped[str] = mapped_column(Text, default="[]")  # rating levels
    positive_levels_json: Mapped[str] = mapped_column(Text, default="[]")
    threshold_base: Mapped[str | None] = mapped_column(String(16), nullable=True)
    threshold_ratio: Mapped[str] = mapped_column(String(16), default="1/2")
    threshold_strict: Mapped[bool] = mapped_column(Boolean, default=True)
    members_total: Mapped[int] = mapped_column(Integer, default=0)  # frozen when opened
    present: Mapped[int] = mapped_column(Integer, default=0)  # frozen when opened
    issued: Mapped[int] = mapped_column(Integer, default=0)  # 发出票数
    printed: Mapped[int] = mapped_column(Integer, default=0)  # serials 1..printed exist
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    double_entry: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hex key of the ballot MAC: never leaves this PC (not in ops, batch files, audit rows or
    # exports), or anyone who can read the server could forge a verified ballot QR.
    secret: Mapped[str] = mapped_column(String(64), info=dict(LOCAL_ONLY))
    opened_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    certified_at: Mapped[datetime | None] = mapped_column(nullable=True)


class PollOption(SyncedMixin, Base):
    __tablename__ = "poll_option"

    poll_id: Mapped[str] = mapped_column(ForeignKey("poll.id"), index=True)
    no: Mapped[int] = mapped_column(Integer)  # 1-based, as printed
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    estimated_cost: Mapped[int | None] = mapped_column(Integer, nullable=True)  # yuan
    department: Mapped[str] = mapped_column(String(100), default="")


class Ballot(SyncedMixin, Base):
    """One paper ballot as entered in one pass. With double entry, pass 1 and pass 2 are
    two rows; the counted record is pass 1 once both agree. Serials are never linked to a
    voter. ``is_test`` rows are test-deck (样票) ballots entered while the poll is a draft."""

    __tablename__ = "ballot"
    __table_args__ = (
        Index(
            "uq_ballot_live_serial",
            "poll_id",
            "is_test",
            "entry_pass",
            "serial",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    poll_id: Mapped[str] = mapped_column(ForeignKey("poll.id"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    entry_pass: Mapped[int] = mapped_column(Integer, default=1)
    void: Mapped[bool] = mapped_column(Boolean, default=False)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    marks_json: Mapped[str] = mapped_column(Text, default="{}")  # {"1": "for", …}
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime]
    decided_by: Mapped[str] = mapped_column(String(64), default="")  # scrutineer, mismatch
    decision_reason: Mapped[str] = mapped_column(String(200), default="")


class BallotPrintLog(SyncedMixin, Base):
    __tablename__ = "ballot_print_log"

    poll_id: Mapped[str] = mapped_column(ForeignKey("poll.id"), index=True)
    printed_at: Mapped[datetime]
    printed_by: Mapped[str] = mapped_column(String(64))
    first_serial: Mapped[int] = mapped_column(Integer)
    last_serial: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(8))
    test_deck: Mapped[bool] = mapped_column(Boolean, default=False)


class TallyCertificate(SyncedMixin, Base):
    """A certified result (kind ``original``) or a correction after certification."""

    __tablename__ = "tally_certificate"

    poll_id: Mapped[str] = mapped_column(ForeignKey("poll.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="original")
    certified_at: Mapped[datetime]
    certified_by: Mapped[str] = mapped_column(String(64))
    counters: Mapped[str] = mapped_column(String(200), default="")  # 计票人, comma-separated
    scrutineers: Mapped[str] = mapped_column(String(200), default="")  # 监票人
    chief_scrutineer: Mapped[str] = mapped_column(String(64), default="")  # 总监票人
    result_json: Mapped[str] = mapped_column(Text)  # the ``yishi tally --json`` object
    result_hash: Mapped[str] = mapped_column(String(64))
    previous_id: Mapped[str | None] = mapped_column(
        ForeignKey("tally_certificate.id"), nullable=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")  # the correction's reason
