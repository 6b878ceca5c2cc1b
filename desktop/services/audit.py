"""Audit trail: one append-only row per change, chained by SHA-256 (DESIGN.md §3).

``hash = sha256(prev_hash || canonical_row)``; the first row chains from 64 zeros. Rows are
appended inside the caller's transaction, so an audit row exists exactly when its change does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from desktop.models.audit import AuditEntry
from desktop.models.base import json_value, utcnow
from desktop.services.permissions import Actor

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _jsonable(data: Mapping[str, Any] | None) -> str | None:
    if data is None:
        return None
    return canonical_json({k: json_value(v) for k, v in data.items()})


def canonical_row(
    *,
    id: int,
    at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str | None,
    after_json: str | None,
    reason: str,
) -> str:
    return canonical_json(
        {
            "id": id,
            "at": json_value(at),
            "user_id": user_id,
            "username": username,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": before_json,
            "after": after_json,
            "reason": reason,
        }
    )


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def acting(session: Session, actor: Actor) -> None:
    """Name who makes the transaction's changes before writing them, so that their sync
    ops carry the name as they are written (an audit row names the actor too, but the
    ops written before it get the name only by an UPDATE of each at COMMIT)."""
    session.info["sync_actor"] = actor.username  # the ops of this change say who made it


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str = "",
    entity_id: str | int = "",
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> int:
    """Append one audit row in the current transaction and return its id.

    The row is inserted first (taking SQLite's write lock), then the previous hash is read and
    the row's hash filled in — so two writers can never chain from the same predecessor.
    """
    acting(session, actor)
    at = utcnow()
    fields: dict[str, Any] = {
        "at": at,
        "user_id": actor.user_id,
        "username": actor.username,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before_json": _jsonable(before),
        "after_json": _jsonable(after),
        "reason": reason,
    }
    new_id = session.execute(
        insert(AuditEntry).values(**fields, prev_hash="", hash="").returning(AuditEntry.id)
    ).scalar_one()
    prev = session.scalar(
        select(AuditEntry.hash)
        .where(AuditEntry.id < new_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    prev_hash = prev or GENESIS
    digest = chain_hash(prev_hash, canonical_row(id=new_id, **fields))
    session.execute(
        update(AuditEntry).where(AuditEntry.id == new_id).values(prev_hash=prev_hash, hash=digest)
    )
    return int(new_id)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows_checked: int
    broken_id: int | None = None
    problem: str = ""


def _iter_rows(session: Session) -> Iterable[AuditEntry]:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(2000)


def verify(session: Session) -> VerifyResult:
    """Walk the chain; name the first row whose content or link does not match."""
    prev_hash = GENESIS
    count = 0
    for row in _iter_rows(session):
        count += 1
        if row.prev_hash != prev_hash:
            return VerifyResult(False, count, row.id, "prev_hash does not match the previous row")
        expected = chain_hash(
            prev_hash,
            canonical_row(
                id=row.id,
                at=row.at,
                user_id=row.user_id,
                username=row.username,
                action=row.action,
                entity=row.entity,
                entity_id=row.entity_id,
                before_json=row.before_json,
                after_json=row.after_json,
                reason=row.reason,
            ),
        )
        if row.hash != expected:
            return VerifyResult(False, count, row.id, "row content does not match its hash")
        prev_hash = row.hash
    return VerifyResult(True, count)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    reason: str


def recent(session: Session, limit: int = 200) -> list[AuditRow]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return [
        AuditRow(r.id, r.at, r.username, r.action, r.entity, r.entity_id, r.reason) for r in rows
    ]


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def display_names(session: Session) -> dict[str, str]:
    """User name → the person's name, for lists people read (履历, the audit list):
    "admin" is shown as 王建国. The command line's own actor is 系统."""
    from desktop.models.accounts import User

    names = {"system": "系统"}
    for username, display_name in session.execute(select(User.username, User.display_name)):
        names[username] = display_name
    return names
