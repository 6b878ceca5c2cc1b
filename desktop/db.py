"""Engine, PRAGMAs, sessions, and migrate-on-start with a backup first (DESIGN.md §2)."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop.config import make_private
from desktop.dbfile import (  # re-exported: callers use desktop.db for everything
    BACKUPS_KEPT,
    MIGRATIONS_DIR,
    DamagedDatabase,
    backup_file,
    backup_to_folder,
    check_revision,
    damaged_error,
    file_damage,
    integrity_ok,
    known_revisions,
    newest_good_backup,
    quick_check,
    rotate_backups,
    script_heads,
    set_damaged_file_aside,
    stored_revisions,
)
from desktop.errors import DatabaseError, as_app_error
from desktop.i18n import N_
from desktop.models.outbox import STREET_CODE_KEY

__all__ = [
    "BACKUPS_KEPT",
    "MIGRATIONS_DIR",
    "DamagedDatabase",
    "Database",
    "backup_file",
    "backup_to_folder",
    "check_revision",
    "damaged_error",
    "file_damage",
    "integrity_ok",
    "known_revisions",
    "make_engine",
    "newest_good_backup",
    "open_database",
    "quick_check",
    "restore",
    "rotate_backups",
    "script_heads",
    "set_damaged_file_aside",
    "stored_revisions",
]

log = logging.getLogger(__name__)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    _configure(dbapi_conn, wal=True)


def _on_connect_keep_journal(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    _configure(dbapi_conn, wal=False)


def _configure(dbapi_conn: sqlite3.Connection, *, wal: bool) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions are off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    if wal:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


WRITE_OPTION = "yishi_write"


def _on_begin(conn: Any) -> None:
    # A user action takes the write lock at its start (IMMEDIATE): with a deferred BEGIN, an
    # action that reads and then writes fails at once ("database is locked", SQLITE_BUSY_
    # SNAPSHOT) when a background task committed in between; IMMEDIATE waits busy_timeout
    # instead. Read sessions stay deferred so they never hold writers up.
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path | str, *, wal: bool = True) -> Engine:
    """``wal=False`` keeps the file's journal mode (used to migrate: see open_database)."""
    # URL.create, not an f-string: a '#' or '?' in a folder name would end the path.
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _on_connect if wal else _on_connect_keep_journal)
    event.listen(engine, "begin", _on_begin)
    return engine


# ---------------------------------------------------------------------------- migrations


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(
    engine: Engine, target: str = "heads", *, first: Callable[[Connection], object] | None = None
) -> None:
    """Migrate to ``target`` in one transaction; ``first`` runs inside it, before any migration,
    so that a failed upgrade undoes its work too."""
    from alembic import command

    with engine.begin() as connection:
        if first is not None:
            first(connection)
        command.upgrade(_alembic_config(connection), target)


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), target)


# ---------------------------------------------------------------------------- database


@dataclass
class Database:
    path: Path
    engine: Engine
    factory: sessionmaker[Session]
    street_code: str = ""

    def session(self) -> Session:
        s = self.factory()
        s.info[STREET_CODE_KEY] = self.street_code
        return s

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: commit on success, roll back on any error."""
        s = self.session()
        try:
            with s.begin():
                s.connection(execution_options={WRITE_OPTION: True})
                yield s
        except OperationalError as exc:  # rolled back already; say why if the clerk can act
            friendly = as_app_error(exc)
            if friendly is not None:
                raise friendly from exc
            raise
        finally:
            s.close()

    def refresh_street_code(self) -> None:
        from desktop.models.street import Street

        with self.session() as s:
            code = s.scalar(select(Street.code).where(Street.deleted_at.is_(None)).limit(1))
        self.street_code = code or ""

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path: Path, *, backups: Path | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate. Backs up an existing file before migrating it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_damage(path, backups) is not None:  # never build a fresh database over it
        raise damaged_error(path, backups=backups)
    state = check_revision(path) if path.exists() and path.stat().st_size > 0 else "empty"
    if state == "older" and not migrate:
        raise DatabaseError(N_("The database needs an upgrade: run 'yishi db upgrade'."))
    if state == "older" and backups is not None:
        backup_to_folder(path, backups, "before-upgrade")
    if migrate and state != "current":
        # The upgrade is one transaction, run through a connection that keeps the file's
        # journal mode: a rolled-back upgrade then leaves the file byte-for-byte as it was
        # (switching an old rollback-journal file to WAL first would already have changed it).
        migrator = make_engine(path, wal=False)
        try:
            seal: Callable[[Connection], object] | None = None
            if state == "older":
                # Pending ops are sealed under the revision they were made under, in the
                # upgrade's own transaction: a failed upgrade leaves them as they were.
                from desktop.sync import schema as sync_schema

                seal = sync_schema.seal_before_upgrade
            upgrade(migrator, first=seal)
        except Exception as exc:
            log.exception("migration failed")
            raise DatabaseError(
                N_(
                    "The database upgrade failed and was rolled back; the original file is "
                    "unchanged (a backup is in {folder}). Error: {error}"
                ),
                folder=str(backups or path.parent),
                error=str(exc),
            ) from exc
        finally:
            migrator.dispose()
    engine = make_engine(path)
    db = Database(path=path, engine=engine, factory=sessionmaker(engine, expire_on_commit=False))
    db.refresh_street_code()
    _make_private(path)
    return db


def _make_private(path: Path) -> None:
    """The database and its -wal/-shm files: 0600 on POSIX (they hold keys and secrets)."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        make_private(file)


def restore(path: Path, source: Path, backups: Path) -> Path:
    """Swap ``source`` in as the database, keeping the replaced file in ``backups``.

    The source is checked first (integrity, known revision); nothing changes if it fails.
    """
    ok, detail = integrity_ok(source)
    if not ok and "not a database" in detail:  # SQLite's words for a file of another kind
        raise DatabaseError(
            N_("{name} is not a database file (not a Yishi backup); nothing was restored."),
            name=source.name,
        )
    if not ok:
        raise DatabaseError(
            N_("The backup file is damaged and was not restored: {detail}"), detail=detail
        )
    state = check_revision(source)
    if state == "empty":
        raise DatabaseError(
            N_(
                "{name} is a database without Yishi data (not a Yishi backup); nothing was restored."
            ),
            name=source.name,
        )
    kept = path
    if path.exists() and file_damage(path, backups) is not None:
        kept = set_damaged_file_aside(path, backups)  # a damaged file cannot be backed up
    elif path.exists():
        try:
            kept = backup_to_folder(path, backups, "replaced-by-restore", keep=BACKUPS_KEPT + 1)
        except sqlite3.DatabaseError:  # damaged pages: keep the file itself
            kept = set_damaged_file_aside(path, backups)
    staging = path.with_name(path.name + ".restoring")
    backup_file(source, staging)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(staging, path)
    return kept


def copy_database(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
