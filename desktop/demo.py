"""A deterministic demo street (解放碑街道, 重庆市渝中区) with realistic Chinese data.

``build_demo(paths)`` creates the database, the street and the demo accounts, then runs every
registered step in order. Each area registers a step that fills its own tables; a step gets a
:class:`DemoContext` with a seeded RNG, so the same date gives the same street every time.
Demo accounts (all with password ``demo1234``): admin, clerk, scrutineer, viewer.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.config import Paths
from desktop.db import Database, open_database
from desktop.models.settings import Setting
from desktop.services import accounts, street
from desktop.services.permissions import SYSTEM_ACTOR, Actor

DEMO_PASSWORD = "demo1234"
#: The demo street is in Chongqing: Beijing time, as a POSIX TZ string (no tzdata needed).
DEMO_TIME_ZONE = "CST-8"


def use_demo_time_zone() -> None:
    """Show the demo street in Beijing time unless TZ is set: on a build machine set to UTC
    its 09:30 meetings would show as 01:30 (screenshot tools; `make run` sets TZ itself)."""
    os.environ.setdefault("TZ", DEMO_TIME_ZONE)
    time.tzset()


DEMO_ACCOUNTS = (
    ("admin", "王建国", "admin"),
    ("clerk", "李晓梅", "clerk"),
    ("scrutineer", "陈志强", "scrutineer"),
    ("viewer", "赵丽华", "viewer"),
)
DEMO_STREET = {
    "code": "500103001000",
    "name": "解放碑街道",
    "kind": "street",
    "district": "渝中区",
    "city": "重庆市",
}
SEED = 20261122
DEMO_FLAG = "demo_database"


@dataclass
class DemoContext:
    session: Session
    rng: random.Random
    street_code: str
    actor: Actor
    today: date
    #: Shared between steps (e.g. the roster step leaves the representatives' ids here).
    shared: dict[str, Any] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], None]

#: (name, step) in the order they run. Areas append theirs via :func:`register`.
DEMO_STEPS: list[tuple[str, DemoStep]] = []


def register(name: str) -> Callable[[DemoStep], DemoStep]:
    def wrap(step: DemoStep) -> DemoStep:
        DEMO_STEPS.append((name, step))
        return step

    return wrap


def _load_area_steps() -> None:
    """Import the step modules of desktop.demodata in name order (d10_roster, d20_meetings …)."""
    import importlib
    import pkgutil

    import desktop.demodata as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        importlib.import_module(f"{pkg.__name__}.{info.name}")


def is_demo(db: Database) -> bool:
    with db.session() as s:
        return s.get(Setting, DEMO_FLAG) is not None


def demo_actor(db: Database) -> Actor:
    """The demo admin, signed in without a password — only ever for a demo database."""
    from sqlalchemy import select

    from desktop.models.accounts import User

    if not is_demo(db):
        raise RuntimeError("not a demo database")
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == DEMO_ACCOUNTS[0][0]))
        assert user is not None
        return accounts.actor_for(user)


def build_demo(paths: Paths, *, today: date | None = None, replace: bool = False) -> Database:
    """Create the demo database in ``paths`` (refuses to touch a non-demo database)."""
    paths.ensure()
    target: Path = paths.database
    if target.exists():
        existing = open_database(target, backups=paths.backups)
        if not is_demo(existing):
            existing.dispose()
            raise RuntimeError(f"{target} is not a demo database; refusing to overwrite it")
        if not replace:
            return existing
        existing.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    db = open_database(target, backups=paths.backups)
    today = today or date.today()
    with db.transaction() as s:
        admin_name, admin_display, _ = DEMO_ACCOUNTS[0]
        accounts.create_first_admin(s, admin_name, admin_display, DEMO_PASSWORD)
        info = street.setup(s, SYSTEM_ACTOR, **DEMO_STREET)
        s.add(Setting(key=DEMO_FLAG, value_json="true"))
        s.flush()
        admin = accounts.actor_for(accounts._get(s, 1))
        for username, display, role in DEMO_ACCOUNTS[1:]:
            accounts.create_user(s, admin, username, display, role, DEMO_PASSWORD)
    db.refresh_street_code()
    _load_area_steps()
    shared: dict[str, Any] = {}
    # Steps run in module-name order (d10_roster before d20_meetings …) whatever the import order.
    for name, step in sorted(DEMO_STEPS, key=lambda item: item[1].__module__):
        with db.transaction() as s:
            step(DemoContext(s, random.Random(f"{SEED}-{name}"), info.code, admin, today, shared))
    return db
