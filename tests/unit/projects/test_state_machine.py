"""Random action sequences over the project state machine: a project never reaches a state
the machine does not allow, every accepted action leaves exactly one audit row for the
project, and every refused one writes nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import AppError
from desktop.models.audit import AuditEntry
from desktop.models.projects import Project
from desktop.services.permissions import Actor
from desktop.services.projects import core, voting
from tests.unit.projects.helpers import TODAY

ACTIONS = st.sampled_from(
    [
        ("screen", "shortlisted"),
        ("screen", "rejected"),
        ("screen", "to_opinion"),
        ("screen", "merged"),
        ("feedback", True),
        ("feedback", False),
        ("to_poll", 1),
        ("start", None),
        ("report", "on_track"),
        ("report", "late"),
        ("report", "done"),
        ("visit", None),
        ("milestone", None),
        ("edit", None),
        ("decide", True),
        ("decide", False),
        ("accept", None),
    ]
)
#: Every state a kind's project may be in.
REACHABLE = {
    "livelihood": set(core.STATUSES) - {"approved", "accepted"},
    "micro": {"proposed", "approved", "rejected", "implementing", "accepted"},
}


def _apply(s: Session, actor: Actor, p: Project, other: str, action: tuple[str, object]) -> None:
    name, arg = action
    d = date(2027, 4, 1)
    if name == "screen":
        core.screen(s, actor, p.id, str(arg), "理由", merge_into=other, on=d)
    elif name == "feedback":
        core.set_feedback(s, actor, p.id, bool(arg), "已答复", on=d)
    elif name == "to_poll":
        voting.create_vote_poll(s, actor, p.year, quota=1, project_ids=[p.id])
    elif name == "start":
        core.start(s, actor, p.id, unit="城管办", responsible="张", budget=10, on=d)
    elif name == "report":
        core.report_progress(s, actor, p.id, progress=str(arg), on=d, note="原因")
    elif name == "visit":
        core.record_visit(s, actor, p.id, on=d, note="视察")
    elif name == "milestone":
        core.set_milestones(s, actor, p.id, [core.MilestoneInput("完工", d)])
    elif name == "edit":
        core.edit_proposal(
            s,
            actor,
            p.id,
            core.ProposalInput("新标题", proposer="张三", community_id=p.community_id, kind=p.kind),
            today=TODAY,
        )
    elif name == "decide":
        core.decide_micro(
            s, actor, p.id, approved=bool(arg), funds=5000, reason="居民议事会决定", on=d
        )
    elif name == "accept":
        core.accept_micro(s, actor, p.id, on=d, by="社区居委会", result="合格", spent=4800)


def _state(db: Database, pid: str) -> tuple[str, int, int]:
    with db.session() as s:
        p = core.get_project(s, pid)
        mine = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "project", AuditEntry.entity_id == pid)
        )
        total = s.scalar(select(func.count()).select_from(AuditEntry))
        return p.status, int(mine or 0), int(total or 0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(["livelihood", "micro"]), actions=st.lists(ACTIONS, max_size=12))
def test_random_sequences_stay_legal_and_audited(
    db: Database, clerk: Actor, kind: str, actions: list[tuple[str, object]]
) -> None:
    from desktop.models.roster import Community

    with db.transaction() as s:
        com = Community(name="较场口社区", street_code=core.street_code(s))
        s.add(com)
        s.flush()
        data = core.ProposalInput(
            "加装电梯", proposer="张三", community_id=com.id, kind=kind, year=2027
        )
        p = core.propose(s, clerk, data, today=TODAY)
        other = core.propose(s, clerk, data, today=TODAY)
        pid, oid = p.id, other.id
    for action in actions:
        status, mine, total = _state(db, pid)
        try:
            with db.transaction() as s:
                _apply(s, clerk, core.get_project(s, pid), oid, action)
        except AppError:
            assert _state(db, pid) == (status, mine, total)  # refused: nothing written
            assert not core.allowed(kind, status, action[0]) or action[0] in ("to_poll", "screen")
            continue
        new_status, new_mine, _ = _state(db, pid)
        assert core.allowed(kind, status, action[0]), (status, action)
        assert new_mine == mine + 1
        assert new_status in REACHABLE[kind]
