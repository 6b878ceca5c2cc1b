"""Writing output files (PDFs, Excel sheets, backups, batch files) so that a file appears
whole or not at all: the bytes go to a sibling ``.part`` file that replaces the target only
after the write finished. On POSIX the file is made 0600 (readable by its user alone). A failed write (a full disk, a pulled USB stick) removes the
``.part`` file, and a full disk is reported as :class:`desktop.errors.DiskFull`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.errors import DISK_FULL_MESSAGE, DiskFull, as_app_error

#: Below this much free space a failed write is put down to the full disk.
NEARLY_FULL_BYTES = 1 << 20


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """``with atomic_path(target) as tmp: write(tmp)`` — then ``tmp`` becomes ``target``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        yield tmp
        if os.name == "posix" and tmp.is_file():
            tmp.chmod(0o600)  # outputs hold the street's data: the user's alone
        os.replace(tmp, target)
    except Exception as exc:
        with suppress(OSError):  # the original error is what the user needs to see
            tmp.unlink(missing_ok=True)
        friendly = as_app_error(exc)
        if friendly is None and _nearly_full(target.parent):
            # SQLite reports some writes to a full disk as a plain "disk I/O error".
            friendly = DiskFull(DISK_FULL_MESSAGE)
        if friendly is not None and friendly is not exc:
            raise friendly from exc
        raise


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def write_bytes_atomically(path: Path | str, data: bytes | memoryview) -> Path:
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target
