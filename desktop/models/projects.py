"""Livelihood projects (民生实事项目) through the five steps, and micro-projects (微实事).

- ``project``: one proposal/project — 征集 (source, proposer, community, content, estimated
  cost, implementing unit, the opinion it came from), 论证初选 (decision and reason, the
  proposal it was merged into), 代表票决 (the poll and option it stood under), 办理实施
  (responsible person, budget, funds spent), 监督评议 (the rating poll, the satisfaction
  counts), the proposer's feedback (采纳/不采纳 with reason). ``kind`` is ``livelihood`` or
  ``micro`` (微实事: 申报 by a community, a community decision, 验收).
- ``project_cycle``: one year's cycle — the screening date, the selection poll and the
  evaluation poll, and the unit scoring rules (加分/扣分).
- ``project_milestone``: a milestone with its planned and actual dates.
- ``project_report``: a progress report (完工/按进度/滞后 with reason) or a supervision visit
  (linked to the duty activity that recorded it), with photo file names.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin

PROJECT_KINDS = ("livelihood", "micro")
SOURCES = ("opinion", "representative", "deputy", "department", "meeting")
REPORT_KINDS = ("progress", "visit")
PROGRESS_STATES = ("done", "on_track", "late")  # 完工 / 按进度 / 滞后
FEEDBACKS = ("adopted", "not_adopted")  # 采纳 / 不采纳


class Project(SyncedMixin, Base):
    """民生实事项目 (or 微实事): a proposal and, once chosen, the project itself."""

    __tablename__ = "project"
    __table_args__ = (
        Index("ix_project_year_status", "year", "status"),
        Index("ix_project_kind_year", "kind", "year"),
    )

    kind: Mapped[str] = mapped_column(String(16), default="livelihood")
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32), index=True)  # MS2027-001 / WS2027-001
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="representative")
    proposer: Mapped[str] = mapped_column(String(100), default="")
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), nullable=True)
    estimated_cost: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    unit: Mapped[str] = mapped_column(String(100), default="")  # 实施单位
    proposed_on: Mapped[date] = mapped_column(Date)
    opinion_id: Mapped[str | None] = mapped_column(
        ForeignKey("opinion.id"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    # 论证初选
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), nullable=True)
    # 采纳情况反馈
    feedback: Mapped[str] = mapped_column(String(16), default="")
    feedback_reason: Mapped[str] = mapped_column(Text, default="")
    feedback_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 代表票决
    vote_poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    vote_option_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    votes_for: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # 办理实施
    responsible: Mapped[str] = mapped_column(String(64), default="")
    budget: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    spent: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 监督评议
    evaluation_poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    evaluation_option_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: JSON {level: count} of the certified rating, e.g. {"满意": 30, "基本满意": 4, ...}.
    satisfaction_json: Mapped[str] = mapped_column(Text, default="{}")
    satisfaction_rate: Mapped[str] = mapped_column(String(16), default="")  # "positive/valid"
    # 微实事: 验收
    accepted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    accepted_by: Mapped[str] = mapped_column(String(100), default="")
    acceptance_result: Mapped[str] = mapped_column(Text, default="")


class ProjectCycle(SyncedMixin, Base):
    """One year's cycle of livelihood projects (or of micro-projects)."""

    __tablename__ = "project_cycle"

    kind: Mapped[str] = mapped_column(String(16), default="livelihood")
    year: Mapped[int] = mapped_column(Integer, index=True)
    screened_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    screening_note: Mapped[str] = mapped_column(Text, default="")
    vote_poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    evaluation_poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    #: JSON list of unit scoring rules (加分/扣分), see services.projects.scoring.
    score_rules_json: Mapped[str] = mapped_column(Text, default="")


class ProjectMilestone(SyncedMixin, Base):
    __tablename__ = "project_milestone"
    __table_args__ = (Index("ix_project_milestone_late", "actual_on", "planned_on"),)

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    no: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    planned_on: Mapped[date] = mapped_column(Date)
    actual_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ProjectReport(SyncedMixin, Base):
    """A progress report or a supervision visit (视察/督查) on a project."""

    __tablename__ = "project_report"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="progress")
    reported_on: Mapped[date] = mapped_column(Date)
    progress: Mapped[str] = mapped_column(String(16), default="")  # done / on_track / late
    note: Mapped[str] = mapped_column(Text, default="")  # the reason when late
    spent: Mapped[int | None] = mapped_column(Integer, nullable=True)  # funds spent so far
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("duty_activity.id"), nullable=True)
    #: JSON list of photo file names (photos stay files).
    photos: Mapped[str] = mapped_column(Text, default="[]")
