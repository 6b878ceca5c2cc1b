"""The import wizard, generic over ledgers: choose a file → name the columns the ledger does
not know (mapping step, remembered for the next file with the same headers) → preview (every
row: who, and each column's old → new value; filter by new / changed / unchanged / error;
a rename under an existing ID number must be ticked to be written) → import in one
transaction → undo.

Reading and validating run off the GUI thread. Any error row blocks the import unless
"import the valid rows only" is ticked; the problems can be saved as an annotated copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.excel import adapter as ledgers
from desktop.excel import importer, reader, writer
from desktop.i18n import N_, gettext
from desktop.ui.actions import error_text, run_task
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.tasks import Progress

Index = QModelIndex | QPersistentModelIndex
CONFLICT = "conflict"
STATUS_COLOURS = {
    "error": "#fde8e8",
    "new": "#e8f5e9",
    "update": "#fff8e1",
    CONFLICT: "#ffe0b2",
    "unchanged": "#ffffff",
}
#: Filter key → statuses shown.
FILTERS: dict[str, tuple[str, ...]] = {
    "all": ("new", "update", CONFLICT, "unchanged", "error"),
    "new": ("new",),
    "update": ("update", CONFLICT),
    CONFLICT: (CONFLICT,),
    "unchanged": ("unchanged",),
    "error": ("error",),
}
COLUMNS = 5
CONFIRM_COLUMN = 4


class PreviewModel(QAbstractTableModel):
    """One line per data row (and one per file-level problem): row, result, who, what is
    written (old → new) and, for a rename, a box the clerk ticks to confirm it."""

    def __init__(self, plan: importer.ImportPlan) -> None:
        super().__init__()
        self.plan = plan
        self.confirmed: set[int] = set()
        # (sheet row, status, who, row or a file problem's message)
        self.all_lines: list[tuple[int, str, str, importer.PlanRow | str]] = []
        for err in plan.file_errors:
            text = f"{err.column}：{err.message}" if err.column else err.message
            self.all_lines.append((err.row, "error", "", text))
        for row in plan.rows:
            status = CONFLICT if row.conflict and row.status == "update" else row.status
            self.all_lines.append((row.row, status, row.label, row))
        self.lines = list(self.all_lines)
        self.headers = ["", "", "", "", ""]
        self._details: dict[int, str] = {}

    def set_filter(self, key: str) -> None:
        wanted = FILTERS.get(key, FILTERS["all"])
        self.beginResetModel()
        self.lines = [line for line in self.all_lines if line[1] in wanted]
        self.endResetModel()

    def detail(self, line: tuple[int, str, str, importer.PlanRow | str]) -> str:
        item = line[3]
        if isinstance(item, str):
            return item
        found = self._details.get(item.row)
        if found is None:
            if item.status == "unchanged":
                found = gettext(N_("(no change)"))
            else:
                found = importer.describe(self.plan, item)
            self._details[item.row] = found
        return found

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CONFIRM_COLUMN and self.lines[index.row()][1] == CONFLICT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(line[0] or "")
            if column == 1:
                return STATUS_TEXT.get(line[1], line[1])
            if column == 2:
                return line[2]
            if column == 3:
                return self.detail(line)
            if column == CONFIRM_COLUMN and line[1] == CONFLICT:
                return gettext(N_("Confirm the rename"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return self.detail(line)
        if role == Qt.ItemDataRole.CheckStateRole and column == CONFIRM_COLUMN:
            if line[1] != CONFLICT:
                return None
            return Qt.CheckState.Checked if line[0] in self.confirmed else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(line[1], "#ffffff")))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != CONFIRM_COLUMN:
            return False
        line = self.lines[index.row()]
        if line[1] != CONFLICT:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if checked:
            self.confirmed.add(line[0])
        else:
            self.confirmed.discard(line[0])
        self.dataChanged.emit(index, index, [role])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


STATUS_TEXT: dict[str, str] = {}


class ImportWizard(QDialog):
    def __init__(
        self, ctx: AppContext, kind: str, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.ledger = ledgers.get(kind).ledger
        self.plan: importer.ImportPlan | None = None
        self.result_: importer.ImportResult | None = None
        self.path: Path | None = None
        self.mapping: dict[str, str | None] | None = None
        self._reading: Progress | None = None
        STATUS_TEXT.update(
            {
                "new": self.tr("New"),
                "update": self.tr("Update"),
                "error": self.tr("Error"),
                "unchanged": self.tr("Unchanged"),
                CONFLICT: self.tr("Rename?"),
            }
        )
        self.setWindowTitle(
            self.tr("Import %1 from Excel").replace("%1", gettext(self.ledger.title))
        )
        fit_to_screen(self, 960, 600)

        self.file_label = QLabel(self.tr("No file chosen"))
        self.choose = QPushButton(self.tr("Choose file…"))
        self.choose.clicked.connect(self.pick_file)
        self.template = QPushButton(self.tr("Save empty template…"))
        self.template.clicked.connect(self.save_template)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose)
        top.addWidget(self.template)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        # ---- step: the columns the ledger does not know
        self.mapping_page = QWidget()
        self.mapping_intro = QLabel(
            self.tr(
                "The ledger has no column of these names. Choose the ledger column each one "
                "holds, or ignore it. The choice is remembered for the next file with the same "
                "columns."
            )
        )
        self.mapping_intro.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Ledger column")]
        )
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.apply_mapping_button = QPushButton(self.tr("Check the file with these columns"))
        self.apply_mapping_button.setDefault(True)
        self.apply_mapping_button.clicked.connect(self.apply_mapping)
        mapping_buttons = QHBoxLayout()
        mapping_buttons.addStretch(1)
        mapping_buttons.addWidget(self.apply_mapping_button)
        mapping_layout = QVBoxLayout(self.mapping_page)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.mapping_intro)
        mapping_layout.addWidget(self.mapping_table, 1)
        mapping_layout.addLayout(mapping_buttons)

        # ---- step: the preview
        self.preview_page = QWidget()
        self.filter = QComboBox()
        for key, label in (
            ("all", self.tr("All rows")),
            ("new", self.tr("New")),
            ("update", self.tr("Changed")),
            (CONFLICT, self.tr("Renames to confirm")),
            ("unchanged", self.tr("Unchanged")),
            ("error", self.tr("Errors")),
        ):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.ignored = QLabel()
        self.ignored.setWordWrap(True)
        self.edit_mapping = QPushButton(self.tr("Columns…"))
        self.edit_mapping.clicked.connect(self.show_mapping)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:")))
        filter_row.addWidget(self.filter)
        filter_row.addWidget(self.ignored, 1)
        filter_row.addWidget(self.edit_mapping)
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        preview_layout = QVBoxLayout(self.preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addLayout(filter_row)
        preview_layout.addWidget(self.table, 1)

        self.steps = QStackedWidget()
        self.steps.addWidget(self.preview_page)
        self.steps.addWidget(self.mapping_page)

        self.valid_only = QCheckBox(self.tr("Import the valid rows only (skip rows with errors)"))
        self.valid_only.toggled.connect(self._update_buttons)
        self.annotate = QPushButton(self.tr("Save marked-up copy…"))
        self.annotate.clicked.connect(self.save_annotated)
        self.commit_button = QPushButton(self.tr("Import"))
        self.commit_button.setDefault(True)
        self.commit_button.clicked.connect(self.commit)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.valid_only)
        bottom.addStretch(1)
        for b in (self.annotate, self.undo_button, self.commit_button, self.close_button):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps, 1)
        layout.addLayout(bottom)
        self._update_buttons()
        if path is not None:
            self.load(path)

    # ---- steps
    def pick_file(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in reader.SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a spreadsheet"),
            "",
            self.tr("Spreadsheets (%1)").replace("%1", patterns),
        )
        if name:
            self.load(Path(name))

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save empty template"),
            f"{self.ledger.sheet}模板.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if name:
            with self.ctx.db.session() as s:
                writer.write_template(s, self.kind, Path(name))
            self.ctx.status(self.tr("Template saved"))

    def load(self, path: Path, mapping: dict[str, str | None] | None = None) -> None:
        """Read and validate ``path`` in the background, then show the mapping step (when
        the file has columns the ledger does not know) or the preview."""
        self.plan = None
        self.result_ = None
        self.path = Path(path)
        self.mapping = mapping
        self.file_label.setText(str(path))
        self.summary.setText(self.tr("Reading and checking every row…"))
        self.progress.setVisible(True)
        self.steps.setCurrentWidget(self.preview_page)
        self.table.setModel(None)
        self._update_buttons()
        db, actor, kind = self.ctx.db, self.ctx.actor, self.kind

        def work(progress: Any) -> importer.ImportPlan:
            with db.session() as s:
                return importer.prepare(
                    s, actor, kind, Path(path), progress=progress, mapping=mapping
                )

        if self._reading is not None:
            self._reading.cancel()  # a newer file replaces the one being read
        self._reading = run_task(
            self, work, success=self._show_plan, failure=self._failed, on_progress=self._read
        )

    def _read(self, done: int, _total: int, _text: str) -> None:
        self.summary.setText(
            self.tr("Reading and checking every row… (%1 read)").replace("%1", str(done))
        )

    def reject(self) -> None:
        """Closing the wizard stops a file still being read."""
        if self._reading is not None:
            self._reading.cancel()
        super().reject()

    def _failed(self, err: BaseException) -> None:
        self.progress.setVisible(False)
        self.summary.setText(f"<span style='color:#c62828'>{error_text(err)}</span>")
        self._update_buttons()

    def _show_plan(self, plan: importer.ImportPlan) -> None:
        self.progress.setVisible(False)
        self.plan = plan
        if plan.unknown_columns and self.mapping is None:
            self.show_mapping()
            return
        self._show_preview()

    # ---- mapping step
    def show_mapping(self) -> None:
        plan = self.plan
        if plan is None:
            return
        chosen = dict(plan.mapping)
        present = set(plan.columns)
        headers = [h for h in plan.file_headers if h in plan.unknown_columns or h in chosen]
        self.mapping_table.setRowCount(len(headers))
        for i, header in enumerate(headers):
            item = QLabel(header)
            item.setContentsMargins(6, 0, 6, 0)
            self.mapping_table.setCellWidget(i, 0, item)
            combo = QComboBox()
            combo.addItem(self.tr("(ignore this column)"), None)
            for col in self.ledger.columns:
                if col.kind == "record_id":
                    continue
                if col.key in present and chosen.get(header) != col.key:
                    continue  # already in the file under its own name
                combo.addItem(col.header, col.key)
            wanted = chosen.get(header)
            if wanted is not None:
                combo.setCurrentIndex(max(0, combo.findData(wanted)))
            self.mapping_table.setCellWidget(i, 1, combo)
        self.summary.setText(
            self.tr("%1 columns of the file are not in the ledger.").replace(
                "%1", str(len(headers))
            )
        )
        self.steps.setCurrentWidget(self.mapping_page)
        self._update_buttons()

    def chosen_mapping(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for i in range(self.mapping_table.rowCount()):
            label = self.mapping_table.cellWidget(i, 0)
            combo = self.mapping_table.cellWidget(i, 1)
            if isinstance(label, QLabel) and isinstance(combo, QComboBox):
                out[label.text()] = combo.currentData()
        return out

    def apply_mapping(self) -> None:
        if self.path is None:
            return
        self.load(self.path, self.chosen_mapping())

    # ---- preview step
    def _show_preview(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.steps.setCurrentWidget(self.preview_page)
        c = plan.counts
        text = (
            self.tr("%1 new, %2 to update, %3 unchanged, %4 with errors.")
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["update"]))
            .replace("%3", str(c["unchanged"]))
            .replace("%4", str(c["error"]))
        )
        if plan.file_errors:
            text += " " + self.tr(
                "%1 problems concern the file as a whole; it cannot be imported as it is."
            ).replace("%1", str(len(plan.file_errors)))
        elif c["error"]:
            text += " " + self.tr(
                "Fix the errors and choose the file again, or import the valid rows only."
            )
        elif not plan.has_changes:
            text += " " + self.tr("Nothing to change.")
        if plan.conflicts:
            text += " " + self.tr(
                "%1 rows carry the ID number of a person with another name: tick "
                "“Confirm the rename” for each one that is right."
            ).replace("%1", str(len(plan.conflicts)))
        self.summary.setText(text)
        ignored = (*plan.ignored_columns, *plan.unknown_columns)
        self.ignored.setText(
            self.tr("Ignored columns: %1").replace("%1", "、".join(ignored)) if ignored else ""
        )
        model = PreviewModel(plan)
        model.headers = [
            self.tr("Row"),
            self.tr("Result"),
            self.tr("Who"),
            self.tr("What is written (old → new)"),
            self.tr("Confirm"),
        ]
        model.dataChanged.connect(lambda *_a: self._update_buttons())
        self.table.setModel(model)
        self.filter.setCurrentIndex(0)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, CONFIRM_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def _apply_filter(self) -> None:
        model = self.table.model()
        if isinstance(model, PreviewModel):
            model.set_filter(str(self.filter.currentData()))

    def confirmed(self) -> set[int]:
        model = self.table.model()
        return set(model.confirmed) if isinstance(model, PreviewModel) else set()

    def _update_buttons(self) -> None:
        plan = self.plan
        done = self.result_ is not None
        previewing = self.steps.currentWidget() is self.preview_page
        unconfirmed = [r for r in plan.conflicts if r.row not in self.confirmed()] if plan else []
        can = (
            plan is not None
            and previewing
            and not done
            and not plan.file_errors
            and plan.has_changes
            and (plan.ok or self.valid_only.isChecked())
            and (not unconfirmed or self.valid_only.isChecked())
        )
        self.commit_button.setEnabled(bool(can))
        self.annotate.setEnabled(bool(plan and plan.errors))
        self.valid_only.setEnabled(
            bool(
                plan
                and (plan.counts["error"] or plan.conflicts)
                and not plan.file_errors
                and not done
            )
        )
        self.edit_mapping.setEnabled(bool(plan and not done))
        self.undo_button.setVisible(bool(done and self.result_ and self.result_.batch_id))

    def save_annotated(self) -> None:
        if self.plan is None:
            return
        default = self.plan.path.with_name(self.plan.path.stem + "-错误标注.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save marked-up copy"), str(default), self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            importer.write_annotated(self.plan, Path(name))
            self.ctx.status(self.tr("Marked-up copy saved"))

    def commit(self) -> None:
        if self.plan is None:
            return
        try:
            with self.ctx.db.transaction() as s:
                self.result_ = importer.commit(
                    s,
                    self.ctx.actor,
                    self.plan,
                    valid_only=self.valid_only.isChecked(),
                    accept=self.confirmed(),
                )
        except AppError as err:
            QMessageBox.warning(self, self.windowTitle(), str(err))
            return
        r = self.result_
        self.summary.setText(
            self.tr("Imported: %1 added, %2 updated, %3 rows with errors skipped.")
            .replace("%1", str(r.created))
            .replace("%2", str(r.updated))
            .replace("%3", str(r.skipped_errors))
        )
        self.ctx.status(self.summary.text())
        self._update_buttons()

    def undo(self) -> None:
        if not self.result_ or not self.result_.batch_id:
            return
        try:
            with self.ctx.db.transaction() as s:
                importer.undo(s, self.ctx.actor, self.result_.batch_id)
        except AppError as err:
            QMessageBox.warning(self, self.windowTitle(), str(err))
            return
        self.summary.setText(self.tr("The import was undone."))
        self.result_ = importer.ImportResult(None, 0, 0, 0, 0)
        self._update_buttons()
