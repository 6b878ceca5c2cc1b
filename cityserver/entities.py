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
    "duty_activity",
    "holiday",
    "duty_participant",
    "reception_rule",
    "points_rule_set",
    "report_back",
    "yearly_assessment",
)

ENTITY_SET: frozenset[str] = frozenset(ENTITIES)
