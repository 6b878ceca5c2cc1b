"""Batches carried by hand: ``.yishibatch`` out, ``.yishiack`` back (docs/sync-protocol.md §7).

A batch file is a zip of ``manifest.json`` (the batch header plus ``kind``), ``ops.jsonl.gz``
(the canonical ops, one per line) and ``signature`` (base64 Ed25519 of manifest.json). It is
built from the sealed body, so the file, the HTTP push and every re-export carry the same
batch id, sha256 and ops: the server applies the batch once whichever way it arrives first.
Each file is written to a temporary name, fsynced, renamed, then read back and verified.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select

from desktop.boundedzip import ZipRefused, gunzip, open_archive, read_file, read_member
from desktop.db import Database
from desktop.errors import NotFound, SyncError, ValidationError
from desktop.fileio import atomic_path
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.sync import SyncBatch
from desktop.sync.results import AckSummary, record_answer
from desktop.sync.seal import canonical, gzip_bytes, seal_pending
from desktop.sync.state import get_state, load_public_key, lock_for_write, sign_b64

BATCH_SUFFIX = ".yishibatch"
ACK_SUFFIX = ".yishiack"
BATCH_KIND = "yishi-batch"
ACK_KIND = "yishi-ack"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BATCH_MEMBERS = ("manifest.json", "ops.jsonl.gz", "signature")
# Caps for reading files back (docs/security.md): what each member can legitimately be.
MANIFEST_LIMIT = 16 * 1024
SIGNATURE_LIMIT = 1024
OPS_GZ_LIMIT = 8 * 1024 * 1024  # the server's default body limit
OPS_LIMIT = 64 * 1024 * 1024  # the server's default inflated limit
ACK_JSON_LIMIT = 16 * 1024 * 1024
ACK_FILE_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    batch_id: str
    first_seq: int
    last_seq: int
    count: int


def _batch_parts(batch: SyncBatch, private_b64: str) -> dict[str, bytes]:
    payload: dict[str, Any] = json.loads(gzip.decompress(batch.body))
    ops = payload.pop("ops")
    manifest = {**payload, "kind": BATCH_KIND, "created_at": batch.sealed_at.isoformat()}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode(
        "utf-8"
    )
    ops_bytes = "\n".join(canonical(op) for op in ops).encode("utf-8")
    return {
        "manifest.json": manifest_bytes,
        "ops.jsonl.gz": gzip_bytes(ops_bytes),
        "signature": sign_b64(private_b64, manifest_bytes).encode("ascii"),
    }


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in ("manifest.json", "ops.jsonl.gz", "signature"):
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), parts[name])
    return buf.getvalue()


def verify_batch_file(data: bytes, public_b64: str, batch: SyncBatch) -> None:
    """The checks the server will make, run on the bytes read back from the medium."""
    try:
        with open_archive(data, BATCH_MEMBERS) as archive:
            manifest_bytes = read_member(archive, "manifest.json", MANIFEST_LIMIT)
            signature = read_member(archive, "signature", SIGNATURE_LIMIT)
            ops_gz = read_member(archive, "ops.jsonl.gz", OPS_GZ_LIMIT)
        load_public_key(public_b64).verify(base64.b64decode(signature), manifest_bytes)
        manifest = json.loads(manifest_bytes)
        text = gunzip(ops_gz, OPS_LIMIT)
        if hashlib.sha256(text).hexdigest() != batch.sha256 or manifest["sha256"] != batch.sha256:
            raise ValueError("sha256 differs")
        if manifest["batch_id"] != batch.batch_id or text.count(b"\n") + 1 != batch.count:
            raise ValueError("manifest differs")
    except (ZipRefused, ValueError, KeyError, OSError, InvalidSignature) as exc:
        raise SyncError(
            N_("The batch file written to {path} did not read back correctly: {error}"),
            kind="medium",
            path="",
            error=str(exc) or type(exc).__name__,
        ) from exc


def _write_durably(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_name(street_code: str, batch: SyncBatch) -> str:
    # Zero-padded first seq first: sorting the names gives the order the server needs.
    return f"yishi-{street_code}-{batch.first_seq:012d}-{batch.batch_id[:8]}{BATCH_SUFFIX}"


def export_files(db: Database, folder: Path) -> list[ExportedFile]:
    """Write every unacknowledged batch (sealing pending ops first) into ``folder``."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(
            N_("Cannot write to {path}: {error}"), field="folder", path=str(folder), error=str(exc)
        ) from exc
    with db.session() as s:
        state = get_state(s)
        s.commit()
        if not state.device_id or state.needs_enrolment:
            raise SyncError(
                N_("This installation is not enrolled with a server; enrol first."), kind="auth"
            )
        private_b64, public_b64, street = state.private_key, state.public_key, state.street_code
    while True:
        with db.transaction() as s:
            if not seal_pending(s):
                break
    exported: list[ExportedFile] = []
    with db.session() as s:
        ids = list(
            s.scalars(
                select(SyncBatch.batch_id)
                .where(SyncBatch.state != "acked")
                .order_by(SyncBatch.first_seq)
            )
        )
    for batch_id in ids:
        with db.session() as s:
            batch = s.get(SyncBatch, batch_id)
            assert batch is not None
            data = _zip(_batch_parts(batch, private_b64))
            path = folder / file_name(street, batch)
            try:
                _write_durably(path, data)
                verify_batch_file(path.read_bytes(), public_b64, batch)
            except OSError as exc:
                raise SyncError(
                    N_("Cannot write the batch file {path}: {error}"),
                    kind="medium",
                    path=str(path),
                    error=str(exc),
                ) from exc
            exported.append(
                ExportedFile(path, batch.batch_id, batch.first_seq, batch.last_seq, batch.count)
            )
        with db.transaction() as s:
            row = s.get(SyncBatch, batch_id)
            if row is not None:
                row.exported_at = utcnow()
    return exported


