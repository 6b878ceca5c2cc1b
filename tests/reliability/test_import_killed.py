"""A process killed in the middle of an import's commit leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.db import Database, integrity_ok
from desktop.models.imports import ImportBatch
from desktop.models.outbox import SyncOutbox
from desktop.models.roster import Representative
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import REP_HEADERS, id_number, setup_roster, write_xlsx

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, time
from pathlib import Path
from desktop.db import open_database
from desktop.excel import importer
from desktop.services import audit
from desktop.services.permissions import SYSTEM_ACTOR

db = open_database(Path(sys.argv[1]))
with db.session() as s:
    plan = importer.prepare(s, SYSTEM_ACTOR, "representatives", Path(sys.argv[2]))
real_record = audit.record

def stall(*args, **kwargs):
    # Every row, outbox op and import item is written; the transaction is still open.
    real_record(*args, **kwargs)
    print("INSIDE-COMMIT", flush=True)
    time.sleep(60)

audit.record = stall
with db.transaction() as s:
    importer.commit(s, SYSTEM_ACTOR, plan)
print("COMMITTED", flush=True)
"""


def _state(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Representative)) or 0),
            int(s.scalar(select(func.count()).select_from(SyncOutbox)) or 0),
            int(s.scalar(select(func.count()).select_from(ImportBatch)) or 0),
        )


def test_killed_mid_commit_leaves_database_as_before(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    setup_roster(db, clerk)
    rows = [REP_HEADERS] + [
        [
            f"代表{i}",
            "女",
            id_number(i, f"19{60 + i % 30}0101"),
            "较场口社区",
            "居民",
            "13800138000",
            "2022-01-05",
        ]
        for i in range(3000)
    ]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    before = _state(db)
    db.dispose()
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(db.path), str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "INSIDE-COMMIT", (line, proc.stderr.read() if proc.stderr else "")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert integrity_ok(db.path)[0]
    assert _state(db) == before
    # And the same import still works afterwards.
    from desktop.excel import importer

    with db.session() as s:
        plan = importer.prepare(s, clerk, "representatives", path)
    with db.transaction() as s:
        result = importer.commit(s, clerk, plan)
    assert result.created == 3000
    assert _state(db)[0] == before[0] + 3000
