"""A list tab: filter bar with a debounced search box, a lazily paged table, a count, and a
row of action buttons. Pages subclass it per ledger (representatives, deputies, stations …)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services.permissions import Permission
from desktop.ui import actions
from desktop.ui.context import AppContext
from desktop.ui.guard import allow
from desktop.ui.widgets.fit import fit_columns, placeholder_width
from desktop.ui.widgets.table_model import Column, Fetch, PagedTableModel, Sort

T = TypeVar("T")


class LedgerTab(QWidget):
    #: the Excel ledger this tab imports and exports ("" = none)
    ledger_kind = ""

    def __init__(
        self, ctx: AppContext, columns: list[Column], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials (zwq), workplace…"))
        self.search.setClearButtonEnabled(True)
        # Wide enough for the whole placeholder (it was cut at "单…").
        self.search.setMinimumWidth(placeholder_width(self.search))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.search_changed)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search)
        self.count_label = QLabel()
        # A page is a little more than a screenful: the first view reads only what it shows.
        self.model = PagedTableModel(columns, self._fetch, page_size=100)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.actions_row = QHBoxLayout()
        layout = self.main_layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(self.filters)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._loaded = False
        self._ready = False

    # ---- building helpers
    def add_filter(
        self, label: str, options: list[tuple[str, Any]], default: Any = None
    ) -> QComboBox:
        box = QComboBox()
        for text, value in options:
            box.addItem(text, value)
        if default is not None:
            box.setCurrentIndex(max(box.findData(default), 0))
        box.currentIndexChanged.connect(lambda _i: self.reload())
        if label:
            self.filters.addWidget(QLabel(label))
        self.filters.addWidget(box)
        return box

    def add_action(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        edit: bool = True,
        permission: Permission | None = None,
    ) -> QPushButton:
        """A button for ``slot``, disabled (with the reason as its tip) unless the role may
        do ``permission`` (EDIT_DATA for ``edit`` actions, none needed otherwise)."""
        button = QPushButton(text)
        button.clicked.connect(lambda _=False: slot())
        needed = permission or (Permission.EDIT_DATA if edit else None)
        if needed is not None:
            allow(button, self.ctx.actor, needed)
        self.actions_row.addWidget(button)
        return button

    def finish_actions(self) -> None:
        """Call last in a subclass's __init__: the filters exist, the list may load."""
        self.actions_row.addStretch(1)
        self.filters.addStretch(1)
        # Sorting on before the tab is ready: the sort Qt triggers reads nothing; the first
        # real load is the page's activate (the list was read twice before).
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._ready = True

    # ---- data
    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        return []

    def count(self) -> int:
        return len(self.model.rows)

    def shown_ids(self) -> list[str]:
        return [row.id for row in self.model.iter_all()]

    def _fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        if not self._ready:
            return []
        try:
            return self.fetch(offset, limit, sort)
        except AppError as err:
            self.ctx.status(str(err))
            return []

    def snapshot(self) -> tuple[Fetch, Callable[[], int]] | None:
        """(fetch, count) closed over the current filter as plain values, safe to call on a
        worker; None = this list is small and is read on the GUI thread."""
        return None

    def search_changed(self) -> None:
        """A search keystroke (debounced): read on a worker through the app's task manager;
        a newer keystroke replaces an older one, whose result is dropped."""
        snap = self.snapshot() if self._ready else None
        if snap is None:
            self.reload()
            return
        fetch, count = snap
        sort, size = self.model.sort_key, self.model.page_size

        def work(_progress: object) -> tuple[list[Any], int]:
            return fetch(0, size, sort), count()

        def done(result: tuple[list[Any], int]) -> None:
            rows, total = result
            self.model.show_first_page(rows)
            self._loaded = True
            self.count_label.setText(self.tr("%1 shown").replace("%1", str(total)))

        self.ctx.tasks.run(
            work,
            on_done=done,
            on_error=lambda err: self.ctx.status(str(err)),
            key=f"ledger-search-{id(self)}",
            owner=self,
        )

    def reload(self) -> None:
        snap = self.snapshot()
        if snap is not None:
            # A large list is counted on a worker, started first so that the count runs
            # while the GUI thread reads and lays out the first page (SQLite lets go of
            # the GIL while it counts).
            count = snap[1]
            self.ctx.tasks.run(
                lambda _p: count(),
                on_done=lambda n: self.count_label.setText(
                    self.tr("%1 shown").replace("%1", str(n))
                ),
                key=f"ledger-count-{id(self)}",
                owner=self,
            )
        self.model.reload()
        if not self._loaded and self.model.rows:
            # To content (from the first rows, not all loaded), capped; an empty last column
            # (离任日期) no longer takes the rest.
            self.table.horizontalHeader().setResizeContentsPrecision(40)
            fit_columns(self.table, default_max=260, stretch_last=False)
        self._loaded = self._loaded or bool(self.model.rows)
        if snap is None:
            self.count_label.setText(self.tr("%1 shown").replace("%1", str(self.count())))

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row())

    def edit(self) -> None:
        """Open the selected row; tabs with a detail form override this."""

    # ---- Excel and errors
    def import_file(self, path: Path | None = None) -> Any:
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self.ledger_kind, path, self)
        wizard.finished.connect(lambda _r: self.reload())
        wizard.open()
        return wizard

    def export_file(self, path: Path | None = None) -> Path | None:
        from desktop.excel import writer

        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export to Excel"), "", self.tr("Excel workbook (*.xlsx)")
            )
            if not name:
                return None
            path = Path(name)
        try:
            ids = self.shown_ids()
            with self.ctx.db.transaction() as s:
                count = writer.export(s, self.ctx.actor, self.ledger_kind, path, ids=ids)
        except AppError as err:
            self.show_error(err)
            return None
        self.ctx.status(
            self.tr("Exported %1 rows to %2").replace("%1", str(count)).replace("%2", str(path))
        )
        return path

    def show_error(self, err: BaseException) -> None:
        actions.show_error(self, err)

    def run_action(
        self, op: Callable[[Any], T], *, success: Callable[[T], object] | None = None
    ) -> T | None:
        """A change in one transaction, as on a page (:meth:`Page.run_action`)."""
        return actions.run_action(self, self.ctx.db, op, success=success, failure=self.show_error)

    def run_dialog(self, dialog: Any) -> None:
        """Open a form dialog (window-modal) and reload the list when it is saved."""
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.last_dialog = dialog
