"""Shared fixtures: a fresh migrated database per test (copied from a session template)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("YISHI_LANG", "zh_CN")

from desktop.config import Paths
from desktop.db import Database, open_database
from desktop.services import accounts, street
from desktop.services.permissions import SYSTEM_ACTOR, Actor

STREET = {
    "code": "500103001000",
    "name": "解放碑街道",
    "kind": "street",
    "district": "渝中区",
    "city": "重庆市",
}
PASSWORD = "test1234"

# Argon2id with the library defaults costs ~50 ms a hash; tests create many accounts.
# The algorithm stays Argon2id; only the cost parameters are lowered for the suite.
accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    db = open_database(folder / "yishi.sqlite3")
    with db.transaction() as s:
        accounts.create_first_admin(s, "admin", "王建国", PASSWORD)
        street.setup(s, SYSTEM_ACTOR, **STREET)
        admin = accounts.actor_for(accounts._get(s, 1))
        accounts.create_user(s, admin, "clerk", "李晓梅", "clerk", PASSWORD)
        accounts.create_user(s, admin, "scrutineer", "陈志强", "scrutineer", PASSWORD)
        accounts.create_user(s, admin, "viewer", "赵丽华", "viewer", PASSWORD)
        accounts.create_user(s, admin, "clerk2", "周敏", "clerk", PASSWORD)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return folder / "yishi.sqlite3"


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def db(template_db: Path, paths: Paths) -> Iterator[Database]:
    shutil.copyfile(template_db, paths.database)
    database = open_database(paths.database, backups=paths.backups)
    yield database
    database.dispose()


def _actor(db: Database, username: str) -> Actor:
    from sqlalchemy import select

    from desktop.models.accounts import User

    with db.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        return accounts.actor_for(user)


@pytest.fixture
def admin(db: Database) -> Actor:
    return _actor(db, "admin")


@pytest.fixture
def clerk(db: Database) -> Actor:
    return _actor(db, "clerk")


@pytest.fixture
def clerk2(db: Database) -> Actor:
    return _actor(db, "clerk2")


@pytest.fixture
def scrutineer(db: Database) -> Actor:
    return _actor(db, "scrutineer")


@pytest.fixture
def viewer(db: Database) -> Actor:
    return _actor(db, "viewer")
