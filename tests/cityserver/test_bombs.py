"""Zip bombs against every zip the server opens (issue 15 item 1, docs/security.md).

A member is read as a bounded stream with a cap that fits what it can legitimately be; the
device is authenticated (manifest signature) before the ops member is read at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.bombs import MIB, bomb_zip, peak_rss_bytes
from tests.cityserver.helpers import Device
from tests.cityserver.server_process import ServerProcess

URL = "/api/v1/batch-files"
# Below the old per-member limit of 64 MiB, which the server used to read in one go.
BOMB = 60 * MIB
# What a refused bomb may add to the server's peak memory (the old reader added ≥ 60 MiB for
# zeros and about 1.6 GB for a list of empty objects).
BOUND = 24 * MIB


def _manifest(device: Device) -> bytes:
    batch = device.batch([device.op()])
    manifest = {k: v for k, v in batch.items() if k != "ops"}
    return json.dumps({**manifest, "kind": "yishi-batch"}).encode()


@pytest.mark.parametrize("kind", ["zeros", "objects"])
@pytest.mark.parametrize("member", ["manifest.json", "signature"])
def test_bomb_in_a_small_member_is_refused_413(
    client: TestClient, device: Device, member: str, kind: str
) -> None:
    others = {"manifest.json": _manifest(device), "signature": b"x", "ops.jsonl.gz": b"x"}
    del others[member]
    data = bomb_zip(member, BOMB, kind, others)
    assert len(data) < 200 * 1024
    answer = client.post(URL, content=data, headers={"Content-Type": "application/zip"})
    assert answer.status_code == 413, answer.text
    assert answer.json()["error"] == "body_too_large"
    assert member in answer.json()["message"]


@pytest.mark.parametrize("kind", ["zeros", "objects"])
def test_ops_of_an_unauthenticated_file_are_never_read(
    client: TestClient, device: Device, kind: str
) -> None:
    manifest = _manifest(device)
    data = bomb_zip(
        "ops.jsonl.gz", BOMB, kind, {"manifest.json": manifest, "signature": b"not-a-signature"}
    )
    answer = client.post(URL, content=data, headers={"Content-Type": "application/zip"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "bad_signature"


def test_signed_ops_member_larger_than_the_body_limit_is_413(
    client: TestClient, device: Device
) -> None:
    manifest = _manifest(device)
    data = bomb_zip(
        "ops.jsonl.gz",
        BOMB,
        "zeros",
        {"manifest.json": manifest, "signature": device.sign(manifest).encode()},
    )
    answer = client.post(URL, content=data, headers={"Content-Type": "application/zip"})
    assert answer.status_code == 413, answer.text
    assert "ops.jsonl.gz" in answer.json()["message"]


@pytest.mark.parametrize("kind", ["zeros", "objects"])
def test_bomb_upload_keeps_memory_bounded_and_others_answered(tmp_path: Path, kind: str) -> None:
    data = bomb_zip("manifest.json", BOMB, kind, {"signature": b"x", "ops.jsonl.gz": b"x"})
    server = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", tmp_path / "data").start()
    try:
        assert server.proc is not None
        with httpx.Client(base_url=server.url, timeout=60) as http:
            assert http.get("/api/v1/meta").status_code == 200
            before = peak_rss_bytes(server.proc.pid)
            out: dict[str, Any] = {}

            def upload() -> None:
                with httpx.Client(base_url=server.url, timeout=60) as other:
                    out["bomb"] = other.post(URL, content=data)

            thread = threading.Thread(target=upload)
            thread.start()
            others = [http.get("/api/v1/meta").status_code for _ in range(20)]
            thread.join(60)
            after = peak_rss_bytes(server.proc.pid)
    finally:
        server.stop()
    assert others == [200] * 20
    assert out["bomb"].status_code == 413
    assert after - before < BOUND, f"peak RSS grew by {(after - before) / MIB:.0f} MiB"


CLI_IMPORT = """
import sys
from tests.bombs import peak_rss_bytes
from cityserver.cli import main
import cityserver.apply, cityserver.batchfile
main(["migrate", *sys.argv[1:5]])  # the imports and the database, before measuring
before = peak_rss_bytes()
code = main(["import", *sys.argv[1:]])
print(code, peak_rss_bytes() - before)
"""


@pytest.mark.parametrize("kind", ["zeros", "objects"])
def test_server_import_of_a_bomb_fails_cleanly_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    bomb = tmp_path / "bomb.yishibatch"
    bomb.write_bytes(
        bomb_zip("manifest.json", BOMB, kind, {"signature": b"x", "ops.jsonl.gz": b"x"})
    )
    common = ["--data-dir", str(tmp_path / "data"), "--db", f"sqlite:///{tmp_path / 's.sqlite3'}"]
    proc = subprocess.run(
        [sys.executable, "-c", CLI_IMPORT, *common, "--ack-dir", str(tmp_path), str(bomb)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    *_, code, grown = proc.stdout.split()
    assert code == "1", proc.stderr
    assert "manifest.json is larger than" in proc.stderr
    assert int(grown) < BOUND, f"peak RSS grew by {int(grown) / MIB:.0f} MiB"
    assert not list(tmp_path.glob("*.yishiack"))
