"""Duty activities (履职活动): record, edit, remove, list, and the opinions they produce.

Every change is one call inside the caller's transaction, checked before anything is
written (a refused activity leaves no row, no outbox op and no audit row), and audited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.activities import PARTICIPANT_ROLES, DutyActivity, DutyParticipant
from desktop.models.base import json_value, utcnow
from desktop.models.opinions import Opinion
from desktop.models.outbox import STREET_CODE_KEY, row_data
from desktop.models.roster import Deputy, Representative, Station
from desktop.services import audit, opinions
from desktop.services.activities import rules as rules_service
from desktop.services.permissions import Actor, Permission
from desktop.services.street import require_current

ROLE_LABELS = {
    "host": N_("Host"),
    "participant": N_("Took part"),
    "receiver": N_("Received residents"),
}
ROLE_ZH = {"host": "主持", "participant": "参加", "receiver": "接待"}
PERSON_KINDS = ("deputy", "representative")
_ROLE_RANK = {"host": 0, "receiver": 1, "participant": 2}
MAX_RESIDENTS = 100_000
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Activity type → the opinion channel an opinion raised at it is registered under.
CHANNEL_OF_TYPE = {
    "接待选民": "reception_day",
    "面对面": "reception_day",
    "民情恳谈会": "forum",
    "调研座谈": "forum",
    "议政日": "forum",
    "立法意见征询": "forum",
    "走访选民": "visit",
}


@dataclass(frozen=True)
class Participant:
    person_id: str
    kind: str = "deputy"  # deputy | representative
    role: str = "participant"


@dataclass(frozen=True)
class ActivityInput:
    kind: str
    held_on: date
    start_time: str = ""
    end_time: str = ""
    station_id: str | None = None
    place: str = ""
    organiser: str = ""
    residents: int = 0
    summary: str = ""
    attachments: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    reception_rule_id: str | None = None


@dataclass(frozen=True)
class ActivityRow:
    id: str
    version: int
    kind: str
    held_on: date
    start_time: str
    end_time: str
    station_id: str | None
    station_name: str
    place: str
    organiser: str
    residents: int
    summary: str
    participant_names: str  # 张三（主持）、李四
    participants: int
    opinions: int

    @property
    def time_span(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time}–{self.end_time}"
        return self.start_time


@dataclass(frozen=True)
class ParticipantView:
    id: str
    person_id: str
    kind: str
    name: str
    role: str
    source: str


@dataclass(frozen=True)
class LinkedOpinion:
    id: str
    number: str
    status: str
    content: str


@dataclass(frozen=True)
class ActivityDetail:
    row: ActivityRow
    participants: tuple[ParticipantView, ...]
    attachments: tuple[str, ...]
    opinions: tuple[LinkedOpinion, ...]
    reception_rule_id: str | None


@dataclass(frozen=True)
class ActivityFilter:
    station_id: str = ""
    deputy_id: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


# ------------------------------------------------------------------------------ checks


def validate(session: Session, data: ActivityInput, *, today: date | None = None) -> ActivityInput:
    """Refuse bad input with a Chinese message; returns the input with text tidied."""
    rules = rules_service.load(session)
    today = today or date.today()
    kind = data.kind.strip()
    if kind not in rules.types:
        raise ValidationError(
            N_("Unknown activity type: {kind}. Choose one from the list in the settings."),
            field="kind",
            kind=kind or "—",
        )
    if data.held_on is None:
        raise ValidationError(N_("The activity date is required."), field="held_on")
    latest = today + timedelta(days=rules.future_horizon_days)
    if data.held_on > latest:
        raise ValidationError(
            N_(
                "The activity date {day} is too far ahead: at most {days} days after today "
                "({latest})."
            ),
            field="held_on",
            day=data.held_on.isoformat(),
            days=rules.future_horizon_days,
            latest=latest.isoformat(),
        )
    if data.held_on.year < 2000:
        raise ValidationError(
            N_("The activity date {day} is not plausible."),
            field="held_on",
            day=data.held_on.isoformat(),
        )
    for name, value in (("start_time", data.start_time), ("end_time", data.end_time)):
        if value and not _TIME_RE.match(value.strip()):
            raise ValidationError(
                N_("A time is written as hours:minutes, e.g. 09:30 (got {value})."),
                field=name,
                value=value,
            )
    start, end = data.start_time.strip(), data.end_time.strip()
    if start and end and end < start:
        raise ValidationError(N_("The activity ends before it starts."), field="end_time")
    station_id = data.station_id or None
    if station_id is not None:
        station = session.get(Station, station_id)
        if station is None or station.deleted_at is not None:
            raise ValidationError(N_("The chosen station does not exist."), field="station_id")
    place = data.place.strip()
    if station_id is None and not place:
        raise ValidationError(
            N_("Give the station or the place where the activity was held."), field="place"
        )
    if len(place) > 200 or len(data.organiser.strip()) > 100:
        raise ValidationError(N_("The place or organiser is too long."), field="place")
    if isinstance(data.residents, bool) or not 0 <= data.residents <= MAX_RESIDENTS:
        raise ValidationError(
            N_("The number of residents must be from 0 to {max}."),
            field="residents",
            max=MAX_RESIDENTS,
        )
    attachments = tuple(a.strip() for a in data.attachments if a.strip())
    if any(len(a) > 260 for a in attachments):
        raise ValidationError(N_("An attachment file name is too long."), field="attachments")
    seen: set[tuple[str, str]] = set()
    for p in data.participants:
        if p.kind not in PERSON_KINDS or p.role not in PARTICIPANT_ROLES:
            raise ValidationError(N_("Unknown participant role."), field="participants")
        key = (p.kind, p.person_id)
        if key in seen:
            raise ValidationError(
                N_(
                    "{name} is listed twice.",
                ),
                field="participants",
                name=_person_name(session, p),
            )
        seen.add(key)
        _require_on_roster(session, p)
    return ActivityInput(
        kind=kind,
        held_on=data.held_on,
        start_time=start,
        end_time=end,
        station_id=station_id,
        place=place,
        organiser=data.organiser.strip(),
        residents=data.residents,
        summary=data.summary.strip(),
        attachments=attachments,
        participants=tuple(data.participants),
        reception_rule_id=data.reception_rule_id or None,
    )


def _person_name(session: Session, p: Participant) -> str:
    model: Any = Deputy if p.kind == "deputy" else Representative
    person = session.get(model, p.person_id)
    return str(person.name) if person is not None else p.person_id[:8]


def _require_on_roster(session: Session, p: Participant) -> None:
    if p.kind == "deputy":
        deputy = session.get(Deputy, p.person_id)
        if deputy is None or deputy.deleted_at is not None or deputy.status != "active":
            raise ValidationError(
                N_("This deputy is not on the roster of serving deputies."),
                field="participants",
            )
    else:
        rep = session.get(Representative, p.person_id)
        if rep is None or rep.deleted_at is not None or rep.status != "active":
            raise ValidationError(
                N_("This representative is not on the roster of serving representatives."),
                field="participants",
            )


# ----------------------------------------------------------------------------- writes


def street_code(session: Session) -> str:
    """The installation's street code (cached on the session)."""
    code = session.info.get(STREET_CODE_KEY)
    if not code:
        code = require_current(session).code
        session.info[STREET_CODE_KEY] = code
    return str(code)


