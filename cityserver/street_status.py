"""Protocol 2: what each device of a street last sent and received (docs §12.4)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cityserver.models import (
    Batch,
    Device,
    DevicePull,
    DeviceWatermark,
    EntityRow,
    StreetChanges,
)


def behind(session: Session, street_code: str, device_id: str) -> int:
    """How many rows of the street changed by other devices past the device's last pull."""
    pull = session.get(DevicePull, device_id)
    after = pull.pulled_through if pull is not None else 0
    query = select(func.count()).where(
        EntityRow.street_code == street_code,
        EntityRow.change_seq > after,
        or_(EntityRow.writer_device.is_(None), EntityRow.writer_device != device_id),
    )
    return int(session.scalar(query) or 0)


def device_statuses(
    session: Session, street_code: str, device_id: str | None = None
) -> dict[str, Any]:
    head = session.scalar(
        select(StreetChanges.change_seq).where(StreetChanges.street_code == street_code)
    )
    pushes = {
        device: (when, int(ops or 0), int(n))
        for device, when, ops, n in session.execute(
            select(
                Batch.device_id, func.max(Batch.received_at), func.sum(Batch.count), func.count()
            )
            .where(Batch.street_code == street_code)
            .group_by(Batch.device_id)
        )
    }
    devices = []
    query = (
        select(Device, DeviceWatermark.watermark, DevicePull)
        .outerjoin(DeviceWatermark, DeviceWatermark.device_id == Device.id)
        .outerjoin(DevicePull, DevicePull.device_id == Device.id)
        .where(Device.street_code == street_code)
        .order_by(Device.enrolled_at)
    )
    for device, watermark, pull in session.execute(query):
        pushed_at, ops_sent, batches = pushes.get(device.id, (None, 0, 0))
        devices.append(
            {
                "device_id": device.id,
                "name": device.name,
                "enrolled_at": device.enrolled_at.isoformat(),
                "revoked": device.revoked_at is not None,
                "watermark": watermark or 0,
                "last_push_at": pushed_at.isoformat() if pushed_at else None,
                "batches_sent": batches,
                "ops_sent": ops_sent,
                "last_pull_at": pull.pulled_at.isoformat() if pull else None,
                "pulled_through": pull.pulled_through if pull else 0,
                "rows_received": pull.rows_sent if pull else 0,
            }
        )
    answer: dict[str, Any] = {"street_code": street_code, "head": head or 0, "devices": devices}
    if device_id is not None:
        answer["behind"] = behind(session, street_code, device_id)
    return answer
