"""A full disk is a message a clerk can act on, and costs nothing already saved."""

from __future__ import annotations

import errno
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from desktop.config import Paths
from desktop.db import Database, open_database
from desktop.errors import DiskFull, ValidationError, as_app_error
from desktop.fileio import atomic_path, write_bytes_atomically
from desktop.services import opinions as svc
from desktop.services.permissions import Actor

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_errors_are_recognised_through_wrappers() -> None:
    assert isinstance(as_app_error(ENOSPC), DiskFull)
    full = sqlite3.OperationalError("database or disk is full")
    wrapped = OperationalError("INSERT …", {}, full)
    assert isinstance(as_app_error(wrapped), DiskFull)
    try:
        raise RuntimeError("export failed") from ENOSPC
    except RuntimeError as chained:
        assert isinstance(as_app_error(chained), DiskFull)
    assert "磁盘空间已满" in str(as_app_error(ENOSPC))
    assert as_app_error(OSError(errno.EACCES, "Permission denied")) is None
    assert as_app_error(ValueError("x")) is None
    own = ValidationError("x")
    assert as_app_error(own) is own


def test_a_transaction_that_fills_the_database_saves_nothing(
    db: Database, clerk: Actor, paths: Paths
) -> None:
    with db.session() as s:
        before = s.execute(text("SELECT count(*) FROM opinion")).scalar_one()
    with pytest.raises(DiskFull, match="磁盘空间已满"), db.transaction() as s:
        # SQLite's own size cap gives exactly the error a full disk gives (SQLITE_FULL).
        pages = s.execute(text("PRAGMA page_count")).scalar_one()
        s.execute(text(f"PRAGMA max_page_count = {pages + 2}"))
        for i in range(200):
            svc.register(
                s,
                clerk,
                svc.OpinionInput(
                    received_on=date(2026, 3, 2),
                    content=f"第{i}条：" + "路灯不亮" * 200,
                    resident_name="张伟强",
                ),
            )
    db.dispose()  # the capped connection goes with the pool
    con = sqlite3.connect(paths.database)
    assert con.execute("SELECT count(*) FROM opinion").fetchone()[0] == before
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    again = open_database(paths.database)
    try:
        with again.transaction() as s:  # space back: the same action now works
            svc.register(
                s,
                clerk,
                svc.OpinionInput(
                    received_on=date(2026, 3, 2), content="路灯不亮", resident_name="张伟强"
                ),
            )
        with again.session() as s:
            assert s.execute(text("SELECT count(*) FROM opinion")).scalar_one() == before + 1
    finally:
        again.dispose()


def test_a_failed_write_leaves_neither_a_partial_nor_a_changed_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "台账.xlsx"
    write_bytes_atomically(target, b"old contents")
    with pytest.raises(DiskFull), atomic_path(target) as tmp:
        tmp.write_bytes(b"half of the new")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in target.parent.iterdir()] == ["台账.xlsx"]
    with pytest.raises(PermissionError), atomic_path(target) as tmp:
        tmp.write_bytes(b"x")
        raise PermissionError(errno.EACCES, "denied")  # not a full disk: passed on as is
    assert [p.name for p in target.parent.iterdir()] == ["台账.xlsx"]
