"""Personal data (个人信息): how it is masked for people who may not see it, and who may take it
out of the program unmasked. One rule for every screen, paper and export, so the same phone
number looks the same in the roster, the opinions ledger, the sign-in desk and an Excel file.

* ``VIEW_PERSONAL_DATA`` sees phone numbers, ID numbers and addresses as they are; everyone
  else sees them masked.
* ``EXPORT_UNMASKED`` may export them unmasked; such an export is recorded in the audit log
  (:func:`export_grant`).

The masks keep just enough to tell two records apart and to recognise one's own:

=============  ==========================  ===================================
what           rule                        example
=============  ==========================  ===================================
phone          11+ characters: first 3 and  13812345678 → 138****5678
               last 4, the rest starred;    023-68123456 → 023*****3456
               shorter: all starred         68123456 → ********
ID number      18 characters: first 4 and   5001031990… → 5001**********123X
               last 4; otherwise as text
address        the first third (2 to 6      重庆市渝中区解放碑街道… → 重庆市渝中****
               characters) and ****
name           the surname, the rest        张伟强 → 张**
               starred
other text     the first quarter (at least  ABCDEFGH → AB******
               1), the rest starred; up to
               2 characters all starred
=============  ==========================  ===================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.services.permissions import Actor, Permission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Kinds of personal data :func:`mask_value` knows.
MASK_KINDS = ("phone", "id_number", "address", "name", "text")


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; fewer than 11 characters are starred whole."""
    text = phone.strip()
    if len(text) >= 11:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text)


def mask_id_number(value: str | None) -> str:
    """An 18-character ID number keeps its first 4 and last 4 characters."""
    text = (value or "").strip()
    if len(text) == 18:
        return text[:4] + "*" * 10 + text[-4:]
    return mask_text(text)


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


def mask_text(text: str) -> str:
    """Any other personal text: keep the first quarter, star the rest."""
    if len(text) <= 2:
        return "*" * len(text)
    keep = max(1, len(text) // 4)
    return text[:keep] + "*" * (len(text) - keep)


def mask_value(kind: str, value: str) -> str:
    """Mask ``value`` by the rule of its ``kind`` (one of :data:`MASK_KINDS`)."""
    if kind == "phone":
        return mask_phone(value)
    if kind == "id_number":
        return mask_id_number(value)
    if kind == "address":
        return mask_address(value)
    if kind == "name":
        return mask_name(value)
    if kind == "text":
        return mask_text(value)
    raise ValueError(f"unknown kind of personal data: {kind!r}")


# ---------------------------------------------------------------------------- rights


def sees_personal_data(actor: Actor) -> bool:
    """Whether ``actor`` sees personal data unmasked on screen and on papers."""
    return actor.can(Permission.VIEW_PERSONAL_DATA)


def may_export_unmasked(actor: Actor) -> bool:
    """Whether ``actor`` may export personal data unmasked."""
    return actor.can(Permission.EXPORT_UNMASKED)


@dataclass(frozen=True)
class ExportGrant:
    """Whether an export may carry personal data unmasked (admins only, audited)."""

    unmasked: bool
    actor: Actor = field(repr=False)


def export_grant(
    session: Session, actor: Actor, unmasked: bool, what: str, rows: int, *, action: str
) -> ExportGrant:
    """Check and record an export. Masked exports need VIEW; unmasked ones need
    EXPORT_UNMASKED and always write the audit row ``action`` (e.g.
    ``"opinion.export_unmasked"``: who, what, how many rows; written out whole at the call
    so the audit list's labels can be checked against the code)."""
    from desktop.services import audit

    actor.require(Permission.VIEW)
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
        audit.record(
            session,
            actor,
            action,
            action.partition(".")[0],
            "",
            after={"what": what, "rows": rows},
        )
    return ExportGrant(unmasked, actor)
