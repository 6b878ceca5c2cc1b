"""What the server answered: per-op results, sync issues, acknowledgement, tombstone purge.

One answer (HTTP or ack file) is recorded in one local transaction: the batch becomes
``acked`` with its per-op results, conflicts and rejections become ``sync_issue`` rows (one
open issue per record; a later op on the same record updates it), acknowledged tombstones
are purged, and the batch's outbox rows are deleted. Recording the same answer twice (the
HTTP reply and then the ack file of the same batch) changes nothing the second time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import Base, synced_models, utcnow
from desktop.models.outbox import SyncOutbox, capture_disabled, enqueue, row_data
from desktop.models.sync import SyncBatch, SyncIssue
from desktop.services import audit
from desktop.services.permissions import SYSTEM_ACTOR, Actor, Permission
from desktop.sync.state import get_state

OK_STATUSES = frozenset({"applied", "duplicate"})
#: Local-only values a row taken from the server never overwrites once set.
KEEP_LOCAL = frozenset({("poll", "secret")})


@dataclass(frozen=True)
class AckSummary:
    batch_id: str
    already: bool
    applied: int
    duplicates: int
    conflicts: int
    rejected: int


def model_for(entity: str) -> type[Base] | None:
    for cls in synced_models():
        if getattr(cls, "__tablename__", None) == entity:
            return cls
    return None


def record_answer(
    session: Session, batch: SyncBatch, answer: dict[str, Any], source: str
) -> AckSummary:
    """Record the server's answer to ``batch`` (caller holds the write lock, commits)."""
    if batch.state == "acked":
        return AckSummary(
            batch.batch_id, True, batch.applied, batch.duplicates, batch.conflicts, batch.rejected
        )
    results: list[dict[str, Any]] = list(answer.get("results") or [])
    # Only the ops that need attention are read: tombstones (to purge) and problems.
    problems = [str(r.get("op_id")) for r in results if r.get("status") not in OK_STATUSES]
    wanted = SyncOutbox.op == "delete"
    if problems:
        wanted = wanted | SyncOutbox.op_id.in_(problems)
    ops = {
        row.op_id: row
        for row in session.scalars(
            select(SyncOutbox).where(SyncOutbox.batch_id == batch.batch_id, wanted)
        )
    }
    counts = {"applied": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    compact: list[list[Any]] = []
    purge: list[SyncOutbox] = []
    conflicts: dict[tuple[str, str], SyncIssue] = {}
    now = utcnow()
    for result in results:
        status = str(result.get("status", ""))
        counts[status] = counts.get(status, 0) + 1
        op_id = str(result.get("op_id", ""))
        compact.append([op_id, status, result.get("code"), result.get("server_version")])
        row = ops.get(op_id)
        if row is None:
            continue
        if status in OK_STATUSES:
            if row.op == "delete":
                purge.append(row)
        elif status in ("conflict", "rejected"):
            issue = _issue(session, batch.batch_id, row, result, status, now)
            if status == "conflict":
                conflicts[(row.entity, row.entity_id)] = issue
    for issue in conflicts.values():
        settle_conflict(session, issue)
    _purge_tombstones(session, purge)
    batch.state = "acked"
    batch.acked_at = now
    batch.ack_source = source
    batch.applied = counts["applied"]
    batch.duplicates = counts["duplicate"]
    batch.conflicts = counts["conflict"]
    batch.rejected = counts["rejected"]
    batch.results = json.dumps(compact, separators=(",", ":"))
    batch.error = ""
    session.execute(delete(SyncOutbox).where(SyncOutbox.batch_id == batch.batch_id))
    state = get_state(session)
    watermark = answer.get("watermark")
    if isinstance(watermark, int) and watermark > state.watermark:
        state.watermark = watermark
    session.flush()
    return AckSummary(
        batch.batch_id,
        False,
        counts["applied"],
        counts["duplicate"],
        counts["conflict"],
        counts["rejected"],
    )


def _issue(
    session: Session,
    batch_id: str,
    row: SyncOutbox,
    result: dict[str, Any],
    kind: str,
    now: datetime,
) -> SyncIssue:
    server_row = result.get("server_row")
    issue = session.scalar(
        select(SyncIssue).where(
            SyncIssue.entity == row.entity,
            SyncIssue.entity_id == row.entity_id,
            SyncIssue.status == "open",
        )
    )
    if issue is None:
        issue = SyncIssue(
            entity=row.entity,
            entity_id=row.entity_id,
            status="open",
            created_at=now,
            resolved_by="",
        )
        session.add(issue)
    issue.kind = kind
    issue.batch_id = batch_id
    issue.op_id = row.op_id
    issue.code = str(result.get("code") or "")
    issue.message = str(result.get("message") or "")
    issue.local_version = row.version
    sv = result.get("server_version")
    issue.server_version = sv if isinstance(sv, int) else None
    issue.server_row = json.dumps(server_row, ensure_ascii=False) if server_row else ""
    issue.local_data = row.data
    session.flush()
    return issue


# ------------------------------------------------------------------ conflict rules (docs §13)

#: Rows the server's version of which is never overwritten by another PC's change.
PROTECTED_STATUS = {"poll": {"certified"}, "opinion": {"closed", "followed_up"}}
#: Entities whose rows are records, never edited after the fact on two PCs.
IMMUTABLE = frozenset({"ballot", "tally_certificate", "ballot_print_log", "opinion_event"})
_NOT_MERGED = {"id", "version", "updated_at", "created_at", "street_code"}


def is_protected(entity: str, server_data: dict[str, Any]) -> bool:
    """A certified poll, a closed opinion, a ballot or certificate: the server's stands."""
    if entity in IMMUTABLE:
        return True
    return str(server_data.get("status", "")) in PROTECTED_STATUS.get(entity, set())


def _changed_before(session: Session, entity: str, entity_id: str) -> dict[str, Any] | None:
    """The fields this PC changed on the row since the server's confirmed version, with their
    values before (the earliest op first); None when an op of it is a create or delete, or an
    op does not say what it changed."""
    before: dict[str, Any] = {}
    rows = session.scalars(
        select(SyncOutbox)
        .where(SyncOutbox.entity == entity, SyncOutbox.entity_id == entity_id)
        .order_by(SyncOutbox.seq)
    ).all()
    for row in rows:
        if row.base_version is None or row.op == "delete" or not row.changed:
            return None
        for key, value in json.loads(row.changed).items():
            before.setdefault(key, value)
    return before or None


def settle_conflict(session: Session, issue: SyncIssue) -> str:
    """Apply the per-entity rule to an open conflict (docs/sync-protocol.md §13).

    - ``merged``: the two PCs changed different fields: the local row becomes the server's
      with this PC's fields on top and is sent again on the server's version; the issue is
      closed (audited as ``sync.issue.merged``).
    - ``protected``: the server's row is a certified poll, closed opinion, ballot or
      certificate: the server's version stands locally and "keep mine" is refused.
    - ``review``: the same field changed on both PCs (or a delete, or no server row): the
      server's version stands locally and the local one waits in the review list.
    """
    server = json.loads(issue.server_row) if issue.server_row else None
    cls = model_for(issue.entity)
    if server is None or cls is None:
        return "review"
    theirs = dict(server.get("data") or {})
    obj: Any = session.get(cls, issue.entity_id)
    mine = row_data(obj) if obj is not None else _data(issue.local_data)
    issue.local_data = json.dumps(mine, ensure_ascii=False, sort_keys=True)
    if is_protected(issue.entity, theirs):
        issue.code = "protected"
        _take_server_row(session, issue, server)
        return "protected"
    before = _changed_before(session, issue.entity, issue.entity_id)
    if before is None or server.get("deleted") or obj is None or obj.deleted_at is not None:
        _take_server_row(session, issue, server)
        return "review"
    overlap = [
        key
        for key, old in before.items()
        if theirs.get(key) != old and theirs.get(key) != mine.get(key)
    ]
    if overlap:
        issue.message = "both changed: " + ", ".join(sorted(overlap))
        _take_server_row(session, issue, server)
        return "review"
    merged = dict(theirs)
    for key in before:
        if key not in _NOT_MERGED and key in mine:
            merged[key] = mine[key]
    base = int(server.get("version") or theirs.get("version") or 0)
    _drop_unsealed(session, issue.entity_id)
    apply_server_row(session, issue.entity, issue.entity_id, {"version": base, "data": merged})
    obj = session.get(cls, issue.entity_id)
    with capture_disabled(session):
        obj.version = base + 1
        obj.updated_at = utcnow()
    enqueue(session, obj, "upsert", base)
    _mark_outbox_changed(session, issue.entity_id, {k: theirs.get(k) for k in before})
    issue.status = "merged"
    issue.resolved_at = utcnow()
    issue.resolved_by = "sync"
    audit.record(
        session,
        SYSTEM_ACTOR,
        "sync.issue.merged",
        issue.entity,
        issue.entity_id,
        after={"issue": issue.id, "fields": sorted(before), "server_version": base},
    )
    return "merged"


def _mark_outbox_changed(session: Session, entity_id: str, before: dict[str, Any]) -> None:
    """The re-sent merge changed ``before``'s fields (on top of the server's values)."""
    row = session.scalar(
        select(SyncOutbox)
        .where(SyncOutbox.entity_id == entity_id, SyncOutbox.batch_id.is_(None))
        .order_by(SyncOutbox.seq.desc())
        .limit(1)
    )
    if row is not None:
        row.changed = json.dumps(before, ensure_ascii=False, sort_keys=True)


def _take_server_row(session: Session, issue: SyncIssue, server: dict[str, Any]) -> None:
    """The server's version stands on this PC; the local one stays in ``issue.local_data``."""
    _drop_unsealed(session, issue.entity_id)
    apply_server_row(session, issue.entity, issue.entity_id, server)


def _purge_tombstones(session: Session, rows: list[SyncOutbox]) -> None:
    """Hard-delete soft-deleted rows whose tombstone the server acknowledged.

    Only when the local row is still that tombstone (same version, still deleted); a row that
    other rows still reference stays (the foreign key refuses) until they are gone too.
    """
    if not rows:
        return
    with capture_disabled(session):
        for row in rows:
            cls = model_for(row.entity)
            if cls is None:
                continue
            obj: Any = session.get(cls, row.entity_id)
            if obj is None or obj.deleted_at is None or obj.version != row.version:
                continue
            try:
                with session.begin_nested():
                    session.delete(obj)
            except Exception:  # referenced by another row: keep the tombstone for now
                session.expunge(obj) if obj in session else None


# ------------------------------------------------------------------ resolving issues


@dataclass(frozen=True)
class IssueView:
    id: int
    kind: str
    status: str
    entity: str
    entity_id: str
    title: str
    code: str
    message: str
    local_version: int
    server_version: int | None
    local_summary: str
    server_summary: str
    created_at: datetime


_META = {"id", "version", "created_at", "updated_at", "street_code"}


def _data(text: str, inner: bool = False) -> dict[str, Any]:
    if not text:
        return {}
    data = json.loads(text)
    if inner and isinstance(data, dict):
        data = data.get("data") or {}
    return data if isinstance(data, dict) else {}


def _differences(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[str, str]:
    """The fields where the two versions differ, as ``field=value`` text for each side."""
    keys = sorted(k for k in set(mine) | set(theirs) if k not in _META)
    if theirs:
        keys = [k for k in keys if mine.get(k) != theirs.get(k)]

    def show(d: dict[str, Any]) -> str:
        return "；".join(f"{field_label(k)}：{d.get(k)}" for k in keys if k in d)[:300]

    return show(mine), show(theirs)


def list_issues(session: Session, include_resolved: bool = False) -> list[IssueView]:
    query = select(SyncIssue).order_by(SyncIssue.id.desc())
    if not include_resolved:
        query = query.where(SyncIssue.status == "open")
    views = []
    for i in session.scalars(query.limit(1000)):
        mine, theirs = _data(i.local_data), _data(i.server_row, inner=True)
        local_summary, server_summary = _differences(mine, theirs)
        views.append(
            IssueView(
                id=i.id,
                kind=i.kind,
                status=i.status,
                entity=i.entity,
                entity_id=i.entity_id,
                title=str(mine.get("name") or mine.get("title") or theirs.get("name") or ""),
                code=i.code,
                message=i.message,
                local_version=i.local_version,
                server_version=i.server_version,
                local_summary=local_summary,
                server_summary=server_summary,
                created_at=i.created_at,
            )
        )
    return views


def _open_issue(session: Session, issue_id: int) -> SyncIssue:
    issue = session.get(SyncIssue, issue_id)
    if issue is None:
        raise NotFound(N_("Sync issue {id} not found."), id=issue_id)
    if issue.status != "open":
        raise ValidationError(N_("This sync issue has already been resolved."), field="status")
    return issue


def _drop_unsealed(session: Session, entity_id: str) -> None:
    session.execute(
        delete(SyncOutbox).where(SyncOutbox.entity_id == entity_id, SyncOutbox.batch_id.is_(None))
    )


def _resolve(session: Session, actor: Actor, issue: SyncIssue, status: str) -> None:
    issue.status = status
    issue.resolved_at = utcnow()
    issue.resolved_by = actor.username
    audit.record(
        session,
        actor,
        f"sync.issue.{status}",
        issue.entity,
        issue.entity_id,
        after={"issue": issue.id, "server_version": issue.server_version},
    )


def keep_mine(session: Session, actor: Actor, issue_id: int) -> None:
    """Re-send the local row on top of the server's version (a new op, base = server's)."""
    actor.require(Permission.SYNC)
    issue = _open_issue(session, issue_id)
    if issue.code == "protected":
        raise ValidationError(
            N_(
                "The server's version is certified or closed and cannot be overwritten; "
                "take the server's version."
            ),
            field="issue",
        )
    cls = model_for(issue.entity)
    obj: Any = session.get(cls, issue.entity_id) if cls is not None else None
    mine = _data(issue.local_data)
    if obj is None and mine and cls is not None:
        apply_server_row(session, issue.entity, issue.entity_id, {"data": mine})
        obj = session.get(cls, issue.entity_id)
    if obj is None:
        raise NotFound(N_("The local record no longer exists; take the server's version."))
    base = issue.server_version
    _drop_unsealed(session, issue.entity_id)
    if mine:  # the server's version stands locally meanwhile: put this PC's back
        with capture_disabled(session):
            for attr in type(obj).__mapper__.column_attrs:
                if attr.key in mine and attr.key not in _NOT_MERGED:
                    value = _column_value(attr.columns[0].type, mine[attr.key])
                    if (issue.entity, attr.key) in KEEP_LOCAL and getattr(obj, attr.key):
                        continue
                    setattr(obj, attr.key, value)
    with capture_disabled(session):
        obj.version = (base or 0) + 1
        obj.updated_at = utcnow()
    enqueue(session, obj, "delete" if obj.deleted_at is not None else "upsert", base)
    _resolve(session, actor, issue, "kept_mine")


def _column_value(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    try:
        python_type = getattr(column_type, "impl_instance", column_type).python_type
    except NotImplementedError:
        return value
    if python_type is datetime and isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=utcnow().tzinfo)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is bytes and isinstance(value, str):
        return bytes.fromhex(value)
    return value


def apply_server_row(
    session: Session, entity: str, entity_id: str, row: dict[str, Any] | None
) -> None:
    """Make the local row equal the server's (or remove it), without capturing the change."""
    cls = model_for(entity)
    if cls is None:
        return
    obj: Any = session.get(cls, entity_id)
    with capture_disabled(session):
        if row is None:
            if obj is not None:
                session.delete(obj)
            return
        data = dict(row.get("data") or {})
        if obj is None:
            obj = cls()
            session.add(obj)
        for attr in cls.__mapper__.column_attrs:
            if (entity, attr.key) in KEEP_LOCAL and getattr(obj, attr.key, None):
                continue  # a local ballot secret is never replaced by another PC's
            if attr.key in data:
                setattr(obj, attr.key, _column_value(attr.columns[0].type, data[attr.key]))
        obj.id = entity_id
        obj.version = int(row.get("version") or data.get("version") or 1)


def take_server(session: Session, actor: Actor, issue_id: int) -> None:
    """Replace the local row by the server's; local unsent changes to it are dropped."""
    actor.require(Permission.SYNC)
    issue = _open_issue(session, issue_id)
    row = json.loads(issue.server_row) if issue.server_row else None
    _drop_unsealed(session, issue.entity_id)
    apply_server_row(session, issue.entity, issue.entity_id, row)
    _resolve(session, actor, issue, "took_server")


# ------------------------------------------------------------------ side-by-side review

#: Field names of synced records as the review shows them (beyond the roster's labels).
_MORE_FIELD_LABELS = {
    "title": "标题",
    "code": "编码",
    "content": "内容",
    "category": "类别",
    "received_on": "收到日期",
    "due_on": "办理期限",
    "satisfaction": "满意度",
    "number": "编号",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "place": "地点",
    "question": "表决事项",
    "method": "表决方式",
    "certified_at": "核定时间",
    "sort_order": "顺序",
    "label": "选项",
    "answer": "答复",
    "handler": "承办单位",
}


def field_label(key: str) -> str:
    """The Chinese name of a record's field (the key itself when none is known)."""
    from desktop.services.roster.common import FIELD_LABELS

    return FIELD_LABELS.get(key) or _MORE_FIELD_LABELS.get(key) or key


@dataclass(frozen=True)
class FieldComparison:
    key: str
    label: str
    mine: str
    theirs: str
    differs: bool


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _value_words(entity: str) -> dict[str, dict[str, str]]:
    from desktop.services.audit_log import value_labels
    from desktop.services.roster.common import COMMUNITY_KIND_LABELS

    words = value_labels()
    if entity == "community":  # "kind" means a different list for each entity
        words = {**words, "kind": dict(COMMUNITY_KIND_LABELS)}
    return words


def compare(session: Session, issue_id: int) -> list[FieldComparison]:
    """Both versions of an issue's record, field by field (differing fields first)."""
    issue = session.get(SyncIssue, issue_id)
    if issue is None:
        raise NotFound(N_("Sync issue {id} not found."), id=issue_id)
    mine, theirs = _data(issue.local_data), _data(issue.server_row, inner=True)
    keys = [k for k in sorted(set(mine) | set(theirs)) if k not in _META]
    words = _value_words(issue.entity)

    def shown(key: str, value: Any) -> str:
        # Coded values in words (community → 社区, assigned → 已交办), as the audit log shows them.
        if isinstance(value, str) and value in words.get(key, {}):
            return words[key][value]
        return _shown(value)

    rows = [
        FieldComparison(
            key=k,
            label=field_label(k),
            mine=shown(k, mine.get(k)) if mine else "—",
            theirs=shown(k, theirs.get(k)) if theirs else "—",
            differs=mine.get(k) != theirs.get(k),
        )
        for k in keys
    ]
    return sorted(rows, key=lambda r: not r.differs)
