"""Follow-up of a meeting's resolutions and deliberation opinions (审议意见), and the input
representatives raise at a meeting (动议 and opinions).

- ``deliberation_opinion``: one resolution (决议) or 审议意见 of a meeting followed up in the
  closed loop of Guiyang's "审议意见+研究处理情况报告+审核意见": 形成 → 交办 (承办单位, due date
  on the working-day calendar) → 研究处理情况报告 → 审核意见 (accepted, or sent back to be
  handled again: a new round) → 满意度测评 at a later meeting (a rating poll; the certified
  counts are stored here).
- ``motion``: an opinion or a 动议 raised by a representative (or a deputy) during a meeting,
  linked to the meeting and the person; a 动议 can become an opinion in the ledger (channel
  议事代表会议) or a livelihood-project proposal.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin

DELIBERATION_KINDS = ("resolution", "deliberation")  # 决议 / 审议意见
DELIBERATION_STATUSES = ("formed", "assigned", "reported", "reviewed", "rating", "rated")
REVIEW_VERDICTS = ("accepted", "redo")  # 审核通过 / 退回重新办理
MOTION_KINDS = ("motion", "opinion")  # 动议 / 意见建议
MOTION_STATUSES = ("raised", "to_opinion", "to_project")


class DeliberationOpinion(SyncedMixin, Base):
    """审议意见 (or a resolution) of a meeting, followed up until it is rated."""

    __tablename__ = "deliberation_opinion"
    __table_args__ = (Index("ix_deliberation_opinion_status_due", "status", "due_on"),)

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    resolution_id: Mapped[str | None] = mapped_column(
        ForeignKey("resolution.id"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="deliberation")
    number: Mapped[str] = mapped_column(String(32), index=True)  # 督办编号 DB2026-001
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="formed")
    #: 1 for the first 交办, +1 each time the 审核意见 sends the handling back.
    round: Mapped[int] = mapped_column(Integer, default=0)
    # 交办
    unit: Mapped[str] = mapped_column(String(100), default="")  # 承办单位
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    requirement: Mapped[str] = mapped_column(Text, default="")  # 办理要求
    assigned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 研究处理情况报告
    report_text: Mapped[str] = mapped_column(Text, default="")
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 审核意见
    review_text: Mapped[str] = mapped_column(Text, default="")
    review_verdict: Mapped[str] = mapped_column(String(16), default="")
    reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 跟踪督办情况报告 on a later meeting's agenda, and the 满意度测评 there
    report_meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"), nullable=True)
    rating_poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    rating_option_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: JSON {level: count} of the certified rating, e.g. {"满意": 30, "基本满意": 4, ...}.
    satisfaction_json: Mapped[str] = mapped_column(Text, default="{}")
    satisfaction_rate: Mapped[str] = mapped_column(String(16), default="")  # "positive/valid"
    rated_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class Motion(SyncedMixin, Base):
    """An opinion or a 动议 raised by a representative (or a deputy) during a meeting."""

    __tablename__ = "motion"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="motion")
    representative_id: Mapped[str | None] = mapped_column(
        ForeignKey("representative.id"), nullable=True, index=True
    )
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"), nullable=True)
    person_name: Mapped[str] = mapped_column(String(32), default="")  # frozen copy
    seconders: Mapped[str] = mapped_column(String(200), default="")  # 附议 names
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    raised_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="raised")
    opinion_id: Mapped[str | None] = mapped_column(ForeignKey("opinion.id"), nullable=True)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), nullable=True)
