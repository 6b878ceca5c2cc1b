"""Migration 0004_district: readers that existed before keep reading every street."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from cityserver.auth import Principal, principal_for_token
from cityserver.db import MIGRATIONS_DIR, make_engine, migrate, session_factory
from cityserver.devices import add_reader


def test_old_readers_become_district_admins(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003_pull")
        conn.execute(
            text(
                "INSERT INTO reader_tokens (name, token_hash, created_at)"
                " VALUES ('old', :h, '2026-01-01 00:00:00')"
            ),
            {"h": "0" * 64},
        )
    migrate(engine)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        admin = session.execute(text("SELECT is_admin FROM reader_tokens")).scalar_one()
        assert admin
        token = add_reader(session, "new", admin=False)
    with sessions() as session:
        who = principal_for_token(session, token)
    assert who == Principal(reader="new", reader_streets=frozenset())
    assert not who.may_read("500103001000")
    engine.dispose()
