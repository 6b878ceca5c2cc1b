"""Possible duplicates of a new opinion: similar content (character bigrams) in a recent window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.opinions import (
    Opinion,
)
from desktop.services.opinions.vocabulary import DUPLICATE_THRESHOLD, DUPLICATE_WINDOW_DAYS
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- duplicates


@dataclass(frozen=True)
class DuplicateCandidate:
    id: str
    number: str
    received_on: date
    content: str
    status: str
    score: float


def _bigrams(text_value: str) -> set[str]:
    chars = re.sub(r"[\s\W_]+", "", text_value.lower())
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (works for Chinese without word splitting)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def possible_duplicates(
    session: Session,
    actor: Actor,
    content: str,
    community_id: str | None,
    received_on: date,
    *,
    exclude_id: str | None = None,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """Similar opinions from the same community in the 30 days up to ``received_on``."""
    actor.require(Permission.VIEW)
    if not content.strip():
        return []
    conds = [
        Opinion.deleted_at.is_(None),
        Opinion.received_on >= received_on - timedelta(days=DUPLICATE_WINDOW_DAYS),
        Opinion.received_on <= received_on,
    ]
    conds.append(
        Opinion.community_id == community_id if community_id else Opinion.community_id.is_(None)
    )
    if exclude_id:
        conds.append(Opinion.id != exclude_id)
    stmt = (
        select(Opinion.id, Opinion.number, Opinion.received_on, Opinion.content, Opinion.status)
        .where(*conds)
        .order_by(Opinion.received_on.desc())
        .limit(2000)
    )
    found = []
    for oid, number, rec, body, status in session.execute(stmt):
        score = similarity(content, body)
        if score >= DUPLICATE_THRESHOLD:
            found.append(DuplicateCandidate(oid, number, rec, body, status, round(score, 3)))
    found.sort(key=lambda c: (-c.score, c.received_on))
    return found[:limit]
