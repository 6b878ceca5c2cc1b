"""The home page's activity alerts (分析预警): stations behind their rule this year and
deputies who have not yet taken part in an activity this year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models.activities import DutyActivity
from desktop.services.activities import standing
from desktop.services.home import Figure, register


def figures(session: Session, today: date | None = None) -> list[Figure]:
    if not session.scalar(select(exists().where(DutyActivity.deleted_at.is_(None)))):
        return []  # the ledger is not in use yet: nothing to warn about
    found = standing.alerts(session, as_of=today)
    behind = len(found.stations_behind)
    missing = sum(s.missing for s in found.stations_behind)
    uncovered = len(found.deputies_uncovered)
    return [
        Figure(
            "activity_stations_behind",
            N_("Stations behind their activity rule this year"),
            f"{behind}（{missing}）" if behind else 0,
            "activities",
            warn=behind > 0,
            target="activities",
            focus="alerts",
            priority=30,
        ),
        Figure(
            "activity_deputies_uncovered",
            N_("Deputies with no duty activity this year"),
            f"{uncovered} / {found.deputies_total}",
            "activities",
            warn=uncovered > 0,
            target="activities",
            focus="alerts",
            priority=35,
        ),
    ]


@register
def _figures(session: Session) -> list[Figure]:
    return figures(session)
