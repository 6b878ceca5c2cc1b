"""Ballot entry: QR checks, void, undo, edit, double entry, certification, correction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.services import audit, polls
from desktop.services.meetings import minutes_hooks
from desktop.services.permissions import Actor
from desktop.services.polls import ballots
from desktop.services.polls import minutes as polls_minutes
from tests.unit.polls.helpers import enter, make_poll, qr


def _flag(db: Database, poll_id: str, text: str, entry_pass: int = 1) -> str:
    with db.session() as s, pytest.raises(ballots.BallotFlag) as info:
        ballots.check_serial(s, poll_id, text, entry_pass=entry_pass)
    return info.value.code


def test_qr_format_and_mac(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk)
    text = qr(db, poll.id, 7)
    prefix, short, serial, mac = text.split("|")
    assert (prefix, short, serial) == ("YS1", poll.short_id, "7")
    with db.session() as s:
        secret = polls.load_poll(s, poll.id).secret
    assert mac == ballots.ballot_mac(secret, poll.id, "7")
    assert len(mac) == 10 and int(mac, 16) >= 0


def test_forged_mac_wrong_poll_unknown_poll_duplicate_flagged(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk)
    other = make_poll(db, clerk)
    good = qr(db, poll.id, 3)
    prefix, short, serial, mac = good.split("|")
    forged = "|".join([prefix, short, serial, ("0" if mac[0] != "0" else "1") + mac[1:]])
    assert _flag(db, poll.id, forged) == "bad_mac"
    # a valid mac for serial 3 does not verify for serial 4
    assert _flag(db, poll.id, "|".join([prefix, short, "4", mac])) == "bad_mac"
    assert _flag(db, poll.id, qr(db, other.id, 3)) == "wrong_poll"
    assert _flag(db, poll.id, "|".join([prefix, "ZZZZZZ", serial, mac])) == "unknown_poll"
    assert _flag(db, poll.id, "YS1|garbage") == "bad_format"
    assert _flag(db, poll.id, "61") == "not_printed"
    enter(db, clerk, poll.id, 3, {1: "for"})
    assert _flag(db, poll.id, good) == "duplicate"
    assert _flag(db, poll.id, "3") == "duplicate"  # typed serial too
    with ballots.entry_transaction(db) as s, pytest.raises(ballots.BallotFlag):
        ballots.enter_ballot(s, clerk, poll.id, good, {})
    with db.session() as s:
        assert len(polls.records(s, poll.id)) == 1


def test_test_deck_refused_by_real_poll_and_checked_in_draft(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk, open_it=False)
    deck = ballots.sample_deck(poll)
    # 12 candidates, K=10: two ballots cover every option, one overvoted, two blank
    assert len(deck) == 5
    assert sorted(no for b in deck[:2] for no in b.marks) == list(range(1, 13))
    assert list(deck[2].marks.values()).count("for") == 11
    assert deck[3].marks == {} and deck[4].marks == {}
    assert _flag(db, poll.id, "5") == "not_test"
    for b in deck:
        text = qr(db, poll.id, b.serial, test=True)
        with ballots.entry_transaction(db) as s:
            ballots.enter_ballot(s, clerk, poll.id, text, b.marks, void=b.void, void_reason="x")
    with db.session() as s:
        check = ballots.check_sample_deck(s, poll.id)
    assert check.ok
    assert check.expected.void == 1 and check.expected.valid == 4
    with db.transaction() as s:
        polls.open_poll(s, clerk, poll.id)
    assert _flag(db, poll.id, qr(db, poll.id, 1, test=True)) == "test_ballot"
    with db.session() as s:
        assert polls.records(s, poll.id) == []
        assert polls.records(s, poll.id, is_test=True) == []


def test_sample_deck_wrong_entry_detected(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk, open_it=False)
    deck = ballots.sample_deck(poll)
    text = qr(db, poll.id, 1, test=True)
    with ballots.entry_transaction(db) as s:
        ballots.enter_ballot(s, clerk, poll.id, text, {**deck[0].marks, 1: "against"})
    with db.session() as s:
        check = ballots.check_sample_deck(s, poll.id)
    assert not check.ok and check.differing == (1,) and 2 in check.missing


def test_void_needs_reason_undo_and_edit_audited(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk)
    with ballots.entry_transaction(db) as s, pytest.raises(ValidationError):
        ballots.enter_ballot(s, clerk, poll.id, qr(db, poll.id, 1), {}, void=True)
    enter(db, clerk, poll.id, 1, {1: "for", 2: "against"})
    enter(db, clerk, poll.id, 2, {}, void=True)
    with db.transaction() as s:
        undone = ballots.undo_last(s, clerk, poll.id)
    assert undone is not None and undone.serial == 2
    enter(db, clerk, poll.id, 2, {3: "for"})  # the serial is free again
    with db.transaction() as s, pytest.raises(ValidationError):
        ballots.edit_ballot(s, clerk, poll.id, 1, {1: "against"}, void=False, reason="")
    with db.transaction() as s:
        ballots.edit_ballot(s, clerk, poll.id, 1, {1: "against"}, void=False, reason="唱票复核")
    with db.session() as s:
        recs = {r.serial: r for r in polls.records(s, poll.id)}
        row = s.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.edit"))
        assert audit.verify(s).ok
    assert recs[1].marks == {1: "against"}
    assert row is not None and row.reason == "唱票复核"
    assert json.loads(row.before_json or "{}")["marks"] == '{"1":"for","2":"against"}'


def test_unknown_option_or_mark_refused(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk)
    for marks in ({13: "for"}, {1: "yes"}):
        with ballots.entry_transaction(db) as s, pytest.raises(ValidationError):
            ballots.enter_ballot(s, clerk, poll.id, qr(db, poll.id, 1), marks)


def test_viewer_cannot_enter(db: Database, clerk: Actor, viewer: Actor) -> None:
    poll = make_poll(db, clerk)
    with ballots.entry_transaction(db) as s, pytest.raises(PermissionDenied):
        ballots.enter_ballot(s, viewer, poll.id, qr(db, poll.id, 1), {})


def test_double_entry_mismatch_blocks_certification_until_decided(
    db: Database, clerk: Actor, clerk2: Actor, scrutineer: Actor
) -> None:
    poll = make_poll(db, clerk, double_entry=True, printed=5, present=5, members_total=5)
    marks = {1: {1: "for"}, 2: {2: "for"}, 3: {3: "against"}}
    for serial, m in marks.items():
        enter(db, clerk, poll.id, serial, m)
    with ballots.entry_transaction(db) as s, pytest.raises(ConflictError):
        ballots.enter_ballot(s, clerk, poll.id, qr(db, poll.id, 1), marks[1], entry_pass=2)
    enter(db, clerk2, poll.id, 1, marks[1], entry_pass=2)
    enter(db, clerk2, poll.id, 2, {2: "against"}, entry_pass=2)  # a typo in pass 2
    enter(db, clerk2, poll.id, 4, {}, entry_pass=2)  # pass 1 missed ballot 4
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=5)
    with db.session() as s:
        view = polls.tally_view(s, poll.id)
    assert [m.serial for m in view.mismatches] == [2, 3, 4]
    assert not view.certifiable
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.certify(s, scrutineer, poll.id, counters="李晓梅", scrutineers="陈志强")
    with db.transaction() as s, pytest.raises(PermissionDenied):
        ballots.decide_mismatch(s, clerk, poll.id, 2, marks={2: "for"}, reason="查看原票")
    with db.transaction() as s, pytest.raises(ValidationError):
        ballots.decide_mismatch(s, scrutineer, poll.id, 2, marks={2: "for"}, reason=" ")
    with db.transaction() as s:
        ballots.decide_mismatch(s, scrutineer, poll.id, 2, marks={2: "for"}, reason="查看原票")
        ballots.decide_mismatch(s, scrutineer, poll.id, 3, marks={3: "against"}, reason="二录漏录")
        ballots.decide_mismatch(s, scrutineer, poll.id, 4, marks={}, reason="原票为空白票")
    with db.session() as s:
        view = polls.tally_view(s, poll.id)
    assert view.mismatches == () and view.certifiable
    assert view.result.returned == 4
    with db.transaction() as s:
        cert = polls.certify(s, scrutineer, poll.id, counters="李晓梅、周敏", scrutineers="陈志强")
    assert len(cert.result_hash) == 64


def test_invariant_failure_blocks_certification(
    db: Database, clerk: Actor, scrutineer: Actor
) -> None:
    poll = make_poll(db, clerk, printed=5)
    for serial in (1, 2, 3):
        enter(db, clerk, poll.id, serial, {1: "for"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=2)  # returned 3 > issued 2
    with db.session() as s:
        view = polls.tally_view(s, poll.id)
    assert [v.code for v in view.violations] == ["returned_exceeds_issued"]
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.certify(s, scrutineer, poll.id, counters="甲", scrutineers="乙")


def test_certification_locks_and_correction_needs_admin_and_reason(
    db: Database, clerk: Actor, scrutineer: Actor, admin: Actor
) -> None:
    poll = make_poll(db, clerk, printed=5, present=5, members_total=5)
    for serial in (1, 2, 3):
        enter(db, clerk, poll.id, serial, {1: "for", 2: "for"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=5)
        cert = polls.certify(
            s, scrutineer, poll.id, counters="甲", scrutineers="乙", chief_scrutineer="丙"
        )
    assert cert.result["chosen"] == [1, 2]
    assert _flag(db, poll.id, qr(db, poll.id, 4)) == "closed"
    with db.transaction() as s, pytest.raises(ConflictError):
        ballots.edit_ballot(s, clerk, poll.id, 1, {}, void=False, reason="x")
    with db.transaction() as s, pytest.raises(ConflictError):
        ballots.undo_last(s, clerk, poll.id)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        polls.correct(
            s, scrutineer, poll.id, serial=1, marks={}, void=False, void_reason="", reason="x"
        )
    with db.transaction() as s, pytest.raises(ValidationError):
        polls.correct(s, admin, poll.id, serial=1, marks={}, void=False, void_reason="", reason="")
    with db.transaction() as s:
        fixed = polls.correct(
            s,
            admin,
            poll.id,
            serial=1,
            marks={1: "for"},
            void=False,
            void_reason="",
            reason="唱票错误",
        )
    assert fixed.kind == "correction" and fixed.previous_id == cert.id
    assert fixed.result_hash != cert.result_hash
    assert fixed.previous_result == cert.result
    assert [o["for"] for o in fixed.result["options"][:2]] == [3, 2]
    with db.session() as s:
        assert [c.kind for c in polls.certificates(s, poll.id)] == ["original", "correction"]


def test_minutes_section_lists_certified_results(
    db: Database, clerk: Actor, scrutineer: Actor
) -> None:
    poll = make_poll(db, clerk, printed=3, present=3, members_total=3)
    enter(db, clerk, poll.id, 1, {1: "for"})
    enter(db, clerk, poll.id, 2, {1: "for"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=3)
        polls.certify(s, scrutineer, poll.id, counters="甲", scrutineers="乙")
    with db.session() as s:
        lines = polls.result_lines(
            polls.get_poll(s, poll.id), polls.latest_certificate(s, poll.id).result
        )
        providers = minutes_hooks.VOTE_RESULT_PROVIDERS
    assert polls_minutes._minutes_sections in providers
    assert lines[0] == "发出选票3张，收回2张，其中有效票2张、废票0张。"
    assert "赞成票超过出席会议人员（3人）的二分之一，即至少2票" in lines[1]
    assert lines[2].startswith("1. ") and lines[2].endswith("当选。")


def test_threshold_words() -> None:
    from fractions import Fraction

    assert polls.ratio_words(Fraction(1, 2)) == "二分之一"
    assert polls.ratio_words(Fraction(2, 3)) == "三分之二"


def test_vote_opens_only_when_meeting_is_quorate(db: Database, clerk: Actor) -> None:
    from desktop.models.meetings import Attendance
    from desktop.services import meetings
    from desktop.services.meetings import signin
    from tests.unit.meetings.fixtures import make_meeting, make_roster

    make_roster(db, count=5, deputies=0)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
        poll = polls.create_poll(
            s,
            clerk,
            title="议题表决",
            kind="motion",
            options=[polls.OptionInput("关于老旧小区改造的决议")],
            meeting_id=meeting_id,
        )
        rows = s.scalars(select(Attendance.id).where(Attendance.meeting_id == meeting_id)).all()
    for row_id in rows[:2]:
        with db.transaction() as s:
            signin.sign_in(s, clerk, row_id)
    with db.transaction() as s, pytest.raises(ConflictError):
        polls.open_poll(s, clerk, poll.id)
    with db.transaction() as s:
        signin.sign_in(s, clerk, rows[2])
    with db.transaction() as s:
        opened = polls.open_poll(s, clerk, poll.id)
    assert (opened.status, opened.members_total, opened.present) == ("open", 5, 3)


def test_entry_transaction_commits_with_synchronous_full(db: Database) -> None:
    with ballots.entry_transaction(db) as s:
        inside = s.connection().exec_driver_sql("PRAGMA synchronous").scalar()
    with db.session() as s:
        after = s.connection().exec_driver_sql("PRAGMA synchronous").scalar()
    assert (inside, after) == (2, 1)  # FULL for the ballot, NORMAL again afterwards


def test_home_figures_flag_polls_awaiting_certification(db: Database, clerk: Actor) -> None:
    from desktop.services import home

    poll = make_poll(db, clerk, printed=2)
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=2)
    with db.session() as s:
        figures = {f.key: f for f in home.figures(s)}
    assert figures["polls_uncertified"].value == 1 and figures["polls_uncertified"].warn
