"""Build an upgrade fixture: a Yishi database with realistic data at a schema revision.

    .venv/bin/python tools/make_db_fixture.py                 # at the current heads
    .venv/bin/python tools/make_db_fixture.py --revision 0001_foundation

Writes ``tests/fixtures/db/<revisions>.sqlite3`` (heads joined by ``+``) and a manifest
``<revisions>.json`` (revisions, app version, rows per table). Cut one at every release and
commit it: ``tests/integration/test_upgrade_fixtures.py`` opens every fixture with the current
version and checks that the data survived.

Data: at the heads, the demo street (``desktop.demo.build_demo``: accounts, street and every
area's registered demo step), then every synced table still empty gets generated rows through
the ORM (so the outbox and versions are written as the app would), so a table whose area has
no demo step yet is covered too. At an older revision, only the foundation's services run
(accounts, street, settings, audit); the ORM models must still match that revision's tables.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "db"
TODAY = date(2026, 11, 22)
ROWS_PER_TABLE = 12
SEED = 9

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]
WORDS = [
    "解放碑社区",
    "民生实事",
    "议事协商",
    "老旧小区改造",
    "加装电梯",
    "停车难问题",
    "代表联络站",
    "背街小巷整治",
    "社区养老服务",
    "垃圾分类",
]


def fixture_name(revisions: set[str]) -> str:
    return "+".join(sorted(revisions))


def _text(rng: random.Random, column: str, length: int | None) -> str:
    if "phone" in column:
        value = (
            "1"
            + "".join(rng.choice("3456789") for _ in range(1))
            + "".join(rng.choice("0123456789") for _ in range(9))
        )
    elif column in {"code"} or column.endswith("_code"):
        value = "500103001" + f"{rng.randrange(1000):03d}"
    elif "id_number" in column:
        value = "500103" + f"{rng.randrange(1950, 2000)}0101" + f"{rng.randrange(10000):04d}"
    elif column in {"name", "display_name"} or column.endswith("_name"):
        value = rng.choice(SURNAMES) + rng.choice(GIVEN)
    elif "initials" in column:
        value = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(3))
    else:
        value = "，".join(rng.sample(WORDS, 3))
    return value[:length] if length else value


def _value(rng: random.Random, column: Any) -> Any:
    from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, String, Text

    from desktop.models.base import UtcDateTime

    kind = column.type
    if isinstance(kind, UtcDateTime | DateTime):
        return datetime(2026, 1, 5, 9, 30, tzinfo=UTC) + timedelta(days=rng.randrange(300))
    if isinstance(kind, Date):
        return date(2025, 3, 1) + timedelta(days=rng.randrange(600))
    if isinstance(kind, Boolean):
        return rng.random() < 0.5
    if isinstance(kind, Integer):
        return rng.randrange(1, 40)
    if isinstance(kind, Numeric | Float):
        return rng.randrange(1, 100)
    if isinstance(kind, String | Text):
        return _text(rng, column.name, getattr(kind, "length", None))
    return None


def fill_empty_tables(db: Any, street_code: str, rng: random.Random) -> dict[str, int]:
    """Generated rows for every synced table that has none yet (parents before children)."""
    from sqlalchemy import func, select

    from desktop.models.base import Base, SyncedMixin, synced_models

    mixin_columns = set(SyncedMixin.__annotations__)
    by_table = {cls.__tablename__: cls for cls in synced_models()}  # type: ignore[attr-defined]
    added: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        cls = by_table.get(table.name)
        if cls is None:
            continue
        with db.transaction() as s:
            if s.scalar(select(func.count()).select_from(table)):
                continue
            for _ in range(ROWS_PER_TABLE):
                values: dict[str, Any] = {"street_code": street_code}
                for column in table.columns:
                    if column.name in mixin_columns or column.primary_key:
                        continue
                    fks = list(column.foreign_keys)
                    if fks:
                        target = fks[0].column
                        ids = s.scalars(select(target).limit(50)).all()
                        values[column.name] = rng.choice(ids) if ids else None
                        continue
                    default = column.default
                    if default is not None and default.is_scalar and rng.random() < 0.7:
                        values[column.name] = default.arg
                        continue
                    values[column.name] = _value(rng, column)
                s.add(cls(**values))
            added[table.name] = ROWS_PER_TABLE
    return added


def build_at_heads(folder: Path) -> Path:
    from desktop.config import Paths
    from desktop.demo import build_demo

    paths = Paths(folder)
    db = build_demo(paths, today=TODAY)
    try:
        added = fill_empty_tables(db, db.street_code, random.Random(SEED))
        if added:
            print("generated rows for:", ", ".join(sorted(added)))
    finally:
        db.dispose()
    return paths.database


def build_at_revision(folder: Path, revision: str) -> Path:
    from sqlalchemy.orm import sessionmaker

    from desktop.db import Database, make_engine, upgrade
    from desktop.services import accounts, settings, street
    from desktop.services.permissions import SYSTEM_ACTOR

    path = folder / "yishi.sqlite3"
    engine = make_engine(path)
    upgrade(engine, revision)
    db = Database(path=path, engine=engine, factory=sessionmaker(engine, expire_on_commit=False))
    try:
        with db.transaction() as s:
            accounts.create_first_admin(s, "admin", "王建国", "demo1234")
            street.setup(
                s,
                SYSTEM_ACTOR,
                code="500103001000",
                name="解放碑街道",
                kind="street",
                district="渝中区",
                city="重庆市",
            )
            admin = accounts.actor_for(accounts._get(s, 1))
            accounts.create_user(s, admin, "clerk", "李晓梅", "clerk", "demo1234")
            accounts.create_user(s, admin, "scrutineer", "陈志强", "scrutineer", "demo1234")
            accounts.create_user(s, admin, "viewer", "赵丽华", "viewer", "demo1234")
        with db.transaction() as s:
            admin = accounts.actor_for(accounts._get(s, 1))
            settings.update(s, admin, answer_deadline_days=15, sync_interval_minutes=30)
    finally:
        db.dispose()
    return path


def table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def finish(source: Path, out: Path) -> tuple[Path, Path]:
    """Checkpoint and compact into ``<revisions>.sqlite3`` plus its manifest."""
    from desktop import __version__
    from desktop.db import stored_revisions

    con = sqlite3.connect(str(source))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
        name = fixture_name(revisions)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{name}.sqlite3"
        target.unlink(missing_ok=True)
        con.execute("VACUUM INTO ?", (str(target),))
    finally:
        con.close()
    counts = table_counts(target)
    assert stored_revisions(target) == revisions
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    # A file the app wrote is in WAL mode (DESIGN.md §2); VACUUM INTO leaves rollback mode.
    con = sqlite3.connect(str(target))
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()
    manifest = out / f"{name}.json"
    manifest.write_text(
        json.dumps(
            {
                "revisions": sorted(revisions),
                "app_version": __version__,
                "made_with": "tools/make_db_fixture.py",
                "rows": counts,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return target, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", default="heads", help="schema revision (default: heads)")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="output folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="yishi-fixture-") as tmp:
        folder = Path(tmp)
        if args.revision == "heads":
            source = build_at_heads(folder)
        else:
            source = build_at_revision(folder, args.revision)
        target, manifest = finish(source, args.out)
    rows = json.loads(manifest.read_text(encoding="utf-8"))["rows"]
    print(f"wrote {target} ({target.stat().st_size // 1024} KiB) and {manifest.name}")
    print("rows:", ", ".join(f"{k}={v}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
