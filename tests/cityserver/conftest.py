"""Fixtures: every server test runs on SQLite and on a real PostgreSQL (docs §11)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cityserver.app import create_app
from cityserver.config import Settings
from cityserver.devices import issue_code
from cityserver.models import utcnow
from tests.cityserver.helpers import STREET, Device

ROOT = Path(__file__).resolve().parents[2]
PG_SCRIPT = ROOT / ".ci" / "postgres.sh"


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """YISHI_TEST_PG_URL, or a throw-away cluster from .ci/postgres.sh; None without binaries."""
    url = os.environ.get("YISHI_TEST_PG_URL")
    if url:
        yield url
        return
    state = tmp_path_factory.mktemp("pg") / "state"
    env = {**os.environ, "YISHI_PG_STATE_FILE": str(state)}
    proc = subprocess.run(
        [str(PG_SCRIPT), "start"], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        yield None
        return
    try:
        yield proc.stdout.strip()
    finally:
        subprocess.run([str(PG_SCRIPT), "stop"], env=env, capture_output=True, check=False)


def _fresh_pg_database(server_url: str) -> tuple[str, str]:
    name = f"yishi_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(server_url: str, name: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    server = request.getfixturevalue("pg_server_url")
    if server is None:
        pytest.skip("PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin)")
    name, url = _fresh_pg_database(server)
    try:
        yield url
    finally:
        _drop_pg_database(server, name)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", db_url=db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def make_code(client: TestClient, street: str = STREET, hours: float = 24) -> str:
    from datetime import timedelta

    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session, session.begin():
        code, _ = issue_code(session, street, timedelta(hours=hours))
    return code


def enrol(client: TestClient, street: str = STREET) -> Device:
    device = Device(street_code=street)
    body, headers = device.enrol_request(make_code(client, street))
    response = client.post("/api/v1/devices/enroll", content=body, headers=headers)
    assert response.status_code == 201, response.text
    device.token = response.json()["token"]
    return device


@pytest.fixture
def device(client: TestClient) -> Device:
    return enrol(client)


__all__ = ["enrol", "make_code", "utcnow"]
