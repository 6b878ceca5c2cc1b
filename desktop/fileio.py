"""Writing output files (PDFs, Excel sheets, backups, batch files) so that a file appears
whole or not at all: the bytes go to a sibling ``.part`` file that replaces the target only
after the write finished. On POSIX the file is made 0600 (readable by its user alone). A failed write (a full disk, a pulled USB stick) removes the
``.part`` file, and a full disk is reported as :class:`desktop.errors.DiskFull`.

Two Windows rules are checked here too: a name Windows reserves for a device (``CON``,
``aux.xlsx``, ``nul.pdf`` …) is refused before anything is written (Windows would send the
bytes to the device and no file would appear), and replacing a file another program holds
open (Windows refuses with "access denied") is reported as :class:`desktop.errors.FileInUse`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.errors import DISK_FULL_MESSAGE, DiskFull, FileInUse, ValidationError, as_app_error
from desktop.i18n import N_

#: Below this much free space a failed write is put down to the full disk.
NEARLY_FULL_BYTES = 1 << 20
ON_WINDOWS = os.name == "nt"
# CON, PRN, AUX, NUL, COM0-9, LPT0-9 (also with superscript digits), with or without an extension.
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|(COM|LPT)[0-9\u00b9\u00b2\u00b3])", re.IGNORECASE)


def is_reserved_name(name: str) -> bool:
    """True for a file name Windows maps to a device (``CON``, ``aux.xlsx``, ``Nul .pdf``)."""
    return _RESERVED.fullmatch(name.split(".")[0].rstrip(" ")) is not None


def check_file_name(path: Path) -> None:
    if is_reserved_name(path.name):
        raise ValidationError(
            N_(
                "“{name}” is a name Windows reserves for a device, so no file by that name can "
                "be saved. Choose another file name."
            ),
            name=path.name,
        )


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """``with atomic_path(target) as tmp: write(tmp)`` — then ``tmp`` becomes ``target``."""
    target = Path(path)
    check_file_name(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        yield tmp
        if os.name == "posix" and tmp.is_file():
            tmp.chmod(0o600)  # outputs hold the street's data: the user's alone
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            if not ON_WINDOWS:
                raise
            raise FileInUse(
                N_(
                    "{name} is open in another program (Excel, a PDF reader …), so it cannot be "
                    "replaced. Close it there and try again; the file was not changed."
                ),
                name=target.name,
            ) from exc
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
