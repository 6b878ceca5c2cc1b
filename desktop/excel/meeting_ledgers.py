"""The meetings ledger (会议台账), the attendance ledger (出席台账) and the poll results ledger
(表决结果台账) in Excel.

Declared as data like every ledger, so the page's export, ``yishi export meetings FILE``,
``yishi export attendance FILE`` and ``yishi export polls FILE`` write the same columns from
one declaration. These three are reports of what happened at meetings: they are written,
never imported (an import is refused with a clear message — attendance is recorded at the
sign-in desk and results come from the ballots).

``ids`` (``writer.export(..., ids=...)``) selects: meeting ids for the meetings ledger, the
term ids to report for the attendance ledger (default: the current term), poll ids for the
results ledger (default: every poll whose voting has ended).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.excel.adapter import Existing, LedgerAdapter, register
from desktop.excel.spec import Column, Ledger
from desktop.i18n import N_, gettext
from desktop.models.meetings import Attendance, Meeting
from desktop.models.polls import Poll
from desktop.services import polls as poll_service
from desktop.services.attendance import ledger as attendance_ledger
from desktop.services.meetings.minutes import RESULT_LABELS
from desktop.services.permissions import Actor, Permission

QUORUM_WORDS = {"more_than_half": "过半数", "two_thirds": "三分之二以上"}
STATUS_WORDS = {"planned": "筹备中", "in_session": "进行中", "closed": "已闭会"}
KIND_WORDS = {"representatives": "议事代表会议", "township_congress": "乡镇人民代表大会"}
POLL_KIND_WORDS = {"selection": "差额票决", "motion": "表决", "rating": "测评"}
POLL_STATUS_WORDS = {"draft": "草稿", "open": "投票中", "counting": "计票中", "certified": "已确认"}

MEETINGS = Ledger(
    kind="meetings",
    title=N_("Meetings ledger"),
    sheet="会议台账",
    columns=(
        Column("number", "会议次数", "int", width=8),
        Column("kind", "会议类型", width=16),
        Column("held_on", "会议日期", "date", width=12),
        Column("time", "时间", width=7),
        Column("title", "会议名称", width=40),
        Column("venue", "会议地点", width=22),
        Column("status", "状态", width=8),
        Column("quorum_rule", "法定人数规则", width=12),
        Column("members_total", "应到人数", "int", width=8),
        Column("needed", "法定人数", "int", width=8),
        Column("present", "实到人数", "int", width=8),
        Column("on_leave", "请假人数", "int", width=8),
        Column("absent", "缺席人数", "int", width=8),
        Column("deputies_present", "列席人大代表", "int", width=10),
        Column("quorate", "达到法定人数", "bool", width=10),
        Column("resolutions", "形成决议", "note", width=50),
        Column("id", "系统编号", "record_id", width=38),
    ),
)

ATTENDANCE = Ledger(
    kind="attendance",
    title=N_("Attendance ledger"),
    sheet="出席台账",
    columns=(
        Column("term", "届次", width=10),
        Column("kind", "类别", width=10),
        Column("name", "姓名", "name", width=10),
        Column("community", "所属社区", width=14),
        Column("meetings", "应出席次数", "int", width=10),
        Column("present", "出席次数", "int", width=9),
        Column("on_leave", "请假次数", "int", width=9),
        Column("absent", "无故缺席次数", "int", width=11),
        Column("rate", "出席率", width=8),
        Column("longest_run", "最多连续缺席", "int", width=11),
        Column("worst_year", "单年最多缺席", "int", width=11),
        Column("flags", "提示", "note", width=30),
        Column("id", "系统编号", "record_id", width=38),
    ),
)

POLLS = Ledger(
    kind="polls",
    title=N_("Poll results ledger"),
    sheet="表决结果台账",
    columns=(
        Column("poll", "表决事项", width=30),
        Column("meeting", "所属会议", width=30),
        Column("poll_kind", "表决方式", width=10),
        Column("status", "状态", width=8),
        Column("voted_on", "投票日期", "date", width=12),
        Column("members_total", "应到人数", "int", width=8),
        Column("present", "实到人数", "int", width=8),
        Column("issued", "发出票数", "int", width=8),
        Column("returned", "收回票数", "int", width=8),
        Column("valid", "有效票", "int", width=8),
        Column("void", "废票", "int", width=8),
        Column("threshold_votes", "通过所需票数", "int", width=11),
        Column("no", "序号", "int", width=6),
        Column("option", "候选项目／事项", width=30),
        Column("votes_for", "赞成", "int", width=7),
        Column("against", "反对", "int", width=7),
        Column("abstain", "弃权", "int", width=7),
        Column("levels", "测评等次票数", width=24),
        Column("positive_rate", "满意率", width=9),
        Column("outcome", "结果", width=12),
        Column("id", "系统编号", "record_id", width=38),
    ),
)


class _ReportAdapter(LedgerAdapter):
    """A ledger that is only ever written."""

    def check_importable(self) -> None:
        raise ValidationError(
            N_("The {ledger} is a report of the meetings and cannot be imported."),
            field="kind",
            ledger=gettext(self.ledger.title),
        )

    def create(self, session: Session, actor: Actor, rows: list[dict[str, Any]]) -> list[str]:
        self.check_importable()
        return []

    def update(
        self, session: Session, actor: Actor, changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        self.create(session, actor, [])


def _resolutions_text(resolutions: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(
        f"{i}. {title}（{gettext(RESULT_LABELS.get(result, result))}）"
        for i, (title, result) in enumerate(resolutions, start=1)
    )


class MeetingsAdapter(_ReportAdapter):
    ledger = MEETINGS
    model = Meeting

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        lines = attendance_ledger.meeting_lines(session, actor, all_terms=True)
        wanted = set(ids) if ids is not None else None
        for m in lines:
            if wanted is not None and m.id not in wanted:
                continue
            local = m.starts_at.astimezone()
            held = m.status != "planned"  # a planned meeting has no roll yet
            yield Existing(
                m.id,
                0,
                {
                    "number": m.number,
                    "kind": KIND_WORDS.get(m.kind, m.kind),
                    "held_on": local.date(),
                    "time": local.strftime("%H:%M"),
                    "title": m.title,
                    "venue": m.venue,
                    "status": STATUS_WORDS.get(m.status, m.status),
                    "quorum_rule": QUORUM_WORDS.get(m.quorum_rule, m.quorum_rule),
                    "members_total": m.members_total if held else None,
                    "needed": m.needed if held else None,
                    "present": m.present if held else None,
                    "on_leave": m.on_leave if held else None,
                    "absent": m.absent if held else None,
                    "deputies_present": m.deputies_present if held else None,
                    "quorate": m.quorate if held else None,
                    "resolutions": _resolutions_text(m.resolutions),
                    "id": m.id,
                },
            )


class AttendanceAdapter(_ReportAdapter):
    ledger = ATTENDANCE
    model = Attendance

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        for term_id in list(ids) if ids else [None]:
            book = attendance_ledger.term_attendance(session, actor, term_id)
            for row in book.rows:
                yield Existing(
                    row.person_id,
                    0,
                    {
                        "term": book.term_name,
                        "kind": attendance_ledger.kind_label(row.kind),
                        "name": row.name,
                        "community": row.community,
                        "meetings": row.meetings,
                        "present": row.present,
                        "on_leave": row.on_leave,
                        "absent": row.absent,
                        "rate": row.rate_text(),
                        "longest_run": row.longest_run,
                        "worst_year": row.worst_year_absences,
                        "flags": row.flag_text(book.settings),
                        "id": row.person_id,
                    },
                )


def _levels_text(levels: tuple[str, ...], counts: dict[str, int]) -> str:
    return "、".join(f"{level}{counts.get(level, 0)}" for level in levels)


class PollsAdapter(_ReportAdapter):
    ledger = POLLS
    model = Poll

    def existing(
        self, session: Session, actor: Actor, ids: Collection[str] | None = None
    ) -> Iterator[Existing]:
        actor.require(Permission.VIEW)
        query = select(Poll).where(Poll.deleted_at.is_(None))
        if ids is not None:
            query = query.where(Poll.id.in_(list(ids)))
        else:
            query = query.where(Poll.status.in_(("counting", "certified")))
        meetings = dict(session.execute(select(Meeting.id, Meeting.title)).all())
        for poll in session.scalars(query.order_by(Poll.opened_at, Poll.created_at)):
            view = poll_service.tally_view(session, poll.id)
            result = view.result
            counted = poll.status in ("counting", "certified")
            when = poll.opened_at or poll.created_at
            head = {
                "poll": poll.title,
                "meeting": meetings.get(poll.meeting_id or "", ""),
                "poll_kind": POLL_KIND_WORDS.get(poll.kind, poll.kind),
                "status": POLL_STATUS_WORDS.get(poll.status, poll.status),
                "voted_on": when.astimezone().date(),
                "members_total": poll.members_total or None,
                "present": poll.present or None,
                "issued": poll.issued if counted else None,
                "returned": result.returned if counted else None,
                "valid": result.valid if counted else None,
                "void": result.void if counted else None,
                "threshold_votes": result.threshold_votes
                if counted and poll.kind != "rating"
                else None,
            }
            names = {o.no: o.title for o in view.poll.options}
            for option in result.options:
                rating = poll.kind == "rating"
                yield Existing(
                    poll.id,
                    poll.version,
                    head
                    | {
                        "no": option.no,
                        "option": names.get(option.no, option.name),
                        "votes_for": None if rating or not counted else option.votes_for,
                        "against": None if rating or not counted else option.against,
                        "abstain": option.abstain if counted else None,
                        "levels": _levels_text(view.poll.levels, option.levels)
                        if rating and counted
                        else "",
                        "positive_rate": attendance_ledger.percent_text(option.positive_rate, "")
                        if rating
                        else "",
                        "outcome": poll_service.OUTCOME_WORDS.get(option.outcome or "", "")
                        if counted
                        else "",
                        "id": poll.id,
                    },
                )


register(MeetingsAdapter())
register(AttendanceAdapter())
register(PollsAdapter())
