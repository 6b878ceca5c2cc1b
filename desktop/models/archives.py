"""Deputies' duty archives (履职档案): the points rules (履职积分规则) and report-backs (述职).

- ``points_rule_set``: one revision of a year's points rules (a JSON document, see
  ``desktop/services/archives/rules.py``). A change never overwrites: it adds the next
  revision, with who made it and why, so the rule behind any past total can be shown.
  Points themselves are never stored; they are computed from the records.
- ``report_back``: one deputy's report-back to the voters (代表述职): date, place, audience,
  the rating poll (民主测评) whose 优秀 rate is read back, and — when that rate is below the
  line — the 谈心谈话 held with the deputy and the improvement agreed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, SyncedMixin


class PointsRuleSet(SyncedMixin, Base):
    """One revision of the points rules for one year."""

    __tablename__ = "points_rule_set"
    __table_args__ = (Index("ix_points_rule_set_year_rev", "year", "revision"),)

    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    rules_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[str] = mapped_column(String(64), default="")


class ReportBack(SyncedMixin, Base):
    """代表述职: one report-back of a deputy to the voters, with its rating."""

    __tablename__ = "report_back"

    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[str] = mapped_column(String(200), default="")
    audience_count: Mapped[int] = mapped_column(Integer, default=0)
    #: The rating poll (民主测评) and the option that names this deputy.
    poll_id: Mapped[str | None] = mapped_column(ForeignKey("poll.id"), nullable=True)
    poll_option_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: 谈心谈话 after a rating below the line: when, by whom, what was said and agreed.
    talk_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    talk_by: Mapped[str] = mapped_column(String(64), default="")
    talk_notes: Mapped[str] = mapped_column(Text, default="")
    improvement: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class YearlyAssessment(SyncedMixin, Base):
    """年度履职考核 of one deputy: 自评 → 街道初评 → 区总评 → 审核, each stage's grade with
    who decided it (the person named, and the account that entered it) and when."""

    __tablename__ = "yearly_assessment"
    __table_args__ = (Index("ix_yearly_assessment_year_deputy", "year", "deputy_id"),)

    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    #: JSON list of the stages decided so far, in order: {"stage", "grade", "decided_by",
    #: "entered_by", "decided_on", "note"}.
    stages_json: Mapped[str] = mapped_column(Text, default="[]")
