"""The archive settings: the points floor, the 优秀 line of a report-back rating, and the
fixed-contact rule (Chongqing, seed 000: 5 for a directly elected deputy, 3 for an
indirectly elected one; Changji, seed 003, asks 10).

Stored as one JSON value under ``archives.settings`` of the ``setting`` table.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.settings import Setting
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

log = logging.getLogger(__name__)

KEY = "archives.settings"


@dataclass(frozen=True)
class ArchiveSettings:
    #: A deputy whose yearly total is below this is flagged on the ranking (0 = no floor).
    points_floor: int = 20
    #: A report-back whose 优秀 rate is below this percentage flags a 谈心谈话.
    excellent_line_percent: int = 80
    #: Fixed contacts each deputy keeps (直接选举 / 间接选举).
    contacts_direct: int = 5
    contacts_indirect: int = 3

    def contacts_required(self, election: str) -> int:
        return self.contacts_indirect if election == "indirect" else self.contacts_direct


_RANGES = {
    "points_floor": (0, 1000),
    "excellent_line_percent": (1, 100),
    "contacts_direct": (0, 50),
    "contacts_indirect": (0, 50),
}


def validate(value: ArchiveSettings) -> ArchiveSettings:
    for name, (low, high) in _RANGES.items():
        got = getattr(value, name)
        if isinstance(got, bool) or not isinstance(got, int) or not low <= got <= high:
            raise ValidationError(
                N_("{name} must be a whole number from {low} to {high}."),
                field=name,
                name=name,
                low=low,
                high=high,
            )
    return value


def load(session: Session) -> ArchiveSettings:
    row = session.get(Setting, KEY)
    if row is None:
        return ArchiveSettings()
    try:
        raw = json.loads(row.value_json)
        known = {f.name for f in dataclasses.fields(ArchiveSettings)}
        return validate(ArchiveSettings(**{k: v for k, v in raw.items() if k in known}))
    except (ValueError, TypeError, AttributeError, ValidationError):
        log.warning("ignoring bad stored archive settings %r", row.value_json)
        return ArchiveSettings()


def update(session: Session, actor: Actor, value: ArchiveSettings) -> ArchiveSettings:
    """Store new settings (validated); audited with before and after."""
    actor.require(Permission.MANAGE_SETTINGS)
    value = validate(value)
    current = load(session)
    if value == current:
        return current
    encoded = json.dumps(dataclasses.asdict(value), ensure_ascii=False)
    row = session.get(Setting, KEY)
    if row is None:
        session.add(Setting(key=KEY, value_json=encoded))
    else:
        row.value_json = encoded
    session.flush()
    audit.record(
        session,
        actor,
        "archives.settings",
        "setting",
        KEY,
        before=dataclasses.asdict(current),
        after=dataclasses.asdict(value),
    )
    return value
