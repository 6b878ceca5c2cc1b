"""Statistics of the opinions ledger (by category, community, channel, status, month; satisfaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import N_, gettext
from desktop.models.opinions import (
    STATUSES,
    Opinion,
)
from desktop.models.roster import Community
from desktop.services.opinions.category import categories
from desktop.services.opinions.vocabulary import CHANNEL_LABELS, STATUS_LABELS
from desktop.services.permissions import Actor, Permission

# ---------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    total: int
    by_category: tuple[Count, ...]
    by_community: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_status: tuple[Count, ...]
    by_month: tuple[Count, ...]
    answered: int
    average_days_to_answer: float | None
    on_time: int
    #: Answered on time / (answered + unanswered past due); None when nothing was due.
    on_time_rate: float | None
    followed_up: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    #: (satisfied + basically satisfied) / followed up; None when nobody was asked.
    satisfaction_rate: float | None


def statistics(
    session: Session, actor: Actor, start: date, end: date, today: date | None = None
) -> Statistics:
    """Figures for opinions received in [start, end]."""

    actor.require(Permission.VIEW)
    if end < start:
        raise ValidationError(N_("The end date is before the start date."), field="end")
    today = today or date.today()
    base = [Opinion.deleted_at.is_(None), Opinion.received_on >= start, Opinion.received_on <= end]

    def grouped(col: Any) -> list[tuple[Any, int]]:
        stmt = select(col, func.count()).where(*base).group_by(col).order_by(func.count().desc())
        return [(k, int(n)) for k, n in session.execute(stmt)]

    flat = categories(session)
    top_labels = {c.code: c.label for c in flat if not c.parent}
    top_expr = case(
        (
            func.instr(Opinion.category, ".") > 0,
            func.substr(Opinion.category, 1, func.instr(Opinion.category, ".") - 1),
        ),
        else_=Opinion.category,
    )
    by_category = tuple(Count(k, top_labels.get(k, k), n) for k, n in grouped(top_expr))
    coms = dict(session.execute(select(Community.id, Community.name)).all())
    by_community = tuple(
        Count(
            k or "",
            coms.get(k, gettext(N_("(no community)"))) if k else gettext(N_("(no community)")),
            n,
        )
        for k, n in grouped(Opinion.community_id)
    )
    by_channel = tuple(
        Count(k, gettext(CHANNEL_LABELS.get(k, k)), n) for k, n in grouped(Opinion.channel)
    )
    status_counts = dict(grouped(Opinion.status))
    by_status = tuple(
        Count(s, gettext(STATUS_LABELS[s]), status_counts.get(s, 0)) for s in STATUSES
    )
    month = func.strftime("%Y-%m", Opinion.received_on)
    month_counts = dict(grouped(month))
    months: list[Count] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        key = f"{cursor.year:04d}-{cursor.month:02d}"
        months.append(Count(key, key, month_counts.get(key, 0)))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    total = sum(status_counts.values())

    days = func.julianday(Opinion.answered_on) - func.julianday(Opinion.assigned_on)
    answered_row = session.execute(
        select(
            func.count(),
            func.avg(days),
            func.sum(case((Opinion.answered_on <= Opinion.due_on, 1), else_=0)),
        ).where(*base, Opinion.answered_on.isnot(None), Opinion.assigned_on.isnot(None))
    ).one()
    answered = int(answered_row[0] or 0)
    avg_days = float(answered_row[1]) if answered_row[1] is not None else None
    on_time = int(answered_row[2] or 0)
    late_open = int(
        session.scalar(
            select(func.count()).where(*base, Opinion.status == "assigned", Opinion.due_on < today)
        )
        or 0
    )
    due_total = answered + late_open
    sat = dict(
        session.execute(
            select(Opinion.satisfaction, func.count())
            .where(*base, Opinion.satisfaction != "")
            .group_by(Opinion.satisfaction)
        ).all()
    )
    followed = sum(int(v) for v in sat.values())
    good = int(sat.get("satisfied", 0)) + int(sat.get("basically_satisfied", 0))
    return Statistics(
        start=start,
        end=end,
        total=total,
        by_category=by_category,
        by_community=by_community,
        by_channel=by_channel,
        by_status=by_status,
        by_month=tuple(months),
        answered=answered,
        average_days_to_answer=round(avg_days, 1) if avg_days is not None else None,
        on_time=on_time,
        on_time_rate=on_time / due_total if due_total else None,
        followed_up=followed,
        satisfied=int(sat.get("satisfied", 0)),
        basically_satisfied=int(sat.get("basically_satisfied", 0)),
        dissatisfied=int(sat.get("dissatisfied", 0)),
        satisfaction_rate=good / followed if followed else None,
    )