def _snapshot(session: Session, act: DutyActivity) -> dict[str, Any]:
    data = {k: json_value(v) for k, v in row_data(act).items()}
    data["participants"] = [
        f"{'deputy' if p.deputy_id else 'representative'}:"
        f"{p.deputy_id or p.representative_id}:{p.role}"
        for p in _participants(session, act.id)
    ]
    return data


def _get(session: Session, activity_id: str) -> DutyActivity:
    act = session.get(DutyActivity, activity_id)
    if act is None or act.deleted_at is not None:
        raise NotFound(N_("The activity no longer exists."))
    return act


def _apply(act: DutyActivity, data: ActivityInput) -> None:
    act.kind = data.kind
    act.held_on = data.held_on
    act.start_time = data.start_time
    act.end_time = data.end_time
    act.station_id = data.station_id
    act.place = data.place
    act.organiser = data.organiser
    act.residents = data.residents
    act.summary = data.summary
    act.attachments = json.dumps(list(data.attachments), ensure_ascii=False)
    act.reception_rule_id = data.reception_rule_id


def _set_participants(
    session: Session, act: DutyActivity, people: Sequence[Participant], street_code: str
) -> None:
    existing = {
        ("deputy" if p.deputy_id else "representative", p.deputy_id or p.representative_id): p
        for p in session.scalars(
            select(DutyParticipant).where(
                DutyParticipant.activity_id == act.id, DutyParticipant.deleted_at.is_(None)
            )
        )
    }
    wanted = {(p.kind, p.person_id): p for p in people}
    now = utcnow()
    for key, row in existing.items():
        if key not in wanted:
            row.deleted_at = now
        elif row.role != wanted[key].role:
            row.role = wanted[key].role
    for n, (key, p) in enumerate(wanted.items()):
        if key not in existing:
            session.add(
                DutyParticipant(
                    # distinct stamps keep the order the people were typed in
                    created_at=now + timedelta(microseconds=n),
                    activity_id=act.id,
                    deputy_id=p.person_id if p.kind == "deputy" else None,
                    representative_id=p.person_id if p.kind == "representative" else None,
                    role=p.role,
                    source="entry",
                    street_code=street_code,
                )
            )


