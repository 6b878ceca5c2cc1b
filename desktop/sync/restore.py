"""A PC enrolled into a street that already has data is restored from the server first.

After enrolment (:func:`check_after_enrol`) the PC asks the server whether its street has
changes by other devices. If it has:

- a PC holding nothing of its own but the street record made at set-up is marked
  ``restoring``: :func:`restore` pulls the whole street before anything can be changed
  (the guard below refuses every change to synced data meanwhile); the pull is resumable
  (page cursor committed with each page), can be cancelled and continued later;
- a PC that holds changes of its own the server has not confirmed (a roster typed in
  before enrolling) is **refused**: ``blocked``. Pushing it would put a second, independent
  roster next to the street's (the duplicates this rule exists to prevent). The clerk
  chooses: start from the server's data (:func:`restore` with ``replace_local=True`` keeps
  the current file as a backup, then empties the synced tables and pulls), or abort
  (:func:`abort_enrolment`: the enrolment is forgotten and the local data stays as it was);
- a copy of a PC of the street whose data the server has confirmed just pulls as usual.

Restore from a file: :func:`desktop.sync.pullfile.import_pull_file` applies a ``.yishipull``
the server wrote for this device (USB), with the same rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.dbfile import backup_to_folder
from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.base import synced_models
from desktop.models.outbox import SyncOutbox
from desktop.models.sync import BLOCKED, DONE, RESTORING, SyncPull, guard_off
from desktop.services import audit
from desktop.services.permissions import Actor, Permission
from desktop.sync.pull import (
    ProgressFn,
    PullReport,
    fetch_page,
    get_pull,
    pull_once,
)
from desktop.sync.pullfile import import_pull_file
from desktop.sync.results import NOT_ACKED
from desktop.sync.state import get_state

log = logging.getLogger(__name__)

#: A restore reads pages of the protocol's largest size (docs/sync-protocol.md §12: 1 … 5000;
#: an ordinary pull asks for 2000): each page is one local transaction and one chained
#: ``sync.pulled`` audit row, so fewer, bigger pages cost less per row (about a tenth of a
#: restore of 60,000 rows), and a cancelled restore still resumes at the last committed page.
RESTORE_PAGE_LIMIT = 5000


@dataclass(frozen=True)
class RestoreCheck:
    street_has_data: bool
    local_has_data: bool
    state: str  # "" (nothing to restore), "restoring" or "blocked"


def local_data_count(session: Session) -> int:
    """Live synced rows of this PC other than the street record made at set-up."""
    total = 0
    for cls in synced_models():
        if cls.__tablename__ == "street":
            continue
        total += int(session.scalar(select(func.count()).select_from(cls)) or 0)
    return total


def unacknowledged_count(session: Session) -> int:
    """Changes of this PC (other than to the street record) the server has not confirmed."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(SyncOutbox)
            .where(SyncOutbox.entity != "street", NOT_ACKED)
        )
        or 0
    )


def check_after_enrol(
    db: Database, client: httpx.Client | None = None, *, again: bool = False
) -> RestoreCheck:
    """Ask the server whether the street has data; mark this PC restoring or blocked.
    ``again``: the PC was enrolled for this street before (its data is the street's)."""
    from desktop.sync.pull import _client_for, _credentials

    if again:
        with db.transaction() as s:
            get_pull(s).restore = DONE
        return RestoreCheck(True, True, "")
    token, url = _credentials(db)
    own = client is None
    http = client or _client_for(db, url)
    try:
        page = fetch_page(http, token, 0, limit=1)
    finally:
        if own:
            http.close()
    with db.transaction() as s:
        pull = get_pull(s)
        pull.head = max(pull.head, page.head)
        own = unacknowledged_count(s) > 0
        rows = local_data_count(s) > 0
        if page.head == 0 or (not page.changes and not page.more):
            pull.restore = DONE  # the street has nothing from other devices
        elif own:
            pull.restore = BLOCKED  # its own data would land next to the street's
        elif not rows:
            pull.restore = RESTORING  # a new PC: the street's data first
        else:
            # A copy of a PC of this street (everything it holds the server confirmed):
            # the ordinary pull brings it up to date.
            pull.restore = DONE
        return RestoreCheck(True, own or rows, "" if pull.restore == DONE else pull.restore)


