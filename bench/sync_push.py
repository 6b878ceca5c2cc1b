"""End-to-end sync push of 100,000 ops over loopback vs the server-only apply (DESIGN.md §7).

Client side: a desktop database with 100,000 captured changes (communities, 500 per local
transaction), enrolled with a real ``yishi-server run`` on 127.0.0.1; the clock covers what
``yishi sync push`` does — seal (gzip + Ed25519), POST every batch, record every answer
(per-op results, acknowledgement, outbox clean-up). Bytes on the wire are counted from the
HTTP request and response lines, headers and bodies.

Baseline in the same run: the server-only apply of the very batches the push sent — their
bytes and signatures, recorded on the wire during the first push, handed straight to the
server's apply code (``cityserver.apply.receive_batch``: token, signature, gunzip, JSON, one
transaction per batch) in a copy of the server as it was before the push; no HTTP, no client.
The ratio says what the client and the network path cost on top. The push is timed three
times (the server and the PC restored from snapshots taken before the first push),
alternating with three server-only applies; the ratio is of the best of each. The ratio
against ``bench/server_apply.py``'s apply of 100,000 smaller opinion ops (the baseline this
bench used until 2026-12-06) is printed too.

Pull (protocol 2): a second PC of the street, enrolled before the first pushed, pulls the
same 100,000 changes (``GET /api/v1/changes`` pages, applied a page per local transaction
with one ``sync.pulled`` audit row per change); ratio against the same server-only apply.

Restore: a street of ``--restore-rows`` (200,000) rows on the server, restored onto a new PC
(enrolment finds data → pull from change 0; three new PCs, best of three), against a bare
DBAPI ``executemany`` of the same rows (the same columns and values) into the same table in a
fresh database — the table and its indexes as the app defines them, one transaction per
restore page — best of three; the ratio against the table without its indexes is printed
too. A restore records one
``sync.pulled`` audit row per page, listing the page's changes.

Usage: python bench/sync_push.py [--ops 100000] [--restore-rows 200000]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from desktop.db import Database, open_database  # noqa: E402
from desktop.services import street  # noqa: E402
from desktop.services.permissions import SYSTEM_ACTOR  # noqa: E402
from desktop.sync import client, enrol, pull, restore  # noqa: E402
from desktop.sync.transport import HttpConfig, make_client  # noqa: E402
from tests.integration.sync_helpers import CityServer, make_communities  # noqa: E402


def server_only_apply(n_ops: int, tmp: Path) -> float:
    spec = importlib.util.spec_from_file_location(
        "server_apply", ROOT / "bench" / "server_apply.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    url = f"sqlite:///{tmp / 'apply.sqlite3'}"
    result = module.bench(url, tmp, n_ops, 500)
    return float(result["server"])


def server_only_apply_same(tmp: Path, run: int, sent: list[tuple[str, bytes, str]]) -> float:
    """The batches the push sent, applied straight through the server's apply code into a
    copy of the server as it was before the push (best case for the server: no HTTP)."""
    from cityserver.apply import receive_batch
    from cityserver.config import Settings
    from cityserver.db import make_engine, session_factory

    data_dir = tmp / f"apply-same-{run}"
    shutil.copytree(tmp / "snapshot" / "server", data_dir)
    settings = Settings(data_dir=data_dir, db_url=f"sqlite:///{data_dir / 'server.sqlite3'}")
    engine = make_engine(settings.db_url)
    sessions = session_factory(engine)
    elapsed = 0.0
    try:
        for token, body, signature in sent:
            t0 = time.perf_counter()
            answer = receive_batch(sessions, settings, token, body, signature)
            elapsed += time.perf_counter() - t0
            assert answer["status"] == "applied", answer["status"]
    finally:
        engine.dispose()
    return elapsed


def street_pc(path: Path, server: CityServer, code: str, name: str) -> Database:
    """A new PC of street ``code`` (渝中区), set up and enrolled with ``server``."""
    db = open_database(path)
    with db.transaction() as s:
        street.setup(
            s, SYSTEM_ACTOR, code=code, name=name, kind="street", district="渝中区", city="重庆市"
        )
    db.refresh_street_code()
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code(code))
    return db


class WireCounter:
    def __init__(self) -> None:
        self.sent = 0
        self.received = 0
        self.batches: list[tuple[str, bytes, str]] = []  # (token, body, signature) sent

    def request(self, request: httpx.Request) -> None:
        head = f"{request.method} {request.url.raw_path.decode()} HTTP/1.1\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in request.headers.items()) + "\r\n"
        self.sent += len(head.encode()) + len(request.content)
        if request.method == "POST" and request.url.path == client.BATCHES_PATH:
            token = request.headers["Authorization"].removeprefix("Bearer ")
            self.batches.append(
                (token, bytes(request.content), request.headers["X-Yishi-Signature"])
            )

    def response(self, response: httpx.Response) -> None:
        response.read()
        head = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
        self.received += len(head.encode()) + len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--restore-rows", type=int, default=200_000)
    args = parser.parse_args()
    n = args.ops
    tmp = Path(tempfile.mkdtemp(prefix="yishi-bench-sync-"))
    server = CityServer(tmp / "server").start()
    try:
        db = street_pc(tmp / "desktop" / "yishi.sqlite3", server, "500103001000", "解放碑街道")
        # The second PC is a copy of the first before any change (same street row): enrolled
        # now, it finds nothing from other devices and later simply pulls.
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        (tmp / "desktop-b").mkdir()
        shutil.copyfile(tmp / "desktop" / "yishi.sqlite3", tmp / "desktop-b" / "yishi.sqlite3")
        db_b = open_database(tmp / "desktop-b" / "yishi.sqlite3")
        from desktop.sync.state import get_state

        with db_b.transaction() as s:
            st = get_state(s)
            st.device_id, st.token = "", ""
        enrol.enrol(db_b, SYSTEM_ACTOR, server.url, server.issue_code())
        t0 = time.perf_counter()
        make_communities(db, n - 1, per_tx=500)  # + the street row = n ops
        capture_s = time.perf_counter() - t0
        # Snapshots of the server and of this PC before the push: the push is timed again
        # from them (best of PUSH_RUNS, alternating with the server-only apply).
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        server.stop()
        shutil.copytree(tmp / "server", tmp / "snapshot" / "server")
        shutil.copyfile(tmp / "desktop" / "yishi.sqlite3", tmp / "snapshot" / "yishi.sqlite3")
        server.start()
        db = open_database(tmp / "desktop" / "yishi.sqlite3")

        wire = WireCounter()
        http = make_client(HttpConfig(server.url, proxy="none"))
        http.event_hooks = {"request": [wire.request], "response": [wire.response]}
        t0 = time.perf_counter()
        report = client.push(db, client=http)
        push_s = time.perf_counter() - t0
        http.close()
        assert report.ok, report.error
        assert report.ops_acked == n and report.applied == n, report
        db.dispose()

        http = make_client(HttpConfig(server.url, proxy="none"))
        t0 = time.perf_counter()
        pulled = pull.pull_once(db_b, client=http)
        pull_s = time.perf_counter() - t0
        http.close()
        assert pulled.ok and pulled.applied == n - 1, pulled  # all but the shared street row
        db_b.dispose()

        restores, bare_s, bare_table_only_s, rows = restore_bench(server, tmp, args.restore_rows)
        restore_s = min(restores)
    finally:
        server.stop()
    applies = [server_only_apply_same(tmp, 0, wire.batches)]
    pushes = [push_s]
    for run in range(1, PUSH_RUNS):
        pushes.append(push_again(tmp, run, server.port, n))
        applies.append(server_only_apply_same(tmp, run, wire.batches))
    opinion_applies = [server_only_apply(n, tmp / f"apply-{run}") for run in range(PUSH_RUNS)]
    push_s, apply_s, opinion_s = min(pushes), min(applies), min(opinion_applies)
    shutil.rmtree(tmp, ignore_errors=True)

    print(f"ops: {n:,} in {report.batches_sent} batches (≤500 ops, whole transactions)")
    print(f"capture (local transactions writing the outbox): {n / capture_s:>9,.0f} ops/s")
    print(f"end-to-end push over loopback: {n / push_s:>9,.0f} ops/s ({push_s:.2f} s)")
    print(
        f"bytes on the wire per op: {(wire.sent + wire.received) / n:.1f} "
        f"(sent {wire.sent / n:.1f}, received {wire.received / n:.1f})"
    )
    print(
        f"baseline, server-only apply of the same {len(wire.batches)} batches "
        f"(receive_batch, no HTTP): {n / apply_s:>9,.0f} ops/s ({apply_s:.2f} s)"
    )
    print(
        f"ratio end-to-end push / server-only apply: {push_s / apply_s:.2f}x "
        f"(best of {PUSH_RUNS} each; pushes {', '.join(f'{t:.2f}' for t in pushes)} s, "
        f"applies {', '.join(f'{t:.2f}' for t in applies)} s)"
    )
    print(
        f"ratio end-to-end push / bench/server_apply.py's apply of {n:,} opinion ops: "
        f"{push_s / opinion_s:.2f}x (applies {', '.join(f'{t:.2f}' for t in opinion_applies)} s)"
    )
    print(f"end-to-end pull over loopback: {n / pull_s:>9,.0f} ops/s ({pull_s:.2f} s)")
    print(f"ratio end-to-end pull / server-only apply: {pull_s / apply_s:.2f}x")
    print(f"ratio end-to-end pull / the opinion-op apply: {pull_s / opinion_s:.2f}x")
    print(
        f"restore of {rows:,} rows onto a new PC: {rows / restore_s:>9,.0f} rows/s ({restore_s:.2f} s)"
    )
    print(
        f"baseline, bare executemany of the same rows into the same table (its indexes, "
        f"pages of {restore.RESTORE_PAGE_LIMIT:,}): {rows / bare_s:>9,.0f} rows/s ({bare_s:.2f} s)"
    )
    print(
        f"ratio restore / bare executemany: {restore_s / bare_s:.2f}x (best of "
        f"{RESTORE_RUNS} each; restores {', '.join(f'{t:.2f}' for t in restores)} s)"
    )
    print(
        f"ratio restore / bare executemany into the table without its indexes: "
        f"{restore_s / bare_table_only_s:.2f}x ({bare_table_only_s:.2f} s)"
    )
    return 0


#: The push and the server-only apply are each timed this many times, alternating; the
#: ratio is of the best of each (one run of each moved by ±30 % on this machine).
PUSH_RUNS = 3


def push_again(tmp: Path, run: int, port: int, n: int) -> float:
    """The same push again: the server and the PC as they were before the first push."""
    server = CityServer(tmp / f"server-{run}", port=port)
    shutil.copytree(tmp / "snapshot" / "server", server.data_dir)
    (tmp / f"desktop-{run}").mkdir()
    path = tmp / f"desktop-{run}" / "yishi.sqlite3"
    shutil.copyfile(tmp / "snapshot" / "yishi.sqlite3", path)
    server.start()
    try:
        db = open_database(path)
        http = make_client(HttpConfig(server.url, proxy="none"))
        t0 = time.perf_counter()
        report = client.push(db, client=http)
        elapsed = time.perf_counter() - t0
        http.close()
        assert report.ok and report.ops_acked == n and report.applied == n, report
        db.dispose()
    finally:
        server.stop()
    return elapsed


def restore_bench(
    server: CityServer, tmp: Path, rows: int
) -> tuple[list[float], float, float, int]:
    """Put a street of ``rows`` rows on the server (pushed by a PC of a second street, so
    that the first street's rows do not count), restore it onto a new PC; then insert the
    same rows with a bare executemany into a table of the same shape."""
    import sqlite3

    code = "500103002000"
    source = street_pc(tmp / "restore-src" / "yishi.sqlite3", server, code, "七星岗街道")
    make_communities(source, rows - 1, per_tx=1000)
    http = make_client(HttpConfig(server.url, proxy="none"))
    assert client.push(source, client=http).ok
    source.dispose()

    def restore_once(attempt: int) -> tuple[float, Database]:
        path = tmp / f"restore-dst-{attempt}" / "yishi.sqlite3"
        target = street_pc(path, server, code, "七星岗街道")
        assert restore.restore_state(target) == restore.RESTORING
        t0 = time.perf_counter()
        report = restore.restore(target, SYSTEM_ACTOR, client=http)
        elapsed = time.perf_counter() - t0
        assert report.ok and report.applied == rows, report
        return elapsed, target

    # Best of three new PCs, as the baseline is best of three.
    restores = []
    for attempt in range(RESTORE_RUNS):
        elapsed, target = restore_once(attempt)
        restores.append(elapsed)
        if attempt < RESTORE_RUNS - 1:
            target.dispose()
    http.close()
    with target.engine.connect() as conn:
        # The community table as the app defines it: the table, then its indexes (the
        # restore maintains them too), and the same rows.
        ddl = [
            str(sql)
            for (sql,) in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'community' "
                "AND sql IS NOT NULL ORDER BY type DESC"
            )
        ]
        cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(community)")]
        data = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM community")]
    target.dispose()

    def bare_insert(attempt: int, with_indexes: bool) -> float:
        bare = sqlite3.connect(tmp / f"bare-{attempt}-{with_indexes}.sqlite3", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=NORMAL")
        for sql in ddl if with_indexes else ddl[:1]:
            bare.execute(sql)
        marks = ",".join("?" * len(cols))
        t0 = time.perf_counter()
        page = restore.RESTORE_PAGE_LIMIT
        for start in range(0, len(data), page):  # one transaction per page, like the restore
            bare.execute("BEGIN")
            bare.executemany(f"INSERT INTO community VALUES ({marks})", data[start : start + page])
            bare.execute("COMMIT")
        elapsed = time.perf_counter() - t0
        bare.close()
        return elapsed

    bare_s = min(bare_insert(n, True) for n in range(RESTORE_RUNS))
    bare_table_only_s = min(bare_insert(n, False) for n in range(RESTORE_RUNS))
    return restores, bare_s, bare_table_only_s, rows


#: Restores onto a new PC, and bare inserts, each timed this many times; best of each.
RESTORE_RUNS = 3


if __name__ == "__main__":
    sys.exit(main())
