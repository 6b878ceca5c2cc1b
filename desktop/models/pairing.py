"""结对联系: a deputy (人大代表) paired with street deliberation representatives (议事代表)
who work with them — Chongqing (seed 000): "人大代表…与结对联系的街道议事代表"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin


class DeputyPairing(SyncedMixin, Base):
    """One pair of a deputy and a representative; ending a pair soft-deletes the row. The
    service keeps one live pair per (deputy, representative); no unique index, so that two
    PCs pairing the same people offline still sync (the later row is a duplicate to end)."""

    __tablename__ = "deputy_pairing"

    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    representative_id: Mapped[str] = mapped_column(ForeignKey("representative.id"), index=True)
    since: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(String(200), default="")