def restore_state(db: Database) -> str:
    with db.session() as s:
        row = s.get(SyncPull, 1)
        return row.restore if row is not None else ""


def _wipe_synced(session: Session) -> None:
    """Empty every synced table and the outbox/batches (no ops, no audit of each row: the
    file before it is kept as a backup and the wipe itself is audited once)."""
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for cls in reversed(synced_models()):
        conn.exec_driver_sql(f"DELETE FROM {cls.__tablename__}")
    conn.exec_driver_sql("DELETE FROM sync_outbox")
    conn.exec_driver_sql("DELETE FROM sync_batch")
    state = get_state(session)
    state.sealed_through = state.watermark
    session.expire_all()


def restore(
    db: Database,
    actor: Actor,
    *,
    replace_local: bool = False,
    backups: Path | None = None,
    client: httpx.Client | None = None,
    progress: ProgressFn | None = None,
    should_stop: Any = None,
    files: list[Path] | None = None,
    page_limit: int = RESTORE_PAGE_LIMIT,
) -> PullReport:
    """Pull the whole street onto this PC (continuing where a cancelled or dropped restore
    stopped), over HTTP or from ``files`` (``.yishipull`` from ``yishi-server pull-file``;
    enrolment itself needs a connection once). A ``blocked`` PC needs ``replace_local=True``
    (its file goes to ``backups`` first)."""
    actor.require(Permission.MANAGE_SETTINGS)
    state = restore_state(db)
    if state == BLOCKED and not replace_local:
        raise ValidationError(
            N_(
                "This PC already holds its own data for the street. Start from the "
                "server's data (this PC's file is kept as a backup) or cancel the enrolment."
            ),
            field="restore",
        )
    kept = ""
    if state == BLOCKED:  # the file as it is now, before anything is emptied
        folder = backups or db.path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        kept = str(backup_to_folder(db.path, folder, "before-restore", keep=1000))
    with db.transaction() as s:
        pull = get_pull(s)
        if pull.restore == BLOCKED or (pull.restore == RESTORING and pull.cursor == 0):
            with guard_off(s):
                _wipe_synced(s)
                pull.cursor = 0
                pull.restore = RESTORING
                audit.record(
                    s, actor, "sync.restore.start", "sync_pull", "1", after={"backup": kept}
                )
    if files:
        report = PullReport()
        for path in files:
            result = import_pull_file(db, path, progress)
            report.applied += result.applied
            report.unchanged += result.unchanged
            report.deferred += result.deferred
            report.received += result.applied + result.unchanged + result.deferred
            report.cursor, report.head = result.cursor, max(report.head, result.head)
    else:
        report = pull_once(
            db, client=client, progress=progress, should_stop=should_stop, page_limit=page_limit
        )
    if report.ok and not report.behind and (should_stop is None or not should_stop()):
        with db.transaction() as s, guard_off(s):
            pull = get_pull(s)
            if pull.restore == RESTORING:
                pull.restore = DONE
                audit.record(
                    s,
                    actor,
                    "sync.restore.done",
                    "sync_pull",
                    "1",
                    after={"cursor": pull.cursor, "rows": pull.rows_pulled},
                )
    return report


def abort_enrolment(db: Database, actor: Actor) -> None:
    """Give up enrolling a blocked PC: forget the token, keep the local data as it is."""
    actor.require(Permission.MANAGE_SETTINGS)
    with db.transaction() as s, guard_off(s):
        state = get_state(s)
        state.token = ""
        state.needs_enrolment = False
        state.server_public_key = ""
        pull = get_pull(s)
        pull.restore = ""
        pull.cursor = 0
        pull.head = 0
        audit.record(s, actor, "sync.enrol.abort", "sync_state", state.device_id)


__all__ = [
    "BLOCKED",
    "DONE",
    "RESTORING",
    "RestoreCheck",
    "SyncOutbox",
    "abort_enrolment",
    "check_after_enrol",
    "local_data_count",
    "restore",
    "restore_state",
]
