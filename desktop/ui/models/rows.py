"""A plain table model over a list of row dataclasses, for the small lists of a page (the
projects' queues, the follow-up matters and motions): no paging, no sorting.

Each column is ``(attribute, header)`` or ``(attribute, header, formatter)``; ``formats``
gives formatters by attribute for every column of that name, ``right`` the attributes shown
right-aligned (amounts, counts); ``warn(row)`` shades a row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

WARN = QBrush(QColor("#fde8e8"))

Formatter = Callable[[Any], str]
RowColumn = tuple[str, str] | tuple[str, str, Formatter | None]


class RowsModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[RowColumn],
        warn: Callable[[Any], bool] | None = None,
        *,
        formats: Mapping[str, Formatter] | None = None,
        right: Collection[str] = (),
    ) -> None:
        super().__init__()
        shared = formats or {}
        self.columns: list[tuple[str, str, Formatter | None]] = [
            (c[0], c[1], c[2] if len(c) > 2 else shared.get(c[0])) for c in columns
        ]
        self.rows: list[Any] = []
        self.warn = warn
        self.right = frozenset(right)

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key, _header, fmt = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, key, "")
            if fmt is not None:
                return fmt(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.warn is not None and self.warn(row):
            return WARN
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        return None
