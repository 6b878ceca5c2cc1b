"""A lazily paged, sortable table model over a service query (Vorta/Anki style).

The page gives a ``fetch(offset, limit, sort)`` callable that returns plain row objects
(dataclasses); the model asks for the next page only when the view scrolls near the end
(``canFetchMore``/``fetchMore``), so a million-row ledger opens as fast as a small one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Sort = tuple[str, bool] | None  # (column key, descending)
Fetch = Callable[[int, int, Sort], list[Any]]

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Column:
    key: str
    title: str
    format: Callable[[Any], str] | None = None
    sortable: bool = True
    align_right: bool = False
    #: Optional: a row → bool telling the view to paint the cell as a warning.
    warn: Callable[[Any], bool] | None = None

    def text(self, row: Any) -> str:
        value = getattr(row, self.key, "")
        if self.format is not None:
            return self.format(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        return str(value)


WARN_BRUSH = QBrush(QColor("#fde8e8"))


class PagedTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], fetch: Fetch, page_size: int = 200) -> None:
        super().__init__()
        self.columns = columns
        self._fetch = fetch
        self.page_size = page_size
        self.rows: list[Any] = []
        self._exhausted = False
        self.sort_key: Sort = None

    # ---- loading
    def reload(self, fetch: Fetch | None = None) -> None:
        """Start over (new filter or sort): only the first page is read."""
        if fetch is not None:
            self._fetch = fetch
        self.beginResetModel()
        self.rows = []
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def show_first_page(self, rows: list[Any]) -> None:
        """Start over with a first page read elsewhere (a search run on a worker)."""
        self.beginResetModel()
        self.rows = list(rows)
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        batch = self._fetch(len(self.rows), self.page_size, self.sort_key)
        if len(batch) < self.page_size:
            self._exhausted = True
        if batch:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
            self.rows.extend(batch)
            self.endInsertRows()

    def iter_all(self, chunk: int = 2000) -> Iterator[Any]:
        """Every row the current filter and sort select (for 'export what is shown')."""
        offset = 0
        while True:
            batch = self._fetch(offset, chunk, self.sort_key)
            yield from batch
            if len(batch) < chunk:
                return
            offset += chunk

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    # ---- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column.warn is not None and column.warn(row):
            return WARN_BRUSH
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        if not col.sortable:
            return
        self.sort_key = (col.key, order == Qt.SortOrder.DescendingOrder)
        self.reload()
