"""The entry screen driven by keys through the real widget: scan, marks, Enter; flags;
void; withdraw; and the keystroke budget (non-abstain marks + 2 after the scan)."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.widgets.ballot_entry import KEY_ROWS, BallotEntry, KeyScheme
from tests.unit.polls.helpers import make_poll, qr


def _widget(qtbot: QtBot, db: Database, actor: Actor, paths: Paths, poll_id: str) -> BallotEntry:
    widget = BallotEntry(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_poll(poll_id)
    return widget


def _scan(qtbot: QtBot, widget: BallotEntry, text: str) -> None:
    """What a USB scanner does: type the code, then Enter."""
    qtbot.keyClicks(widget.serial_edit, text)
    qtbot.keyClick(widget.serial_edit, Qt.Key.Key_Return)


def plan_keys(scheme: KeyScheme, marks: dict[int, str]) -> list[str]:
    """The shortest key sequence for ``marks`` under the scheme, ending with Enter."""
    keys: list[str] = []
    if scheme.grid:
        for no, mark in sorted(marks.items()):
            row = scheme.marks.index(mark)
            keys.append(KEY_ROWS[row][no - 1])
    else:

        def key(no: int) -> str:
            row, col = divmod(no - 1, 10)
            return KEY_ROWS[row][col]

        keys += [key(no) for no, m in sorted(marks.items()) if m == "for"]
        against = [key(no) for no, m in sorted(marks.items()) if m == "against"]
        if against:
            keys += ["-", *against]
    return [*keys, "\n"]


def _press(qtbot: QtBot, widget: BallotEntry, keys: list[str]) -> None:
    for k in keys:
        if k == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(widget, k)


def _stored(db: Database, poll_id: str) -> dict[int, dict[int, str]]:
    with db.session() as s:
        return {r.serial: r.marks for r in polls.records(s, poll_id)}


def test_entry_by_keys_scan_marks_enter(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    poll = make_poll(db, clerk)
    widget = _widget(qtbot, db, clerk, paths, poll.id)
    _scan(qtbot, widget, qr(db, poll.id, 1))
    assert widget.scanned is not None and widget.scanned.serial == 1, widget.flag.text()
    # for 1, 2, 11; against 12 (a mistaken key undone with Backspace), then Enter
    _press(qtbot, widget, ["1", "2", "q", "3"])
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    _press(qtbot, widget, ["-", "w", "\n"])
    assert _stored(db, poll.id) == {1: {1: "for", 2: "for", 11: "for", 12: "against"}}
    assert widget.scanned is None and widget.recent.count() == 1
    # the same serial again is flagged, nothing stored
    _scan(qtbot, widget, qr(db, poll.id, 1))
    assert widget.scanned is None
    assert "已" in widget.flag.text()
    # a forged code is flagged too; the next scan replaces the text
    text = qr(db, poll.id, 2)
    _scan(qtbot, widget, text[:-1] + ("0" if text[-1] != "0" else "1"))
    assert widget.scanned is None and widget.flag.text()
    _scan(qtbot, widget, text)
    assert widget.scanned is not None and widget.scanned.serial == 2
    qtbot.keyClick(widget, Qt.Key.Key_Escape)  # drop it
    assert widget.scanned is None and _stored(db, poll.id).keys() == {1}


def test_void_and_withdraw_by_keys(qtbot: QtBot, db: Database, clerk: Actor, paths: Paths) -> None:
    poll = make_poll(db, clerk)
    widget = _widget(qtbot, db, clerk, paths, poll.id)
    widget.void_reason_prompt = lambda: "选票撕破"
    _scan(qtbot, widget, "3")  # typed serial
    qtbot.keyClick(widget, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        recs = polls.records(s, poll.id)
    assert [(r.serial, r.void) for r in recs] == [(3, True)]
    qtbot.keyClick(widget.serial_edit, Qt.Key.Key_F8)
    with db.session() as s:
        assert polls.records(s, poll.id) == []
    assert "3" in widget.flag.text()


def test_test_ballot_refused_on_screen(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    poll = make_poll(db, clerk)
    widget = _widget(qtbot, db, clerk, paths, poll.id)
    _scan(qtbot, widget, qr(db, poll.id, 1, test=True))
    assert widget.scanned is None and "样票" in widget.flag.text()


pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CASES = [
    ("selection", 12, 10),
    ("selection", 40, 10),
    ("motion", 3, None),
    ("rating", 3, None),
    ("selection", 5, 3),
]


@pytest.mark.parametrize(("kind", "n", "quota"), CASES)
def test_keystrokes_per_ballot_at_most_marks_plus_two(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths, kind: str, n: int, quota: int | None
) -> None:
    poll = make_poll(db, clerk, kind=kind, n=n, quota=quota, printed=25)
    widget = _widget(qtbot, db, clerk, paths, poll.id)
    assert widget.scheme is not None
    rng = random.Random(n * 31 + len(kind))
    marks_choices = list(poll.levels) if kind == "rating" else ["for", "against"]
    expected: dict[int, dict[int, str]] = {}
    worst = 0
    for serial in range(1, 21):
        density = rng.random()
        marks = {no: rng.choice(marks_choices) for no in range(1, n + 1) if rng.random() < density}
        if serial == 1:
            marks = dict.fromkeys(range(1, n + 1), marks_choices[-1])  # every option marked
        _scan(qtbot, widget, qr(db, poll.id, serial))
        keys = plan_keys(widget.scheme, marks)
        _press(qtbot, widget, keys)
        assert len(keys) <= len(marks) + 2, (keys, marks)
        worst = max(worst, len(keys) - len(marks))
        expected[serial] = marks
    assert _stored(db, poll.id) == expected
    assert worst <= 2
