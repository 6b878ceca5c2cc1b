"""The one registry of entity (table) names the server accepts in ops.

Extend by appending a name; an op naming anything else is rejected with ``unknown_entity``.
"""

from __future__ import annotations

ENTITIES: tuple[str, ...] = (
    "street",
    "community",
    "term",
    "representative",
    "deputy",
    "deputy_contact",
    "station",
    "meeting",
    "attendance",
    "agenda_item",
    "resolution",
    "poll",
    "poll_option",
    "ballot",
    "ballot_print_log",
    "tally_certificate",
    "opinion",
    "opinion_event",
    "opinion_unit",
    "duty_activity",
    "holiday",
    "duty_participant",
    "reception_rule",
    "project",
    "project_cycle",
    "project_milestone",
    "project_report",
    "points_rule_set",
    "report_back",
    "yearly_assessment",
    "deliberation_opinion",
    "motion",
    "deputy_pairing",
)

ENTITY_SET: frozenset[str] = frozenset(ENTITIES)

#: Fields that never leave the PC (docs/sync-protocol.md §2.1). The desktop leaves them out of
#: its ops from schema revision 2; the server drops them from any op that still carries one
#: (a batch sealed before the upgrade), so they are never stored or served.
NEVER_STORED: dict[str, tuple[str, ...]] = {"poll": ("secret",)}
