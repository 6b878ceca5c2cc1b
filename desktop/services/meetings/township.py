"""Township congress mode (乡镇人民代表大会): who votes at which kind of meeting.

A street's meetings are 议事代表会议: the term's representatives are the voting members and
the deputies who attend street meetings sit in without a vote (辖区人大代表固定出席). A
township (``Street.kind == "township"``) can also hold its 人代会 in the app: there the
township's own deputies (``Deputy.level == "township"``, in office) are the voting members,
and the quorum and every threshold base are counted on them — more than half of all the
township's deputies must be present (乡镇人民代表大会会议须有过半数代表出席). Sign-in, ballots
and counting are the same as at any meeting; only the roll differs. See
docs/counting-rules.md §7 and docs/meetings.md.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_
from desktop.models.meetings import MEETING_KINDS, Meeting
from desktop.models.roster import Deputy
from desktop.models.street import Street

REPRESENTATIVES = "representatives"
TOWNSHIP_CONGRESS = "township_congress"

KIND_LABELS = {
    REPRESENTATIVES: N_("Representatives' meeting"),
    TOWNSHIP_CONGRESS: N_("Township people's congress"),
}
#: The deputies' level whose members make up a township congress.
CONGRESS_LEVEL = "township"


def street_kind(session: Session) -> str:
    """``street`` or ``township``: the installation's own kind (``street`` before set-up)."""
    kind = session.scalar(select(Street.kind).where(Street.deleted_at.is_(None)).limit(1))
    return str(kind or "street")


def kinds_allowed(session: Session) -> tuple[str, ...]:
    """The meeting kinds this installation may create: a township adds its congress."""
    if street_kind(session) == "township":
        return MEETING_KINDS
    return (REPRESENTATIVES,)


def check_kind(session: Session, kind: str) -> str:
    """``kind`` if this installation may hold such a meeting, else ValidationError."""
    if kind not in MEETING_KINDS:
        raise ValidationError(N_("Unknown meeting kind: {kind}"), field="kind", kind=kind)
    if kind not in kinds_allowed(session):
        raise ValidationError(
            N_(
                "Only a township holds a people's congress in the app; a street's deputies "
                "attend its representatives' meetings without a vote."
            ),
            field="kind",
        )
    return kind


def is_congress(meeting: Meeting) -> bool:
    return meeting.kind == TOWNSHIP_CONGRESS


def congress_deputies(session: Session) -> list[Deputy]:
    """The voting members of a township congress: every township deputy in office."""
    return list(
        session.scalars(
            select(Deputy).where(
                Deputy.level == CONGRESS_LEVEL,
                Deputy.status == "active",
                Deputy.deleted_at.is_(None),
            )
        )
    )


NO_MEMBERS = {
    REPRESENTATIVES: N_(
        "The meeting's term has no active representatives; add them to the roster first."
    ),
    TOWNSHIP_CONGRESS: N_(
        "The township has no township-level deputies in office; add them to the roster first."
    ),
}
