"""The installation's street: first-run set-up and edits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.base import json_value
from desktop.models.outbox import STREET_CODE_KEY, row_data
from desktop.models.street import STREET_KINDS, Street
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

DIVISION_CODE_RE = re.compile(r"^\d{12}$")

KIND_LABELS = {"street": N_("Street"), "township": N_("Township")}


@dataclass(frozen=True)
class StreetInfo:
    id: str
    code: str
    name: str
    kind: str
    district: str
    city: str


def _info(s: Street) -> StreetInfo:
    return StreetInfo(s.id, s.code, s.name, s.kind, s.district, s.city)


def normalise_code(code: str) -> str:
    # Full-width digits and stray spaces are common when codes are pasted from documents.
    table = {ord("０") + i: ord("0") + i for i in range(10)}
    return code.translate(table).replace(" ", "").strip()


def _validate(code: str, name: str, kind: str) -> None:
    if not DIVISION_CODE_RE.match(code):
        raise ValidationError(
            N_("The division code must be exactly 12 digits (行政区划代码)."), field="code"
        )
    if code.startswith("00"):
        # Province part 00 does not exist in GB/T 2260.
        raise ValidationError(N_("The division code is not a valid code."), field="code")
    if not name.strip():
        raise ValidationError(N_("The street name is required."), field="name")
    if kind not in STREET_KINDS:
        raise ValidationError(N_("Unknown kind: {kind}"), field="kind", kind=kind)


def current(session: Session) -> StreetInfo | None:
    s = session.scalar(select(Street).where(Street.deleted_at.is_(None)).limit(1))
    return _info(s) if s else None


def require_current(session: Session) -> StreetInfo:
    info = current(session)
    if info is None:
        raise NotFound(N_("The street has not been set up yet."))
    return info


def setup(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name: str,
    kind: str,
    district: str,
    city: str,
) -> StreetInfo:
    """First run: record the street this installation serves (exactly one)."""
    code = normalise_code(code)
    _validate(code, name, kind)
    if current(session) is not None:
        raise ConflictError(N_("The street is already set up."))
    session.info[STREET_CODE_KEY] = code
    street = Street(
        code=code,
        name=name.strip(),
        kind=kind,
        district=district.strip(),
        city=city.strip(),
        street_code=code,
    )
    session.add(street)
    session.flush()
    audit.record(session, actor, "street.setup", "street", street.id, after=row_data(street))
    return _info(street)


def edit(
    session: Session, actor: Actor, *, name: str, kind: str, district: str, city: str
) -> StreetInfo:
    """The division code is fixed once set (it scopes every synced row)."""
    actor.require(Permission.MANAGE_SETTINGS)
    street = session.scalar(select(Street).where(Street.deleted_at.is_(None)).limit(1))
    if street is None:
        raise NotFound(N_("The street has not been set up yet."))
    _validate(street.code, name, kind)
    before = {k: json_value(v) for k, v in row_data(street).items()}
    street.name, street.kind = name.strip(), kind
    street.district, street.city = district.strip(), city.strip()
    session.flush()
    audit.record(
        session, actor, "street.edit", "street", street.id, before=before, after=row_data(street)
    )
    return _info(street)
