"""Writing a validated plan in the caller's transaction, as one import batch."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, ValidationError
from desktop.excel import adapter as registry
from desktop.excel.adapter import LedgerAdapter
from desktop.excel.importer.mappings import remember_mapping
from desktop.excel.importer.plan import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    ImportResult,
    PlanRow,
    Progress,
)
from desktop.gc_pause import gc_paused
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.bulk import executemany
from desktop.models.imports import ImportBatch, ImportItem
from desktop.models.outbox import row_data
from desktop.services import audit
from desktop.services.permissions import Actor


def commit(
    session: Session,
    actor: Actor,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    progress: Progress | None = None,
    accept: bool | Collection[int] = False,
) -> ImportResult:
    """Write the plan in the caller's transaction. Any error row refuses the whole import
    unless ``valid_only``; records changed since the preview refuse it too.

    A conflict (a row that would rename the person whose ID number it carries) is written
    only when confirmed: ``accept=True`` confirms every one, a collection confirms those
    sheet rows. Unconfirmed conflicts refuse the import, or are skipped with ``valid_only``.
    The mapping the plan used is remembered for the next file with the same headers."""
    adapter = registry.get(plan.kind)
    actor.require(adapter.permission)
    if plan.file_errors:
        raise ValidationError(
            N_("The file cannot be imported: {problem}"),
            field="file",
            problem=plan.file_errors[0].message,
        )
    counts = plan.counts
    if counts[ERROR] and not valid_only:
        raise ValidationError(
            N_(
                "{count} rows have errors; nothing was imported. Fix them, or import the valid rows only."
            ),
            field="file",
            count=counts[ERROR],
        )
    unconfirmed = [
        r for r in plan.conflicts if not (accept is True or (accept and r.row in accept))
    ]
    if unconfirmed and not valid_only:
        first = unconfirmed[0]
        raise ValidationError(
            N_(
                "{count} rows carry the ID number of a person with another name (first: row "
                "{row}, {old} → {new}); nothing was imported. Confirm the renames, or correct "
                "the file."
            ),
            field="file",
            count=len(unconfirmed),
            row=first.row,
            old=(first.before or {}).get("name", ""),
            new=(first.values or {}).get("name", ""),
        )
    skipped = {r.row for r in unconfirmed}
    new_rows = [r for r in plan.rows if r.status == NEW]
    upd_rows = [r for r in plan.rows if r.status == UPDATE and r.row not in skipped]
    if plan.mapping:
        remember_mapping(session, plan.kind, plan.file_headers, plan.mapping)
    if not new_rows and not upd_rows:
        return ImportResult(None, 0, 0, counts[UNCHANGED], counts[ERROR], len(skipped))
    model = adapter.model
    ids = [r.record_id for r in upd_rows if r.record_id]
    current: dict[str, int] = (
        dict(session.execute(select(model.id, model.version).where(model.id.in_(ids))).all())
        if len(ids) < 30_000
        else dict(session.execute(select(model.id, model.version)).all())
    )
    stale = [i for i in ids if current.get(i) != plan.versions.get(i)]
    if stale:
        raise ConflictError(
            N_("{count} records were changed by someone else since the preview; preview again."),
            count=len(stale),
        )
    with _page_cache(session, IMPORT_CACHE_KIB), gc_paused():
        result = _write(session, actor, adapter, plan, new_rows, upd_rows, ids, counts, progress)
    return ImportResult(
        result.batch_id,
        result.created,
        result.updated,
        result.unchanged,
        result.skipped_errors,
        len(skipped),
    )


#: SQLite page cache while an import is written (KiB). The default 2 MB cannot hold the
#: pages 50,000 new rows dirty in the table, its indexes, the outbox and the search index,
#: so SQLite spills them mid-transaction; memory only, durability is unchanged.
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def _page_cache(session: Session, kib: int) -> Iterator[None]:
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    yield
    # Not in a finally: a failing PRAGMA must not hide the import's own error. After an
    # error the connection keeps the larger cache, which only costs memory.
    connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def _write(
    session: Session,
    actor: Actor,
    adapter: LedgerAdapter,
    plan: ImportPlan,
    new_rows: list[PlanRow],
    upd_rows: list[PlanRow],
    ids: list[str],
    counts: dict[str, int],
    progress: Progress | None,
) -> ImportResult:
    model = adapter.model
    audit.acting(session, actor)  # the outbox rows of the new records name the actor as written
    batch = ImportBatch(
        kind=plan.kind,
        file_name=plan.path.name,
        file_sha256=plan.file_sha256,
        username=actor.username,
        created_at=utcnow(),
        created_count=len(new_rows),
        updated_count=len(upd_rows),
        unchanged_count=counts[UNCHANGED],
        error_count=counts[ERROR],
        status="committed",
    )
    session.add(batch)
    session.flush()
    items: list[dict[str, Any]] = []
    befores: dict[str, str] = {}
    if upd_rows:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            for obj in session.scalars(select(model).where(model.id.in_(chunk))):
                befores[obj.id] = json.dumps(row_data(obj), ensure_ascii=False, sort_keys=True)
    if progress is not None:
        progress(0, len(new_rows) + len(upd_rows), "")
    created = adapter.create(session, actor, [r.values or {} for r in new_rows])
    adapter.update(session, actor, [(r.record_id or "", r.values or {}) for r in upd_rows])
    session.flush()
    after_versions: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        after_versions.update(
            session.execute(select(model.id, model.version).where(model.id.in_(chunk))).all()
        )
    entity = model.__tablename__
    items.extend(
        {
            "batch_id": batch.id,
            "entity": entity,
            "entity_id": i,
            "op": "create",
            "version_after": 1,
            "before_json": None,
        }
        for i in created
    )
    items.extend(
        {
            "batch_id": batch.id,
            "entity": entity,
            "entity_id": i,
            "op": "update",
            "version_after": after_versions[i],
            "before_json": befores[i],
        }
        for i in ids
    )
    item_table = ImportItem.__table__
    executemany(session, item_table, [c.key for c in item_table.columns if c.key != "id"], items)
    adapter.after_write(session, created, ids)
    audit.record(
        session,
        actor,
        "import.commit",
        "import_batch",
        batch.id,
        after={
            "kind": plan.kind,
            "file": plan.path.name,
            "sha256": plan.file_sha256,
            "created": len(created),
            "updated": len(ids),
            "unchanged": counts[UNCHANGED],
            "skipped_errors": counts[ERROR],
            "renames": [
                {
                    "row": r.row,
                    "old": (r.before or {}).get("name"),
                    "new": (r.values or {}).get("name"),
                }
                for r in upd_rows
                if r.conflict
            ],
            "mapping": plan.mapping,
        },
    )
    return ImportResult(batch.id, len(created), len(ids), counts[UNCHANGED], counts[ERROR])
