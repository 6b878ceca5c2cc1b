"""Sign-in dialog."""

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

from desktop.db import Database
from desktop.errors import AppError
from desktop.services import accounts
from desktop.services.permissions import Actor


class SignInDialog(QDialog):
    def __init__(self, db: Database, street_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in to Yishi"))
        self.setMinimumWidth(360)
        app_name = self.tr("Yishi")  # outside the f-string, or lupdate never sees it
        heading = QLabel(f"<h2>{app_name}</h2><p>{street_name}</p>")
        heading.setObjectName("signInHeading")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # Keyboard first: Enter in the name field moves on, Enter in the password signs in.
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_sign_in)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAutoDefault(False)
        self.username.setFocus()

    def try_sign_in(self) -> None:
        try:
            self.actor = accounts.sign_in(
                self.db, self.username.text().strip(), self.password.text()
            )
        except AppError as err:
            self.message.setText(str(err))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
