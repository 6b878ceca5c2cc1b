"""The points rules (履职积分规则): a versioned rule set per year, edited by administrators.

Guiyang (seed 002) sets the points "根据其法定性、重要程度、履职效果等设置不同的分值…累计".
A rule set says how many points each kind of record earns:

- a duty activity, by its type and the deputy's role in it (主持 / 参加 / 接待);
- a street meeting attended (出席), and a deduction for one missed without leave (缺席);
- an opinion raised (the deputy is named on it, received in the year) and one closed
  (办结 in the year);
- a training day (an activity of the training type; each distinct day counts once, and the
  type's activity points do not apply on top);
- a report-back (述职) recorded for the deputy in the year;
- a cap per category (an activity type, ``meetings``, ``opinions``, ``training``,
  ``report_back``): the category earns at most that many points in a year (0 = no cap).
  Deductions are not capped.

Stored as revisions in ``points_rule_set``; a year without its own revision uses the latest
revision of the nearest earlier year, else the defaults below. Every number is a whole
number of points.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_, gettext
from desktop.models.activities import PARTICIPANT_ROLES
from desktop.models.archives import PointsRuleSet

log = logging.getLogger(__name__)

#: Categories that are not activity types (used as keys of ``caps``).
MEETINGS = "meetings"
OPINIONS = "opinions"
TRAINING = "training"
REPORT_BACK = "report_back"
FIXED_CATEGORIES = (MEETINGS, OPINIONS, TRAINING, REPORT_BACK)


def _points(
    participant: int, host: int | None = None, receiver: int | None = None
) -> dict[str, int]:
    return {
        "host": participant + 1 if host is None else host,
        "participant": participant,
        "receiver": participant + 1 if receiver is None else receiver,
    }


#: Default points per activity type and role (主持 and 接待 one more than 参加).
DEFAULT_ACTIVITY_POINTS: dict[str, dict[str, int]] = {
    "接待选民": _points(2),
    "民情恳谈会": _points(2),
    "调研座谈": _points(2),
    "视察": _points(3),
    "走访选民": _points(2),
    "议政日": _points(2),
    "立法意见征询": _points(2),
    "面对面": _points(2),
    "其他": _points(1),
    # A report-back scores through its report-back record, not as an activity.
    "代表述职": _points(0, 0, 0),
}
DEFAULT_CAPS: dict[str, int] = {"接待选民": 30, "走访选民": 20, OPINIONS: 20}


@dataclass(frozen=True)
class PointsRules:
    """One year's rules. ``activity_points[type][role]``; a type not listed earns nothing."""

    activity_points: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_ACTIVITY_POINTS.items()}
    )
    meeting_attended: int = 3
    #: Points deducted per street meeting missed without leave (缺席, not 请假).
    absence_deduction: int = 2
    opinion_raised: int = 1
    opinion_closed: int = 1
    #: The activity type whose days are training days (学习培训), and the points per day.
    training_type: str = "学习培训"
    training_day: int = 2
    report_back: int = 5
    caps: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS))

    def cap(self, category: str) -> int:
        return self.caps.get(category, 0)


_SCALARS = (
    "meeting_attended",
    "absence_deduction",
    "opinion_raised",
    "opinion_closed",
    "training_day",
    "report_back",
)
MAX_POINTS = 100
MAX_CAP = 1000


SCALAR_LABELS = {
    "meeting_attended": N_("a meeting attended"),
    "absence_deduction": N_("a meeting missed without leave"),
    "opinion_raised": N_("an opinion raised"),
    "opinion_closed": N_("an opinion closed"),
    "training_day": N_("a training day"),
    "report_back": N_("a report-back"),
}
ROLE_WORDS = {"host": "主持", "participant": "参加", "receiver": "接待"}


