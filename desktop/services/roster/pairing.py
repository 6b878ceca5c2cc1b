"""结对联系: deputies (人大代表) paired with street deliberation representatives (议事代表).

Chongqing (seed 000): "渝中区人大代表江永红与结对联系的街道议事代表李霞在社区代表活动站接待
选民". A pair is edited from the deputy (the clerk ticks the representatives the deputy is
paired with) and listed on both sides: the deputy's detail and archive, the representative's
detail. Ending a pair soft-deletes its row (kept for the record and synced as a delete); a
representative who retires or leaves the term keeps the pair until it is ended — the lists
say so. One live pair per deputy and representative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.pairing import DeputyPairing
from desktop.models.roster import Community, Deputy, Representative, Term
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

LEVEL_WORDS = {
    "national": "全国人大代表",
    "provincial": "省人大代表",
    "city": "市人大代表",
    "district": "区人大代表",
    "township": "乡镇人大代表",
}


@dataclass(frozen=True)
class PairView:
    id: str
    deputy_id: str
    deputy_name: str
    deputy_level: str  # in words: 区人大代表
    representative_id: str
    representative_name: str
    community: str
    since: date | None
    notes: str
    #: The representative is no longer serving (retired, or of an earlier term).
    representative_left: bool


@dataclass(frozen=True)
class RepresentativeChoice:
    id: str
    name: str
    community: str


def _views(session: Session, pairs: Iterable[DeputyPairing]) -> list[PairView]:
    pairs = list(pairs)
    if not pairs:
        return []
    reps = {
        r.id: r
        for r in session.scalars(
            select(Representative).where(
                Representative.id.in_({p.representative_id for p in pairs})
            )
        )
    }
    deps = {
        d.id: d
        for d in session.scalars(select(Deputy).where(Deputy.id.in_({p.deputy_id for p in pairs})))
    }
    communities = dict(session.execute(select(Community.id, Community.name)).all())
    current_terms = set(
        session.scalars(select(Term.id).where(Term.status == "current", Term.deleted_at.is_(None)))
    )
    out = []
    for p in pairs:
        rep, dep = reps[p.representative_id], deps[p.deputy_id]
        out.append(
            PairView(
                id=p.id,
                deputy_id=dep.id,
                deputy_name=dep.name,
                deputy_level=LEVEL_WORDS.get(dep.level, dep.level),
                representative_id=rep.id,
                representative_name=rep.name,
                community=communities.get(rep.community_id or "", ""),
                since=p.since,
                notes=p.notes,
                representative_left=(
                    rep.status != "active"
                    or rep.deleted_at is not None
                    or rep.term_id not in current_terms
                ),
            )
        )
    return out


def _live(session: Session) -> Select[DeputyPairing]:
    return select(DeputyPairing).where(DeputyPairing.deleted_at.is_(None))


def pairs_of_deputy(session: Session, actor: Actor, deputy_id: str) -> list[PairView]:
    """The representatives a deputy is paired with: serving ones first, by name."""
    actor.require(Permission.VIEW)
    return paired_with(session, deputy_id)


def paired_with(session: Session, deputy_id: str) -> list[PairView]:
    """:func:`pairs_of_deputy` for callers that checked the permission already (the
    deputy's archive)."""
    views = _views(
        session, session.scalars(_live(session).where(DeputyPairing.deputy_id == deputy_id))
    )
    return sorted(views, key=lambda v: (v.representative_left, _rep_sort(session, v)))


def pairs_of_representative(
    session: Session, actor: Actor, representative_id: str
) -> list[PairView]:
    """The deputies a representative is paired with."""
    actor.require(Permission.VIEW)
    return _views(
        session,
        session.scalars(
            _live(session)
            .where(DeputyPairing.representative_id == representative_id)
            .order_by(DeputyPairing.created_at)
        ),
    )


def _rep_sort(session: Session, view: PairView) -> str:
    rep = session.get(Representative, view.representative_id)
    return rep.name_sort if rep is not None else view.representative_name


def representative_choices(session: Session, actor: Actor) -> list[RepresentativeChoice]:
    """The current term's serving representatives a deputy can be paired with, by community
    and name."""
    actor.require(Permission.VIEW)
    rows = session.execute(
        select(Representative.id, Representative.name, Community.name)
        .join(Term, Term.id == Representative.term_id)
        .outerjoin(Community, Community.id == Representative.community_id)
        .where(
            Term.status == "current",
            Term.deleted_at.is_(None),
            Representative.status == "active",
            Representative.deleted_at.is_(None),
        )
        .order_by(Community.sort_order, Community.name, Representative.name_sort)
    ).all()
    return [RepresentativeChoice(rid, name, community or "") for rid, name, community in rows]


def _deputy(session: Session, deputy_id: str) -> Deputy:
    dep = session.get(Deputy, deputy_id)
    if dep is None or dep.deleted_at is not None:
        raise NotFound(N_("No such deputy: {id}"), id=deputy_id)
    return dep


def _pair_data(p: DeputyPairing, dep: Deputy, rep: Representative) -> dict[str, object]:
    return {
        "deputy": dep.name,
        "representative": rep.name,
        "since": p.since.isoformat() if p.since else "",
        "notes": p.notes,
    }


def pair(
    session: Session,
    actor: Actor,
    deputy_id: str,
    representative_id: str,
    *,
    since: date | None = None,
    notes: str = "",
) -> PairView:
    """Pair a deputy with a serving representative (refused twice for the same two)."""
    actor.require(Permission.EDIT_DATA)
    dep = _deputy(session, deputy_id)
    rep = session.get(Representative, representative_id)
    if rep is None or rep.deleted_at is not None:
        raise NotFound(N_("No such representative: {id}"), id=representative_id)
    if dep.status != "active":
        raise ConflictError(N_("{name} is no longer an active deputy."), name=dep.name)
    if rep.status != "active":
        raise ConflictError(
            N_("{name} is no longer a serving representative and cannot be paired."),
            name=rep.name,
        )
    if len(notes) > 200:
        raise ValidationError(N_("The note is too long (at most 200 characters)."), field="notes")
    exists = session.scalar(
        _live(session)
        .where(
            DeputyPairing.deputy_id == deputy_id,
            DeputyPairing.representative_id == representative_id,
        )
        .limit(1)
    )
    if exists is not None:
        raise ConflictError(
            N_("{deputy} and {representative} are already paired."),
            deputy=dep.name,
            representative=rep.name,
        )
    row = DeputyPairing(
        deputy_id=deputy_id, representative_id=representative_id, since=since, notes=notes.strip()
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "pairing.add", "deputy_pairing", row.id, after=_pair_data(row, dep, rep)
    )
    return _views(session, [row])[0]


def unpair(session: Session, actor: Actor, pair_id: str) -> None:
    """End a pair (soft delete, audited)."""
    actor.require(Permission.EDIT_DATA)
    row = session.get(DeputyPairing, pair_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(N_("No such pairing: {id}"), id=pair_id)
    dep = _deputy(session, row.deputy_id)
    rep = session.get(Representative, row.representative_id)
    assert rep is not None
    row.deleted_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "pairing.remove", "deputy_pairing", row.id, before=_pair_data(row, dep, rep)
    )


def set_pairs(
    session: Session,
    actor: Actor,
    deputy_id: str,
    representative_ids: Iterable[str],
    *,
    since: date | None = None,
) -> list[PairView]:
    """The deputy's pairs become exactly ``representative_ids`` (one user action: new pairs
    are added with ``since``, pairs not listed are ended, the others are kept as they are)."""
    actor.require(Permission.EDIT_DATA)
    _deputy(session, deputy_id)
    wanted = list(dict.fromkeys(representative_ids))
    current = {
        p.representative_id: p
        for p in session.scalars(_live(session).where(DeputyPairing.deputy_id == deputy_id))
    }
    for rep_id, row in current.items():
        if rep_id not in wanted:
            unpair(session, actor, row.id)
    for rep_id in wanted:
        if rep_id not in current:
            pair(session, actor, deputy_id, rep_id, since=since)
    return pairs_of_deputy(session, actor, deputy_id)
