"""The double-entry rules as the clerks meet them on the entry screen and the polls page
(issue 15, item 3): one person cannot key both passes, F8 cannot withdraw a pass that
disagrees, and double entry is switched off mid-count only by a scrutineer with a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.polls import PollsPage
from desktop.ui.widgets.ballot_entry import BallotEntry
from tests.unit.polls.helpers import enter, make_poll, qr

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def _entry(
    qtbot: QtBot, db: Database, actor: Actor, paths: Paths, poll_id: str, entry_pass: int
) -> BallotEntry:
    widget = BallotEntry(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_poll(poll_id, entry_pass)
    return widget


def _key_ballot(qtbot: QtBot, widget: BallotEntry, code: str, keys: str) -> None:
    qtbot.keyClicks(widget.serial_edit, code)
    qtbot.keyClick(widget.serial_edit, Qt.Key.Key_Return)
    if widget.scanned is not None:
        qtbot.keyClicks(widget, keys)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def _passes(db: Database, poll_id: str) -> dict[int, list[tuple[int, str]]]:
    from sqlalchemy import select

    from desktop.models.polls import Ballot

    with db.session() as s:
        rows = s.scalars(
            select(Ballot).where(Ballot.poll_id == poll_id, Ballot.deleted_at.is_(None))
        )
        out: dict[int, list[tuple[int, str]]] = {1: [], 2: []}
        for b in rows:
            out[b.entry_pass].append((b.serial, b.entered_by))
        return out


def test_the_same_clerk_cannot_key_the_other_pass(
    qtbot: QtBot, db: Database, clerk: Actor, clerk2: Actor, paths: Paths
) -> None:
    poll = make_poll(db, clerk, double_entry=True, printed=5)
    second = _entry(qtbot, db, clerk, paths, poll.id, 2)
    _key_ballot(qtbot, second, qr(db, poll.id, 1), "1")  # pass 2 first
    first = _entry(qtbot, db, clerk, paths, poll.id, 1)
    _key_ballot(qtbot, first, qr(db, poll.id, 1), "1")
    assert first.scanned is None  # flagged at the scan, before any marks are keyed
    assert "两个人" in first.flag.text()
    other = _entry(qtbot, db, clerk2, paths, poll.id, 1)
    _key_ballot(qtbot, other, qr(db, poll.id, 1), "1")
    assert _passes(db, poll.id) == {1: [(1, "clerk2")], 2: [(1, "clerk")]}


def test_f8_cannot_withdraw_a_pass_that_disagrees(
    qtbot: QtBot, db: Database, clerk: Actor, clerk2: Actor, paths: Paths
) -> None:
    poll = make_poll(db, clerk, double_entry=True, printed=5)
    enter(db, clerk, poll.id, 1, {1: "for"})
    second = _entry(qtbot, db, clerk2, paths, poll.id, 2)
    _key_ballot(qtbot, second, qr(db, poll.id, 1), "q")  # 反对 where pass 1 says 赞成
    qtbot.keyClick(second.serial_edit, Qt.Key.Key_F8)
    assert "监票" in second.flag.text()
    assert _passes(db, poll.id) == {1: [(1, "clerk")], 2: [(1, "clerk2")]}
    with db.session() as s:
        assert [m.serial for m in polls.mismatches(s, poll.id)] == [1]


def _page(qtbot: QtBot, db: Database, actor: Actor, paths: Paths, poll_id: str) -> PollsPage:
    page = PollsPage(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(page)
    page.activate()
    page.select_poll(poll_id)
    return page


def test_double_entry_switch_after_ballots_needs_a_scrutineer_and_a_reason(
    qtbot: QtBot,
    db: Database,
    clerk: Actor,
    clerk2: Actor,
    scrutineer: Actor,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poll = make_poll(db, clerk, double_entry=True, printed=5)
    enter(db, clerk, poll.id, 1, {1: "for"})
    enter(db, clerk2, poll.id, 1, {1: "against"}, entry_pass=2)
    errors: list[str] = []
    monkeypatch.setattr(PollsPage, "show_error", lambda _self, err: errors.append(str(err)))

    page = _page(qtbot, db, clerk, paths, poll.id)
    asked: list[bool] = []
    page.double_entry_reason_prompt = lambda on: asked.append(on) or "赶时间"  # type: ignore[func-returns-value]
    page.toggle_double_entry()
    assert asked == [False]  # the clerk was asked why, then refused: not a scrutineer
    assert len(errors) == 1 and "无权" in errors[0]
    with db.session() as s:
        assert polls.get_poll(s, poll.id).double_entry

    page = _page(qtbot, db, scrutineer, paths, poll.id)
    page.double_entry_reason_prompt = lambda _on: None  # cancelled: nothing changes
    page.toggle_double_entry()
    with db.session() as s:
        assert polls.get_poll(s, poll.id).double_entry
    page.double_entry_reason_prompt = lambda _on: "二录人员离场"
    page.toggle_double_entry()
    with db.session() as s:
        assert not polls.get_poll(s, poll.id).double_entry
        assert [m.serial for m in polls.mismatches(s, poll.id)] == [1]  # not discarded
