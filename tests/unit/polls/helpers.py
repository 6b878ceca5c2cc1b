"""Shared set-up for the poll/ballot tests: a printed, open 12-candidate choose-10 poll."""

from __future__ import annotations

from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.services.polls import ballots

CANDIDATES = [
    "较场口社区老旧小区加装电梯",
    "七星岗社区背街小巷路面整治",
    "解放碑步行街公共厕所改造",
    "大井巷社区适老化改造",
    "民生路口人行道无障碍改造",
    "十八梯片区消防通道疏通",
    "社区食堂助餐点建设",
    "青年路停车位增设",
    "五一路雨污分流改造",
    "山城巷社区健身步道",
    "白象街社区儿童游乐场",
    "和平路路灯智能化改造",
]


def make_poll(
    db: Database,
    actor: Actor,
    *,
    kind: str = "selection",
    n: int = 12,
    quota: int | None = 10,
    printed: int = 60,
    open_it: bool = True,
    double_entry: bool = False,
    members_total: int = 40,
    present: int = 36,
    threshold: tuple[str, str, bool] | None = ("present", "1/2", True),
) -> polls.PollView:
    titles = (CANDIDATES * 4)[:n]
    options = [polls.OptionInput(f"{t}{i // 12 or ''}") for i, t in enumerate(titles)]
    with db.transaction() as s:
        poll = polls.create_poll(
            s,
            actor,
            title="2027年民生实事项目票决",
            kind=kind,
            options=options,
            quota=quota if kind == "selection" else None,
            threshold_base=threshold[0] if threshold and kind != "rating" else None,
            threshold_ratio=threshold[1] if threshold else "1/2",
            threshold_strict=threshold[2] if threshold else True,
            members_total=members_total,
            present=present,
            double_entry=double_entry,
        )
        if printed:
            polls.log_print(s, actor, poll.id, count=printed, layout="a4")
        if open_it:
            polls.open_poll(s, actor, poll.id)
        return polls.get_poll(s, poll.id)


def qr(db: Database, poll_id: str, serial: int, *, test: bool = False) -> str:
    with db.session() as s:
        return ballots.qr_texts(s, poll_id, serial, serial, test=test)[0]


def enter(
    db: Database,
    actor: Actor,
    poll_id: str,
    serial: int,
    marks: dict[int, str],
    *,
    void: bool = False,
    entry_pass: int = 1,
) -> ballots.EnteredBallot:
    text = qr(db, poll_id, serial)
    with ballots.entry_transaction(db) as s:
        return ballots.enter_ballot(
            s,
            actor,
            poll_id,
            text,
            marks,
            void=void,
            void_reason="撕破" if void else "",
            entry_pass=entry_pass,
        )
