"""No Qt call may change ``None``'s reference count (issue 15, item 9).

PySide6-Essentials 6.12.0 on CPython 3.11 dropped one reference of ``None`` on every Python
call of a Qt method returning ``void``; a few thousand calls later the interpreter aborted
with "Fatal Python error: none_dealloc". On Python ≥ 3.12 ``None`` is immortal and its count
never moves, so this test guards the 3.11 builds (the pinned venv, bundle and installer).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

CALLS = 2000


class Emitter(QObject):
    changed = Signal(str)


def _calls(qtbot: QtBot) -> dict[str, Callable[[], object]]:
    label, line, button, combo, widget = (
        QLabel(),
        QLineEdit(),
        QPushButton(),
        QComboBox(),
        QWidget(),
    )
    for w in (label, line, button, combo, widget):
        qtbot.addWidget(w)
    combo.addItems(["甲", "乙"])
    model = QStandardItemModel(3, 2)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    item = QStandardItem("x")
    emitter = Emitter()
    emitter.changed.connect(lambda _text: None)
    return {
        "QLabel.setText": lambda: label.setText("签到"),
        "QLineEdit.setText": lambda: line.setText("123"),
        "QLineEdit.clear": line.clear,
        "QWidget.setEnabled": lambda: button.setEnabled(True),
        "QWidget.setVisible": lambda: widget.setVisible(False),
        "QWidget.resize": lambda: widget.resize(100, 100),
        "QWidget.update": widget.update,
        "QComboBox.setCurrentIndex": lambda: combo.setCurrentIndex(1),
        "QStandardItem.setText": lambda: item.setText("y"),
        "QTableView.selectRow": lambda: view.selectRow(1),
        "Signal.emit": lambda: emitter.changed.emit("z"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "QLabel.setText",
        "QLineEdit.setText",
        "QLineEdit.clear",
        "QWidget.setEnabled",
        "QWidget.setVisible",
        "QWidget.resize",
        "QWidget.update",
        "QComboBox.setCurrentIndex",
        "QStandardItem.setText",
        "QTableView.selectRow",
        "Signal.emit",
    ],
)
def test_void_qt_calls_leave_none_alone(qtbot: QtBot, name: str) -> None:
    call = _calls(qtbot)[name]
    for _ in range(10):  # first calls may cache method wrappers
        call()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    after = sys.getrefcount(None)
    # a few references may come and go with unrelated objects; a leak is one per call
    assert abs(after - before) < CALLS // 10, f"{name}: None's count moved by {after - before}"
