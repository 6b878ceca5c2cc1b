"""Typed settings with defaults, stored in the database (one JSON value per key).

Each area adds its fields to ``Settings`` (with a default) — that is the whole schema.
Unknown keys in the table are ignored; a stored value of the wrong type falls back to the
default and is logged, so a bad row never stops the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.settings import Setting
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

log = logging.getLogger(__name__)

QUORUM_RULES = ("more_than_half", "two_thirds")
DEADLINE_MODES = ("calendar", "working")
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class Settings:
    language: str = "zh_CN"
    #: Meeting quorum: more than half (过半数) or at least two thirds of members total.
    quorum_rule: str = "more_than_half"
    #: Residents' opinions: answer deadline (一个月内答复).
    answer_deadline_days: int = 30
    answer_deadline_mode: str = "calendar"
    #: A PDF font file chosen by the user (empty = automatic lookup).
    pdf_font_path: str = ""
    backups_kept: int = 10
    sync_server_url: str = ""
    sync_interval_minutes: int = 15
    sync_proxy: str = ""  # "" = system proxy; "none" = direct; else http://host:port
    sync_ca_file: str = ""
    mask_personal_data: bool = True
    #: 机关代字 of the papers' 文号 (e.g. 解人工 → 解人工〔2026〕3号); empty = from the street's
    #: name (its first character + 人工, or + 人主 for a township's 主席团).
    document_prefix: str = ""
    #: Lock the window after this many idle minutes (0 = never); unlocking asks the password.
    idle_lock_minutes: int = 10


_CHOICES: dict[str, tuple[str, ...]] = {
    "language": LANGUAGES,
    "quorum_rule": QUORUM_RULES,
    "answer_deadline_mode": DEADLINE_MODES,
}
_RANGES: dict[str, tuple[int, int]] = {
    "answer_deadline_days": (1, 365),
    "backups_kept": (1, 100),
    "sync_interval_minutes": (1, 24 * 60),
    "idle_lock_minutes": (0, 240),
}


def _field_types() -> dict[str, type]:
    defaults = Settings()
    return {f.name: type(getattr(defaults, f.name)) for f in fields(Settings)}


def validate(key: str, value: Any) -> Any:
    types = _field_types()
    if key not in types:
        raise ValidationError(N_("Unknown setting: {key}"), field=key, key=key)
    expected = types[key]
    if expected is bool and not isinstance(value, bool):
        raise ValidationError(N_("Setting {key} must be yes or no."), field=key, key=key)
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError(N_("Setting {key} must be a whole number."), field=key, key=key)
    if expected is str and not isinstance(value, str):
        raise ValidationError(N_("Setting {key} must be text."), field=key, key=key)
    if key in _CHOICES and value not in _CHOICES[key]:
        raise ValidationError(
            N_("Setting {key} must be one of: {choices}"),
            field=key,
            key=key,
            choices=", ".join(_CHOICES[key]),
        )
    if key in _RANGES:
        low, high = _RANGES[key]
        if not low <= value <= high:
            raise ValidationError(
                N_("Setting {key} must be between {low} and {high}."),
                field=key,
                key=key,
                low=low,
                high=high,
            )
    return value


def load(session: Session) -> Settings:
    stored = {row.key: row.value_json for row in session.scalars(select(Setting))}
    values: dict[str, Any] = {}
    for key in _field_types():
        if key not in stored:
            continue
        try:
            values[key] = validate(key, json.loads(stored[key]))
        except (ValueError, ValidationError):
            log.warning("ignoring bad stored setting %s=%r", key, stored[key])
    return Settings(**values)


def update(session: Session, actor: Actor, **changes: Any) -> Settings:
    """Validate and store changed settings in one go; audited with before/after."""
    actor.require(Permission.MANAGE_SETTINGS)
    current = load(session)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in changes.items():
        validate(key, value)
        old = getattr(current, key)
        if old == value:
            continue
        before[key], after[key] = old, value
        row = session.get(Setting, key)
        encoded = json.dumps(value, ensure_ascii=False)
        if row is None:
            session.add(Setting(key=key, value_json=encoded))
        else:
            row.value_json = encoded
    if after:
        audit.record(session, actor, "settings.update", "setting", "", before=before, after=after)
    return dataclasses.replace(current, **after)


T = TypeVar("T")


@dataclass(frozen=True)
class WholeNumberSection(Generic[T]):
    """An area's group of whole-number settings (thresholds, floors), a frozen dataclass with
    defaults stored as one JSON value under ``key``: a bad stored value falls back to the
    defaults and is logged; an update is validated against ``ranges`` and audited (action
    ``key``) with before and after."""

    key: str
    cls: type[T]
    #: field → (lowest, highest) allowed
    ranges: dict[str, tuple[int, int]]
    #: field → the label a refusal names (the field's own name where none is given)
    labels: dict[str, str] = field(default_factory=dict)

    def validate(self, value: T) -> T:
        for name, (low, high) in self.ranges.items():
            got = getattr(value, name)
            if isinstance(got, bool) or not isinstance(got, int) or not low <= got <= high:
                raise ValidationError(
                    N_("{name} must be a whole number from {low} to {high}."),
                    field=name,
                    name=self.labels.get(name, name),
                    low=low,
                    high=high,
                )
        return value

    def load(self, session: Session) -> T:
        row = session.get(Setting, self.key)
        if row is None:
            return self.cls()
        try:
            raw = json.loads(row.value_json)
            known = {f.name for f in fields(self.cls)}  # type: ignore[arg-type]
            return self.validate(self.cls(**{k: v for k, v in raw.items() if k in known}))
        except (ValueError, TypeError, AttributeError, ValidationError):
            log.warning("ignoring bad stored %s %r", self.key, row.value_json)
            return self.cls()

    def update(self, session: Session, actor: Actor, value: T) -> T:
        actor.require(Permission.MANAGE_SETTINGS)
        value = self.validate(value)
        current = self.load(session)
        if value == current:
            return current
        before = dataclasses.asdict(current)  # type: ignore[call-overload]
        after = dataclasses.asdict(value)  # type: ignore[call-overload]
        encoded = json.dumps(after, ensure_ascii=False)
        row = session.get(Setting, self.key)
        if row is None:
            session.add(Setting(key=self.key, value_json=encoded))
        else:
            row.value_json = encoded
        session.flush()
        audit.record(session, actor, self.key, "setting", self.key, before=before, after=after)
        return value
