"""Upgrades never lose data: every released database opens with the current version.

``tests/fixtures/db/`` holds one database per released schema revision (made with
``tools/make_db_fixture.py``). Each is copied, opened with the current code (backup first,
migration to the heads) and compared row by row with what it held before. A migration forced
to fail leaves the original file byte-for-byte unchanged and says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop.config import Paths
from desktop.db import (
    MIGRATIONS_DIR,
    integrity_ok,
    open_database,
    script_heads,
    stored_revisions,
)
from desktop.errors import DatabaseError
from desktop.models.base import Base
from desktop.services import accounts, audit, street

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
FIXTURE_FILES = sorted(FIXTURES.glob("*.sqlite3"))
PASSWORD = "demo1234"
FTS_SHADOW = ("data", "idx", "content", "docsize", "config")

Rows = dict[str, list[dict[str, Any]]]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path: Path) -> Rows:
    """Every row of every table (full-text indexes' internal tables left out), read-only."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        master = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = {r["name"] for r in master if (r["sql"] or "").startswith("CREATE VIRTUAL")}
        shadow = {f"{v}_{part}" for v in virtual for part in FTS_SHADOW}
        return {
            r["name"]: sorted(
                (dict(row) for row in con.execute(f'SELECT * FROM "{r["name"]}"')), key=repr
            )
            for r in master
            if r["name"] != "alembic_version" and r["name"] not in shadow
        }
    finally:
        con.close()


def virtual_tables(path: Path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
        }
    finally:
        con.close()


def _is_derived(table: str, virtual: set[str]) -> bool:
    return any(table == v or table.startswith(f"{v}_") for v in virtual)


def same_rows(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    """The new rows, cut down to the old columns, are exactly the old rows."""
    if not old:
        return not new
    columns = list(old[0])
    projected = sorted(({c: row.get(c) for c in columns} for row in new), key=repr)
    return projected == old


def _unit_op(row: dict[str, Any], units: set[str]) -> bool:
    """An outbox row that migration 0012_opinion_units wrote for one of its entries."""
    return row.get("entity") == "opinion_unit" and row.get("entity_id") in units


def copy_fixture(fixture: Path, paths: Paths) -> Path:
    shutil.copyfile(fixture, paths.database)
    return paths.database


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data").ensure()


def test_fixtures_exist_from_the_first_revision_on() -> None:
    names = {f.stem for f in FIXTURE_FILES}
    assert "0001_foundation" in names
    assert len(names) >= 2
    for fixture in FIXTURE_FILES:
        manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
        assert "+".join(manifest["revisions"]) == fixture.stem
        # a fixture is a real street office's database, not an empty schema
        assert manifest["rows"]["user_account"] >= 2
        assert manifest["rows"]["audit_log"] >= 3


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_every_fixture_opens_with_its_data_intact(fixture: Path, paths: Paths) -> None:
    committed = _digest(fixture)
    path = copy_fixture(fixture, paths)
    before_revisions = stored_revisions(path)
    before = snapshot(path)
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    assert {t: len(rows) for t, rows in before.items()} == {t: manifest["rows"][t] for t in before}

    derived = virtual_tables(path)
    db = open_database(path, backups=paths.backups)
    try:
        assert stored_revisions(path) == script_heads()
        with db.engine.connect() as conn:
            drift = [
                d
                for d in compare_metadata(MigrationContext.configure(conn), Base.metadata)
                # full-text indexes are built by the app at run time, not by migrations
                if not (d[0] == "remove_table" and _is_derived(d[1].name, derived))
            ]
        assert drift == [], (
            f"after the upgrade, {fixture.name} does not match the models: a revision it "
            "records was changed after the fixture was cut. Released revisions must never "
            "change; if it was never released, cut the fixture again with "
            "tools/make_db_fixture.py"
        )
        after = snapshot(path)
        # 0012_opinion_units turns the departments typed before into 承办单位 entries, each
        # with its sync op (captured under the new revision); nothing else is added. (A fixture
        # cut after 0012 already holds units and their ops: those stay.)
        units = {r["id"] for r in after.get("opinion_unit", [])}
        had = {r["op_id"] for r in before.get("sync_outbox", [])}
        after["sync_outbox"] = [
            r for r in after.get("sync_outbox", []) if r["op_id"] in had or not _unit_op(r, units)
        ]
        # Every row that was there is still there, with the same values in its old columns.
        for table, rows in before.items():
            assert table in after, f"table {table} disappeared"
            assert len(after[table]) == len(rows), table
            assert same_rows(rows, after[table]), f"rows of {table} changed"
        with db.session() as s:
            chain = audit.verify(s)
            assert chain.ok, chain
            info = street.current(s)
            assert info is not None and info.name == "解放碑街道"
        assert accounts.sign_in(db, "admin", PASSWORD).username == "admin"
    finally:
        db.dispose()
    assert integrity_ok(path)[0]

    backups = sorted(paths.backups.glob("*before-upgrade*.sqlite3"))
    if before_revisions != script_heads():
        # backed up first: the backup holds the old revision and exactly the old rows
        assert len(backups) == 1
        assert stored_revisions(backups[0]) == before_revisions
        assert snapshot(backups[0]) == before
    else:
        assert backups == []
    assert _digest(fixture) == committed, "the committed fixture must never be written"


# ---------------------------------------------------------------------------- failed upgrade

BROKEN = '''\
"""A migration that fails half-way, after real work (a table, a rebuild of user_account)."""
import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
    op.execute("UPDATE user_account SET probe = 'changed'")
    op.execute("DELETE FROM audit_log")
    raise RuntimeError("forced failure for the upgrade test")


def downgrade() -> None:
    pass
'''


def install_broken_migrations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Alembic reads a copy of the migrations with a failing revision on top of the heads."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    heads = tuple(sorted(script_heads()))
    down = heads[0] if len(heads) == 1 else heads
    (folder / "versions" / "9999_broken.py").write_text(
        textwrap.dedent(BROKEN).format(down=down), encoding="utf-8"
    )
    original = ScriptDirectory.from_config.__func__  # type: ignore[attr-defined]

    def from_config(cls: type[ScriptDirectory], config: Config) -> ScriptDirectory:
        config.set_main_option("script_location", str(folder))
        return original(cls, config)  # type: ignore[no-any-return]

    monkeypatch.setattr(ScriptDirectory, "from_config", classmethod(from_config))
    return folder


@pytest.fixture
def broken_migrations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return install_broken_migrations(monkeypatch, tmp_path)


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_failed_migration_leaves_the_file_untouched_and_says_so(
    broken_migrations: Path, paths: Paths, journal: str
) -> None:
    path = copy_fixture(FIXTURES / "0001_foundation.sqlite3", paths)
    if journal == "delete":  # e.g. a file restored by hand from an old copy
        con = sqlite3.connect(str(path))
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
    digest = _digest(path)
    rows = snapshot(path)

    with pytest.raises(DatabaseError) as caught:
        open_database(path, backups=paths.backups)

    message = str(caught.value)
    assert "数据库升级失败" in message and "原文件未改动" in message, message
    assert "forced failure" in message
    assert str(paths.backups) in message
    assert _digest(path) == digest, "the original database file was modified"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert stored_revisions(path) == {"0001_foundation"}
    assert snapshot(path) == rows
    # the backup made before the attempt holds the same data
    (backup,) = paths.backups.glob("*before-upgrade*.sqlite3")
    assert snapshot(backup) == rows


def test_after_a_failed_upgrade_the_fixed_version_upgrades_normally(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = copy_fixture(FIXTURES / "0001_foundation.sqlite3", paths)
    rows = snapshot(path)
    with monkeypatch.context() as patch:
        install_broken_migrations(patch, tmp_path)
        with pytest.raises(DatabaseError):
            open_database(path, backups=paths.backups)
    db = open_database(path, backups=paths.backups)
    try:
        assert stored_revisions(path) == script_heads()
        with db.session() as s:
            assert audit.verify(s).ok
    finally:
        db.dispose()
    after = snapshot(path)
    assert len(after["user_account"]) == len(rows["user_account"])
    assert "upgrade_probe" not in after


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_upgrade_fills_in_the_pinyin_sort_keys(fixture: Path, paths: Paths) -> None:
    """0007_name_sort fills ``name_sort`` for the people and stations already there, as the
    models would."""
    from desktop.pinyin_order import place_sort_key, sort_key

    path = copy_fixture(fixture, paths)
    db = open_database(path, backups=paths.backups)
    db.dispose()
    con = sqlite3.connect(str(path))
    try:
        for table in ("representative", "deputy", "deputy_contact", "station", "attendance"):
            key_of = place_sort_key if table == "station" else sort_key
            rows = con.execute(f"SELECT name, name_sort FROM {table}").fetchall()
            assert all(key == key_of(name) for name, key in rows), table
            if table == "representative" and fixture.stem != "0001_foundation":
                assert rows, "the fixture has representatives to fill in"
    finally:
        con.close()


# ---------------------------------------------------------------------------- pending sync ops

SYNC_FIXTURE = FIXTURES / "0004_polls+0005_opinions+0006_sync.sqlite3"


def enrol_file(path: Path) -> None:
    """Give an old file a device identity, as enrolment would have (raw SQL: old schema)."""
    from desktop.sync.state import new_private_key

    private, public = new_private_key()
    con = sqlite3.connect(str(path))
    try:
        (code,) = con.execute("SELECT code FROM street LIMIT 1").fetchone()
        given = {
            "id": 1,
            "device_id": "0b5e4f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "device_name": "工委办公室",
            "private_key": private,
            "public_key": public,
            "token": "ysd_test",
            "street_code": code,
        }
        values = dict(given)
        for _cid, name, kind, notnull, default, _pk in con.execute("PRAGMA table_info(sync_state)"):
            if name not in values and notnull and default is None:
                values[name] = 0 if kind.upper() in {"INTEGER", "BOOLEAN"} else ""
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with con:
            con.execute(f"INSERT INTO sync_state ({names}) VALUES ({marks})", list(values.values()))
    finally:
        con.close()


def outbox_counts(path: Path) -> tuple[int, int, int]:
    """(ops, ops still unsealed, batches)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ops, unsealed = con.execute(
            "SELECT count(*), coalesce(sum(batch_id IS NULL), 0) FROM sync_outbox"
        ).fetchone()
        (batches,) = con.execute("SELECT count(*) FROM sync_batch").fetchone()
    finally:
        con.close()
    return int(ops), int(unsealed), int(batches)


def test_pending_ops_are_sealed_under_the_old_revision_by_the_upgrade(paths: Paths) -> None:
    path = copy_fixture(SYNC_FIXTURE, paths)
    enrol_file(path)
    ops, unsealed, batches = outbox_counts(path)
    assert ops == unsealed > 0 and batches == 0, "the fixture has pending, unsealed ops"

    open_database(path, backups=paths.backups).dispose()

    after_ops, after_unsealed, after_batches = outbox_counts(path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # 0012_opinion_units adds the ops of the 承办单位 entries it makes, after the sealing.
        (unit_ops,) = con.execute(
            "SELECT count(*) FROM sync_outbox WHERE entity = 'opinion_unit'"
        ).fetchone()
        revisions = {
            r
            for (r,) in con.execute(
                "SELECT DISTINCT schema_rev FROM sync_outbox WHERE entity != 'opinion_unit'"
            )
        }
        sealed_ops = con.execute("SELECT sum(count) FROM sync_batch").fetchone()[0]
    finally:
        con.close()
    assert after_unsealed == unit_ops and after_batches > 0
    assert after_ops == ops + unit_ops  # sealed, not sent: nothing acknowledged, nothing lost
    assert revisions == {1}
    assert sealed_ops == ops


def test_a_failed_upgrade_of_an_enrolled_file_undoes_the_sealing_too(
    broken_migrations: Path, paths: Paths
) -> None:
    path = copy_fixture(SYNC_FIXTURE, paths)
    enrol_file(path)
    digest = _digest(path)
    counts = outbox_counts(path)

    with pytest.raises(DatabaseError) as caught:
        open_database(path, backups=paths.backups)

    assert "原文件未改动" in str(caught.value)
    assert _digest(path) == digest, "the sealing was committed although the upgrade failed"
    assert outbox_counts(path) == counts