def record(
    session: Session, actor: Actor, data: ActivityInput, *, today: date | None = None
) -> ActivityRow:
    """Record a new activity with its participants."""
    actor.require(Permission.EDIT_DATA)
    data = validate(session, data, today=today)
    code = street_code(session)
    act = DutyActivity(street_code=code)
    _apply(act, data)
    session.add(act)
    session.flush()
    _set_participants(session, act, data.participants, code)
    session.flush()
    audit.record(session, actor, "activity.add", "activity", act.id, after=_snapshot(session, act))
    return _row_of(session, act)


def update(
    session: Session,
    actor: Actor,
    activity_id: str,
    data: ActivityInput,
    *,
    expected_version: int | None = None,
    today: date | None = None,
) -> ActivityRow:
    actor.require(Permission.EDIT_DATA)
    act = _get(session, activity_id)
    if expected_version is not None and act.version != expected_version:
        raise ConflictError(
            N_("Someone else changed this activity meanwhile; open it again and redo the edit.")
        )
    data = validate(session, data, today=today)
    before = _snapshot(session, act)
    _apply(act, data)
    _set_participants(session, act, data.participants, street_code(session))
    act.updated_at = utcnow()  # participants are part of the activity: its version moves
    session.flush()
    audit.record(
        session,
        actor,
        "activity.edit",
        "activity",
        act.id,
        before=before,
        after=_snapshot(session, act),
    )
    return _row_of(session, act)


def remove(session: Session, actor: Actor, activity_id: str, reason: str = "") -> None:
    """Remove an activity (soft delete, with its participants); the UI confirms first."""
    actor.require(Permission.EDIT_DATA)
    act = _get(session, activity_id)
    before = _snapshot(session, act)
    now = utcnow()
    for p in _participants(session, act.id):
        p.deleted_at = now
    act.deleted_at = now
    session.flush()
    audit.record(
        session, actor, "activity.remove", "activity", act.id, before=before, reason=reason
    )


