"""Enrolment codes, device enrolment and revocation, reader tokens (CLI and HTTP share these)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityserver.auth import (
    DEVICE_TOKEN_PREFIX,
    READER_TOKEN_PREFIX,
    code_hash,
    new_enrolment_code,
    new_token,
    parse_public_key,
    token_hash,
    verify_signature,
)
from cityserver.db import lock_street
from cityserver.models import (
    Device,
    DeviceWatermark,
    EnrolmentCode,
    ReaderToken,
    Street,
    utcnow,
)
from cityserver.protocol import STREET_CODE_RE, ProtocolError, is_uuid, loads

DURATION_RE = re.compile(r"^([0-9]+)([mhd])$")


def parse_duration(text: str) -> timedelta:
    """``30m``, ``24h``, ``7d`` → timedelta."""
    match = DURATION_RE.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"有效期 {text!r} 无法识别：请写成 30m、24h 或 7d")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
    }[unit]


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a "\\udXXX" escape
        return False
    return True


def ensure_street(session: Session, code: str, name: str | None = None) -> Street:
    if not STREET_CODE_RE.match(code):
        raise ValueError("街道代码须为12位数字")
    street = session.get(Street, code)
    if street is None:
        street = Street(code=code, name=name, created_at=utcnow())
        session.add(street)
        session.flush()
    elif name:
        street.name = name
    return street


def issue_code(session: Session, street_code: str, expires_in: timedelta) -> tuple[str, datetime]:
    """Make a single-use enrolment code; only its hash is stored."""
    ensure_street(session, street_code)
    code = new_enrolment_code()
    now = utcnow()
    expires = now + expires_in
    session.add(
        EnrolmentCode(
            code_hash=code_hash(code), street_code=street_code, created_at=now, expires_at=expires
        )
    )
    return code, expires


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    street_code: str
    token: str
    watermark: int

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "street_code": self.street_code,
            "token": self.token,
            "watermark": self.watermark,
        }


def enrol(session: Session, body: bytes, signature: str | None) -> Enrolled:
    """POST /api/v1/devices/enroll (docs §3): one-time code + fresh Ed25519 key → token."""
    req = loads(body)
    if not isinstance(req, dict):
        raise ProtocolError(400, "invalid_request", "Body must be a JSON object")
    code, device_id, name = req.get("code"), req.get("device_id"), req.get("name")
    if not isinstance(code, str) or not code.strip():
        raise ProtocolError(400, "invalid_request", "'code' must be a non-empty string")
    if not is_uuid(device_id):
        raise ProtocolError(400, "invalid_request", "'device_id' must be a canonical UUID string")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200 or not _utf8(name):
        raise ProtocolError(400, "invalid_request", "'name' must be 1–200 characters")
    public_key = parse_public_key(req.get("public_key"))
    verify_signature(public_key, signature, body)
    assert isinstance(device_id, str)
    now = utcnow()
    row = session.get(EnrolmentCode, code_hash(code))
    if row is None:
        raise ProtocolError(403, "code_invalid", "Unknown enrolment code")
    lock_street(session, row.street_code)
    session.refresh(row)
    device = session.get(Device, device_id)
    token = new_token(DEVICE_TOKEN_PREFIX)
    if row.used_at is not None:
        # A retry by the very device that used the code (same key, proven by the signature)
        # gets a fresh token; anyone else is refused.
        if (
            row.used_by_device == device_id
            and device is not None
            and device.revoked_at is None
            and device.public_key == req["public_key"]
        ):
            device.token_hash = token_hash(token)
            mark = session.get(DeviceWatermark, device_id)
            return Enrolled(device_id, device.street_code, token, mark.watermark if mark else 0)
        raise ProtocolError(403, "code_used", "This enrolment code has already been used")
    if now >= row.expires_at:
        raise ProtocolError(403, "code_expired", "This enrolment code has expired")
    if device is not None:
        raise ProtocolError(409, "device_exists", "This device_id is already enrolled")
    row.used_at = now
    row.used_by_device = device_id
    session.add(
        Device(
            id=device_id,
            street_code=row.street_code,
            name=name.strip(),
            public_key=req["public_key"],
            token_hash=token_hash(token),
            enrolled_at=now,
        )
    )
    session.flush()
    session.add(DeviceWatermark(device_id=device_id, watermark=0, updated_at=now))
    return Enrolled(device_id, row.street_code, token, 0)


def revoke(session: Session, device_id: str) -> bool:
    device = session.get(Device, device_id)
    if device is None:
        return False
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    return True


def list_devices(
    session: Session, street_code: str | None = None
) -> list[tuple[Device, DeviceWatermark | None]]:
    """Devices with their watermark row (``updated_at`` = last batch applied)."""
    query = (
        select(Device, DeviceWatermark)
        .outerjoin(DeviceWatermark, DeviceWatermark.device_id == Device.id)
        .order_by(Device.street_code, Device.enrolled_at)
    )
    if street_code:
        query = query.where(Device.street_code == street_code)
    return [(device, mark) for device, mark in session.execute(query)]


def add_reader(session: Session, name: str, admin: bool = True) -> str:
    """A new reader; ``admin`` readers see every street (others: ``accounts.assign_streets``)."""
    if session.get(ReaderToken, name) is not None:
        raise ValueError(f"只读令牌 {name!r} 已存在")
    token = new_token(READER_TOKEN_PREFIX)
    session.add(
        ReaderToken(name=name, token_hash=token_hash(token), created_at=utcnow(), is_admin=admin)
    )
    return token


def revoke_reader(session: Session, name: str) -> bool:
    reader = session.get(ReaderToken, name)
    if reader is None:
        return False
    reader.revoked_at = reader.revoked_at or utcnow()
    return True
