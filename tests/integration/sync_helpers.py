"""The real city server in a subprocess on 127.0.0.1, and helpers the sync tests share."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from desktop.db import Database
from desktop.models.roster import Community

ROOT = Path(__file__).resolve().parents[2]
SERVER_BIN = [sys.executable, "-m", "cityserver.cli"]
STREET_CODE = "500103001000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CityServer:
    """``yishi-server run --port P --data-dir D`` as a child process."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str) -> str:
        out = subprocess.run(
            [*SERVER_BIN, *args, "--data-dir", str(self.data_dir)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        return out.stdout

    def start(self, env: dict[str, str] | None = None) -> CityServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log, "ab")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [*SERVER_BIN, "run", "--port", str(self.port), "--data-dir", str(self.data_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/v1/meta", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def issue_code(self, street: str = STREET_CODE) -> str:
        return self.cli("devices", "issue-code", "--street", street).strip().splitlines()[0]

    def revoke(self, device_id: str) -> None:
        self.cli("devices", "revoke", device_id)

    def import_files(self, files: list[Path], ack_dir: Path) -> str:
        return self.cli("import", *[str(f) for f in files], "--ack-dir", str(ack_dir))

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.data_dir / "server.sqlite3")
        try:
            return list(con.execute(sql, params))
        finally:
            con.close()

    def rows(self) -> dict[str, tuple[int, bool]]:
        """entity_id → (version, deleted) of every row the server holds."""
        return {
            r[0]: (r[1], bool(r[2]))
            for r in self.query("SELECT entity_id, version, deleted FROM entity_rows")
        }

    def applied_count(self) -> int:
        return int(self.query("SELECT count(*) FROM applied_ops WHERE status = 'applied'")[0][0])


def make_communities(db: Database, count: int, per_tx: int = 1000, prefix: str = "社区") -> None:
    """``count`` inserted communities, ``per_tx`` per local transaction."""
    done = 0
    while done < count:
        n = min(per_tx, count - done)
        with db.transaction() as s:
            s.add_all(Community(name=f"{prefix}{done + i}", code="") for i in range(n))
        done += n


def local_rows(db: Database) -> dict[str, tuple[int, bool]]:
    from sqlalchemy import select

    from desktop.models.base import synced_models

    out: dict[str, tuple[int, bool]] = {}
    with db.session() as s:
        for cls in synced_models():
            for rid, version, deleted in s.execute(
                select(cls.id, cls.version, cls.deleted_at)  # type: ignore[attr-defined]
            ):
                out[rid] = (version, deleted is not None)
    return out
