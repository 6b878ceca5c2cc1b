"""Import a ``.yishipull`` file the server wrote for this PC (USB; docs/sync-protocol.md §12.2).

The file is checked before anything is applied: exactly the three members, every member's
inflated size capped while it is read (streamed, never trusting the sizes the zip claims),
the manifest signed by the server key this PC got at enrolment, made for this device, not
starting beyond this PC's cursor, and the changes' sha256. The changes are then applied as an
HTTP pull applies them: a page at a time, each page in one transaction with the cursor, so an
interrupted import is simply run again (changes at or below the cursor are skipped).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy.exc import IntegrityError

from desktop.db import Database
from desktop.errors import SyncError
from desktop.i18n import N_
from desktop.sync.pull import (
    PAGE_LIMIT,
    Page,
    ProgressFn,
    apply_page,
    get_pull,
    parent_may_follow,
    peek_pull,
)
from desktop.sync.state import get_state, load_public_key

PULL_KIND = "yishi-pull"
MEMBERS = ("manifest.json", "changes.jsonl.gz", "signature")
#: Caps on what one pull file may inflate to (the server splits larger backlogs).
MAX_MANIFEST_BYTES = 64 * 1024
MAX_CHANGES_BYTES = 256 * 1024 * 1024
CHUNK = 1 << 16


@dataclass(frozen=True)
class PullFileResult:
    path: Path
    applied: int
    unchanged: int
    deferred: int
    skipped: int
    cursor: int
    head: int


def _bad(path: Path, why: str) -> SyncError:
    return SyncError(
        N_("{file} is not a valid pull file for this computer: {why}"),
        kind="rejected",
        file=path.name,
        why=why,
    )


def _read_capped(handle: IO[bytes], cap: int, path: Path, name: str) -> bytes:
    """Read a zip member streamed, refusing more than ``cap`` bytes whatever it claims."""
    out = bytearray()
    while chunk := handle.read(CHUNK):
        out += chunk
        if len(out) > cap:
            raise _bad(path, f"{name} is larger than {cap} bytes")
    return bytes(out)


def _gunzip_capped(data: bytes, cap: int, path: Path) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as exc:
        raise _bad(path, f"changes.jsonl.gz: {exc}") from exc
    if len(out) > cap or inflater.unconsumed_tail:
        raise _bad(path, f"changes inflate beyond {cap} bytes")
    if not inflater.eof:
        raise _bad(path, "changes.jsonl.gz is truncated")
    return out


def read_pull_file(
    path: Path, server_key_b64: str, device_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The verified manifest and changes of ``path``."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise _bad(path, str(exc)) from exc
    with archive:
        names = sorted(info.filename for info in archive.infolist())
        if names != sorted(MEMBERS):
            raise _bad(path, "unexpected members")
        caps = {
            "manifest.json": MAX_MANIFEST_BYTES,
            "signature": 1024,
            "changes.jsonl.gz": MAX_CHANGES_BYTES,
        }
        parts: dict[str, bytes] = {}
        for name in MEMBERS:
            try:
                with archive.open(name) as handle:
                    parts[name] = _read_capped(handle, caps[name], path, name)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise _bad(path, f"{name}: {exc}") from exc
    manifest_bytes = parts["manifest.json"]
    try:
        signature = base64.b64decode(parts["signature"].strip(), validate=True)
        load_public_key(server_key_b64).verify(signature, manifest_bytes)
    except (ValueError, InvalidSignature) as exc:
        raise _bad(path, "the server's signature does not verify") from exc
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad(path, "manifest.json is not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != PULL_KIND:
        raise _bad(path, "not a pull file")
    if manifest.get("device_id") != device_id:
        raise _bad(path, "made for another computer")
    body = _gunzip_capped(parts["changes.jsonl.gz"], MAX_CHANGES_BYTES, path)
    if hashlib.sha256(body).hexdigest() != manifest.get("sha256"):
        raise _bad(path, "the changes do not match the manifest's sha256")
    try:
        changes = [json.loads(line) for line in body.split(b"\n")] if body else []
    except ValueError as exc:
        raise _bad(path, "a change is not JSON") from exc
    if len(changes) != manifest.get("count") or not all(isinstance(c, dict) for c in changes):
        raise _bad(path, "the number of changes does not match the manifest")
    for key in ("after", "next", "head"):
        if not isinstance(manifest.get(key), int):
            raise _bad(path, f"manifest '{key}' is missing")
    return manifest, changes


def import_pull_file(
    db: Database, path: Path, progress: ProgressFn | None = None
) -> PullFileResult:
    """Apply a pull file; run it again after an interruption (or twice): nothing doubles."""
    with db.session() as s:
        state = get_state(s)
        key, device_id = state.server_public_key, state.device_id
        pulled = peek_pull(s)
        cursor = pulled.cursor if pulled is not None else 0
        s.commit()
    if not key or not device_id:
        raise SyncError(
            N_("This installation is not enrolled with a server; enrol first."), kind="auth"
        )
    manifest, changes = read_pull_file(path, key, device_id)
    after, end, head = int(manifest["after"]), int(manifest["next"]), int(manifest["head"])
    if after > cursor:
        raise SyncError(
            N_(
                "{file} starts after change {after}, but this computer has only changes up to "
                "{cursor}: import the earlier pull file first."
            ),
            kind="rejected",
            file=path.name,
            after=after,
            cursor=cursor,
        )
    todo = [c for c in changes if int(c.get("change_seq", 0)) > cursor]
    applied = unchanged = deferred = 0
    position = cursor
    start, size = 0, PAGE_LIMIT
    while start < len(todo):
        chunk = todo[start : start + size]
        last = start + size >= len(todo)
        upto = end if last else int(chunk[-1]["change_seq"])
        try:
            counts = apply_page(db, Page(position, upto, head, chunk))
        except IntegrityError as exc:
            if last or not parent_may_follow(exc):
                raise SyncError(
                    N_("Changes from the server do not fit this PC's data: {error}"),
                    kind="rejected",
                    error=str(exc.orig),
                ) from exc
            size += PAGE_LIMIT  # a parent comes later in the file: apply both together
            continue
        applied, unchanged = applied + counts.applied, unchanged + counts.unchanged
        deferred += counts.deferred
        position = upto
        start, size = start + len(chunk), PAGE_LIMIT
        if progress is not None:
            progress(start, len(todo))
    if not todo and end > cursor:
        apply_page(db, Page(cursor, end, head, []))
        position = end
    return PullFileResult(
        path, applied, unchanged, deferred, len(changes) - len(todo), max(position, cursor), head
    )


PULL_ACK_KIND = "yishi-pull-ack"


def write_pull_ack(db: Database, folder: Path) -> Path:
    """A ``.yishipullack`` for the server (USB): this PC holds its street's changes through
    its cursor; signed with the device key. ``yishi-server import-pull-ack`` records it, and
    the next ``pull-file`` starts there."""
    import io
    import os

    from desktop.fileio import atomic_path
    from desktop.models.base import utcnow
    from desktop.sync.state import sign_b64

    with db.session() as s:
        state = get_state(s)
        pull = get_pull(s)
        device, street, key = state.device_id, state.street_code, state.private_key
        through, rows = pull.cursor, pull.rows_pulled
        s.commit()
    if not device or not key:
        raise SyncError(
            N_("This installation is not enrolled with a server; enrol first."), kind="auth"
        )
    manifest = json.dumps(
        {
            "kind": PULL_ACK_KIND,
            "device_id": device,
            "street_code": street,
            "through": through,
            "rows": rows,
            "created_at": utcnow().isoformat(),
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", manifest)
        archive.writestr("signature", sign_b64(key, manifest))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"yishi-pullack-{street}-{through}-{device[:8]}.yishipullack"
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        handle.write(buf.getvalue())
        handle.flush()
        os.fsync(handle.fileno())
    return target
