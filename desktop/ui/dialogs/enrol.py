"""注册本机: server address + the one-time code from the district."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import enrol
from desktop.ui.actions import error_text, run_task
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.tasks import Progress


class EnrolDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Enrol with the city server"))
        self.url = QLineEdit(ctx.settings.sync_server_url)
        self.url.setObjectName("enrolUrl")
        self.url.setPlaceholderText("https://sync.example.gov.cn")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.message = QLabel(
            self.tr("Ask the district for a one-time enrolment code for this street.")
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._enrol)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 480, 200)

    def _enrol(self) -> None:
        url, code = self.url.text(), self.code.text()
        db, actor = self.ctx.db, self.ctx.actor
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Contacting the server…"))

        def work(_progress: Progress) -> enrol.Enrolment:
            return enrol.enrol(db, actor, url, code)

        run_task(self, work, success=self._done, failure=self._failed)

    def _done(self, _result: object) -> None:
        self.ctx.reload_settings()
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, err: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(err))  # shown in the dialog, no pop-up
