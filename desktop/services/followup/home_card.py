"""The home page's card of overdue followed-up matters (审议意见逾期未报)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models.followup import DeliberationOpinion
from desktop.services.followup import core
from desktop.services.home import Figure, register


def figures(session: Session, today: date | None = None) -> list[Figure]:
    if not session.scalar(select(exists().where(DeliberationOpinion.deleted_at.is_(None)))):
        return []  # nothing followed up yet: nothing to warn about
    late = core.count_overdue(session, today)
    return [
        Figure(
            "followup_overdue",
            N_("Overdue deliberation opinions"),
            late,
            "followup",
            warn=late > 0,
        )
    ]


@register
def _figures(session: Session) -> list[Figure]:
    return figures(session)
