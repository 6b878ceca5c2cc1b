"""The five steps end to end: shortlist → selection poll → certification → read back (with a
tie and an unfilled place), the evaluation poll, proposers' feedback, unit scores."""

from __future__ import annotations

import json
from datetime import UTC, date

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ConflictError, ValidationError
from desktop.models.audit import AuditEntry
from desktop.models.projects import Project
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.services.projects import core, views, voting
from tests.unit.projects.helpers import TODAY, propose_many, run_poll, shortlist_all


def _status(db: Database, ids: list[str]) -> list[str]:
    with db.session() as s:
        return [core.get_project(s, i).status for i in ids]


def test_shortlist_becomes_poll_with_name_unit_cost(db: Database, clerk: Actor) -> None:
    ids = propose_many(db, clerk, 12)
    shortlist_all(db, clerk, ids)
    with db.transaction() as s:
        view = voting.create_vote_poll(s, clerk, 2027, quota=10)
    assert view.kind == "selection" and view.quota == 10 and len(view.options) == 12
    first = view.options[0]
    assert first.title == "较场口社区老旧小区加装电梯"
    assert first.estimated_cost == 100_000 and first.department == "街道城管办"
    assert _status(db, ids) == ["voting"] * 12
    with db.session() as s:
        assert voting.cycle(s, 2027) is not None
        assert voting.cycle(s, 2027).vote_poll_id == view.id


def test_read_back_with_a_tie_and_an_unfilled_place(
    db: Database, clerk: Actor, scrutineer: Actor
) -> None:
    ids = propose_many(db, clerk, 12)
    shortlist_all(db, clerk, ids)
    with db.transaction() as s:
        view = voting.create_vote_poll(s, clerk, 2027, quota=10, present=20, members_total=20)
    # 20 ballots: options 1–8 get 20 votes each, 10 gets 11, 9 gets 6, 11 gets 5, 12 none.
    ballots: list[set[int]] = []
    for n in range(20):
        marks = set(range(1, 9))
        if n < 11:
            marks |= {9, 10} if n % 2 == 0 else {10, 11}
        ballots.append(marks)
    # More than half of the 20 present (11 votes) is needed: nine are chosen, the tenth
    # place stays unfilled and the rest are 未当选.
    run_poll(db, clerk, scrutineer, view.id, ballots)
    with db.transaction() as s:
        out = voting.read_back_vote(s, clerk, view.id)
    assert len(out["chosen"]) == 9
    assert out["tied"] == []
    st = _status(db, ids)
    assert st[:8] == ["chosen"] * 8 and st[9] == "chosen"
    assert st[8] == "not_chosen" and st[10] == "not_chosen" and st[11] == "not_chosen"
    with db.session() as s:
        cert = polls.latest_certificate(s, view.id)
        assert cert is not None and cert.result["unfilled"] == 1
        assert core.get_project(s, ids[0]).votes_for == 20
    # reading back twice is refused
    with db.transaction() as s, pytest.raises(ConflictError):
        voting.read_back_vote(s, clerk, view.id)


def test_tie_goes_to_a_further_poll(db: Database, clerk: Actor, scrutineer: Actor) -> None:
    ids = propose_many(db, clerk, 4)
    shortlist_all(db, clerk, ids)
    with db.transaction() as s:
        view = voting.create_vote_poll(s, clerk, 2027, quota=2, present=10, members_total=10)
    # 1 gets 8 votes; 2 and 3 tie at 6 (the threshold) for the last place; 4 gets 0
    ballots = [{1, 2}] * 4 + [{1, 3}] * 4 + [{2, 3}] * 2
    run_poll(db, clerk, scrutineer, view.id, ballots)
    with db.transaction() as s:
        out = voting.read_back_vote(s, clerk, view.id)
    assert len(out["chosen"]) == 1 and len(out["tied"]) == 2 and len(out["not_chosen"]) == 1
    assert _status(db, ids) == ["chosen", "tied", "tied", "not_chosen"]
    with db.transaction() as s:
        runoff = voting.create_vote_poll(
            s, clerk, 2027, quota=1, project_ids=ids[1:3], present=10, members_total=10
        )
    run_poll(db, clerk, scrutineer, runoff.id, [{2} if n < 6 else {1} for n in range(10)])
    with db.transaction() as s:
        voting.read_back_vote(s, clerk, runoff.id)
    assert _status(db, ids) == ["chosen", "not_chosen", "chosen", "not_chosen"]


