"""年度履职考核: each deputy's yearly grade through four stages, in order — 代表自评 →
街道初评 → 区总评 → 审核确定 (Guiyang, seed 002: "代表自评、乡镇(街道)初评、区…总评、…审核确定
考核等级"). Each stage keeps its grade, the person who decided it (named, e.g. the street
committee's meeting or the district's office), the account that entered it, and the date.
The year's points are shown alongside as evidence; they do not set the grade.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.i18n import N_
from desktop.models.archives import YearlyAssessment
from desktop.models.roster import Deputy
from desktop.services import audit
from desktop.services.activities.records import street_code
from desktop.services.archives import points
from desktop.services.permissions import Actor, Permission

STAGES = ("self", "street", "district", "review")
STAGE_WORDS = {"self": "代表自评", "street": "街道初评", "district": "区总评", "review": "审核确定"}
GRADES = ("优秀", "称职", "基本称职", "不称职")


@dataclass(frozen=True)
class Stage:
    stage: str
    grade: str
    decided_by: str
    entered_by: str
    decided_on: date
    note: str

    @property
    def label(self) -> str:
        return STAGE_WORDS[self.stage]


@dataclass(frozen=True)
class AssessmentRow:
    deputy_id: str
    name: str
    points: int
    stages: tuple[Stage, ...]

    @property
    def next_stage(self) -> str | None:
        return STAGES[len(self.stages)] if len(self.stages) < len(STAGES) else None

    @property
    def final_grade(self) -> str:
        return self.stages[-1].grade if len(self.stages) == len(STAGES) else ""


def _stages(row: YearlyAssessment | None) -> tuple[Stage, ...]:
    if row is None:
        return ()
    out = []
    for item in json.loads(row.stages_json or "[]"):
        out.append(
            Stage(
                item["stage"],
                item["grade"],
                item["decided_by"],
                item.get("entered_by", ""),
                date.fromisoformat(item["decided_on"]),
                item.get("note", ""),
            )
        )
    return tuple(out)


def _encode(stages: tuple[Stage, ...]) -> str:
    return json.dumps(
        [
            {
                "stage": s.stage,
                "grade": s.grade,
                "decided_by": s.decided_by,
                "entered_by": s.entered_by,
                "decided_on": s.decided_on.isoformat(),
                "note": s.note,
            }
            for s in stages
        ],
        ensure_ascii=False,
    )


def _row(session: Session, deputy_id: str, year: int) -> YearlyAssessment | None:
    return session.scalars(
        select(YearlyAssessment).where(
            YearlyAssessment.deputy_id == deputy_id,
            YearlyAssessment.year == year,
            YearlyAssessment.deleted_at.is_(None),
        )
    ).first()


def decide(
    session: Session,
    actor: Actor,
    deputy_id: str,
    year: int,
    stage: str,
    grade: str,
    *,
    decided_by: str,
    decided_on: date,
    note: str = "",
    today: date | None = None,
) -> tuple[Stage, ...]:
    """Record the next stage's grade. Stages go in order; a decided stage is not rewritten."""
    actor.require(Permission.EDIT_DATA)
    deputy = session.get(Deputy, deputy_id)
    if deputy is None or deputy.deleted_at is not None:
        raise NotFound(N_("Deputy not found"))
    if grade not in GRADES:
        raise ValidationError(N_("Choose a grade: 优秀, 称职, 基本称职 or 不称职."), field="grade")
    if not decided_by.strip():
        raise ValidationError(N_("Say who decided this stage."), field="decided_by")
    if decided_on > (today or date.today()):
        raise ValidationError(N_("A decision cannot be dated in the future."), field="decided_on")
    if decided_on.year < year:
        raise ValidationError(
            N_("The assessment of a year is decided in that year or later."), field="decided_on"
        )
    row = _row(session, deputy_id, year)
    stages = _stages(row)
    expected = STAGES[len(stages)] if len(stages) < len(STAGES) else None
    if stage != expected:
        raise ConflictError(
            N_("The stages go in order: 代表自评, 街道初评, 区总评, 审核确定; next is {stage}."),
            stage=STAGE_WORDS[expected] if expected else "—",
        )
    if stages and decided_on < stages[-1].decided_on:
        raise ValidationError(
            N_("A stage cannot be dated before the stage it follows."), field="decided_on"
        )
    new = Stage(
        stage, grade, decided_by.strip()[:64], actor.username, decided_on, note.strip()[:200]
    )
    before = _encode(stages)
    stages = (*stages, new)
    if row is None:
        row = YearlyAssessment(
            deputy_id=deputy_id, year=year, stages_json="[]", street_code=street_code(session)
        )
        session.add(row)
    row.stages_json = _encode(stages)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.decide",
        "yearly_assessment",
        row.id,
        before={"year": year, "stages": json.loads(before)},
        after={"year": year, "stages": json.loads(row.stages_json)},
    )
    return stages


def list_year(session: Session, year: int) -> list[AssessmentRow]:
    """Every deputy of the year with the points and the stages decided, points order."""
    ranked = points.rank(session, year)
    rows = {
        r.deputy_id: r
        for r in session.scalars(
            select(YearlyAssessment).where(
                YearlyAssessment.year == year, YearlyAssessment.deleted_at.is_(None)
            )
        )
    }
    return [
        AssessmentRow(r.deputy_id, r.name, r.score.total, _stages(rows.get(r.deputy_id)))
        for r in ranked.rows
    ]
