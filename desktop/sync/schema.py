"""Seal pending ops under the old schema revision before a database migration runs.

Every outbox row already carries the ``schema_rev`` it was captured under, and a sealed batch
keeps its bytes, so nothing captured before an upgrade is ever re-read through new models.
Sealing right before the upgrade also closes the open batch, so no batch mixes revisions;
the server accepts each revision in its ``schema_revs`` (``GET /api/v1/meta``).

Called by :func:`desktop.db.open_database` on an existing, older database, after the backup
and inside the upgrade's transaction. It must work on the *old* schema: it does nothing when
the sync tables do not exist yet or the device is not enrolled, and never lets a sealing
problem block the upgrade (the ops stay pending with their revision and are sealed after it).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session

from desktop.sync.seal import seal_pending

log = logging.getLogger(__name__)

_NEEDED = {"sync_outbox", "sync_batch", "sync_state"}


def _enrolled(connection: Connection) -> bool:
    """Read without the models (which would create an empty state row): a device id and key."""
    row = connection.execute(text("SELECT device_id, private_key FROM sync_state LIMIT 1")).first()
    return row is not None and bool(row[0]) and bool(row[1])


def seal_before_upgrade(connection: Connection) -> int:
    """Seal every pending op; returns the number of batches sealed.

    Runs on the upgrade's connection, inside its transaction, so a failed upgrade undoes the
    sealing as well and leaves the file as it was. A savepoint keeps a sealing failure from
    spoiling that transaction: the ops then stay pending and are sealed after the upgrade.
    """
    try:
        if not set(inspect(connection).get_table_names()) >= _NEEDED:
            return 0
        if not _enrolled(connection):
            return 0  # nothing can be sealed without the device key
        total = 0
        # rollback_only: the session flushes into the upgrade's transaction and never commits
        # it; the upgrade commits everything at once.
        with (
            connection.begin_nested(),
            Session(bind=connection, join_transaction_mode="rollback_only") as session,
        ):
            while True:
                sealed = seal_pending(session)
                session.flush()
                total += len(sealed)
                if not sealed:
                    break
        if total:
            log.info("sealed %d batch(es) under the old schema before upgrading", total)
        return total
    except Exception:
        log.exception("could not seal pending ops before the upgrade; they stay pending")
        return 0
