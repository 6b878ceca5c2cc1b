"""Roster lists come out in 拼音 order, whichever way a person was written: form, Excel bulk
insert, edit, or the server's row taken after a sync conflict."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.db import Database
from desktop.excel.bulk import insert_synced
from desktop.models.outbox import SyncOutbox, row_data
from desktop.models.roster import Representative
from desktop.pinyin_order import sort_key
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.sync.results import apply_server_row
from tests.unit.roster.helpers import setup_roster

# In initials order these interleave wrongly: 刘敏 and 李明 are both "lm", 汪 and 王 "w…".
NAMES = ["刘敏", "王芳", "李明华", "曾伟", "李明", "汪芳", "单雄", "张伟强"]
PINYIN_ORDER = ["李明", "李明华", "刘敏", "单雄", "汪芳", "王芳", "曾伟", "张伟强"]


def _names(db: Database, actor: Actor) -> list[str]:
    with db.session() as s:
        rows = roster.list_representatives(s, actor, roster.RepresentativeFilter())
    return [r.name for r in rows]


def test_list_in_pinyin_order_from_the_form(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    community = next(iter(c.values()))
    with db.transaction() as s:
        for name in NAMES:
            roster.save_representative(
                s, clerk, roster.RepresentativeForm(name=name, community_id=community)
            )
    assert _names(db, clerk) == PINYIN_ORDER


def test_bulk_insert_fills_the_key_and_keeps_it_out_of_the_outbox(
    db: Database, clerk: Actor
) -> None:
    setup_roster(db, clerk)
    with db.session() as s:
        term_id = roster.current_term(s).id  # type: ignore[union-attr]
    with db.transaction() as s:
        ids = insert_synced(s, Representative, [{"name": n, "term_id": term_id} for n in NAMES])
    assert _names(db, clerk) == PINYIN_ORDER
    with db.session() as s:
        rep = s.get(Representative, ids[0])
        assert rep is not None and rep.name_sort == sort_key("刘敏")
        op = s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == ids[0])).one()
        data = json.loads(op.data)
        # derived, local data: not sent, and the bulk path still equals the flush hook
        assert "name_sort" not in data and "name_sort" not in row_data(rep)
        assert data == json.loads(json.dumps(row_data(rep)))


def test_rename_and_the_servers_row_refresh_the_key(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        row = roster.save_representative(
            s, clerk, roster.RepresentativeForm(name="李明", community_id=next(iter(c.values())))
        )
    with db.transaction() as s:
        form = roster.get_representative(s, row.id)
        form.name = "刘敏"
        roster.save_representative(s, clerk, form)
    with db.session() as s:
        rep = s.get(Representative, row.id)
        assert rep is not None and rep.name_sort == sort_key("刘敏")
        server = {"version": rep.version + 1, "data": {**row_data(rep), "name": "曾伟"}}
    with db.transaction() as s:
        apply_server_row(s, "representative", row.id, server)
    with db.session() as s:
        rep = s.get(Representative, row.id)
        assert rep is not None and rep.name_sort == sort_key("曾伟")


def test_people_search_lists_matches_in_pinyin_order(db: Database, clerk: Actor) -> None:
    """The exact name first, then names that start with the query, then the rest, each in 拼音
    order — across representatives and deputies alike."""
    from desktop.services.roster import deputies as rd
    from desktop.services.roster import search

    c = setup_roster(db, clerk)
    community = next(iter(c.values()))
    with db.transaction() as s:
        for name in ("刘明", "李明华", "黎明"):
            roster.save_representative(
                s, clerk, roster.RepresentativeForm(name=name, community_id=community)
            )
        for name in ("李明", "明亮", "马明"):
            rd.save_deputy(s, clerk, rd.DeputyForm(name=name, level="district"))
    with db.session() as s:
        hits = [h.name for h in search.search_people(s, "明")]
    # 明亮 starts with the query; the rest, li2 < li3 < liu2 < ma3
    assert hits == ["明亮", "黎明", "李明", "李明华", "刘明", "马明"]


def test_fixed_contacts_are_grouped_by_deputy_in_pinyin_order(db: Database, clerk: Actor) -> None:
    from desktop.services.roster import deputies as rd

    setup_roster(db, clerk)
    with db.transaction() as s:
        wang = rd.save_deputy(s, clerk, rd.DeputyForm(name="王芳", level="district"))
        li = rd.save_deputy(s, clerk, rd.DeputyForm(name="李明", level="district"))
        for deputy in (wang, li):
            for name in ("刘敏", "黎明", "李明华"):
                rd.save_contact(s, clerk, rd.ContactForm(deputy_id=deputy.id, name=name))
    with db.session() as s:
        rows = rd.list_contacts(s, clerk)
        by_name = rd.list_contacts(s, clerk, sort=("name", True))
    contacts = ["黎明", "李明华", "刘敏"]
    assert [(r.deputy, r.name) for r in rows] == [
        *(("李明", n) for n in contacts),
        *(("王芳", n) for n in contacts),
    ]
    assert [r.name for r in by_name] == ["刘敏", "刘敏", "李明华", "李明华", "黎明", "黎明"]


def test_stations_in_pinyin_order_read_as_places(db: Database, clerk: Actor) -> None:
    """解放碑 is jiě-fàng-bēi as a place; read as the surname 解 (xiè) it would sort after 凯旋路."""
    from desktop.excel.bulk import insert_synced
    from desktop.models.roster import Station
    from desktop.services.roster import deputies as rd

    setup_roster(db, clerk)
    with db.transaction() as s:
        for name in ("人民公园社区代表联络站", "解放碑代表联络站", "大井巷社区代表联络站"):
            rd.save_station(s, clerk, rd.StationForm(name=name))
        insert_synced(s, Station, [{"name": "凯旋路社区代表联络站", "kind": "liaison_station"}])
    with db.session() as s:
        names = [r.name for r in rd.list_stations(s, clerk)]
        (bulk,) = s.scalars(select(Station).where(Station.name == "凯旋路社区代表联络站"))
        assert bulk.name_sort.startswith("kai3-xuan2-lu4")
    assert names == [
        "大井巷社区代表联络站",
        "解放碑代表联络站",
        "凯旋路社区代表联络站",
        "人民公园社区代表联络站",
    ]
