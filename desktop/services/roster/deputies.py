"""Deputies (人大代表) of every level, their fixed contacts (固定联系), and stations (家站点).

A directly elected deputy needs ≥5 resident contacts, an indirectly elected one ≥3
grass-roots deputies; lists flag the shortfall. Nothing is deleted: deputies, contacts and
stations retire, and the audit log keeps their history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.outbox import row_data
from desktop.models.roster import (
    ACTIVITY_FREQUENCIES,
    CONTACT_KINDS,
    DEPUTY_LEVELS,
    ELECTION_KINDS,
    GENDERS,
    STATION_KINDS,
    Community,
    Deputy,
    DeputyContact,
    Station,
)
from desktop.services import audit, validators
from desktop.services.archives import settings as archive_settings
from desktop.services.permissions import Actor, Permission
from desktop.services.roster import search
from desktop.services.roster.common import (
    CONTACT_KIND_FOR_ELECTION,
    problems_to_error,
    text_problem,
    translated,
)
from desktop.services.roster.representatives import _check_unique_id_number, mask_id, mask_phone

# ----------------------------------------------------------------------------- deputies


@dataclass
class DeputyForm:
    name: str = ""
    gender: str = ""
    level: str = "district"
    election: str = "direct"
    constituency: str = ""
    unit: str = ""
    position: str = ""
    station_id: str | None = None
    community_id: str | None = None
    attends_street_meetings: bool = True
    id_number: str = ""
    phone: str = ""
    joined_on: date | None = None
    notes: str = ""
    id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class DeputyRow:
    id: str
    name: str
    gender: str
    level: str
    election: str
    constituency: str
    unit: str
    position: str
    station: str
    attends_street_meetings: bool
    phone: str
    status: str
    contacts: int
    contacts_required: int

    @property
    def short_of_contacts(self) -> bool:
        return self.status == "active" and self.contacts < self.contacts_required


def check_deputy(form: DeputyForm) -> dict[str, str]:
    problems: dict[str, str | None] = {
        "name": text_problem(form.name, 32, required=True),
        "phone": translated(validators.phone_problem(form.phone)),
        "id_number": translated(validators.id_number_problem(form.id_number)),
        "unit": text_problem(form.unit, 100),
        "position": text_problem(form.position, 64),
        "constituency": text_problem(form.constituency, 100),
    }
    if form.level not in DEPUTY_LEVELS:
        problems["level"] = gettext("Unknown kind: {kind}").format(kind=form.level)
    if form.election not in ELECTION_KINDS:
        problems["election"] = gettext("Unknown kind: {kind}").format(kind=form.election)
    if form.gender and form.gender not in GENDERS:
        problems["gender"] = gettext("Unknown kind: {kind}").format(kind=form.gender)
    if not problems.get("gender") and not problems.get("id_number"):
        problems["gender"] = translated(validators.gender_problem(form.gender, form.id_number))
    return {k: v for k, v in problems.items() if v}


def save_deputy(session: Session, actor: Actor, form: DeputyForm) -> DeputyRow:
    actor.require(Permission.EDIT_DATA)
    problems_to_error(check_deputy(form))
    idn = validators.normalise_id_number(form.id_number) or None
    name = validators.clean_name(form.name)
    values: dict[str, Any] = {
        "name": name,
        "name_initials": search.initials(name),
        "gender": form.gender or (validators.gender_from_id(idn) if idn else ""),
        "level": form.level,
        "election": form.election,
        "constituency": validators.clean_text(form.constituency),
        "unit": validators.clean_text(form.unit),
        "position": validators.clean_text(form.position),
        "station_id": form.station_id or None,
        "community_id": form.community_id or None,
        "attends_street_meetings": bool(form.attends_street_meetings),
        "id_number": idn,
        "phone": validators.check_phone(form.phone) if form.phone.strip() else "",
        "joined_on": form.joined_on,
        "notes": validators.clean_multiline(form.notes),
    }
    _check_unique_id_number(session, Deputy, idn, form.id)
    if form.id:
        dep = session.get(Deputy, form.id)
        if dep is None or dep.deleted_at is not None:
            raise NotFound(N_("No such deputy"))
        if form.version is not None and dep.version != form.version:
            raise ConflictError(
                N_("Someone else changed this record meanwhile; reopen it and edit again.")
            )
        before = row_data(dep)
        for k, v in values.items():
            setattr(dep, k, v)
        session.flush()
        audit.record(
            session, actor, "deputy.edit", "deputy", dep.id, before=before, after=row_data(dep)
        )
    else:
        dep = Deputy(status="active", **values)
        session.add(dep)
        session.flush()
        audit.record(session, actor, "deputy.create", "deputy", dep.id, after=row_data(dep))
    return _deputy_rows(session, actor, [dep])[0]


def get_deputy(session: Session, deputy_id: str) -> DeputyForm:
    dep = session.get(Deputy, deputy_id)
    if dep is None or dep.deleted_at is not None:
        raise NotFound(N_("No such deputy"))
    return DeputyForm(
        name=dep.name,
        gender=dep.gender,
        level=dep.level,
        election=dep.election,
        constituency=dep.constituency,
        unit=dep.unit,
        position=dep.position,
        station_id=dep.station_id,
        community_id=dep.community_id,
        attends_street_meetings=dep.attends_street_meetings,
        id_number=dep.id_number or "",
        phone=dep.phone,
        joined_on=dep.joined_on,
        notes=dep.notes,
        id=dep.id,
        version=dep.version,
    )


def retire_deputy(
    session: Session, actor: Actor, deputy_id: str, *, left_on: date, reason: str
) -> DeputyRow:
    actor.require(Permission.EDIT_DATA)
    dep = session.get(Deputy, deputy_id)
    if dep is None or dep.deleted_at is not None:
        raise NotFound(N_("No such deputy"))
    if dep.status == "retired":
        raise ConflictError(N_("Already retired"))
    reason = validators.clean_text(reason)
    if not reason:
        raise ValidationError(N_("Give the reason for leaving"), field="reason")
    before = row_data(dep)
    dep.status, dep.left_on = "retired", left_on
    dep.notes = (dep.notes + f"\n离任：{reason}").strip()
    session.flush()
    audit.record(
        session,
        actor,
        "deputy.retire",
        "deputy",
        dep.id,
        before=before,
        after=row_data(dep),
        reason=reason,
    )
    return _deputy_rows(session, actor, [dep])[0]


@dataclass
class DeputyFilter:
    text: str = ""
    level: str | None = None
    station_id: str | None = None
    status: str | None = "active"
    short_of_contacts: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _contact_counts_subquery() -> Any:
    return (
        select(DeputyContact.deputy_id.label("deputy_id"), func.count().label("n"))
        .join(Deputy, Deputy.id == DeputyContact.deputy_id)
        .where(
            DeputyContact.deleted_at.is_(None),
            DeputyContact.status == "active",
            # only contacts of the kind the deputy's election calls for count
            ((Deputy.election == "direct") & (DeputyContact.kind == "resident"))
            | ((Deputy.election == "indirect") & (DeputyContact.kind == "deputy")),
        )
        .group_by(DeputyContact.deputy_id)
        .subquery()
    )


def _deputy_query(session: Session, flt: DeputyFilter) -> Select[Any]:
    query = select(Deputy).where(Deputy.deleted_at.is_(None))
    if flt.level:
        query = query.where(Deputy.level == flt.level)
    if flt.station_id:
        query = query.where(Deputy.station_id == flt.station_id)
    if flt.status:
        query = query.where(Deputy.status == flt.status)
    if flt.text.strip():
        query = query.where(search.matching_ids(session, "deputy", flt.text))
    if flt.short_of_contacts:
        counts = _contact_counts_subquery()
        rule = archive_settings.load(session)  # the contact rule is a setting (5/3 by default)
        query = query.outerjoin(counts, counts.c.deputy_id == Deputy.id).where(
            Deputy.status == "active",
            func.coalesce(counts.c.n, 0)
            < func.iif(
                Deputy.election == "direct",
                rule.contacts_direct,
                rule.contacts_indirect,
            ),
        )
    return query


_LEVEL_ORDER = {level: i for i, level in enumerate(DEPUTY_LEVELS)}
_DEP_SORT = {
    "name": Deputy.name_sort,
    "level": Deputy.level,
    "election": Deputy.election,
    "unit": Deputy.unit,
    "position": Deputy.position,
    "constituency": Deputy.constituency,
    "status": Deputy.status,
    "phone": Deputy.phone,
}


def list_deputies(
    session: Session,
    actor: Actor,
    flt: DeputyFilter,
    offset: int = 0,
    limit: int = 200,
    sort: tuple[str, bool] | None = None,
) -> list[DeputyRow]:
    actor.require(Permission.VIEW)
    column = _DEP_SORT.get(sort[0], Deputy.name_sort) if sort else Deputy.name_sort
    order = column.desc() if sort and sort[1] else column.asc()
    query = _deputy_query(session, flt).order_by(order, Deputy.id).offset(offset).limit(limit)
    return _deputy_rows(session, actor, list(session.scalars(query)))


def deputy_ids(session: Session, flt: DeputyFilter) -> list[str]:
    return list(session.scalars(_deputy_query(session, flt).with_only_columns(Deputy.id)))


def _deputy_rows(session: Session, actor: Actor, deputies: list[Deputy]) -> list[DeputyRow]:
    ids = [d.id for d in deputies]
    counts: dict[str, int] = {}
    if ids:
        sub = _contact_counts_subquery()
        counts = {
            k: int(v)
            for k, v in session.execute(
                select(sub.c.deputy_id, sub.c.n).where(sub.c.deputy_id.in_(ids))
            )
        }
    stations = dict(session.execute(select(Station.id, Station.name)).all())
    personal = actor.can(Permission.VIEW_PERSONAL_DATA)
    rule = archive_settings.load(session)
    return [
        DeputyRow(
            id=d.id,
            name=d.name,
            gender=d.gender,
            level=d.level,
            election=d.election,
            constituency=d.constituency,
            unit=d.unit,
            position=d.position,
            station=stations.get(d.station_id or "", ""),
            attends_street_meetings=d.attends_street_meetings,
            phone=d.phone if personal else mask_phone(d.phone),
            status=d.status,
            contacts=counts.get(d.id, 0),
            contacts_required=rule.contacts_required(d.election),
        )
        for d in deputies
    ]


# ----------------------------------------------------------------------------- contacts


@dataclass
class ContactForm:
    deputy_id: str = ""
    kind: str = "resident"
    name: str = ""
    phone: str = ""
    address: str = ""
    community_id: str | None = None
    contact_deputy_id: str | None = None
    since: date | None = None
    id: str | None = None


@dataclass(frozen=True)
class ContactRow:
    id: str
    deputy_id: str
    deputy: str
    kind: str
    name: str
    phone: str
    address: str
    community: str
    since: date | None
    status: str


def check_contact(form: ContactForm) -> dict[str, str]:
    problems: dict[str, str | None] = {
        "name": text_problem(form.name, 32, required=True),
        "phone": translated(validators.phone_problem(form.phone)),
        "address": text_problem(form.address, 200),
    }
    if form.kind not in CONTACT_KINDS:
        problems["kind"] = gettext("Unknown kind: {kind}").format(kind=form.kind)
    if not form.deputy_id:
        problems["deputy_id"] = gettext("Required")
    return {k: v for k, v in problems.items() if v}


def save_contact(session: Session, actor: Actor, form: ContactForm) -> ContactRow:
    actor.require(Permission.EDIT_DATA)
    problems_to_error(check_contact(form))
    deputy = session.get(Deputy, form.deputy_id)
    if deputy is None or deputy.deleted_at is not None:
        raise NotFound(N_("No such deputy"))
    if form.contact_deputy_id == form.deputy_id:
        raise ValidationError(N_("A deputy cannot be their own contact"), field="contact_deputy_id")
    values: dict[str, Any] = {
        "deputy_id": form.deputy_id,
        "kind": form.kind,
        "name": validators.clean_name(form.name),
        "phone": validators.check_phone(form.phone) if form.phone.strip() else "",
        "address": validators.clean_text(form.address),
        "community_id": form.community_id or None,
        "contact_deputy_id": form.contact_deputy_id or None,
        "since": form.since,
    }
    if form.id:
        obj = session.get(DeputyContact, form.id)
        if obj is None or obj.deleted_at is not None:
            raise NotFound(N_("No such contact"))
        before = row_data(obj)
        for k, v in values.items():
            setattr(obj, k, v)
        session.flush()
        audit.record(
            session,
            actor,
            "contact.edit",
            "deputy_contact",
            obj.id,
            before=before,
            after=row_data(obj),
        )
    else:
        obj = DeputyContact(status="active", **values)
        session.add(obj)
        session.flush()
        audit.record(
            session, actor, "contact.create", "deputy_contact", obj.id, after=row_data(obj)
        )
    return _contact_rows(session, actor, [obj])[0]


def retire_contact(session: Session, actor: Actor, contact_id: str, reason: str = "") -> ContactRow:
    actor.require(Permission.EDIT_DATA)
    obj = session.get(DeputyContact, contact_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFound(N_("No such contact"))
    before = row_data(obj)
    obj.status = "retired"
    session.flush()
    audit.record(
        session,
        actor,
        "contact.retire",
        "deputy_contact",
        obj.id,
        before=before,
        after=row_data(obj),
        reason=reason,
    )
    return _contact_rows(session, actor, [obj])[0]


def list_contacts(
    session: Session,
    actor: Actor,
    *,
    deputy_id: str | None = None,
    text: str = "",
    status: str | None = "active",
    offset: int = 0,
    limit: int = 200,
    sort: tuple[str, bool] | None = None,
) -> list[ContactRow]:
    actor.require(Permission.VIEW)
    query = select(DeputyContact).where(DeputyContact.deleted_at.is_(None))
    if deputy_id:
        query = query.where(DeputyContact.deputy_id == deputy_id)
    if status:
        query = query.where(DeputyContact.status == status)
    if text.strip():
        query = query.where(search.matching_ids(session, "deputy_contact", text))
    # By default grouped by deputy, deputies and contacts each in 拼音 order.
    query = query.join(Deputy, Deputy.id == DeputyContact.deputy_id)
    sort_col = {
        "name": DeputyContact.name_sort,
        "deputy": Deputy.name_sort,
        "kind": DeputyContact.kind,
        "since": DeputyContact.since,
    }.get(sort[0] if sort else "", Deputy.name_sort)
    order = sort_col.desc() if sort and sort[1] else sort_col.asc()
    query = query.order_by(
        order, Deputy.name_sort, Deputy.id, DeputyContact.name_sort, DeputyContact.id
    )
    query = query.offset(offset).limit(limit)
    return _contact_rows(session, actor, list(session.scalars(query)))


def _contact_rows(session: Session, actor: Actor, rows: list[DeputyContact]) -> list[ContactRow]:
    deputies = dict(session.execute(select(Deputy.id, Deputy.name)).all())
    communities = dict(session.execute(select(Community.id, Community.name)).all())
    personal = actor.can(Permission.VIEW_PERSONAL_DATA)
    return [
        ContactRow(
            id=c.id,
            deputy_id=c.deputy_id,
            deputy=deputies.get(c.deputy_id, ""),
            kind=c.kind,
            name=c.name,
            phone=c.phone if personal else mask_phone(c.phone),
            address=c.address if personal else (c.address[:6] + "…" if c.address else ""),
            community=communities.get(c.community_id or "", ""),
            since=c.since,
            status=c.status,
        )
        for c in rows
    ]


# ----------------------------------------------------------------------------- stations


@dataclass
class StationForm:
    name: str = ""
    kind: str = "liaison_station"
    address: str = ""
    parent_id: str | None = None
    community_id: str | None = None
    activity_frequency: str = "monthly"
    reception_day: str = ""
    notes: str = ""
    id: str | None = None


@dataclass(frozen=True)
class StationRow:
    id: str
    name: str
    kind: str
    address: str
    parent: str
    community: str
    activity_frequency: str
    reception_day: str
    status: str
    deputies: int


def check_station(form: StationForm) -> dict[str, str]:
    problems: dict[str, str | None] = {
        "name": text_problem(form.name, 100, required=True),
        "address": text_problem(form.address, 200),
        "reception_day": text_problem(form.reception_day, 64),
    }
    if form.kind not in STATION_KINDS:
        problems["kind"] = gettext("Unknown kind: {kind}").format(kind=form.kind)
    if form.activity_frequency not in ACTIVITY_FREQUENCIES:
        problems["activity_frequency"] = gettext("Unknown kind: {kind}").format(
            kind=form.activity_frequency
        )
    return {k: v for k, v in problems.items() if v}


def default_frequency(kind: str) -> str:
    """A home (人大代表之家) meets at least quarterly; community-level stations monthly."""
    return "quarterly" if kind == "home" else "monthly"


def save_station(session: Session, actor: Actor, form: StationForm) -> StationRow:
    actor.require(Permission.EDIT_DATA)
    problems_to_error(check_station(form))
    name = validators.clean_name(form.name)
    clash = session.scalar(
        select(Station.id).where(
            Station.name == name, Station.deleted_at.is_(None), Station.id != (form.id or "")
        )
    )
    if clash:
        raise ConflictError(N_("A station named {name} already exists"), name=name)
    if form.parent_id and form.parent_id == form.id:
        raise ValidationError(N_("A station cannot be its own parent"), field="parent_id")
    values: dict[str, Any] = {
        "name": name,
        "kind": form.kind,
        "address": validators.clean_text(form.address),
        "parent_id": form.parent_id or None,
        "community_id": form.community_id or None,
        "activity_frequency": form.activity_frequency,
        "reception_day": validators.clean_text(form.reception_day),
        "notes": validators.clean_multiline(form.notes),
    }
    if form.id:
        obj = session.get(Station, form.id)
        if obj is None or obj.deleted_at is not None:
            raise NotFound(N_("No such station"))
        before = row_data(obj)
        for k, v in values.items():
            setattr(obj, k, v)
        session.flush()
        audit.record(
            session, actor, "station.edit", "station", obj.id, before=before, after=row_data(obj)
        )
    else:
        obj = Station(status="active", **values)
        session.add(obj)
        session.flush()
        audit.record(session, actor, "station.create", "station", obj.id, after=row_data(obj))
    return list_stations(session, actor, ids=[obj.id], status=None)[0]


def get_station(session: Session, station_id: str) -> StationForm:
    obj = session.get(Station, station_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFound(N_("No such station"))
    return StationForm(
        name=obj.name,
        kind=obj.kind,
        address=obj.address,
        parent_id=obj.parent_id,
        community_id=obj.community_id,
        activity_frequency=obj.activity_frequency,
        reception_day=obj.reception_day,
        notes=obj.notes,
        id=obj.id,
    )


def retire_station(session: Session, actor: Actor, station_id: str, reason: str) -> StationRow:
    actor.require(Permission.EDIT_DATA)
    obj = session.get(Station, station_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFound(N_("No such station"))
    reason = validators.clean_text(reason)
    if not reason:
        raise ValidationError(N_("Give the reason for leaving"), field="reason")
    before = row_data(obj)
    obj.status = "retired"
    session.flush()
    audit.record(
        session,
        actor,
        "station.retire",
        "station",
        obj.id,
        before=before,
        after=row_data(obj),
        reason=reason,
    )
    return list_stations(session, actor, ids=[obj.id], status=None)[0]


def list_stations(
    session: Session,
    actor: Actor,
    *,
    text: str = "",
    kind: str | None = None,
    status: str | None = "active",
    ids: list[str] | None = None,
    offset: int = 0,
    limit: int = 500,
    sort: tuple[str, bool] | None = None,
) -> list[StationRow]:
    actor.require(Permission.VIEW)
    query = select(Station).where(Station.deleted_at.is_(None))
    if kind:
        query = query.where(Station.kind == kind)
    if status:
        query = query.where(Station.status == status)
    if ids is not None:
        query = query.where(Station.id.in_(ids))
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(Station.name.like(like) | Station.address.like(like))
    sort_col = {"name": Station.name_sort, "kind": Station.kind, "address": Station.address}.get(
        sort[0] if sort else "", Station.kind
    )
    order = sort_col.desc() if sort and sort[1] else sort_col.asc()
    query = query.order_by(order, Station.name_sort, Station.id)
    rows = list(session.scalars(query.offset(offset).limit(limit)))
    names = dict(session.execute(select(Station.id, Station.name)).all())
    communities = dict(session.execute(select(Community.id, Community.name)).all())
    counts = dict(
        session.execute(
            select(Deputy.station_id, func.count())
            .where(and_(Deputy.deleted_at.is_(None), Deputy.status == "active"))
            .group_by(Deputy.station_id)
        ).all()
    )
    return [
        StationRow(
            id=s.id,
            name=s.name,
            kind=s.kind,
            address=s.address,
            parent=names.get(s.parent_id or "", ""),
            community=communities.get(s.community_id or "", ""),
            activity_frequency=s.activity_frequency,
            reception_day=s.reception_day,
            status=s.status,
            deputies=int(counts.get(s.id, 0)),
        )
        for s in rows
    ]


# ----------------------------------------------------------------------------- figures


def contact_shortfalls(session: Session) -> int:
    """Active deputies with fewer fixed contacts than their election kind requires."""
    sub = (
        _deputy_query(session, DeputyFilter(short_of_contacts=True))
        .with_only_columns(Deputy.id)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


__all__ = [
    "CONTACT_KIND_FOR_ELECTION",
    "ContactForm",
    "ContactRow",
    "DeputyFilter",
    "DeputyForm",
    "DeputyRow",
    "StationForm",
    "StationRow",
    "check_contact",
    "check_deputy",
    "check_station",
    "contact_shortfalls",
    "default_frequency",
    "deputy_ids",
    "get_deputy",
    "get_station",
    "list_contacts",
    "list_deputies",
    "list_stations",
    "mask_id",
    "retire_contact",
    "retire_deputy",
    "retire_station",
    "save_contact",
    "save_deputy",
    "save_station",
]
