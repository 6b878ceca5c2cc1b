"""Backups (SQLite backup API, rotated) and restore (checked before the swap)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database, backup_to_folder, open_database, restore
from desktop.errors import DatabaseError
from desktop.models.street import Street
from desktop.services import street
from desktop.services.permissions import Actor


def _street_name(path: Path) -> str:
    db = open_database(path)
    try:
        with db.session() as s:
            return str(s.scalar(select(Street.name)))
    finally:
        db.dispose()


def test_backup_rotation_keeps_the_newest(db: Database, paths: Paths) -> None:
    made = [backup_to_folder(db.path, paths.backups, "manual", keep=3) for _ in range(5)]
    left = sorted(paths.backups.glob("yishi-*.sqlite3"))
    assert len(left) == 3
    assert made[-1] in left and made[0] not in left


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(
    db: Database, paths: Paths, admin: Actor
) -> None:
    backup = backup_to_folder(db.path, paths.backups, "manual")
    with db.transaction() as s:
        street.edit(s, admin, name="已改名街道", kind="street", district="渝中区", city="重庆市")
    db.dispose()
    kept = restore(paths.database, backup, paths.backups)
    assert _street_name(paths.database) == "解放碑街道"
    assert _street_name(kept) == "已改名街道"


def test_corrupt_backup_is_refused_and_database_unchanged(db: Database, paths: Paths) -> None:
    db.dispose()
    corrupt = paths.data_dir / "corrupt.sqlite3"
    data = bytearray(paths.database.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # smash the second page
    corrupt.write_bytes(bytes(data))
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseError):
        restore(paths.database, corrupt, paths.backups)
    assert paths.database.read_bytes() == before


def test_restore_refuses_a_newer_database(db: Database, paths: Paths) -> None:
    db.dispose()
    newer = paths.data_dir / "newer.sqlite3"
    con = sqlite3.connect(paths.database)
    con.execute(f"VACUUM INTO '{newer}'")
    con.close()
    con = sqlite3.connect(newer)
    con.execute(  # several heads are normal: make one of them unknown
        "UPDATE alembic_version SET version_num='9999_future'"
        " WHERE rowid = (SELECT min(rowid) FROM alembic_version)"
    )
    con.commit()
    con.close()
    with pytest.raises(DatabaseError):
        restore(paths.database, newer, paths.backups)


def test_cli_backup_check_and_restore(
    db: Database, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    db.dispose()
    target = paths.data_dir / "copy.sqlite3"
    assert main(["--data-dir", str(paths.data_dir), "db", "backup", "--to", str(target)]) == 0
    assert target.exists()
    assert main(["--data-dir", str(paths.data_dir), "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "完整性：正常" in out
    assert "版本：最新（" in out
    assert main(["--data-dir", str(paths.data_dir), "db", "restore", str(target)]) == 0
    assert "已从" in capsys.readouterr().out
    junk = paths.data_dir / "junk.bin"
    junk.write_bytes(b"garbage" * 1000)
    assert main(["--data-dir", str(paths.data_dir), "db", "restore", str(junk)]) == 2
    assert "junk.bin 不是数据库文件（不是议事通备份），未执行恢复。" in capsys.readouterr().err
    other = paths.data_dir / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    assert main(["--data-dir", str(paths.data_dir), "db", "restore", str(other)]) == 2
    assert "没有议事通数据" in capsys.readouterr().err
    assert main(["--data-dir", str(paths.data_dir), "db", "check"]) == 0  # still the restored copy
