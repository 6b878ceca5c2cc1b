"""The single ``sync_state`` row, and the device's Ed25519 key."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models.sync import SyncState

STATE_ID = 1


def lock_for_write(session: Session) -> None:
    """Take SQLite's write lock before reading (a deferred read-then-write transaction can
    fail with SQLITE_BUSY_SNAPSHOT when another connection wrote in between)."""
    session.execute(text("UPDATE sync_state SET id = id WHERE id = 1"))


def get_state(session: Session, *, lock: bool = False) -> SyncState:
    """The state row, created empty on first use."""
    state = session.get(SyncState, STATE_ID)
    if state is None:
        state = SyncState(
            id=STATE_ID,
            device_id="",
            device_name="",
            private_key="",
            public_key="",
            server_url="",
            server_public_key="",
            token="",
            street_code="",
            needs_enrolment=False,
            watermark=0,
            sealed_through=0,
            last_error="",
            last_error_kind="",
            failures=0,
        )
        session.add(state)
        session.flush()
    return state


def new_private_key() -> tuple[str, str]:
    """(private, public) as base64 of the raw 32-byte keys."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(private).decode("ascii"), base64.b64encode(public).decode("ascii")


def load_private_key(b64: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(b64))


def sign_b64(private_b64: str, data: bytes) -> str:
    return base64.b64encode(load_private_key(private_b64).sign(data)).decode("ascii")


def load_public_key(b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(b64))
