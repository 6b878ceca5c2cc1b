from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.roster import Representative
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from desktop.services.roster import search
from desktop.services.roster.common import history
from tests.unit.roster.helpers import id_number, setup_roster


def _rep(
    db: Database, actor: Actor, community: str, name: str, **kw: object
) -> roster.RepresentativeRow:
    with db.transaction() as s:
        return roster.save_representative(
            s, actor, roster.RepresentativeForm(name=name, community_id=community, **kw)
        )  # type: ignore[arg-type]


def test_form_checks_report_every_field(db: Database) -> None:
    problems = roster.check_representative(
        roster.RepresentativeForm(
            name="", phone="12345", id_number="500103198001010011", sector="martian"
        )
    )
    assert set(problems) == {"name", "phone", "id_number", "sector"}
    assert problems["name"] == "必填"
    ok = roster.RepresentativeForm(name="张伟强", phone="13800138000", id_number=id_number(1))
    assert roster.check_representative(ok) == {}
    mismatch = roster.RepresentativeForm(
        name="张伟强", id_number=id_number(1), birth_date=date(1981, 1, 1)
    )
    assert "birth_date" in roster.check_representative(mismatch)


def test_create_edit_retire_with_history(db: Database, clerk: Actor, viewer: Actor) -> None:
    c = setup_roster(db, clerk)
    row = _rep(
        db, clerk, c["较场口社区"], " 张 伟强 ", id_number=id_number(3), phone="138 0013 8000"
    )
    assert (row.name, row.phone, row.gender) == ("张伟强", "13800138000", "male")
    with db.transaction() as s:
        form = roster.get_representative(s, row.id)
        form.community_id = c["七星岗社区"]
        roster.save_representative(s, clerk, form)
        with pytest.raises(ValidationError):
            roster.retire_representative(s, clerk, row.id, left_on=date(2024, 5, 1), reason=" ")
    with db.transaction() as s:
        retired = roster.retire_representative(
            s, clerk, row.id, left_on=date(2024, 5, 1), reason="迁出本街道"
        )
    assert retired.status == "retired"
    with db.session() as s:
        assert s.get(Representative, row.id) is not None  # never deleted
        actions = [h.action for h in history(s, "representative", row.id)]
        assert actions == ["representative.create", "representative.edit", "representative.retire"]
        assert roster.list_representatives(s, viewer, roster.RepresentativeFilter()) == []
        rows = roster.list_representatives(s, viewer, roster.RepresentativeFilter(status="retired"))
        assert rows[0].phone == "138****8000" and rows[0].id_number.startswith("5001****")
    with db.transaction() as s, pytest.raises(PermissionDenied):
        roster.reinstate_representative(s, viewer, row.id)