def add_participant(
    session: Session,
    actor: Actor,
    activity_id: str,
    person: Participant,
    *,
    source: str = "entry",
) -> ParticipantView:
    """Add one person to an activity (quick entry, or a scanned card)."""
    actor.require(Permission.EDIT_DATA)
    act = _get(session, activity_id)
    if person.role not in PARTICIPANT_ROLES or person.kind not in PERSON_KINDS:
        raise ValidationError(N_("Unknown participant role."), field="participants")
    _require_on_roster(session, person)
    column = (
        DutyParticipant.deputy_id if person.kind == "deputy" else DutyParticipant.representative_id
    )
    already = session.scalar(
        select(DutyParticipant).where(
            DutyParticipant.activity_id == act.id,
            column == person.person_id,
            DutyParticipant.deleted_at.is_(None),
        )
    )
    if already is not None:
        raise ConflictError(
            N_("{name} is already recorded at this activity."),
            name=_person_name(session, person),
        )
    row = DutyParticipant(
        activity_id=act.id,
        deputy_id=person.person_id if person.kind == "deputy" else None,
        representative_id=person.person_id if person.kind == "representative" else None,
        role=person.role,
        source=source,
        street_code=street_code(session),
    )
    session.add(row)
    act.updated_at = utcnow()  # an edit form opened before the scan must not overwrite it
    session.flush()
    audit.record(
        session,
        actor,
        "activity.attend",
        "activity",
        act.id,
        after={
            "person": f"{person.kind}:{person.person_id}",
            "role": person.role,
            "source": source,
        },
    )
    return _participant_view(session, row)


def register_opinion(
    session: Session,
    actor: Actor,
    activity_id: str,
    *,
    content: str,
    category: str = "other",
    resident_name: str = "",
    resident_phone: str = "",
    anonymous: bool = False,
    community_id: str | None = None,
) -> opinions.OpinionRow:
    """登记 an opinion raised at the activity: its date, station and deputies are filled in
    from the activity, and the activity keeps a link to it (one transaction)."""
    actor.require(Permission.EDIT_DATA)
    act = _get(session, activity_id)
    deputy_ids = tuple(
        p.deputy_id for p in _participants(session, act.id) if p.deputy_id is not None
    )
    row = opinions.register(
        session,
        actor,
        opinions.OpinionInput(
            received_on=act.held_on,
            content=content,
            channel=CHANNEL_OF_TYPE.get(act.kind, "other"),
            category=category,
            community_id=community_id,
            station_id=act.station_id,
            deputy_ids=deputy_ids,
            anonymous=anonymous,
            resident_name=resident_name,
            resident_phone=resident_phone,
            location=act.place,
        ),
    )
    before = json.loads(act.opinion_ids or "[]")
    act.opinion_ids = json.dumps([*before, row.id])
    session.flush()
    audit.record(
        session,
        actor,
        "activity.opinion",
        "activity",
        act.id,
        before={"opinion_ids": before},
        after={"opinion_ids": json.loads(act.opinion_ids)},
    )
    return row


# ------------------------------------------------------------------------ quick entry

_SPLIT_RE = re.compile(r"[,，、;；\s]+")
_ROLE_SUFFIX_RE = re.compile(r"^(.+?)[(（:：]?(主持|参加|接待)[)）]?$")
_ROLE_OF_ZH = {zh: code for code, zh in ROLE_ZH.items()}


def parse_people(session: Session, text: str) -> tuple[Participant, ...]:
    """Quick keyboard entry of participants: ``周敏（主持） 王建华 lxy:接待`` — names or pinyin
    initials of serving deputies (then of serving representatives), separated by spaces,
    commas or 、, each optionally followed by a role (主持 / 参加 / 接待)."""
    people: list[Participant] = []
    for token in (t for t in _SPLIT_RE.split(text.strip()) if t):
        role = "participant"
        match = _ROLE_SUFFIX_RE.match(token)
        if match is not None:
            token, role = match.group(1), _ROLE_OF_ZH[match.group(2)]
        found = _find_person(session, token)
        people.append(Participant(found[0], found[1], role))
    return tuple(people)


def _find_person(session: Session, token: str) -> tuple[str, str]:
    low = token.lower()
    for kind, model in (("deputy", Deputy), ("representative", Representative)):
        column = model.name_initials if low.isascii() else model.name
        value = low if low.isascii() else token
        ids = list(
            session.scalars(
                select(model.id).where(
                    column == value, model.deleted_at.is_(None), model.status == "active"
                )
            )
        )
        if len(ids) == 1:
            return str(ids[0]), kind
        if len(ids) > 1:
            raise ValidationError(
                N_("“{text}” matches several people; type the full name."),
                field="participants",
                text=token,
            )
    raise ValidationError(
        N_("Nobody serving is called “{text}”."), field="participants", text=token
    )


