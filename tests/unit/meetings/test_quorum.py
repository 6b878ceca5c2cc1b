"""Quorum arithmetic: every members total 1..500 under both rules, integers only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.models.meetings import Attendance
from desktop.services import meetings
from desktop.services import settings as settings_service
from desktop.services.counting import QuorumRule
from desktop.services.meetings import signin
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster


def oracle_needed(rule: str, total: int) -> int:
    # Independent integer formulas: more than half ⇔ 2p > total; two thirds ⇔ 3p ≥ 2·total.
    if rule == "more_than_half":
        return total // 2 + 1
    return max(1, -(-2 * total // 3))


@pytest.mark.parametrize("rule", ["more_than_half", "two_thirds"])
def test_every_members_total_1_to_500(rule: str) -> None:
    q = QuorumRule.from_name(rule)
    for total in range(1, 501):
        needed = q.members_needed(total)
        assert needed == oracle_needed(rule, total), (rule, total)
        assert not q.is_quorate(total, 0)
        for present in range(total + 1):
            expected = 2 * present > total if rule == "more_than_half" else 3 * present >= 2 * total
            assert q.is_quorate(total, present) is (expected and present > 0), (
                rule,
                total,
                present,
            )


def test_worked_examples() -> None:
    half = QuorumRule.from_name("more_than_half")
    two_thirds = QuorumRule.from_name("two_thirds")
    assert [half.members_needed(n) for n in (35, 40, 5, 1, 2)] == [18, 21, 3, 1, 2]
    assert [two_thirds.members_needed(n) for n in (35, 40, 5, 1, 3, 30)] == [24, 27, 4, 1, 2, 20]


@pytest.mark.parametrize(
    ("total", "rule"),
    [
        (1, "more_than_half"),
        (2, "more_than_half"),
        (7, "two_thirds"),
        (21, "more_than_half"),
        (21, "two_thirds"),
    ],
)
def test_service_quorum_flips_exactly_at_needed(
    db: Database, admin: Actor, clerk: Actor, total: int, rule: str
) -> None:
    with db.transaction() as s:
        settings_service.update(s, admin, quorum_rule=rule)
    make_roster(db, count=total, deputies=2)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        opened = meetings.open_meeting(s, clerk, meeting_id)
    needed = oracle_needed(rule, total)
    assert (opened.members_total, opened.present, opened.needed, opened.quorate) == (
        total,
        0,
        needed,
        False,
    )
    with db.session() as s:
        with pytest.raises(ConflictError):
            meetings.require_quorum(s, meeting_id)
        rows = s.scalars(
            select(Attendance.id).where(Attendance.meeting_id == meeting_id, Attendance.voting)
        ).all()
        deputy_rows = s.scalars(
            select(Attendance.id).where(Attendance.meeting_id == meeting_id, ~Attendance.voting)
        ).all()
    # Deputies attend without a vote: signing them all in changes nothing.
    for row_id in deputy_rows:
        with db.transaction() as s:
            signin.sign_in(s, clerk, row_id)
    for present, row_id in enumerate(rows, start=1):
        with db.transaction() as s:
            signin.sign_in(s, clerk, row_id)
            status = meetings.quorum_status(s, meeting_id)
        assert status.present == present
        assert status.deputies_present == 2
        assert status.not_arrived == total - present and status.absent == 0
        assert status.quorate is (present >= needed)
    with db.session() as s:
        assert meetings.require_quorum(s, meeting_id).quorate
