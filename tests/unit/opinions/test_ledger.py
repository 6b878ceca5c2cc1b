"""Opinions ledger: queues at a fixed "today", masking per role, search, paging, duplicates,
statistics."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.db import Database
from desktop.errors import PermissionDenied
from desktop.models.roster import Community
from desktop.services import opinions as svc
from desktop.services.opinions import search as opinion_search
from desktop.services.permissions import Actor

TODAY = date(2025, 6, 16)  # a Monday


def _community(db: Database, name: str) -> str:
    with db.transaction() as s:
        com = Community(name=name)
        s.add(com)
        s.flush()
        return com.id


def _op(db: Database, actor: Actor, received: date, content: str, **kw: object) -> str:
    data: dict[str, object] = {
        "received_on": received,
        "content": content,
        "resident_name": "刘芳",
        "resident_phone": "13987654321",
        "resident_address": "邹容路128号2栋",
    }
    data.update(kw)
    with db.transaction() as s:
        return svc.register(s, actor, svc.OpinionInput(**data)).id  # type: ignore[arg-type]


def _assign(
    db: Database, actor: Actor, oid: str, dept: str, on: date, due: date, handler: str = ""
) -> None:
    with db.transaction() as s:
        svc.assign(s, actor, oid, svc.Assignment(dept, on, due_on=due, handler=handler))


def test_overdue_and_due_soon_queues_at_fixed_today(
    db: Database, clerk: Actor, clerk2: Actor
) -> None:
    d = date(2025, 5, 1)
    a = _op(db, clerk, d, "路灯不亮")  # overdue by 6 days
    b = _op(db, clerk, d, "垃圾清运不及时")  # due today → due soon, not overdue
    c = _op(db, clerk, d, "小区停车难")  # due in 3 days → due soon
    e = _op(db, clerk, d, "噪声扰民")  # due in 4 days → neither
    f = _op(db, clerk, d, "楼道堆物")  # overdue but answered → neither
    g = _op(db, clerk, d, "绿化带缺损")  # overdue, other department, other clerk
    h = _op(db, clerk, d + timedelta(days=2), "井盖松动")  # received only → unanswered
    _assign(db, clerk, a, "区市政园林局", d, TODAY - timedelta(days=6))
    _assign(db, clerk, b, "区城管局", d, TODAY)
    _assign(db, clerk, c, "区城管局", d, TODAY + timedelta(days=3))
    _assign(db, clerk, e, "区城管局", d, TODAY + timedelta(days=4))
    _assign(db, clerk, f, "区城管局", d, TODAY - timedelta(days=10))
    with db.transaction() as s:
        svc.answer(s, clerk, f, "已清理", d + timedelta(days=3))
    _assign(db, clerk, g, "区市政园林局", d, TODAY - timedelta(days=1), handler="clerk2")

    def ids(queue: str) -> list[str]:
        with db.session() as s:
            return [
                r.id
                for r in svc.query_page(
                    s, clerk, svc.OpinionFilter(queue=queue), 0, 50, today=TODAY
                )
            ]

    assert ids("overdue") == [a, g]  # earliest due first
    assert ids("due_soon") == [b, c]
    assert ids("unanswered") == [a, b, c, e, g, h]  # oldest received first (ties by id)
    with db.session() as s:
        counts = {q.key: q.count for q in svc.queue_counts(s, clerk, TODAY)}
        by_dept = svc.overdue_by(s, clerk, "department", TODAY)
        by_staff = svc.overdue_by(s, clerk, "handler", TODAY)
        rows = svc.query_page(s, clerk, svc.OpinionFilter(queue="overdue"), 0, 50, today=TODAY)
    assert counts == {"due_soon": 2, "overdue": 2, "unanswered": 6, "awaiting_reassignment": 0}
    assert [(g_.name, g_.count) for g_ in by_dept] == [("区市政园林局", 2)]
    assert sorted((g_.name, g_.count) for g_ in by_staff) == [("clerk", 1), ("clerk2", 1)]
    assert [r.days_overdue for r in rows] == [6, 1]
    # the day after, b is overdue too
    with db.session() as s:
        later = svc.query_page(
            s, clerk, svc.OpinionFilter(queue="overdue"), 0, 50, today=TODAY + timedelta(days=1)
        )
    assert {r.id for r in later} == {a, b, g}


def test_masking_per_role_in_the_list(
    db: Database, clerk: Actor, admin: Actor, viewer: Actor, scrutineer: Actor
) -> None:
    _op(db, clerk, date(2025, 5, 1), "路灯不亮")
    for actor, masked in ((admin, False), (clerk, False), (viewer, True), (scrutineer, True)):
        with db.session() as s:
            (row,) = svc.query_page(s, actor, svc.OpinionFilter(), 0, 10)
            detail = svc.get(s, actor, row.id)
        assert row.masked is masked
        if masked:
            assert row.resident_phone == "139****4321" and "13987654321" not in repr(detail)
            assert row.resident_address == "邹容路****" and "128号" not in repr(detail)
        else:
            assert row.resident_phone == "13987654321" and row.resident_address == "邹容路128号2栋"


def test_unmasked_export_is_admin_only_and_audited(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    from desktop.services import audit

    with db.transaction() as s, pytest.raises(PermissionDenied):
        svc.export_grant(s, clerk, True, "ledger.xlsx")
    with db.session() as s:
        before = audit.count(s)
    with db.transaction() as s:
        grant = svc.export_grant(s, admin, True, "ledger.xlsx", rows=3)
        assert grant.unmasked
    with db.session() as s:
        assert audit.count(s) == before + 1
        assert audit.recent(s, 1)[0].action == "opinion.export_unmasked"


def test_search_fts_and_short_fallback(db: Database, clerk: Actor) -> None:
    a = _op(db, clerk, date(2025, 5, 1), "人民路下水道堵塞，污水外溢")
    b = _op(db, clerk, date(2025, 5, 2), "希望增设老年食堂")
    c = _op(db, clerk, date(2025, 5, 3), "下水道井盖缺失", resident_name="王五")
    opinion_search.ensure(db.engine)  # built from the table on first use
    d = _op(db, clerk, date(2025, 5, 4), "背街小巷下水道返臭")  # indexed by the service

    def search(q: str) -> list[str]:
        with db.session() as s:
            return [r.id for r in svc.query_page(s, clerk, svc.OpinionFilter(text=q), 0, 50)]

    assert search("下水道") == [d, c, a]  # FTS, newest entry first
    assert search("老年食堂") == [b]
    assert search("王五") == [c]  # 2 characters: LIKE fallback
    assert search("下水道 井盖") == [c]
    with db.transaction() as s:
        svc.update_details(
            s,
            clerk,
            b,
            svc.input_of(s, clerk, b).__class__(
                received_on=date(2025, 5, 2), content="希望增设社区食堂", resident_name="刘芳"
            ),
        )
    assert search("老年食堂") == []
    assert search("社区食堂") == [b]


def test_keyset_paging_visits_every_row_once(db: Database, clerk: Actor) -> None:
    for i in range(23):
        _op(db, clerk, date(2025, 1, 1) + timedelta(days=i % 5), f"第{i}条意见")
    pager = svc.LedgerPager(db, clerk)
    seen: list[str] = []
    offset = 0
    while True:
        batch = pager.fetch(offset, 5, None)
        seen += [r.id for r in batch]
        offset += len(batch)
        if len(batch) < 5:
            break
    assert len(seen) == 23 == len(set(seen))
    with db.session() as s:
        full = [r.id for r in svc.query_page(s, clerk, svc.OpinionFilter(), 0, 100)]
    assert seen == full
    with db.session() as s:
        by_number = [
            r.id for r in svc.query_page(s, clerk, svc.OpinionFilter(), 0, 100, ("number", False))
        ]
    assert [r.id for r in pager.iter_all(("number", False), chunk=4)] == by_number


def test_possible_duplicates(db: Database, clerk: Actor) -> None:
    jfb = _community(db, "解放碑社区")
    other = _community(db, "七星岗社区")
    a = _op(db, clerk, date(2025, 5, 1), "民族路88号门口路灯坏了，晚上很黑", community_id=jfb)
    _op(db, clerk, date(2025, 5, 1), "民族路88号门口路灯坏了，晚上很黑", community_id=other)
    _op(db, clerk, date(2025, 3, 1), "民族路88号门口路灯坏了", community_id=jfb)  # too old
    _op(db, clerk, date(2025, 5, 2), "希望增设老年食堂", community_id=jfb)
    with db.session() as s:
        found = svc.possible_duplicates(
            s, clerk, "民族路88号路灯坏了好几天", jfb, date(2025, 5, 20)
        )
    assert [f.id for f in found] == [a]


def test_statistics(db: Database, clerk: Actor) -> None:
    d = date(2025, 3, 3)
    ids = [
        _op(db, clerk, d, f"意见{i}", category=cat)
        for i, cat in enumerate(["urban.roads", "urban.drainage", "environment.noise", "other"])
    ]
    _assign(db, clerk, ids[0], "区城管局", d, d + timedelta(days=30))
    _assign(db, clerk, ids[1], "区城管局", d, d + timedelta(days=5))
    _assign(db, clerk, ids[2], "区城管局", d, d + timedelta(days=5))
    with db.transaction() as s:
        svc.answer(s, clerk, ids[0], "好", d + timedelta(days=10))
        svc.answer(s, clerk, ids[1], "好", d + timedelta(days=20))  # late
        svc.close(s, clerk, ids[0], "resolved", d + timedelta(days=11))
        svc.follow_up(s, clerk, ids[0], "basically_satisfied", d + timedelta(days=12))
    with db.session() as s:
        st = svc.statistics(s, clerk, date(2025, 1, 1), date(2025, 12, 31), today=date(2025, 6, 1))
    assert st.total == 4
    assert {c.key: c.count for c in st.by_category} == {"urban": 2, "environment": 1, "other": 1}
    assert {c.key: c.count for c in st.by_status} == {
        "received": 1,
        "assigned": 1,
        "answered": 1,
        "closed": 0,
        "followed_up": 1,
    }
    assert st.answered == 2 and st.average_days_to_answer == 15.0
    assert st.on_time == 1 and st.on_time_rate == pytest.approx(1 / 3)  # ids[2] is overdue
    assert st.satisfaction_rate == 1.0
    assert len(st.by_month) == 12 and st.by_month[2].count == 4


def test_queue_counts_stop_at_the_cap(db: Database, clerk: Actor) -> None:
    for i in range(4):
        _op(db, clerk, date(2025, 5, 1), f"第{i}件")
    with db.session() as s:
        counts = {q.key: q for q in svc.queue_counts(s, clerk, TODAY, cap=3)}
        exact = {q.key: q for q in svc.queue_counts(s, clerk, TODAY)}
    assert counts["unanswered"].count == 3 and counts["unanswered"].capped
    assert counts["unanswered"].text == "3+"
    assert exact["unanswered"].count == 4 and not exact["unanswered"].capped
    assert exact["overdue"].text == "0"


def test_iter_ids_follows_the_list(db: Database, clerk: Actor) -> None:
    for i in range(13):
        _op(db, clerk, date(2025, 1, 1) + timedelta(days=i % 4), f"第{i}条 下水道堵塞")
    for flt, sort in (
        (svc.OpinionFilter(), None),
        (svc.OpinionFilter(), ("number", False)),
        (svc.OpinionFilter(), ("due_on", True)),
        (svc.OpinionFilter(text="下水道"), None),
        (svc.OpinionFilter(queue="unanswered"), None),
    ):
        pager = svc.LedgerPager(db, clerk, flt)
        rows = [r.id for r in pager.iter_all(sort, chunk=4)]
        assert list(pager.iter_ids(sort, chunk=3)) == rows and len(rows) == 13


def test_search_index_catches_up_with_rows_written_without_it(db: Database, clerk: Actor) -> None:
    a = _op(db, clerk, date(2025, 5, 1), "人民路下水道堵塞")
    opinion_search.ensure(db.engine)
    assert a
    with db.transaction() as s:  # as sync would: a row arrives without the opinions service
        from desktop.models.opinions import Opinion

        s.add(
            Opinion(number="YJ2025-09999", received_on=date(2025, 5, 2), content="临江路下水道返臭")
        )
    opinion_search.forget(db.engine)  # a new run of the app
    opinion_search.ensure(db.engine)
    with db.session() as s:
        found = svc.query_page(s, clerk, svc.OpinionFilter(text="下水道"), 0, 10)
    assert [r.number for r in found] == ["YJ2025-09999", "YJ2025-00001"]


def test_home_figures_include_the_overdue_count(db: Database, clerk: Actor) -> None:
    from desktop.services import home

    with db.session() as s:
        keys = {f.key for f in home.figures(s)}
    assert {"opinions_open", "opinions_overdue"} <= keys
