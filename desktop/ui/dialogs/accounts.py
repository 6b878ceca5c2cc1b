"""Account dialogs: change my password, create or edit a user, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import AppError, ValidationError
from desktop.i18n import N_, gettext
from desktop.services import accounts
from desktop.services.accounts import UserInfo
from desktop.services.choices import ROLES
from desktop.services.permissions import ROLE_LABELS, Actor


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        try:
            self.apply()
        except AppError as err:
            self.error.setText(str(err))
            return
        self.accept()

    def apply(self) -> None:
        raise AssertionError("subclasses implement apply()")


class ChangePasswordDialog(_FormDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change my password"), parent)
        self.db, self.actor = db, actor
        self.old = _password_field("old_password")
        self.new = _password_field("new_password")
        self.new2 = _password_field("new_password2")
        self.form.addRow(self.tr("Current password"), self.old)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("New password again"), self.new2)

    def apply(self) -> None:
        if self.new.text() != self.new2.text():
            raise ValidationError(N_("The two new passwords differ."), field="password")
        with self.db.transaction() as s:
            accounts.change_password(s, self.actor, self.old.text(), self.new.text())


class UserDialog(_FormDialog):
    """Create a user (``user`` is None) or edit one."""

    def __init__(
        self, db: Database, actor: Actor, user: UserInfo | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("New account") if user is None else self.tr("Edit account"), parent
        )
        self.db, self.actor, self.user = db, actor, user
        self.username = QLineEdit(user.username if user else "")
        self.username.setObjectName("username")
        self.username.setEnabled(user is None)
        self.display_name = QLineEdit(user.display_name if user else "")
        self.display_name.setObjectName("display_name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in ROLES:
            self.role.addItem(gettext(ROLE_LABELS[role]), role)
        if user is not None:
            self.role.setCurrentIndex(ROLES.index(user.role))
        else:
            self.role.setCurrentIndex(ROLES.index("clerk"))
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.password = _password_field("password")
        self.active = QCheckBox(self.tr("Account enabled"))
        self.active.setObjectName("active")
        if user is None:
            self.form.addRow(self.tr("Initial password"), self.password)
        else:
            self.active.setChecked(user.active)
            self.form.addRow("", self.active)

    def apply(self) -> None:
        role = str(self.role.currentData())
        with self.db.transaction() as s:
            if self.user is None:
                accounts.create_user(
                    s,
                    self.actor,
                    self.username.text().strip(),
                    self.display_name.text(),
                    role,
                    self.password.text(),
                )
            else:
                accounts.update_user(
                    s,
                    self.actor,
                    self.user.id,
                    display_name=self.display_name.text(),
                    role=role,
                    active=self.active.isChecked(),
                )


class ResetPasswordDialog(_FormDialog):
    def __init__(
        self, db: Database, actor: Actor, user: UserInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Reset password of %1").replace("%1", user.display_name), parent)
        self.db, self.actor, self.user = db, actor, user
        self.password = _password_field("password")
        self.form.addRow(self.tr("New password"), self.password)

    def apply(self) -> None:
        with self.db.transaction() as s:
            accounts.reset_password(s, self.actor, self.user.id, self.password.text())
