"""Engine set-up (SQLite by default, PostgreSQL in production) and migrations on start."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cityserver.protocol import dumps_json

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x59495348  # "YISH": serialises concurrent start-ups on PostgreSQL


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 60, "check_same_thread": False},
            json_serializer=dumps_json,
        )
        _sqlite_events(engine)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, json_serializer=dumps_json
    )


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: the op log's random keys
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the lock up front, so read-then-write inside one transaction can never
        # be overtaken by another writer (no lost update, no upgrade deadlock). A connection
        # with the execution option sqlite_begin="DEFERRED" only reads.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def lock_street(session: Session | Connection, street_code: str) -> None:
    """Serialise writers of one street (PostgreSQL; SQLite already has one writer)."""
    conn = session.connection() if isinstance(session, Session) else session
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(street_code.encode()).digest()[:8], "big", signed=True)
        # The batch lookups are primary-key probes; on fresh tables (no statistics yet) the
        # planner would pick scans that grow with the table, so this transaction disables them.
        conn.exec_driver_sql(
            "SELECT set_config('enable_seqscan', 'off', true),"
            " set_config('enable_bitmapscan', 'off', true), pg_advisory_xact_lock(%s)",
            (key,),
        )


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision (idempotent; safe from several processes)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
