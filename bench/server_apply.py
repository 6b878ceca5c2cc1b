"""Server apply throughput vs a bare executemany insert of the same rows (DESIGN.md §7).

Applies 100,000 small ops in batches of 500 through the same code path as
``POST /api/v1/batches`` (token, Ed25519 signature, gunzip, JSON, envelope + sha256 checks,
one transaction per batch with de-duplication, conflict checks, op log, watermark), on SQLite
and on PostgreSQL, and in the same run and database inserts the same rows with a bare DBAPI
``executemany`` (one transaction per 500 rows) into a table of the same shape. The two are
interleaved batch by batch, so a busy machine slows both alike. Prints ops/s, the ratio (goal ≤ 3×) and the
compressed bytes per op. Batches are sealed before the clock starts (that is client work).

PostgreSQL: $YISHI_TEST_PG_URL, else a throw-away cluster from .ci/postgres.sh, else skipped.
Usage: python bench/server_apply.py [--ops 100000] [--batch 500] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from cityserver.apply import receive_batch  # noqa: E402
from cityserver.config import Settings  # noqa: E402
from cityserver.db import make_engine, migrate, session_factory  # noqa: E402
from cityserver.devices import enrol, issue_code  # noqa: E402
from cityserver.protocol import dumps_json  # noqa: E402
from tests.cityserver.helpers import STREET, Device  # noqa: E402

TITLES = ["路灯不亮", "井盖缺失", "楼道堆物", "停车难", "垃圾分类", "噪音扰民"]


def build_batches(device: Device, n_ops: int, per_batch: int) -> list[tuple[bytes, dict]]:
    sealed = []
    for start in range(0, n_ops, per_batch):
        ops = [
            device.op(
                entity="opinion",
                title=TITLES[i % len(TITLES)],
                status="received",
                community="解放碑社区",
                n=i,
            )
            for i in range(start, min(start + per_batch, n_ops))
        ]
        sealed.append(device.seal(device.batch(ops)))
    return sealed


# The same table shape as the server's entity_rows (primary key and read-side index), so the
# ratio measures the protocol's work, not a difference in what is stored.
BARE_DDL = (
    """CREATE TABLE bench_bare (
    entity VARCHAR(64) NOT NULL, entity_id VARCHAR(36) NOT NULL,
    street_code VARCHAR(12) NOT NULL, version INTEGER NOT NULL, data JSON NOT NULL,
    deleted BOOLEAN NOT NULL, updated_at {ts} NOT NULL,
    PRIMARY KEY (entity, entity_id))""",
    "CREATE INDEX ix_bench_bare ON bench_bare (street_code, entity, updated_at)",
)


class Bare:
    """A bare DBAPI ``executemany`` of the same rows into a same-shaped table."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.pg = self.engine.dialect.name == "postgresql"
        with self.engine.begin() as conn:
            conn.execute(text(BARE_DDL[0].format(ts="TIMESTAMP" if self.pg else "DATETIME")))
            conn.execute(text(BARE_DDL[1]))
        mark = "%s" if self.pg else "?"
        self.sql = f"INSERT INTO bench_bare VALUES ({', '.join([mark] * 7)})"
        self.raw = self.engine.raw_connection()
        if not self.pg:  # the server's SQLite settings (db.py): WAL, synchronous=NORMAL, cache
            cur = self.raw.cursor()
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

    def insert(self, ops: list[dict[str, Any]]) -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        rows = [
            (
                op["entity"],
                op["entity_id"],
                STREET,
                op["version"],
                dumps_json(op["data"]),
                False,
                now,
            )
            for op in ops
        ]
        cur = self.raw.cursor()
        cur.executemany(self.sql, rows)
        cur.close()
        self.raw.commit()

    def close(self) -> None:
        self.raw.close()
        self.engine.dispose()


def bench(url: str, data_dir: Path, n_ops: int, per_batch: int) -> dict[str, float]:
    """Server apply and bare insert, interleaved batch by batch so load hits both alike."""
    settings = Settings(data_dir=data_dir, db_url=url)
    engine = make_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    device = Device()
    with sessions() as session, session.begin():
        code, _ = issue_code(session, STREET, timedelta(hours=1))
    body, headers = device.enrol_request(code)
    with sessions() as session, session.begin():
        device.token = enrol(session, body, headers["X-Yishi-Signature"]).token
    sealed = build_batches(device, n_ops, per_batch)
    plain = [json.loads(gzip.decompress(body))["ops"] for body, _ in sealed]
    bare = Bare(url)
    server_s = bare_s = 0.0
    try:
        for (body, hdrs), ops in zip(sealed, plain, strict=True):
            t0 = time.perf_counter()
            answer = receive_batch(
                sessions, settings, device.token, body, hdrs["X-Yishi-Signature"]
            )
            t1 = time.perf_counter()
            bare.insert(ops)
            t2 = time.perf_counter()
            server_s += t1 - t0
            bare_s += t2 - t1
            assert answer["status"] == "applied"
            assert all(r["status"] == "applied" for r in answer["results"])
    finally:
        bare.close()
        engine.dispose()
    return {
        "server": server_s,
        "bare": bare_s,
        "compressed": float(sum(len(body) for body, _ in sealed)),
    }


def pg_server() -> tuple[str | None, dict[str, str] | None]:
    url = os.environ.get("YISHI_TEST_PG_URL")
    if url:
        return url, None
    state = Path(tempfile.mkdtemp()) / "state"
    env = {**os.environ, "YISHI_PG_STATE_FILE": str(state)}
    proc = subprocess.run(
        [str(ROOT / ".ci" / "postgres.sh"), "start"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return (proc.stdout.strip(), env) if proc.returncode == 0 else (None, None)


def fresh_pg_db(server: str) -> str:
    name = f"yishi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_pg_db(server: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def report(name: str, n_ops: int, r: dict[str, float]) -> None:
    ratio = r["server"] / r["bare"]
    verdict = "OK" if ratio <= 3 else "ABOVE GOAL"
    print(f"[{name}] server apply: {n_ops / r['server']:>9,.0f} ops/s ({r['server']:.2f} s)")
    print(f"[{name}] bare executemany insert: {n_ops / r['bare']:>9,.0f} ops/s ({r['bare']:.2f} s)")
    print(f"[{name}] ratio server/bare: {ratio:.2f}x (goal <= 3x) {verdict}")
    print(f"[{name}] compressed bytes per op: {r['compressed'] / n_ops:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        report("sqlite", args.ops, bench(url, Path(tmp), args.ops, args.batch))
        if args.sqlite_only:
            return 0

        pg, env = pg_server()
        if pg is None:
            print("[postgresql] skipped: no PostgreSQL server binaries")
            return 0
        try:
            db = fresh_pg_db(pg)
            try:
                report("postgresql", args.ops, bench(db, Path(tmp), args.ops, args.batch))
            finally:
                drop_pg_db(pg, db)
        finally:
            if env is not None:
                subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "stop"], env=env, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