# ------------------------------------------------------------------------------ reads


def _participants(session: Session, activity_id: str) -> list[DutyParticipant]:
    """Hosts first, then receivers, then the others, each in the order they were added."""
    rows = session.scalars(
        select(DutyParticipant)
        .where(DutyParticipant.activity_id == activity_id, DutyParticipant.deleted_at.is_(None))
        .order_by(DutyParticipant.created_at, DutyParticipant.id)
    )
    return sorted(rows, key=lambda p: _ROLE_RANK.get(p.role, 9))


def _names(session: Session, people: Sequence[DutyParticipant]) -> dict[str, str]:
    deputy_ids = [p.deputy_id for p in people if p.deputy_id]
    rep_ids = [p.representative_id for p in people if p.representative_id]
    names: dict[str, str] = {}
    if deputy_ids:
        names.update(
            session.execute(select(Deputy.id, Deputy.name).where(Deputy.id.in_(deputy_ids))).all()
        )
    if rep_ids:
        names.update(
            session.execute(
                select(Representative.id, Representative.name).where(Representative.id.in_(rep_ids))
            ).all()
        )
    return names


def _participant_view(session: Session, p: DutyParticipant) -> ParticipantView:
    person_id = p.deputy_id or p.representative_id or ""
    return ParticipantView(
        p.id,
        person_id,
        "deputy" if p.deputy_id else "representative",
        _names(session, [p]).get(person_id, ""),
        p.role,
        p.source,
    )


def _label_people(people: Sequence[tuple[str, str]]) -> str:
    parts = [
        name + (f"（{ROLE_ZH[role]}）" if role != "participant" else "") for name, role in people
    ]
    return "、".join(parts)


def _row_of(session: Session, act: DutyActivity) -> ActivityRow:
    return rows_for(session, [act])[0]


def rows_for(session: Session, acts: Sequence[DutyActivity]) -> list[ActivityRow]:
    """Ledger rows of the given activities (participants' names and counts in a few
    queries), in the given order."""
    ids = [a.id for a in acts]
    people: dict[str, list[DutyParticipant]] = {i: [] for i in ids}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for p in session.scalars(
            select(DutyParticipant)
            .where(DutyParticipant.activity_id.in_(chunk), DutyParticipant.deleted_at.is_(None))
            .order_by(DutyParticipant.created_at, DutyParticipant.id)
        ):
            people[p.activity_id].append(p)
    names = _names(session, [p for ps in people.values() for p in ps])
    for ps in people.values():
        ps.sort(key=lambda p: _ROLE_RANK.get(p.role, 9))
    station_ids = {a.station_id for a in acts if a.station_id}
    stations = (
        dict(
            session.execute(
                select(Station.id, Station.name).where(Station.id.in_(station_ids))
            ).all()
        )
        if station_ids
        else {}
    )
    rows = []
    for a in acts:
        ps = people[a.id]
        label = _label_people(
            [(names.get(p.deputy_id or p.representative_id or "", "?"), p.role) for p in ps]
        )
        rows.append(
            ActivityRow(
                id=a.id,
                version=a.version,
                kind=a.kind,
                held_on=a.held_on,
                start_time=a.start_time,
                end_time=a.end_time,
                station_id=a.station_id,
                station_name=stations.get(a.station_id or "", ""),
                place=a.place,
                organiser=a.organiser,
                residents=a.residents,
                summary=a.summary,
                participant_names=label,
                participants=len(ps),
                opinions=len(json.loads(a.opinion_ids or "[]")),
            )
        )
    return rows


