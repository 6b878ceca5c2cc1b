"""An upgrade killed half-way (power cut, task manager) loses nothing.

A child process opens a copy of the oldest fixture with a migration that has already rebuilt a
table and deleted rows when it stalls; the test kills it with SIGKILL at that point. The next
open must find the old revision and every old row (SQLite rolls the unfinished transaction
back), and then upgrade normally.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import open_database, script_heads, stored_revisions
from desktop.services import audit

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "db" / "0001_foundation.sqlite3"

STALLING = """\
import sys
import time

import sqlalchemy as sa
from alembic import op

revision = "9999_stalls"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
    op.execute("UPDATE user_account SET probe = 'changed'")
    op.execute("DELETE FROM audit_log")
    op.execute("INSERT INTO upgrade_probe (id) WITH RECURSIVE n(i) AS "
               "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n")
    print("STALLED", flush=True)
    time.sleep(120)


def downgrade() -> None:
    pass
"""

CHILD = """
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

folder, database, backups = sys.argv[1:4]
original = ScriptDirectory.from_config.__func__


def from_config(cls, config):
    config.set_main_option("script_location", folder)
    return original(cls, config)


ScriptDirectory.from_config = classmethod(from_config)
from desktop.db import open_database

open_database(Path(database), backups=Path(backups))
print("FINISHED", flush=True)
"""


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """A normal connection: it rolls back whatever the killed process left unfinished."""
    con = sqlite3.connect(str(path))
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        con.close()


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_killed_upgrade_rolls_back_and_the_next_start_upgrades(
    tmp_path: Path, journal: str
) -> None:
    paths = Paths(tmp_path / "data").ensure()
    shutil.copyfile(FIXTURE, paths.database)
    if journal == "delete":
        con = sqlite3.connect(str(paths.database))
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
    before = rows(paths.database)

    folder = tmp_path / "migrations"
    shutil.copytree(
        ROOT / "desktop" / "migrations", folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    heads = tuple(sorted(script_heads()))
    (folder / "versions" / "9999_stalls.py").write_text(
        textwrap.dedent(STALLING).format(down=heads[0] if len(heads) == 1 else heads),
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(paths.database), str(paths.backups)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "STALLED", line + (child.stderr.read() if child.stderr else "")
        # the half-done upgrade is on disk (journal or WAL) when the process dies
        side = Path(f"{paths.database}-{'wal' if journal == 'wal' else 'journal'}")
        assert side.exists() and side.stat().st_size > 0
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL

    assert rows(paths.database) == before
    assert stored_revisions(paths.database) == {"0001_foundation"}

    db = open_database(paths.database, backups=paths.backups)
    try:
        assert stored_revisions(paths.database) == script_heads()
        with db.session() as s:
            assert audit.verify(s).ok
    finally:
        db.dispose()
    after = rows(paths.database)
    assert "upgrade_probe" not in after
    assert len(after["user_account"]) == len(before["user_account"])
    assert len(after["audit_log"]) == len(before["audit_log"])
