"""Past imports, and undoing one as a whole."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound
from desktop.excel import adapter as registry
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.imports import ImportBatch, ImportItem
from desktop.services import audit
from desktop.services.permissions import Actor

_SYSTEM_COLUMNS = frozenset({"id", "version", "created_at", "updated_at", "street_code"})


@dataclass(frozen=True)
class BatchInfo:
    id: str
    kind: str
    file_name: str
    username: str
    created_at: Any
    created: int
    updated: int
    status: str


def batches(session: Session, kind: str | None = None, limit: int = 50) -> list[BatchInfo]:
    query = select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(limit)
    if kind:
        query = query.where(ImportBatch.kind == kind)
    return [
        BatchInfo(
            b.id,
            b.kind,
            b.file_name,
            b.username,
            b.created_at,
            b.created_count,
            b.updated_count,
            b.status,
        )
        for b in session.scalars(query)
    ]


def undo(session: Session, actor: Actor, batch_id: str) -> BatchInfo:
    """Undo a committed import as a whole: its new records are retired (soft-deleted) and its
    updated records get their old values back. Refused if any of them changed since."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(N_("No such import: {id}"), id=batch_id)
    adapter = registry.get(batch.kind)
    actor.require(adapter.permission)
    if batch.status != "committed":
        raise ConflictError(N_("This import has already been undone."))
    model = adapter.model
    items = list(session.scalars(select(ImportItem).where(ImportItem.batch_id == batch_id)))
    objects: dict[str, Any] = {}
    all_ids = [i.entity_id for i in items]
    for start in range(0, len(all_ids), 900):
        for obj in session.scalars(select(model).where(model.id.in_(all_ids[start : start + 900]))):
            objects[obj.id] = obj
    changed = [
        i
        for i in items
        if i.entity_id not in objects
        or objects[i.entity_id].version != i.version_after
        or (i.op == "create" and objects[i.entity_id].deleted_at is not None)
    ]
    if changed:
        raise ConflictError(
            N_(
                "{count} of the imported records were changed after the import; it cannot be undone as a whole."
            ),
            count=len(changed),
        )
    now = utcnow()
    columns = {c.key for c in model.__table__.columns} - _SYSTEM_COLUMNS
    table_columns = {c.key: c for c in model.__table__.columns}
    for item in items:
        obj = objects[item.entity_id]
        if item.op == "create":
            obj.deleted_at = now
        else:
            before = json.loads(item.before_json or "{}")
            for key in columns:
                if key in before:
                    setattr(obj, key, _from_json(table_columns[key], before[key]))
    batch.status = "undone"
    batch.undone_at = now
    session.flush()
    adapter.after_write(session, [], all_ids)
    audit.record(
        session,
        actor,
        "import.undo",
        "import_batch",
        batch.id,
        after={"kind": batch.kind, "file": batch.file_name, "records": len(items)},
    )
    return BatchInfo(
        batch.id,
        batch.kind,
        batch.file_name,
        batch.username,
        batch.created_at,
        batch.created_count,
        batch.updated_count,
        batch.status,
    )


def _from_json(column: Any, value: Any) -> Any:
    from datetime import date, datetime

    if value is None:
        return None
    python_type = None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = None
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is datetime and isinstance(value, str):
        from datetime import UTC

        return datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=UTC)
    return value
