"""生成迎检资料包: choose the year and the folder, then write the pack on a worker with a
progress dialog that can cancel (desktop/inspection_pack.py does the work; a cancel leaves no
half-written folder)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.tasks import Cancelled, Progress


class PackDialog(QDialog):
    """The year and the folder the pack goes into."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inspection pack"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Writes the year's ledgers (Excel), meeting papers, poll reports, monthly "
                "opinion reports and station reports (PDF), an index with record counts and a "
                "checksum file into one new folder."
            )
        )
        intro.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(self.tr(" (year)"))
        self.folder = QLineEdit(str(folder))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Year"), self.year)
        form.addRow(self.tr("Save in"), row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Write the pack"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the inspection pack"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)


def start_pack(parent: QWidget, ctx: AppContext) -> PackRunner | None:
    """Ask for the year and folder, then write the pack in the background."""
    dialog = PackDialog(ctx.paths.exports, parent)
    if not run_modal(dialog):
        return None
    year = dialog.year.value()
    out_dir = Path(dialog.folder.text().strip() or str(ctx.paths.exports))
    runner = PackRunner(parent, ctx)
    runner.start(year, out_dir)
    return runner


class PackRunner(QObject):
    """Writes the pack on the task manager's worker; a progress dialog shows each file and
    can cancel. Owned by the page that started it."""

    def __init__(self, parent: QWidget, ctx: AppContext) -> None:
        super().__init__(parent)
        self.page = parent
        self.ctx = ctx
        self.running: Progress | None = None
        self.result: object = None
        self.dialog = QProgressDialog(
            self.tr("Writing the inspection pack…"), self.tr("Cancel"), 0, 1, parent
        )
        self.dialog.setWindowTitle(self.tr("Inspection pack"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(520)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)

    def start(self, year: int, out_dir: Path) -> Progress:
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Progress) -> object:
            from desktop import inspection_pack as pack

            return pack.write_pack(db, actor, year, out_dir, progress=progress)

        self.running = self.ctx.tasks.run(
            work, on_done=self._done, on_error=self._failed, on_progress=self._step, owner=self
        )
        self.dialog.canceled.connect(self.running.cancel)
        self.dialog.show()
        return self.running

    def _step(self, done: int, total: int, name: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if name:
            self.dialog.setLabelText(
                self.tr("Writing the inspection pack…") + "\n" + name.split("/")[-1]
            )

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, Cancelled):
            self.ctx.status(self.tr("The inspection pack was cancelled; nothing was written."))
            return
        from desktop.errors import as_app_error

        friendly = as_app_error(exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Inspection pack"),
            str(friendly or exc),
            QMessageBox.StandardButton.Ok,
            self.page,
        )
        run_modal(box)

    def _done(self, result: object) -> None:
        self._close()
        self.result = result
        folder = Path(getattr(result, "folder", ""))
        files = int(getattr(result, "files", 0))
        unsynced = int(getattr(result, "unsynced", 0))
        text = (
            self.tr("The inspection pack is ready: %1 files in\n%2")
            .replace("%1", str(files))
            .replace("%2", str(folder))
        )
        if not getattr(result, "enrolled", True):
            text += "\n\n" + self.tr(
                "This computer is not enrolled for sync: the district does not see this data yet."
            )
        elif unsynced:
            text += "\n\n" + self.tr(
                "%1 change(s) on this computer have not yet reached the city server; sync so "
                "that the district sees the same data as the pack."
            ).replace("%1", str(unsynced))
        self.ctx.status(self.tr("Inspection pack written: %1").replace("%1", str(folder)))
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Inspection pack"),
            text,
            QMessageBox.StandardButton.NoButton,
            self.page,
        )
        open_button = box.addButton(self.tr("Open the folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        run_modal(box)
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
