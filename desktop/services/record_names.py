"""What a record is called, for lists people read (the audit list): 张伟强, not a UUID.

``names(session, [(entity, id), …])`` looks each kind up once (one query per table). A kind
without a name column, or a record since removed, keeps its short id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.meetings import Meeting
from desktop.models.opinions import Opinion
from desktop.models.polls import Poll
from desktop.models.roster import Community, Deputy, DeputyContact, Representative, Station

#: entity (the audit log's table name) → (model, the column people know it by)
NAMED: dict[str, tuple[Any, Any]] = {
    "representative": (Representative, Representative.name),
    "deputy": (Deputy, Deputy.name),
    "deputy_contact": (DeputyContact, DeputyContact.name),
    "station": (Station, Station.name),
    "community": (Community, Community.name),
    "meeting": (Meeting, Meeting.title),
    "poll": (Poll, Poll.title),
    "opinion": (Opinion, Opinion.number),
}


def names(session: Session, records: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for entity, entity_id in records:
        if entity in NAMED and entity_id:
            wanted[entity].add(entity_id)
    found: dict[tuple[str, str], str] = {}
    for entity, ids in wanted.items():
        model, column = NAMED[entity]
        chunk = sorted(ids)
        for start in range(0, len(chunk), 500):
            for rid, name in session.execute(
                select(model.id, column).where(model.id.in_(chunk[start : start + 500]))
            ):
                found[(entity, rid)] = str(name)
    return found


def shown(found: dict[tuple[str, str], str], entity: str, entity_id: str) -> str:
    """The record's name, else its id shortened to eight characters (never a full UUID)."""
    if (entity, entity_id) in found:
        return found[(entity, entity_id)]
    return entity_id[:8] if len(entity_id) > 12 else entity_id
