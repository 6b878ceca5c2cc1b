"""同步: what is waiting, what happened, and the records that need a person's decision."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, gettext
from desktop.services.permissions import Permission
from desktop.sync import batchfile, client
from desktop.sync import results as sync_results
from desktop.sync.client import SyncStatus
from desktop.sync.cycle import CycleReport, street_devices
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.pages.base import Page
from desktop.ui.tasks import Progress
from desktop.ui.widgets.fit import install_elided_tooltips
from desktop.ui.widgets.sync_status import SyncController

ENTITY_LABELS = {
    "street": N_("Street"),
    "community": N_("Community"),
    "term": N_("Term"),
    "representative": N_("Representative"),
    "station": N_("Station"),
    "deputy": N_("Deputy"),
    "deputy_contact": N_("Deputy contact"),
    "meeting": N_("Meeting"),
    "attendance": N_("Attendance"),
    "agenda_item": N_("Agenda item"),
    "resolution": N_("Resolution"),
}
BATCH_STATES = {"sealed": N_("Waiting"), "acked": N_("Acknowledged"), "failed": N_("Refused")}
ACK_SOURCES = {"http": N_("Network"), "file": N_("USB file"), "watermark": N_("Network"), "": ""}
ISSUE_REASONS = {
    "version_conflict": N_("Changed on the server by another installation"),
    "invalid_op": N_("The server found the record malformed"),
    "unknown_schema_rev": N_("The server does not accept this data version yet"),
    "unknown_entity": N_("The server does not accept this kind of record yet"),
    "street_mismatch": N_("The record belongs to another street"),
    "street_forbidden": N_("The record belongs to another street"),
    "protected": N_("Certified or closed on the server: the server's version stands"),
    "poll_claimed": N_("The ballots of this poll are entered on another computer"),
}
ISSUE_KINDS = {"conflict": N_("Conflict"), "rejected": N_("Rejected")}


def _when(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M") if dt is not None else "—"


def _item(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class SyncPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._controller: SyncController | None = None

        self.banner = QLabel()
        self.banner.setObjectName("syncBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#fdecea; color:#b00020; padding:8px; border-radius:4px;"
        )
        self.banner.hide()

        self.server = QLabel()
        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.last_success = QLabel()
        self.last_error = QLabel()
        self.last_error.setObjectName("syncLastError")
        self.last_error.setWordWrap(True)
        self.next_attempt = QLabel()
        self.received = QLabel()
        self.received.setObjectName("syncReceived")
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Waiting to send"), self.pending)
        form.addRow(self.tr("Last success"), self.last_success)
        form.addRow(self.tr("Last error"), self.last_error)
        form.addRow(self.tr("Next attempt"), self.next_attempt)
        form.addRow(self.tr("Changes from other computers"), self.received)
        box = QGroupBox(self.tr("Status"))
        box.setLayout(form)

        self.push_button = QPushButton(self.tr("Sync now"))
        self.push_button.setObjectName("syncNow")
        self.push_button.clicked.connect(self._push)
        self.enrol_button = QPushButton(self.tr("Enrol…"))
        self.enrol_button.setObjectName("syncEnrol")
        self.enrol_button.clicked.connect(self._enrol)
        self.export_button = QPushButton(self.tr("Export to USB…"))
        self.export_button.clicked.connect(self._export)
        self.import_button = QPushButton(self.tr("Import acknowledgement…"))
        self.import_button.clicked.connect(self._import_ack)
        self.settings_button = QPushButton(self.tr("Connection settings…"))
        self.settings_button.clicked.connect(self._settings)
        self.settings_button.setEnabled(ctx.can(Permission.MANAGE_SETTINGS))
        self.restore_button = QPushButton(self.tr("Restore from the server…"))
        self.restore_button.setObjectName("syncRestore")
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.hide()
        self.enrol_button.setEnabled(ctx.can(Permission.MANAGE_SETTINGS))
        buttons = QHBoxLayout()
        for b in (
            self.push_button,
            self.enrol_button,
            self.export_button,
            self.import_button,
            self.settings_button,
            self.restore_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.batches = QTableWidget(0, 9)
        self.batches.setObjectName("syncBatches")
        self.batches.setHorizontalHeaderLabels(
            [
                self.tr("Seq"),
                self.tr("Number of changes"),
                self.tr("State"),
                self.tr("Sealed"),
                self.tr("Acknowledged"),
                self.tr("Via"),
                self.tr("Applied"),
                self.tr("Conflicts / rejected"),
                self.tr("Size"),
            ]
        )
        self._setup_table(self.batches)

        self.issues = QTableWidget(0, 6)
        self.issues.setObjectName("syncIssues")
        self.issues.setHorizontalHeaderLabels(
            [
                self.tr("Kind"),
                self.tr("Record"),
                self.tr("Versions (mine / server)"),
                self.tr("Mine"),
                self.tr("Server's"),
                self.tr("Reason"),
            ]
        )
        self._setup_table(self.issues)
        header = self.issues.horizontalHeader()
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.issues.itemSelectionChanged.connect(self._issue_selected)
        self.compare = QTableWidget(0, 3)
        self.compare.setObjectName("syncCompare")
        self.compare.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("This computer's version"), self.tr("Server's version")]
        )
        self._setup_table(self.compare)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        compare_header = self.compare.horizontalHeader()
        for column in (1, 2):
            compare_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.keep_button = QPushButton(self.tr("Keep mine"))
        self.keep_button.setObjectName("keepMine")
        self.keep_button.setToolTip(self.tr("Send my version again, on top of the server's"))
        self.keep_button.clicked.connect(lambda: self._resolve(keep=True))
        self.take_button = QPushButton(self.tr("Take the server's"))
        self.take_button.setObjectName("takeServer")
        self.take_button.setToolTip(self.tr("Replace my record by the server's version"))
        self.take_button.clicked.connect(lambda: self._resolve(keep=False))
        issue_buttons = QHBoxLayout()
        issue_buttons.addWidget(self.keep_button)
        issue_buttons.addWidget(self.take_button)
        issue_buttons.addStretch(1)
        issues_box = QGroupBox(self.tr("To review"))
        issues_layout = QVBoxLayout(issues_box)
        issues_split = QSplitter(Qt.Orientation.Horizontal)
        issues_split.addWidget(self.issues)
        issues_split.addWidget(self.compare)
        issues_split.setSizes([500, 500])
        issues_layout.addWidget(issues_split)
        issues_layout.addLayout(issue_buttons)
        batches_box = QGroupBox(self.tr("Batch history"))
        batches_layout = QVBoxLayout(batches_box)
        batches_layout.addWidget(self.batches)
        self.devices = QTableWidget(0, 5)
        self.devices.setObjectName("syncDevices")
        self.devices.setHorizontalHeaderLabels(
            [
                self.tr("Computer"),
                self.tr("Last sent"),
                self.tr("Changes sent"),
                self.tr("Last received"),
                self.tr("Changes received"),
            ]
        )
        self._setup_table(self.devices)
        devices_box = QGroupBox(self.tr("Computers of this street"))
        devices_layout = QVBoxLayout(devices_box)
        devices_layout.addWidget(self.devices)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(issues_box)
        self.split.addWidget(devices_box)
        self.split.addWidget(batches_box)
        self.split.setSizes([260, 130, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        title = QLabel(self.tr("Sync with the city server"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addWidget(self.split, 1)

        self._issue_ids: list[int] = []

    @property
    def controller(self) -> SyncController:
        """The main window's controller (the page is parented to the window only after it
        is built, so this is looked up on first use); a page on its own gets its own."""
        if self._controller is None:
            found = self.window().findChild(SyncController, "syncController")
            controller = (
                found if isinstance(found, SyncController) else SyncController(self.ctx, self)
            )
            controller.status_changed.connect(self._show_status)
            controller.push_started.connect(lambda: self.push_button.setEnabled(False))
            controller.push_finished.connect(self._push_finished)
            self._controller = controller
        return self._controller

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        install_elided_tooltips(table)

    # -------------------------------------------------------------- refresh

    def activate(self) -> None:
        self.controller.refresh()
        self._load_batches()
        self._load_issues()
        self._load_devices()

    def _show_status(self, st: SyncStatus) -> None:
        self.server.setText(st.server_url or self.tr("Not enrolled"))
        waiting = st.pending_ops + st.unacked_ops
        self.pending.setText(
            self.tr("%1 changes (%2 sealed batches)")
            .replace("%1", str(waiting))
            .replace("%2", str(st.unacked_batches))
        )
        self.last_success.setText(_when(st.last_success_at))
        self.last_error.setText(st.last_error or "—")
        self.next_attempt.setText(_when(st.next_attempt_at) if st.next_attempt_at else "—")
        if st.street_head:
            received = (
                self.tr("behind the street by %1 changes").replace("%1", str(st.behind_by))
                if st.behind
                else self.tr("up to date")
            )
            self.received.setText(f"{received}（{_when(st.last_pull_at)}）")
        else:
            self.received.setText("—")
        self.restore_button.setVisible(st.restore in ("restoring", "blocked"))
        self.restore_button.setEnabled(self.ctx.can(Permission.MANAGE_SETTINGS))
        if st.restore == "blocked":
            self.banner.setText(
                self.tr(
                    "The street already has data on the server, and this computer holds data "
                    "of its own that the server has not got. Sending it would put a second "
                    "roster next to the street's. Choose “Restore from the server…”: start "
                    "from the server's data (this computer's file is kept as a backup), or "
                    "cancel the enrolment."
                )
            )
            self.banner.show()
        elif st.restore == "restoring":
            self.banner.setText(
                self.tr(
                    "The street's data is being restored from the server; nothing can be "
                    "changed on this computer until it is complete. Choose “Restore from the "
                    "server…” to continue."
                )
            )
            self.banner.show()
        elif st.needs_enrolment:
            self.banner.setText(
                self.tr(
                    "The server no longer accepts this installation (its key was revoked). "
                    "Changes are kept here. Enrol again with a new code from the district."
                )
            )
            self.banner.show()
        elif not st.enrolled:
            self.banner.setText(
                self.tr("Not enrolled yet: changes are kept here until you enrol with the server.")
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.push_button.setEnabled(
            st.enrolled and not st.needs_enrolment and not self.controller.running
        )
        self.export_button.setEnabled(st.enrolled and not st.needs_enrolment)
        self.import_button.setEnabled(st.enrolled)

    def _load_batches(self) -> None:
        rows = client.batch_history(self.ctx.db)
        self.batches.setRowCount(len(rows))
        for r, b in enumerate(rows):
            values = [
                f"{b.first_seq}–{b.last_seq}",
                b.count,
                gettext(BATCH_STATES.get(b.state, b.state)) + (" *" if b.exported else ""),
                _when(b.sealed_at),
                _when(b.acked_at),
                gettext(ACK_SOURCES.get(b.ack_source, b.ack_source)),
                b.applied + b.duplicates,
                f"{b.conflicts} / {b.rejected}",
                f"{b.bytes / 1024:.1f} KB",
            ]
            for c, v in enumerate(values):
                self.batches.setItem(r, c, _item(v, align_right=c in (1, 6, 8)))

    def _load_issues(self) -> None:
        with self.ctx.db.session() as s:
            issues = sync_results.list_issues(s)
        self._issue_ids = [i.id for i in issues]
        self.issues.setRowCount(len(issues))
        for r, i in enumerate(issues):
            label = gettext(ENTITY_LABELS.get(i.entity, i.entity))
            values = [
                gettext(ISSUE_KINDS.get(i.kind, i.kind)),
                f"{label} {i.title}" if i.title else f"{label} {i.entity_id[-8:]}",
                f"{i.local_version} / {i.server_version if i.server_version is not None else '—'}",
                i.local_summary,
                i.server_summary or "—",
                gettext(ISSUE_REASONS[i.code]) if i.code in ISSUE_REASONS else i.message,
            ]
            for c, v in enumerate(values):
                item = _item(v)
                item.setToolTip(str(v))
                self.issues.setItem(r, c, item)
        self._issue_selected()

    def _issue_selected(self) -> None:
        has = bool(self.issues.selectionModel().selectedRows())
        self.keep_button.setEnabled(has)
        self.take_button.setEnabled(has)
        self._load_compare()

    def _load_compare(self) -> None:
        """Both versions of the selected record, field by field; differing fields marked."""
        issue_id = self.selected_issue()
        rows: list[sync_results.FieldComparison] = []
        if issue_id is not None:
            with self.ctx.db.session() as s:
                rows = sync_results.compare(s, issue_id)
        self.compare.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.label, row.mine, row.theirs)):
                item = _item(value)
                item.setToolTip(value)
                if row.differs:
                    item.setBackground(QColor("#fff3cd"))
                    if c == 0:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.compare.setItem(r, c, item)

    def _load_devices(self) -> None:
        street = street_devices(self.ctx.db)
        self.devices.setRowCount(len(street.devices))
        for r, d in enumerate(street.devices):
            name = d.name + (self.tr("（this computer）") if d.this_pc else "")
            if d.revoked:
                name += self.tr("（revoked）")
            values = [
                name,
                _when(d.last_push_at),
                d.ops_sent,
                _when(d.last_pull_at),
                d.rows_received,
            ]
            for c, v in enumerate(values):
                self.devices.setItem(r, c, _item(v, align_right=c in (2, 4)))

    # -------------------------------------------------------------- actions

    def _push(self) -> None:
        self.controller.push_now()

    def _push_finished(self, result: object) -> None:
        self._load_batches()
        self._load_issues()
        self._load_devices()
        if isinstance(result, CycleReport) and result.ok:
            self.ctx.status(
                self.tr("Sync finished: %1 changes acknowledged.").replace(
                    "%1", str(result.ops_acked)
                )
            )

    def _enrol(self) -> None:
        from desktop.ui.dialogs.enrol import EnrolDialog

        if run_modal(EnrolDialog(self.ctx, self)):
            self.ctx.status(self.tr("Enrolled with the server."))
            self.controller.start(first_delay_ms=1000)
            self.activate()

    def _settings(self) -> None:
        from desktop.ui.dialogs.sync_settings import SyncSettingsDialog

        if run_modal(SyncSettingsDialog(self.ctx, self)):
            self.ctx.status(self.tr("Sync settings saved."))

    def _export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export batch files to"))
        if not folder:
            return
        db = self.ctx.db

        def work(_progress: Progress) -> int:
            return len(batchfile.export_files(db, Path(folder)))

        def done(count: object) -> None:
            self.ctx.status(
                self.tr("%1 batch files written to %2.")
                .replace("%1", str(count))
                .replace("%2", folder)
            )
            self.activate()

        self.run_task(work, success=done, label=self.tr("Writing the batch files…"))

    def _import_ack(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import acknowledgement files"),
            "",
            self.tr("Acknowledgements (*.yishiack)"),
        )
        if not files:
            return
        try:
            for name in files:
                batchfile.import_ack(self.ctx.db, Path(name))
        except AppError as err:
            self.show_error(err)
        self.ctx.status(
            self.tr("%1 acknowledgement files imported.").replace("%1", str(len(files)))
        )
        self.activate()

    def _restore(self) -> None:
        from desktop.sync import restore as sync_restore

        state = client.status(self.ctx.db).restore
        replace = False
        if state == "blocked":
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Restore from the server"))
            box.setText(
                self.tr(
                    "This computer holds data of its own for the street, which already has "
                    "data on the server. Start from the server's data? This computer's "
                    "database file is kept as a backup first."
                )
            )
            start = box.addButton(
                self.tr("Start from the server's data"), QMessageBox.ButtonRole.AcceptRole
            )
            abort = box.addButton(
                self.tr("Cancel the enrolment"), QMessageBox.ButtonRole.RejectRole
            )
            box.addButton(self.tr("Decide later"), QMessageBox.ButtonRole.DestructiveRole)
            run_modal(box)
            if box.clickedButton() is abort:
                try:
                    sync_restore.abort_enrolment(self.ctx.db, self.ctx.actor)
                except AppError as err:
                    self.show_error(err)
                self.activate()
                return
            if box.clickedButton() is not start:
                return
            replace = True
        db, actor, backups = self.ctx.db, self.ctx.actor, self.ctx.paths.backups

        def work(progress: Progress) -> object:
            return sync_restore.restore(
                db,
                actor,
                replace_local=replace,
                backups=backups,
                progress=lambda done, total: progress(done, total),
                should_stop=lambda: progress.cancelled,
            )

        def done(report: object) -> None:
            error = getattr(report, "error", None)
            if error is not None:
                self.show_error(error)
            elif getattr(report, "behind", False):
                self.ctx.status(self.tr("Restore paused; choose it again to continue."))
            else:
                self.ctx.status(self.tr("Restore finished."))
            self.activate()

        def failed(exc: BaseException) -> None:
            self.show_error(exc)
            self.activate()

        self.run_task(
            work,
            success=done,
            failure=failed,
            cancelled=self.activate,
            label=self.tr("Restoring the street's data from the server…"),
        )

    def selected_issue(self) -> int | None:
        rows = self.issues.selectionModel().selectedRows()
        return self._issue_ids[rows[0].row()] if rows else None

    def _resolve(self, keep: bool) -> None:
        issue_id = self.selected_issue()
        if issue_id is None:
            return
        resolve = sync_results.keep_mine if keep else sync_results.take_server
        self.run_action(
            lambda s: resolve(s, self.ctx.actor, issue_id), success=lambda _r: self.activate()
        )
