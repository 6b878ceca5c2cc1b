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
        for folder in (self.data_dir, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def paths(data_dir: Path | None = None, *, demo: bool = False) -> Paths:
    if data_dir is not None:
        return Paths(Path(data_dir))
    return Paths(demo_data_dir() if demo else default_data_dir())