def read_ack(data: bytes, server_public_b64: str) -> dict[str, Any]:
    """ack.json of a ``.yishiack``, read with caps and parsed only once its signature holds."""
    try:
        with open_archive(data, ("ack.json", "signature")) as archive:
            signature = read_member(archive, "signature", SIGNATURE_LIMIT)
            body = read_member(archive, "ack.json", ACK_JSON_LIMIT)
        load_public_key(server_public_b64).verify(base64.b64decode(signature.strip()), body)
        ack = json.loads(body)
    except (ZipRefused, ValueError, OSError, InvalidSignature) as exc:
        raise ValidationError(
            N_("Not a valid acknowledgement file from this installation's server."),
            field="file",
        ) from exc
    if not isinstance(ack, dict) or ack.get("kind") != ACK_KIND:
        raise ValidationError(
            N_("Not a valid acknowledgement file from this installation's server."), field="file"
        )
    return ack


def import_ack(db: Database, path: Path) -> AckSummary:
    """Verify a ``.yishiack`` (server signature, this device, the batch's sha256) and record it."""
    try:
        data = read_file(path, ACK_FILE_LIMIT)
    except ZipRefused as exc:
        raise ValidationError(
            N_("Not a valid acknowledgement file from this installation's server."), field="file"
        ) from exc
    except OSError as exc:
        raise ValidationError(
            N_("Cannot read {path}: {error}"), field="file", path=str(path), error=str(exc)
        ) from exc
    with db.session() as s:
        state = get_state(s)
        s.commit()
        server_key = state.server_public_key
    if not server_key:
        raise SyncError(
            N_("This installation is not enrolled with a server; enrol first."), kind="auth"
        )
    ack = read_ack(data, server_key)
    with db.transaction() as s:
        lock_for_write(s)
        batch = s.get(SyncBatch, str(ack.get("batch_id", "")))
        if batch is None:
            raise NotFound(
                N_("The acknowledgement is for a batch this installation does not know.")
            )
        if ack.get("batch_sha256") != batch.sha256 or ack.get("device_id") != batch.device_id:
            raise ValidationError(
                N_("The acknowledgement does not match the batch that was exported."), field="file"
            )
        if ack.get("status") not in ("applied", "duplicate"):
            raise ValidationError(N_("The server did not apply this batch."), field="file")
        return record_answer(s, batch, ack, "file")
