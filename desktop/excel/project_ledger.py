"""The year's project ledger (民生实事项目台账) in Excel: one row a project, template =
export = import.

Proposal columns (year, title, source, proposer, community, content, estimated cost, unit,
date) are read and written through :mod:`desktop.services.projects.core`, so an imported
proposal passes exactly the checks of one typed in, and a change to a proposal past 征集 is
refused by the state machine with its Chinese message (nothing written). The stage columns
(number, stage, budget, spent, late milestones, satisfaction) are filled by Yishi; a file
that changes one of them is refused, so the ledger cannot be used to skip a step.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.excel.adapter import Existing, LedgerAdapter, register
from desktop.excel.spec import Column, Ledger
from desktop.i18n import N_, gettext
from desktop.models.projects import Project
from desktop.models.roster import Community
from desktop.services import wording
from desktop.services.permissions import Actor
from desktop.services.projects import core, views

SOURCE_ZH = {
    "opinion": "群众意见",
    "representative": "议事代表",
    "deputy": "人大代表",
    "department": "部门",
    "meeting": "会议动议",
}
#: Columns Yishi fills; an import may not change them.
READ_ONLY = ("number", "stage", "budget", "spent", "late", "satisfaction")

PROJECTS = Ledger(
    kind="projects",
    title=N_("Livelihood projects"),
    sheet="民生实事项目台账",
    columns=(
        Column("number", "编号", max_length=32, width=12, note="由议事通填写；新增的行请留空。"),
        Column("year", "年度", "int", required=True, width=7),
        Column("title", "项目名称", required=True, max_length=200, width=24),
        Column("source", "建议来源", "choice", choices=tuple(SOURCE_ZH.items()), width=10),
        Column("proposer", "提出人", required=True, max_length=100, width=10),
        Column("community", "社区", "ref", width=12),
        Column("content", "建议内容", "note", max_length=4000, width=30),
        Column("estimated_cost", "估算投资（元）", "int", width=12),
        Column("unit", "实施单位", max_length=100, width=16),
        Column("proposed_on", "征集日期", "date", width=11),
        Column("stage", "所处阶段", max_length=32, width=10, note="由议事通填写。"),
        Column("budget", "预算（元）", "int", width=12, note="由议事通填写。"),
        Column("spent", "已支出（元）", "int", width=12, note="由议事通填写。"),
        Column("late", "滞后节点", "int", width=8, note="由议事通填写。"),
        Column("satisfaction", "满意率", max_length=16, width=8, note="由议事通填写。"),
        Column(
            "id",
            "系统编号",
            "record_id",
            width=38,
            note="由议事通填写，用于再次导入时更新同一条记录；新增的行请留空。",
        ),
    ),
    match_keys=(("year", "title", "proposer"),),
)


def _communities(session: Session) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, cid in session.execute(
        select(Community.name, Community.id)
        .where(Community.deleted_at.is_(None))
        .order_by(Community.sort_order, Community.name)
    ):
        out.setdefault(name, cid)
    return out


def _pct(rate: str) -> str | None:
    if not rate:
        return None
    num, _, den = rate.partition("/")
    return wording.percent(int(num), int(den)) if int(den) else None


def _read_only_refused() -> ValidationError:
    return ValidationError(
        N_(
            "The number, stage, budget, spent, late milestones and satisfaction columns are "
            "filled by Yishi and cannot be changed by an import."
        )
    )


class ProjectsAdapter(LedgerAdapter):
    ledger = PROJECTS
    model = Project

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        query = (
            select(Project)
            .where(Project.deleted_at.is_(None), Project.kind == "livelihood")
            .order_by(Project.year, Project.number)
        )
        if ids is not None:
            query = query.where(Project.id.in_(list(ids)))
        projects = list(session.scalars(query))
        rows = {r.id: r for r in views.rows_for(session, projects)}
        coms = {v: k for k, v in _communities(session).items()}
        for p in projects:
            r = rows[p.id]
            yield Existing(
                p.id,
                p.version,
                {
                    "number": p.number,
                    "year": p.year,
                    "title": p.title,
                    "source": p.source,
                    "proposer": p.proposer,
                    "community": coms.get(p.community_id or "") or None,
                    "content": p.content or None,
                    "estimated_cost": p.estimated_cost,
                    "unit": p.unit or None,
                    "proposed_on": p.proposed_on,
                    "stage": gettext(core.STATUS_LABELS[p.status]),
                    "budget": p.budget,
                    "spent": p.spent,
                    "late": r.late,
                    "satisfaction": _pct(p.satisfaction_rate),
                    "id": p.id,
                },
            )

    def references(self, session: Session) -> dict[str, list[str]]:
        return {"community": list(_communities(session))}

    def _input(
        self, session: Session, values: dict[str, Any], base: core.ProposalInput | None
    ) -> core.ProposalInput:
        fields: dict[str, Any] = (
            {
                "title": base.title,
                "content": base.content,
                "source": base.source,
                "proposer": base.proposer,
                "community_id": base.community_id,
                "estimated_cost": base.estimated_cost,
                "unit": base.unit,
                "proposed_on": base.proposed_on,
                "year": base.year,
            }
            if base
            else {"source": "representative"}
        )
        for key, value in values.items():
            if key in ("id",) or key in READ_ONLY:
                continue
            if key == "community":
                fields["community_id"] = _communities(session).get(value) if value else None
            elif key in ("estimated_cost", "year"):
                fields[key] = int(value or 0) if key == "estimated_cost" else value
            elif key == "proposed_on":
                fields[key] = value if isinstance(value, date) else None
            else:
                fields[key] = "" if value is None else str(value)
        fields.setdefault("title", "")
        fields.setdefault("proposer", "")
        return core.ProposalInput(**fields)

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        ids = []
        for values in rows:
            if any(values.get(k) not in (None, "", 0) for k in READ_ONLY):
                raise _read_only_refused()
            ids.append(core.propose(session, actor, self._input(session, values, None)).id)
        return ids

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        for id_, values in changes:
            if any(k in READ_ONLY for k in values):
                raise _read_only_refused()
            if "year" in values:
                raise ValidationError(
                    N_(
                        "A proposal's year cannot be changed; register it again for the other year."
                    ),
                    field="year",
                )
            p = core.get_project(session, id_)
            base = core.ProposalInput(
                title=p.title,
                content=p.content,
                source=p.source,
                proposer=p.proposer,
                community_id=p.community_id,
                estimated_cost=p.estimated_cost,
                unit=p.unit,
                proposed_on=p.proposed_on,
                year=p.year,
            )
            core.edit_proposal(session, actor, id_, self._input(session, values, base))


register(ProjectsAdapter())
