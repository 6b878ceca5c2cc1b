"""Scan-to-attend at the station PC (履职码 / 代表码).

During an activity the station PC's USB scanner (it types like a keyboard and presses Enter)
reads a deputy's card — the new contact QR or an old ``YSD|…`` card — or a representative's
card, and the person is recorded as taking part. A card of another street, an unknown or
retired person, or text that is no card at all is refused with a Chinese message and nothing
is written. Scanning a station poster's 履职码 names the station (the page then lists or
starts that station's activity of the day).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.roster import Deputy, Representative, Station
from desktop.services import cards
from desktop.services.activities import records
from desktop.services.permissions import Actor, Permission
from desktop.services.street import require_current


def _ref(session: Session, text: str) -> cards.CardRef:
    if not text.strip():
        raise ValidationError(N_("Scan a card, or type its code."), field="card")
    ref = cards.parse_card(text)
    code = require_current(session).code
    if ref.street_code != code:
        raise ValidationError(
            N_("This card belongs to another street ({code})."), field="card", code=ref.street_code
        )
    return ref


def station_of_code(session: Session, text: str) -> str:
    """The station a scanned 履职码 names (refused if it is a person's card or unknown)."""
    ref = _ref(session, text)
    if ref.kind != "station":
        raise ValidationError(N_("This is a person's card, not a station's code."), field="card")
    station = session.get(Station, ref.person_id)
    if station is None or station.deleted_at is not None:
        raise NotFound(N_("Unknown station code: no station of this street has it."))
    return station.id


def attend_by_card(
    session: Session, actor: Actor, activity_id: str, text: str, role: str = "participant"
) -> records.ParticipantView:
    """Record the card's owner as taking part in the activity."""
    actor.require(Permission.EDIT_DATA)
    ref = _ref(session, text)
    if ref.kind == "station":
        raise ValidationError(
            N_("This is a station's code (履职码), not a person's card."), field="card"
        )
    if ref.kind == "deputy":
        dep = session.get(Deputy, ref.person_id)
        if dep is None or dep.deleted_at is not None:
            raise NotFound(N_("Unknown card: no deputy has this card."))
        if dep.status != "active":
            raise ConflictError(
                N_("{name} is no longer an active deputy; the card is not valid."), name=dep.name
            )
    else:
        rep = session.get(Representative, ref.person_id)
        if rep is None or rep.deleted_at is not None:
            raise NotFound(N_("Unknown card: no representative has this card."))
        if rep.status != "active":
            raise ConflictError(
                N_("{name} is no longer a representative (retired); the card is not valid."),
                name=rep.name,
            )
    return records.add_participant(
        session,
        actor,
        activity_id,
        records.Participant(ref.person_id, ref.kind, role),
        source="scan",
    )
