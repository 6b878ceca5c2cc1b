"""Reception rota (接待日 / 值班): each station's fixed reception days as rules (每月10日,
每周三上午) with the deputies on duty; the month's rota; a held reception is an activity that
points at its rule; a reception day that has passed without one is flagged as missed.

A monthly rule on a day the month does not have (31 in April) falls on the month's last day.
Weekly rules count 1 = Monday … 7 = Sunday.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.activities import RULE_HALVES, RULE_KINDS, DutyActivity, ReceptionRule
from desktop.models.base import utcnow
from desktop.models.outbox import row_data
from desktop.models.roster import Deputy, Station
from desktop.services import audit
from desktop.services.activities import records
from desktop.services.activities.rules import RECEPTION_TYPE
from desktop.services.permissions import Actor, Permission

WEEKDAYS_ZH = "一二三四五六日"
HALF_ZH = {"day": "", "am": "上午", "pm": "下午"}
_RULE_TEXT_RE = re.compile(
    r"^\s*每(?:(月)\s*(\d{1,2})\s*[日号]|(周|星期)\s*([一二三四五六日天1-7]))\s*(上午|下午|全天)?\s*$"
)


@dataclass(frozen=True)
class RuleInput:
    station_id: str
    kind: str  # monthly | weekly
    day: int
    half: str = "day"
    deputy_ids: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class RuleView:
    id: str
    version: int
    station_id: str
    station_name: str
    kind: str
    day: int
    half: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    label: str  # 每月10日上午

    @property
    def text(self) -> str:
        if not self.deputy_names:
            return self.label
        return f"{self.label} · 值班代表：{'、'.join(self.deputy_names)}"


@dataclass(frozen=True)
class RotaEntry:
    day: date
    rule_id: str
    station_id: str
    station_name: str
    label: str
    half: str
    deputy_names: tuple[str, ...]
    #: held | missed (passed without a reception recorded) | due (today or later)
    status: str
    activity_id: str | None


def rule_label(kind: str, day: int, half: str) -> str:
    head = f"每月{day}日" if kind == "monthly" else f"每周{WEEKDAYS_ZH[day - 1]}"
    return head + HALF_ZH.get(half, "")


def parse_rule_text(text: str) -> tuple[str, int, str]:
    """``每月10日`` / ``每周三上午`` / ``每星期5下午`` → (kind, day, half)."""
    match = _RULE_TEXT_RE.match(text)
    if match is None:
        raise ValidationError(
            N_("Write a reception day like 每月10日 or 每周三上午 (got {text})."),
            field="rule",
            text=text.strip()[:30],
        )
    month, mday, _week, wday, half = match.groups()
    half_code = {"上午": "am", "下午": "pm"}.get(half or "", "day")
    if month:
        day = int(mday)
        if not 1 <= day <= 31:
            raise ValidationError(N_("A day of the month is from 1 to 31."), field="rule")
        return "monthly", day, half_code
    index = "一二三四五六日".find(wday) + 1 if not wday.isdigit() else int(wday)
    if wday == "天":
        index = 7
    return "weekly", index, half_code


def _validate(session: Session, data: RuleInput) -> None:
    station = session.get(Station, data.station_id)
    if station is None or station.deleted_at is not None:
        raise ValidationError(N_("The chosen station does not exist."), field="station_id")
    if data.kind not in RULE_KINDS or data.half not in RULE_HALVES:
        raise ValidationError(N_("Unknown kind of reception day."), field="kind")
    high = 31 if data.kind == "monthly" else 7
    if not 1 <= data.day <= high:
        raise ValidationError(N_("The day must be from 1 to {high}."), field="day", high=high)
    for deputy_id in data.deputy_ids:
        dep = session.get(Deputy, deputy_id)
        if dep is None or dep.deleted_at is not None or dep.status != "active":
            raise ValidationError(
                N_("This deputy is not on the roster of serving deputies."), field="deputy_ids"
            )


def _view(
    session: Session, rule: ReceptionRule, stations: dict[str, str] | None = None
) -> RuleView:
    ids = tuple(json.loads(rule.deputy_ids or "[]"))
    names = (
        dict(session.execute(select(Deputy.id, Deputy.name).where(Deputy.id.in_(ids))).all())
        if ids
        else {}
    )
    station_name = (stations or {}).get(rule.station_id) or (
        session.get(Station, rule.station_id).name  # type: ignore[union-attr]
        if stations is None
        else ""
    )
    return RuleView(
        rule.id,
        rule.version,
        rule.station_id,
        station_name,
        rule.kind,
        rule.day,
        rule.half,
        ids,
        tuple(names.get(i, "?") for i in ids),
        rule_label(rule.kind, rule.day, rule.half),
    )


def save_rule(
    session: Session, actor: Actor, data: RuleInput, rule_id: str | None = None
) -> RuleView:
    """Add a reception rule to a station, or change one."""
    actor.require(Permission.EDIT_DATA)
    _validate(session, data)
    if rule_id is None:
        rule = ReceptionRule(station_id=data.station_id, street_code=records.street_code(session))
        session.add(rule)
        before = None
    else:
        found = session.get(ReceptionRule, rule_id)
        if found is None or found.deleted_at is not None:
            raise NotFound(N_("This reception day no longer exists."))
        rule = found
        before = row_data(rule)
    rule.station_id = data.station_id
    rule.kind, rule.day, rule.half = data.kind, data.day, data.half
    rule.deputy_ids = json.dumps(list(data.deputy_ids))
    rule.notes = data.notes.strip()
    rule.active = True
    session.flush()
    audit.record(
        session,
        actor,
        "reception.add" if before is None else "reception.edit",
        "reception",
        rule.id,
        before=before,
        after=row_data(rule),
    )
    return _view(session, rule)


def remove_rule(session: Session, actor: Actor, rule_id: str) -> None:
    actor.require(Permission.EDIT_DATA)
    rule = session.get(ReceptionRule, rule_id)
    if rule is None or rule.deleted_at is not None:
        raise NotFound(N_("This reception day no longer exists."))
    before = row_data(rule)
    rule.deleted_at = utcnow()
    session.flush()
    audit.record(session, actor, "reception.remove", "reception", rule.id, before=before)


def list_rules(session: Session, station_id: str | None = None) -> list[RuleView]:
    query = select(ReceptionRule).where(
        ReceptionRule.deleted_at.is_(None), ReceptionRule.active.is_(True)
    )
    if station_id:
        query = query.where(ReceptionRule.station_id == station_id)
    stations = dict(session.execute(select(Station.id, Station.name)).all())
    rules = [_view(session, r, stations) for r in session.scalars(query)]
    return sorted(rules, key=lambda r: (r.station_name, r.kind, r.day, r.half))


def dates_in_month(kind: str, day: int, year: int, month: int) -> list[date]:
    last = calendar.monthrange(year, month)[1]
    if kind == "monthly":
        return [date(year, month, min(day, last))]
    first = date(year, month, 1)
    offset = (day - 1 - first.weekday()) % 7
    return [first + timedelta(days=d) for d in range(offset, last, 7)]


def month_rota(
    session: Session,
    year: int,
    month: int,
    *,
    station_id: str | None = None,
    today: date | None = None,
) -> list[RotaEntry]:
    """Every reception day of the month, with whether it was held, missed or is still due.

    A reception counts as held when an activity points at the rule on that date, or when
    the station has a 接待选民 activity that day."""
    today = today or date.today()
    rules = list_rules(session, station_id)
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    held: dict[tuple[str, date], str] = {}
    by_station: dict[tuple[str, date], str] = {}
    if rules:
        for aid, rule_id, sid, kind, day in session.execute(
            select(
                DutyActivity.id,
                DutyActivity.reception_rule_id,
                DutyActivity.station_id,
                DutyActivity.kind,
                DutyActivity.held_on,
            ).where(
                DutyActivity.deleted_at.is_(None),
                DutyActivity.held_on >= first,
                DutyActivity.held_on <= last,
                DutyActivity.station_id.in_({r.station_id for r in rules}),
            )
        ).all():
            if rule_id:
                held[(str(rule_id), day)] = str(aid)
            if kind == RECEPTION_TYPE:
                by_station.setdefault((str(sid), day), str(aid))
    entries = []
    for r in rules:
        for day in dates_in_month(r.kind, r.day, year, month):
            activity = held.get((r.id, day)) or by_station.get((r.station_id, day))
            status = "held" if activity else ("missed" if day < today else "due")
            entries.append(
                RotaEntry(
                    day,
                    r.id,
                    r.station_id,
                    r.station_name,
                    r.label,
                    r.half,
                    r.deputy_names,
                    status,
                    activity,
                )
            )
    return sorted(entries, key=lambda e: (e.day, e.half != "am", e.station_name))


def record_held(
    session: Session,
    actor: Actor,
    rule_id: str,
    day: date,
    *,
    residents: int = 0,
    summary: str = "",
    today: date | None = None,
) -> records.ActivityRow:
    """A reception day was held: record it as a 接待选民 activity with the deputies on duty
    as receivers (one transaction with the caller)."""
    rule = session.get(ReceptionRule, rule_id)
    if rule is None or rule.deleted_at is not None:
        raise NotFound(N_("This reception day no longer exists."))
    if day not in dates_in_month(rule.kind, rule.day, day.year, day.month):
        raise ValidationError(
            N_("{day} is not one of this station's reception days."),
            field="day",
            day=day.isoformat(),
        )
    people = tuple(
        records.Participant(d, "deputy", "receiver") for d in json.loads(rule.deputy_ids or "[]")
    )
    start, end = {"am": ("09:00", "11:30"), "pm": ("14:30", "17:00")}.get(rule.half, ("", ""))
    return records.record(
        session,
        actor,
        records.ActivityInput(
            kind=RECEPTION_TYPE,
            held_on=day,
            start_time=start,
            end_time=end,
            station_id=rule.station_id,
            residents=residents,
            summary=summary,
            participants=people,
            reception_rule_id=rule.id,
        ),
        today=today,
    )
