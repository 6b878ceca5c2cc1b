"""Fixtures for tests against the real city server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import enrol
from tests.integration.sync_helpers import CityServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CityServer]:
    srv = CityServer(tmp_path / "server").start()
    yield srv
    srv.stop()


@pytest.fixture
def enrolled(db: Database, server: CityServer) -> Database:
    """The test database, enrolled with the running server."""
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    return db
