"""Where the data lives.

Order: ``--data-dir``/``YISHI_DATA_DIR`` → portable mode (a ``portable.txt`` marker beside the
executable puts data in ``data/`` beside it, for a USB-stick copy) → the platform's user data
directory. The demo street always gets a directory of its own so it never mixes with real data.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Yishi"
#: On POSIX the data directory is the user's alone, and so is every file in it: the database
#: and its backups hold the device's private key, the server token and the poll secrets.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
DB_FILENAME = "yishi.sqlite3"
PORTABLE_MARKER = "portable.txt"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def is_portable() -> bool:
    return (executable_dir() / PORTABLE_MARKER).is_file()


def default_data_dir() -> Path:
    explicit = os.environ.get("YISHI_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    if is_portable():
        return executable_dir() / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    explicit = os.environ.get("YISHI_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    return default_data_dir().parent / f"{APP_NAME}-demo"


@dataclass(frozen=True)
class Paths:
    """Every file location below one data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "yishi.log"

    @property
    def exports(self) -> Path:
        return self.data_dir / "exports"

    def ensure(self) -> Paths:
        """Create the folders; on POSIX make them 0700 and every file in them 0600 (which also
        tightens a data directory an older version left readable by everyone)."""
        for folder in (self.data_dir, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            for folder in (self.data_dir, self.backups, self.logs, self.exports):
                make_private(folder)
                if folder.is_dir():
                    for entry in folder.iterdir():
                        make_private(entry)
        return self


def make_private(path: Path) -> None:
    """On POSIX: a folder 0700, a file 0600. Links are not followed; Windows keeps the ACLs of
    the user's profile, where the data directory lives."""
    if os.name != "posix":
        return
    try:
        if path.is_symlink():
            return
        if path.is_dir():
            path.chmod(PRIVATE_DIR_MODE)
        elif path.is_file():
            path.chmod(PRIVATE_FILE_MODE)
    except OSError:  # not our file (a shared USB stick): leave it; the write path still works
        pass


def private_umask() -> None:
    """Everything this process creates from now on is readable by its user alone (POSIX)."""
    if os.name == "posix":
        os.umask(0o077)


def paths(data_dir: Path | None = None, *, demo: bool = False) -> Paths:
    if data_dir is not None:
        return Paths(Path(data_dir))
    return Paths(demo_data_dir() if demo else default_data_dir())
