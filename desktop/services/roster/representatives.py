"""Communities, terms (届) and deliberation representatives (议事代表).

Representatives are never deleted: they retire (离任) with a date and reason, and their
history is the audit log. A term changeover (换届) closes the current term and opens the next
in one transaction, optionally carrying re-elected representatives over.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_, gettext
from desktop.models.outbox import row_data
from desktop.models.roster import (
    COMMUNITY_KINDS,
    GENDERS,
    SECTORS,
    Community,
    Representative,
    Term,
)
from desktop.services import audit, validators
from desktop.services.permissions import Actor, Permission
from desktop.services.roster import search
from desktop.services.roster.common import (
    problems_to_error,
    text_problem,
    translated,
)

# ----------------------------------------------------------------------------- communities


@dataclass(frozen=True)
class CommunityInfo:
    id: str
    name: str
    kind: str
    code: str
    sort_order: int
    representatives: int = 0


def list_communities(session: Session) -> list[CommunityInfo]:
    counts = dict(
        session.execute(
            select(Representative.community_id, func.count())
            .join(Term, Term.id == Representative.term_id)
            .where(
                Representative.deleted_at.is_(None),
                Representative.status == "active",
                Term.status == "current",
            )
            .group_by(Representative.community_id)
        ).all()
    )
    rows = session.scalars(
        select(Community)
        .where(Community.deleted_at.is_(None))
        .order_by(Community.sort_order, Community.name)
    )
    return [
        CommunityInfo(c.id, c.name, c.kind, c.code, c.sort_order, int(counts.get(c.id, 0)))
        for c in rows
    ]


def save_community(
    session: Session,
    actor: Actor,
    *,
    name: str,
    kind: str = "community",
    code: str = "",
    sort_order: int = 0,
    community_id: str | None = None,
) -> CommunityInfo:
    actor.require(Permission.EDIT_DATA)
    name = validators.clean_text(name)
    if not name or len(name) > 64:
        raise ValidationError(
            N_("A community name of 1 to 64 characters is required"), field="name"
        )
    if kind not in COMMUNITY_KINDS:
        raise ValidationError(N_("Unknown kind: {kind}"), field="kind", kind=kind)
    code = validators.compact(code)
    if code and not (code.isdigit() and len(code) == 12):
        raise ValidationError(
            N_("The division code must be exactly 12 digits (行政区划代码)."), field="code"
        )
    clash = session.scalar(
        select(Community.id).where(
            Community.name == name,
            Community.deleted_at.is_(None),
            Community.id != (community_id or ""),
        )
    )
    if clash:
        raise ConflictError(N_("A community named {name} already exists"), name=name)
    if community_id:
        obj = session.get(Community, community_id)
        if obj is None or obj.deleted_at is not None:
            raise NotFound(N_("No such community"))
        before = row_data(obj)
        obj.name, obj.kind, obj.code, obj.sort_order = name, kind, code, sort_order
        session.flush()
        audit.record(
            session,
            actor,
            "community.edit",
            "community",
            obj.id,
            before=before,
            after=row_data(obj),
        )
    else:
        obj = Community(name=name, kind=kind, code=code, sort_order=sort_order)
        session.add(obj)
        session.flush()
        audit.record(session, actor, "community.create", "community", obj.id, after=row_data(obj))
    return CommunityInfo(obj.id, obj.name, obj.kind, obj.code, obj.sort_order)


# ----------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class TermInfo:
    id: str
    number: int
    name: str
    started_on: date
    ended_on: date | None
    status: str


def _term_info(t: Term) -> TermInfo:
    return TermInfo(t.id, t.number, t.name, t.started_on, t.ended_on, t.status)


def list_terms(session: Session) -> list[TermInfo]:
    rows = session.scalars(
        select(Term).where(Term.deleted_at.is_(None)).order_by(Term.number.desc())
    )
    return [_term_info(t) for t in rows]


def current_term(session: Session) -> TermInfo | None:
    t = session.scalar(
        select(Term)
        .where(Term.status == "current", Term.deleted_at.is_(None))
        .order_by(Term.number.desc())
        .limit(1)
    )
    return _term_info(t) if t else None


def require_current_term(session: Session) -> TermInfo:
    term = current_term(session)
    if term is None:
        raise NotFound(
            N_("No current term: open the first term (届) before adding representatives.")
        )
    return term


def open_first_term(
    session: Session, actor: Actor, *, name: str, started_on: date, number: int = 1
) -> TermInfo:
    actor.require(Permission.EDIT_DATA)
    if current_term(session) is not None:
        raise ConflictError(N_("A term is already open; use the term changeover instead."))
    name = validators.clean_text(name)
    if not name:
        raise ValidationError(N_("The term needs a name, e.g. 第三届"), field="name")
    term = Term(number=number, name=name, started_on=started_on, status="current")
    session.add(term)
    session.flush()
    audit.record(session, actor, "term.open", "term", term.id, after=row_data(term))
    return _term_info(term)


def changeover(
    session: Session,
    actor: Actor,
    *,
    new_name: str,
    changeover_on: date,
    carry_over: list[str] | None = None,
) -> TermInfo:
    """换届: close the current term on ``changeover_on`` and open the next the same day.

    The old term's active representatives leave with it (left_on = the changeover date,
    reason 换届); those in ``carry_over`` (re-elected) are copied into the new term.
    """
    actor.require(Permission.TERM_CHANGEOVER)
    old_info = require_current_term(session)
    old = session.get(Term, old_info.id)
    assert old is not None
    if changeover_on < old.started_on:
        raise ValidationError(
            N_("The changeover date is before the term started"), field="changeover_on"
        )
    new_name = validators.clean_text(new_name)
    if not new_name:
        raise ValidationError(N_("The term needs a name, e.g. 第三届"), field="name")
    before = row_data(old)
    old.status, old.ended_on = "closed", changeover_on
    new = Term(number=old.number + 1, name=new_name, started_on=changeover_on, status="current")
    session.add(new)
    session.flush()
    keep = set(carry_over or [])
    reps = list(
        session.scalars(
            select(Representative).where(
                Representative.term_id == old.id,
                Representative.status == "active",
                Representative.deleted_at.is_(None),
            )
        )
    )
    carried = 0
    for rep in reps:
        if rep.id in keep:
            data = {
                k: getattr(rep, k)
                for k in (
                    "community_id",
                    "name",
                    "name_initials",
                    "gender",
                    "birth_date",
                    "id_number",
                    "phone",
                    "address",
                    "sector",
                    "workplace",
                    "position",
                    "notes",
                )
            }
            session.add(
                Representative(term_id=new.id, status="active", joined_on=changeover_on, **data)
            )
            carried += 1
        rep.status, rep.left_on, rep.left_reason = "retired", changeover_on, "换届"
    session.flush()
    audit.record(session, actor, "term.close", "term", old.id, before=before, after=row_data(old))
    audit.record(
        session,
        actor,
        "term.open",
        "term",
        new.id,
        after=row_data(new),
        reason=f"换届：{len(reps)} 名代表随上届离任，{carried} 名连任",
    )
    return _term_info(new)


# ----------------------------------------------------------------------------- representatives


@dataclass
class RepresentativeForm:
    """The editable fields of a representative (what the detail dialog edits)."""

    name: str = ""
    gender: str = ""
    id_number: str = ""
    birth_date: date | None = None
    community_id: str | None = None
    sector: str = "resident"
    workplace: str = ""
    position: str = ""
    phone: str = ""
    address: str = ""
    joined_on: date | None = None
    notes: str = ""
    id: str | None = None
    term_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class RepresentativeRow:
    id: str
    name: str
    gender: str
    community: str
    sector: str
    workplace: str
    position: str
    phone: str
    id_number: str
    status: str
    joined_on: date | None
    left_on: date | None
    term: str
    name_sort: str = ""  # the list's key: the next page starts after (name_sort, id)


def check_representative(form: RepresentativeForm) -> dict[str, str]:
    """Field → problem (in the user's language); empty when the form may be saved."""
    problems: dict[str, str | None] = {
        "name": text_problem(form.name, 32, required=True),
        "phone": translated(validators.phone_problem(form.phone)),
        "id_number": translated(validators.id_number_problem(form.id_number)),
        "workplace": text_problem(form.workplace, 100),
        "position": text_problem(form.position, 64),
        "address": text_problem(form.address, 200),
    }
    if form.gender and form.gender not in GENDERS:
        problems["gender"] = gettext("Unknown kind: {kind}").format(kind=form.gender)
    if not problems.get("gender") and not problems.get("id_number"):
        problems["gender"] = translated(validators.gender_problem(form.gender, form.id_number))
    if form.sector not in SECTORS:
        problems["sector"] = gettext("Unknown kind: {kind}").format(kind=form.sector)
    idn = validators.normalise_id_number(form.id_number)
    if (
        idn
        and not problems["id_number"]
        and form.birth_date
        and validators.birth_date_from_id(idn) != form.birth_date
    ):
        problems["birth_date"] = gettext("The birth date does not match the ID number")
    return {k: v for k, v in problems.items() if v}


def _rep_values(form: RepresentativeForm) -> dict[str, Any]:
    idn = validators.normalise_id_number(form.id_number) or None
    name = validators.clean_name(form.name)
    birth = form.birth_date or (validators.birth_date_from_id(idn) if idn else None)
    gender = form.gender or (validators.gender_from_id(idn) if idn else "")
    return {
        "name": name,
        "name_initials": search.initials(name),
        "gender": gender,
        "id_number": idn,
        "birth_date": birth,
        "community_id": form.community_id or None,
        "sector": form.sector,
        "workplace": validators.clean_text(form.workplace),
        "position": validators.clean_text(form.position),
        "phone": validators.check_phone(form.phone) if form.phone.strip() else "",
        "address": validators.clean_text(form.address),
        "joined_on": form.joined_on,
        "notes": validators.clean_multiline(form.notes),
    }


def _check_unique_id_number(
    session: Session, model: Any, idn: str | None, own_id: str | None, term_id: str | None = None
) -> None:
    if not idn:
        return
    query = select(model.name).where(
        model.id_number == idn, model.deleted_at.is_(None), model.id != (own_id or "")
    )
    if term_id is not None:
        query = query.where(model.term_id == term_id)
    other = session.scalar(query.limit(1))
    if other:
        raise ConflictError(N_("This ID number is already recorded for {name}"), name=other)


def save_representative(
    session: Session, actor: Actor, form: RepresentativeForm
) -> RepresentativeRow:
    actor.require(Permission.EDIT_DATA)
    problems_to_error(check_representative(form))
    values = _rep_values(form)
    if form.community_id and session.get(Community, form.community_id) is None:
        raise ValidationError(N_("No such community"), field="community_id")
    if form.id:
        rep = session.get(Representative, form.id)
        if rep is None or rep.deleted_at is not None:
            raise NotFound(N_("No such representative"))
        if form.version is not None and rep.version != form.version:
            raise ConflictError(
                N_("Someone else changed this record meanwhile; reopen it and edit again.")
            )
        _check_unique_id_number(session, Representative, values["id_number"], rep.id, rep.term_id)
        before = row_data(rep)
        for k, v in values.items():
            setattr(rep, k, v)
        session.flush()
        audit.record(
            session,
            actor,
            "representative.edit",
            "representative",
            rep.id,
            before=before,
            after=row_data(rep),
        )
    else:
        term_id = form.term_id or require_current_term(session).id
        _check_unique_id_number(session, Representative, values["id_number"], None, term_id)
        rep = Representative(term_id=term_id, status="active", **values)
        session.add(rep)
        session.flush()
        audit.record(
            session, actor, "representative.create", "representative", rep.id, after=row_data(rep)
        )
    return _rep_row(session, rep, actor)


def retire_representative(
    session: Session, actor: Actor, rep_id: str, *, left_on: date, reason: str
) -> RepresentativeRow:
    """离任: the record stays, with the date and the reason."""
    actor.require(Permission.EDIT_DATA)
    rep = session.get(Representative, rep_id)
    if rep is None or rep.deleted_at is not None:
        raise NotFound(N_("No such representative"))
    if rep.status == "retired":
        raise ConflictError(N_("Already retired"))
    reason = validators.clean_text(reason)
    if not reason:
        raise ValidationError(N_("Give the reason for leaving"), field="reason")
    if rep.joined_on and left_on < rep.joined_on:
        raise ValidationError(N_("The end date is before the start date"), field="left_on")
    before = row_data(rep)
    rep.status, rep.left_on, rep.left_reason = "retired", left_on, reason[:200]
    session.flush()
    audit.record(
        session,
        actor,
        "representative.retire",
        "representative",
        rep.id,
        before=before,
        after=row_data(rep),
        reason=reason,
    )
    return _rep_row(session, rep, actor)


def reinstate_representative(session: Session, actor: Actor, rep_id: str) -> RepresentativeRow:
    actor.require(Permission.EDIT_DATA)
    rep = session.get(Representative, rep_id)
    if rep is None or rep.deleted_at is not None:
        raise NotFound(N_("No such representative"))
    before = row_data(rep)
    rep.status, rep.left_on, rep.left_reason = "active", None, ""
    session.flush()
    audit.record(
        session,
        actor,
        "representative.reinstate",
        "representative",
        rep.id,
        before=before,
        after=row_data(rep),
    )
    return _rep_row(session, rep, actor)


def get_representative(session: Session, rep_id: str) -> RepresentativeForm:
    rep = session.get(Representative, rep_id)
    if rep is None or rep.deleted_at is not None:
        raise NotFound(N_("No such representative"))
    form = RepresentativeForm()
    for f in fields(form):
        if hasattr(rep, f.name):
            value = getattr(rep, f.name)
            setattr(form, f.name, "" if value is None and f.type in ("str",) else value)
    form.id_number = rep.id_number or ""
    return form


@dataclass
class RepresentativeFilter:
    text: str = ""
    community_id: str | None = None
    sector: str | None = None
    status: str | None = "active"
    term_id: str | None = None  # None = the current term
    extra: dict[str, Any] = field(default_factory=dict)


def _rep_query(session: Session, flt: RepresentativeFilter) -> Select[Any]:
    term_id = flt.term_id
    if term_id is None:
        term = current_term(session)
        term_id = term.id if term else ""
    query = select(Representative).where(
        Representative.deleted_at.is_(None), Representative.term_id == term_id
    )
    if flt.community_id:
        query = query.where(Representative.community_id == flt.community_id)
    if flt.sector:
        query = query.where(Representative.sector == flt.sector)
    if flt.status:
        query = query.where(Representative.status == flt.status)
    if flt.text.strip():
        query = query.where(search.matching_ids(session, "representative", flt.text))
    return query


_REP_SORT = {
    "name": Representative.name_sort,
    "gender": Representative.gender,
    "community": Representative.community_id,
    "sector": Representative.sector,
    "workplace": Representative.workplace,
    "position": Representative.position,
    "phone": Representative.phone,
    "status": Representative.status,
    "joined_on": Representative.joined_on,
    "left_on": Representative.left_on,
}


def list_representatives(
    session: Session,
    actor: Actor,
    flt: RepresentativeFilter,
    offset: int = 0,
    limit: int = 200,
    sort: tuple[str, bool] | None = None,
    after: tuple[str, str] | None = None,
) -> list[RepresentativeRow]:
    """A page of the list. ``after`` = the last row's (name_sort, id) when sorted by name:
    the page is read by key from the index, however deep the list is scrolled (no OFFSET
    walking and discarding the rows before it)."""
    actor.require(Permission.VIEW)
    query = _rep_query(session, flt)
    column = _REP_SORT.get(sort[0], Representative.name_sort) if sort else Representative.name_sort
    descending = bool(sort and sort[1])
    if after is not None and column is Representative.name_sort:
        key = tuple_(Representative.name_sort, Representative.id)
        query = query.where(key < tuple_(*after) if descending else key > tuple_(*after))
        offset = 0
    order = column.desc() if descending else column.asc()
    id_order = Representative.id.desc() if descending else Representative.id.asc()
    query = query.order_by(order, id_order).offset(offset).limit(limit)
    communities = _community_names(session)
    terms = dict(session.execute(select(Term.id, Term.name)).all())
    return [_rep_row(session, r, actor, communities, terms) for r in session.scalars(query)]


def count_representatives(session: Session, flt: RepresentativeFilter) -> int:
    sub = _rep_query(session, flt).with_only_columns(Representative.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def representative_ids(session: Session, flt: RepresentativeFilter) -> list[str]:
    query = (
        _rep_query(session, flt)
        .with_only_columns(Representative.id)
        .order_by(Representative.name_sort)
    )
    return list(session.scalars(query))


def community_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every community in list order, for filters: no per-community count."""
    rows = session.execute(
        select(Community.id, Community.name)
        .where(Community.deleted_at.is_(None))
        .order_by(Community.sort_order, Community.name)
    )
    return [(cid, name) for cid, name in rows]


def _community_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Community.id, Community.name)).all())


def mask_phone(value: str) -> str:
    return (
        value[:3] + "****" + value[-4:] if len(value) >= 11 else ("*" * len(value) if value else "")
    )


def mask_id(value: str | None) -> str:
    return (value[:4] + "*" * 10 + value[-4:]) if value and len(value) == 18 else ""


def _rep_row(
    session: Session,
    r: Representative,
    actor: Actor,
    communities: dict[str, str] | None = None,
    terms: dict[str, str] | None = None,
) -> RepresentativeRow:
    if communities is None:
        communities = _community_names(session)
    if terms is None:
        terms = dict(session.execute(select(Term.id, Term.name)).all())
    personal = actor.can(Permission.VIEW_PERSONAL_DATA)
    return RepresentativeRow(
        id=r.id,
        name=r.name,
        gender=r.gender,
        community=communities.get(r.community_id or "", ""),
        sector=r.sector,
        workplace=r.workplace,
        position=r.position,
        phone=r.phone if personal else mask_phone(r.phone),
        id_number=(r.id_number or "") if personal else mask_id(r.id_number),
        status=r.status,
        joined_on=r.joined_on,
        left_on=r.left_on,
        term=terms.get(r.term_id, ""),
        name_sort=r.name_sort,
    )
