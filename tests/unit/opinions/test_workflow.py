"""Opinions ledger: the workflow state machine, audit rows, queues, masking, duplicates."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.models.opinions import CLOSE_REASONS, STATUSES, Opinion, OpinionEvent
from desktop.models.outbox import capture_disabled
from desktop.models.roster import Community
from desktop.services import opinions as svc
from desktop.services.permissions import Actor

D0 = date(2025, 3, 3)


def _community(db: Database, name: str = "较场口社区") -> str:
    with db.transaction() as s:
        com = Community(name=name)
        s.add(com)
        s.flush()
        return com.id


def _new(db: Database, actor: Actor, **kw: object) -> svc.OpinionRow:
    data = {
        "received_on": D0,
        "content": "小区门口路灯坏了三盏，晚上出行不安全",
        "resident_name": "张伟强",
        "resident_phone": "13812345678",
        "resident_address": "民族路88号3栋2单元501",
        "category": "urban.roads",
    }
    data.update(kw)
    with db.transaction() as s:
        return svc.register(s, actor, svc.OpinionInput(**data))  # type: ignore[arg-type]


def _audit_count(db: Database, opinion_id: str) -> int:
    with db.session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == "opinion", AuditEntry.entity_id == opinion_id)
            )
            or 0
        )


def test_full_lifecycle_with_reopen(db: Database, clerk: Actor) -> None:
    row = _new(db, clerk)
    assert row.number == "YJ2025-00001" and row.status == "received"
    with db.transaction() as s:
        row = svc.assign(s, clerk, row.id, svc.Assignment("区市政园林局", D0, "刘科长"))
    assert row.status == "assigned" and row.round == 1 and row.due_on is not None
    assert row.due_on == date(2025, 4, 2)  # 30 calendar days, a Wednesday
    with db.transaction() as s:
        row = svc.answer(s, clerk, row.id, "已安排更换路灯", D0 + timedelta(days=10))
        row = svc.close(s, clerk, row.id, "resolved", D0 + timedelta(days=11))
        row = svc.follow_up(
            s,
            clerk,
            row.id,
            "dissatisfied",
            D0 + timedelta(days=20),
            "只修了一盏",
            reassign=svc.Assignment("区城管局", D0 + timedelta(days=20)),
        )
    assert row.status == "assigned" and row.round == 2 and row.department == "区城管局"
    assert row.answered_on is None and row.satisfaction == ""
    with db.session() as s:
        detail = svc.get(s, clerk, row.id)
    actions = [e.action for e in detail.events]
    assert actions == ["register", "assign", "answer", "close", "follow_up", "reopen"]
    assert _audit_count(db, row.id) == len(actions)


def test_illegal_transitions_are_refused_clearly(db: Database, clerk: Actor) -> None:
    row = _new(db, clerk)
    with db.transaction() as s, pytest.raises(ConflictError) as err:
        svc.answer(s, clerk, row.id, "答复", D0)
    assert "已登记" in str(err.value) and "不能答复" in str(err.value)
    with db.transaction() as s, pytest.raises(ConflictError):
        svc.close(s, clerk, row.id, "resolved", D0)  # unanswered: only duplicate etc.
    with db.transaction() as s:
        svc.close(s, clerk, row.id, "duplicate", D0)
    with db.transaction() as s:
        svc.follow_up(s, clerk, row.id, "satisfied", D0)
    with db.transaction() as s, pytest.raises(ConflictError):
        svc.reopen(s, clerk, row.id, svc.Assignment("区城管局", D0))
    assert _audit_count(db, row.id) == 3


def test_viewer_cannot_change_anything(db: Database, clerk: Actor, viewer: Actor) -> None:
    row = _new(db, clerk)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        svc.assign(s, viewer, row.id, svc.Assignment("区城管局", D0))


def test_validation(db: Database, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        _new(db, clerk, content="  ")
    assert err.value.field == "content"
    with pytest.raises(ValidationError) as err:
        _new(db, clerk, resident_name="")
    assert err.value.field == "resident_name"
    anon = _new(db, clerk, resident_name="", anonymous=True)
    assert anon.resident_phone == "" and anon.anonymous
    row = _new(db, clerk)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.assign(s, clerk, row.id, svc.Assignment("区城管局", D0 - timedelta(days=1)))
    assert err.value.field == "assigned_on"


def test_stale_version_conflicts(db: Database, clerk: Actor, clerk2: Actor) -> None:
    row = _new(db, clerk)
    with db.transaction() as s:
        svc.assign(s, clerk, row.id, svc.Assignment("区城管局", D0), expected_version=row.version)
    with db.transaction() as s, pytest.raises(ConflictError):
        svc.assign(s, clerk2, row.id, svc.Assignment("区民政局", D0), expected_version=row.version)


# ------------------------------------------------------------------ hypothesis state machine

ACTIONS = st.sampled_from(["assign", "answer", "close", "follow_up", "reopen"])
STEP = st.tuples(
    ACTIONS,
    st.integers(0, 2),  # which opinion
    st.sampled_from(["resolved", "explained", "not_responsible", "duplicate", "referred"]),
    st.sampled_from(["satisfied", "basically_satisfied", "dissatisfied"]),
    st.booleans(),  # follow-up carries a reassignment
)


def _invariants(op: Opinion) -> None:
    assert op.status in STATUSES
    if op.status in ("assigned", "answered"):
        assert op.department and op.assigned_on and op.due_on and op.round >= 1
        assert op.due_on >= op.assigned_on >= op.received_on
    if op.status == "assigned":
        assert op.answered_on is None and op.reply == ""
    if op.status == "answered":
        assert op.reply and op.answered_on and op.answered_on >= op.assigned_on  # type: ignore[operator]
    if op.status in ("closed", "followed_up"):
        assert op.close_reason in CLOSE_REASONS and op.closed_on is not None
        if op.answered_on is None:
            assert op.close_reason in svc.CLOSE_WITHOUT_ANSWER
    if op.status == "followed_up":
        assert op.satisfaction in ("satisfied", "basically_satisfied", "dissatisfied")
    else:
        assert op.satisfaction == ""
    if op.status == "received":
        assert op.round == 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_random_action_sequences_stay_legal_and_audited(
    db: Database, clerk: Actor, steps: list[tuple[str, int, str, str, bool]]
) -> None:
    with db.transaction() as s, capture_disabled(s):  # a test reset, not a user change
        s.query(OpinionEvent).delete()
        s.query(Opinion).delete()
    ids = [_new(db, clerk, content=f"意见{i}号：楼道堆放杂物").id for i in range(3)]
    expected_transitions = dict.fromkeys(ids, 1)  # the registration
    with db.session() as s:
        audit_before = {i: _audit_count(db, i) for i in ids}
    day = D0
    for action, which, reason, satisfaction, reassign in steps:
        day += timedelta(days=1)
        oid = ids[which]
        with db.session() as s:
            status_before = s.get(Opinion, oid).status  # type: ignore[union-attr]
        legal = (action, status_before) in svc.TRANSITIONS
        try:
            with db.transaction() as s:
                if action == "assign":
                    svc.assign(s, clerk, oid, svc.Assignment("区城管局", day, "王科长"))
                elif action == "answer":
                    svc.answer(s, clerk, oid, "已处理", day)
                elif action == "close":
                    svc.close(s, clerk, oid, reason, day)
                elif action == "follow_up":
                    svc.follow_up(
                        s,
                        clerk,
                        oid,
                        satisfaction,
                        day,
                        reassign=svc.Assignment("区住建委", day)
                        if reassign and satisfaction == "dissatisfied"
                        else None,
                    )
                else:
                    svc.reopen(s, clerk, oid, svc.Assignment("区住建委", day))
        except (ConflictError, ValidationError):
            ok = False
        else:
            ok = True
            expected_transitions[oid] += 1
            if action == "follow_up" and reassign and satisfaction == "dissatisfied":
                expected_transitions[oid] += 1
        if not legal:
            assert not ok, (action, status_before)
        if legal and action != "close" and action != "reopen":
            assert ok, (action, status_before)
        with db.session() as s:
            for i in ids:
                op = s.get(Opinion, i)
                assert op is not None
                _invariants(op)
                events = s.scalars(
                    select(OpinionEvent)
                    .where(OpinionEvent.opinion_id == i)
                    .order_by(OpinionEvent.at, OpinionEvent.id)
                ).all()
                assert len(events) == expected_transitions[i]
                assert events[-1].to_status == op.status
                for a, b in itertools.pairwise(events):
                    assert b.from_status == a.to_status
                    assert (b.action, b.from_status) in svc.TRANSITIONS
                assert _audit_count(db, i) - audit_before[i] == len(events) - 1


def test_category_tree_rename_keeps_codes_and_refuses_removing_a_used_category(
    db: Database, admin: Actor, clerk: Actor
) -> None:
    row = _new(db, clerk, category="urban.roads")
    with db.session() as s:
        tree = svc.category_tree(s)
        assert svc.category_usage(s) == {"urban.roads": 1}
    urban = next(n for n in tree if n["code"] == "urban")
    urban["children"][0]["label"] = "道路与路灯"
    urban["children"].append({"code": "urban.c1", "label": "违章搭建"})
    with db.transaction() as s:
        svc.save_category_tree(s, admin, tree)
    with db.session() as s:
        assert svc.category_labels(s)["urban.roads"] == "城建/道路与路灯"
        assert svc.get(s, clerk, row.id).row.category_label == "城建/道路与路灯"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "opinion.categories")).one()
        assert entry.username == admin.username

    urban["children"] = [c for c in urban["children"] if c["code"] != "urban.roads"]
    with pytest.raises(ValidationError, match="道路与路灯") as err, db.transaction() as s:
        svc.save_category_tree(s, admin, tree)
    assert "仍有 1 条意见在用" in str(err.value)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        svc.save_category_tree(s, clerk, svc.DEFAULT_CATEGORIES)

    # An unused category goes; the removal is stored.
    urban["children"].insert(0, {"code": "urban.roads", "label": "道路与路灯"})
    urban["children"] = [c for c in urban["children"] if c["code"] != "urban.lifts"]
    with db.transaction() as s:
        svc.save_category_tree(s, admin, tree)
    with db.session() as s:
        assert "urban.lifts" not in svc.category_labels(s)
