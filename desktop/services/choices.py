"""What the UI offers to choose from: the street's communities, stations and active
deputies as plain ``Choice`` rows, and the fixed vocabularies (channels, statuses, roles …)
the forms list. The UI asks here instead of running its own queries or reaching into
``desktop.models`` (tests/unit/test_ui_without_sql.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts import ROLES
from desktop.models.activities import PARTICIPANT_ROLES
from desktop.models.meetings import AGENDA_KINDS, RESOLUTION_RESULTS
from desktop.models.opinions import CHANNELS, CLOSE_REASONS, SATISFACTIONS, STATUSES
from desktop.models.roster import Deputy, Station
from desktop.models.street import STREET_KINDS
from desktop.services import roster

__all__ = [
    "AGENDA_KINDS",
    "CHANNELS",
    "CLOSE_REASONS",
    "PARTICIPANT_ROLES",
    "RESOLUTION_RESULTS",
    "ROLES",
    "SATISFACTIONS",
    "STATUSES",
    "STREET_KINDS",
    "Choice",
    "active_deputies",
    "communities",
    "stations",
]


@dataclass(frozen=True)
class Choice:
    """One entry of a pick-list: the record's id and the name shown."""

    id: str
    name: str


def communities(s: Session) -> list[Choice]:
    """The street's communities (not deleted), in the street's own order, then by name."""
    return [Choice(cid, name) for cid, name in roster.community_choices(s)]


def stations(s: Session) -> list[Choice]:
    """The stations (家站点) not deleted, in the order the database keeps them."""
    rows = s.execute(select(Station.id, Station.name).where(Station.deleted_at.is_(None)))
    return [Choice(sid, name) for sid, name in rows]


def active_deputies(s: Session) -> list[Choice]:
    """Deputies still serving (not deleted, status active), in pinyin order of name."""
    rows = s.execute(
        select(Deputy.id, Deputy.name)
        .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
        .order_by(Deputy.name_sort, Deputy.name)
    )
    return [Choice(did, name) for did, name in rows]
