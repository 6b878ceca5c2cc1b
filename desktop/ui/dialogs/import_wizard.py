"""The import wizard, generic over ledgers: choose a file → preview (new / update /
unchanged / error per row, every problem listed) → import in one transaction → undo.

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
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, as_app_error
from desktop.excel import adapter as ledgers
from desktop.excel import importer, writer
from desktop.i18n import gettext
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
STATUS_COLOURS = {"error": "#fde8e8", "new": "#e8f5e9", "update": "#fff8e1"}


class PreviewModel(QAbstractTableModel):
    """One line per data row that is not unchanged, then one per file-level problem."""

    def __init__(self, plan: importer.ImportPlan) -> None:
        super().__init__()
        self.lines: list[tuple[str, str, str, str]] = []
        for err in plan.file_errors:
            self.lines.append((str(err.row or ""), "error", err.column, err.message))
        labels = {"new": "new", "update": "update", "error": "error"}
        for row in plan.rows:
            if row.status == "unchanged":
                continue
            if row.errors:
                for err in row.errors:
                    self.lines.append((str(row.row), "error", err.column, err.message))
            else:
                detail = "、".join(row.changed) if row.status == "update" else ""
                self.lines.append((str(row.row), labels[row.status], "", detail))
        self.headers = ["", "", "", ""]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = line[index.column()]
            return STATUS_TEXT.get(value, value) if index.column() == 1 else value
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(line[1], "#ffffff")))
        return None

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
        self.tasks = ctx.tasks
        STATUS_TEXT.update(
            {"new": self.tr("New"), "update": self.tr("Update"), "error": self.tr("Error")}
        )
        self.setWindowTitle(
            self.tr("Import %1 from Excel").replace("%1", gettext(self.ledger.title))
        )
        fit_to_screen(self, 880, 560)

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
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setStretchLastSection(True)

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
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update_buttons()
        if path is not None:
            self.load(path)

    # ---- steps
    def pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an Excel file"), "", self.tr("Excel workbook (*.xlsx)")
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

    def load(self, path: Path) -> None:
        """Read and validate ``path`` in the background, then show the preview."""
        self.plan = None
        self.result_ = None
        self.file_label.setText(str(path))
        self.summary.setText(self.tr("Reading and checking every row…"))
        self.progress.setVisible(True)
        self._update_buttons()
        db, actor, kind = self.ctx.db, self.ctx.actor, self.kind

        def work(progress: Any) -> importer.ImportPlan:
            with db.session() as s:
                return importer.prepare(s, actor, kind, path, progress=progress)

        self.tasks.run(work, on_done=self._show_plan, on_error=self._failed, owner=self)

    def _failed(self, err: BaseException) -> None:
        self.progress.setVisible(False)
        friendly = as_app_error(err)
        text = (
            str(friendly)
            if friendly is not None
            else self.tr("Unexpected error: %1").replace("%1", str(err))
        )
        self.summary.setText(f"<span style='color:#c62828'>{text}</span>")
        self._update_buttons()

    def _show_plan(self, plan: importer.ImportPlan) -> None:
        self.progress.setVisible(False)
        self.plan = plan
        c = plan.counts
        text = (
            self.tr("%1 new, %2 to update, %3 unchanged, %4 with errors.")
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["update"]))
            .replace("%3", str(c["unchanged"]))
            .replace("%4", str(c["error"]))
        )
        if plan.file_errors:
            text += " " + self.tr("The file cannot be imported as it is.")
        elif c["error"]:
            text += " " + self.tr(
                "Fix the errors and choose the file again, or import the valid rows only."
            )
        elif not plan.has_changes:
            text += " " + self.tr("Nothing to change.")
        self.summary.setText(text)
        model = PreviewModel(plan)
        model.headers = [self.tr("Row"), self.tr("Result"), self.tr("Column"), self.tr("Details")]
        self.table.setModel(model)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        done = self.result_ is not None
        can = (
            plan is not None
            and not done
            and not plan.file_errors
            and plan.has_changes
            and (plan.ok or self.valid_only.isChecked())
        )
        self.commit_button.setEnabled(bool(can))
        self.annotate.setEnabled(bool(plan and plan.errors))
        self.valid_only.setEnabled(
            bool(plan and plan.counts["error"] and not plan.file_errors and not done)
        )
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
                    s, self.ctx.actor, self.plan, valid_only=self.valid_only.isChecked()
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