def test_read_back_waits_for_certification(db: Database, clerk: Actor) -> None:
    ids = propose_many(db, clerk, 3)
    shortlist_all(db, clerk, ids)
    with db.transaction() as s:
        view = voting.create_vote_poll(s, clerk, 2027, quota=2)
    with db.transaction() as s, pytest.raises(ConflictError, match="尚未"):
        voting.read_back_vote(s, clerk, view.id)


def _chosen_and_started(db: Database, clerk: Actor, scrutineer: Actor) -> list[str]:
    ids = propose_many(db, clerk, 3)
    shortlist_all(db, clerk, ids)
    with db.transaction() as s:
        view = voting.create_vote_poll(s, clerk, 2027, quota=3, present=5, members_total=5)
    run_poll(db, clerk, scrutineer, view.id, [{1, 2, 3}] * 5)
    with db.transaction() as s:
        voting.read_back_vote(s, clerk, view.id)
        for n, pid in enumerate(ids):
            core.start(
                s,
                clerk,
                pid,
                unit=["街道城管办", "街道民政办", "街道城管办"][n],
                responsible="张主任",
                budget=500_000,
                milestones=[
                    core.MilestoneInput("立项", date(2027, 3, 1), date(2027, 3, 1)),
                    core.MilestoneInput("完工", date(2027, 6, 30)),
                ],
                on=date(2027, 3, 1),
            )
    return ids


def test_evaluation_poll_from_chosen_projects_and_scores(
    db: Database, clerk: Actor, scrutineer: Actor
) -> None:
    ids = _chosen_and_started(db, clerk, scrutineer)
    with db.transaction() as s:
        core.report_progress(s, clerk, ids[0], progress="done", on=date(2027, 6, 20), spent=480_000)
    with db.transaction() as s:
        ev = voting.create_evaluation_poll(s, clerk, 2027)
    assert ev.kind == "rating" and [o.title for o in ev.options] == [
        "较场口社区老旧小区加装电梯",
        "七星岗社区背街小巷路面整治",
        "解放碑步行街公共厕所改造",
    ]
    # 10 ballots: project 1 all 满意; project 2 half 不满意; project 3 all 基本满意
    ballots = [
        [(1, "满意"), (2, "不满意" if n < 5 else "满意"), (3, "基本满意")] for n in range(10)
    ]
    run_poll(db, clerk, scrutineer, ev.id, ballots)
    with db.transaction() as s:
        done = voting.read_back_evaluation(s, clerk, ev.id)
    assert len(done) == 3
    with db.session() as s:
        p1, p2 = core.get_project(s, ids[0]), core.get_project(s, ids[1])
        assert p1.status == "evaluated" and p1.satisfaction_rate == "10/10"
        assert json.loads(p2.satisfaction_json)["不满意"] == 5
        scores = {u.unit: u for u in voting.unit_scores(s, 2027, today=date(2027, 12, 31))}
    # 城管办: p1 rate 100% +5, completed +2, late milestones none (done 6/20 ≤ 6/30… the
    # second milestone has no actual date → late on 12/31: -1); p3 rate 100% (基本满意 is
    # positive) +5, its second milestone late -1 → 100+5+2-1+5-1 = 110
    assert scores["街道城管办"].score == 110
    # 民政办: p2 rate 5/10 < 7/10 → -5, late milestone -1 → 94
    assert scores["街道民政办"].score == 94
    with db.transaction() as s:
        voting.set_score_rules(s, clerk, 2027, [voting.ScoreRule("rate_below", -10, "0.6")])
    with db.session() as s:
        scores = {u.unit: u for u in voting.unit_scores(s, 2027, today=date(2027, 12, 31))}
    assert scores["街道民政办"].score == 90 and scores["街道城管办"].score == 100


def test_feedback_complete(db: Database, clerk: Actor, scrutineer: Actor) -> None:
    ids = propose_many(db, clerk, 5)
    with db.transaction() as s:
        core.screen(s, clerk, ids[0], "shortlisted")
        core.screen(s, clerk, ids[1], "shortlisted")
        core.screen(s, clerk, ids[2], "merged", "与1号建议内容相近", merge_into=ids[0])
        core.screen(s, clerk, ids[3], "rejected", "不属于街道事权")
        core.screen(s, clerk, ids[4], "to_opinion", "转城管部门办理")
    with db.session() as s:
        assert len(views.waiting_feedback(s, 2027)) == 5
    with db.transaction() as s:
        for pid in ids:
            p = core.get_project(s, pid)
            adopted, reason = core.suggested_feedback(p)
            core.set_feedback(s, clerk, pid, adopted, reason)
    with db.session() as s:
        assert views.waiting_feedback(s, 2027) == []
        lines = views.feedback_list(s, 2027)
    assert {ln.proposer for ln in lines} == {f"代表{i}" for i in range(1, 6)}
    assert all(ln.feedback and ln.reason for ln in lines)
    assert [ln.feedback for ln in lines if ln.proposer == "代表4"] == ["不采纳"]


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Project)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "  "}, "title"),
        ({"proposer": ""}, "proposer"),
        ({"estimated_cost": -1}, "estimated_cost"),
        ({"source": "rumour"}, "source"),
        ({"proposed_on": date(2027, 3, 2)}, "proposed_on"),
        ({"community_id": "nope"}, "community_id"),
        ({"kind": "micro"}, "community_id"),
    ],
)
def test_bad_input_refused_nothing_written(
    db: Database, clerk: Actor, changes: dict[str, object], field: str
) -> None:
    before = _counts(db)
    base: dict[str, object] = dict(title="加装电梯", proposer="张三", estimated_cost=10)
    base.update(changes)
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        core.propose(s, clerk, core.ProposalInput(**base), today=TODAY)  # type: ignore[arg-type]
    assert err.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    assert _counts(db) == before