def test_duplicate_id_number_and_stale_edit(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    first = _rep(db, clerk, c["较场口社区"], "张三", id_number=id_number(5))
    with pytest.raises(ConflictError):
        _rep(db, clerk, c["较场口社区"], "李四", id_number=id_number(5))
    with db.transaction() as s:
        form = roster.get_representative(s, first.id)
    _rep(db, clerk, c["较场口社区"], "张三", id=first.id, phone="13900139000")
    with db.transaction() as s, pytest.raises(ConflictError):
        roster.save_representative(s, clerk, form)


def test_term_changeover_closes_one_and_opens_the_next(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    c = setup_roster(db, clerk)
    keep = _rep(db, clerk, c["较场口社区"], "连任者", id_number=id_number(1))
    _rep(db, clerk, c["较场口社区"], "离任者")
    with db.transaction() as s:  # 换届 retires everyone: the administrator's (DESIGN.md §3)
        new = roster.changeover(
            s, admin, new_name="第二届", changeover_on=date(2027, 1, 1), carry_over=[keep.id]
        )
    with db.session() as s:
        terms = roster.list_terms(s)
        assert [(t.name, t.status) for t in terms] == [("第二届", "current"), ("第一届", "closed")]
        assert terms[1].ended_on == date(2027, 1, 1) and new.number == 2
        now = roster.list_representatives(s, clerk, roster.RepresentativeFilter())
        assert [r.name for r in now] == ["连任者"] and now[0].term == "第二届"
        old = roster.list_representatives(
            s, clerk, roster.RepresentativeFilter(term_id=terms[1].id, status="retired")
        )
        assert {r.name for r in old} == {"连任者", "离任者"}
        assert all(r.left_on == date(2027, 1, 1) for r in old)


def test_contact_shortfall_flag(db: Database, clerk: Actor) -> None:
    setup_roster(db, clerk)
    with db.transaction() as s:
        direct = rd.save_deputy(
            s, clerk, rd.DeputyForm(name="直选代表", level="district", election="direct")
        )
        indirect = rd.save_deputy(
            s, clerk, rd.DeputyForm(name="间选代表", level="city", election="indirect")
        )
        for n in range(4):
            rd.save_contact(s, clerk, rd.ContactForm(deputy_id=direct.id, name=f"选民{n}"))
        for name in ("甲", "乙", "丙"):
            other = rd.save_deputy(s, clerk, rd.DeputyForm(name=f"基层{name}", level="township"))
            rd.save_contact(
                s,
                clerk,
                rd.ContactForm(
                    deputy_id=indirect.id,
                    kind="deputy",
                    name=other.name,
                    contact_deputy_id=other.id,
                ),
            )
    with db.session() as s:
        rows = {r.name: r for r in rd.list_deputies(s, clerk, rd.DeputyFilter())}
        assert rows["直选代表"].short_of_contacts and rows["直选代表"].contacts == 4
        assert not rows["间选代表"].short_of_contacts and rows["间选代表"].contacts == 3
        short = {
            r.name for r in rd.list_deputies(s, clerk, rd.DeputyFilter(short_of_contacts=True))
        }
        assert "直选代表" in short and "间选代表" not in short
    with db.transaction() as s:
        rd.save_contact(s, clerk, rd.ContactForm(deputy_id=direct.id, name="选民5"))
    with db.session() as s:
        assert "直选代表" not in {
            r.name for r in rd.list_deputies(s, clerk, rd.DeputyFilter(short_of_contacts=True))
        }


def test_search_trigram_like_and_initials(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    _rep(db, clerk, c["较场口社区"], "张伟强", workplace="解放碑小学", phone="13800138000")
    _rep(db, clerk, c["较场口社区"], "王伟")
    _rep(db, clerk, c["较场口社区"], "曾小贤")
    with db.transaction() as s:
        rd.save_deputy(
            s, clerk, rd.DeputyForm(name="张伟", level="district", unit="渝中区人民医院")
        )
    with db.session() as s:
        assert [h.name for h in search.search_people(s, "张伟强")] == ["张伟强"]
        assert {h.name for h in search.search_people(s, "伟")} == {"张伟强", "王伟", "张伟"}
        assert {h.name for h in search.search_people(s, "张伟")} == {"张伟强", "张伟"}
        assert [h.name for h in search.search_people(s, "zwq")] == ["张伟强"]
        assert [h.name for h in search.search_people(s, "zxx")] == [
            "曾小贤"
        ]  # 曾 as a surname: zēng
        assert [h.name for h in search.search_people(s, "解放碑")] == ["张伟强"]  # workplace
        assert [h.name for h in search.search_people(s, "人民医院")] == ["张伟"]
        assert search.search_people(s, '"%_') == []
        assert search.search_people(s, "13800138000") == []  # personal data is not searchable
        flt = roster.RepresentativeFilter(text="伟强")
        assert [r.name for r in roster.list_representatives(s, clerk, flt)] == ["张伟强"]


def test_index_follows_edits_and_rebuilds(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    row = _rep(db, clerk, c["较场口社区"], "张伟强")
    with db.transaction() as s:
        form = roster.get_representative(s, row.id)
        form.name = "李建华"
        roster.save_representative(s, clerk, form)
    with db.session() as s:
        assert search.search_people(s, "张伟强") == []
        assert [h.name for h in search.search_people(s, "李建华")] == ["李建华"]
    with db.transaction() as s:
        s.execute(text(f"DELETE FROM {search.FTS_TABLE}"))
    search.forget_checks()
    with db.transaction() as s:
        assert [h.name for h in search.search_people(s, "李建华")] == ["李建华"]  # rebuilt on use
        assert search.rebuild(s) == 1
        assert s.scalar(select(func.count()).select_from(Representative)) == 1


def test_stations_and_communities(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        home = rd.save_station(
            s,
            clerk,
            rd.StationForm(name="人大代表之家", kind="home", activity_frequency="quarterly"),
        )
        rd.save_station(
            s,
            clerk,
            rd.StationForm(name="较场口联络站", parent_id=home.id, community_id=c["较场口社区"]),
        )
        with pytest.raises(ConflictError):
            rd.save_station(s, clerk, rd.StationForm(name="人大代表之家", kind="home"))
    with db.transaction() as s:
        with pytest.raises(ConflictError):
            roster.save_community(s, clerk, name="较场口社区")
        rows = rd.list_stations(s, clerk)
        assert [(r.name, r.parent) for r in rows] == [
            ("人大代表之家", ""),
            ("较场口联络站", "人大代表之家"),
        ]
        rd.retire_station(s, clerk, rows[1].id, "合并")
        assert [r.name for r in rd.list_stations(s, clerk)] == ["人大代表之家"]
    assert rd.default_frequency("home") == "quarterly"
