"""A street with stations and deputies for the activity tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.db import Database
from desktop.models.outbox import capture_disabled
from desktop.models.roster import Station
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd


@dataclass(frozen=True)
class Place:
    home: str
    station: str
    point: str
    deputies: tuple[str, ...]


def setup_places(db: Database, actor: Actor, *, created: datetime | None = None) -> Place:
    """A 代表之家 (quarterly), a 联络站 and a 联系点 (monthly), four deputies."""
    with db.transaction() as s:
        home = rd.save_station(
            s,
            actor,
            rd.StationForm(
                name="解放碑街道人大代表之家", kind="home", activity_frequency="quarterly"
            ),
        )
        station = rd.save_station(s, actor, rd.StationForm(name="较场口社区代表联络站"))
        point = rd.save_station(
            s, actor, rd.StationForm(name="七星岗代表联系点", kind="contact_point")
        )
        deputies = tuple(
            rd.save_deputy(
                s,
                actor,
                rd.DeputyForm(
                    name=name,
                    level="district",
                    unit=unit,
                    station_id=station.id,
                    phone=phone,
                ),
            ).id
            for name, unit, phone in (
                ("周敏", "渝中区人民医院", "13800138000"),
                ("王建华", "解放碑小学", "13900139000"),
                ("李秀英", "较场口社区居委会", ""),
                ("陈志刚", "重庆某物业公司", "13700137000"),
            )
        )
        stamp = created or datetime(2020, 1, 1, tzinfo=UTC)
        with capture_disabled(s):
            for sid in (home.id, station.id, point.id):
                row = s.get(Station, sid)
                assert row is not None
                row.created_at = stamp
    return Place(home.id, station.id, point.id, deputies)
