"""Dialogs of the opinions ledger: register/edit (with possible duplicates), assign,
answer, close, follow up (a dissatisfied follow-up can reassign at once).

Each dialog calls one service function in one transaction when OK is pressed; a refused
action shows its message in the dialog and keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.models.opinions import CHANNELS, CLOSE_REASONS, SATISFACTIONS
from desktop.models.roster import Community, Deputy, Station
from desktop.services import opinions as svc
from desktop.services.opinions import units as opinion_units
from desktop.services.permissions import Actor
from desktop.ui.widgets.person_picker import PersonPicker


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(value: date | None = None, name: str = "") -> QDateEdit:
    edit = QDateEdit(to_qdate(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if name:
        edit.setObjectName(name)
    return edit


def combo(items: list[tuple[str, str]], name: str, current: str = "") -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for code, label in items:
        box.addItem(label, code)
    if current:
        index = box.findData(current)
        if index >= 0:
            box.setCurrentIndex(index)
    return box


class _ActionDialog(QDialog):
    """A form with an error line and OK/Cancel; ``submit`` runs the service call."""

    def __init__(self, db: Database, actor: Actor, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.result_row: svc.OpinionRow | None = None

    def submit(self, session: Any) -> svc.OpinionRow:
        raise AppError("not a dialog action")  # every subclass overrides this

    def _ok(self) -> None:
        try:
            with self.db.transaction() as s:
                self.result_row = self.submit(s)
        except AppError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.accept()


def _units(db: Database, actor: Actor) -> list[opinion_units.UnitRow]:
    with db.session() as s:
        return opinion_units.list_units(s, actor)


class AssignmentFields:
    """Department, contact, handler, assignment date and due date (computed, editable)."""

    def __init__(self, dialog: _ActionDialog, form: QFormLayout, department: str = "") -> None:
        self.dialog = dialog
        # 承办单位 from the dictionary (services.opinion_units): typing filters the list by
        # any part of the name; choosing one fills its contact person.
        self.units = {u.name: u for u in _units(dialog.db, dialog.actor)}
        self.department = QComboBox()
        self.department.setObjectName("department")
        self.department.setEditable(True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.department.addItem("")
        for name, unit in self.units.items():
            label = f"{name}（{unit.contact_person}）" if unit.contact_person else name
            self.department.addItem(name)
            self.department.setItemData(
                self.department.count() - 1, label, Qt.ItemDataRole.ToolTipRole
            )
        completer = QCompleter(list(self.units), dialog)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.department.setCompleter(completer)
        self.department.setCurrentText(department)
        self.contact = QLineEdit()
        self.contact.setObjectName("contactPerson")
        self.department.currentTextChanged.connect(self._unit_chosen)
        self.handler = QLineEdit(dialog.actor.display_name)
        self.handler.setObjectName("handler")
        self.assigned_on = date_edit(name="assignedOn")
        self.due_on = date_edit(name="dueOn")
        self.due_hint = QLabel()
        self.due_hint.setObjectName("dueHint")
        form.addRow(QCoreApplication.translate("AssignmentFields", "Department *"), self.department)
        form.addRow(QCoreApplication.translate("AssignmentFields", "Contact person"), self.contact)
        form.addRow(QCoreApplication.translate("AssignmentFields", "Staff member"), self.handler)
        form.addRow(QCoreApplication.translate("AssignmentFields", "Assigned on"), self.assigned_on)
        form.addRow(QCoreApplication.translate("AssignmentFields", "Answer due by"), self.due_on)
        form.addRow("", self.due_hint)
        self.assigned_on.dateChanged.connect(self._recompute)
        self._recompute()

    def _recompute(self) -> None:
        start = from_qdate(self.assigned_on.date())
        try:
            with self.dialog.db.session() as s:
                due = svc.compute_due(s, start)
        except AppError as err:
            self.due_hint.setText(str(err))
            return
        self.due_on.setDate(to_qdate(due))
        self.due_hint.setText(
            QCoreApplication.translate(
                "AssignmentFields", "Computed from the deadline setting and the holiday calendar"
            )
        )

    def _unit_chosen(self, name: str) -> None:
        unit = self.units.get(name.strip())
        if unit is not None and unit.contact_person:
            self.contact.setText(unit.contact_person)

    def value(self) -> svc.Assignment:
        return svc.Assignment(
            department=self.department.currentText(),
            assigned_on=from_qdate(self.assigned_on.date()),
            contact_person=self.contact.text(),
            due_on=from_qdate(self.due_on.date()),
            handler=self.handler.text(),
        )


class OpinionDialog(_ActionDialog):
    """登记 a new opinion, or correct one; suggests possible duplicates while typing."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        opinion_id: str | None = None,
    ) -> None:
        super().__init__(db, actor, "", parent)
        self.setWindowTitle(
            self.tr("Register an opinion") if opinion_id is None else self.tr("Edit the opinion")
        )
        self.setMinimumWidth(620)
        self.opinion_id = opinion_id
        self.version: int | None = None
        with db.session() as s:
            communities = [
                (c.id, c.name)
                for c in s.scalars(
                    select(Community)
                    .where(Community.deleted_at.is_(None))
                    .order_by(Community.sort_order, Community.name)
                )
            ]
            stations = [
                (st.id, st.name)
                for st in s.scalars(select(Station).where(Station.deleted_at.is_(None)))
            ]
            deputies = [
                (d.id, d.name)
                for d in s.scalars(
                    select(Deputy)
                    .where(Deputy.deleted_at.is_(None), Deputy.status == "active")
                    .order_by(Deputy.name_sort, Deputy.name)
                )
            ]
            cats = svc.category_labels(s)
            current = svc.input_of(s, actor, opinion_id) if opinion_id else None
            if opinion_id:
                self.version = svc.get(s, actor, opinion_id).row.version
        self.received_on = date_edit(current.received_on if current else None, "receivedOn")
        self.channel = combo(
            [(c, gettext(svc.CHANNEL_LABELS[c])) for c in CHANNELS],
            "channel",
            current.channel if current else "",
        )
        self.community = combo(
            [("", self.tr("(none)")), *communities],
            "community",
            (current.community_id or "") if current else "",
        )
        self.station = combo(
            [("", self.tr("(none)")), *stations],
            "station",
            (current.station_id or "") if current else "",
        )
        self.category = combo(list(cats.items()), "category", current.category if current else "")
        self.anonymous = QCheckBox(self.tr("Anonymous"))
        self.anonymous.setObjectName("anonymous")
        self.name = QLineEdit(current.resident_name if current else "")
        self.name.setObjectName("residentName")
        self.phone = QLineEdit(current.resident_phone if current else "")
        self.phone.setObjectName("residentPhone")
        self.address = QLineEdit(current.resident_address if current else "")
        self.address.setObjectName("residentAddress")
        self.location = QLineEdit(current.location if current else "")
        self.location.setObjectName("location")
        self.content = QPlainTextEdit(current.content if current else "")
        self.content.setObjectName("content")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(90)
        self.public = QCheckBox(self.tr("May be shown on the publication board"))
        self.public.setObjectName("isPublic")
        if current:
            self.anonymous.setChecked(current.anonymous)
            self.public.setChecked(current.is_public)
        chosen = set(current.deputy_ids) if current else set()
        # 接待代表: a searchable list (name, pinyin or initials) instead of a wall of boxes.
        self.deputies = PersonPicker()
        self.deputies.setObjectName("deputies")
        self.deputies.set_people(deputies, chosen)
        self.notes = current.notes if current else ""
        self.form.addRow(self.tr("Received on"), self.received_on)
        self.form.addRow(self.tr("Channel"), self.channel)
        self.form.addRow(self.tr("Community"), self.community)
        self.form.addRow(self.tr("Station"), self.station)
        self.form.addRow(self.tr("Deputies involved"), self.deputies)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow("", self.anonymous)
        self.form.addRow(self.tr("Resident"), self.name)
        self.form.addRow(self.tr("Phone"), self.phone)
        self.form.addRow(self.tr("Address"), self.address)
        self.form.addRow(self.tr("Location of the problem"), self.location)
        self.form.addRow(self.tr("Content *"), self.content)
        self.form.addRow("", self.public)
        self.duplicates = QListWidget()
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setMaximumHeight(90)
        self.dup_box = QGroupBox(self.tr("Possible duplicates (same community, last 30 days)"))
        box_layout = QVBoxLayout(self.dup_box)
        box_layout.addWidget(self.duplicates)
        self.dup_box.hide()
        self.extra.addWidget(self.dup_box)
        self.anonymous.toggled.connect(self._anonymous_changed)
        self._anonymous_changed(self.anonymous.isChecked())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.check_duplicates)
        self.content.textChanged.connect(self._timer.start)
        self.community.currentIndexChanged.connect(self._timer.start)

    def _anonymous_changed(self, on: bool) -> None:
        for w in (self.name, self.phone, self.address):
            w.setEnabled(not on)

    def check_duplicates(self) -> None:
        with self.db.session() as s:
            found = svc.possible_duplicates(
                s,
                self.actor,
                self.content.toPlainText(),
                self.community.currentData() or None,
                from_qdate(self.received_on.date()),
                exclude_id=self.opinion_id,
            )
        self.duplicates.clear()
        similarity = self.tr("similarity")
        for c in found:
            self.duplicates.addItem(
                f"{c.number}  {c.received_on:%Y-%m-%d}  {c.content[:40]}  "
                f"({similarity} {c.score:.0%})"
            )
        self.dup_box.setVisible(bool(found))

    def value(self) -> svc.OpinionInput:
        return svc.OpinionInput(
            received_on=from_qdate(self.received_on.date()),
            content=self.content.toPlainText(),
            channel=self.channel.currentData(),
            category=self.category.currentData(),
            community_id=self.community.currentData() or None,
            station_id=self.station.currentData() or None,
            deputy_ids=tuple(self.deputies.chosen_ids()),
            anonymous=self.anonymous.isChecked(),
            resident_name=self.name.text(),
            resident_phone=self.phone.text(),
            resident_address=self.address.text(),
            location=self.location.text(),
            is_public=self.public.isChecked(),
            notes=self.notes,
        )

    def submit(self, session: Any) -> svc.OpinionRow:
        if self.opinion_id is None:
            return svc.register(session, self.actor, self.value())
        return svc.update_details(
            session, self.actor, self.opinion_id, self.value(), expected_version=self.version
        )


