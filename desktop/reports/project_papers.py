"""Papers of the livelihood projects (民生实事, ReportLab, A4):

* 候选项目表 — the shortlist with its estimated costs and their total, for the meeting papers;
* 采纳情况反馈表 — every screened proposal with its feedback, by proposer (or one proposer);
* 年度民生实事项目工作报告 — the five steps with their dates and figures, in 公文 layout;
* 满意度测评结果公开栏 — each project's satisfaction counts and rate, and the unit scores;
* 项目推进情况通报 — every chosen project's status, for the next meeting's agenda.

The layout helpers (红头, grid, 落款) are the duty-activity papers' own.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.projects import Project, ProjectCycle
from desktop.reports.activity_papers import (
    WIDTH,
    _committee,
    _esc,
    _font,
    _grid,
    _official_head,
    _save,
    _signature,
    _Styles,
)
from desktop.reports.wrap import Paragraph, keep_with_last
from desktop.services import polls, wording
from desktop.services.permissions import Actor, Permission
from desktop.services.projects import views, voting


def _wan(value: int) -> str:
    return f"{value / 10_000:,.2f}"


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _rate_pct(rate: str) -> str:
    if not rate:
        return "—"
    num, _, den = rate.partition("/")
    return wording.percent(int(num), int(den))


def _start(session: Session, title: str) -> tuple[_Styles, str, list[Flowable]]:
    st = _Styles(_font(session))
    committee = _committee(session)
    return st, committee, _official_head(st, committee, title)


# ------------------------------------------------------------------------------ shortlist


def shortlist(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """候选项目表: the shortlisted (or already voted) candidates with costs and their total."""
    actor.require(Permission.VIEW)
    rows = [
        r
        for r in views.year_rows(session, year)
        if r.status
        in (
            "shortlisted",
            "voting",
            "tied",
            "chosen",
            "not_chosen",
            "implementing",
            "completed",
            "evaluated",
        )
    ]
    title = f"{year}年民生实事候选项目表"
    st, committee, story = _start(session, title)
    small = st.ps(9, 13)
    cyc = voting.cycle(session, year)
    quota = ""
    if cyc is not None and cyc.vote_poll_id:
        poll = polls.get_poll(session, cyc.vote_poll_id)
        quota = f"，由代表票决产生{poll.quota}个年度民生实事项目"
    story.append(
        Paragraph(
            _esc(
                f"经论证初选，共确定候选项目{len(rows)}个，估算总投资{_wan(sum(r.estimated_cost for r in rows))}万元{quota}。"
            ),
            st.ps(12, 22, firstLineIndent=24),
        )
    )
    data: list[list[Any]] = [["序号", "项目名称", "实施单位", "估算投资\n（万元）", "建议来源"]]
    for n, r in enumerate(rows, 1):
        data.append(
            [
                str(n),
                Paragraph(_esc(r.title), small),
                Paragraph(_esc(r.unit or "—"), small),
                _wan(r.estimated_cost),
                Paragraph(_esc(f"{r.source_label}（{r.proposer}）"), small),
            ]
        )
    data.append(["", "合计", "", _wan(sum(r.estimated_cost for r in rows)), ""])
    fixed = [12, 0, 38, 28, 38]
    rest = WIDTH - sum(fixed) * mm
    table = _grid(data, [w * mm if w else rest for w in fixed], st.font)
    story.append(table)
    keep_with_last(story, _signature(st, committee, today or date.today()))
    return _save(path, story, title, st.font)


# ------------------------------------------------------------------------------ feedback


def feedback_list(
    session: Session,
    actor: Actor,
    path: Path | str,
    year: int,
    *,
    proposer: str | None = None,
    today: date | None = None,
) -> Path:
    """采纳情况反馈表 for the year (or for one proposer)."""
    actor.require(Permission.VIEW)
    lines = [ln for ln in views.feedback_list(session, year) if proposer in (None, ln.proposer)]
    who = f"（{proposer}）" if proposer else ""
    title = f"{year}年民生实事项目建议采纳情况反馈表{who}"
    st, committee, story = _start(session, title)
    small = st.ps(9, 13)
    done = sum(1 for ln in lines if ln.feedback)
    story.append(
        Paragraph(
            _esc(f"共收到并论证项目建议{len(lines)}条，已反馈{done}条。"),
            st.ps(12, 22, firstLineIndent=24),
        )
    )
    data: list[list[Any]] = [
        ["提出人", "编号", "项目建议", "处理结果", "是否采纳", "理由", "反馈日期"]
    ]
    for ln in lines:
        data.append(
            [
                Paragraph(_esc(ln.proposer), small),
                ln.number,
                Paragraph(_esc(ln.title), small),
                Paragraph(_esc(ln.decision), small),
                ln.feedback or "未反馈",
                Paragraph(_esc(ln.reason or "—"), small),
                ln.on.strftime("%m-%d") if ln.on else "—",
            ]
        )
    fixed = [18, 24, 0, 20, 16, 42, 15]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    keep_with_last(story, _signature(st, committee, today or date.today()))
    return _save(path, story, title, st.font)


# ------------------------------------------------------------------------------ yearly report


def _first_date(session: Session, year: int, column: Any) -> date | None:
    return session.scalar(
        select(func.min(column)).where(
            Project.year == year, Project.kind == "livelihood", Project.deleted_at.is_(None)
        )
    )


def _last_date(session: Session, year: int, column: Any) -> date | None:
    return session.scalar(
        select(func.max(column)).where(
            Project.year == year, Project.kind == "livelihood", Project.deleted_at.is_(None)
        )
    )


def yearly_report(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """年度民生实事项目工作报告: the five steps with their dates and figures."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    rows = views.year_rows(session, year, today=today)
    cyc = session.scalar(
        select(ProjectCycle).where(ProjectCycle.year == year, ProjectCycle.kind == "livelihood")
    )
    title = f"关于{year}年民生实事项目工作情况的报告"
    st, committee, story = _start(session, title)
    body = st.ps(12, 22, firstLineIndent=24)
    head = st.ps(12, 22, firstLineIndent=24)
    chosen = [r for r in rows if r.status in ("chosen", "implementing", "completed", "evaluated")]
    story.append(
        Paragraph(
            _esc(
                f"{year}年，街道按照项目征集、论证初选、代表票决、办理实施、监督评议五个步骤推进民生实事项目，"
                f"共征集项目建议{len(rows)}条，票决产生项目{len(chosen)}个，"
                f"安排预算{_wan(sum(r.budget for r in chosen))}万元，已支出{_wan(sum(r.spent for r in chosen))}万元。"
                "现将有关情况报告如下。"
            ),
            body,
        )
    )
    sources: dict[str, int] = {}
    for r in rows:
        sources[r.source_label] = sources.get(r.source_label, 0) + 1
    first, last = (
        _first_date(session, year, Project.proposed_on),
        _last_date(session, year, Project.proposed_on),
    )
    story.append(Paragraph("一、项目征集", head))
    story.append(
        Paragraph(
            _esc(
                f"{_cn(first)}至{_cn(last)}，常态化征集项目建议{len(rows)}条，其中"
                + "、".join(f"{k}{n}条" for k, n in sources.items())
                + f"，估算总投资{_wan(sum(r.estimated_cost for r in rows))}万元。"
            ),
            body,
        )
    )
    screened = [r for r in rows if r.status != "proposed"]
    decided = _last_date(session, year, Project.decided_on)
    counts = {
        s: sum(1 for r in rows if r.status == s) for s in ("merged", "rejected", "to_opinion")
    }
    shortlisted = len(screened) - sum(counts.values())
    fed_back = sum(1 for r in screened if r.feedback)
    story.append(Paragraph("二、论证初选", head))
    story.append(
        Paragraph(
            _esc(
                f"{_cn(cyc.screened_on if cyc else decided)}，经论证初选，{shortlisted}条入选候选项目，"
                f"合并{counts['merged']}条，不予采纳{counts['rejected']}条，转意见建议办理{counts['to_opinion']}条；"
                f"已向提出人反馈采纳情况{fed_back}条（共{len(screened)}条）。"
            ),
            body,
        )
    )
    story.append(Paragraph("三、代表票决", head))
    if cyc is not None and cyc.vote_poll_id:
        poll = polls.get_poll(session, cyc.vote_poll_id)
        cert = polls.latest_certificate(session, poll.id)
        result = cert.result if cert else {}
        when = _cn(cert.certified_at.date()) if cert else "尚未确认"
        story.append(
            Paragraph(
                _esc(
                    f"{when}，对{len(poll.options)}个候选项目进行票决，应选{poll.quota}个，"
                    f"发出选票{result.get('issued', '—')}张，收回{result.get('returned', '—')}张，"
                    f"有效{result.get('valid', '—')}张；当选{len(result.get('chosen', []))}个"
                    + (f"，空缺{result['unfilled']}个" if result.get("unfilled") else "")
                    + (f"，得票相同待再次票决{len(result['tied'])}个" if result.get("tied") else "")
                    + "。"
                ),
                body,
            )
        )
    else:
        story.append(Paragraph("尚未进行代表票决。", body))
    story.append(Paragraph("四、办理实施", head))
    late = [r for r in chosen if r.late]
    done = [r for r in chosen if r.status in ("completed", "evaluated")]
    story.append(
        Paragraph(
            _esc(
                f"{len(chosen)}个项目全部交办实施单位，已完工{len(done)}个，"
                + (
                    f"有滞后节点的{len(late)}个（{'、'.join(r.title for r in late)}）。"
                    if late
                    else "无滞后节点。"
                )
            ),
            body,
        )
    )
    small = st.ps(9, 13)
    data: list[list[Any]] = [
        ["项目", "实施单位", "预算\n（万元）", "已支出\n（万元）", "状态", "满意率"]
    ]
    for r in chosen:
        data.append(
            [
                Paragraph(_esc(r.title), small),
                Paragraph(_esc(r.unit), small),
                _wan(r.budget),
                _wan(r.spent),
                # a Paragraph, so 办理实施中（滞后） wraps in its cell instead of running over
                Paragraph(_esc(r.status_label + ("（滞后）" if r.late else "")), small),
                _rate_pct(r.satisfaction_rate),
            ]
        )
    fixed = [0, 34, 22, 22, 26, 18]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("五、监督评议", head))
    evaluated = [r for r in chosen if r.satisfaction_rate]
    if evaluated:
        low = [r for r in evaluated if _rate_value(r.satisfaction_rate) < 0.7]
        story.append(
            Paragraph(
                _esc(
                    f"组织代表对{len(evaluated)}个项目进行满意度测评，"
                    + (
                        f"满意率低于70%的{len(low)}个（{'、'.join(r.title for r in low)}），已督促整改。"
                        if low
                        else "各项目满意率均在70%以上。"
                    )
                ),
                body,
            )
        )
        for u in voting.unit_scores(session, year, today=today):
            story.append(
                Paragraph(_esc(f"{u.unit}：{u.projects}个项目，考核得分{u.score}分。"), body)
            )
    else:
        story.append(Paragraph("尚未进行满意度测评。", body))
    keep_with_last(story, _signature(st, committee, today))
    return _save(path, story, title, st.font)


