"""承办单位: the dictionary of departments opinions are assigned to, each with a contact
person and a phone. The assignment form chooses from it; a name assigned by another route
(an import, an older database) is added to it in the same transaction, so the dictionary
always holds every department in use. Retired units stay for the record but are not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.opinions import OpinionUnit
from desktop.services import audit, validators
from desktop.services.permissions import Actor, Permission


@dataclass(frozen=True)
class UnitRow:
    id: str
    name: str
    contact_person: str
    phone: str
    active: bool


def _row(unit: OpinionUnit) -> UnitRow:
    return UnitRow(unit.id, unit.name, unit.contact_person, unit.phone, bool(unit.active))


def _clean(name: str) -> str:
    return " ".join(name.split())


def list_units(session: Session, actor: Actor, *, include_retired: bool = False) -> list[UnitRow]:
    actor.require(Permission.VIEW)
    query = select(OpinionUnit).where(OpinionUnit.deleted_at.is_(None))
    if not include_retired:
        query = query.where(OpinionUnit.active.is_(True))
    units = session.scalars(query).all()
    from desktop.pinyin_order import place_sort_key

    return sorted((_row(u) for u in units), key=lambda r: place_sort_key(r.name))


def find(session: Session, name: str) -> OpinionUnit | None:
    return session.scalar(
        select(OpinionUnit).where(
            OpinionUnit.name == _clean(name), OpinionUnit.deleted_at.is_(None)
        )
    )


def save_unit(
    session: Session,
    actor: Actor,
    unit_id: str | None,
    *,
    name: str,
    contact_person: str = "",
    phone: str = "",
    active: bool = True,
) -> UnitRow:
    """Add a unit (``unit_id`` None) or change one; the name is unique among units."""
    actor.require(Permission.EDIT_DATA)
    clean = _clean(name)
    if not clean:
        raise ValidationError(N_("Name the handling unit."), field="name")
    if len(clean) > 100:
        raise ValidationError(
            N_("The unit's name is too long (at most 100 characters)."), field="name"
        )
    phone_value = validators.check_phone(phone) if phone.strip() else ""
    person = validators.clean_text(contact_person)[:64]
    clash = find(session, clean)
    if clash is not None and clash.id != unit_id:
        raise ConflictError(N_("There is already a handling unit named {name}."), name=clean)
    if unit_id is None:
        unit = OpinionUnit(name=clean, contact_person=person, phone=phone_value, active=active)
        session.add(unit)
        session.flush()
        audit.record(
            session,
            actor,
            "opinion_unit.create",
            "opinion_unit",
            unit.id,
            after={"name": clean, "contact_person": person, "phone": phone_value},
        )
        return _row(unit)
    found = session.get(OpinionUnit, unit_id)
    if found is None or found.deleted_at is not None:
        raise NotFound(N_("No such handling unit."))
    unit = found
    before = {
        "name": unit.name,
        "contact_person": unit.contact_person,
        "phone": unit.phone,
        "active": unit.active,
    }
    after = {"name": clean, "contact_person": person, "phone": phone_value, "active": active}
    if before == after:
        return _row(unit)
    unit.name, unit.contact_person, unit.phone, unit.active = clean, person, phone_value, active
    session.flush()
    audit.record(
        session, actor, "opinion_unit.update", "opinion_unit", unit.id, before=before, after=after
    )
    return _row(unit)


def ensure(session: Session, actor: Actor, name: str, contact_person: str = "") -> None:
    """Add ``name`` to the dictionary if it is not there (an assignment by name); a retired
    unit assigned again is taken back into use."""
    clean = _clean(name)
    if not clean:
        return
    unit = find(session, clean)
    if unit is None:
        save_unit(session, actor, None, name=clean, contact_person=contact_person)
    elif not unit.active:
        save_unit(
            session,
            actor,
            unit.id,
            name=unit.name,
            contact_person=unit.contact_person,
            phone=unit.phone,
            active=True,
        )
