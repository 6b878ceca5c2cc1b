"""A poll's results in Excel from the 表决计票 page (as well as the PDF), read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from python_calamine import CalamineWorkbook

from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.polls import PollsPage
from tests.unit.polls.helpers import enter, make_poll

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_results_excel_from_the_poll_page(
    qtbot: QtBot, main_window: MainWindow, db: Database, admin: Actor, tmp_path: Path
) -> None:
    poll = make_poll(db, admin, kind="motion", n=2, quota=None, printed=3, present=3)
    other = make_poll(db, admin, kind="motion", n=1, quota=None, printed=1, present=3)
    for serial, marks in ((1, {1: "for", 2: "against"}), (2, {1: "for"}), (3, {1: "against"})):
        enter(db, admin, poll.id, serial, marks)
    enter(db, admin, other.id, 1, {1: "for"})
    with db.transaction() as s:
        polls.close_voting(s, admin, poll.id, issued=3)
        polls.close_voting(s, admin, other.id, issued=1)
    page = main_window.open_page("polls")
    assert isinstance(page, PollsPage)
    page.activate()
    page.select_poll(poll.id)
    out = tmp_path / "结果.xlsx"
    page.excel_path_prompt = lambda _title, _name: str(out)
    page.results_excel()
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("表决结果台账").to_python()
    head = [str(h) for h in rows[0]]
    body = [dict(zip(head, r, strict=False)) for r in rows[1:]]
    assert [(r["序号"], r["赞成"], r["反对"], r["弃权"]) for r in body] == [
        (1, 2, 1, 0),
        (2, 0, 1, 2),
    ]
    assert {r["发出票数"] for r in body} == {3}
    page.results_excel(all_polls=True)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("表决结果台账").to_python()
    assert len(rows) == 1 + 3  # both polls' options
