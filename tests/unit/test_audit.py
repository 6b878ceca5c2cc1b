"""The audit trail is append-only and tamper-evident."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.services import audit, settings
from desktop.services.permissions import Actor


def _make_entries(db: Database, admin: Actor) -> None:
    with db.transaction() as s:
        settings.update(s, admin, answer_deadline_days=20)
    with db.transaction() as s:
        settings.update(s, admin, answer_deadline_days=25)
    with db.transaction() as s:
        audit.record(s, admin, "test.action", "thing", "42", after={"x": 1})


def test_chain_verifies(db: Database, admin: Actor) -> None:
    _make_entries(db, admin)
    with db.session() as s:
        result = audit.verify(s)
    assert result.ok and result.rows_checked >= 8


def test_rolled_back_change_leaves_no_audit_row(db: Database, admin: Actor) -> None:
    with db.session() as s:
        before = audit.count(s)
    with pytest.raises(RuntimeError), db.transaction() as s:
        settings.update(s, admin, answer_deadline_days=9)
        raise RuntimeError("user action failed half-way")
    with db.session() as s:
        assert audit.count(s) == before
        assert settings.load(s).answer_deadline_days == 30


def test_tampering_with_one_row_is_named(
    db: Database, admin: Actor, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_entries(db, admin)
    db.dispose()
    con = sqlite3.connect(paths.database)
    target = con.execute(
        "SELECT id FROM audit_log WHERE action='settings.update' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    con.execute(
        "UPDATE audit_log SET after_json = '{\"answer_deadline_days\":99}' WHERE id = ?", (target,)
    )
    con.commit()
    con.close()
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"第 {target} 条" in out


def test_deleting_a_row_breaks_the_chain_at_the_next(
    db: Database, admin: Actor, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_entries(db, admin)
    db.dispose()
    con = sqlite3.connect(paths.database)
    ids = [r[0] for r in con.execute("SELECT id FROM audit_log ORDER BY id")]
    con.execute("DELETE FROM audit_log WHERE id = ?", (ids[2],))
    con.commit()
    con.close()
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 1
    assert f"第 {ids[3]} 条" in capsys.readouterr().out


def test_verify_ok_on_cli(db: Database, paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    db.dispose()
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 0
    assert "审计日志完整" in capsys.readouterr().out
