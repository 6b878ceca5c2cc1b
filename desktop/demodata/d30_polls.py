"""Demo polls: at the first past meeting, the certified 12-candidate, choose-10 vote on the
year's livelihood projects (民生实事项目票决); at the third, a certified satisfaction rating
of three departments' reports; and, for the planned next meeting, a draft rating.

Needs the meetings step (``d20_meetings``): ``ctx.shared["meeting_ids"]`` and
``ctx.shared["vote_agenda_item_ids"]``. The meetings are already closed when this step runs,
so the polls are opened as they were at the time (members and present frozen from the
meeting's attendance), then counted and certified through the services.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop.demo import DemoContext, register
from desktop.models.meetings import AgendaItem, Attendance, Meeting
from desktop.models.polls import Ballot, BallotPrintLog, Poll, TallyCertificate
from desktop.services import polls
from desktop.services.polls import OptionInput, ballots

PROJECTS: tuple[tuple[str, str, int, float], ...] = (
    # (title, department, estimated cost in yuan, popularity)
    ("较场口社区老旧小区加装电梯（6部）", "街道城市管理办公室", 1_800_000, 0.93),
    ("七星岗背街小巷路面整治", "街道城市管理办公室", 950_000, 0.90),
    ("解放碑步行街公共厕所改造", "街道城市管理办公室", 600_000, 0.84),
    ("大井巷社区适老化改造", "街道社区发展中心", 420_000, 0.88),
    ("民生路口人行道无障碍改造", "街道城市管理办公室", 380_000, 0.80),
    ("十八梯片区消防通道疏通", "街道平安建设办公室", 260_000, 0.86),
    ("凯旋路社区食堂助餐点建设", "街道社区发展中心", 550_000, 0.91),
    ("人民公园周边停车位增设", "街道城市管理办公室", 720_000, 0.66),
    ("罗汉寺片区雨污分流改造", "街道城市管理办公室", 2_100_000, 0.78),
    ("山城巷社区健身步道", "街道社区发展中心", 310_000, 0.82),
    ("白象街社区儿童游乐场", "街道社区发展中心", 280_000, 0.40),
    ("和平路路灯智能化改造", "街道城市管理办公室", 460_000, 0.34),
)
RATED_REPORTS = (
    "街道城市管理办公室：老旧小区改造工作",
    "街道社区发展中心：民生实事项目推进工作",
    "街道平安建设办公室：社区治安和消防工作",
)
RATING_WEIGHTS = ((0.78, 0.18), (0.62, 0.30), (0.70, 0.22))  # (满意, 基本满意) per subject
COUNTERS = "李晓梅、周敏"
SCRUTINEERS = "陈志强、刘洋"
CHIEF = "张伟强"


def _attendance(ctx: DemoContext, meeting_id: str) -> tuple[int, int]:
    rows = ctx.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.voting.is_(True))
    ).all()
    return len(rows), sum(1 for r in rows if r.status == "present")


def _open_as_then(ctx: DemoContext, poll_id: str, meeting_id: str, printed: int) -> Meeting:
    """The poll as it was opened during the (now closed) meeting."""
    meeting = ctx.session.get(Meeting, meeting_id)
    assert meeting is not None
    total, present = _attendance(ctx, meeting_id)
    poll = ctx.session.get(Poll, poll_id)
    assert poll is not None
    poll.members_total, poll.present = total, present
    poll.printed = printed
    poll.status = "open"
    poll.opened_at = meeting.starts_at + timedelta(minutes=50)
    ctx.session.add(
        BallotPrintLog(
            poll_id=poll_id,
            printed_at=meeting.starts_at - timedelta(days=1),
            printed_by="李晓梅",
            first_serial=1,
            last_serial=printed,
            count=printed,
            layout="a4",
            test_deck=False,
        )
    )
    ctx.session.flush()
    return meeting


def _enter(
    ctx: DemoContext, poll_id: str, serial: int, marks: dict[int, str], void_reason: str = ""
) -> None:
    with ctx.session.no_autoflush:
        text = ballots.qr_texts(ctx.session, poll_id, serial, serial)[0]
    ballots.enter_ballot(
        ctx.session,
        ctx.actor,
        poll_id,
        text,
        marks,
        void=bool(void_reason),
        void_reason=void_reason,
    )


def _backdate(ctx: DemoContext, poll_id: str, meeting: Meeting) -> None:
    when = meeting.starts_at + timedelta(hours=1, minutes=20)
    poll = ctx.session.get(Poll, poll_id)
    assert poll is not None
    poll.closed_at = meeting.starts_at + timedelta(minutes=70)
    poll.certified_at = when
    for row in ctx.session.scalars(select(Ballot).where(Ballot.poll_id == poll_id)):
        row.entered_at = meeting.starts_at + timedelta(minutes=75)
    for cert in ctx.session.scalars(
        select(TallyCertificate).where(TallyCertificate.poll_id == poll_id)
    ):
        cert.certified_at = when


def _projects_vote(ctx: DemoContext, meeting_id: str, item_id: str | None) -> None:
    s, rng = ctx.session, ctx.rng
    poll = polls.create_poll(
        s,
        ctx.actor,
        title="年度民生实事项目票决",
        kind="selection",
        options=[OptionInput(t, department=d, estimated_cost=c) for t, d, c, _p in PROJECTS],
        quota=10,
        threshold_base="present",
        threshold_ratio="1/2",
        threshold_strict=True,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
    )
    _total, present = _attendance(ctx, meeting_id)
    meeting = _open_as_then(ctx, poll.id, meeting_id, printed=present + 5)
    returned = present
    for serial in range(1, returned + 1):
        marks: dict[int, str] = {}
        for no, (_t, _d, _c, popularity) in enumerate(PROJECTS, 1):
            roll = rng.random()
            if roll < popularity:
                marks[no] = "for"
            elif roll < popularity + (1 - popularity) * 0.6:
                marks[no] = "against"
        fors = [no for no, m in marks.items() if m == "for"]
        if serial == 7:
            marks = dict.fromkeys(range(1, 13), "for")  # overvoted: void by the rules
        elif len(fors) > 10:
            for no in rng.sample(fors, len(fors) - 10):
                marks[no] = "abstain"
        _enter(ctx, poll.id, serial, marks, "选票撕破，无法辨认" if serial == 19 else "")
    polls.close_voting(s, ctx.actor, poll.id, issued=present)
    polls.certify(
        s, ctx.actor, poll.id, counters=COUNTERS, scrutineers=SCRUTINEERS, chief_scrutineer=CHIEF
    )
    _backdate(ctx, poll.id, meeting)
    ctx.shared["project_poll_id"] = poll.id


def _rating(ctx: DemoContext, meeting_id: str) -> None:
    s, rng = ctx.session, ctx.rng
    item = s.scalar(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "report")
        .limit(1)
    )
    poll = polls.create_poll(
        s,
        ctx.actor,
        title="部门专项工作报告满意度测评",
        kind="rating",
        options=[OptionInput(title) for title in RATED_REPORTS],
        levels=("满意", "基本满意", "不满意"),
        positive_levels=("满意", "基本满意"),
        threshold_base=None,
        meeting_id=meeting_id,
        agenda_item_id=item.id if item else None,
    )
    _total, present = _attendance(ctx, meeting_id)
    meeting = _open_as_then(ctx, poll.id, meeting_id, printed=present + 5)
    for serial in range(1, present + 1):
        marks: dict[int, str] = {}
        for no, (good, fair) in enumerate(RATING_WEIGHTS, 1):
            roll = rng.random()
            if roll < good:
                marks[no] = "满意"
            elif roll < good + fair:
                marks[no] = "基本满意"
            elif roll < 0.985:
                marks[no] = "不满意"
        _enter(ctx, poll.id, serial, marks)
    polls.close_voting(s, ctx.actor, poll.id, issued=present)
    polls.certify(
        s, ctx.actor, poll.id, counters=COUNTERS, scrutineers=SCRUTINEERS, chief_scrutineer=CHIEF
    )
    _backdate(ctx, poll.id, meeting)
    ctx.shared["rating_poll_id"] = poll.id


@register("polls")
def build(ctx: DemoContext) -> None:
    if "meeting_ids" not in ctx.shared:
        raise RuntimeError("the polls demo step needs the meetings step (d20_meetings) first")
    meeting_ids: list[str] = ctx.shared["meeting_ids"]
    vote_items: dict[str, list[str]] = ctx.shared.get("vote_agenda_item_ids", {})
    first = meeting_ids[0]
    _projects_vote(ctx, first, next(iter(vote_items.get(first, [])), None))
    _rating(ctx, meeting_ids[min(2, len(meeting_ids) - 2)])
    upcoming = ctx.shared.get("upcoming_meeting_id")
    if upcoming:
        polls.create_poll(
            ctx.session,
            ctx.actor,
            title="民生实事项目满意度测评",
            kind="rating",
            options=[OptionInput(t, department=d) for t, d, _c, p in PROJECTS if p > 0.6],
            threshold_base=None,
            meeting_id=upcoming,
            agenda_item_id=next(iter(vote_items.get(upcoming, [])), None),
        )
    ctx.session.flush()
