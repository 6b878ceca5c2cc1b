"""会议: the meetings of the representatives — list, sign-in desk, agenda, resolutions and
minutes, and every printed paper (previewed with pdfium, printed or saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.reports import meeting_papers
from desktop.services import meetings as meeting_service
from desktop.services import wording
from desktop.services.meetings import STATUS_LABELS, MeetingInfo, township
from desktop.services.meetings import agenda as agenda_service
from desktop.services.meetings import minutes as minutes_service
from desktop.services.meetings.agenda import KIND_LABELS, AgendaItemRow
from desktop.services.meetings.minutes import RESULT_LABELS, ResolutionRow
from desktop.services.permissions import Permission
from desktop.services.street import current as current_street
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.dialogs.meeting_dialogs import AgendaItemDialog, MeetingDialog, ResolutionDialog
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from desktop.ui.pages.base import Page
from desktop.ui.widgets.fit import install_elided_tooltips
from desktop.ui.widgets.followup_panel import MeetingFollowupTab
from desktop.ui.widgets.signin_desk import SigninDesk
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort


def _list_fetch(rows: list[Any]) -> Callable[[int, int, Sort], list[Any]]:
    def fetch(offset: int, limit: int, sort: Sort) -> list[Any]:
        data = rows
        if sort is not None:
            key, descending = sort
            data = sorted(rows, key=lambda r: str(getattr(r, key) or ""), reverse=descending)
        return data[offset : offset + limit]

    return fetch


def _table(model: PagedTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    install_elided_tooltips(view)  # 议程内容, 决议 titles, meeting names: whole text on hover
    return view


class MeetingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.meetings: list[MeetingInfo] = []
        self.current: MeetingInfo | None = None
        self.items: list[AgendaItemRow] = []
        self.resolutions: list[ResolutionRow] = []
        self.reason_prompt: Callable[[], str | None] = self._ask_reason  # replaced in tests
        self.preview_factory: Callable[[bytes, str, str], Any] = self._preview

        # ---- meeting list and lifecycle buttons
        self.list_model = PagedTableModel(
            [
                Column(
                    "number",
                    self.tr("Session no."),
                    format=lambda n: self.tr("Meeting %1").replace("%1", str(n)),
                ),
                Column(
                    "starts_at",
                    self.tr("Date"),
                    format=lambda d: d.astimezone().strftime("%Y-%m-%d %H:%M"),
                ),
                Column(
                    "status", self.tr("Status"), format=lambda s: gettext(STATUS_LABELS.get(s, s))
                ),
                Column("title", self.tr("Title")),
            ],
            _list_fetch(self.meetings),
        )
        self.list_view = _table(self.list_model, "meeting_list")
        self.list_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._select_row(cur.row())
        )

        self.new_button = QPushButton(self.tr("New meeting"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.open_button = QPushButton(self.tr("Open the meeting"))
        self.close_button = QPushButton(self.tr("Close the meeting"))
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("Print"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        for key, label in (
            ("notice", self.tr("Meeting notice")),
            ("signin", self.tr("Sign-in sheet")),
            ("absence", self.tr("List of absence and leave")),
            ("agenda", self.tr("Agenda")),
            ("minutes", self.tr("Minutes")),
        ):
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, k=key, t=label: self.print_paper(k, t))
        self.print_button.setMenu(menu)
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.open_button.clicked.connect(self.open_meeting)
        self.close_button.clicked.connect(self.close_meeting)

        bar = QHBoxLayout()
        for w in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.open_button,
            self.close_button,
            self.print_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)

        # ---- right side: header + tabs
        self.header = QLabel()
        self.header.setObjectName("meeting_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.desk = SigninDesk(ctx)
        self.desk.changed.connect(self._desk_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.desk, self.tr("Sign-in desk"))
        self.tabs.addTab(self._build_agenda_tab(), self.tr("Agenda"))
        self.tabs.addTab(self._build_minutes_tab(), self.tr("Resolutions and minutes"))
        self.followup = MeetingFollowupTab(ctx)
        self.followup.changed.connect(self._load_current)  # e.g. the report joined the agenda
        self.tabs.addTab(self.followup, self.tr("Follow-up"))

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # ------------------------------------------------------------ tabs
    def _build_agenda_tab(self) -> QWidget:
        self.agenda_model = PagedTableModel(
            [
                Column("position", self.tr("Order"), sortable=False),
                Column(
                    "kind",
                    self.tr("Agenda kind"),
                    format=lambda k: gettext(KIND_LABELS.get(k, k)),
                    sortable=False,
                ),
                Column("title", self.tr("Item"), sortable=False),
                Column("department", self.tr("Reporting department"), sortable=False),
                Column("reporter", self.tr("Reporting person"), sortable=False),
            ],
            _list_fetch(self.items),
        )
        self.agenda_view = _table(self.agenda_model, "agenda_table")
        self.agenda_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.agenda_view.doubleClicked.connect(lambda _i: self.edit_item())
        up = QShortcut(QKeySequence("Ctrl+Up"), self.agenda_view)
        up.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        up.activated.connect(lambda: self.move_item(-1))
        down = QShortcut(QKeySequence("Ctrl+Down"), self.agenda_view)
        down.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        down.activated.connect(lambda: self.move_item(1))
        self.add_item_button = QPushButton(self.tr("Add item"))
        self.edit_item_button = QPushButton(self.tr("Edit item"))
        self.remove_item_button = QPushButton(self.tr("Remove item"))
        self.up_button = QPushButton(self.tr("Up (Ctrl+↑)"))
        self.down_button = QPushButton(self.tr("Down (Ctrl+↓)"))
        self.add_item_button.clicked.connect(self.add_item)
        self.edit_item_button.clicked.connect(self.edit_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        buttons = QHBoxLayout()
        for b in (
            self.add_item_button,
            self.edit_item_button,
            self.remove_item_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.agenda_view, 1)
        layout.addLayout(buttons)
        return tab

    def _build_minutes_tab(self) -> QWidget:
        self.res_model = PagedTableModel(
            [
                Column("title", self.tr("Resolution"), sortable=False),
                Column(
                    "result",
                    self.tr("Result"),
                    format=lambda r: gettext(RESULT_LABELS.get(r, r)),
                    sortable=False,
                ),
                Column("votes_summary", self.tr("Votes"), sortable=False),
            ],
            _list_fetch(self.resolutions),
        )
        self.res_view = _table(self.res_model, "resolution_table")
        self.res_view.doubleClicked.connect(lambda _i: self.edit_resolution())
        self.add_res_button = QPushButton(self.tr("Add resolution"))
        self.edit_res_button = QPushButton(self.tr("Edit resolution"))
        self.remove_res_button = QPushButton(self.tr("Remove resolution"))
        self.add_res_button.clicked.connect(self.add_resolution)
        self.edit_res_button.clicked.connect(self.edit_resolution)
        self.remove_res_button.clicked.connect(self.remove_resolution)
        self.minutes_edit = QPlainTextEdit()
        self.minutes_edit.setObjectName("minutes_text")
        self.minutes_edit.setTabChangesFocus(True)
        self.minutes_edit.setPlaceholderText(
            self.tr(
                "Other matters for the minutes (the text for each agenda item is entered with the item)"
            )
        )
        self.save_minutes_button = QPushButton(self.tr("Save minutes text"))
        self.save_minutes_button.clicked.connect(self.save_minutes_text)
        buttons = QHBoxLayout()
        for b in (self.add_res_button, self.edit_res_button, self.remove_res_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_minutes_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.res_view, 2)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Other matters")))
        layout.addWidget(self.minutes_edit, 1)
        return tab

    # ------------------------------------------------------------ loading
    def activate(self) -> None:
        self.reload()

    def reload(self, select_id: str | None = None) -> None:
        keep = select_id or (self.current.id if self.current else None)
        with self.ctx.db.session() as s:
            self.meetings[:] = meeting_service.list_meetings(s, self.ctx.actor)
        self.list_model.reload()
        row = next(
            (i for i, m in enumerate(self.meetings) if m.id == keep), 0 if self.meetings else -1
        )
        if row >= 0:
            self.list_view.selectRow(row)
            self._select_row(row)
        else:
            self._select_row(-1)

    def _select_row(self, row: int) -> None:
        self.current = self.meetings[row] if 0 <= row < len(self.meetings) else None
        self._load_current()

    def _load_current(self) -> None:
        m = self.current
        if m is None:
            self.header.setText(
                self.tr("No meeting yet. Press \u201cNew meeting\u201d to plan one.")
            )
            self.items[:] = []
            self.resolutions[:] = []
            self.minutes_edit.setPlainText("")
        else:
            with self.ctx.db.session() as s:
                fresh = meeting_service.get_meeting(s, self.ctx.actor, m.id)
                self.items[:] = agenda_service.list_items(s, self.ctx.actor, m.id)
                self.resolutions[:] = minutes_service.list_resolutions(s, self.ctx.actor, m.id)
            self.current = fresh
            self.header.setText(self._header_text(fresh))
            self.minutes_edit.setPlainText(fresh.minutes_text)
        self.agenda_model.reload()
        self.res_model.reload()
        self.desk.set_meeting(m.id if m else None)
        self.followup.set_meeting(m.id if m else None, self.current.status if self.current else "")
        self._update_buttons()

    def _header_text(self, m: MeetingInfo) -> str:
        when = m.starts_at.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = f"{gettext(township.KIND_LABELS[m.kind])}，" if m.kind == "township_congress" else ""
        status = gettext(STATUS_LABELS.get(m.status, m.status))
        return f"{m.title}（{kind}{status}）\n" + self.tr(
            "Time: %1  Venue: %2  Presiding: %3  Minute-taker: %4"
        ).replace("%1", when).replace("%2", m.venue or "—").replace(
            "%3", m.presiding or "—"
        ).replace("%4", m.minute_taker or "—")

    def _update_buttons(self) -> None:
        m = self.current
        can_edit = self.ctx.can(Permission.EDIT_DATA)
        closed = m is not None and m.status == "closed"
        editable = (
            m is not None
            and can_edit
            and (not closed or self.ctx.can(Permission.CORRECT_CERTIFIED))
        )
        self.new_button.setEnabled(can_edit)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(m is not None and can_edit and m.status == "planned")
        self.open_button.setEnabled(m is not None and can_edit and m.status == "planned")
        self.close_button.setEnabled(m is not None and can_edit and m.status == "in_session")
        self.print_button.setEnabled(m is not None)
        for b in (
            self.add_item_button,
            self.edit_item_button,
            self.remove_item_button,
            self.up_button,
            self.down_button,
            self.add_res_button,
            self.edit_res_button,
            self.remove_res_button,
            self.save_minutes_button,
        ):
            b.setEnabled(editable)
        self.minutes_edit.setReadOnly(not editable)

    def _desk_changed(self) -> None:
        if self.current is not None:
            self.list_model.layoutChanged.emit()

    # ------------------------------------------------------------ helpers
    def _ask_reason(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Correct a closed meeting"),
            self.tr(
                "This meeting is closed. Reason for the correction (recorded in the audit log):"
            ),
        )
        return text if ok else None

    def _reason(self) -> str | None:
        """'' for an open meeting; the administrator's reason for a closed one; None = cancelled."""
        if self.current is None or self.current.status != "closed":
            return ""
        return self.reason_prompt()

    # ------------------------------------------------------------ meetings
    def _default_title(self) -> str:
        with self.ctx.db.session() as s:
            street = current_street(s)
            term_id = meeting_service.current_term_id(s)
            term = meeting_service.term_name(s, term_id)
            number = meeting_service.next_number(s, term_id)
        name = street.name if street else ""
        return f"{name}{term}议事代表会议第{wording.chinese_number(number)}次会议"

    def new_meeting(self) -> None:
        with self.ctx.db.session() as s:
            kinds = township.kinds_allowed(s)
        dialog = MeetingDialog(None, self._default_title(), self, kinds=kinds)
        if run_modal(dialog) != MeetingDialog.DialogCode.Accepted:
            return
        created = self.run_action(
            lambda s: meeting_service.create_meeting(s, self.ctx.actor, **dialog.values())
        )
        if created is not None:
            self.ctx.status(self.tr("Meeting planned: %1").replace("%1", created.title))
            self.reload(created.id)

    def edit_meeting(self) -> None:
        if self.current is None:
            return
        dialog = MeetingDialog(self.current, self.current.title, self)
        if run_modal(dialog) != MeetingDialog.DialogCode.Accepted:
            return
        reason = self._reason()
        if reason is None:
            return
        meeting_id = self.current.id
        if self.run_action(
            lambda s: meeting_service.update_meeting(
                s, self.ctx.actor, meeting_id, reason=reason, **dialog.values()
            )
        ):
            self.reload(meeting_id)

    def delete_meeting(self) -> None:
        if self.current is None:
            return
        meeting_id = self.current.id
        answer = QMessageBox.question(
            self,
            self.tr("Delete"),
            self.tr("Delete the planned meeting \u201c%1\u201d?").replace("%1", self.current.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.run_action(lambda s: meeting_service.delete_meeting(s, self.ctx.actor, meeting_id))
        self.current = None
        self.reload()

    def open_meeting(self) -> None:
        if self.current is None:
            return
        meeting_id = self.current.id
        status = self.run_action(
            lambda s: meeting_service.open_meeting(s, self.ctx.actor, meeting_id)
        )
        if status is not None:
            self.ctx.status(
                self.tr("Meeting opened: %1 members expected, %2 needed for a quorum.")
                .replace("%1", str(status.members_total))
                .replace("%2", str(status.needed))
            )
            self.reload(meeting_id)
            self.tabs.setCurrentWidget(self.desk)
            self.desk.entry.setFocus()

    def close_meeting(self) -> None:
        if self.current is None:
            return
        meeting_id = self.current.id
        answer = QMessageBox.question(
            self,
            self.tr("Close the meeting"),
            self.tr(
                "Close the meeting? Whoever has not signed in is recorded absent, and the meeting becomes read-only."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if (
            self.run_action(lambda s: meeting_service.close_meeting(s, self.ctx.actor, meeting_id))
            is not None
        ):
            self.reload(meeting_id)

    # ------------------------------------------------------------ agenda
    def _selected(self, view: QTableView, model: PagedTableModel) -> Any:
        indexes = view.selectionModel().selectedRows()
        return model.row_at(indexes[0].row()) if indexes else None

    def add_item(self) -> None:
        if self.current is None:
            return
        dialog = AgendaItemDialog(None, self)
        if run_modal(dialog) != AgendaItemDialog.DialogCode.Accepted:
            return
        reason = self._reason()
        if reason is None:
            return
        meeting_id = self.current.id
        if self.run_action(
            lambda s: agenda_service.add_item(
                s, self.ctx.actor, meeting_id, reason=reason, **dialog.values()
            )
        ):
            self._load_current()

    def edit_item(self) -> None:
        item: AgendaItemRow | None = self._selected(self.agenda_view, self.agenda_model)
        if item is None:
            return
        dialog = AgendaItemDialog(item, self)
        if run_modal(dialog) != AgendaItemDialog.DialogCode.Accepted:
            return
        reason = self._reason()
        if reason is None:
            return
        if self.run_action(
            lambda s: agenda_service.update_item(
                s, self.ctx.actor, item.id, reason=reason, **dialog.values()
            )
        ):
            self._load_current()

    def remove_item(self) -> None:
        item: AgendaItemRow | None = self._selected(self.agenda_view, self.agenda_model)
        if item is None:
            return
        reason = self._reason()
        if reason is None:
            return
        self.run_action(
            lambda s: agenda_service.remove_item(s, self.ctx.actor, item.id, reason=reason)
        )
        self._load_current()

    def move_item(self, delta: int) -> None:
        item: AgendaItemRow | None = self._selected(self.agenda_view, self.agenda_model)
        if item is None or self.current is None:
            return
        reason = self._reason()
        if reason is None:
            return
        order = self.run_action(
            lambda s: agenda_service.move_item(s, self.ctx.actor, item.id, delta, reason=reason)
        )
        if order is None:
            return
        self._load_current()
        row = next(i for i, it in enumerate(self.items) if it.id == item.id)
        self.agenda_view.selectRow(row)
        self.agenda_view.setFocus()

    # ------------------------------------------------------------ resolutions and minutes
    def add_resolution(self) -> None:
        if self.current is None:
            return
        dialog = ResolutionDialog(None, self.items, self)
        if run_modal(dialog) != ResolutionDialog.DialogCode.Accepted:
            return
        reason = self._reason()
        if reason is None:
            return
        meeting_id = self.current.id
        if self.run_action(
            lambda s: minutes_service.add_resolution(
                s, self.ctx.actor, meeting_id, reason=reason, **dialog.values()
            )
        ):
            self._load_current()

    def edit_resolution(self) -> None:
        res: ResolutionRow | None = self._selected(self.res_view, self.res_model)
        if res is None:
            return
        dialog = ResolutionDialog(res, self.items, self)
        if run_modal(dialog) != ResolutionDialog.DialogCode.Accepted:
            return
        reason = self._reason()
        if reason is None:
            return
        if self.run_action(
            lambda s: minutes_service.update_resolution(
                s, self.ctx.actor, res.id, reason=reason, **dialog.values()
            )
        ):
            self._load_current()

    def remove_resolution(self) -> None:
        res: ResolutionRow | None = self._selected(self.res_view, self.res_model)
        if res is None:
            return
        reason = self._reason()
        if reason is None:
            return
        self.run_action(
            lambda s: minutes_service.remove_resolution(s, self.ctx.actor, res.id, reason=reason)
        )
        self._load_current()

    def save_minutes_text(self) -> None:
        if self.current is None:
            return
        reason = self._reason()
        if reason is None:
            return
        meeting_id, text = self.current.id, self.minutes_edit.toPlainText()
        if self.run_action(
            lambda s: meeting_service.update_meeting(
                s, self.ctx.actor, meeting_id, reason=reason, minutes_text=text
            )
        ):
            self.ctx.status(self.tr("Minutes text saved."))
            self._load_current()

    # ------------------------------------------------------------ printing
    def print_paper(self, key: str, label: str) -> None:
        if self.current is None:
            return
        meeting_id, title = self.current.id, self.current.title
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.ctx.db.session() as s:
                pdf = meeting_papers.PAPERS[key](s, self.ctx.actor, meeting_id)
        except AppError as err:
            self.show_error(err)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.preview_factory(pdf, f"{title} · {label}", f"{title}{label}.pdf")

    def _preview(self, pdf: bytes, title: str, filename: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        run_modal(dialog)
        return dialog
