"""审计日志: the audit log, readable — who (by name), when, what (in words), which record
(by its name, not its id) and what changed (field: old → new), filtered by person, kind of
record and date. Pages by id as the list scrolls."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import audit_log
from desktop.services.audit_log import AuditFilter, AuditLine
from desktop.services.permissions import Permission
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page
from desktop.ui.widgets.fit import fit_columns
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort


class AuditLogPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filters = AuditFilter()
        self.person = QComboBox()
        self.person.setObjectName("audit_person")
        self.kind = QComboBox()
        self.kind.setObjectName("audit_kind")
        self.use_dates = QCheckBox(self.tr("Dates"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.apply_button = QPushButton(self.tr("Show"))
        self.apply_button.setObjectName("audit_apply")
        self.apply_button.clicked.connect(self.apply)
        self.person.currentIndexChanged.connect(lambda _i: self.apply())
        self.kind.currentIndexChanged.connect(lambda _i: self.apply())
        self.empty = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Person")))
        bar.addWidget(self.person)
        bar.addWidget(QLabel(self.tr("Record")))
        bar.addWidget(self.kind)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.date_to)
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        bar.addWidget(self.empty)

        self.model = PagedTableModel(
            [
                Column("at", self.tr("Time"), format=_local, sortable=False),
                Column("who", self.tr("Person"), sortable=False),
                Column("action_label", self.tr("Action"), sortable=False),
                Column("subject", self.tr("Record"), sortable=False),
                Column("changes_text", self.tr("What changed"), sortable=False),
                Column("reason", self.tr("Reason"), sortable=False),
            ],
            self._fetch,
        )
        self.view = QTableView()
        self.view.setObjectName("audit_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._filled = False

    def _fetch(self, offset: int, limit: int, _sort: Sort) -> list[AuditLine]:
        before = self.model.rows[-1].id if offset and self.model.rows else None
        with self.ctx.db.session() as s:
            return audit_log.search(s, self.ctx.actor, self.filters, before_id=before, limit=limit)

    def _fill_choices(self) -> None:
        with self.ctx.db.session() as s:
            people = audit_log.people(s, self.ctx.actor)
            kinds = audit_log.actions(s, self.ctx.actor)
        for box, items, everyone in (
            (self.person, people, self.tr("Everyone")),
            (self.kind, kinds, self.tr("All records")),
        ):
            box.blockSignals(True)
            box.clear()
            box.addItem(everyone, None)
            for code, label in items:
                box.addItem(label, code)
            box.blockSignals(False)
        self._filled = True

    def activate(self) -> None:
        if not self.ctx.can(Permission.MANAGE_SETTINGS):
            return
        if not self._filled:
            self._fill_choices()
        self.apply()

    def apply(self) -> None:
        self.filters = AuditFilter(
            username=self.person.currentData(),
            action=self.kind.currentData(),
            date_from=_day(self.date_from.date()) if self.use_dates.isChecked() else None,
            date_to=_day(self.date_to.date()) if self.use_dates.isChecked() else None,
        )
        self.model.reload()
        fit_columns(self.view, {3: 220, 4: 520, 5: 200})
        self.empty.setText(self.tr("Nothing found") if not self.model.rows else "")


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _local(value: object) -> str:
    from datetime import datetime

    return value.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""
