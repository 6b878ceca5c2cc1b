"""Credentials: device Ed25519 keys, bearer tokens (kept only as sha256), the server key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from cityserver.models import Device, ReaderStreet, ReaderToken
from cityserver.protocol import ProtocolError

DEVICE_TOKEN_PREFIX = "ysd_"
READER_TOKEN_PREFIX = "ysr_"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper()


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def b64_public_key(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(value: object) -> Ed25519PublicKey:
    if not isinstance(value, str):
        raise ProtocolError(400, "invalid_public_key", "'public_key' must be a base64 string")
    try:
        raw = base64.b64decode(value, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError(
            400, "invalid_public_key", "'public_key' must be base64 of a raw 32-byte Ed25519 key"
        ) from exc


def verify_signature(public_key: Ed25519PublicKey, signature_b64: str | None, data: bytes) -> None:
    """Check a base64 Ed25519 signature of ``data``; 400 ``bad_signature`` otherwise."""
    if not signature_b64:
        raise ProtocolError(400, "bad_signature", "Missing Ed25519 signature")
    try:
        signature = base64.b64decode(signature_b64.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError(400, "bad_signature", "Signature is not valid base64") from exc
    try:
        public_key.verify(signature, data)
    except InvalidSignature as exc:
        raise ProtocolError(400, "bad_signature", "Signature does not match the body") from exc


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@dataclass(frozen=True)
class Principal:
    """Who is calling: a device (one street) or a district reader (all streets)."""

    device: Device | None = None
    reader: str | None = None
    #: The streets a reader may read; None for the district admin (every street).
    reader_streets: frozenset[str] | None = None

    def may_read(self, street_code: str) -> bool:
        if self.reader is not None:
            return self.reader_streets is None or street_code in self.reader_streets
        return self.device is not None and self.device.street_code == street_code


def device_for_token(session: Session, token: str | None) -> Device:
    if token is None:
        raise ProtocolError(401, "unauthorized", "Missing bearer token")
    if not token.startswith(DEVICE_TOKEN_PREFIX):
        raise ProtocolError(401, "unauthorized", "Unknown device token")
    device = session.scalar(select(Device).where(Device.token_hash == token_hash(token)))
    if device is None:
        raise ProtocolError(401, "unauthorized", "Unknown device token")
    if device.revoked_at is not None:
        raise ProtocolError(401, "device_revoked", "This device has been revoked; enrol again")
    return device


def principal_for_token(session: Session, token: str | None) -> Principal:
    if token is not None and token.startswith(READER_TOKEN_PREFIX):
        reader = session.scalar(
            select(ReaderToken).where(ReaderToken.token_hash == token_hash(token))
        )
        if reader is None or reader.revoked_at is not None:
            raise ProtocolError(401, "unauthorized", "Unknown or revoked reader token")
        if reader.is_admin:
            return Principal(reader=reader.name)
        streets = session.scalars(
            select(ReaderStreet.street_code).where(ReaderStreet.reader_name == reader.name)
        )
        return Principal(reader=reader.name, reader_streets=frozenset(streets))
    return Principal(device=device_for_token(session, token))


def device_key_for_token(engine: Engine, token: str | None) -> tuple[str, Ed25519PublicKey]:
    """The hot-path form of :func:`device_for_token`: (device id, public key).

    One statement on a pooled DBAPI connection, without a SQLAlchemy transaction around it:
    SQLite runs it in autocommit, PostgreSQL's implicit transaction is rolled back when the
    connection goes back to the pool. Driver errors come out as SQLAlchemy's.
    """
    if token is None or not token.startswith(DEVICE_TOKEN_PREFIX):
        raise ProtocolError(401, "unauthorized", "Missing or unknown device token")
    sql = "SELECT id, public_key, revoked_at FROM devices WHERE token_hash = ?"
    if engine.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    params = (token_hash(token),)
    error: type[Exception] = engine.dialect.loaded_dbapi.Error
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        finally:
            cursor.close()
    except error as exc:
        raise DBAPIError.instance(sql, params, exc, error) from exc
    finally:
        raw.close()
    if found is None:
        raise ProtocolError(401, "unauthorized", "Unknown device token")
    device_id, public_key, revoked_at = found
    if revoked_at is not None:
        raise ProtocolError(401, "device_revoked", "This device has been revoked; enrol again")
    return device_id, Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))


def device_public_key(device: Device) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(device.public_key))


class ServerKey:
    """The server's own Ed25519 key (signs ack files); made on first run in the data dir."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self.private_key = private_key
        self.public_b64 = b64_public_key(private_key.public_key())

    def sign_b64(self, data: bytes) -> str:
        return base64.b64encode(self.private_key.sign(data)).decode("ascii")

    @classmethod
    def load_or_create(cls, path: Path) -> ServerKey:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)  # first writer wins when several processes start at once
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} 不是 Ed25519 私钥文件")
        return cls(key)


def is_expired(expires_at: datetime, now: datetime) -> bool:
    return now >= expires_at
