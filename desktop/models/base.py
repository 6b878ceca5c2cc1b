"""Declarative base, the synced-table mixin, and the column types every model shares."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, variant 10, random rest.

    Time-ordered so that primary-key B-tree inserts stay local, and globally unique so rows
    from every street's installations can meet on the city server.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes; SQLite stores them naive, we always hand back aware ones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use desktop.models.base.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


class SyncedMixin:
    """Columns of every table that is pushed to the city server (DESIGN.md §2).

    ``version`` and ``updated_at`` are maintained by the flush hook in
    :mod:`desktop.models.outbox`, which also writes the outbox row in the same transaction.
    """

    __synced__: ClassVar[bool] = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    street_code: Mapped[str] = mapped_column(String(12), nullable=False, index=True)


#: ``info`` of a column that stays on this computer: data derived from other columns (sort
#: keys) that the city server does not need. Left out of outbox ops and of audit rows, so a
#: new one changes neither the sync payload nor its schema revision.
LOCAL_ONLY: dict[str, bool] = {"synced": False}


_SYNCED_KEYS: dict[type, tuple[str, ...]] = {}


def synced_keys(cls: type) -> tuple[str, ...]:
    """The attribute keys of ``cls``'s columns that go into outbox ops and audit rows."""
    keys = _SYNCED_KEYS.get(cls)
    if keys is None:
        mapper: Any = sa_inspect(cls)
        keys = tuple(
            attr.key for attr in mapper.column_attrs if attr.columns[0].info.get("synced", True)
        )
        _SYNCED_KEYS[cls] = keys
    return keys


def is_synced(cls: type) -> bool:
    return bool(getattr(cls, "__synced__", False))


def synced_models() -> list[type[Base]]:
    """Every mapped class that carries :class:`SyncedMixin`, in table-name order."""
    classes = [m.class_ for m in Base.registry.mappers if is_synced(m.class_)]
    return sorted(classes, key=lambda c: str(getattr(c, "__tablename__", c.__name__)))


def json_value(value: Any) -> Any:
    """Column value → JSON-safe value (dates as ISO text, UTC datetimes with Z)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value
