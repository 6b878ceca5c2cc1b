"""承办单位 dictionary: the departments opinions are assigned to, with contact person and
phone; add, change, retire (a retired unit stays on record but is no longer offered)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import AppError
from desktop.services.opinions import units as opinion_units
from desktop.services.opinions.units import UnitRow
from desktop.services.permissions import Actor, Permission
from desktop.ui.dialogs import run_modal
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.widgets.fit import fit_columns, reserve_line


class UnitForm(QDialog):
    def __init__(
        self, db: Database, actor: Actor, unit: UnitRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.unit = db, actor, unit
        self.setWindowTitle(self.tr("Handling unit"))
        self.name = QLineEdit(unit.name if unit else "")
        self.name.setObjectName("unitName")
        self.contact = QLineEdit(unit.contact_person if unit else "")
        self.contact.setObjectName("unitContact")
        self.phone = QLineEdit(unit.phone if unit else "")
        self.phone.setObjectName("unitPhone")
        self.active = QCheckBox(self.tr("In use (offered when assigning)"))
        self.active.setChecked(unit.active if unit else True)
        self.error = QLabel()
        self.error.setObjectName("unitError")
        self.error.setStyleSheet("color: #c62828;")
        reserve_line(self.error)
        form = QFormLayout()
        form.addRow(self.tr("Unit name *"), self.name)
        form.addRow(self.tr("Contact person"), self.contact)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.saved: UnitRow | None = None

    def save(self) -> None:
        try:
            with self.db.transaction() as s:
                self.saved = opinion_units.save_unit(
                    s,
                    self.actor,
                    self.unit.id if self.unit else None,
                    name=self.name.text(),
                    contact_person=self.contact.text(),
                    phone=self.phone.text(),
                    active=self.active.isChecked(),
                )
        except AppError as err:
            self.error.setText(str(err))
            self.error.setToolTip(str(err))
            return
        self.accept()


class UnitsDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(self.tr("Handling units"))
        fit_to_screen(self, 760, 520)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("unitsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Unit name"), self.tr("Contact person"), self.tr("Phone"), self.tr("Status")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        add = QPushButton(self.tr("Add…"))
        add.setObjectName("unitAdd")
        add.clicked.connect(self.add)
        change = QPushButton(self.tr("Change…"))
        change.clicked.connect(self.edit)
        can_edit = actor.can(Permission.EDIT_DATA)
        add.setEnabled(can_edit)
        change.setEnabled(can_edit)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (add, change):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.rows: list[UnitRow] = []
        self.reload()

    def reload(self) -> None:
        with self.db.session() as s:
            self.rows = opinion_units.list_units(s, self.actor, include_retired=True)
        self.table.setRowCount(len(self.rows))
        for r, unit in enumerate(self.rows):
            status = self.tr("Unit in use") if unit.active else self.tr("Unit retired")
            for c, text in enumerate((unit.name, unit.contact_person, unit.phone, status)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        fit_columns(self.table, {0: 300})

    def add(self) -> None:
        if run_modal(UnitForm(self.db, self.actor, None, self)):
            self.reload()

    def edit(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.actor.can(Permission.EDIT_DATA):
            return
        if run_modal(UnitForm(self.db, self.actor, self.rows[rows[0].row()], self)):
            self.reload()
