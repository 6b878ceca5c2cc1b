"""The street (街道) or township (乡镇) that this installation serves."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin

STREET_KINDS = ("street", "township")


class Street(SyncedMixin, Base):
    __tablename__ = "street"

    code: Mapped[str] = mapped_column(String(12), unique=True)  # 12-digit 行政区划代码
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="street")
    district: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
