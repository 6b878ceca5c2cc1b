"""Audit chain heads (docs/sync-protocol.md §6.4, docs/architecture.md "What the audit chain
proves").

Each batch may carry the device's audit chain head when it was sealed: ``seq`` and ``hash`` of
the newest audit row, and ``prev_seq``/``prev_hash`` — the head the previous batch carried and
the hash that row has *now*. The server keeps the newest accepted head per device. A head
whose ``seq`` is below the kept one (rows were cut off the end), or whose ``prev`` does not
match the kept head (the log was rewritten or restored from an older copy), is refused: the
kept head stays, an ``audit_cuts`` row records it, and ``yishi-server audit-cuts`` lists it.
The batch's ops are applied all the same — the street's data must still arrive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from cityserver.models import AuditCut, AuditHead


def check_head(
    conn: Connection,
    device_id: str,
    street_code: str,
    batch_id: str,
    head: dict[str, Any] | None,
    now: datetime,
) -> dict[str, Any] | None:
    """Keep or refuse ``head``; the answer's ``audit_head`` field (None without a head)."""
    if head is None:
        return None
    kept = conn.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.device_id == device_id)
    ).first()
    if kept is None:
        conn.execute(
            insert(AuditHead).values(
                device_id=device_id,
                street_code=street_code,
                seq=head["seq"],
                hash=head["hash"],
                updated_at=now,
            )
        )
        return {"status": "kept", "seq": head["seq"]}
    known_seq, known_hash = kept
    if head["seq"] < known_seq:
        reason = "backwards"
    elif (head["prev_seq"], head["prev_hash"]) != (known_seq, known_hash) and (
        head["seq"],
        head["hash"],
    ) != (known_seq, known_hash):
        reason = "rewritten"
    else:
        conn.execute(
            update(AuditHead)
            .where(AuditHead.device_id == device_id)
            .values(seq=head["seq"], hash=head["hash"], updated_at=now)
        )
        return {"status": "kept", "seq": head["seq"]}
    conn.execute(
        insert(AuditCut).values(
            device_id=device_id,
            street_code=street_code,
            batch_id=batch_id,
            found_at=now,
            reason=reason,
            known_seq=known_seq,
            known_hash=known_hash,
            offered_seq=head["seq"],
            offered_hash=head["hash"],
        )
    )
    return {"status": "refused", "reason": reason, "known_seq": known_seq}


def cuts(session: Session, street_code: str | None = None) -> list[AuditCut]:
    """Refused heads, oldest first (optionally of one street)."""
    query = select(AuditCut).order_by(AuditCut.id)
    if street_code is not None:
        query = query.where(AuditCut.street_code == street_code)
    return list(session.scalars(query))
