"""Bounded reading of zip archives from outside: the one reader for every zip Yishi opens.

A zip member's header says how large it inflates to, but the header is written by whoever made
the file: a 65 KB upload can inflate to gigabytes. Every member is therefore read as a stream
in small chunks and refused as soon as it passes the cap its caller gives — the size it can
legitimately have (a manifest a few KiB, a batch's ops the protocol's batch limit) — so memory
stays bounded whatever the headers claim. A leaf module (stdlib only): ``desktop.sync`` and
``cityserver`` both use it (docs/architecture.md, docs/security.md).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from os import PathLike
from pathlib import Path

CHUNK = 64 * 1024


class ZipRefused(Exception):
    """The archive was refused without reading more than the caps allow.

    ``too_large`` is True when a member (or the file) passes its cap — HTTP 413 — and False
    when the archive is malformed or holds the wrong members — HTTP 400.
    """

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def read_file(path: str | PathLike[str], limit: int) -> bytes:
    """The bytes of a file no larger than ``limit`` (a stray multi-GB file is never read)."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ZipRefused(f"{Path(path).name} is larger than {limit} bytes", too_large=True)
    return data


def open_archive(data: bytes, names: tuple[str, ...]) -> zipfile.ZipFile:
    """Open ``data`` as a zip that holds exactly the members ``names`` (each once)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ZipRefused("Not a zip archive") from exc
    found = sorted(info.filename for info in archive.infolist())
    if found != sorted(names):
        archive.close()
        raise ZipRefused(f"The archive must hold exactly: {', '.join(names)}")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Inflate one member in chunks, refusing it as soon as it passes ``limit`` bytes."""
    out = bytearray()
    try:
        info = archive.getinfo(name)
        if info.file_size > limit:
            raise ZipRefused(f"{name} is larger than {limit} bytes", too_large=True)
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                out += chunk
                if len(out) > limit:
                    raise ZipRefused(f"{name} is larger than {limit} bytes", too_large=True)
    except ZipRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise ZipRefused(f"Cannot read {name}: {exc}") from exc
    return bytes(out)


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate one gzip stream, refusing more than ``limit`` output bytes."""
    if data[:2] != b"\x1f\x8b":
        raise ZipRefused("Not gzip data")
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ZipRefused(f"Not valid gzip: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise ZipRefused(f"Inflated data is larger than {limit} bytes", too_large=True)
    if not inflater.eof:
        raise ZipRefused("Gzip data is truncated")
    if inflater.unused_data:
        raise ZipRefused("Unexpected data after the gzip stream")
    return out
