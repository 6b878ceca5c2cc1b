"""A user action that reads, then writes, survives a background task committing meanwhile."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from desktop.db import Database


def test_action_and_background_commit_interleaved_both_land(db: Database) -> None:
    with db.transaction() as s:
        s.execute(text("CREATE TABLE probe (v INTEGER)"))
    reading = threading.Event()

    def background() -> None:  # e.g. the sync task recording a server answer
        reading.wait(5)
        with db.transaction() as s:
            s.execute(text("INSERT INTO probe VALUES (2)"))

    worker = threading.Thread(target=background)
    worker.start()
    with db.transaction() as s:  # e.g. a clerk's edit: look, then change
        s.execute(text("SELECT count(*) FROM probe")).scalar_one()
        reading.set()
        time.sleep(0.3)  # the background commit is attempted now
        s.execute(text("INSERT INTO probe VALUES (1)"))
    worker.join(10)
    with db.session() as s:
        assert sorted(s.scalars(text("SELECT v FROM probe"))) == [1, 2]


def test_reading_sessions_do_not_hold_writers_up(db: Database) -> None:
    with db.session() as reader:
        reader.execute(text("SELECT count(*) FROM audit_log")).scalar_one()  # a read snapshot
        with db.transaction() as s:  # would wait out busy_timeout and fail if reads locked
            s.execute(text("CREATE TABLE probe2 (v INTEGER)"))
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM probe2")).scalar_one() == 0
