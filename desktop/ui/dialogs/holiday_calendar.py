"""The holiday calendar for answer deadlines (admin): statutory holidays and worked weekends
(调休) per year, seeded from the chinese-calendar package, editable day by day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import AppError
from desktop.services import workdays
from desktop.services.permissions import Actor, Permission
from desktop.ui.actions import run_action
from desktop.ui.dialogs.opinion_dialogs import date_edit, from_qdate
from desktop.ui.guard import allow
from desktop.ui.screen_fit import fit_to_screen

WEEKDAYS = "一二三四五六日"


class HolidayCalendarDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(self.tr("Holiday calendar"))
        fit_to_screen(self, 560, 520)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2004, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(self.refresh)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("holidayDays")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Kind"), self.tr("Name"), self.tr("Source")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.day = date_edit(name="day")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("Day off"), "holiday")
        self.kind.addItem(self.tr("Worked weekend (调休)"), "workday")
        self.name = QLineEdit()
        self.name.setObjectName("dayName")
        self.name.setPlaceholderText(self.tr("e.g. 春节"))
        save = QPushButton(self.tr("Save day"))
        save.setObjectName("saveDay")
        save.clicked.connect(self.save_day)
        clear = QPushButton(self.tr("Make the selected day ordinary"))
        clear.setObjectName("clearDay")
        clear.clicked.connect(self.clear_day)
        for button in (save, clear):  # only the administrator edits the calendar
            allow(button, actor, Permission.MANAGE_SETTINGS)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        edit = QHBoxLayout()
        edit.addWidget(self.day)
        edit.addWidget(self.kind)
        edit.addWidget(self.name, 1)
        edit.addWidget(save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Only days that differ from Monday–Friday are listed. A year is copied from "
                    "the chinese-calendar package the first time it is changed."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addWidget(clear)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.days: list[workdays.HolidayDay] = []
        self.refresh()

    def refresh(self) -> None:
        with self.db.session() as s:
            self.days = workdays.list_days(s, self.year.value())
        self.table.setRowCount(len(self.days))
        kinds = {"holiday": self.tr("Day off"), "workday": self.tr("Worked weekend (调休)")}
        sources = {"package": self.tr("chinese-calendar"), "manual": self.tr("edited")}
        for i, d in enumerate(self.days):
            values = [
                f"{d.day:%Y-%m-%d} 周{WEEKDAYS[d.day.weekday()]}",
                kinds.get(d.kind, d.kind),
                d.name,
                sources.get(d.source, d.source),
            ]
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))

    def _apply(self, fn: Callable[[Any], object]) -> None:
        run_action(self, self.db, fn, success=self._saved, failure=self._refused)

    def _saved(self, _result: object) -> None:
        self.error.clear()
        self.refresh()

    def _refused(self, err: AppError) -> None:
        self.error.setText(str(err))

    def save_day(self) -> None:
        day = from_qdate(self.day.date())
        self.year.setValue(day.year)
        self._apply(
            lambda s: workdays.set_day(
                s, self.actor, day, self.kind.currentData(), self.name.text()
            )
        )

    def clear_day(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        day = self.days[row].day
        self._apply(lambda s: workdays.clear_day(s, self.actor, day))