def test_illegal_transition_refused_in_chinese(db: Database, clerk: Actor) -> None:
    (pid,) = propose_many(db, clerk, 1)
    before = _counts(db)
    with pytest.raises(ConflictError) as err, db.transaction() as s:
        core.start(s, clerk, pid, unit="城管办", responsible="张", budget=1)
    assert "不能" in str(err.value)
    with pytest.raises(ValidationError), db.transaction() as s:
        core.screen(s, clerk, pid, "rejected", "")  # a rejection needs its reason
    assert _counts(db) == before


def test_milestone_lines_parsed_or_refused_in_chinese() -> None:
    ms = core.parse_milestones("方案设计 2027-03-31\n\n开工 建设 2027/05/15 2027-05-20\n")
    assert [(m.title, m.planned_on, m.actual_on) for m in ms] == [
        ("方案设计", date(2027, 3, 31), None),
        ("开工 建设", date(2027, 5, 15), date(2027, 5, 20)),
    ]
    with pytest.raises(ValidationError) as err:
        core.parse_milestones("方案设计 下月底")
    assert "第1行" in str(err.value)


def test_micro_project_from_application_to_account(db: Database, clerk: Actor) -> None:
    from desktop.models.roster import Community

    with db.transaction() as s:
        com = Community(name="较场口社区", street_code=core.street_code(s))
        s.add(com)
        s.flush()
        ids = [
            core.propose(
                s,
                clerk,
                core.ProposalInput(
                    t, proposer="社区居委会", community_id=com.id, estimated_cost=c, kind="micro"
                ),
                today=TODAY,
            ).id
            for t, c in (("楼栋座椅", 18_000), ("信报箱更换", 26_000))
        ]
        assert core.get_project(s, ids[0]).number == "WS2027-001"
    with db.transaction() as s, pytest.raises(ValidationError):
        core.decide_micro(s, clerk, ids[0], approved=True, funds=0, reason="议事会通过", on=TODAY)
    with db.transaction() as s:
        core.decide_micro(
            s, clerk, ids[0], approved=True, funds=18_000, reason="议事会通过", on=TODAY
        )
        core.decide_micro(
            s, clerk, ids[1], approved=False, funds=0, reason="已有维修计划", on=TODAY
        )
        core.start(s, clerk, ids[0], unit="社区居委会", responsible="书记", budget=18_000, on=TODAY)
    with db.transaction() as s, pytest.raises(ConflictError):
        core.accept_micro(s, clerk, ids[1], on=TODAY, by="监督委员会", result="合格", spent=0)
    with db.transaction() as s:
        core.accept_micro(
            s, clerk, ids[0], on=date(2027, 4, 1), by="居务监督委员会", result="合格", spent=17_200
        )
    with db.session() as s:
        acc = views.micro_account(s, 2027)
    assert (acc.applied, acc.approved, acc.rejected, acc.accepted) == (2, 1, 1, 1)
    assert (acc.funds_approved, acc.funds_spent) == (18_000, 17_200)


def test_history_names_the_person_in_local_time(db: Database, clerk: Actor) -> None:
    """A project's history reads like the rest of the app: the person's name, never the
    account name, and the PC's local time (issue 18: user names where names belong)."""
    (pid,) = propose_many(db, clerk, 1)
    with db.session() as s:
        (line,) = views.detail(s, pid, today=TODAY).history
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == pid)).one()
    assert line.text.endswith(f" · {clerk.display_name}")
    assert clerk.display_name != clerk.username
    local = entry.at.replace(tzinfo=UTC).astimezone()
    assert line.on == f"{local:%Y-%m-%d %H:%M}"
