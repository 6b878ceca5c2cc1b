"""First run: which street this installation serves, and the first administrator."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.db import Database
from desktop.errors import AppError
from desktop.services import accounts, street
from desktop.services.permissions import SYSTEM_ACTOR


class StreetPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your street"))
        self.setSubTitle(self.tr("Which street or township does this computer's committee serve?"))
        self.name = QLineEdit()
        self.name.setObjectName("street_name")
        self.name.setPlaceholderText(self.tr("e.g. 解放碑街道"))
        self.kind = QComboBox()
        self.kind.setObjectName("street_kind")
        self.kind.addItem(self.tr("Street (街道)"), "street")
        self.kind.addItem(self.tr("Township (乡镇)"), "township")
        self.code = QLineEdit()
        self.code.setObjectName("street_code")
        self.code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9０-９ ]{0,14}"))
        )
        self.code.setPlaceholderText(self.tr("12-digit division code, e.g. 500103001000"))
        self.district = QLineEdit()
        self.district.setObjectName("district")
        self.city = QLineEdit()
        self.city.setObjectName("city")
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Division code"), self.code)
        form.addRow(self.tr("District / county"), self.district)
        form.addRow(self.tr("City"), self.city)
        for field in (self.name, self.code):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        digits = street.normalise_code(self.code.text())
        return bool(self.name.text().strip()) and len(digits) == 12 and digits.isdigit()


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Administrator account"))
        self.setSubTitle(
            self.tr("The administrator manages accounts and settings. Keep the password safe.")
        )
        self.username = QLineEdit("admin")
        self.username.setObjectName("admin_username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("admin_display_name")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("admin_password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Your name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.password2)
        form.addRow(self.hint)
        for field in (self.username, self.display_name, self.password, self.password2):
            field.textChanged.connect(self._changed)

    def _changed(self) -> None:
        mismatch = bool(self.password2.text()) and self.password.text() != self.password2.text()
        self.hint.setText(self.tr("The passwords differ.") if mismatch else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            bool(self.username.text().strip())
            and bool(self.display_name.text().strip())
            and len(self.password.text()) >= accounts.MIN_PASSWORD_LENGTH
            and self.password.text() == self.password2.text()
        )


class FirstRunWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Set up Yishi"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.street_page = StreetPage()
        self.admin_page = AdminPage()
        self.addPage(self.street_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))

    def accept(self) -> None:
        sp, ap = self.street_page, self.admin_page
        try:
            with self.db.transaction() as s:
                if street.current(s) is None:
                    street.setup(
                        s,
                        SYSTEM_ACTOR,
                        code=sp.code.text(),
                        name=sp.name.text(),
                        kind=str(sp.kind.currentData()),
                        district=sp.district.text(),
                        city=sp.city.text(),
                    )
                accounts.create_first_admin(
                    s, ap.username.text().strip(), ap.display_name.text(), ap.password.text()
                )
        except AppError as err:
            QMessageBox.warning(self, self.tr("Cannot finish set-up"), str(err))
            return
        self.db.refresh_street_code()
        super().accept()
