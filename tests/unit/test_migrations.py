"""Migrations: from empty, round trip, models and migrations agree, newer files refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from desktop.db import (
    check_revision,
    downgrade,
    make_engine,
    open_database,
    script_heads,
    stored_revisions,
    upgrade,
)
from desktop.errors import DatabaseError
from desktop.models.base import Base


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrate_from_empty_creates_every_table(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite3")
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert stored_revisions(db.path) == script_heads()
        assert check_revision(db.path) == "current"
    finally:
        db.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """A model change without its migration (or the reverse) fails here."""
    db = open_database(tmp_path / "x.sqlite3")
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_downgrade_and_upgrade_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "rt.sqlite3"
    engine = make_engine(path)
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
    assert stored_revisions(path) == script_heads()


def test_database_from_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute(  # several heads are normal: make one of them unknown
        "UPDATE alembic_version SET version_num = '9999_from_the_future'"
        " WHERE rowid = (SELECT min(rowid) FROM alembic_version)"
    )
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path, backups=tmp_path / "backups")
    assert "9999_from_the_future" in str(info.value)
    assert "更新版本" in str(info.value)  # the clerk reads Chinese
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_older_database_is_backed_up_before_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0001_foundation")
    engine.dispose()
    assert check_revision(path) == "older"
    db = open_database(path, backups=tmp_path / "backups")
    db.dispose()
    backups = list((tmp_path / "backups").glob("yishi-*-before-upgrade.sqlite3"))
    assert len(backups) == 1
    assert stored_revisions(backups[0]) == {"0001_foundation"}
    assert stored_revisions(path) == script_heads()


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_fast_revision_reading_agrees_with_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.db import MIGRATIONS_DIR, known_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script_heads() == set(script.get_heads())
    assert known_revisions() == {r.revision for r in script.walk_revisions()}


def test_paths_with_uri_characters_open(tmp_path: Path) -> None:
    # '#', '?', '%' and '&' mean something in a file: URI; Windows forbids '?' in names.
    folder = tmp_path / ("街道 #1 %20&备份" if os.name == "nt" else "街道 #1 ?备份")
    folder.mkdir()
    db = open_database(folder / "yishi.sqlite3")
    db.dispose()
    assert [p.name for p in folder.iterdir()] == ["yishi.sqlite3"]  # created where asked
    assert check_revision(folder / "yishi.sqlite3") == "current"