class AssignDialog(_ActionDialog):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        row: svc.OpinionRow,
        parent: QWidget | None = None,
        reopen: bool = False,
    ) -> None:
        super().__init__(db, actor, "", parent)
        title = (
            self.tr("Reopen with a new assignment") if reopen else self.tr("Assign to a department")
        )
        self.setWindowTitle(f"{title} — {row.number}")
        self.row, self.reopen = row, reopen
        self.fields = AssignmentFields(self, self.form, "" if reopen else row.department)

    def submit(self, session: Any) -> svc.OpinionRow:
        fn: Callable[..., svc.OpinionRow] = svc.reopen if self.reopen else svc.assign
        return fn(
            session, self.actor, self.row.id, self.fields.value(), expected_version=self.row.version
        )


class AnswerDialog(_ActionDialog):
    def __init__(
        self, db: Database, actor: Actor, row: svc.OpinionRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, "", parent)
        self.setWindowTitle(self.tr("Record the answer") + f" — {row.number}")
        self.row = row
        self.reply = QPlainTextEdit()
        self.reply.setObjectName("reply")
        self.reply.setTabChangesFocus(True)
        self.answered_on = date_edit(name="answeredOn")
        # 办理结果 as the reply slip's check boxes offer it.
        self.outcome = combo(
            [("", self.tr("(not stated)"))]
            + [(o, gettext(svc.CLOSE_REASON_LABELS[o])) for o in svc.ANSWER_OUTCOMES],
            "outcome",
        )
        self.form.addRow(self.tr("Department"), QLabel(row.department))
        self.form.addRow(self.tr("Answered on"), self.answered_on)
        self.form.addRow(self.tr("Handling outcome"), self.outcome)
        self.form.addRow(self.tr("Reply *"), self.reply)

    def submit(self, session: Any) -> svc.OpinionRow:
        return svc.answer(
            session,
            self.actor,
            self.row.id,
            self.reply.toPlainText(),
            from_qdate(self.answered_on.date()),
            expected_version=self.row.version,
            outcome=str(self.outcome.currentData() or ""),
        )


