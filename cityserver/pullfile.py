"""The ``.yishipull`` file (server → device by USB): a device's street changes (docs §12.2)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import orjson
from sqlalchemy import Engine, select

from cityserver.auth import ServerKey
from cityserver.models import Device, DevicePull, utcnow
from cityserver.protocol import ProtocolError
from cityserver.pull import MAX_LIMIT, read_page

PULL_KIND = "yishi-pull"
PULL_MEMBERS = ("manifest.json", "changes.jsonl.gz", "signature")


@dataclass(frozen=True)
class PullFile:
    path: Path
    after: int
    next: int
    head: int
    count: int


def _canonical(change: dict[str, object]) -> bytes:
    return orjson.dumps(change, option=orjson.OPT_SORT_KEYS)


def write_pull_files(
    engine: Engine,
    key: ServerKey,
    device_id: str,
    out_dir: Path,
    after: int | None = None,
    max_bytes: int = 64 * 1024 * 1024,
) -> list[PullFile]:
    """Every change of the device's street after ``after`` (default: what it last
    acknowledged) as one or more signed files, each at most ``max_bytes`` inflated."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        device = session.get(Device, device_id)
        if device is None or device.revoked_at is not None:
            raise ProtocolError(401, "unknown_device", "Unknown or revoked device")
        street = device.street_code
        if after is None:
            acked = session.scalar(
                select(DevicePull.pulled_through).where(DevicePull.device_id == device_id)
            )
            after = int(acked or 0)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[PullFile] = []
    while True:
        start, size, head, cursor = after, 0, 0, after
        lines: list[bytes] = []
        while size < max_bytes:
            page = read_page(engine, device_id, street, cursor, MAX_LIMIT)
            head = page.head
            for change in page.changes:
                line = _canonical(change)
                if size + len(line) + 1 > max_bytes and lines:
                    break
                lines.append(line)
                size += len(line) + 1
                cursor = int(change["change_seq"])
            else:
                cursor = page.next
                if not page.more:
                    break
                continue
            break
        body = b"\n".join(lines)
        manifest = json.dumps(
            {
                "kind": PULL_KIND,
                "protocol": 2,
                "device_id": device_id,
                "street_code": street,
                "after": start,
                "next": cursor,
                "head": max(head, cursor),
                "count": len(lines),
                "sha256": hashlib.sha256(body).hexdigest(),
                "created_at": utcnow().isoformat(),
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("manifest.json", manifest)
            archive.writestr("changes.jsonl.gz", gzip.compress(body, compresslevel=6, mtime=0))
            archive.writestr("signature", key.sign_b64(manifest))
        path = out_dir / f"yishi-pull-{street}-{start}-{cursor}.yishipull"
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as handle:
            handle.write(buf.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
        files.append(PullFile(path, start, cursor, max(head, cursor), len(lines)))
        after = cursor
        if cursor >= head:
            return files


PULL_ACK_KIND = "yishi-pull-ack"
PULL_ACK_MEMBERS = ("manifest.json", "signature")
MAX_ACK_MEMBER = 64 * 1024


def import_pull_ack(engine: Engine, data: bytes) -> tuple[str, int]:
    """Record a ``.yishipullack`` (device → server by USB): the device says it holds its
    street's changes through ``through``. Signed by the device's key. (device_id, through)."""
    from sqlalchemy.orm import Session

    from cityserver.auth import device_public_key, verify_signature
    from cityserver.pull import record_pull

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ProtocolError(400, "invalid_batch_file", "Not a zip archive") from exc
    parts: dict[str, bytes] = {}
    with archive:
        if sorted(i.filename for i in archive.infolist()) != sorted(PULL_ACK_MEMBERS):
            raise ProtocolError(400, "invalid_batch_file", "Not a pull acknowledgement")
        for name in PULL_ACK_MEMBERS:
            with archive.open(name) as handle:
                body = handle.read(MAX_ACK_MEMBER + 1)  # streamed, capped
            if len(body) > MAX_ACK_MEMBER:
                raise ProtocolError(413, "body_too_large", f"{name} is too large")
            parts[name] = body
    try:
        manifest = json.loads(parts["manifest.json"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(400, "invalid_json", "manifest.json is not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != PULL_ACK_KIND:
        raise ProtocolError(400, "invalid_batch_file", "Not a pull acknowledgement")
    device_id, through, rows = (
        manifest.get("device_id"),
        manifest.get("through"),
        manifest.get("rows", 0),
    )
    if not isinstance(device_id, str) or type(through) is not int or type(rows) is not int:
        raise ProtocolError(400, "invalid_batch_file", "device_id/through/rows missing")
    with Session(engine) as session:
        device = session.get(Device, device_id)
        if device is None:
            raise ProtocolError(401, "unknown_device", "Unknown device")
        if device.revoked_at is not None:
            raise ProtocolError(401, "device_revoked", "This device has been revoked")
        key = device_public_key(device)
    verify_signature(key, parts["signature"].decode("ascii", "replace"), parts["manifest.json"])
    record_pull(engine, device_id, max(0, through), max(0, rows))
    return device_id, through
