"""The ``.yishibatch`` file (device → server) and the ``.yishiack`` file (server → device).

Formats: docs/sync-protocol.md §7. Both are zip archives with exactly the members named here.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from cityserver import BATCH_PROTOCOL as PROTOCOL_VERSION
from cityserver.auth import ServerKey, device_public_key, verify_signature
from cityserver.config import Settings
from cityserver.models import Device, utcnow
from cityserver.protocol import (
    Envelope,
    ProtocolError,
    gunzip_limited,
    is_uuid,
    loads,
    ops_match,
    parse_envelope,
)

BATCH_MEMBERS = ("manifest.json", "ops.jsonl.gz", "signature")
ACK_MEMBERS = ("ack.json", "signature")
BATCH_KIND = "yishi-batch"
ACK_KIND = "yishi-ack"


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, "invalid_batch_file", message)


def _members(data: bytes, names: tuple[str, ...], limit: int) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _bad("Not a zip archive") from exc
    with archive:
        infos = archive.infolist()
        if sorted(info.filename for info in infos) != sorted(names):
            raise _bad(f"The archive must hold exactly: {', '.join(names)}")
        out: dict[str, bytes] = {}
        for info in infos:
            if info.file_size > limit:
                raise ProtocolError(413, "body_too_large", f"{info.filename} is too large")
            try:
                out[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
                raise _bad(f"Cannot read {info.filename}: {exc}") from exc
        return out


def read_batch_file(
    data: bytes, sessions: sessionmaker[Session], settings: Settings
) -> tuple[Device, Envelope]:
    """Verify a batch file: members, manifest, device signature, ops sha256 (docs §7.1)."""
    members = _members(data, BATCH_MEMBERS, settings.max_inflated_bytes)
    manifest = loads(members["manifest.json"], "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("kind") != BATCH_KIND:
        raise _bad(f"manifest.json must be an object with kind '{BATCH_KIND}'")
    if not is_uuid(manifest.get("device_id")):
        raise _bad("manifest.json device_id must be a canonical UUID")
    with sessions() as session:
        device = session.get(Device, manifest["device_id"])
    if device is None:
        raise ProtocolError(401, "unknown_device", "The file's device is not enrolled")
    if device.revoked_at is not None:
        raise ProtocolError(401, "device_revoked", "The file's device has been revoked")
    signature = members["signature"].decode("ascii", "replace")
    verify_signature(device_public_key(device), signature, members["manifest.json"])
    text = gunzip_limited(members["ops.jsonl.gz"], settings.max_inflated_bytes)
    ops = [loads(line, "ops.jsonl line") for line in text.split(b"\n")] if text else []
    env = parse_envelope(manifest, ops, max_ops=settings.max_ops_per_batch)
    if not ops_match(env.ops, text=text):
        raise _bad("ops.jsonl lines must be the canonical ops")
    return device, env


def write_ack(key: ServerKey, env: Envelope, answer: dict[str, Any]) -> bytes:
    """The signed ack file for a processed batch (docs §7.2)."""
    ack = {
        "protocol": PROTOCOL_VERSION,
        "kind": ACK_KIND,
        "batch_id": env.batch_id,
        "device_id": env.device_id,
        "street_code": env.street_code,
        "batch_sha256": env.sha256,
        "first_seq": env.first_seq,
        "last_seq": env.last_seq,
        "status": answer["status"],
        "watermark": answer["watermark"],
        "results": answer["results"],
        "acked_at": utcnow().isoformat(),
        "server_public_key": key.public_b64,
    }
    body = json.dumps(ack, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ack.json", body)
        archive.writestr("signature", key.sign_b64(body))
    return buf.getvalue()


def read_ack(data: bytes, server_public_key_b64: str) -> dict[str, Any]:
    """Verify an ack file against the server key from /api/v1/meta; return ack.json."""
    from cityserver.auth import parse_public_key

    members = _members(data, ACK_MEMBERS, 64 * 1024 * 1024)
    verify_signature(
        parse_public_key(server_public_key_b64),
        members["signature"].decode("ascii", "replace"),
        members["ack.json"],
    )
    ack = loads(members["ack.json"], "ack.json")
    if not isinstance(ack, dict) or ack.get("kind") != ACK_KIND:
        raise _bad(f"ack.json must be an object with kind '{ACK_KIND}'")
    return ack