def _rate_value(rate: str) -> float:
    num, _, den = rate.partition("/")
    return int(num) / int(den) if int(den) else 0.0


# ------------------------------------------------------------------------------ 公开栏


def evaluation_board(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """实事办理结果满意度测评情况公开栏."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    projects = voting.year_projects(session, year, ("evaluated",))
    title = f"{year}年民生实事项目办理结果满意度测评情况公开栏"
    st, committee, story = _start(session, title)
    small = st.ps(9, 13)

    data: list[list[Any]] = [["序号", "项目", "实施单位", "满意", "基本满意", "不满意", "满意率"]]
    for n, p in enumerate(projects, 1):
        levels = json.loads(p.satisfaction_json or "{}")
        data.append(
            [
                str(n),
                Paragraph(_esc(p.title), small),
                Paragraph(_esc(p.unit), small),
                str(levels.get("满意", 0)),
                str(levels.get("基本满意", 0)),
                str(levels.get("不满意", 0)),
                _rate_pct(p.satisfaction_rate),
            ]
        )
    fixed = [10, 0, 36, 14, 18, 16, 18]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph("实施单位考核得分", st.ps(12, 22)))
    scores: list[list[Any]] = [["实施单位", "项目数", "得分", "加分、扣分情况"]]
    for u in voting.unit_scores(session, year, today=today):
        scores.append(
            [
                Paragraph(_esc(u.unit), small),
                str(u.projects),
                str(u.score),
                Paragraph(_esc("；".join(u.lines) or "—"), small),
            ]
        )
    fixed = [40, 14, 14, 0]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(scores, [w * mm if w else rest for w in fixed], st.font))
    story.append(Paragraph("满意率 =（满意 + 基本满意）÷ 有效票。欢迎群众监督。", st.ps(9, 14)))
    keep_with_last(story, _signature(st, committee, today))
    return _save(path, story, title, st.font)


# ------------------------------------------------------------------------------ 推进情况


def progress_notice(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """项目推进情况通报: a table of every chosen project's status for a meeting's agenda."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    rows = [
        r
        for r in views.year_rows(session, year, today=today)
        if r.status in ("chosen", "implementing", "completed", "evaluated")
    ]
    title = f"{year}年民生实事项目推进情况通报"
    st, committee, story = _start(session, title)
    small = st.ps(9, 13)
    done = sum(1 for r in rows if r.status in ("completed", "evaluated"))
    late = sum(1 for r in rows if r.late)
    story.append(
        Paragraph(
            _esc(
                f"截至{_cn(today)}，{year}年{len(rows)}个民生实事项目中，已完工{done}个，"
                f"按进度推进{len(rows) - done - late}个，滞后{late}个。具体情况如下。"
            ),
            st.ps(12, 22, firstLineIndent=24),
        )
    )
    data: list[list[Any]] = [
        ["序号", "项目", "实施单位", "预算\n（万元）", "已支出\n（万元）", "进展", "最近报告"]
    ]
    for n, r in enumerate(rows, 1):
        detail = views.detail(session, r.id, today)
        reached = sum(1 for m in detail.milestones if m.actual_on)
        latest = next((h for h in reversed(detail.reports) if "进度报告" in h.text), None)
        state = r.status_label if not r.late else f"滞后{r.late}个节点"
        data.append(
            [
                str(n),
                Paragraph(_esc(r.title), small),
                Paragraph(_esc(r.unit), small),
                _wan(r.budget),
                _wan(r.spent),
                Paragraph(_esc(f"{state}（节点{reached}/{len(detail.milestones)}）"), small),
                Paragraph(_esc(f"{latest.on} {latest.text}" if latest else "—"), small),
            ]
        )
    fixed = [10, 0, 28, 18, 18, 26, 40]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    keep_with_last(story, _signature(st, committee, today))
    return _save(path, story, title, st.font)


