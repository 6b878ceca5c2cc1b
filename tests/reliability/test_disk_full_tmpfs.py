"""A real full disk: the data folder on a 4 MB tmpfs, filled to the last byte.

Every kind of write a clerk starts — a data change, an Excel export, a backup from the
command line — fails with the Chinese full-disk message, leaves no partial file, and changes
nothing saved; once space is freed the same actions work. Mounting needs root
(CAP_SYS_ADMIN), which CI has (`.ci/run` runs as root).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.config import Paths
from desktop.db import open_database
from desktop.errors import DiskFull
from desktop.excel import writer
from desktop.services import opinions as svc
from desktop.services.permissions import Actor

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the disk refuses another byte."""
    folder.mkdir(exist_ok=True)
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(block)
        except OSError:
            pass
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass
    return filler


def opinion(i: int) -> svc.OpinionInput:
    return svc.OpinionInput(
        received_on=date(2026, 3, 2), content=f"第{i}条：" + "楼道堆物" * 300, resident_name="李四"
    )


def count(database: Path) -> int:
    con = sqlite3.connect(database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(con.execute("SELECT count(*) FROM opinion").fetchone()[0])
    finally:
        con.close()


def test_everything_fails_cleanly_on_a_full_disk_and_works_after(
    small_disk: Path, template_db: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = Paths(small_disk / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    db = open_database(paths.database, backups=paths.backups)
    with db.transaction() as s:
        svc.register(s, clerk, opinion(0))
    db.dispose()
    db = open_database(paths.database, backups=paths.backups)
    filler = fill(small_disk)
    try:
        with pytest.raises(DiskFull, match="磁盘空间已满"):
            for i in range(1, 40):  # a few actions: the WAL has some slack at first
                with db.transaction() as s:
                    for j in range(20):
                        svc.register(s, clerk, opinion(i * 100 + j))
        export = paths.data_dir / "意见台账.xlsx"
        with pytest.raises(DiskFull), db.transaction() as s:
            writer.export(s, clerk, "opinions", export)
        assert not export.exists() and not export.with_name(export.name + ".part").exists()
        db.dispose()  # the checkpoint on close frees the WAL's space…
        saved = count(paths.database)
        fill(small_disk / "more")  # …so fill the disk again

        target = paths.data_dir / "copy.sqlite3"
        code = main(["--data-dir", str(paths.data_dir), "db", "backup", "--to", str(target)])
        assert code != 0
        out, err = capsys.readouterr()
        assert "磁盘空间已满" in out + err and "Traceback" not in out + err
        assert not target.exists() and not target.with_name(target.name + ".part").exists()
    finally:
        filler.unlink()
        (small_disk / "more" / "filler.bin").unlink(missing_ok=True)
        db.dispose()

    assert count(paths.database) == saved  # nothing half-written
    db = open_database(paths.database, backups=paths.backups)
    try:
        with db.transaction() as s:
            svc.register(s, clerk, opinion(9999))
        with db.transaction() as s:
            writer.export(s, clerk, "opinions", paths.data_dir / "意见台账.xlsx")
    finally:
        db.dispose()
    assert count(paths.database) == saved + 1
    assert main(["--data-dir", str(paths.data_dir), "db", "backup", "--to", str(target)]) == 0
    assert os.path.getsize(target) > 0
