"""Dialogs of the duty-activity ledger: record/edit an activity (keyboard first: the
participants are typed as names or pinyin initials) and register an opinion raised at it.

Each dialog calls one service function in one transaction when OK is pressed; a refused
action shows its Chinese message in the dialog and keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services.activities import records, rota
from desktop.services.activities import rules as rules_service
from desktop.ui.actions import run_action
from desktop.ui.context import AppContext
from desktop.ui.dialogs.opinion_dialogs import date_edit, from_qdate


class _Form(QDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_id = ""

    def submit(self, session: Any) -> str:
        raise AppError("not a dialog action")  # every subclass overrides this

    def _ok(self) -> None:
        try:
            with self.ctx.db.transaction() as s:
                self.result_id = self.submit(s)
        except AppError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.accept()


class ActivityDialog(_Form):
    """New activity (``activity_id`` None) or edit. Tab moves through the fields in order;
    Enter in the participants line saves."""

    def __init__(
        self,
        ctx: AppContext,
        activity_id: str | None,
        parent: QWidget | None = None,
        *,
        station_id: str | None = None,
    ) -> None:
        super().__init__(
            ctx, self.tr("Edit activity") if activity_id else self.tr("New activity"), parent
        )
        self.activity_id = activity_id
        self.version: int | None = None
        with ctx.db.session() as s:
            types = rules_service.load(s).types
            stations = records.station_choices(s)
            if activity_id:
                data, self.version = records.input_of(s, activity_id)
                people = records.people_text(records.get(s, activity_id))
            else:
                data = records.ActivityInput(
                    kind=types[0], held_on=date.today(), station_id=station_id
                )
                people = ""
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItems(list(types))
        if data.kind in types:
            self.kind.setCurrentText(data.kind)
        self.held_on = date_edit(data.held_on, "heldOn")
        self.start = QLineEdit(data.start_time)
        self.start.setPlaceholderText("09:00")
        self.start.setObjectName("startTime")
        self.end = QLineEdit(data.end_time)
        self.end.setPlaceholderText("11:30")
        self.end.setObjectName("endTime")
        span = QHBoxLayout()
        span.addWidget(self.start)
        span.addWidget(QLabel("—"))
        span.addWidget(self.end)
        self.station = QComboBox()
        self.station.setObjectName("station")
        self.station.addItem(self.tr("(another place)"), None)
        for sid, name in stations:
            self.station.addItem(name, sid)
        index = self.station.findData(data.station_id)
        self.station.setCurrentIndex(max(index, 0))
        self.place = QLineEdit(data.place)
        self.place.setObjectName("place")
        self.organiser = QLineEdit(data.organiser)
        self.organiser.setObjectName("organiser")
        self.residents = QSpinBox()
        self.residents.setObjectName("residents")
        self.residents.setRange(0, records.MAX_RESIDENTS)
        self.residents.setValue(data.residents)
        self.people = QLineEdit(people)
        self.people.setObjectName("participants")
        self.people.setPlaceholderText(self.tr("e.g. 周敏（主持）、王建华 lxy:接待"))
        self.people.returnPressed.connect(self._ok)
        self.summary = QPlainTextEdit(data.summary)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(80)
        self.attachments = QLineEdit("；".join(data.attachments))
        self.attachments.setObjectName("attachments")
        pick = QPushButton(self.tr("Choose files…"))
        pick.clicked.connect(self._pick_files)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        files.addWidget(pick)
        self.reception_rule_id = data.reception_rule_id
        self.form.addRow(self.tr("Type"), self.kind)
        self.form.addRow(self.tr("Date"), self.held_on)
        self.form.addRow(self.tr("Time"), span)
        self.form.addRow(self.tr("Station"), self.station)
        self.form.addRow(self.tr("Place"), self.place)
        self.form.addRow(self.tr("Organiser"), self.organiser)
        self.form.addRow(self.tr("Residents"), self.residents)
        self.form.addRow(self.tr("Participants"), self.people)
        self.form.addRow(self.tr("Summary"), self.summary)
        self.form.addRow(self.tr("Attachments"), files)

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attachments"))
        if names:
            current = [a for a in self.attachments.text().split("；") if a.strip()]
            self.attachments.setText("；".join(current + names))

    def submit(self, session: Any) -> str:
        data = records.ActivityInput(
            kind=self.kind.currentText(),
            held_on=from_qdate(self.held_on.date()),
            start_time=self.start.text(),
            end_time=self.end.text(),
            station_id=self.station.currentData(),
            place=self.place.text(),
            organiser=self.organiser.text(),
            residents=self.residents.value(),
            summary=self.summary.toPlainText(),
            attachments=tuple(a for a in self.attachments.text().replace(";", "；").split("；")),
            participants=records.parse_people(session, self.people.text()),
            reception_rule_id=self.reception_rule_id,
        )
        if self.activity_id:
            return records.update(
                session,
                self.ctx.actor,
                self.activity_id,
                data,
                expected_version=self.version,
            ).id
        return records.record(session, self.ctx.actor, data).id


class ActivityOpinionDialog(_Form):
    """登记 an opinion raised at the activity (date, station and deputies come from it)."""

    def __init__(self, ctx: AppContext, activity_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Register an opinion raised at this activity"), parent)
        self.activity_id = activity_id
        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        self.content.setTabChangesFocus(True)
        self.name = QLineEdit()
        self.name.setObjectName("residentName")
        self.phone = QLineEdit()
        self.phone.setObjectName("residentPhone")
        self.form.addRow(self.tr("Opinion"), self.content)
        self.form.addRow(self.tr("Raised by"), self.name)
        self.form.addRow(self.tr("Phone"), self.phone)

    def submit(self, session: Any) -> str:
        return records.register_opinion(
            session,
            self.ctx.actor,
            self.activity_id,
            content=self.content.toPlainText().strip(),
            resident_name=self.name.text().strip(),
            resident_phone=self.phone.text().strip(),
            anonymous=not self.name.text().strip(),
        ).id


class ReceptionRulesDialog(QDialog):
    """A station's reception days: type a rule (每月10日上午, 每周三) and the deputies on duty
    (names or pinyin initials), Add; select one and Remove."""

    def __init__(self, ctx: AppContext, station_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.station_id = station_id
        self.setWindowTitle(self.tr("Reception days"))
        self.setMinimumWidth(520)
        self.rules = QListWidget()
        self.rules.setObjectName("rules")
        self.rule_text = QLineEdit()
        self.rule_text.setObjectName("ruleText")
        self.rule_text.setPlaceholderText(self.tr("e.g. 每月10日上午 or 每周三"))
        self.on_duty = QLineEdit()
        self.on_duty.setObjectName("onDuty")
        self.on_duty.setPlaceholderText(self.tr("Deputies on duty, e.g. 周敏、wjh"))
        self.on_duty.returnPressed.connect(self.add)
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self.add)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Reception day"), self.rule_text)
        form.addRow(self.tr("On duty"), self.on_duty)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.rules.clear()
        with self.ctx.db.session() as s:
            for rule in rota.list_rules(s, self.station_id):
                item = QListWidgetItem(rule.text)
                item.setData(Qt.ItemDataRole.UserRole, rule.id)
                self.rules.addItem(item)

    def _apply(self, action: Callable[[Any], object]) -> bool:
        def saved(_result: object) -> None:
            self.error.setText("")
            self.refresh()

        def refused(err: AppError) -> None:
            self.error.setText(str(err))

        return (
            run_action(
                self, self.ctx.db, lambda s: action(s) or True, success=saved, failure=refused
            )
            is not None
        )

    def add(self) -> None:
        def action(s: Any) -> None:
            kind, day, half = rota.parse_rule_text(self.rule_text.text())
            people = records.parse_people(s, self.on_duty.text())
            rota.save_rule(
                s,
                self.ctx.actor,
                rota.RuleInput(
                    self.station_id,
                    kind,
                    day,
                    half,
                    tuple(p.person_id for p in people if p.kind == "deputy"),
                ),
            )

        if self._apply(action):
            self.rule_text.clear()
            self.on_duty.clear()

    def remove(self) -> None:
        item = self.rules.currentItem()
        if item is None:
            return
        rule_id = item.data(Qt.ItemDataRole.UserRole)
        self._apply(lambda s: rota.remove_rule(s, self.ctx.actor, rule_id))


class ActivityRulesDialog(_Form):
    """The activity settings: the list of types (one a line), the minimum activities per
    month and per quarter, each deputy's yearly minimum, and how far ahead a date may be."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Activity rules"), parent)
        with ctx.db.session() as s:
            current = rules_service.load(s)
        self.types = QPlainTextEdit("\n".join(current.types))
        self.types.setObjectName("types")
        self.types.setTabChangesFocus(True)
        self.types.setFixedHeight(160)
        self.monthly = self._spin(current.monthly_minimum, 1, 31, "monthlyMinimum")
        self.quarterly = self._spin(current.quarterly_minimum, 1, 90, "quarterlyMinimum")
        self.deputy = self._spin(current.deputy_minimum_per_year, 0, 365, "deputyMinimum")
        self.horizon = self._spin(current.future_horizon_days, 0, 366, "horizonDays")
        self.form.addRow(self.tr("Activity types (one a line)"), self.types)
        self.form.addRow(self.tr("Monthly stations: at least, per month"), self.monthly)
        self.form.addRow(self.tr("Quarterly stations: at least, per quarter"), self.quarterly)
        self.form.addRow(self.tr("Each deputy: at least, per year"), self.deputy)
        self.form.addRow(self.tr("Dates allowed ahead of today (days)"), self.horizon)

    @staticmethod
    def _spin(value: int, low: int, high: int, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setValue(value)
        box.setObjectName(name)
        return box

    def submit(self, session: Any) -> str:
        rules_service.update(
            session,
            self.ctx.actor,
            rules_service.ActivityRules(
                types=tuple(self.types.toPlainText().splitlines()),
                monthly_minimum=self.monthly.value(),
                quarterly_minimum=self.quarterly.value(),
                deputy_minimum_per_year=self.deputy.value(),
                future_horizon_days=self.horizon.value(),
            ),
        )
        return rules_service.KEY
