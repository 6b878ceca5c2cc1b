"""A damaged database is called damaged, never replaced by a fresh one (issue 15, item 6).

A 0-byte file where a database existed (a backup is there) and a file cut short are damage:
``open_database`` refuses them instead of migrating a new database over them, ``yishi db
check`` says "damaged, restore from backups/" (not "not a Yishi database"), and ``yishi db
restore`` can replace them (keeping the damaged file). Only with no database and no backup
ever does a 0-byte file start afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import cli
from desktop.config import Paths
from desktop.db import (
    DamagedDatabase,
    Database,
    backup_to_folder,
    file_damage,
    open_database,
    quick_check,
)
from desktop.services import accounts


@pytest.fixture
def with_backup(db: Database, paths: Paths) -> Path:
    """A real database (the suite's template) and one backup of it."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    backup = backup_to_folder(paths.database, paths.backups, "manual")
    db.dispose()
    return backup


def _truncate(path: Path, size: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:size])


@pytest.mark.parametrize("size", [0, 50, 4096, 5000, 3 * 4096])
def test_an_empty_or_cut_short_file_is_damage_and_is_not_replaced(
    paths: Paths, with_backup: Path, size: int
) -> None:
    _truncate(paths.database, size)
    assert file_damage(paths.database, paths.backups) is not None
    with pytest.raises(DamagedDatabase) as err:
        open_database(paths.database, backups=paths.backups)
    text = str(err.value)
    assert "已损坏" in text and str(paths.backups) in text
    assert paths.database.stat().st_size == size  # nothing was written over it


def test_a_whole_database_is_not_damage(paths: Paths, with_backup: Path) -> None:
    assert file_damage(paths.database, paths.backups) is None
    assert file_damage(with_backup, paths.backups) is None
    assert quick_check(paths.database) == (True, "ok")


def test_a_zero_byte_file_with_no_database_ever_starts_afresh(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "new").ensure()
    paths.database.touch()  # a first start interrupted before the first write
    assert file_damage(paths.database, paths.backups) is None
    open_database(paths.database, backups=paths.backups).dispose()
    assert paths.database.stat().st_size > 0


def test_cli_check_says_damaged_and_names_the_backup(
    paths: Paths,
    with_backup: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    _truncate(paths.database, 5000)
    assert cli.main(["db", "check"]) == 1
    out = capsys.readouterr()
    assert "已损坏" in out.err and "backups" in out.err and "不是议事通数据库" not in out.err
    assert with_backup.name in out.out
    # the way out it names works, and keeps the damaged file
    assert cli.main(["db", "restore", str(with_backup)]) == 0
    kept = list(paths.backups.glob("damaged-*-yishi.sqlite3"))
    assert len(kept) == 1 and kept[0].stat().st_size == 5000
    assert cli.main(["db", "check"]) == 0
    db = open_database(paths.database, backups=paths.backups)
    try:
        assert accounts.sign_in(db, "clerk", "test1234").username == "clerk"
    finally:
        db.dispose()


def test_damaged_pages_are_damage_not_a_foreign_file(
    paths: Paths,
    with_backup: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = bytearray(paths.database.read_bytes())
    page = 4096
    for n in range(2, len(data) // page):  # scribble over every page but the first
        data[n * page : n * page + 64] = b"\xa5" * 64
    paths.database.write_bytes(bytes(data))
    ok, detail = quick_check(paths.database)
    assert not ok and detail
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    assert cli.main(["db", "check"]) == 1
    err = capsys.readouterr().err
    assert "不是议事通数据库" not in err


def test_a_file_of_another_kind_is_still_not_a_yishi_database(
    paths: Paths, with_backup: Path
) -> None:
    paths.database.write_bytes(b"PK\x03\x04 a zip, not a database" * 100)
    assert file_damage(paths.database, paths.backups) is None
    with pytest.raises(Exception, match="不是议事通数据库"):
        open_database(paths.database, backups=paths.backups)
    shutil.rmtree(paths.backups)
