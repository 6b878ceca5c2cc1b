"""Tables that fit: columns sized to their content within sensible maxima, long text elided
with the whole text in a tooltip (only where it was cut), and forms whose validation lines
have their room reserved so nothing moves when one appears.

One helper for every table (``fit_columns``) so an empty column never takes 500 px while a
phone number next to it is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QToolTip,
)

#: A column never grows beyond this by itself (the user can still drag it wider).
DEFAULT_MAX = 320
MIN_WIDTH = 48
#: The rows a column's width is measured on. Qt's resizeColumnsToContents measures every
#: loaded row while the table is not yet shown (a first page of 200 rows at a district's size:
#: 7,400 data() calls, ~40 ms of a first visit); longer text further down is elided with its
#: tooltip.
MEASURED_ROWS = 40
#: Room around a cell's text (the style's margins and the focus frame).
TEXT_PADDING = 16


def fit_columns(
    view: QTableView,
    maxima: dict[int, int] | None = None,
    *,
    default_max: int = DEFAULT_MAX,
    stretch_last: bool = True,
) -> None:
    """Size every column to its content (header included), capped at ``maxima[column]`` or
    ``default_max``; the columns stay user-resizable and the last one takes what is left.
    Call again after a reload that changes the content much."""
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setWordWrap(False)
    limits = maxima or {}
    metrics = view.fontMetrics()
    rows = min(model.rowCount(), MEASURED_ROWS)
    for column in range(model.columnCount()):
        width = header.sectionSizeHint(column)
        for row in range(rows):
            text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + TEXT_PADDING)
        width += 8
        header.resizeSection(column, max(MIN_WIDTH, min(width, limits.get(column, default_max))))
    header.setStretchLastSection(stretch_last)
    install_elided_tooltips(view)


class _ElidedTooltips(QObject):
    """Shows a cell's whole text as a tooltip when the column is too narrow for it."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid():
            return False
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        if own:
            return False  # the model's own tooltip is shown as usual
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            QToolTip.hideText()
            return True
        rect = self.view.visualRect(index)
        needed = self.view.fontMetrics().horizontalAdvance(str(text)) + 12
        if needed > rect.width():
            QToolTip.showText(event.globalPos(), str(text), self.view, rect)
        else:
            QToolTip.hideText()
        return True


def install_elided_tooltips(view: QAbstractItemView) -> None:
    """Once per view: hovering a cut-off cell shows its whole text."""
    if view.property("elided_tooltips"):
        return
    view.viewport().installEventFilter(_ElidedTooltips(view))
    view.setProperty("elided_tooltips", True)


def placeholder_width(edit: QLineEdit, extra: int = 48) -> int:
    """A line edit's width that shows its whole placeholder (plus the clear button)."""
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + extra


def reserve_line(label: QLabel) -> None:
    """Keep a validation line's room when it is empty or hidden, so the form below it does
    not jump when a message appears (a click then lands where the user aimed)."""
    label.setWordWrap(False)
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    # A long message must not widen the dialog either: it is cut at the field's width
    # (the form puts the whole message in the label's tooltip).
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    label.setFixedHeight(label.fontMetrics().height())