def _check_int(value: object, what: str, high: int, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValidationError(
            N_("The points for {what} must be a whole number from 0 to {high}."),
            field=field_name,
            what=what,
            high=high,
        )
    return value


def validate(rules: PointsRules) -> PointsRules:
    """Check every number and name; returns the rules with names stripped."""
    points: dict[str, dict[str, int]] = {}
    for kind, roles in rules.activity_points.items():
        name = kind.strip()
        if not name or len(name) > 32:
            raise ValidationError(
                N_("An activity type must have 1 to 32 characters."), field="activity_points"
            )
        if name in points:
            raise ValidationError(N_("An activity type is listed twice."), field="activity_points")
        unknown = set(roles) - set(PARTICIPANT_ROLES)
        if unknown:
            raise ValidationError(
                N_("Unknown role in the points rules: {role}"),
                field="activity_points",
                role=sorted(unknown)[0],
            )
        points[name] = {
            role: _check_int(
                roles.get(role, 0), f"{name}（{ROLE_WORDS[role]}）", MAX_POINTS, "activity_points"
            )
            for role in PARTICIPANT_ROLES
        }
    for name in _SCALARS:
        _check_int(getattr(rules, name), gettext(SCALAR_LABELS[name]), MAX_POINTS, name)
    training = rules.training_type.strip()
    if not training or len(training) > 32:
        raise ValidationError(
            N_("An activity type must have 1 to 32 characters."), field="training_type"
        )
    caps: dict[str, int] = {}
    for category, value in rules.caps.items():
        key = category.strip()
        if not key:
            continue
        amount = _check_int(value, _cap_words(key), MAX_CAP, "caps")
        if amount:
            caps[key] = amount
    return dataclasses.replace(rules, activity_points=points, training_type=training, caps=caps)


def _cap_words(category: str) -> str:
    label = CATEGORY_LABELS.get(category)
    return gettext(N_("the cap of {category}")).format(
        category=gettext(label) if label else category
    )


def encode(rules: PointsRules) -> dict[str, Any]:
    return dataclasses.asdict(rules)


def decode(data: Mapping[str, Any]) -> PointsRules:
    known = {f.name for f in dataclasses.fields(PointsRules)}
    values = {k: v for k, v in data.items() if k in known}
    if "activity_points" in values:
        values["activity_points"] = {
            str(k): {str(r): v for r, v in dict(roles).items()}
            for k, roles in dict(values["activity_points"]).items()
        }
    if "caps" in values:
        values["caps"] = {str(k): v for k, v in dict(values["caps"]).items()}
    return validate(PointsRules(**values))


@dataclass(frozen=True)
class RuleRevision:
    """The rules in force for a year and where they come from."""

    rules: PointsRules
    year: int  # the year whose revision this is (an earlier one when carried forward)
    revision: int  # 0 = the built-in defaults
    note: str
    decided_by: str
    decided_at: datetime | None

    def label(self) -> str:
        """How the rule behind a total is cited, e.g. ``2025年积分规则 第2版``."""
        if self.revision == 0:
            return "默认积分规则"
        return f"{self.year}年积分规则 第{self.revision}版"


DEFAULT_REVISION = RuleRevision(PointsRules(), 0, 0, "", "", None)


def _revision_of(row: PointsRuleSet) -> RuleRevision:
    try:
        rules = decode(json.loads(row.rules_json))
    except (ValueError, TypeError, AttributeError, ValidationError):
        log.warning("ignoring bad stored points rules %s rev %s", row.year, row.revision)
        rules = PointsRules()
    return RuleRevision(rules, row.year, row.revision, row.note, row.decided_by, row.created_at)


def in_force(session: Session, year: int) -> RuleRevision:
    """The latest revision for ``year``, else the latest of the nearest earlier year."""
    row = session.scalars(
        select(PointsRuleSet)
        .where(PointsRuleSet.deleted_at.is_(None), PointsRuleSet.year <= year)
        .order_by(PointsRuleSet.year.desc(), PointsRuleSet.revision.desc())
        .limit(1)
    ).first()
    return DEFAULT_REVISION if row is None else _revision_of(row)


def history(session: Session, year: int) -> list[RuleRevision]:
    """Every revision stored for ``year``, newest first."""
    rows = session.scalars(
        select(PointsRuleSet)
        .where(PointsRuleSet.deleted_at.is_(None), PointsRuleSet.year == year)
        .order_by(PointsRuleSet.revision.desc())
    ).all()
    return [_revision_of(r) for r in rows]


def categories(rules: PointsRules) -> list[str]:
    """Every category a cap can apply to: the activity types, then the fixed ones."""
    kinds = [k for k in rules.activity_points if k != rules.training_type]
    return [*kinds, *FIXED_CATEGORIES]


CATEGORY_LABELS = {
    MEETINGS: N_("Street meetings attended"),
    OPINIONS: N_("Opinions raised and closed"),
    TRAINING: N_("Training days"),
    REPORT_BACK: N_("Report-backs"),
}
