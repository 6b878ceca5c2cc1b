"""Personal data in the opinions ledger: masking on screen, and the right to export it
unmasked (admins only, audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.opinions import (
    Opinion,
)
from desktop.services import audit
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- masking


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "****"


def mask_address(address: str) -> str:
    address = address.strip()
    if not address:
        return ""
    keep = min(6, max(2, len(address) // 3))
    return address[:keep] + "****"


def mask_name(name: str) -> str:
    """张伟强 → 张**, for the publication board (公开栏)."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def sees_personal_data(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_PERSONAL_DATA)


# ---------------------------------------------------------------------------- export rights


@dataclass(frozen=True)
class ExportGrant:
    """Whether an export may carry personal data unmasked (admins only, audited)."""

    unmasked: bool
    actor: Actor = field(repr=False)


def export_grant(
    session: Session, actor: Actor, unmasked: bool, what: str, rows: int = 0
) -> ExportGrant:
    """Check and record an export. Masked exports need VIEW; unmasked ones need
    EXPORT_UNMASKED and always write an audit row (who, what, how many rows)."""
    actor.require(Permission.VIEW)
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
        audit.record(
            session,
            actor,
            "opinion.export_unmasked",
            "opinion",
            "",
            after={"what": what, "rows": rows},
        )
    return ExportGrant(unmasked, actor)


def unmasked_rows(
    session: Session, grant: ExportGrant, ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """id → (phone, address) unmasked, for an export that holds an unmasked grant."""
    if not grant.unmasked:
        return {}
    grant.actor.require(Permission.EXPORT_UNMASKED)
    result: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        for oid, phone, address in session.execute(
            select(Opinion.id, Opinion.resident_phone, Opinion.resident_address).where(
                Opinion.id.in_(chunk)
            )
        ):
            result[oid] = (phone, address)
    return result
