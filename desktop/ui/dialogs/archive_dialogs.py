"""Dialogs of the duty archives: the points rules of a year (with the changes they make before
saving), a report-back (述职) with its rating poll, and the 谈心谈话 after a low rating."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, as_app_error
from desktop.i18n import gettext
from desktop.services import counting
from desktop.services import polls as poll_service
from desktop.services.archives import assessment, points, reportbacks
from desktop.services.archives import rules as R
from desktop.services.choices import PARTICIPANT_ROLES
from desktop.ui.context import AppContext


def _warn(parent: QWidget, err: BaseException) -> None:
    friendly = as_app_error(err)
    QMessageBox.warning(parent, parent.tr("Cannot do this"), str(friendly or err))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PointsRulesDialog(QDialog):
    """积分规则: points per activity type and role, the other points, caps; a new revision."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.setWindowTitle(self.tr("Points rules %1").replace("%1", str(year)))
        self.resize(860, 640)
        with ctx.db.session() as s:
            current = R.in_force(s, year)
        self.current = current.rules
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("In force: %1. Saving adds a new revision for %2; points are recomputed.")
                .replace("%1", current.label())
                .replace("%2", str(year))
            )
        )
        roles = [R.ROLE_WORDS[r] for r in PARTICIPANT_ROLES]
        self.table = QTableWidget(len(self.current.activity_points), 1 + len(roles) + 1)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Activity type"), *roles, self.tr("Cap (0 = none)")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, (kind, per_role) in enumerate(self.current.activity_points.items()):
            item = QTableWidgetItem(kind)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            for col, role in enumerate(PARTICIPANT_ROLES, start=1):
                self.table.setItem(row, col, QTableWidgetItem(str(per_role.get(role, 0))))
            self.table.setItem(row, 4, QTableWidgetItem(str(self.current.cap(kind))))
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for name, label in (
            ("meeting_attended", self.tr("Points per street meeting attended")),
            ("absence_deduction", self.tr("Deducted per meeting missed without leave")),
            ("opinion_raised", self.tr("Points per opinion raised")),
            ("opinion_closed", self.tr("Points per opinion closed")),
            ("training_day", self.tr("Points per training day")),
            ("report_back", self.tr("Points per report-back")),
        ):
            spin = QSpinBox()
            spin.setRange(0, R.MAX_POINTS)
            spin.setValue(getattr(self.current, name))
            self.spins[name] = spin
            form.addRow(label, spin)
        self.cap_spins: dict[str, QSpinBox] = {}
        for category in (R.MEETINGS, R.OPINIONS, R.TRAINING, R.REPORT_BACK):
            spin = QSpinBox()
            spin.setRange(0, R.MAX_CAP)
            spin.setValue(self.current.cap(category))
            self.cap_spins[category] = spin
            form.addRow(
                self.tr("Cap: %1").replace("%1", gettext(R.CATEGORY_LABELS[category])), spin
            )
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Why the rules change (kept with the revision)"))
        form.addRow(self.tr("Note"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save = buttons.addButton(
            self.tr("Preview and save…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        save.clicked.connect(self.preview_and_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rules(self) -> R.PointsRules:
        activity: dict[str, dict[str, int]] = {}
        caps = {k: v for k, v in self.current.caps.items() if k in R.FIXED_CATEGORIES}
        for row in range(self.table.rowCount()):
            kind = self._cell(row, 0)
            values = {}
            for col, role in enumerate(PARTICIPANT_ROLES, start=1):
                values[role] = self._number(self._cell(row, col))
            activity[kind] = values
            caps[kind] = self._number(self._cell(row, 4))
        for category, spin in self.cap_spins.items():
            caps[category] = spin.value()
        return R.validate(
            replace(
                self.current,
                activity_points=activity,
                caps=caps,
                meeting_attended=self.spins["meeting_attended"].value(),
                absence_deduction=self.spins["absence_deduction"].value(),
                opinion_raised=self.spins["opinion_raised"].value(),
                opinion_closed=self.spins["opinion_closed"].value(),
                training_day=self.spins["training_day"].value(),
                report_back=self.spins["report_back"].value(),
            )
        )

    def _cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""

    @staticmethod
    def _number(text: str) -> int:
        text = text.strip()
        return int(text) if text.lstrip("-").isdigit() else -1

    def preview_and_save(self) -> None:
        try:
            new = self.rules()
            with self.ctx.db.session() as s:
                changes = points.preview(s, self.year, new)
        except AppError as err:
            _warn(self, err)
            return
        if new == self.current:
            self.reject()
            return
        lines = [f"{c.name}：{c.old} → {c.new}" for c in changes[:30]]
        if len(changes) > 30:
            lines.append(self.tr("… and %1 more").replace("%1", str(len(changes) - 30)))
        text = (
            self.tr("These deputies' totals for %1 change:").replace("%1", str(self.year))
            + "\n"
            + "\n".join(lines)
            if changes
            else self.tr("No deputy's total changes.")
        )
        answer = QMessageBox.question(self, self.tr("Save the new rules?"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.transaction() as s:
                self.saved = points.save_rules(s, self.ctx.actor, self.year, new, self.note.text())
        except AppError as err:
            _warn(self, err)
            return
        self.accept()


class ReportBackDialog(QDialog):
    """登记述职: date, place, audience, and the rating poll line that rates the deputy."""

    def __init__(
        self,
        ctx: AppContext,
        deputies: list[tuple[str, str]],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.setWindowTitle(self.tr("Record a report-back"))
        form = QFormLayout(self)
        self.deputy = QComboBox()
        for did, name in deputies:
            self.deputy.addItem(name, did)
        self.held_on = QDateEdit(_qdate(self.today))
        self.held_on.setCalendarPopup(True)
        self.place = QLineEdit()
        self.audience = QLineEdit("选区选民代表")
        self.count = QSpinBox()
        self.count.setRange(0, 100000)
        self.poll = QComboBox()
        self.poll.addItem(self.tr("(no rating yet)"), None)
        with ctx.db.session() as s:
            for p in poll_service.list_polls(s):
                if p.kind == counting.RATING:
                    self.poll.addItem(p.title, p.id)
        self.option = QComboBox()
        self.poll.currentIndexChanged.connect(self._options)
        form.addRow(self.tr("Deputy"), self.deputy)
        form.addRow(self.tr("Date"), self.held_on)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Audience"), self.audience)
        form.addRow(self.tr("Number present"), self.count)
        form.addRow(self.tr("Rating poll"), self.poll)
        form.addRow(self.tr("Line of the deputy"), self.option)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _options(self) -> None:
        self.option.clear()
        pid = self.poll.currentData()
        if pid is None:
            return
        with self.ctx.db.session() as s:
            for opt in poll_service.get_poll(s, pid).options:
                self.option.addItem(f"{opt.no}. {opt.title}", opt.no)
        name = self.deputy.currentText()
        for i in range(self.option.count()):
            if self.option.itemText(i).endswith(name):
                self.option.setCurrentIndex(i)

    def save(self) -> None:
        pid = self.poll.currentData()
        data = reportbacks.ReportBackInput(
            deputy_id=self.deputy.currentData(),
            held_on=_pydate(self.held_on.date()),
            place=self.place.text(),
            audience=self.audience.text(),
            audience_count=self.count.value(),
            poll_id=pid,
            poll_option_no=self.option.currentData() if pid else None,
        )
        try:
            with self.ctx.db.transaction() as s:
                reportbacks.record(s, self.ctx.actor, data, today=self.today)
        except AppError as err:
            _warn(self, err)
            return
        self.accept()


class TalkDialog(QDialog):
    """谈心谈话 after a report-back rated below the line: who, when, what, the improvement."""

    def __init__(
        self,
        ctx: AppContext,
        view: reportbacks.ReportBackView,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.today = today or date.today()
        self.setWindowTitle(self.tr("Talk with %1").replace("%1", view.deputy_name))
        form = QFormLayout(self)
        rate = view.rating.percent_text() if view.rating else "—"
        form.addRow(
            QLabel(
                self.tr("Report-back of %1, 优秀 rate %2.")
                .replace("%1", view.held_on.isoformat())
                .replace("%2", rate)
            )
        )
        self.talk_on = QDateEdit(_qdate(view.talk_on or self.today))
        self.talk_on.setCalendarPopup(True)
        self.talk_by = QLineEdit(view.talk_by)
        self.notes = QPlainTextEdit(view.talk_notes)
        self.improvement = QPlainTextEdit(view.improvement)
        form.addRow(self.tr("Date"), self.talk_on)
        form.addRow(self.tr("Held by"), self.talk_by)
        form.addRow(self.tr("What was said"), self.notes)
        form.addRow(self.tr("Improvement agreed"), self.improvement)
        row = QHBoxLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        form.addRow(row)

    def save(self) -> None:
        try:
            with self.ctx.db.transaction() as s:
                reportbacks.record_talk(
                    s,
                    self.ctx.actor,
                    self.view.id,
                    talk_on=_pydate(self.talk_on.date()),
                    talk_by=self.talk_by.text(),
                    notes=self.notes.toPlainText(),
                    improvement=self.improvement.toPlainText(),
                    today=self.today,
                )
        except AppError as err:
            _warn(self, err)
            return
        self.accept()


class AssessmentDialog(QDialog):
    """The next stage of a deputy's yearly assessment: grade, who decided, when."""

    def __init__(
        self,
        ctx: AppContext,
        row: assessment.AssessmentRow,
        year: int,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.year = year
        self.today = today or date.today()
        stage = row.next_stage or ""
        self.stage = stage
        self.setWindowTitle(
            self.tr("%1: %2 of %3")
            .replace("%1", row.name)
            .replace("%2", assessment.STAGE_WORDS.get(stage, ""))
            .replace("%3", str(year))
        )
        form = QFormLayout(self)
        done = "；".join(
            f"{s.label} {s.grade}（{s.decided_by}，{s.decided_on}）" for s in row.stages
        )
        form.addRow(
            QLabel(self.tr("Points: %1. %2").replace("%1", str(row.points)).replace("%2", done))
        )
        self.grade = QComboBox()
        self.grade.addItems(list(assessment.GRADES))
        if row.stages:
            self.grade.setCurrentText(row.stages[-1].grade)
        self.decided_by = QLineEdit(row.name if stage == "self" else "")
        self.decided_on = QDateEdit(_qdate(self.today))
        self.decided_on.setCalendarPopup(True)
        self.note = QLineEdit()
        form.addRow(self.tr("Grade"), self.grade)
        form.addRow(self.tr("Decided by"), self.decided_by)
        form.addRow(self.tr("Date"), self.decided_on)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            with self.ctx.db.transaction() as s:
                assessment.decide(
                    s,
                    self.ctx.actor,
                    self.row.deputy_id,
                    self.year,
                    self.stage,
                    self.grade.currentText(),
                    decided_by=self.decided_by.text(),
                    decided_on=_pydate(self.decided_on.date()),
                    note=self.note.text(),
                    today=self.today,
                )
        except AppError as err:
            _warn(self, err)
            return
        self.accept()
