"""Demo: the follow-up of the last two meetings' resolutions and 审议意见 (one reviewed and
waiting for its rating at the next meeting, one sent back and reported again, one overdue, one
reported and waiting for the committee's review, one formed and not yet assigned), and the input raised at the last meeting (an opinion in the ledger, a 动议
turned into a project proposal, a 动议 still open). Needs the meetings step (``d20_meetings``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.meetings import Meeting, Resolution
from desktop.models.roster import Representative
from desktop.services.followup import core, motions


def _held_on(ctx: DemoContext, meeting_id: str) -> date:
    meeting = ctx.session.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting.starts_at.date()


def _resolutions(ctx: DemoContext, meeting_id: str) -> list[Resolution]:
    return list(
        ctx.session.scalars(
            select(Resolution)
            .where(Resolution.meeting_id == meeting_id, Resolution.deleted_at.is_(None))
            .order_by(Resolution.created_at)
        )
    )


def _names(ctx: DemoContext, ids: list[str]) -> list[str]:
    out = []
    for rep_id in ids:
        rep = ctx.session.get(Representative, rep_id)
        if rep is not None:
            out.append(rep.name)
    return out


def _after(day: date, n: int) -> date:
    return day + timedelta(days=n)


@register("followup")
def build(ctx: DemoContext) -> None:
    ids: list[str] = ctx.shared.get("meeting_ids", [])
    held = [i for i in ids if i != ctx.shared.get("upcoming_meeting_id")]
    if len(held) < 2:
        return
    s, actor, today = ctx.session, ctx.actor, ctx.today
    before_last, last = held[-2], held[-1]

    # The meeting before last: a resolution handled, reviewed, waiting for its rating; a
    # 审议意见 whose first report was sent back and which is being handled again.
    day = _held_on(ctx, before_last)
    res = _resolutions(ctx, before_last)
    if res:
        a = core.create(s, actor, before_last, resolution_id=res[0].id)
        core.assign(
            s,
            actor,
            a.id,
            unit="街道城市管理办公室",
            contact_person="黄志刚",
            requirement="逐项落实决议要求，两个月内书面报告研究处理情况。",
            assigned_on=_after(day, 3),
            days=40,
        )
        core.record_report(
            s,
            actor,
            a.id,
            text="已按决议要求完成6个小区施工期间临时通道设置，工期已在小区公示栏公示。",
            reported_on=_after(day, 40),
        )
        core.review(
            s,
            actor,
            a.id,
            verdict="accepted",
            text="报告内容属实，措施具体，同意提交下次议事代表会议进行满意度测评。",
            reviewed_on=_after(day, 45),
        )
    b = core.create(
        s,
        actor,
        before_last,
        title="关于加强辖区背街小巷环境卫生管理的审议意见",
        content="代表们反映部分背街小巷垃圾清运不及时，建议增加清运频次，建立长效保洁机制。",
    )
    core.assign(
        s,
        actor,
        b.id,
        unit="街道城管办",
        contact_person="刘建军",
        assigned_on=_after(day, 3),
        days=20,
    )
    core.record_report(s, actor, b.id, text="正在调研。", reported_on=_after(day, 25))
    core.review(
        s,
        actor,
        b.id,
        verdict="redo",
        text="报告未提出具体措施和完成时限，退回重新研究办理。",
        reviewed_on=_after(day, 30),
        days=30,
    )
    core.record_report(
        s,
        actor,
        b.id,
        text="已将背街小巷垃圾清运增加至每日两次，建立网格保洁责任制，纳入月度考核。",
        reported_on=_after(day, 60),
    )

    # The last meeting: one overdue, one reported awaiting review, one not yet assigned.
    day = _held_on(ctx, last)
    res = _resolutions(ctx, last)
    c = core.create(
        s,
        actor,
        last,
        resolution_id=res[0].id if res else None,
        title="" if res else "关于社区养老服务设施建设的决议",
    )
    core.assign(
        s,
        actor,
        c.id,
        unit="街道民政办",
        contact_person="张丽",
        requirement="研究增设社区老年助餐点，书面报告研究处理情况。",
        assigned_on=_after(day, 2),
        days=20,
    )
    d = core.create(
        s,
        actor,
        last,
        title="关于停车难问题的审议意见",
        content="建议挖潜增设停车泊位，推行错时共享停车。",
    )
    core.assign(
        s, actor, d.id, unit="区住建委", contact_person="何伟", assigned_on=_after(day, 2), days=30
    )
    core.record_report(
        s,
        actor,
        d.id,
        text="已梳理可共享车位320个，与3家单位签订错时共享协议。",
        reported_on=min(_after(day, 35), today),
    )
    core.create(
        s,
        actor,
        last,
        title="关于加强辖区消防通道管理的审议意见",
        content="建议对十八梯片区消防通道占用问题开展专项整治。",
    )

    # Input raised at the last meeting.
    reps: list[str] = ctx.shared.get("representative_ids", [])
    if len(reps) >= 5:
        motions.register(
            s,
            actor,
            last,
            kind="opinion",
            title="七星岗公交站台无遮雨棚",
            content="雨天候车居民无处避雨，建议增设遮雨棚。",
            representative_id=reps[0],
            category="transport.bus",
        )
        m = motions.register(
            s,
            actor,
            last,
            kind="motion",
            title="大井巷社区增设老年助餐点",
            content="辖区独居老人较多，建议列入明年民生实事项目。",
            representative_id=reps[1],
            seconders="、".join(_names(ctx, reps[3:5])),
        )
        motions.to_project(
            s,
            actor,
            m.id,
            year=today.year + 1,
            estimated_cost=300_000,
            unit="街道民政办",
            today=today,
        )
        motions.register(
            s,
            actor,
            last,
            kind="motion",
            title="白象街增设夜间照明",
            content="白象街部分路段夜间无照明，存在安全隐患。",
            representative_id=reps[2],
        )