def get(session: Session, activity_id: str) -> ActivityDetail:
    act = _get(session, activity_id)
    people = _participants(session, act.id)
    names = _names(session, people)
    opinion_ids = json.loads(act.opinion_ids or "[]")
    linked = []
    if opinion_ids:
        for op in session.scalars(select(Opinion).where(Opinion.id.in_(opinion_ids))):
            linked.append(LinkedOpinion(op.id, op.number, op.status, op.content))
        linked.sort(key=lambda o: opinion_ids.index(o.id))
    return ActivityDetail(
        row=_row_of(session, act),
        participants=tuple(
            ParticipantView(
                p.id,
                p.deputy_id or p.representative_id or "",
                "deputy" if p.deputy_id else "representative",
                names.get(p.deputy_id or p.representative_id or "", ""),
                p.role,
                p.source,
            )
            for p in people
        ),
        attachments=tuple(json.loads(act.attachments or "[]")),
        opinions=tuple(linked),
        reception_rule_id=act.reception_rule_id,
    )


def input_of(session: Session, activity_id: str) -> tuple[ActivityInput, int]:
    """The stored activity as an input (for the edit form) and its version."""
    act = _get(session, activity_id)
    people = tuple(
        Participant(
            p.deputy_id or p.representative_id or "",
            "deputy" if p.deputy_id else "representative",
            p.role,
        )
        for p in _participants(session, act.id)
    )
    return (
        ActivityInput(
            kind=act.kind,
            held_on=act.held_on,
            start_time=act.start_time,
            end_time=act.end_time,
            station_id=act.station_id,
            place=act.place,
            organiser=act.organiser,
            residents=act.residents,
            summary=act.summary,
            attachments=tuple(json.loads(act.attachments or "[]")),
            participants=people,
            reception_rule_id=act.reception_rule_id,
        ),
        act.version,
    )


def _query(flt: ActivityFilter) -> Select[Any]:
    query = select(DutyActivity).where(DutyActivity.deleted_at.is_(None))
    if flt.station_id:
        query = query.where(DutyActivity.station_id == flt.station_id)
    if flt.kind:
        query = query.where(DutyActivity.kind == flt.kind)
    if flt.date_from is not None:
        query = query.where(DutyActivity.held_on >= flt.date_from)
    if flt.date_to is not None:
        query = query.where(DutyActivity.held_on <= flt.date_to)
    if flt.deputy_id:
        query = query.where(
            DutyActivity.id.in_(
                select(DutyParticipant.activity_id).where(
                    DutyParticipant.deputy_id == flt.deputy_id,
                    DutyParticipant.deleted_at.is_(None),
                )
            )
        )
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(
            or_(
                DutyActivity.summary.like(like),
                DutyActivity.place.like(like),
                DutyActivity.organiser.like(like),
            )
        )
    return query


def list_activities(
    session: Session,
    flt: ActivityFilter | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[ActivityRow]:
    """Activities matching the filter, newest first (or oldest first)."""
    order = (
        (DutyActivity.held_on, DutyActivity.start_time, DutyActivity.id)
        if oldest_first
        else (DutyActivity.held_on.desc(), DutyActivity.start_time.desc(), DutyActivity.id.desc())
    )
    query = _query(flt or ActivityFilter()).order_by(*order)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return rows_for(session, list(session.scalars(query)))


def count_activities(session: Session, flt: ActivityFilter | None = None) -> int:
    sub = _query(flt or ActivityFilter()).with_only_columns(DutyActivity.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def station_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the stations in use, in pinyin order (filters and forms)."""
    return [
        (str(i), str(n))
        for i, n in session.execute(
            select(Station.id, Station.name)
            .where(Station.deleted_at.is_(None), Station.status == "active")
            .order_by(Station.name_sort)
        ).all()
    ]


def deputy_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the serving deputies, in pinyin order."""
    return [
        (str(i), str(n))
        for i, n in session.execute(
            select(Deputy.id, Deputy.name)
            .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
            .order_by(Deputy.name_sort)
        ).all()
    ]


def people_text(detail: ActivityDetail) -> str:
    """The participants as the quick-entry field shows them (周敏（主持）、王建华)."""
    return _label_people([(p.name, p.role) for p in detail.participants])
