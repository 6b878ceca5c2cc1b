"""Double entry cannot be defeated by one clerk (issue 15, item 3):

- the setting is fixed once the first ballot is entered; changing it afterwards takes a
  scrutineer and a reason, is audited, and discards nothing (mismatches stay until decided);
- the two passes of one ballot are entered by two different people, whichever comes first;
- a user changes or withdraws only their own pass, and not once it disagrees with the other;
- only a scrutineer settles a mismatch, with a reason, audited.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.services.polls import ballots
from tests.unit.polls.helpers import enter, make_poll, qr


def _mismatched(db: Database, clerk: Actor, clerk2: Actor) -> polls.PollView:
    """Ballot 1 agrees in both passes, ballot 2 does not (a typo in pass 2)."""
    poll = make_poll(db, clerk, double_entry=True, printed=5, present=5, members_total=5)
    enter(db, clerk, poll.id, 1, {1: "for"})
    enter(db, clerk, poll.id, 2, {2: "for"})
    enter(db, clerk2, poll.id, 1, {1: "for"}, entry_pass=2)
    enter(db, clerk2, poll.id, 2, {2: "against"}, entry_pass=2)
    return poll


def _open_mismatches(db: Database, poll_id: str) -> list[int]:
    with db.session() as s:
        return [m.serial for m in polls.mismatches(s, poll_id)]


def test_before_the_first_ballot_a_clerk_may_switch_double_entry(
    db: Database, clerk: Actor
) -> None:
    poll = make_poll(db, clerk, double_entry=False)
    with db.transaction() as s:
        assert polls.set_double_entry(s, clerk, poll.id, True).double_entry
        assert not polls.update_poll(s, clerk, poll.id, double_entry=False).double_entry


def test_switching_double_entry_off_mid_count_needs_a_scrutineer_and_keeps_mismatches(
    db: Database, clerk: Actor, clerk2: Actor, scrutineer: Actor
) -> None:
    poll = _mismatched(db, clerk, clerk2)
    assert _open_mismatches(db, poll.id) == [2]
    # the clerk's ways round the rule are all shut
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.update_poll(s, clerk, poll.id, double_entry=False)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        polls.set_double_entry(s, clerk, poll.id, False, reason="赶时间")
    with db.transaction() as s, pytest.raises(ValidationError):
        polls.set_double_entry(s, scrutineer, poll.id, False, reason="  ")
    with db.session() as s:
        assert polls.get_poll(s, poll.id).double_entry
    # a scrutineer may, with a reason; the disagreement stays open and blocks certification
    with db.transaction() as s:
        polls.set_double_entry(s, scrutineer, poll.id, False, reason="二录人员离场，改为单录")
        polls.close_voting(s, clerk, poll.id, issued=5)
    assert _open_mismatches(db, poll.id) == [2]
    with db.session() as s:
        assert not polls.tally_view(s, poll.id).certifiable
        row = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == "poll.update")
            .order_by(AuditEntry.id.desc())
        )
    assert row is not None and row.username == "scrutineer"
    assert row.reason == "二录人员离场，改为单录"
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.certify(s, scrutineer, poll.id, counters="李晓梅", scrutineers="陈志强")
    with db.transaction() as s:
        ballots.decide_mismatch(s, scrutineer, poll.id, 2, marks={2: "for"}, reason="查看原票")
    assert _open_mismatches(db, poll.id) == []
    with db.session() as s:
        assert polls.tally_view(s, poll.id).certifiable


def test_switching_on_mid_count_asks_for_the_missing_second_passes(
    db: Database, clerk: Actor, clerk2: Actor, scrutineer: Actor
) -> None:
    poll = make_poll(db, clerk, double_entry=False, printed=5)
    enter(db, clerk, poll.id, 1, {1: "for"})
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.update_poll(s, clerk, poll.id, double_entry=True)
    with db.transaction() as s:
        polls.set_double_entry(s, scrutineer, poll.id, True, reason="结果接近，改为双录")
    assert _open_mismatches(db, poll.id) == [1]
    enter(db, clerk2, poll.id, 1, {1: "for"}, entry_pass=2)
    assert _open_mismatches(db, poll.id) == []


def test_one_person_cannot_enter_both_passes_in_either_order(
    db: Database, clerk: Actor, clerk2: Actor
) -> None:
    poll = make_poll(db, clerk, double_entry=True, printed=5)
    enter(db, clerk, poll.id, 1, {1: "for"}, entry_pass=2)  # pass 2 first
    with db.session() as s, pytest.raises(ConflictError, match="两个人"):
        ballots.check_serial(s, poll.id, qr(db, poll.id, 1), entry_pass=1, actor=clerk)
    with ballots.entry_transaction(db) as s, pytest.raises(ConflictError, match="两个人"):
        ballots.enter_ballot(s, clerk, poll.id, qr(db, poll.id, 1), {1: "for"}, entry_pass=1)
    enter(db, clerk2, poll.id, 1, {1: "for"}, entry_pass=1)
    # the usual order stays refused too
    enter(db, clerk, poll.id, 2, {1: "for"}, entry_pass=1)
    with ballots.entry_transaction(db) as s, pytest.raises(ConflictError):
        ballots.enter_ballot(s, clerk, poll.id, qr(db, poll.id, 2), {1: "for"}, entry_pass=2)


def test_a_user_changes_only_their_own_pass_and_not_a_disagreeing_one(
    db: Database, clerk: Actor, clerk2: Actor, scrutineer: Actor
) -> None:
    poll = _mismatched(db, clerk, clerk2)
    # another user's pass: refused, whoever they are
    for actor in (clerk2, scrutineer):
        with db.transaction() as s, pytest.raises(PermissionDenied):
            ballots.edit_ballot(
                s, actor, poll.id, 2, {2: "against"}, void=False, reason="改", entry_pass=1
            )
    # one's own pass, once it disagrees with the other: refused (a scrutineer decides)
    with db.transaction() as s, pytest.raises(ConflictError, match="监票"):
        ballots.edit_ballot(
            s, clerk2, poll.id, 2, {2: "for"}, void=False, reason="改", entry_pass=2
        )
    with db.transaction() as s, pytest.raises(ConflictError):
        ballots.undo_last(s, clerk2, poll.id, entry_pass=2)  # pass 2 of ballot 2
    assert _open_mismatches(db, poll.id) == [2]
    # one's own pass before the other exists: a plain correction, with a reason
    enter(db, clerk, poll.id, 3, {3: "for"})
    with db.transaction() as s:
        ballots.edit_ballot(
            s, clerk, poll.id, 3, {3: "against"}, void=False, reason="按错键", entry_pass=1
        )


def test_only_a_scrutineer_settles_a_mismatch_with_a_reason_in_the_audit(
    db: Database, clerk: Actor, clerk2: Actor, scrutineer: Actor
) -> None:
    poll = _mismatched(db, clerk, clerk2)
    for actor in (clerk, clerk2):
        with db.transaction() as s, pytest.raises(PermissionDenied):
            ballots.decide_mismatch(s, actor, poll.id, 2, marks={2: "for"}, reason="看原票")
    with db.transaction() as s, pytest.raises(ValidationError):
        ballots.decide_mismatch(s, scrutineer, poll.id, 2, marks={2: "for"}, reason="")
    with db.transaction() as s:
        ballots.decide_mismatch(s, scrutineer, poll.id, 2, marks={2: "for"}, reason="查看原票")
    with db.session() as s:
        row = s.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.decide"))
    assert row is not None and row.username == "scrutineer" and row.reason == "查看原票"
    assert _open_mismatches(db, poll.id) == []
