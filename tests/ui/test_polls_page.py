"""The 表决计票 page in the real main window: pick a poll, enter ballots by keys, see the
tally, certify through the dialog; the results report opens in the preview."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.polls import PollsPage
from tests.unit.polls.helpers import make_poll, qr

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_page_entry_tally_and_certify(
    qtbot: QtBot,
    main_window: MainWindow,
    db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poll = make_poll(db, admin, printed=5, present=5, members_total=5)
    page = main_window.open_page("polls")
    assert isinstance(page, PollsPage)
    page.activate()
    page.select_poll(poll.id)
    assert page.current is not None and page.current.id == poll.id
    entry = page.entry
    for serial in (1, 2, 3):
        qtbot.keyClicks(entry.serial_edit, qr(db, poll.id, serial))
        qtbot.keyClick(entry.serial_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(entry, "12")
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert "3" in entry.counter.text()
    with db.transaction() as s:
        polls.close_voting(s, admin, poll.id, issued=5)
    page.activate()
    page.tabs.setCurrentIndex(1)
    text = page.tally_text.toPlainText()
    assert "发出选票5张，收回3张" in text and "可以核验" in text

    class FakeDialog:
        def __init__(self, *_args: Any) -> None:
            self.counters = type("E", (), {"text": lambda _self: "李晓梅"})()
            self.scrutineers = type("E", (), {"text": lambda _self: "陈志强"})()
            self.chief = type("E", (), {"text": lambda _self: ""})()

        def exec(self) -> int:
            return 1

        def deleteLater(self) -> None:  # run_modal releases the dialog after exec
            pass

    shown: list[str] = []
    monkeypatch.setattr("desktop.ui.pages.polls.CertifyDialog", FakeDialog)
    page.preview_factory = lambda pdf, title, name: shown.append(name)
    page.certify()
    assert shown == [f"tally-report-{poll.short_id}.pdf"]
    with db.session() as s:
        assert polls.get_poll(s, poll.id).status == "certified"
    assert page.entry.poll is None  # a certified poll takes no more ballots


def test_page_prints_ballots_off_the_gui_thread_and_logs_them(
    qtbot: QtBot,
    main_window: MainWindow,
    db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poll = make_poll(db, admin, printed=2)
    page = main_window.open_page("polls")
    assert isinstance(page, PollsPage)
    page.activate()
    page.select_poll(poll.id)

    class FakePrint:
        def __init__(self, *_args: Any) -> None:
            self.count = type("S", (), {"value": lambda _self: 6})()
            self.layout_box = type("C", (), {"currentData": lambda _self: "a5x2"})()

        def exec(self) -> int:
            return 1

        def deleteLater(self) -> None:  # run_modal releases the dialog after exec
            pass

    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr("desktop.ui.pages.polls.PrintDialog", FakePrint)
    page.preview_factory = lambda pdf, _title, name: shown.append((pdf, name))
    page.print_ballots()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert shown[0][0].startswith(b"%PDF") and shown[0][1] == f"ballots-{poll.short_id}.pdf"
    with db.session() as s:
        log = polls.print_log(s, poll.id)
        assert polls.get_poll(s, poll.id).printed == 8
    assert [(e.first_serial, e.last_serial, e.layout) for e in log][-1] == (3, 8, "a5x2")


def test_counting_tab_shows_progress_during_entry(
    qtbot: QtBot, main_window: MainWindow, db: Database, admin: Actor, clerk: Actor
) -> None:
    from tests.unit.polls.helpers import enter

    poll = make_poll(db, admin, printed=5, present=5, members_total=5, double_entry=True)
    page = main_window.open_page("polls")
    assert isinstance(page, PollsPage)
    page.activate()
    page.select_poll(poll.id)
    entry = page.entry
    for serial in (1, 2, 3):
        qtbot.keyClicks(entry.serial_edit, qr(db, poll.id, serial))
        qtbot.keyClick(entry.serial_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(entry, "12")
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    # The list's 已录入 column follows entry.
    column = next(n for n, c in enumerate(page.model.columns) if c.key == "entered")
    row = next(i for i, r in enumerate(page.model.rows) if r.id == poll.id)
    assert page.model.index(row, column).data() == "3"
    # 最近录入 names the options marked.
    assert "赞成 1、2" in entry.recent.item(0).text()
    page.tabs.setCurrentIndex(1)
    text = page.tally_text.toPlainText()
    assert "第一遍录入：已录入3张" in text and "第二遍录入：已录入0张" in text
    assert "无效" not in text and page.mismatch_list.count() == 0
    with db.transaction() as s:
        polls.close_voting(s, admin, poll.id, issued=5)
    enter(db, clerk, poll.id, 1, {1: "for", 2: "for"}, entry_pass=2)
    enter(db, clerk, poll.id, 2, {1: "for"}, entry_pass=2)  # a real disagreement
    page.activate()
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(1)
    text = page.tally_text.toPlainText()
    assert "第二遍录入：已录入2张" in text and "无效" not in text
    assert page.mismatch_list.count() == 1  # ballot 2 only, not ballot 3 (pass 2 not there yet)
    enter(db, clerk, poll.id, 3, {1: "for", 2: "for"}, entry_pass=2)
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(1)
    text = page.tally_text.toPlainText()
    assert "发出选票5张，收回3张" in text and "不一致" in text
