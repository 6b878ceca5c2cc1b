"""The ``.yishibatch`` file (device → server) and the ``.yishiack`` file (server → device).

Formats: docs/sync-protocol.md §7. Both are zip archives with exactly the members named here.
"""

from __future__ import annotations

import hashlib
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
from desktop.boundedzip import ZipRefused, open_archive, read_member

BATCH_MEMBERS = ("manifest.json", "ops.jsonl.gz", "signature")
ACK_MEMBERS = ("ack.json", "signature")
BATCH_KIND = "yishi-batch"
ACK_KIND = "yishi-ack"


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, "invalid_batch_file", message)


# Caps on each member's inflated size: what it can legitimately be (docs/security.md).
MANIFEST_LIMIT = 16 * 1024
SIGNATURE_LIMIT = 1024
ACK_JSON_LIMIT = 16 * 1024 * 1024


def _refused(exc: ZipRefused) -> ProtocolError:
    if exc.too_large:
        return ProtocolError(413, "body_too_large", str(exc))
    return _bad(str(exc))


def _open(data: bytes, names: tuple[str, ...]) -> zipfile.ZipFile:
    try:
        return open_archive(data, names)
    except ZipRefused as exc:
        raise _refused(exc) from exc


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        return read_member(archive, name, limit)
    except ZipRefused as exc:
        raise _refused(exc) from exc


def read_batch_file(
    data: bytes, sessions: sessionmaker[Session], settings: Settings
) -> tuple[Device, Envelope]:
    """Verify a batch file: members, manifest, device signature, ops sha256 (docs §7.1).

    Only the manifest and the signature (a few KiB each, read with a cap) are read before the
    device is authenticated; the ops member is read, capped at the body limit, only after.
    """
    with _open(data, BATCH_MEMBERS) as archive:
        manifest_bytes = _member(archive, "manifest.json", MANIFEST_LIMIT)
        signature_bytes = _member(archive, "signature", SIGNATURE_LIMIT)
        manifest = loads(manifest_bytes, "manifest.json")
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
        signature = signature_bytes.decode("ascii", "replace")
        verify_signature(device_public_key(device), signature, manifest_bytes)
        ops_gz = _member(archive, "ops.jsonl.gz", settings.max_body_bytes)
    text = gunzip_limited(ops_gz, settings.max_inflated_bytes)
    if text.count(b"\n") >= settings.max_ops_per_batch:
        raise ProtocolError(
            400, "invalid_batch", f"A batch may hold at most {settings.max_ops_per_batch} ops"
        )
    if hashlib.sha256(text).hexdigest() != manifest.get("sha256"):
        raise ProtocolError(400, "sha256_mismatch", "ops.jsonl does not match manifest.sha256")
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

    with _open(data, ACK_MEMBERS) as archive:
        signature = _member(archive, "signature", SIGNATURE_LIMIT)
        body = _member(archive, "ack.json", ACK_JSON_LIMIT)
    verify_signature(
        parse_public_key(server_public_key_b64), signature.decode("ascii", "replace"), body
    )
    ack = loads(body, "ack.json")
    if not isinstance(ack, dict) or ack.get("kind") != ACK_KIND:
        raise _bad(f"ack.json must be an object with kind '{ACK_KIND}'")
    return ack
