"""The roster's lists: representatives (议事代表), deputies (人大代表), their fixed contacts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.services.roster.common import (
    CONTACT_KIND_LABELS,
    ELECTION_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    PERSON_STATUS_LABELS,
    SECTOR_LABELS,
)
from desktop.ui.widgets.table_model import Column


def _label(labels: dict[str, str]) -> Callable[[Any], str]:
    return lambda v: labels.get(v, v or "")


def _date(v: date | None) -> str:
    return v.isoformat() if v else ""


def representative_columns() -> list[Column]:
    return [
        Column("name", QCoreApplication.translate("RosterColumns", "Full name")),
        Column(
            "gender", QCoreApplication.translate("RosterColumns", "Gender"), _label(GENDER_LABELS)
        ),
        Column("community", QCoreApplication.translate("RosterColumns", "Community")),
        Column(
            "sector", QCoreApplication.translate("RosterColumns", "Sector"), _label(SECTOR_LABELS)
        ),
        Column("workplace", QCoreApplication.translate("RosterColumns", "Workplace")),
        Column("position", QCoreApplication.translate("RosterColumns", "Position")),
        Column("phone", QCoreApplication.translate("RosterColumns", "Phone")),
        Column("joined_on", QCoreApplication.translate("RosterColumns", "Joined on"), _date),
        Column(
            "status",
            QCoreApplication.translate("RosterColumns", "Status"),
            _label(PERSON_STATUS_LABELS),
        ),
        Column("left_on", QCoreApplication.translate("RosterColumns", "Left on"), _date),
    ]


def deputy_columns() -> list[Column]:
    return [
        Column("name", QCoreApplication.translate("RosterColumns", "Full name")),
        Column("level", QCoreApplication.translate("RosterColumns", "Level"), _label(LEVEL_LABELS)),
        Column(
            "election",
            QCoreApplication.translate("RosterColumns", "Election"),
            _label(ELECTION_LABELS),
        ),
        Column("constituency", QCoreApplication.translate("RosterColumns", "Constituency")),
        Column("unit", QCoreApplication.translate("RosterColumns", "Workplace")),
        Column("position", QCoreApplication.translate("RosterColumns", "Position")),
        Column("station", QCoreApplication.translate("RosterColumns", "Station"), sortable=False),
        Column(
            "attends_street_meetings",
            QCoreApplication.translate("RosterColumns", "Attends meetings"),
            sortable=False,
        ),
        Column("phone", QCoreApplication.translate("RosterColumns", "Phone")),
        Column(
            "contacts",
            QCoreApplication.translate("RosterColumns", "Fixed contacts"),
            sortable=False,
            align_right=True,
            warn=lambda r: r.short_of_contacts,
        ),
        Column(
            "status",
            QCoreApplication.translate("RosterColumns", "Status"),
            _label(PERSON_STATUS_LABELS),
        ),
    ]


def contact_columns() -> list[Column]:
    return [
        Column("deputy", QCoreApplication.translate("RosterColumns", "Deputy")),
        Column(
            "kind",
            QCoreApplication.translate("RosterColumns", "Contact kind"),
            _label(CONTACT_KIND_LABELS),
        ),
        Column("name", QCoreApplication.translate("RosterColumns", "Full name")),
        Column("phone", QCoreApplication.translate("RosterColumns", "Phone"), sortable=False),
        Column("address", QCoreApplication.translate("RosterColumns", "Address"), sortable=False),
        Column(
            "community", QCoreApplication.translate("RosterColumns", "Community"), sortable=False
        ),
        Column("since", QCoreApplication.translate("RosterColumns", "Since"), _date),
    ]
