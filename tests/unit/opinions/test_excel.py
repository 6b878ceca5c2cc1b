"""Opinions ledger through the Excel engine: template, export of what the list shows,
historical import, round trip, masking per role."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop.db import Database
from desktop.excel import importer, writer
from desktop.excel.opinion_ledger import LEDGER
from desktop.models.opinions import Opinion, OpinionEvent
from desktop.models.roster import Community
from desktop.services import audit
from desktop.services import opinions as svc
from desktop.services.permissions import Actor

D0 = date(2025, 4, 1)

# The engine's importer (roster branch) still calls Result.tuples(), deprecated in SA 2.1.
pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


def _seed(db: Database, clerk: Actor) -> list[str]:
    with db.transaction() as s:
        com = Community(name="解放碑社区")
        s.add(com)
        s.flush()
        ids = []
        for i in range(4):
            row = svc.register(
                s,
                clerk,
                svc.OpinionInput(
                    received_on=D0 + timedelta(days=i),
                    content=f"第{i}件：背街小巷路面破损",
                    category="urban.roads",
                    community_id=com.id,
                    resident_name="陈红",
                    resident_phone="13800001111",
                    resident_address="民生路20号1单元",
                ),
            )
            ids.append(row.id)
        svc.assign(s, clerk, ids[1], svc.Assignment("区城管局", D0 + timedelta(days=2), "赵科长"))
        svc.assign(s, clerk, ids[2], svc.Assignment("区城管局", D0 + timedelta(days=3)))
        svc.answer(s, clerk, ids[2], "已修复", D0 + timedelta(days=9))
        svc.close(s, clerk, ids[2], "resolved", D0 + timedelta(days=10))
        svc.follow_up(s, clerk, ids[2], "satisfied", D0 + timedelta(days=12))
    return ids


def _export(db: Database, actor: Actor, ids: list[str], path: Path) -> list[list[object]]:
    with db.transaction() as s:
        writer.export(s, actor, "opinions", path, ids=ids)
    wb = load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[LEDGER.sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def test_round_trip_is_unchanged_and_an_edit_is_an_update(
    db: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    ids = _seed(db, clerk)
    shown = [
        r.id
        for r in svc.LedgerPager(db, clerk, svc.OpinionFilter(status="")).iter_all(("number", True))
    ]
    rows = _export(db, admin, shown, tmp_path / "ledger.xlsx")
    header = rows[0]
    assert header[:4] == ["记录号", "编号", "登记日期", "反映渠道"]
    assert [r[0] for r in rows[1:]] == shown  # exactly the list's rows in the list's order
    followed = next(r for r in rows[1:] if r[0] == ids[2])
    assert followed[header.index("办理状态")] == "已回访"
    assert followed[header.index("满意度")] == "满意"
    assert followed[header.index("联系电话")] == "13800001111"  # admin: unmasked
    with db.session() as s:
        plan = importer.prepare(s, admin, "opinions", tmp_path / "ledger.xlsx")
    assert plan.counts == {"new": 0, "update": 0, "unchanged": 4, "error": 0}, [
        (r.status, r.changed, r.values) for r in plan.rows
    ]

    wb = load_workbook(tmp_path / "ledger.xlsx")
    ws = wb[LEDGER.sheet]
    ws.cell(row=2, column=header.index("问题地点") + 1, value="民生路口")
    wb.save(tmp_path / "edited.xlsx")
    with db.transaction() as s:
        plan = importer.prepare(s, admin, "opinions", tmp_path / "edited.xlsx")
        assert plan.counts["update"] == 1
        importer.commit(s, admin, plan)
    with db.session() as s:
        assert s.get(Opinion, rows[1][0]).location == "民生路口"  # type: ignore[union-attr]
        assert [
            r.id for r in svc.query_page(s, admin, svc.OpinionFilter(text="民生路口"), 0, 9)
        ] == [rows[1][0]]


def test_export_masks_personal_data_for_clerks_and_audits_unmasked(
    db: Database, clerk: Actor, admin: Actor, viewer: Actor, tmp_path: Path
) -> None:
    ids = _seed(db, clerk)
    for actor, masked in ((clerk, True), (viewer, True), (admin, False)):
        with db.session() as s:
            before = audit.count(s)
        rows = _export(db, actor, ids, tmp_path / f"{actor.username}.xlsx")
        phone = rows[1][rows[0].index("联系电话")]
        address = rows[1][rows[0].index("住址")]
        if masked:
            assert phone == "138****1111" and "20号" not in str(address)
        else:
            assert phone == "13800001111" and address == "民生路20号1单元"
        with db.session() as s:
            last = audit.recent(s, 1)[0]
            assert audit.count(s) == before + 1
        assert last.action == ("export" if masked else "export.unmasked")


def test_historical_ledger_import(db: Database, clerk: Actor, tmp_path: Path) -> None:
    with db.transaction() as s:
        s.add(Community(name="七星岗社区"))
        writer.write_template(s, "opinions", tmp_path / "template.xlsx")
    tpl = load_workbook(tmp_path / "template.xlsx", read_only=True)
    header = [str(c).rstrip("*") for c in next(tpl[LEDGER.sheet].iter_rows(values_only=True))]
    tpl.close()
    assert header == [c.header for c in LEDGER.columns]

    def line(**kw: object) -> list[object]:
        return [kw.get(c.key) for c in LEDGER.columns]

    wb = Workbook()
    ws = wb.active
    ws.title = LEDGER.sheet
    ws.append(header)
    ws.append(
        line(
            received_on=date(2023, 5, 6),
            channel="接待选民日",
            community="七星岗社区",
            category="城建/排水管网",
            resident_name="黄伟",
            content="雨天积水严重",
            status="已回访",
            department="区住建委",
            assigned_on=date(2023, 5, 8),
            due_on=date(2023, 6, 7),
            answered_on=date(2023, 5, 30),
            reply="已疏通",
            closed_on=date(2023, 6, 2),
            close_reason="已解决",
            satisfaction="满意",
        )
    )
    ws.append(
        line(
            received_on=date(2023, 7, 1),
            channel="来信",
            category="其他",
            anonymous="是",
            content="建议增加公厕",
            status="已登记",
        )
    )
    ws.append(
        line(
            received_on=date(2023, 7, 2),
            channel="电话",
            category="其他",
            resident_name="孙丽",
            content="缺承办单位",
            status="已交办",
        )
    )
    wb.save(tmp_path / "history.xlsx")
    with db.transaction() as s:
        plan = importer.prepare(s, clerk, "opinions", tmp_path / "history.xlsx")
        assert plan.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 1}
        assert {e.column for e in plan.errors} >= {"承办单位"}
        result = importer.commit(s, clerk, plan, valid_only=True)
    assert result.created == 2
    with db.session() as s:
        ops = s.scalars(select(Opinion).order_by(Opinion.received_on)).all()
        assert [o.number for o in ops] == ["YJ2023-00001", "YJ2023-00002"]
        assert (
            ops[0].status == "followed_up"
            and ops[0].category == "urban.drainage"
            and ops[0].round == 1
        )
        assert ops[1].anonymous and ops[1].resident_name == ""
        events = s.scalars(select(OpinionEvent).where(OpinionEvent.opinion_id == ops[0].id)).all()
        assert [e.action for e in events] == ["import"]
        st = svc.statistics(s, clerk, date(2023, 1, 1), date(2023, 12, 31))
    assert st.satisfaction_rate == 1.0 and st.on_time == 1
