"""Demo: two years of livelihood projects (民生实事) through the five steps, and micro-projects.

Last year's cycle is complete: proposals, screening (with a merge, a rejection and one turned
into an opinion), the representatives' vote (12 candidates, 10 places), implementation with
milestones and progress reports, and the satisfaction evaluation — one project is rated
mostly 不满意. This year's cycle is in implementation: one project is behind, with a late
milestone, so the queue and the home page have something to show; a few proposals for next
year wait for screening. Everything goes through the services (audited, captured), using
the poll and counting services for both polls.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.polls import Poll, TallyCertificate
from desktop.models.roster import Community
from desktop.services import polls
from desktop.services.polls import ballots
from desktop.services.projects import core, voting

#: (title, implementing unit, estimated cost in yuan, popularity, source)
PROPOSALS: tuple[tuple[str, str, int, float, str], ...] = (
    ("老旧小区加装电梯", "区住房城乡建委", 3_600_000, 0.95, "representative"),
    ("背街小巷路面整治", "街道城市管理办公室", 1_200_000, 0.9, "opinion"),
    ("社区食堂助餐点建设", "街道民政办", 800_000, 0.92, "deputy"),
    ("公共厕所改造", "街道城市管理办公室", 650_000, 0.85, "department"),
    ("人行道无障碍改造", "区交通局", 900_000, 0.8, "representative"),
    ("消防通道疏通", "街道平安办", 300_000, 0.88, "meeting"),
    ("停车位增设", "区交通局", 1_500_000, 0.75, "opinion"),
    ("雨污分流改造", "区水利局", 2_800_000, 0.82, "department"),
    ("社区健身步道", "街道社区发展中心", 700_000, 0.7, "representative"),
    ("儿童游乐场", "街道社区发展中心", 450_000, 0.78, "deputy"),
    ("路灯智能化改造", "街道城市管理办公室", 520_000, 0.35, "representative"),
    ("农贸市场提档升级", "区商务委", 1_900_000, 0.3, "opinion"),
)
EXTRA = (
    ("加装电梯补贴宣传", "merged", "与加装电梯项目合并推进"),
    ("修建地下停车场", "rejected", "投资超出街道财力，建议纳入区级规划"),
    ("楼道照明维修", "to_opinion", "属物业日常维修，转意见建议交承办单位办理"),
)
PROPOSERS = ("张秀兰", "刘建国", "王代表", "陈明", "杨丽", "赵德华", "黄伟", "周芳")
MICRO = (
    ("楼栋休闲座椅安装", 18_000),
    ("小区信报箱更换", 26_000),
    ("院坝雨棚维修", 35_000),
)


def _vote(ctx: DemoContext, poll_id: str, ballots_marks: list[dict[int, str]], when: date) -> None:
    s = ctx.session
    polls.log_print(s, ctx.actor, poll_id, count=len(ballots_marks) + 5, layout="a4")
    polls.open_poll(s, ctx.actor, poll_id)
    for serial, marks in enumerate(ballots_marks, 1):
        with s.no_autoflush:
            text = ballots.qr_texts(s, poll_id, serial, serial)[0]
        ballots.enter_ballot(s, ctx.actor, poll_id, text, marks)
    polls.close_voting(s, ctx.actor, poll_id, issued=len(ballots_marks))
    polls.certify(s, ctx.actor, poll_id, counters="李晓梅、周敏", scrutineers="陈志强、刘洋")
    # as it was certified at the meeting that day (the demo is built in one go)
    stamp = datetime.combine(when, time(10, 30), tzinfo=UTC)
    poll = s.get(Poll, poll_id)
    assert poll is not None
    poll.opened_at = poll.closed_at = poll.certified_at = stamp
    for cert in s.scalars(select(TallyCertificate).where(TallyCertificate.poll_id == poll_id)):
        cert.certified_at = stamp


def _cycle(ctx: DemoContext, year: int, communities: list[str], *, finished: bool) -> None:
    s, rng, actor = ctx.session, ctx.rng, ctx.actor
    collected = date(year - 1, 9, 1)
    ids: list[str] = []
    for n, (title, unit, cost, _pop, source) in enumerate(
        PROPOSALS + tuple((t, "", 100_000, 0.0, "opinion") for t, _d, _r in EXTRA)
    ):
        com = communities[n % len(communities)] if communities else None
        p = core.propose(
            s,
            actor,
            core.ProposalInput(
                title=title,
                content=f"居民多次反映{title}问题，建议列入{year}年民生实事项目。",
                source=source,
                proposer=PROPOSERS[n % len(PROPOSERS)],
                community_id=com,
                estimated_cost=cost,
                unit=unit,
                proposed_on=collected + timedelta(days=7 * n),
                year=year,
            ),
            today=ctx.today,
        )
        ids.append(p.id)
    screened = date(year - 1, 12, 5)
    for pid in ids[: len(PROPOSALS)]:
        core.screen(s, actor, pid, "shortlisted", "经论证，符合民生实事项目条件", on=screened)
    for pid, (_t, decision, reason) in zip(ids[len(PROPOSALS) :], EXTRA, strict=True):
        core.screen(s, actor, pid, decision, reason, merge_into=ids[0], on=screened)
    present = 36
    view = voting.create_vote_poll(
        s, actor, year, quota=10, members_total=40, present=present, on=screened
    )
    marks: list[dict[int, str]] = []
    for _ in range(present):
        fors = [no for no, (*_x, pop, _src) in enumerate(PROPOSALS, 1) if rng.random() < pop]
        marks.append({no: "for" for no in fors[:10]})
    _vote(ctx, view.id, marks, date(year, 1, 8))
    voting.read_back_vote(s, actor, view.id)
    for pid in ids:
        p = core.get_project(s, pid)
        adopted, reason = core.suggested_feedback(p)
        core.set_feedback(s, actor, pid, adopted, reason, on=date(year, 1, 10))
    chosen = [
        core.get_project(s, pid) for pid in ids if core.get_project(s, pid).status == "chosen"
    ]
    # the current year's projects started at least 100 days ago, whatever day the demo is built
    start = min(date(year, 3, 1), ctx.today - timedelta(days=100))
    for n, p in enumerate(chosen):
        late = not finished and n == 1
        milestones = [
            core.MilestoneInput("方案设计", start + timedelta(days=30), start + timedelta(days=28)),
            core.MilestoneInput(
                "开工建设",
                start + timedelta(days=75),
                None if late else start + timedelta(days=80),
            ),
            core.MilestoneInput(
                "竣工验收",
                start + timedelta(days=240) if finished else ctx.today + timedelta(days=45),
                start + timedelta(days=230) if finished else None,
            ),
        ]
        core.start(
            s,
            actor,
            p.id,
            unit=p.unit,
            responsible=PROPOSERS[(n + 3) % len(PROPOSERS)] + "（科长）",
            budget=p.estimated_cost,
            milestones=milestones,
            on=start,
        )
        report_on = start + timedelta(days=90)
        core.report_progress(
            s,
            actor,
            p.id,
            progress="late" if late else "on_track",
            on=report_on,
            note="施工许可审批延误，管线迁改未完成" if late else "",
            spent=p.estimated_cost // 3,
        )
        if finished:
            core.report_progress(
                s,
                actor,
                p.id,
                progress="done",
                on=start + timedelta(days=230),
                spent=int(p.estimated_cost * rng.uniform(0.9, 1.0)),
            )
        core.record_visit(
            s,
            actor,
            p.id,
            on=start + timedelta(days=100),
            note="人大代表集中视察项目现场，督促加快进度",
        )
    if finished:
        ev = voting.create_evaluation_poll(s, actor, year, members_total=40, present=present)
        rating: list[dict[int, str]] = []
        for _ in range(present):
            row: dict[int, str] = {}
            for no in range(1, len(ev.options) + 1):
                roll = rng.random()
                if no == 2:  # the dissatisfied one
                    row[no] = "不满意" if roll < 0.55 else "基本满意"
                else:
                    row[no] = "满意" if roll < 0.8 else ("基本满意" if roll < 0.97 else "不满意")
            rating.append(row)
        _vote(ctx, ev.id, rating, start + timedelta(days=260))
        voting.read_back_evaluation(s, actor, ev.id)


def _micro(ctx: DemoContext, year: int, communities: list[str]) -> None:
    s, actor = ctx.session, ctx.actor
    for n, (title, funds) in enumerate(MICRO):
        p = core.propose(
            s,
            actor,
            core.ProposalInput(
                title=title,
                content=f"社区居民议事会提出：{title}。",
                source="meeting",
                proposer="社区居委会",
                community_id=communities[n % len(communities)],
                estimated_cost=funds,
                unit="社区居委会",
                proposed_on=date(year, 2, 10),
                year=year,
                kind="micro",
            ),
            today=ctx.today,
        )
        core.decide_micro(
            s,
            actor,
            p.id,
            approved=True,
            funds=funds,
            reason="居民议事会表决通过",
            on=date(year, 3, 5),
        )
        core.start(
            s,
            actor,
            p.id,
            unit="社区居委会",
            responsible="社区书记",
            budget=funds,
            on=date(year, 3, 20),
        )
        if n < 2:
            core.accept_micro(
                s,
                actor,
                p.id,
                on=date(year, 6, 30),
                by="社区居务监督委员会",
                result="按申报内容完成，居民代表验收合格",
                spent=funds - 800 * (n + 1),
            )


@register("projects")
def build(ctx: DemoContext) -> None:
    communities: list[str] = ctx.shared.get("community_ids") or list(
        ctx.session.scalars(select(Community.id).where(Community.deleted_at.is_(None)))
    )
    year = ctx.today.year
    _cycle(ctx, year - 1, communities, finished=True)
    _cycle(ctx, year, communities, finished=False)
    if communities:
        _micro(ctx, year - 1, communities)
    for n, title in enumerate(("社区老年活动中心改造", "学校周边交通安全设施")):
        core.propose(
            ctx.session,
            ctx.actor,
            core.ProposalInput(
                title=title,
                content="年度常态化征集收到的建议。",
                source="opinion",
                proposer=PROPOSERS[n],
                community_id=communities[n % len(communities)] if communities else None,
                estimated_cost=600_000 + 200_000 * n,
                year=year + 1,
                proposed_on=ctx.today - timedelta(days=10 * (n + 1)),
            ),
            today=ctx.today,
        )
    ctx.shared["project_years"] = [year - 1, year]
