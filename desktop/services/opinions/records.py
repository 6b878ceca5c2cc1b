"""The plain dataclasses the opinions ledger hands to the UI, reports and exports; queue and
sort vocabulary of the ledger list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.i18n import N_
from desktop.models.opinions import (
    Opinion,
)
from desktop.models.roster import Community

# ---------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class OpinionInput:
    received_on: date
    content: str
    channel: str = "reception_day"
    category: str = "other"
    community_id: str | None = None
    station_id: str | None = None
    deputy_ids: tuple[str, ...] = ()
    anonymous: bool = False
    resident_name: str = ""
    resident_phone: str = ""
    resident_address: str = ""
    location: str = ""
    is_public: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Assignment:
    department: str
    assigned_on: date
    contact_person: str = ""
    #: None = computed from the settings (answer_deadline_days / answer_deadline_mode).
    due_on: date | None = None
    handler: str = ""  # staff member (username); default: whoever assigns


@dataclass(frozen=True)
class OpinionRow:
    """One line of the ledger (personal data already masked when the actor may not see it)."""

    id: str
    version: int
    number: str
    received_on: date
    channel: str
    channel_label: str
    community_id: str | None
    community_name: str
    category: str
    category_label: str
    anonymous: bool
    resident_name: str
    resident_phone: str
    resident_address: str
    content: str
    location: str
    status: str
    status_label: str
    department: str
    contact_person: str
    handler: str
    assigned_on: date | None
    due_on: date | None
    answered_on: date | None
    reply: str
    closed_on: date | None
    close_reason: str
    close_reason_label: str
    satisfaction: str
    satisfaction_label: str
    is_public: bool
    round: int
    masked: bool
    #: Days past the due date while unanswered (0 = not overdue), relative to ``today``.
    days_overdue: int = 0


@dataclass(frozen=True)
class OpinionEventView:
    action: str
    from_status: str
    to_status: str
    on_date: date
    username: str
    round: int
    department: str
    contact_person: str
    due_on: date | None
    text: str
    reason: str
    satisfaction: str


@dataclass(frozen=True)
class OpinionDetail:
    row: OpinionRow
    station_id: str | None
    station_name: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    followed_up_on: date | None
    follow_up_note: str
    notes: str
    events: tuple[OpinionEventView, ...]


@dataclass(frozen=True)
class OpinionFilter:
    text: str = ""
    status: str = ""  # one of STATUSES, or "" for all
    #: "", "due_soon", "overdue", "unanswered", "awaiting_reassignment"
    queue: str = ""
    community_id: str = ""
    category: str = ""  # a code; matches the code and its children
    channel: str = ""
    department: str = ""
    handler: str = ""
    received_from: date | None = None
    received_to: date | None = None
    public_only: bool = False


QUEUES = ("due_soon", "overdue", "unanswered", "awaiting_reassignment")
QUEUE_LABELS = {
    "due_soon": N_("Due within 3 days"),
    "overdue": N_("Overdue answers"),
    "unanswered": N_("Oldest unanswered"),
    "awaiting_reassignment": N_("Dissatisfied, to reassign"),
}

#: Sortable list columns → SQL expressions.
SORT_COLUMNS = {
    "number": Opinion.number,
    "received_on": Opinion.received_on,
    "channel": Opinion.channel,
    "category": Opinion.category,
    "community_name": Community.name,
    "status": Opinion.status,
    "department": Opinion.department,
    "handler": Opinion.handler,
    "due_on": Opinion.due_on,
    "answered_on": Opinion.answered_on,
    "assigned_on": Opinion.assigned_on,
    "closed_on": Opinion.closed_on,
    "satisfaction": Opinion.satisfaction,
    "resident_name": Opinion.resident_name,
    "days_overdue": Opinion.due_on,
}
