"""Opinions and 动议 raised at a meeting: registered from the meeting (channel 议事代表会议,
linked to the meeting and the person); a 动议 becomes a project proposal or an opinion."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.opinions import Opinion
from desktop.services.followup import motions
from desktop.services.permissions import Actor
from desktop.services.projects import core as projects_core
from tests.unit.followup.helpers import held_meeting
from tests.unit.meetings.fixtures import make_roster


def test_an_opinion_raised_at_the_meeting_enters_the_ledger(db: Database, clerk: Actor) -> None:
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 11, 20, 1, 30), number=3, close=False)
    rep = roster.representative_ids[0]
    with db.transaction() as s:
        row = motions.register(
            s,
            clerk,
            m,
            kind="opinion",
            title="七星岗公交站台无遮雨棚",
            content="建议增设遮雨棚。",
            representative_id=rep,
        )
    assert row.status == "to_opinion" and row.person_name == roster.names[rep]
    assert row.opinion_number.startswith("YJ2026-")
    with db.session() as s:
        op = s.get(Opinion, row.opinion_id)
        assert op is not None and op.channel == "meeting"
        assert op.resident_name == roster.names[rep] and "第3次会议" in op.notes
        assert op.community_id == roster.community_ids[0]
        assert [r.id for r in motions.for_meeting(s, clerk, m)] == [row.id]


def test_a_motion_becomes_a_project_proposal(db: Database, clerk: Actor) -> None:
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 11, 20, 1, 30), number=3)
    with db.transaction() as s:
        row = motions.register(
            s,
            clerk,
            m,
            kind="motion",
            title="大井巷社区增设老年助餐点",
            content="辖区老人多，建议列入明年民生实事。",
            representative_id=roster.representative_ids[1],
            seconders="王芳、刘洋",
        )
        assert row.status == "raised"
        got = motions.to_project(
            s,
            clerk,
            row.id,
            year=2027,
            estimated_cost=300_000,
            unit="街道民政办",
            today=date(2026, 11, 21),
        )
    assert got.status == "to_project" and got.project_number.startswith("MS2027-")
    with db.session() as s:
        project = projects_core.get_project(s, got.project_id or "")
        assert (
            project.source == "meeting"
            and project.proposer == roster.names[roster.representative_ids[1]]
        )
        assert project.status == "proposed" and project.estimated_cost == 300_000
    with db.transaction() as s, pytest.raises(ConflictError):
        motions.to_opinion(s, clerk, row.id)  # already a proposal


def test_a_motion_by_a_deputy_becomes_an_opinion(db: Database, clerk: Actor) -> None:
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 11, 20, 1, 30), number=3)
    with db.transaction() as s:
        row = motions.register(
            s,
            clerk,
            m,
            kind="motion",
            title="解放碑步行街夜间噪声扰民",
            deputy_id=roster.deputy_ids[0],
        )
        got = motions.to_opinion(s, clerk, row.id, category="environment.noise")
    assert got.status == "to_opinion"
    with db.session() as s:
        op = s.get(Opinion, got.opinion_id)
        assert op is not None and op.channel == "meeting" and op.category == "environment.noise"
        assert roster.deputy_ids[0] in op.deputy_ids
    with db.transaction() as s, pytest.raises(ConflictError):
        motions.to_project(s, clerk, row.id)


def test_refusals(db: Database, clerk: Actor, viewer: Actor, scrutineer: Actor) -> None:
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 11, 20, 1, 30), number=3)
    rep = roster.representative_ids[0]
    with db.transaction() as s, pytest.raises(PermissionDenied):
        motions.register(s, viewer, m, kind="motion", title="x", representative_id=rep)
    with db.transaction() as s, pytest.raises(ValidationError):
        motions.register(s, clerk, m, kind="motion", title="无提出人")
    with db.transaction() as s, pytest.raises(ValidationError):
        motions.register(s, clerk, m, kind="motion", title=" ", representative_id=rep)
    with db.transaction() as s:
        row = motions.register(s, clerk, m, kind="motion", title="增设路灯", representative_id=rep)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        motions.to_project(s, scrutineer, row.id, year=2027)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        motions.to_opinion(s, viewer, row.id)
