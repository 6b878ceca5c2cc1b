"""Personal data in the opinions ledger: the masks and rights of :mod:`desktop.services.privacy`
(one rule for every screen and export), and the unmasked values an admin's export may carry.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.opinions import Opinion
from desktop.services import privacy
from desktop.services.permissions import Actor, Permission
from desktop.services.privacy import ExportGrant as ExportGrant
from desktop.services.privacy import mask_address as mask_address
from desktop.services.privacy import mask_name as mask_name
from desktop.services.privacy import mask_phone as mask_phone
from desktop.services.privacy import sees_personal_data as sees_personal_data


def export_grant(
    session: Session, actor: Actor, unmasked: bool, what: str, rows: int = 0
) -> ExportGrant:
    """Check and record an export of opinions. Masked exports need VIEW; unmasked ones need
    EXPORT_UNMASKED and always write an audit row (who, what, how many rows)."""
    return privacy.export_grant(
        session, actor, unmasked, what, rows, action="opinion.export_unmasked"
    )


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
