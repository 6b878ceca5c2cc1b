"""The real server in subprocesses: a crash after commit, two processes and two devices at once."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from cityserver.apply import CRASH_EXIT_CODE
from cityserver.config import ENV_CRASH_AFTER_COMMIT
from cityserver.db import make_engine, session_factory
from cityserver.devices import issue_code
from cityserver.models import EntityRow
from tests.cityserver.helpers import Device
from tests.cityserver.server_process import ServerProcess

pytestmark = pytest.mark.slow


def enrol_via(http: httpx.Client, db_url: str) -> Device:
    engine = make_engine(db_url)
    with session_factory(engine)() as session, session.begin():
        code, _ = issue_code(session, Device().street_code, timedelta(hours=1))
    engine.dispose()
    device = Device()
    body, headers = device.enrol_request(code)
    response = http.post("/api/v1/devices/enroll", content=body, headers=headers)
    assert response.status_code == 201, response.text
    device.token = response.json()["token"]
    return device


def row_count(db_url: str) -> int:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        n = session.scalar(select(func.count()).select_from(EntityRow)) or 0
    engine.dispose()
    return n


def test_killed_after_commit_then_resend_is_duplicate(db_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    crashing = ServerProcess(db_url, data_dir, **{ENV_CRASH_AFTER_COMMIT: "1"}).start()
    try:
        with httpx.Client(base_url=crashing.url, timeout=30) as http:
            device = enrol_via(http, db_url)
            body, headers = device.seal(device.batch([device.op(), device.op()]))
            with pytest.raises(httpx.TransportError):
                http.post("/api/v1/batches", content=body, headers=headers)
        assert crashing.wait() == CRASH_EXIT_CODE
    finally:
        crashing.stop()
    assert row_count(db_url) == 2  # committed before the process died

    server = ServerProcess(db_url, data_dir).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            answer = http.post("/api/v1/batches", content=body, headers=headers).json()
        assert answer["status"] == "duplicate"
        assert answer["watermark"] == 2
        assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
    finally:
        server.stop()
    assert row_count(db_url) == 2


def _increment(url: str, device: Device, shared_id: str, wins: int, out: dict[str, Any]) -> None:
    applied = conflicts = 0
    version = 1
    with httpx.Client(base_url=url, timeout=60) as http:
        while applied < wins:
            own = device.op(entity="duty_activity", note=f"{device.device_id} #{applied}")
            bump = device.op(
                entity="meeting",
                entity_id=shared_id,
                version=version + 1,
                base_version=version,
                last_by=device.device_id,
            )
            body, headers = device.seal(device.batch([own, bump]))
            response = http.post("/api/v1/batches", content=body, headers=headers)
            assert response.status_code == 200, response.text
            own_result, result = response.json()["results"]
            assert own_result["status"] == "applied"
            if result["status"] == "applied":
                applied += 1
                version += 1
            else:
                assert result["status"] == "conflict", result
                conflicts += 1
                version = result["server_version"]
    out[device.device_id] = (applied, conflicts)


def test_two_devices_two_processes_lose_no_update(db_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    servers = [ServerProcess(db_url, data_dir).start() for _ in range(2)]
    try:
        with httpx.Client(base_url=servers[0].url, timeout=30) as http:
            a, b = enrol_via(http, db_url), enrol_via(http, db_url)
            create = a.op(entity="meeting", title="第一次会议")
            body, headers = a.seal(a.batch([create]))
            assert http.post("/api/v1/batches", content=body, headers=headers).status_code == 200
        wins = 12
        out: dict[str, Any] = {}
        threads = [
            threading.Thread(
                target=_increment, args=(server.url, dev, create["entity_id"], wins, out)
            )
            for server, dev in zip(servers, (a, b), strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert set(out) == {a.device_id, b.device_id}, "a pushing thread failed"
        with httpx.Client(base_url=servers[1].url, timeout=30) as http:
            rows = http.get(
                f"/api/v1/streets/{a.street_code}/entities/meeting",
                headers={"Authorization": f"Bearer {b.token}"},
            ).json()["rows"]
            own = http.get(
                f"/api/v1/streets/{a.street_code}/entities/duty_activity",
                headers={"Authorization": f"Bearer {b.token}"},
            ).json()["rows"]
    finally:
        for server in servers:
            server.stop()
    (shared,) = rows
    # Every applied increment is visible: none was overwritten by a concurrent one.
    assert shared["version"] == 1 + 2 * wins
    assert len(own) == sum(applied + conflicts for applied, conflicts in out.values())
