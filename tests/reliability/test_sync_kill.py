"""The desktop process killed mid-push, restarted: everything arrives, nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import client, enrol
from tests.integration.sync_helpers import ROOT, CityServer, local_rows, make_communities

TOTAL = 30_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CityServer]:
    srv = CityServer(tmp_path / "server").start()
    yield srv
    srv.stop()


def _push_process(paths: Paths) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "--data-dir",
            str(paths.data_dir),
            "sync",
            "push",
            "--retry-for",
            "0",
        ],
        cwd=ROOT,
        env={**os.environ, "YISHI_LANG": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _watermark(server: CityServer) -> int:
    rows = server.query("SELECT watermark FROM device_watermarks")
    return int(rows[0][0]) if rows else 0


@pytest.mark.slow
def test_killed_mid_push_then_restarted_delivers_everything_once(
    db: Database, paths: Paths, server: CityServer
) -> None:
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    make_communities(db, TOTAL, per_tx=200)
    proc = _push_process(paths)
    deadline = time.monotonic() + 120
    while _watermark(server) < TOTAL // 3 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        time.sleep(0.01)
    proc.kill()  # SIGKILL: no clean-up, maybe between the server's commit and ours
    proc.wait(10)
    assert proc.stdout is not None
    proc.stdout.close()
    mark = _watermark(server)
    assert 0 < mark < TOTAL, "the kill must land in the middle of the push"
    st = client.status(db)
    assert st.pending_ops + st.unacked_ops > 0

    proc = _push_process(paths)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out.decode()
    assert server.rows() == local_rows(db)
    assert len(local_rows(db)) == TOTAL + 1
    assert server.applied_count() == TOTAL + 1
    assert server.query("SELECT op_id FROM applied_ops GROUP BY op_id HAVING count(*) > 1") == []
    st = client.status(db)
    assert st.pending_ops == 0 and st.unacked_batches == 0
