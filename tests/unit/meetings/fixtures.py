"""A small roster (one term, three communities, representatives and deputies) for the
meetings tests, written straight through the models so the tests don't depend on the
roster area's services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from desktop.db import Database
from desktop.models.roster import Community, Deputy, Representative, Term
from desktop.services import meetings
from desktop.services.permissions import Actor

COMMUNITIES = ("较场口社区", "七星岗社区", "解放碑社区")
NAMES = (
    "张伟强",
    "李秀英",
    "王芳",
    "刘洋",
    "陈静",
    "杨帆",
    "赵敏",
    "黄磊",
    "周婷",
    "吴刚",
    "徐丽",
    "孙浩",
    "胡军",
    "朱琳",
    "高峰",
    "林娜",
    "何涛",
    "郭霞",
    "马超",
    "罗兰",
    "梁勇",
)


@dataclass
class Roster:
    term_id: str
    community_ids: list[str]
    representative_ids: list[str]
    deputy_ids: list[str]
    names: dict[str, str] = field(default_factory=dict)  # id → name


def make_roster(
    db: Database, count: int = 21, deputies: int = 2, names: tuple[str, ...] = NAMES
) -> Roster:
    with db.transaction() as s:
        term = Term(number=1, name="第一届", started_on=date(2026, 1, 1), status="current")
        s.add(term)
        comms = [Community(name=n, sort_order=i) for i, n in enumerate(COMMUNITIES)]
        s.add_all(comms)
        s.flush()
        reps = []
        for i in range(count):
            name = names[i] if i < len(names) else f"代表{i + 1:03d}"
            reps.append(
                Representative(
                    term_id=term.id,
                    community_id=comms[i % len(comms)].id,
                    name=name,
                    name_initials=meetings.initials(name),
                )
            )
        deps = [
            Deputy(name=n, name_initials=meetings.initials(n), level="district")
            for n in ("邓建华", "谢红梅", "唐志远")[:deputies]
        ]
        s.add_all(reps + deps)
        s.flush()
        roster = Roster(term.id, [c.id for c in comms], [r.id for r in reps], [d.id for d in deps])
        roster.names = {r.id: r.name for r in reps} | {d.id: d.name for d in deps}
        return roster


def make_meeting(db: Database, actor: Actor, number: int | None = None) -> str:
    with db.transaction() as s:
        info = meetings.create_meeting(
            s,
            actor,
            title="解放碑街道第一届议事代表会议第三次会议",
            starts_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
            venue="街道办事处三楼会议室",
            convener="街道人大工委",
            presiding="王建国",
            minute_taker="李晓梅",
            number=number,
        )
        return info.id
