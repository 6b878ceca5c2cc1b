"""The home page's card of late project milestones (节点滞后)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models.projects import Project
from desktop.services.home import Figure, register
from desktop.services.projects import views


def figures(session: Session, today: date | None = None) -> list[Figure]:
    if not session.scalar(select(exists().where(Project.deleted_at.is_(None)))):
        return []  # no project recorded yet: nothing to warn about
    late = views.count_late_milestones(session, today)
    return [
        Figure(
            "project_late_milestones",
            N_("Late milestones of livelihood projects"),
            late,
            "projects",
            warn=late > 0,
        )
    ]


@register
def _figures(session: Session) -> list[Figure]:
    return figures(session)
