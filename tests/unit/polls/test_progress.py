"""The counting tab while ballots are still being entered: progress, not verdicts; the
print dialog's default count; the recent-entries line naming the options."""

from __future__ import annotations

from desktop.db import Database
from desktop.services import meetings, polls
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster
from tests.unit.polls.helpers import enter, make_poll


def test_progress_while_voting_is_open_and_pass_two_lags(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    poll = make_poll(db, clerk, printed=5, present=5, members_total=5, double_entry=True)
    for serial in (1, 2, 3):
        enter(db, clerk, poll.id, serial, {1: "for", 2: "for"})
    with db.session() as s:
        progress = polls.entry_progress(s, poll.id)
    assert (progress.first, progress.second, progress.expected) == (3, 0, 5)
    assert not progress.finished
    text = "\n".join(progress.lines())
    assert "第一遍录入：已录入3张，共5张" in text and "第二遍录入：已录入0张" in text
    assert "无效" not in text and "不一致" not in text
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=5)
    enter(db, admin, poll.id, 1, {1: "for", 2: "for"}, entry_pass=2)
    with db.session() as s:
        progress = polls.entry_progress(s, poll.id)
    assert (progress.first, progress.second, progress.finished) == (3, 1, False)
    for serial in (2, 3):
        enter(db, admin, poll.id, serial, {1: "for", 2: "for"}, entry_pass=2)
    with db.session() as s:
        assert polls.entry_progress(s, poll.id).finished


def test_single_entry_is_finished_once_the_vote_closes(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk, printed=5, present=5, members_total=5)
    enter(db, clerk, poll.id, 1, {1: "for"})
    with db.session() as s:
        assert not polls.entry_progress(s, poll.id).finished
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=5)
    with db.session() as s:
        assert polls.entry_progress(s, poll.id).finished


def test_print_dialog_default_is_one_ballot_per_voter(db: Database, clerk: Actor) -> None:
    standalone = make_poll(db, clerk, printed=0, open_it=False, present=36, members_total=40)
    with db.session() as s:
        assert polls.ballots_to_print(s, standalone.id) == 36
    make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        draft = polls.create_poll(
            s,
            clerk,
            title="表决",
            kind="motion",
            options=[polls.OptionInput("议案")],
            threshold_base="members_total",
            threshold_ratio="1/2",
            threshold_strict=True,
            meeting_id=meeting_id,
        )
        # Before the meeting opens: the roll (应到 21), not 1.
        assert polls.ballots_to_print(s, draft.id) == 21
        meetings.open_meeting(s, clerk, meeting_id)
        rows = meetings.attendance(s, clerk, meeting_id)
    from desktop.services.meetings import signin

    with db.transaction() as s:
        for row in [r for r in rows if r.voting][:15]:
            signin.sign_in(s, clerk, row.id)
        assert polls.ballots_to_print(s, draft.id) == 15  # those present


def test_recent_entries_name_the_options() -> None:
    marks = {1: "for", 3: "for", 5: "for", 2: "against"}
    assert polls.marks_by_word(marks) == "赞成 1、3、5　反对 2"
    assert polls.marks_by_word(marks, {1: "电梯", 2: "路灯"}).startswith("赞成 1 电梯、3、5")
    assert polls.marks_by_word({}) == "空白"