class CloseDialog(_ActionDialog):
    def __init__(
        self, db: Database, actor: Actor, row: svc.OpinionRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, "", parent)
        self.setWindowTitle(self.tr("Conclude the opinion") + f" — {row.number}")
        self.row = row
        reasons = CLOSE_REASONS if row.status == "answered" else svc.CLOSE_WITHOUT_ANSWER
        with db.session() as s:
            answered = svc.answer_outcome(s, actor, row.id) if row.status == "answered" else ""
        self.reason = combo(
            [(r, gettext(svc.CLOSE_REASON_LABELS[r])) for r in reasons], "closeReason", answered
        )
        self.closed_on = date_edit(name="closedOn")
        self.note = QLineEdit()
        self.note.setObjectName("closeNote")
        self.form.addRow(self.tr("How it was concluded"), self.reason)
        self.form.addRow(self.tr("Concluded on"), self.closed_on)
        self.form.addRow(self.tr("Note"), self.note)

    def submit(self, session: Any) -> svc.OpinionRow:
        return svc.close(
            session,
            self.actor,
            self.row.id,
            self.reason.currentData(),
            from_qdate(self.closed_on.date()),
            self.note.text(),
            expected_version=self.row.version,
        )


class FollowUpDialog(_ActionDialog):
    def __init__(
        self, db: Database, actor: Actor, row: svc.OpinionRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, "", parent)
        self.setWindowTitle(self.tr("Follow up with the resident") + f" — {row.number}")
        self.row = row
        self.satisfaction = combo(
            [(x, gettext(svc.SATISFACTION_LABELS[x])) for x in SATISFACTIONS], "satisfaction"
        )
        self.followed_on = date_edit(name="followedUpOn")
        self.note = QLineEdit()
        self.note.setObjectName("followUpNote")
        self.form.addRow(self.tr("Satisfaction"), self.satisfaction)
        self.form.addRow(self.tr("Followed up on"), self.followed_on)
        self.form.addRow(self.tr("Call result"), self.note)
        self.reassign = QGroupBox(self.tr("Reassign now (dissatisfied)"))
        self.reassign.setObjectName("reassign")
        self.reassign.setCheckable(True)
        self.reassign.setChecked(True)
        reassign_form = QFormLayout(self.reassign)
        self.fields = AssignmentFields(self, reassign_form)
        self.extra.addWidget(self.reassign)
        self.satisfaction.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.reassign.setVisible(self.satisfaction.currentData() == "dissatisfied")
        self.adjustSize()

    def submit(self, session: Any) -> svc.OpinionRow:
        sat = self.satisfaction.currentData()
        again = self.fields.value() if sat == "dissatisfied" and self.reassign.isChecked() else None
        return svc.follow_up(
            session,
            self.actor,
            self.row.id,
            sat,
            from_qdate(self.followed_on.date()),
            self.note.text(),
            reassign=again,
            expected_version=self.row.version,
        )
