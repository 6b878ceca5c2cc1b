"""The pick-lists the UI offers come from desktop.services.choices as plain rows."""

from __future__ import annotations

from datetime import date

from desktop.db import Database
from desktop.services import choices
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.roster.helpers import COMMUNITIES, setup_roster


def test_communities_come_in_the_streets_order_as_plain_rows(db: Database, clerk: Actor) -> None:
    ids = setup_roster(db, clerk)
    with db.session() as s:
        listed = choices.communities(s)
    assert [c.name for c in listed] == list(COMMUNITIES)  # sort_order, not the name's
    assert [c.id for c in listed] == [ids[name] for name in COMMUNITIES]
    assert all(type(c) is choices.Choice for c in listed)


def test_deputies_offered_are_the_serving_ones_in_pinyin_order(db: Database, clerk: Actor) -> None:
    setup_roster(db, clerk)
    with db.transaction() as s:
        station = rd.save_station(s, clerk, rd.StationForm(name="解放碑代表联络站"))
        for name in ("张伟强", "陈志强", "李晓梅"):
            rd.save_deputy(s, clerk, rd.DeputyForm(name=name, station_id=station.id))
        left = rd.save_deputy(s, clerk, rd.DeputyForm(name="王建国"))
        rd.retire_deputy(s, clerk, left.id, left_on=date(2025, 1, 1), reason="调离")
    with db.session() as s:
        deputies = [c.name for c in choices.active_deputies(s)]
        stations = choices.stations(s)
    assert deputies == ["陈志强", "李晓梅", "张伟强"]  # 王建国 has left
    assert [c.name for c in stations] == ["解放碑代表联络站"]
    assert stations[0].id == station.id
