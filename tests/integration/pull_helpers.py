"""Several desktop databases of one street against one real city server (sync protocol 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.db import Database, open_database
from desktop.models.audit import AuditEntry
from desktop.models.base import synced_keys, synced_models
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import enrol, restore
from tests.integration.sync_helpers import CityServer


def new_pc(template: Path, folder: Path) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, folder / "yishi.sqlite3")
    return open_database(folder / "yishi.sqlite3", backups=folder / "backups")


def enrol_pc(db: Database, server: CityServer) -> str:
    """Enrol; the restore state enrolment left (``""``, restoring or blocked)."""
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    return restore.restore_state(db)


def synced_table_rows(db: Database) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Every synced table, row by row (every synced column), keyed by id. Tombstones are left
    out: a PC purges its own once the server has them (docs/sync-client.md), so whether one
    is still stored differs between PCs by design."""
    out: dict[str, dict[str, tuple[Any, ...]]] = {}
    with db.session() as s:
        for cls in synced_models():
            keys = synced_keys(cls)
            cols = [getattr(cls, k) for k in keys]
            table = out.setdefault(str(cls.__tablename__), {})
            live = cls.deleted_at.is_(None)  # type: ignore[attr-defined]
            for row in s.execute(select(*cols).where(live)):
                table[row[0] if keys[0] == "id" else row[keys.index("id")]] = tuple(row)
    return out


def pulled_changes(db: Database) -> list[tuple[str, str, int]]:
    """Every pulled change the audit chain records, as (entity, id, version): one
    ``sync.pulled`` row per change of an ordinary pull, and the changes listed by the one
    ``sync.pulled`` row per page of a restore (docs/sync-client.md)."""
    changes: list[tuple[str, str, int]] = []
    with db.session() as s:
        rows = s.execute(
            select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.after_json)
            .where(AuditEntry.action == "sync.pulled")
            .order_by(AuditEntry.id)
        ).all()
    for entity, entity_id, after_json in rows:
        after = json.loads(after_json or "null")
        if entity == "sync_pull":
            fields = after["fields"]
            for listed in after["changes"]:
                item = dict(zip(fields, listed, strict=True))
                changes.append((item["entity"], item["entity_id"], int(item["version"])))
        else:
            changes.append((entity, entity_id, int(after["version"])))
    return changes
