"""End-to-end sync push of 100,000 ops over loopback vs the server-only apply (DESIGN.md §7).

Client side: a desktop database with 100,000 captured changes (communities, 500 per local
transaction), enrolled with a real ``yishi-server run`` on 127.0.0.1; the clock covers what
``yishi sync push`` does — seal (gzip + Ed25519), POST every batch, record every answer
(per-op results, acknowledgement, outbox clean-up). Bytes on the wire are counted from the
HTTP request and response lines, headers and bodies.

Baseline in the same run: the city-server benchmark's server-only apply
(``bench/server_apply.py``: the same 100,000 ops, 500 per batch, straight into the apply code,
no HTTP, no client). The ratio says what the client and the network path cost on top.

Usage: python bench/sync_push.py [--ops 100000]
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

from desktop.db import open_database  # noqa: E402
from desktop.services import street  # noqa: E402
from desktop.services.permissions import SYSTEM_ACTOR  # noqa: E402
from desktop.sync import client, enrol  # noqa: E402
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


class WireCounter:
    def __init__(self) -> None:
        self.sent = 0
        self.received = 0

    def request(self, request: httpx.Request) -> None:
        head = f"{request.method} {request.url.raw_path.decode()} HTTP/1.1\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in request.headers.items()) + "\r\n"
        self.sent += len(head.encode()) + len(request.content)

    def response(self, response: httpx.Response) -> None:
        response.read()
        head = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
        self.received += len(head.encode()) + len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=100_000)
    args = parser.parse_args()
    n = args.ops
    tmp = Path(tempfile.mkdtemp(prefix="yishi-bench-sync-"))
    server = CityServer(tmp / "server").start()
    try:
        db = open_database(tmp / "desktop" / "yishi.sqlite3")
        with db.transaction() as s:
            street.setup(
                s,
                SYSTEM_ACTOR,
                code="500103001000",
                name="解放碑街道",
                kind="street",
                district="渝中区",
                city="重庆市",
            )
        db.refresh_street_code()
        enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
        t0 = time.perf_counter()
        make_communities(db, n - 1, per_tx=500)  # + the street row = n ops
        capture_s = time.perf_counter() - t0

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
    finally:
        server.stop()
    apply_s = server_only_apply(n, tmp / "apply")
    shutil.rmtree(tmp, ignore_errors=True)

    print(f"ops: {n:,} in {report.batches_sent} batches (≤500 ops, whole transactions)")
    print(f"capture (local transactions writing the outbox): {n / capture_s:>9,.0f} ops/s")
    print(f"end-to-end push over loopback: {n / push_s:>9,.0f} ops/s ({push_s:.2f} s)")
    print(
        f"bytes on the wire per op: {(wire.sent + wire.received) / n:.1f} "
        f"(sent {wire.sent / n:.1f}, received {wire.received / n:.1f})"
    )
    print(
        f"baseline, server-only apply (bench/server_apply.py path): "
        f"{n / apply_s:>9,.0f} ops/s ({apply_s:.2f} s)"
    )
    print(f"ratio end-to-end push / server-only apply: {push_s / apply_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
