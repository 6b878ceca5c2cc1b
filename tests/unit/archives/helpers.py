"""The worked example of docs/points.md: three deputies' records over 2025."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models.archives import ReportBack
from desktop.models.meetings import Attendance, Meeting
from desktop.models.opinions import Opinion
from desktop.services.activities import records
from desktop.services.activities.records import street_code
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd

YEAR = 2025
TODAY = date(2025, 12, 31)


@dataclass(frozen=True)
class Example:
    zhou: str  # 周敏
    wang: str  # 王建华
    li: str  # 李秀英
    station: str


def _activity(
    s: Session, actor: Actor, kind: str, on: date, station: str, people: list[tuple[str, str]]
) -> str:
    row = records.record(
        s,
        actor,
        records.ActivityInput(
            kind=kind,
            held_on=on,
            station_id=station,
            summary=f"{kind}（{on.isoformat()}）",
            participants=tuple(records.Participant(did, "deputy", role) for did, role in people),
        ),
        today=TODAY,
    )
    return row.id


def _meeting(
    s: Session, number: int, on: date, statuses: dict[str, str], names: dict[str, str]
) -> None:
    code = street_code(s)
    meeting = Meeting(
        number=number,
        title=f"第{number}次议事会议",
        starts_at=datetime(on.year, on.month, on.day, 1, 30, tzinfo=UTC),
        status="closed",
        street_code=code,
    )
    s.add(meeting)
    s.flush()
    for did, status in statuses.items():
        s.add(
            Attendance(
                meeting_id=meeting.id,
                deputy_id=did,
                representative_id=None,
                name=names[did],
                voting=False,
                status=status,
                street_code=code,
            )
        )


def _opinion(s: Session, n: int, deputy: str, on: date, closed_on: date | None) -> None:
    s.add(
        Opinion(
            number=f"YJ{on.year}-{n:05d}",
            received_on=on,
            content=f"意见{n}",
            deputy_ids=f'["{deputy}"]',
            status="closed" if closed_on else "received",
            closed_on=closed_on,
            street_code=street_code(s),
        )
    )


def build(db: Database, actor: Actor) -> Example:
    """The records of docs/points.md, entered through the services where they exist."""
    with db.transaction() as s:
        station = rd.save_station(s, actor, rd.StationForm(name="较场口社区代表联络站")).id
        ids = [
            rd.save_deputy(
                s, actor, rd.DeputyForm(name=name, level="district", unit=unit, station_id=station)
            ).id
            for name, unit in (
                ("周敏", "渝中区人民医院"),
                ("王建华", "解放碑小学"),
                ("李秀英", "较场口社区居委会"),
            )
        ]
    zhou, wang, li = ids
    names = {zhou: "周敏", wang: "王建华", li: "李秀英"}
    with db.transaction() as s:
        # 周敏: 12 reception days as 接待 (36 points, capped at 30), 2 inspections (视察, 参加),
        # training on 3 distinct days (4 sessions: two on 3 March), 4 meetings attended,
        # 5 opinions raised of which 3 closed, 1 report-back.
        for month in range(1, 13):
            _activity(s, actor, "接待选民", date(YEAR, month, 10), station, [(zhou, "receiver")])
        for on in (date(YEAR, 4, 8), date(YEAR, 9, 16)):
            _activity(s, actor, "视察", on, station, [(zhou, "participant")])
        for on in (date(YEAR, 3, 3), date(YEAR, 3, 3), date(YEAR, 3, 4), date(YEAR, 7, 1)):
            _activity(s, actor, "学习培训", on, station, [(zhou, "participant")])
        # 王建华: hosts 2 reception days and takes part in 3, visits voters 4 times, one training
        # day (shared with 周敏's 1 July), 3 meetings attended and 1 missed without leave,
        # 2 opinions raised, none closed.
        for month in (2, 5):
            _activity(s, actor, "接待选民", date(YEAR, month, 20), station, [(wang, "host")])
        for month in (6, 8, 11):
            _activity(s, actor, "接待选民", date(YEAR, month, 20), station, [(wang, "participant")])
        for month in (3, 6, 9, 12):
            _activity(s, actor, "走访选民", date(YEAR, month, 5), station, [(wang, "participant")])
        _activity(s, actor, "学习培训", date(YEAR, 7, 2), station, [(wang, "participant")])
        # 李秀英: visits voters 12 times (24 points, capped at 20), 2 meetings attended, 1 on leave,
        # 2 missed without leave, 25 opinions raised and 10 closed (35, capped at 20).
        for month in range(1, 13):
            _activity(s, actor, "走访选民", date(YEAR, month, 25), station, [(li, "participant")])
        # Outside the year, and removed: neither counts.
        _activity(s, actor, "视察", date(YEAR - 1, 12, 30), station, [(li, "host")])
        gone = _activity(s, actor, "视察", date(YEAR, 10, 9), station, [(li, "host")])
        records.remove(s, actor, gone, "录入错误")
    with db.transaction() as s:
        plan = [
            (1, date(YEAR, 1, 15), {zhou: "present", wang: "present", li: "present"}),
            (2, date(YEAR, 4, 15), {zhou: "present", wang: "present", li: "on_leave"}),
            (3, date(YEAR, 7, 15), {zhou: "present", wang: "absent", li: "absent"}),
            (4, date(YEAR, 10, 15), {zhou: "present", wang: "present", li: "absent"}),
            (5, date(YEAR, 12, 15), {li: "present"}),
        ]
        for number, on, statuses in plan:
            _meeting(s, number, on, statuses, names)
        n = 0
        for i in range(5):
            n += 1
            _opinion(s, n, zhou, date(YEAR, 2 + i, 1), date(YEAR, 3 + i, 1) if i < 3 else None)
        for i in range(2):
            n += 1
            _opinion(s, n, wang, date(YEAR, 5, 1 + i), None)
        for i in range(25):
            n += 1
            _opinion(s, n, li, date(YEAR, 1 + i % 12, 2), date(YEAR, 12, 1) if i < 10 else None)
        s.add(
            ReportBack(
                deputy_id=zhou,
                held_on=date(YEAR, 11, 20),
                place="较场口社区代表联络站",
                audience="选区选民代表",
                audience_count=42,
                street_code=street_code(s),
            )
        )
    return Example(zhou, wang, li, station)
