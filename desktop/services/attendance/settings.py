"""When repeated absence without leave is flagged (无故缺席提示).

The seeds name no number, so both rules are settings. The defaults follow the common rule of
the committees' 议事规则 and of the Deputies Law (代表法 §49: 未经批准两次不出席本级人民代表
大会会议的, 其代表资格终止): **two** meetings in a row missed without leave, or **three** in
one calendar year. 0 switches a rule off. Leave (请假) is never an absence.

Stored as one JSON value under ``attendance.settings`` of the ``setting`` table.
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

KEY = "attendance.settings"


@dataclass(frozen=True)
class AttendanceSettings:
    #: Flag whoever missed this many of their meetings in a row without leave (0 = off).
    consecutive_absences: int = 2
    #: Flag whoever missed this many meetings without leave in one calendar year (0 = off).
    absences_per_year: int = 3


_RANGES = {"consecutive_absences": (0, 20), "absences_per_year": (0, 50)}
_LABELS = {
    "consecutive_absences": N_("Absences in a row"),
    "absences_per_year": N_("Absences in a year"),
}


def validate(value: AttendanceSettings) -> AttendanceSettings:
    for name, (low, high) in _RANGES.items():
        got = getattr(value, name)
        if isinstance(got, bool) or not isinstance(got, int) or not low <= got <= high:
            raise ValidationError(
                N_("{name} must be a whole number from {low} to {high}."),
                field=name,
                name=_LABELS[name],
                low=low,
                high=high,
            )
    return value


def load(session: Session) -> AttendanceSettings:
    row = session.get(Setting, KEY)
    if row is None:
        return AttendanceSettings()
    try:
        raw = json.loads(row.value_json)
        known = {f.name for f in dataclasses.fields(AttendanceSettings)}
        return validate(AttendanceSettings(**{k: v for k, v in raw.items() if k in known}))
    except (ValueError, TypeError, AttributeError, ValidationError):
        log.warning("ignoring bad stored attendance settings %r", row.value_json)
        return AttendanceSettings()


def update(session: Session, actor: Actor, value: AttendanceSettings) -> AttendanceSettings:
    """Store new thresholds (administrator; validated; audited with before and after)."""
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
        "attendance.settings",
        "setting",
        KEY,
        before=dataclasses.asdict(current),
        after=dataclasses.asdict(value),
    )
    return value