# ------------------------------------------------------------------------------ 微实事


def micro_account(
    session: Session, actor: Actor, path: Path | str, year: int, *, today: date | None = None
) -> Path:
    """微实事项目年度台账: counts and amounts, then every micro-project of the year."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    acc = views.micro_account(session, year, today)
    title = f"{year}年微实事项目年度台账"
    st, committee, story = _start(session, title)
    small = st.ps(9, 13)
    story.append(
        Paragraph(
            _esc(
                f"{year}年，各社区申报微实事项目{acc.applied}个，经社区议事决定实施{acc.approved}个、"
                f"不予实施{acc.rejected}个，已验收{acc.accepted}个；批准资金{_wan(acc.funds_approved)}万元，"
                f"已支出{_wan(acc.funds_spent)}万元。"
            ),
            st.ps(12, 22, firstLineIndent=24),
        )
    )
    data: list[list[Any]] = [
        ["编号", "项目", "申报社区", "状态", "批准资金\n（元）", "已支出\n（元）"]
    ]
    for r in acc.rows:
        data.append(
            [
                r.number,
                Paragraph(_esc(r.title), small),
                Paragraph(_esc(r.community), small),
                r.status_label,
                f"{r.budget:,}",
                f"{r.spent:,}",
            ]
        )
    data.append(["合计", "", "", "", f"{acc.funds_approved:,}", f"{acc.funds_spent:,}"])
    fixed = [24, 0, 28, 24, 20, 20]
    rest = WIDTH - sum(fixed) * mm
    story.append(_grid(data, [w * mm if w else rest for w in fixed], st.font))
    keep_with_last(story, _signature(st, committee, today))
    return _save(path, story, title, st.font)
