"""The data directory is the user's alone on POSIX (issue 15, item 7): the folder 0700, the
database, its backups, the logs and every output file 0600. They hold the device's private
key, the server token and the poll secrets. (Windows keeps the data under the user's
profile, whose ACLs already shut out other accounts: docs/deployment.md.)"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import open_database
from desktop.fileio import atomic_path, write_bytes_atomically

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="POSIX file modes; Windows relies on the profile's ACLs"
)
ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual desktop umask (022: new files readable by everyone) for the test's duration."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_cli_makes_the_data_directory_private(tmp_path: Path, open_umask: None) -> None:
    data = tmp_path / "data"
    open_database(data / "yishi.sqlite3").dispose()
    data.chmod(0o755)  # as an older version left it
    (data / "yishi.sqlite3").chmod(0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith("YISHI_")}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from desktop.cli import main; "
            "sys.exit(main(sys.argv[1:]))",
            "--data-dir",
            str(data),
            "db",
            "backup",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert mode(data) == 0o700
    assert mode(data / "backups") == 0o700 and mode(data / "logs") == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "yishi.sqlite3" in names and any(n.startswith("yishi-") for n in names)
    assert any(n.endswith(".log") for n in names)
    assert {p.relative_to(data).as_posix(): oct(mode(p)) for p in files} == {
        p.relative_to(data).as_posix(): oct(0o600) for p in files
    }


def test_an_older_readable_data_directory_is_tightened(tmp_path: Path, open_umask: None) -> None:
    paths = Paths(tmp_path / "data")
    for folder in (paths.data_dir, paths.backups, paths.logs, paths.exports):
        folder.mkdir(parents=True)
        folder.chmod(0o755)
    for file in (paths.backups / "yishi-old.sqlite3", paths.log_file, paths.exports / "a.pdf"):
        file.write_bytes(b"x")
        file.chmod(0o644)
    db = open_database(paths.ensure().database, backups=paths.backups)
    try:
        with db.transaction() as s:  # a write: the -wal file exists now
            s.execute(__import__("sqlalchemy").text("CREATE TABLE t (x)"))
        for folder in (paths.data_dir, paths.backups, paths.logs, paths.exports):
            assert mode(folder) == 0o700, folder
        for file in paths.data_dir.rglob("*"):
            if file.is_file():
                assert mode(file) == 0o600, file
    finally:
        db.dispose()


def test_every_output_file_is_private(tmp_path: Path, open_umask: None) -> None:
    assert mode(write_bytes_atomically(tmp_path / "batch.yishibatch", b"PK")) == 0o600
    with atomic_path(tmp_path / "ledger.xlsx") as tmp:
        tmp.write_bytes(b"x")
    assert mode(tmp_path / "ledger.xlsx") == 0o600
