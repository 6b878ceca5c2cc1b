"""跟踪督办情况报告: where each matter of the earlier meetings stands, for the next meeting.

:func:`followup_report` gathers the matters formed before a meeting that are still in the loop
(and those rated at it), with counts and one line each; :func:`add_to_agenda` puts the report
on that meeting's agenda as a 报告 item (its summary is the report's text, so it also reaches
the agenda paper and the minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.i18n import N_
from desktop.models.followup import DeliberationOpinion
from desktop.models.meetings import AgendaItem, Meeting
from desktop.services.followup import core
from desktop.services.meetings import agenda
from desktop.services.permissions import Actor, Permission

REPORT_TITLE = "关于审议意见跟踪督办情况的报告"


@dataclass(frozen=True)
class FollowupReport:
    meeting_id: str
    meeting_title: str
    on: date
    rows: tuple[core.ItemRow, ...]
    total: int
    formed: int
    assigned: int
    overdue: int
    reported: int
    reviewed: int
    rated: int

    def text(self) -> str:
        """The report's body as the agenda item and the paper print it."""
        lines = [
            f"截至{self.on.year}年{self.on.month}月{self.on.day}日，往次会议形成的审议意见和决议"
            f"共{self.total}件列入跟踪督办：待交办{self.formed}件，"
            f"办理中{self.assigned}件（其中逾期{self.overdue}件），"
            f"已报送研究处理情况报告待审核{self.reported}件，已审核待测评{self.reviewed}件，"
            f"已完成满意度测评{self.rated}件。"
        ]
        for n, r in enumerate(self.rows, 1):
            state = r.status_label
            if r.overdue:
                state += f"，逾期{r.overdue_days}个工作日"
            due = f"，办理期限{r.due_on.isoformat()}" if r.due_on else ""
            lines.append(
                f"{n}. {r.number} {r.title}（承办单位：{r.unit or '未交办'}{due}）：{state}。"
            )
        return "\n".join(lines)


def followup_report(
    session: Session, actor: Actor, meeting_id: str, today: date | None = None
) -> FollowupReport:
    actor.require(Permission.VIEW)
    meeting = core._meeting(session, meeting_id)
    day = today or date.today()
    earlier = select(Meeting.id).where(
        Meeting.starts_at < meeting.starts_at, Meeting.deleted_at.is_(None)
    )
    items = list(
        session.scalars(
            select(DeliberationOpinion)
            .where(
                DeliberationOpinion.deleted_at.is_(None),
                or_(
                    DeliberationOpinion.report_meeting_id == meeting_id,
                    DeliberationOpinion.meeting_id.in_(earlier)
                    & DeliberationOpinion.status.in_(core.OPEN_STATUSES),
                ),
            )
            .order_by(DeliberationOpinion.number)
        )
    )
    rows = tuple(core._rows(session, items, day))

    def n(*statuses: str) -> int:
        return sum(1 for r in rows if r.status in statuses)

    return FollowupReport(
        meeting_id=meeting_id,
        meeting_title=meeting.title,
        on=day,
        rows=rows,
        total=len(rows),
        formed=n("formed"),
        assigned=n("assigned"),
        overdue=sum(1 for r in rows if r.overdue),
        reported=n("reported"),
        reviewed=n("reviewed", "rating"),
        rated=n("rated"),
    )


def add_to_agenda(
    session: Session, actor: Actor, meeting_id: str, today: date | None = None
) -> agenda.AgendaItemRow:
    """Put the 跟踪督办情况报告 on the meeting's agenda as a 报告 item (once)."""
    actor.require(Permission.EDIT_DATA)
    taken = session.scalar(
        select(AgendaItem.id).where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.title == REPORT_TITLE,
            AgendaItem.deleted_at.is_(None),
        )
    )
    if taken:
        raise ConflictError(N_("The follow-up report is already on this meeting's agenda."))
    report = followup_report(session, actor, meeting_id, today)
    if not report.rows:
        raise ConflictError(N_("No matter of an earlier meeting is being followed up."))
    row = agenda.add_item(
        session,
        actor,
        meeting_id,
        kind="report",
        title=REPORT_TITLE,
        department="街道人大工委",
        summary=report.text(),
    )
    for r in report.rows:
        item = core.get_item(session, r.id)
        if item.report_meeting_id != meeting_id:
            before = core.snapshot(item)
            item.report_meeting_id = meeting_id
            core._audit(session, actor, "deliberation.to_agenda", item, before)
    return row
