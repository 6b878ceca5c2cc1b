"""Tables that fit: columns to content within maxima, an empty last column takes nothing
extra, and a cut-off cell shows its whole text on hover."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.fit import fit_columns
from desktop.ui.widgets.table_model import Column, PagedTableModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "raise")


@dataclass
class Row:
    name: str
    phone: str
    title: str
    left_on: str


def test_columns_fit_their_content(qtbot: QtBot) -> None:
    rows = [Row("张伟强", "13812345678", "关于加快推进老旧小区加装电梯工作的决议" * 3, "")] * 5
    model = PagedTableModel(
        [
            Column("name", "姓名"),
            Column("phone", "联系电话"),
            Column("title", "决议"),
            Column("left_on", "离任日期"),
        ],
        lambda offset, limit, _sort: rows[offset : offset + limit],
    )
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1300, 400)
    view.show()
    model.reload()
    fit_columns(view, {2: 300}, stretch_last=False)
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    assert header.sectionSize(1) >= metrics.horizontalAdvance("13812345678")  # phone whole
    assert header.sectionSize(2) == 300  # capped
    assert header.sectionSize(3) < 150  # the empty 离任日期 column: its header only
    # Hovering the cut title shows it whole.
    rect = view.visualRect(model.index(0, 2))
    where = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.isVisible() and rows[0].title in QToolTip.text()
