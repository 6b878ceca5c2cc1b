"""The closed loop of a resolution: 交办 → 研究处理情况报告 → 审核意见 → 满意度测评 at the next
meeting; overdue on the working-day calendar (holidays and 调休); the follow-up report on the
next meeting's agenda; the home card; who may do what."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.models.followup import DeliberationOpinion
from desktop.models.outbox import SyncOutbox
from desktop.services import audit_labels, meetings, workdays
from desktop.services.followup import core, home_card, rating, report
from desktop.services.meetings import agenda
from desktop.services.opinions import units as opinion_units
from desktop.services.permissions import Actor
from tests.unit.followup.helpers import held_meeting, resolution
from tests.unit.meetings.fixtures import make_roster
from tests.unit.projects.helpers import run_poll


def _first_meeting_with_resolution(db: Database, clerk: Actor) -> tuple[str, str]:
    make_roster(db)
    m1 = held_meeting(db, clerk, datetime(2026, 9, 29, 1, 30), number=3, close=False)
    res = resolution(db, clerk, m1, "关于老旧小区加装电梯工作情况报告的决议")
    with db.transaction() as s:
        meetings.close_meeting(s, clerk, m1)
    return m1, res


def test_resolution_assigned_answered_reviewed_rated_at_the_next_meeting(
    db: Database, clerk: Actor, admin: Actor, scrutineer: Actor
) -> None:
    m1, res = _first_meeting_with_resolution(db, clerk)
    with db.transaction() as s:
        item = core.create(s, clerk, m1, resolution_id=res)
        assert item.kind == "resolution" and item.title.startswith("关于老旧小区")
        assert item.number == "DB2026-001" and item.status == "formed"
        core.assign(
            s,
            clerk,
            item.id,
            unit="街道城管办",
            contact_person="刘科长",
            requirement="两个月内报送研究处理情况报告",
            assigned_on=date(2026, 10, 12),
            days=20,
        )
        # The unit joins the opinions ledger's dictionary of 承办单位.
        assert "街道城管办" in [u.name for u in opinion_units.list_units(s, clerk)]
    with db.transaction() as s:
        got = core.record_report(
            s,
            clerk,
            item.id,
            text="已完成3个小区加装电梯的设计和公示。",
            reported_on=date(2026, 11, 2),
        )
        assert got.status == "reported"
    with db.transaction() as s:
        got = core.review(
            s,
            admin,
            item.id,
            verdict="accepted",
            text="报告内容属实，同意提交下次会议测评。",
            reviewed_on=date(2026, 11, 5),
        )
        assert got.status == "reviewed"

    # The next meeting: the follow-up report on its agenda, then the rating poll.
    m2 = held_meeting(db, clerk, datetime(2026, 12, 10, 1, 30), number=4, close=False)
    with db.transaction() as s:
        row = report.add_to_agenda(s, clerk, m2, today=date(2026, 12, 10))
        assert row.kind == "report" and row.title == report.REPORT_TITLE
        assert "共1件" in row.summary and "街道城管办" in row.summary
        assert [a.title for a in agenda.list_items(s, clerk, m2)] == [report.REPORT_TITLE]
    with db.transaction() as s, pytest.raises(ConflictError):
        report.add_to_agenda(s, clerk, m2)
    with db.transaction() as s:
        poll = rating.create_rating_poll(s, clerk, m2)
        assert poll.kind == "rating" and [o.title for o in poll.options] == [item.title]
        assert poll.options[0].department == "街道城管办"
        assert core.row(s, clerk, item.id).status == "rating"
    ballots = [[(1, "满意" if n < 8 else "不满意")] for n in range(10)]
    with db.transaction() as s, pytest.raises(ConflictError):
        rating.read_back_meeting(s, clerk, m2)  # not certified yet
    run_poll(db, clerk, scrutineer, poll.id, ballots)
    with db.transaction() as s:
        assert rating.polls_to_read_back(s, m2) == [poll.id]
        done = rating.read_back_meeting(s, clerk, m2, on=date(2026, 12, 10))
        assert rating.polls_to_read_back(s, m2) == []
        assert done == ["DB2026-001"]
        rated = core.row(s, clerk, item.id)
        assert rated.status == "rated" and rated.satisfaction_rate == "8/10"
        assert rated.satisfaction["不满意"] == 2
    with db.transaction() as s, pytest.raises(ConflictError):
        rating.read_back_rating(s, clerk, poll.id)
    with db.session() as s:
        entity = s.get(DeliberationOpinion, item.id)
        assert entity is not None and json.loads(entity.satisfaction_json)["满意"] == 8
        # Synced: every change went through the outbox; every step has a Chinese audit row.
        ops = s.scalars(select(SyncOutbox).where(SyncOutbox.entity == "deliberation_opinion")).all()
        assert ops
        actions = [
            a for a in s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == item.id))
        ]
    assert actions == [
        "deliberation.create",
        "deliberation.assign",
        "deliberation.handling_report",
        "deliberation.review",
        "deliberation.to_agenda",
        "deliberation.rating_poll",
        "deliberation.rate",
    ]
    assert (
        audit_labels.describe("deliberation.handling_report") == "审议意见 · 研究处理情况报告已录入"
    )


def test_review_sends_back_for_a_new_round(db: Database, clerk: Actor, admin: Actor) -> None:
    m1, _res = _first_meeting_with_resolution(db, clerk)
    with db.transaction() as s:
        item = core.create(s, clerk, m1, title="关于背街小巷整治的审议意见", content="……")
        core.assign(s, clerk, item.id, unit="街道城管办", assigned_on=date(2026, 10, 12), days=10)
        core.record_report(s, clerk, item.id, text="正在调研。", reported_on=date(2026, 10, 20))
        back = core.review(
            s,
            admin,
            item.id,
            verdict="redo",
            text="报告未说明整治计划和时限，退回重新办理。",
            reviewed_on=date(2026, 10, 22),
            days=10,
        )
    assert back.status == "assigned" and back.round == 2 and back.report_text == ""
    assert back.assigned_on == date(2026, 10, 22) and back.due_on == date(2026, 11, 5)
    # A sent-back item is not on a rating poll.
    with db.session() as s, pytest.raises(ValidationError):
        rating.create_rating_poll(s, clerk, m1)


def test_overdue_counts_working_days_across_the_national_day_holiday(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    m1, _res = _first_meeting_with_resolution(db, clerk)
    with db.transaction() as s:
        workdays.seed_year(s, admin, 2026)
        for day in (1, 2, 5, 6, 7):
            workdays.set_day(s, admin, date(2026, 10, day), "holiday", "国庆节")
        for day in (8, 9):
            workdays.clear_day(s, admin, date(2026, 10, day))
        workdays.set_day(s, admin, date(2026, 10, 10), "workday", "国庆节调休")
    with db.transaction() as s:
        item = core.create(s, clerk, m1, title="关于社区养老服务的审议意见")
        got = core.assign(
            s, clerk, item.id, unit="街道民政办", assigned_on=date(2026, 9, 30), days=5
        )
    # 5 working days after 9/30: 10/8, 10/9, 10/10 (调休上班), 10/12, 10/13 — not 10/7.
    assert got.due_on == date(2026, 10, 13)
    with db.session() as s:
        assert core.queue(s, clerk, "overdue", today=date(2026, 10, 9)) == []
        assert core.queue(s, clerk, "overdue", today=date(2026, 10, 13)) == []
        late = core.queue(s, clerk, "overdue", today=date(2026, 10, 15))
        assert [r.number for r in late] == [item.number] and late[0].overdue_days == 2
        assert home_card.figures(s, date(2026, 10, 15))[0].value == 1
        assert home_card.figures(s, date(2026, 10, 13))[0].value == 0
    with db.transaction() as s:
        core.record_report(s, clerk, item.id, text="已报送。", reported_on=date(2026, 10, 16))
    with db.session() as s:
        assert core.queue(s, clerk, "overdue", today=date(2026, 10, 20)) == []
        assert [r.number for r in core.queue(s, clerk, "to_review")] == [item.number]


def test_default_due_date_follows_the_opinions_ledger_rule(db: Database, clerk: Actor) -> None:
    m1, _res = _first_meeting_with_resolution(db, clerk)
    with db.transaction() as s:
        item = core.create(s, clerk, m1, title="关于停车难问题的审议意见")
        got = core.assign(s, clerk, item.id, unit="区住建委", assigned_on=date(2026, 10, 12))
        assert got.due_on == core.compute_due(s, date(2026, 10, 12))


def test_refusals_and_wrong_steps(
    db: Database, clerk: Actor, admin: Actor, viewer: Actor, scrutineer: Actor
) -> None:
    m1, res = _first_meeting_with_resolution(db, clerk)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        core.create(s, viewer, m1, resolution_id=res)
    with db.transaction() as s:
        item = core.create(s, clerk, m1, resolution_id=res)
    with db.transaction() as s, pytest.raises(ConflictError):
        core.create(s, clerk, m1, resolution_id=res)  # followed up once only
    with db.transaction() as s, pytest.raises(PermissionDenied):
        core.assign(s, scrutineer, item.id, unit="街道城管办", assigned_on=date(2026, 10, 12))
    with db.transaction() as s, pytest.raises(ConflictError):
        core.record_report(s, clerk, item.id, text="……", reported_on=date(2026, 10, 12))
    with db.transaction() as s, pytest.raises(ValidationError):
        core.assign(s, clerk, item.id, unit="  ", assigned_on=date(2026, 10, 12))
    with db.transaction() as s, pytest.raises(ValidationError):
        core.assign(s, clerk, item.id, unit="街道城管办", assigned_on=date(2026, 9, 1))
    with db.transaction() as s:
        core.assign(s, clerk, item.id, unit="街道城管办", assigned_on=date(2026, 10, 12), days=5)
        core.record_report(s, clerk, item.id, text="已办理。", reported_on=date(2026, 10, 15))
    # The 审核意见 is the working committee's: a clerk may not give it.
    with db.transaction() as s, pytest.raises(PermissionDenied) as refused:
        core.review(
            s, clerk, item.id, verdict="accepted", text="同意。", reviewed_on=date(2026, 10, 16)
        )
    assert "审核意见" in str(refused.value)
    with db.transaction() as s, pytest.raises(ValidationError):
        core.review(s, admin, item.id, verdict="accepted", text=" ", reviewed_on=date(2026, 10, 16))
    with db.transaction() as s:
        core.review(
            s, admin, item.id, verdict="accepted", text="同意。", reviewed_on=date(2026, 10, 16)
        )
    # Rated at a later meeting only, and only through an open one.
    with db.transaction() as s, pytest.raises(ConflictError):
        rating.create_rating_poll(s, clerk, m1)
    m2 = held_meeting(db, clerk, datetime(2026, 12, 10, 1, 30), number=4, close=False)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        rating.create_rating_poll(s, viewer, m2)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        report.add_to_agenda(s, viewer, m2)
    with db.session() as s:
        assert core.queue(s, viewer, "to_rate")[0].number == "DB2026-001"  # viewers see
