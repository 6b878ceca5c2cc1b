"""District read side: street summaries and changed rows since a cursor (docs §8)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from cityserver.models import Batch, Device, EntityRow, Street

MAX_LIMIT = 5000


def street_summaries(session: Session, only: str | None = None) -> list[dict[str, Any]]:
    streets = select(Street).order_by(Street.code)
    if only is not None:
        streets = streets.where(Street.code == only)
    counts: dict[str, dict[str, int]] = {}
    count_q = (
        select(EntityRow.street_code, EntityRow.entity, func.count())
        .where(EntityRow.deleted.is_(False))
        .group_by(EntityRow.street_code, EntityRow.entity)
    )
    if only is not None:
        count_q = count_q.where(EntityRow.street_code == only)
    for street, entity, n in session.execute(count_q):
        counts.setdefault(street, {})[entity] = n
    last_q = select(Batch.street_code, func.max(Batch.received_at)).group_by(Batch.street_code)
    last: dict[str, datetime] = {}
    for street, when in session.execute(last_q):
        if when is not None:
            last[street] = when if when.tzinfo else when.replace(tzinfo=UTC)
    devices_q = (
        select(Device.street_code, func.count())
        .where(Device.revoked_at.is_(None))
        .group_by(Device.street_code)
    )
    devices: dict[str, int] = {street: n for street, n in session.execute(devices_q)}
    return [
        {
            "code": s.code,
            "name": s.name,
            "devices": devices.get(s.code, 0),
            "last_sync_at": last[s.code].isoformat() if s.code in last else None,
            "counts": counts.get(s.code, {}),
        }
        for s in session.scalars(streets)
    ]


def row_json(row: EntityRow) -> dict[str, Any]:
    return {
        "entity_id": row.entity_id,
        "version": row.version,
        "deleted": row.deleted,
        "updated_at": row.updated_at.isoformat(),
        "data": row.data,
    }


def changed_rows(
    session: Session,
    street_code: str,
    entity: str,
    since: datetime | None,
    after_id: str | None,
    limit: int,
    include_deleted: bool = True,
) -> list[EntityRow]:
    query = select(EntityRow).where(
        EntityRow.street_code == street_code, EntityRow.entity == entity
    )
    if not include_deleted:
        query = query.where(EntityRow.deleted.is_(False))
    if since is not None:
        if after_id is None:
            query = query.where(EntityRow.updated_at > since)
        else:
            query = query.where(
                or_(
                    EntityRow.updated_at > since,
                    and_(EntityRow.updated_at == since, EntityRow.entity_id > after_id),
                )
            )
    query = query.order_by(EntityRow.updated_at, EntityRow.entity_id).limit(limit)
    return list(session.scalars(query))
