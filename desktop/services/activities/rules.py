"""The activity settings: the list of activity types, the frequency and coverage rules, and
how far ahead an activity may be dated.

Stored as one JSON value under the key ``activities.rules`` of the ``setting`` table (the
general settings schema ignores keys it does not know). Defaults follow Chongqing's rule
(seed 000): "人大代表之家每季度、代表联络站（点）每月开展线下活动不少于1次，全年代表参与全覆盖" —
a station's own ``activity_frequency`` (quarterly for a 代表之家, monthly for a 站/点 by
default) says which period applies, and the minimum per period comes from here.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.settings import Setting
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

log = logging.getLogger(__name__)

KEY = "activities.rules"

DEFAULT_TYPES: tuple[str, ...] = (
    "接待选民",
    "民情恳谈会",
    "调研座谈",
    "视察",
    "走访选民",
    "学习培训",
    "议政日",
    "代表述职",
    "立法意见征询",
    "面对面",
    "其他",
)
#: The type a held reception day is recorded as.
RECEPTION_TYPE = "接待选民"


@dataclass(frozen=True)
class ActivityRules:
    types: tuple[str, ...] = DEFAULT_TYPES
    #: Activities required per month at a station whose frequency is monthly (站/点).
    monthly_minimum: int = 1
    #: Activities required per quarter at a station whose frequency is quarterly (代表之家).
    quarterly_minimum: int = 1
    #: Activities each active deputy takes part in per year (全覆盖 = 1).
    deputy_minimum_per_year: int = 1
    #: An activity may be dated at most this many days after today (planned activities).
    future_horizon_days: int = 30

    def minimum(self, frequency: str) -> int:
        return self.quarterly_minimum if frequency == "quarterly" else self.monthly_minimum


_RANGES = {
    "monthly_minimum": (1, 31),
    "quarterly_minimum": (1, 90),
    "deputy_minimum_per_year": (0, 365),
    "future_horizon_days": (0, 366),
}


def validate(rules: ActivityRules) -> ActivityRules:
    types = tuple(t.strip() for t in rules.types if t.strip())
    if not types:
        raise ValidationError(N_("At least one activity type is required."), field="types")
    if len(set(types)) != len(types):
        raise ValidationError(N_("An activity type is listed twice."), field="types")
    if any(len(t) > 32 for t in types):
        raise ValidationError(N_("An activity type may have at most 32 characters."), field="types")
    for name, (low, high) in _RANGES.items():
        value = getattr(rules, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                N_("{name} must be a whole number from {low} to {high}."),
                field=name,
                name=name,
                low=low,
                high=high,
            )
    return dataclasses.replace(rules, types=types)


def _encode(rules: ActivityRules) -> dict[str, Any]:
    data = dataclasses.asdict(rules)
    data["types"] = list(rules.types)
    return data


def load(session: Session) -> ActivityRules:
    row = session.get(Setting, KEY)
    if row is None:
        return ActivityRules()
    try:
        raw = json.loads(row.value_json)
        known = {f.name for f in dataclasses.fields(ActivityRules)}
        values = {k: v for k, v in raw.items() if k in known}
        if "types" in values:
            values["types"] = tuple(str(t) for t in values["types"])
        return validate(ActivityRules(**values))
    except (ValueError, TypeError, AttributeError, ValidationError):
        log.warning("ignoring bad stored activity rules %r", row.value_json)
        return ActivityRules()


def update(session: Session, actor: Actor, rules: ActivityRules) -> ActivityRules:
    """Store new rules (validated); audited with before and after."""
    actor.require(Permission.MANAGE_SETTINGS)
    rules = validate(rules)
    current = load(session)
    if rules == current:
        return current
    encoded = json.dumps(_encode(rules), ensure_ascii=False)
    row = session.get(Setting, KEY)
    if row is None:
        session.add(Setting(key=KEY, value_json=encoded))
    else:
        row.value_json = encoded
    session.flush()
    audit.record(
        session,
        actor,
        "activity.rules",
        "setting",
        KEY,
        before=_encode(current),
        after=_encode(rules),
    )
    return rules
