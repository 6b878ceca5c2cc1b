"""出席台账: attendance over a term per representative and deputy (flagged rows shaded, the
flag in words), the term's meetings one row each, the two Excel ledgers, and the absence
thresholds (administrator)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.excel.meeting_ledgers import KIND_WORDS, STATUS_WORDS
from desktop.i18n import gettext
from desktop.services import attendance
from desktop.services.attendance import ledger as attendance_ledger
from desktop.services.attendance import settings as attendance_settings
from desktop.services.meetings.minutes import RESULT_LABELS
from desktop.services.permissions import Permission
from desktop.services.roster import list_terms
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.pages.base import Page

SHADE = QColor("#fde2e1")


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], shaded: list[bool]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if shaded[r]:
                item.setBackground(QBrush(SHADE))
            table.setItem(r, c, item)


class ThresholdsDialog(QDialog):
    """The two absence thresholds (0 = off)."""

    def __init__(self, current: attendance.AttendanceSettings, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Absence flags"))
        form = QFormLayout(self)
        self.in_a_row = QSpinBox()
        self.in_a_row.setRange(0, 20)
        self.in_a_row.setSpecialValueText(self.tr("off"))
        self.in_a_row.setValue(current.consecutive_absences)
        self.per_year = QSpinBox()
        self.per_year.setRange(0, 50)
        self.per_year.setSpecialValueText(self.tr("off"))
        self.per_year.setValue(current.absences_per_year)
        form.addRow(
            QLabel(
                self.tr(
                    "Flag a representative or deputy who missed meetings without leave "
                    "(leave is never an absence; 0 switches a rule off)."
                )
            )
        )
        form.addRow(self.tr("Absences in a row"), self.in_a_row)
        form.addRow(self.tr("Absences in a year"), self.per_year)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> attendance.AttendanceSettings:
        return attendance.AttendanceSettings(self.in_a_row.value(), self.per_year.value())


class AttendancePage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.book: attendance.AttendanceLedger | None = None
        self.lines: list[attendance.MeetingLine] = []
        #: Asks where to save an Excel file (replaced in tests): (title, file name) → path.
        self.save_path_prompt: Callable[[str, str], str] = self._ask_path

        self.term = QComboBox()
        self.term.setObjectName("attendance_term")
        self.term.setMinimumWidth(140)
        self.term.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("attendance_summary")
        self.export_people = QPushButton(self.tr("Attendance ledger (Excel)…"))
        self.export_people.clicked.connect(self.export_attendance)
        self.export_meetings = QPushButton(self.tr("Meetings ledger (Excel)…"))
        self.export_meetings.clicked.connect(self.export_meeting_ledger)
        self.thresholds = QPushButton(self.tr("Absence flags…"))
        self.thresholds.clicked.connect(self.edit_thresholds)
        if not ctx.actor.can(Permission.MANAGE_SETTINGS):
            self.thresholds.setEnabled(False)
            self.thresholds.setToolTip(str(ctx.actor.refusal(Permission.MANAGE_SETTINGS)))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Term")))
        bar.addWidget(self.term)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.thresholds)
        bar.addWidget(self.export_people)
        bar.addWidget(self.export_meetings)

        self.people = _table(
            [
                self.tr("Kind"),
                self.tr("Name"),
                self.tr("Community"),
                self.tr("Meetings on the roll"),
                self.tr("Present"),
                self.tr("On leave"),
                self.tr("Absent"),
                self.tr("Attendance rate"),
                self.tr("Most in a row"),
                self.tr("Flag"),
            ],
            "attendance_people",
        )
        self.meetings = _table(
            [
                self.tr("Session no."),
                self.tr("Date"),
                self.tr("Kind"),
                self.tr("Venue"),
                self.tr("Status"),
                self.tr("Expected"),
                self.tr("Present"),
                self.tr("On leave"),
                self.tr("Absent"),
                self.tr("Quorum"),
                self.tr("Resolutions"),
            ],
            "attendance_meetings",
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.people)
        splitter.addWidget(self.meetings)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def activate(self) -> None:
        keep = self.term.currentData()
        with self.ctx.db.session() as s:
            terms = list_terms(s)
        self.term.blockSignals(True)
        self.term.clear()
        for t in terms:
            self.term.addItem(t.name, t.id)
        index = self.term.findData(keep) if keep else -1
        current = next((i for i, t in enumerate(terms) if t.status == "current"), 0)
        self.term.setCurrentIndex(index if index >= 0 else current)
        self.term.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        term_id = self.term.currentData()
        try:
            with self.ctx.db.session() as s:
                self.book = attendance.term_attendance(s, self.ctx.actor, term_id)
                self.lines = attendance.meeting_lines(s, self.ctx.actor, term_id)
        except AppError as err:
            self.show_error(err)
            return
        book = self.book
        _fill(
            self.people,
            [
                [
                    attendance_ledger.kind_label(p.kind),
                    p.name,
                    p.community,
                    str(p.meetings),
                    str(p.present),
                    str(p.on_leave),
                    str(p.absent),
                    p.rate_text(),
                    str(p.longest_run),
                    p.flag_text(book.settings),
                ]
                for p in book.rows
            ],
            [bool(p.flags) for p in book.rows],
        )
        _fill(
            self.meetings,
            [
                [
                    str(m.number),
                    m.starts_at.astimezone().strftime("%Y-%m-%d"),
                    KIND_WORDS.get(m.kind, m.kind),
                    m.venue,
                    STATUS_WORDS.get(m.status, m.status),
                    *(
                        [str(m.members_total), str(m.present), str(m.on_leave), str(m.absent)]
                        if m.status != "planned"
                        else ["", "", "", ""]
                    ),
                    ("是" if m.quorate else "否") if m.status != "planned" else "",
                    "；".join(
                        f"{title}（{gettext(RESULT_LABELS.get(result, result))}）"
                        for title, result in m.resolutions
                    ),
                ]
                for m in self.lines
            ],
            [m.status == "closed" and not m.quorate for m in self.lines],
        )
        cfg = book.settings
        rules = []
        if cfg.consecutive_absences:
            rules.append(f"连续{cfg.consecutive_absences}次")
        if cfg.absences_per_year:
            rules.append(f"一年{cfg.absences_per_year}次")
        self.summary.setText(
            self.tr("%1 closed meetings; %2 people flagged for absence without leave (%3).")
            .replace("%1", str(book.meetings))
            .replace("%2", str(len(book.flagged)))
            .replace("%3", "、".join(rules) or self.tr("flags off"))
        )

    # ------------------------------------------------------------------ actions
    def _ask_path(self, title: str, filename: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(self.ctx.paths.exports / filename), "Excel (*.xlsx)"
        )
        return path

    def _export(self, kind: str, title: str, filename: str, ids: list[str] | None) -> None:
        from desktop.excel import writer

        path = self.save_path_prompt(title, filename)
        if not path:
            return
        try:
            count = self.run_action(
                lambda s: writer.export(s, self.ctx.actor, kind, Path(path), ids=ids)
            )
        except OSError as err:  # the chosen file cannot be written (open in Excel, no rights)
            self.show_error(err)
            return
        if count is None:
            return
        self.ctx.status(
            self.tr("Exported %1 rows to %2").replace("%1", str(count)).replace("%2", path)
        )

    def export_attendance(self) -> None:
        term_id = self.term.currentData()
        name = self.book.term_name if self.book else ""
        self._export(
            "attendance",
            self.tr("Attendance ledger (Excel)…"),
            f"{name}代表出席台账.xlsx",
            [term_id] if term_id else None,
        )

    def export_meeting_ledger(self) -> None:
        name = self.book.term_name if self.book else ""
        self._export(
            "meetings",
            self.tr("Meetings ledger (Excel)…"),
            f"{name}会议台账.xlsx",
            [m.id for m in self.lines],
        )

    def edit_thresholds(self) -> None:
        with self.ctx.db.session() as s:
            current = attendance_settings.load(s)
        dialog = ThresholdsDialog(current, self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        value = dialog.value()
        self.run_action(
            lambda s: attendance_settings.update(s, self.ctx.actor, value),
            success=lambda _r: self.refresh(),
        )
