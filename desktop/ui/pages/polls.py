"""表决计票: polls on paper ballots — set up, print ballots and the test deck, open the vote
on a quorum, enter ballots by keyboard (one or two passes), settle mismatches, certify,
print the results report, correct after certification, export for an independent recount."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, gettext
from desktop.reports import ballots as ballot_report
from desktop.reports import result_notice, tally_report
from desktop.services import meetings as meeting_service
from desktop.services import polls
from desktop.services.counting import tally_io
from desktop.services.meetings import agenda as agenda_service
from desktop.services.permissions import Permission
from desktop.services.polls import PollSummary, PollView, ballots
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from desktop.ui.dialogs.poll_dialogs import (
    CertifyDialog,
    CorrectDialog,
    DecideDialog,
    NewPollDialog,
    PrintDialog,
)
from desktop.ui.guard import allow
from desktop.ui.pages.base import Page
from desktop.ui.tasks import Cancelled, Progress
from desktop.ui.widgets.ballot_entry import BallotEntry
from desktop.ui.widgets.fit import fit_columns
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort


class PollsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[PollSummary] = []
        self.current: PollView | None = None
        self.preview_factory: Callable[[bytes, str, str], Any] = self._preview
        #: Asks why double entry changes after ballots were entered; replaced in tests.
        self.double_entry_reason_prompt: Callable[[bool], str | None] = (
            self._ask_double_entry_reason
        )
        self.tasks = ctx.tasks

        self.model = PagedTableModel(
            [
                Column("title", self.tr("Poll")),
                Column(
                    "kind", self.tr("Kind"), format=lambda k: gettext(polls.KIND_LABELS.get(k, k))
                ),
                Column(
                    "status",
                    self.tr("Status"),
                    format=lambda s: gettext(polls.STATUS_LABELS.get(s, s)),
                ),
                Column("entered", self.tr("Entered"), align_right=True),
                Column("meeting_title", self.tr("Meeting")),
            ],
            self._fetch,
        )
        self.view = QTableView()
        self.view.setObjectName("poll_list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._select(cur.row())
        )

        self.new_button = QPushButton(self.tr("New poll"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.clicked.connect(self.new_poll)
        self.open_button = QPushButton(self.tr("Open the vote"))
        self.open_button.clicked.connect(self.open_vote)
        self.close_button = QPushButton(self.tr("Close the vote"))
        self.close_button.clicked.connect(self.close_vote)
        self.certify_button = QPushButton(self.tr("Certify…"))
        self.certify_button.clicked.connect(self.certify)
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("Print"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        self.print_ballots_action = menu.addAction(self.tr("Ballots…"))
        self.print_ballots_action.triggered.connect(self.print_ballots)
        self.print_deck_action = menu.addAction(self.tr("Test deck (样票)"))
        self.print_deck_action.triggered.connect(self.print_sample_deck)
        menu.addAction(self.tr("Test deck expected result")).triggered.connect(
            self.print_sample_expected
        )
        menu.addAction(self.tr("Results report (计票结果报告单)")).triggered.connect(
            self.print_report
        )
        menu.addAction(self.tr("Correction supplement")).triggered.connect(self.print_supplement)
        self.announcement_action = menu.addAction(self.tr("Result announcement (选举结果公告)"))
        self.announcement_action.triggered.connect(self.print_announcement)
        self.print_button.setMenu(menu)
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        more.addAction(self.tr("Check the test deck")).triggered.connect(self.check_sample_deck)
        more.addAction(
            self.tr("Export for recount (SPEC.json + BALLOTS.jsonl)…")
        ).triggered.connect(self.export)
        self.correct_action = more.addAction(self.tr("Correct a certified result…"))
        self.correct_action.triggered.connect(self.correct)
        self.double_entry_action = more.addAction(self.tr("Switch double entry on or off"))
        self.double_entry_action.triggered.connect(self.toggle_double_entry)
        self.more_button.setMenu(more)
        bar = QHBoxLayout()
        for w in (
            self.new_button,
            self.open_button,
            self.close_button,
            self.certify_button,
            self.print_button,
            self.more_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)

        self.header = QLabel()
        self.header.setObjectName("poll_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.pass_box = QComboBox()
        self.pass_box.addItem(self.tr("Pass 1"), 1)
        self.pass_box.addItem(self.tr("Pass 2 (double entry)"), 2)
        self.pass_box.currentIndexChanged.connect(lambda _i: self._load_entry())
        self.entry = BallotEntry(ctx)
        self.entry.entered.connect(self._entered)
        entry_tab = QWidget()
        entry_layout = QVBoxLayout(entry_tab)
        pass_row = QHBoxLayout()
        pass_row.addWidget(QLabel(self.tr("Entry pass")))
        pass_row.addWidget(self.pass_box)
        pass_row.addStretch(1)
        entry_layout.addLayout(pass_row)
        entry_layout.addWidget(self.entry, 1)

        self.tally_text = QPlainTextEdit()
        self.tally_text.setObjectName("tally_text")
        self.tally_text.setReadOnly(True)
        self.mismatch_list = QListWidget()
        self.mismatch_list.setObjectName("mismatch_list")
        self.decide_button = QPushButton(self.tr("Decide the selected mismatch…"))
        self.decide_button.clicked.connect(self.decide)
        tally_tab = QWidget()
        tally_layout = QVBoxLayout(tally_tab)
        tally_layout.addWidget(self.tally_text, 2)
        tally_layout.addWidget(QLabel(self.tr("Double-entry mismatches")))
        tally_layout.addWidget(self.mismatch_list, 1)
        tally_layout.addWidget(self.decide_button)

        self.log_list = QListWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(entry_tab, self.tr("Ballot entry"))
        self.tabs.addTab(tally_tab, self.tr("Tally"))
        self.tabs.addTab(self.log_list, self.tr("Print log"))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tally())

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 880])
        layout = QVBoxLayout(self)
        # The buttons span the page (as on the meetings page): above the list alone they
        # were clipped by the splitter at 1366 px.
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # ------------------------------------------------------------ list

    def _fetch(self, offset: int, limit: int, sort: Sort) -> list[PollSummary]:
        data = self.rows
        if sort is not None:
            key, descending = sort
            data = sorted(self.rows, key=lambda r: str(getattr(r, key)), reverse=descending)
        return data[offset : offset + limit]

    def activate(self) -> None:
        current_id = self.current.id if self.current else None
        with self.ctx.db.session() as s:
            self.rows[:] = polls.list_polls(s)
        self.model.reload()
        fit_columns(self.view, {0: 260, 4: 280})  # poll and meeting names, cut with a tooltip
        ids = [r.id for r in self.rows]
        row = ids.index(current_id) if current_id in ids else (0 if ids else -1)
        if row >= 0:
            self.view.selectRow(row)
            self._select(row)
        else:
            self._select(-1)

    def select_poll(self, poll_id: str) -> None:
        ids = [r.id for r in self.rows]
        if poll_id in ids:
            self.view.selectRow(ids.index(poll_id))
            self._select(ids.index(poll_id))

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            with self.ctx.db.session() as s:
                self.current = polls.get_poll(s, self.rows[row].id)
        else:
            self.current = None
        self._load_entry()
        self._refresh_header()
        self._refresh_tally()
        self._update_buttons()

    def _load_entry(self) -> None:
        poll = self.current
        usable = (
            poll is not None
            and poll.status != "certified"
            and self.ctx.can(Permission.ENTER_BALLOTS)
        )
        entry_pass = int(self.pass_box.currentData() or 1)
        if poll is not None and not poll.double_entry:
            entry_pass = 1
        self.pass_box.setEnabled(bool(poll and poll.double_entry))
        self.entry.set_poll(poll.id if poll and usable else None, entry_pass)
        if poll is not None and poll.status == "certified":
            self.entry.title.setText(gettext(N_("The poll is certified and locked")))

    def _refresh_header(self) -> None:
        poll = self.current
        if poll is None:
            self.header.setText(self.tr("No poll selected"))
            return
        parts = [
            poll.title,
            gettext(polls.KIND_LABELS[poll.kind]),
            gettext(polls.STATUS_LABELS[poll.status]),
            self.tr("code %1").replace("%1", poll.short_id),
            self.tr("printed %1, issued %2")
            .replace("%1", str(poll.printed))
            .replace("%2", str(poll.issued)),
        ]
        if poll.kind == "selection":
            parts.append(
                self.tr("choose %1 of %2")
                .replace("%1", str(poll.quota))
                .replace("%2", str(len(poll.options)))
            )
        if poll.meeting_title:
            parts.append(poll.meeting_title)
        self.header.setText(" · ".join(parts))

    def _refresh_tally(self) -> None:
        self.mismatch_list.clear()
        self.log_list.clear()
        poll = self.current
        if poll is None:
            self.tally_text.setPlainText("")
            return
        with self.ctx.db.session() as s:
            view = polls.tally_view(s, poll.id)
            cert = polls.latest_certificate(s, poll.id)
            log = polls.print_log(s, poll.id)
            progress = polls.entry_progress(s, poll.id)
        self._show_entered(progress.first)
        result = tally_io.result_to_dict(view.result)
        mismatches = list(view.mismatches)
        if not progress.finished and cert is None:
            # While ballots are still being entered, show how far entry has got — not
            # verdicts on a half-entered box; only ballots both passes have entered and
            # that disagree are listed.
            lines = progress.lines()
            mismatches = [m for m in mismatches if m.first is not None and m.second is not None]
        else:
            lines = [*polls.result_lines(poll, result), "", *self._verdict(view, cert)]
        self.tally_text.setPlainText("\n".join(lines))
        for m in mismatches:
            first = (
                "—"
                if m.first is None
                else (
                    "废票"
                    if m.first.void
                    else " ".join(
                        f"{k}{polls.MARK_WORDS.get(v, v)[0]}"
                        for k, v in sorted(m.first.marks.items())
                    )
                    or "空白"
                )
            )
            second = (
                "—"
                if m.second is None
                else (
                    "废票"
                    if m.second.void
                    else " ".join(
                        f"{k}{polls.MARK_WORDS.get(v, v)[0]}"
                        for k, v in sorted(m.second.marks.items())
                    )
                    or "空白"
                )
            )
            self.mismatch_list.addItem(f"{m.serial:04d}  一录：{first}  |  二录：{second}")
        for entry in log:
            kind = "样票" if entry.test_deck else "选票"
            when = entry.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.log_list.addItem(
                f"{when}  {entry.printed_by}  {kind} {entry.first_serial}–{entry.last_serial}（{entry.count}张，{entry.layout.upper()}）"
            )
        self._mismatches = mismatches
        self._tally = view

    @staticmethod
    def _verdict(view: polls.TallyView, cert: polls.CertificateView | None) -> list[str]:
        """Certified (and by whom), what still blocks certification, or that it can be."""
        if cert is not None:
            lines = [
                gettext(N_("Certified by {name}; result code {code}")).format(
                    name=cert.certified_by, code=cert.short_code
                )
            ]
            if cert.kind == "correction":
                lines.append(
                    gettext(N_("Corrected after certification: {reason}")).format(
                        reason=cert.reason
                    )
                )
            return lines
        if view.blockers:
            return [gettext(N_("Cannot be certified yet:"))] + [f"  · {b}" for b in view.blockers]
        return [gettext(N_("Every invariant holds; the result can be certified."))]

    def _update_buttons(self) -> None:
        poll = self.current
        status = poll.status if poll else ""
        edit = self.ctx.can(Permission.EDIT_DATA)
        self.new_button.setEnabled(edit)
        self.open_button.setEnabled(edit and status == "draft")
        self.close_button.setEnabled(edit and status in ("open", "counting"))
        self.certify_button.setEnabled(self.ctx.can(Permission.CERTIFY) and status == "counting")
        self.print_button.setEnabled(poll is not None)
        self.announcement_action.setEnabled(status == "certified")
        self.more_button.setEnabled(poll is not None)
        self.decide_button.setEnabled(self.ctx.can(Permission.CERTIFY))
        actor = self.ctx.actor
        allow(self.print_ballots_action, actor, Permission.PRINT_BALLOTS)
        allow(self.print_deck_action, actor, Permission.PRINT_BALLOTS)
        allow(self.correct_action, actor, Permission.CORRECT_CERTIFIED)
        allow(self.double_entry_action, actor, Permission.EDIT_DATA)

    def _entered(self) -> None:
        """After each ballot: the list's 已录入 count of this poll (one index count); the
        tally is recomputed only when its tab is shown."""
        self.ctx.status(self.entry.flag.text())
        if self.current is not None:
            with self.ctx.db.session() as s:
                progress = polls.entry_progress(s, self.current.id)
            self._show_entered(progress.first)
            if self.tabs.currentIndex() == 1:
                self._refresh_tally()

    def _show_entered(self, count: int) -> None:
        """Put the current poll's pass-1 count in the list's 已录入 column."""
        poll = self.current
        if poll is None:
            return
        for i, row in enumerate(self.rows):
            if row.id == poll.id and row.entered != count:
                self.rows[i] = replace(row, entered=count)
        column = next(n for n, c in enumerate(self.model.columns) if c.key == "entered")
        for i, row in enumerate(self.model.rows):
            if row.id == poll.id and row.entered != count:
                self.model.rows[i] = replace(row, entered=count)
                index = self.model.index(i, column)
                self.model.dataChanged.emit(index, index)

    def _reload(self) -> None:
        self.activate()

    def _run(self, action: Callable[[], Any], done: str = "") -> Any:
        try:
            result = action()
        except AppError as err:
            self.show_error(err)
            return None
        if done:
            self.ctx.status(done)
        self._reload()
        return result

    # ------------------------------------------------------------ lifecycle

    def new_poll(self) -> None:
        with self.ctx.db.session() as s:
            meeting_rows = meeting_service.list_meetings(s, self.ctx.actor)
            meetings = [(m.id, m.title) for m in meeting_rows if m.status != "closed"]
            agenda = {
                m_id: [
                    (i.id, f"{i.position}. {i.title}")
                    for i in agenda_service.list_items(s, self.ctx.actor, m_id)
                    if i.kind == "vote"
                ]
                for m_id, _t in meetings
            }
        dialog = NewPollDialog(meetings, agenda, self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()

        def create() -> PollView:
            with self.ctx.db.transaction() as s:
                return polls.create_poll(
                    s,
                    self.ctx.actor,
                    title=v.title,
                    kind=v.kind,
                    options=v.options,
                    quota=v.quota,
                    levels=v.levels,
                    positive_levels=v.positive_levels,
                    threshold_base=v.threshold_base,
                    threshold_ratio=v.threshold_ratio,
                    threshold_strict=v.threshold_strict,
                    meeting_id=v.meeting_id,
                    agenda_item_id=v.agenda_item_id,
                    members_total=v.members_total,
                    present=v.present,
                    double_entry=v.double_entry,
                )

        created = self._run(create, self.tr("Poll created"))
        if created is not None:
            self.select_poll(created.id)

    def open_vote(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id

        def go() -> None:
            with self.ctx.db.transaction() as s:
                polls.open_poll(s, self.ctx.actor, poll_id)

        self._run(go, self.tr("The vote is open"))

    def close_vote(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id
        issued, ok = QInputDialog.getInt(
            self,
            self.tr("Close the vote"),
            self.tr("Ballots issued (发出票数):"),
            max(self.current.present, self.current.issued),
            0,
            100000,
        )
        if not ok:
            return

        def go() -> None:
            with self.ctx.db.transaction() as s:
                polls.close_voting(s, self.ctx.actor, poll_id, issued)

        self._run(go, self.tr("Voting closed"))

    def toggle_double_entry(self) -> None:
        if self.current is None:
            return
        poll_id, value = self.current.id, not self.current.double_entry
        with self.ctx.db.session() as s:
            entered = polls.ballots_entered(s, poll_id)
        reason = ""
        if entered:  # fixed once counting started: a scrutineer changes it, with a reason
            reason = self.double_entry_reason_prompt(value) or ""
            if not reason:
                return

        def go() -> None:
            with self.ctx.db.transaction() as s:
                polls.set_double_entry(s, self.ctx.actor, poll_id, value, reason=reason)

        self._run(go, self.tr("Double entry on") if value else self.tr("Double entry off"))

    def _ask_double_entry_reason(self, on: bool) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Double entry"),
            (
                self.tr("Ballots have been entered. Why switch double entry on?")
                if on
                else self.tr(
                    "Ballots have been entered. Why switch double entry off? "
                    "Open mismatches stay until a scrutineer decides them."
                )
            ),
        )
        return text.strip() if ok and text.strip() else None

    def certify(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id
        with self.ctx.db.session() as s:
            view = polls.tally_view(s, poll_id)
        if not view.certifiable:
            QMessageBox.warning(self, self.tr("Cannot certify"), "\n".join(view.blockers))
            return
        summary = "\n".join(polls.result_lines(view.poll, tally_io.result_to_dict(view.result)))
        dialog = CertifyDialog(summary, self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return

        def go() -> polls.CertificateView:
            with self.ctx.db.transaction() as s:
                return polls.certify(
                    s,
                    self.ctx.actor,
                    poll_id,
                    counters=dialog.counters.text(),
                    scrutineers=dialog.scrutineers.text(),
                    chief_scrutineer=dialog.chief.text(),
                )

        if self._run(go, self.tr("Result certified")) is not None:
            self.print_report()

    def decide(self) -> None:
        row = self.mismatch_list.currentRow()
        if self.current is None or row < 0 or row >= len(getattr(self, "_mismatches", [])):
            return
        mismatch = self._mismatches[row]
        dialog = DecideDialog(self.current, mismatch, self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice.currentData()
        record = {"first": mismatch.first, "second": mismatch.second}.get(choice)
        poll_id = self.current.id

        def go() -> None:
            with self.ctx.db.transaction() as s:
                ballots.decide_mismatch(
                    s,
                    self.ctx.actor,
                    poll_id,
                    mismatch.serial,
                    marks=None if record is None else dict(record.marks),
                    void=bool(record and record.void),
                    void_reason=gettext(ballots.VOID_REASONS[0]) if record and record.void else "",
                    reason=dialog.reason.text(),
                )

        self._run(go, self.tr("Mismatch decided"))

    def correct(self) -> None:
        if self.current is None:
            return
        dialog = CorrectDialog(self.current, self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        poll_id = self.current.id

        def go() -> polls.CertificateView:
            with self.ctx.db.transaction() as s:
                return polls.correct(
                    s,
                    self.ctx.actor,
                    poll_id,
                    serial=dialog.serial.value(),
                    marks=dialog.marks(),
                    void=dialog.void.isChecked(),
                    void_reason=dialog.void_reason.text(),
                    reason=dialog.reason.text(),
                )

        if self._run(go, self.tr("Correction recorded")) is not None:
            self.print_supplement()

    def check_sample_deck(self) -> None:
        if self.current is None:
            return
        with self.ctx.db.session() as s:
            check = ballots.check_sample_deck(s, self.current.id)
        if check.ok:
            QMessageBox.information(
                self,
                self.tr("Test deck"),
                self.tr("The test deck was counted exactly as expected."),
            )
            return
        text = self.tr("The test deck does not match the expected result.")
        if check.missing:
            text += "\n" + self.tr("Not entered: %1").replace(
                "%1", "、".join(f"T{s}" for s in check.missing)
            )
        if check.differing:
            text += "\n" + self.tr("Entered differently: %1").replace(
                "%1", "、".join(f"T{s}" for s in check.differing)
            )
        QMessageBox.warning(self, self.tr("Test deck"), text)

    def export(self) -> None:
        if self.current is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export for recount"), str(self.ctx.paths.exports)
        )
        if not folder:
            return
        poll_id = self.current.id

        target = Path(folder) / f"poll-{self.current.short_id}"

        def go() -> tuple[Path, Path]:
            with self.ctx.db.session() as s:
                return polls.export_recount(s, poll_id, target)

        paths = self._run(go)
        if paths:
            self.ctx.status(self.tr("Exported to %1").replace("%1", str(paths[0].parent)))

    # ------------------------------------------------------------ printing

    def _pdf(self, make: Callable[[], bytes], title: str, filename: str) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = make()
        except AppError as err:
            QGuiApplication.restoreOverrideCursor()
            self.show_error(err)
            return
        QGuiApplication.restoreOverrideCursor()
        self._reload()
        self.preview_factory(pdf, title, filename)

    def print_ballots(self) -> None:
        """Make the ballots off the GUI thread (hundreds take seconds), with a progress
        dialog that can cancel; the print run is logged once the PDF is made."""
        if self.current is None:
            return
        with self.ctx.db.session() as s:
            default_count = polls.ballots_to_print(s, self.current.id)
        dialog = PrintDialog(self.current, self, default_count)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        poll_id, short_id = self.current.id, self.current.short_id
        count, layout = dialog.count.value(), dialog.layout_box.currentData()
        font = self.ctx.settings.pdf_font_path
        try:
            with self.ctx.db.session() as s:
                job = ballot_report.plan_print(s, poll_id, count)
        except AppError as err:
            self.show_error(err)
            return
        progress_dialog = QProgressDialog(
            self.tr("Making the ballots…"), self.tr("Cancel"), 0, count, self
        )
        progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        progress_dialog.setMinimumDuration(400)
        self.progress_dialog = progress_dialog

        def work(progress: Progress) -> bytes:
            return job.render(
                layout=layout, font_path=font, progress=lambda done, total: progress(done, total)
            )

        def done(pdf: bytes) -> None:
            progress_dialog.reset()
            try:
                with self.ctx.db.transaction() as s:
                    polls.log_print(
                        s,
                        self.ctx.actor,
                        poll_id,
                        count=count,
                        layout=layout,
                        expected_first=job.first,
                    )
            except AppError as err:
                self.show_error(err)
                return
            self._reload()
            self.preview_factory(pdf, self.tr("Ballots"), f"ballots-{short_id}.pdf")

        def failed(exc: BaseException) -> None:
            progress_dialog.reset()
            if not isinstance(exc, Cancelled):
                self.show_error(exc)

        running = self.tasks.run(
            work,
            on_done=done,
            on_error=failed,
            on_progress=lambda d, _t, _x: progress_dialog.setValue(d),
            owner=self,
        )
        progress_dialog.canceled.connect(running.cancel)

    def print_sample_deck(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id
        font = self.ctx.settings.pdf_font_path

        def make() -> bytes:
            with self.ctx.db.transaction() as s:
                return ballot_report.print_sample_deck(s, self.ctx.actor, poll_id, font_path=font)

        self._pdf(make, self.tr("Test deck (样票)"), f"test-deck-{self.current.short_id}.pdf")

    def print_sample_expected(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id

        def make() -> bytes:
            with self.ctx.db.session() as s:
                return tally_report.sample_deck_expected_pdf(s, poll_id)

        self._pdf(
            make,
            self.tr("Test deck expected result"),
            f"test-deck-expected-{self.current.short_id}.pdf",
        )

    def print_report(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id

        def make() -> bytes:
            with self.ctx.db.session() as s:
                return tally_report.tally_report_pdf(s, poll_id)

        self._pdf(make, self.tr("Results report"), f"tally-report-{self.current.short_id}.pdf")

    def print_announcement(self) -> None:
        """选举结果公告 of a certified poll (the service refuses an uncertified one)."""
        if self.current is None:
            return
        poll_id = self.current.id

        def make() -> bytes:
            with self.ctx.db.session() as s:
                return result_notice.result_notice_pdf(s, poll_id)

        self._pdf(
            make, self.tr("Result announcement"), f"result-notice-{self.current.short_id}.pdf"
        )

    def print_supplement(self) -> None:
        if self.current is None:
            return
        poll_id = self.current.id

        def make() -> bytes:
            with self.ctx.db.session() as s:
                return tally_report.correction_supplement_pdf(s, poll_id)

        self._pdf(
            make, self.tr("Correction supplement"), f"tally-correction-{self.current.short_id}.pdf"
        )

    def _preview(self, pdf: bytes, title: str, filename: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        run_modal(dialog)
        return dialog
