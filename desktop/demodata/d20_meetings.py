"""Demo: six past representative meetings (one a quarter) with attendance, agendas, minutes
and resolutions, plus the next meeting, planned. Needs the roster step (``d10_roster``):
``ctx.shared["term_id"]`` and the representatives and deputies it created."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.meetings import Attendance, Meeting
from desktop.reports.meeting_papers import cn_number
from desktop.services import meetings
from desktop.services.meetings import agenda, minutes
from desktop.services.street import current as current_street

CHINA = timedelta(hours=8)

#: (agenda items (kind, title, department, reporter, summary, minutes text), resolutions (title, result))
PROGRAMME: list[tuple[list[tuple[str, str, str, str, str, str]], list[tuple[str, str]]]] = [
    (
        [
            (
                "other",
                "审议通过《街道议事代表会议议事规则》",
                "",
                "",
                "",
                "与会代表逐条审议议事规则草案，对代表请假程序、议题征集方式提出修改意见，修改后提交表决。",
            ),
            (
                "report",
                "听取街道民生实事项目征集情况的报告",
                "街道党政办",
                "刘德明",
                "共收集群众意见建议326条，梳理形成候选项目12个。",
                "代表们认为征集渠道广泛，建议对候选项目的资金测算再细化。",
            ),
            (
                "vote",
                "票决年度民生实事项目",
                "",
                "",
                "12个候选项目，应选10个。",
                "采用无记名投票方式票决，当场计票并公布结果。",
            ),
        ],
        [("通过《街道议事代表会议议事规则》", "adopted"), ("确定年度十件民生实事项目", "adopted")],
    ),
    (
        [
            (
                "report",
                "听取街道关于老旧小区改造工作情况的报告",
                "街道城市管理办公室",
                "黄志刚",
                "今年计划改造小区9个，已开工6个，惠及居民2100余户。",
                "代表们对改造进度给予肯定，反映部分小区施工期间出行不便，建议设置临时通道并提前公示工期。",
            ),
            (
                "deliberation",
                "协商背街小巷环境整治",
                "",
                "",
                "",
                "代表们围绕占道经营、垃圾清运时间等问题充分协商，形成三条意见建议，交街道办理。",
            ),
        ],
        [("同意老旧小区改造工作情况报告", "adopted")],
    ),
    (
        [
            (
                "report",
                "听取民生实事项目中期推进情况的报告",
                "街道社区发展中心",
                "陈红",
                "十件民生实事中，已完工3件，按进度推进6件，1件滞后。",
                "代表们要求对滞后项目说明原因并明确完成时限，下次会议专题报告。",
            ),
            (
                "deliberation",
                "协商解决老旧小区停车难问题",
                "",
                "",
                "",
                "代表们提出错时共享停车、挖潜增设车位等建议，街道表示将会同物业研究落实。",
            ),
        ],
        [("关于加快推进滞后民生实事项目的意见", "adopted")],
    ),
    (
        [
            (
                "report",
                "听取街道全年工作情况的报告",
                "街道办事处",
                "周建平",
                "全年完成主要目标任务，民生支出占比达到七成。",
                "代表们对全年工作表示满意，建议来年加大养老服务设施投入。",
            ),
            (
                "vote",
                "民生实事项目满意度测评",
                "",
                "",
                "对十件民生实事逐项测评。",
                "现场发放测评表，当场收回并统计。",
            ),
        ],
        [("同意街道全年工作情况报告", "adopted")],
    ),
    (
        [
            (
                "report",
                "听取新年度民生实事候选项目论证情况的报告",
                "街道党政办",
                "刘德明",
                "经论证初选，形成候选项目12个，估算资金1860万元。",
                "代表们对候选项目逐一询问，重点关注资金来源和后期管护。",
            ),
            (
                "vote",
                "票决新年度民生实事项目",
                "",
                "",
                "12个候选项目，应选10个。",
                "采用无记名投票方式票决，监票人、计票人由代表推选产生。",
            ),
            (
                "other",
                "通报上次会议意见建议办理情况",
                "街道人大工委",
                "王建国",
                "",
                "上次会议提出的意见建议8条，已办结7条，1条正在办理。",
            ),
        ],
        [("确定新年度十件民生实事项目", "adopted"), ("关于增设社区食堂的建议", "rejected")],
    ),
    (
        [
            (
                "report",
                "听取社区养老服务中心建设情况的报告",
                "街道民政和社会事务办",
                "杨晓燕",
                "新建社区养老服务站3个，助餐点5个。",
                "代表们建议延长助餐点服务时间，并向高龄独居老人提供送餐上门服务。",
            ),
            (
                "deliberation",
                "协商既有住宅加装电梯工作",
                "",
                "",
                "",
                "代表们就加装电梯资金分摊、低层住户补偿等问题充分协商，建议街道制定统一的协商指引。",
            ),
        ],
        [("关于推进既有住宅加装电梯的意见", "adopted")],
    ),
]
LEAVE_REASONS = ("出差", "生病住院", "外出学习", "家中有事", "工作冲突")


def _at(day: datetime, hh: int, mm: int) -> datetime:
    """A Beijing wall-clock time on ``day`` as aware UTC."""
    return datetime.combine(day.date(), time(hh, mm), tzinfo=UTC) - CHINA


@register("meetings")
def build(ctx: DemoContext) -> None:
    if "term_id" not in ctx.shared:
        raise RuntimeError("the meetings demo step needs the roster step (d10_roster) to run first")
    s, rng, actor = ctx.session, ctx.rng, ctx.actor
    street = current_street(s)
    street_name = street.name if street else ""
    term_id: str = ctx.shared["term_id"]
    term = meetings.term_name(s, term_id)
    staff = ("王建国", "李晓梅")
    meeting_ids: list[str] = []
    vote_items: dict[str, list[str]] = {}  # meeting id → its "vote" agenda items (for polls)
    today = datetime.combine(ctx.today, time(0), tzinfo=UTC)
    for index, (items, resolutions) in enumerate(PROGRAMME):
        number = index + 1
        day = today - timedelta(days=91 * (len(PROGRAMME) - index))
        day -= timedelta(days=(day.weekday() - 2) % 7)  # a Wednesday
        starts = _at(day, 9, 30)
        info = meetings.create_meeting(
            s,
            actor,
            title=f"{street_name}{term}议事代表会议第{cn_number(number)}次会议",
            starts_at=starts,
            venue="街道办事处三楼会议室" if number % 2 else "解放碑社区党群服务中心",
            convener="街道人大工委",
            presiding=staff[0],
            minute_taker=staff[1],
            term_id=term_id,
            number=number,
        )
        item_ids = []
        for kind, title, department, reporter, summary, text in items:
            added = agenda.add_item(
                s,
                actor,
                info.id,
                kind=kind,
                title=title,
                department=department,
                reporter=reporter,
                summary=summary,
                minutes_text=text,
            )
            item_ids.append(added.id)
            if kind == "vote":
                vote_items.setdefault(info.id, []).append(added.id)
        meetings.open_meeting(s, actor, info.id)
        rows = s.scalars(select(Attendance).where(Attendance.meeting_id == info.id)).all()
        for att in rows:
            roll = rng.random()
            if roll < 0.86:
                att.status = "present"
                att.signed_at = starts - timedelta(
                    minutes=rng.randint(2, 28), seconds=rng.randint(0, 59)
                )
                att.sign_method = "card" if rng.random() < 0.8 else "desk"
            elif roll < 0.95:
                att.status = "on_leave"
                att.leave_reason = rng.choice(LEAVE_REASONS)
                att.sign_method = "manual"
        present = sum(1 for r in rows if r.voting and r.status == "present")
        for n, (title, result) in enumerate(resolutions):
            against = rng.randint(0, 3)
            votes = (
                f"赞成{present - against}票，反对{against}票，弃权0票"
                if result == "adopted"
                else (f"赞成{present // 3}票，反对{present - present // 3}票，弃权0票")
            )
            minutes.add_resolution(
                s,
                actor,
                info.id,
                title=title,
                result=result,
                votes_summary=votes,
                agenda_item_id=item_ids[
                    min(n + (1 if len(item_ids) > 2 else 0), len(item_ids) - 1)
                ],
            )
        meetings.update_meeting(
            s,
            actor,
            info.id,
            minutes_text="会议在规定时间内完成各项议程。主持人对代表意见建议的办理作了安排。",
        )
        meetings.close_meeting(s, actor, info.id)
        meeting = s.get(Meeting, info.id)
        assert meeting is not None
        meeting.opened_at = starts - timedelta(minutes=30)
        meeting.closed_at = starts + timedelta(hours=2, minutes=rng.randint(0, 40))
        meeting_ids.append(info.id)
    # The next meeting, planned, with its agenda ready.
    day = today + timedelta(days=10)
    upcoming = meetings.create_meeting(
        s,
        actor,
        title=f"{street_name}{term}议事代表会议第{cn_number(len(PROGRAMME) + 1)}次会议",
        starts_at=_at(day, 9, 30),
        venue="街道办事处三楼会议室",
        convener="街道人大工委",
        presiding=staff[0],
        minute_taker=staff[1],
        term_id=term_id,
    )
    agenda.add_item(
        s,
        actor,
        upcoming.id,
        kind="report",
        title="听取民生实事项目全年完成情况的报告",
        department="街道社区发展中心",
        reporter="陈红",
    )
    rating = agenda.add_item(s, actor, upcoming.id, kind="vote", title="民生实事项目满意度测评")
    vote_items[upcoming.id] = [rating.id]
    agenda.add_item(s, actor, upcoming.id, kind="deliberation", title="协商社区微更新项目")
    meeting_ids.append(upcoming.id)
    s.flush()
    ctx.shared["meeting_ids"] = meeting_ids
    ctx.shared["upcoming_meeting_id"] = upcoming.id
    ctx.shared["vote_agenda_item_ids"] = vote_items
