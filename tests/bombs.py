"""Real zip bombs for the bounded-reading tests (docs/security.md): members that inflate to far
more than they can legitimately be, made by deflating zeros or a JSON list of empty objects."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

MIB = 1024 * 1024
_CHUNK = MIB


def _fill(kind: str) -> bytes:
    if kind == "zeros":
        return b"\0" * _CHUNK
    return b"{}," * (_CHUNK // 3)  # the inside of [{},{},…]


def bomb_zip(bomb_member: str, size: int, kind: str, others: dict[str, bytes]) -> bytes:
    """A zip whose ``bomb_member`` inflates to ``size`` bytes of ``kind`` ("zeros" or
    "objects"); the other members hold ``others``. Written in chunks, so making it is cheap."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in others.items():
            archive.writestr(name, data)
        with archive.open(bomb_member, "w", force_zip64=True) as member:
            chunk = _fill(kind)
            if kind == "objects":
                member.write(b"[")
            written = 0
            while written < size:
                member.write(chunk)
                written += len(chunk)
            if kind == "objects":
                member.write(b"{}]")
    return buf.getvalue()


def peak_rss_bytes(pid: int | None = None) -> int:
    """The process's peak resident size so far (Linux VmHWM; psutil's RSS elsewhere)."""
    status = Path(f"/proc/{pid or os.getpid()}/status")
    if status.exists():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    import psutil

    return int(psutil.Process(pid or os.getpid()).memory_info().rss)
