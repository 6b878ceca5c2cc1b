"""The sign-in desk: one always-focused field for card scans, names and pinyin initials.

A USB scanner types the card's QR text and presses Enter, so the field must keep the focus
between scans; messages appear in a line under it (never a modal box that would swallow the
next scan). When typed text matches several people, a short list opens under the field:
Up/Down to choose, Enter to sign in, Esc to go back to the field.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.services import meetings as meeting_service
from desktop.services.meetings import (
    ATTENDANCE_LABELS,
    AttendanceRow,
    QuorumStatus,
    attendance_lists,
    signin,
)
from desktop.services.permissions import Permission
from desktop.ui.context import AppContext
from desktop.ui.widgets.fit import install_elided_tooltips
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort

OK_STYLE = "color: #1b6e20; font-weight: bold;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"


class SigninDesk(QWidget):
    """Sign-in for one meeting. ``changed`` fires after every successful mark."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.meeting_status = "planned"
        self.rows: list[AttendanceRow] = []
        #: attendance id → phone (masked for roles without personal data), for calling 未到.
        self.phones: dict[str, str] = {}
        #: The attendance id of someone on leave whose sign-in the clerk is asked to confirm
        #: (the next scan or pick of the same person signs them in).
        self.leave_pending: str | None = None
        self.reason_prompt = self._ask_reason  # replaced in tests

        self.entry = QLineEdit()
        self.entry.setObjectName("signin_entry")
        self.entry.setPlaceholderText(
            self.tr("Scan the representative card, or type a name or pinyin initials, then Enter")
        )
        font = QFont(self.entry.font())
        font.setPointSize(font.pointSize() + 6)
        self.entry.setFont(font)
        self.entry.setMinimumHeight(44)
        self.entry.returnPressed.connect(self.submit)

        self.message = QLabel(" ")
        self.message.setObjectName("signin_message")
        self.message.setWordWrap(True)
        msg_font = QFont(self.message.font())
        msg_font.setPointSize(msg_font.pointSize() + 3)
        self.message.setFont(msg_font)

        #: The last few outcomes at the desk, newest first (successes and refusals).
        self.recent = QListWidget()
        self.recent.setObjectName("signin_recent")
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setMaximumHeight(110)

        self.candidates = QListWidget()
        self.candidates.setObjectName("signin_candidates")
        self.candidates.setMaximumHeight(150)
        self.candidates.hide()
        self.candidates.itemActivated.connect(self._pick)

        self.count_labels: dict[str, QLabel] = {}
        counts = QGridLayout()
        for col, (key, title) in enumerate(
            (
                ("total", self.tr("Expected")),
                ("present", self.tr("Arrived")),
                ("on_leave", self.tr("On leave")),
                ("not_arrived", self.tr("Not arrived")),
                ("absent", self.tr("Absent")),
                ("deputies", self.tr("Deputies attending")),
            )
        ):
            caption = QLabel(title)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("0")
            value.setObjectName(f"count_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            big = QFont(value.font())
            big.setPointSize(big.pointSize() + 12)
            big.setBold(True)
            value.setFont(big)
            counts.addWidget(value, 0, col)
            counts.addWidget(caption, 1, col)
            self.count_labels[key] = value
        self.quorum = QLabel()
        self.quorum.setObjectName("quorum_indicator")
        self.quorum.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quorum.setMinimumHeight(40)
        q_font = QFont(self.quorum.font())
        q_font.setPointSize(q_font.pointSize() + 4)
        q_font.setBold(True)
        self.quorum.setFont(q_font)
        counts_box = QFrame()
        counts_box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(counts_box)
        box_layout.addLayout(counts)
        box_layout.addWidget(self.quorum)

        self.model = PagedTableModel(
            [
                Column("name", self.tr("Person")),
                Column("community_name", self.tr("Community")),
                Column(
                    "voting",
                    self.tr("Attends as"),
                    format=lambda v: (
                        self.tr("Representative") if v else self.tr("Deputy (no vote)")
                    ),
                ),
                Column(
                    "status",
                    self.tr("Status"),
                    format=lambda v: gettext(ATTENDANCE_LABELS.get(v, v)),
                ),
                Column(
                    "signed_at",
                    self.tr("Signed in at"),
                    format=lambda v: v.astimezone().strftime("%H:%M:%S") if v else "",
                ),
                Column("leave_reason", self.tr("Reason for leave")),
                Column("id", self.tr("Phone"), format=lambda v: self.phones.get(v, "")),
            ],
            self._fetch,
        )
        self.table = QTableView()
        self.table.setObjectName("attendance_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        install_elided_tooltips(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._table_sign_in)

        self.present_button = QPushButton(self.tr("Present (F5)"))
        self.leave_button = QPushButton(self.tr("On leave… (F6)"))
        self.absent_button = QPushButton(self.tr("Absent (F7)"))
        self.undo_button = QPushButton(self.tr("Clear mark (F8)"))
        self.present_button.clicked.connect(lambda: self.mark_selected("present"))
        self.leave_button.clicked.connect(lambda: self.mark_selected("on_leave"))
        self.absent_button.clicked.connect(lambda: self.mark_selected("absent"))
        self.undo_button.clicked.connect(lambda: self.mark_selected("expected"))
        for key, status in (
            ("F5", "present"),
            ("F6", "on_leave"),
            ("F7", "absent"),
            ("F8", "expected"),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda s=status: self.mark_selected(s))
        buttons = QHBoxLayout()
        for b in (self.present_button, self.leave_button, self.absent_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.filter = QComboBox()
        self.filter.setObjectName("attendance_filter")
        for key, label in (
            ("all", self.tr("Everyone")),
            ("not_arrived", self.tr("Not arrived (with phone numbers)")),
            ("present", self.tr("Present")),
            ("on_leave", self.tr("On leave")),
            ("absent", self.tr("Absent")),
        ):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self.model.reload())
        buttons.addWidget(QLabel(self.tr("Show:")))
        buttons.addWidget(self.filter)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.entry)
        left.addWidget(self.message)
        left.addWidget(self.candidates)
        left.addWidget(self.recent)
        left.addStretch(1)
        top.addLayout(left, 3)
        top.addWidget(counts_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.candidates.installEventFilter(self)
        self._enable()

    # ------------------------------------------------------------ data
    def set_meeting(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.recent.clear()
        self.meeting_id = meeting_id
        self.show_message("", ok=True)
        self.refresh()

    def refresh(self) -> None:
        if self.meeting_id is None:
            self.rows = []
            self.meeting_status = "planned"
            self.model.reload()
            self._show_counts(None)
            self._enable()
            return
        with self.ctx.db.session() as s:
            self.meeting_status = meeting_service.get_meeting(
                s, self.ctx.actor, self.meeting_id
            ).status
            self.rows = meeting_service.expected_roster(s, self.ctx.actor, self.meeting_id)
            status = meeting_service.quorum_status(s, self.meeting_id)
            by_person = attendance_lists.person_phones(
                s,
                self.ctx.actor,
                [r.representative_id or r.deputy_id or "" for r in self.rows],
            )
            self.phones = {
                r.id: by_person.get(r.representative_id or r.deputy_id or "", "") for r in self.rows
            }
        self.model.reload()
        self._show_counts(status)
        self._enable()

    def _fetch(self, offset: int, limit: int, sort: Sort) -> list[AttendanceRow]:
        which = str(self.filter.currentData() or "all")
        statuses = attendance_lists.FILTERS.get(which, attendance_lists.FILTERS["all"])
        rows = [r for r in self.rows if r.status in statuses]
        if sort is not None:
            key, descending = sort
            rows = sorted(rows, key=lambda r: str(getattr(r, key) or ""), reverse=descending)
        return rows[offset : offset + limit]

    def _enable(self) -> None:
        live = self.meeting_status == "in_session"
        can_edit = live and self.ctx.actor.can(Permission.EDIT_DATA)
        self.entry.setEnabled(can_edit)
        for b in (self.present_button, self.leave_button, self.absent_button, self.undo_button):
            b.setEnabled(can_edit)
        if self.meeting_status == "planned" and self.meeting_id is not None:
            # Leave asked for before the meeting is recorded now and kept at opening.
            advance = self.ctx.actor.can(Permission.EDIT_DATA)
            self.leave_button.setEnabled(advance)
            self.undo_button.setEnabled(advance)
        if self.meeting_id is None:
            self.entry.setPlaceholderText(self.tr("Choose a meeting first"))
        elif not live:
            self.entry.setPlaceholderText(
                self.tr("Open the meeting to start signing in; leave can be recorded now")
                if self.meeting_status == "planned"
                else self.tr("The meeting is closed; sign-in is over")
            )
        else:
            self.entry.setPlaceholderText(
                self.tr(
                    "Scan the representative card, or type a name or pinyin initials, then Enter"
                )
            )
            self.entry.setFocus()

    def _show_counts(self, q: QuorumStatus | None) -> None:
        if q is None:
            for label in self.count_labels.values():
                label.setText("–")
            self.quorum.setText("")
            self.quorum.setStyleSheet("")
            return
        self.count_labels["total"].setText(str(q.members_total))
        self.count_labels["present"].setText(str(q.present))
        self.count_labels["absent"].setText(str(q.absent))
        self.count_labels["not_arrived"].setText(str(q.not_arrived))
        self.count_labels["on_leave"].setText(str(q.on_leave))
        self.count_labels["deputies"].setText(f"{q.deputies_present}/{q.deputies_total}")
        if self.meeting_status == "planned":
            # Nobody can be absent from (or late for) a meeting that has not begun.
            self.count_labels["absent"].setText("–")
            self.count_labels["not_arrived"].setText("–")
            text = (
                self.tr("Not opened yet: %1 expected, %2 needed for a quorum")
                .replace("%1", str(q.members_total))
                .replace("%2", str(q.needed))
            )
            style = "background: #eef1f5; color: #333333; border-radius: 4px;"
        elif q.quorate:
            text = self.tr("Quorum reached (%1 needed)").replace("%1", str(q.needed))
            style = "background: #e3f4e4; color: #1b6e20; border-radius: 4px;"
        else:
            text = (
                self.tr("No quorum yet: %1 more needed (%2 of %3)")
                .replace("%1", str(q.needed - q.present))
                .replace("%2", str(q.needed))
                .replace("%3", str(q.members_total))
            )
            style = "background: #fde8e8; color: #b00020; border-radius: 4px;"
        self.quorum.setText(text)
        self.quorum.setWordWrap(True)
        self.quorum.setStyleSheet(style)
        self.quorum.setProperty("quorate", q.quorate)

    # ------------------------------------------------------------ actions
    def show_message(self, text: str, ok: bool) -> None:
        self.message.setText(text or " ")
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setProperty("ok", ok)

    def _log(self, text: str, ok: bool) -> None:
        item = QListWidgetItem(
            f"{datetime.now().strftime('%H:%M:%S')}  {'✓' if ok else '✗'} {text}"
        )
        item.setForeground(QColor("#1b6e20" if ok else "#b00020"))
        self.recent.insertItem(0, item)
        while self.recent.count() > 20:
            self.recent.takeItem(self.recent.count() - 1)

    def submit(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        if self.meeting_id is None or not text.strip():
            return
        try:
            with self.ctx.db.transaction() as s:
                outcome = signin.desk_entry(
                    s, self.ctx.actor, self.meeting_id, text, confirm_leave=self.leave_pending
                )
        except AppError as err:
            self._fail(err)
            return
        if outcome.signed is not None:
            self._signed(outcome.signed)
            return
        self.candidates.clear()
        for row in outcome.candidates:
            label = f"{row.name}　{row.community_name}　{gettext(ATTENDANCE_LABELS.get(row.status, row.status))}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.candidates.addItem(item)
        self.candidates.show()
        self.candidates.setCurrentRow(0)
        self.candidates.setFocus()
        self.show_message(
            self.tr("Several people match; choose with ↑↓ and press Enter (Esc to go back)."),
            ok=True,
        )

    def _pick(self, item: QListWidgetItem) -> None:
        attendance_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.candidates.hide()
        self._sign_in_row(attendance_id)
        self.entry.setFocus()

    def eventFilter(self, obj: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            obj is self.candidates
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Escape:
                self.candidates.hide()
                self.entry.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.candidates.currentItem()
                if item is not None:
                    self._pick(item)
                return True
            typed = event.text()
            if (
                typed
                and typed.isprintable()
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                # A scan (or new typing) while the list is open goes back to the field, so
                # the next card is never swallowed by the list's own keyboard search.
                self.candidates.hide()
                self.entry.setFocus()
                self.entry.insert(typed)
                return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def _table_sign_in(self, index: QModelIndex) -> None:
        row: AttendanceRow = self.model.row_at(index.row())
        if self.meeting_status == "in_session":
            self._sign_in_row(row.id)

    def _sign_in_row(self, attendance_id: str) -> None:
        try:
            with self.ctx.db.transaction() as s:
                row = signin.sign_in(
                    s, self.ctx.actor, attendance_id, confirm_leave=self.leave_pending
                )
        except AppError as err:
            self._fail(err)
            return
        self._signed(row)

    def _signed(self, row: AttendanceRow) -> None:
        self.leave_pending = None
        when = row.signed_at.astimezone().strftime("%H:%M") if row.signed_at else ""
        deputy_note = self.tr("deputy, no vote")
        who = row.name if row.voting else f"{row.name}（{deputy_note}）"
        text = self.tr("Signed in: %1 %2").replace("%1", who).replace("%2", when)
        self.show_message(text, ok=True)
        self._log(text, ok=True)
        self._after_change()

    def _fail(self, err: AppError) -> None:
        # Someone on leave is asked about, not signed in; the same person again confirms.
        self.leave_pending = err.attendance_id if isinstance(err, signin.LeaveRecorded) else None
        QApplication.beep()
        self.show_message(str(err), ok=False)
        self._log(str(err), ok=False)
        self.entry.setFocus()

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()
        self.entry.setFocus()

    def selected_row(self) -> AttendanceRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def mark_selected(self, status: str) -> None:
        row = self.selected_row()
        if row is None or self.meeting_status == "closed":
            self.show_message(self.tr("Select a person in the list first."), ok=False)
            return
        planned = self.meeting_status == "planned"
        if planned and (status not in ("on_leave", "expected") or self.meeting_id is None):
            # Before opening only leave (or taking it back) can be recorded.
            self.show_message(self.tr("Open the meeting to start signing in"), ok=False)
            return
        reason = ""
        if status == "on_leave":
            answer = self.reason_prompt(row.name)
            if answer is None:
                return
            reason = answer
        try:
            with self.ctx.db.transaction() as s:
                if planned:
                    person = row.representative_id or row.deputy_id or ""
                    updated = signin.set_leave_in_advance(
                        s,
                        self.ctx.actor,
                        self.meeting_id or "",
                        person,
                        status == "on_leave",
                        reason,
                    )
                else:
                    updated = signin.set_status(s, self.ctx.actor, row.id, status, reason)
        except AppError as err:
            self._fail(err)
            return
        label = gettext(ATTENDANCE_LABELS.get(updated.status, updated.status))
        self.show_message(
            self.tr("%1: %2").replace("%1", updated.name).replace("%2", label), ok=True
        )
        self._after_change()

    def _ask_reason(self, name: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, self.tr("Leave"), self.tr("Reason for %1's leave:").replace("%1", name)
        )
        return text if ok else None
