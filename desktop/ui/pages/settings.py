"""设置: street details, accounts, parameters, database and audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db import backup_to_folder
from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.services import accounts, audit, audit_anchors, audit_labels, home, record_names
from desktop.services import settings as settings_service
from desktop.services import street as street_service
from desktop.services.accounts import UserInfo
from desktop.services.choices import STREET_KINDS
from desktop.services.permissions import ROLE_LABELS, Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.dialogs.accounts import ChangePasswordDialog, ResetPasswordDialog, UserDialog
from desktop.ui.pages.base import Page


def _local(dt: object) -> str:
    from datetime import datetime

    if isinstance(dt, datetime):
        return dt.astimezone().strftime("%Y-%m-%d %H:%M")
    return ""


def _form_in(tab: QWidget) -> QFormLayout:
    """A form of readable width at the top left of ``tab`` (full-width fields on a 1366-pixel
    screen are hard to scan)."""
    box = QWidget()
    box.setMaximumWidth(760)
    form = QFormLayout(box)
    form.setContentsMargins(0, 0, 0, 0)
    outer = QVBoxLayout(tab)
    outer.addWidget(box)
    outer.addStretch(1)
    return form


def _left(button: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._my_account_tab(), self.tr("My account"))
        if ctx.can(Permission.MANAGE_SETTINGS):
            self.tabs.addTab(self._street_tab(), self.tr("Street"))
            self.tabs.addTab(self._parameters_tab(), self.tr("Parameters"))
        if ctx.can(Permission.MANAGE_USERS):
            self.tabs.addTab(self._users_tab(), self.tr("Accounts"))
        self.tabs.addTab(self._data_tab(), self.tr("Data and audit"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.tabs)

    # ---------------------------------------------------------------- my account
    def _my_account_tab(self) -> QWidget:
        tab = QWidget()
        form = _form_in(tab)
        username = QLabel(self.ctx.actor.username)
        username.setObjectName("accountUsername")  # the sign-in name itself (data)
        form.addRow(self.tr("User name"), username)
        form.addRow(self.tr("Name"), QLabel(self.ctx.actor.display_name))
        form.addRow(self.tr("Role"), QLabel(gettext(ROLE_LABELS.get(self.ctx.actor.role, ""))))
        button = QPushButton(self.tr("Change my password…"))
        button.setObjectName("changePassword")
        button.clicked.connect(
            lambda: run_modal(ChangePasswordDialog(self.ctx.db, self.ctx.actor, self))
        )
        form.addRow("", _left(button))
        return tab

    # ---------------------------------------------------------------- street
    def _street_tab(self) -> QWidget:
        tab = QWidget()
        with self.ctx.db.session() as s:
            info = street_service.require_current(s)
        self.street_name = QLineEdit(info.name)
        self.street_kind = QComboBox()
        for kind in STREET_KINDS:
            self.street_kind.addItem(gettext(street_service.KIND_LABELS[kind]), kind)
        self.street_kind.setCurrentIndex(STREET_KINDS.index(info.kind))
        self.street_district = QLineEdit(info.district)
        self.street_city = QLineEdit(info.city)
        code = QLabel(info.code)
        code.setToolTip(self.tr("The division code cannot change: it scopes every synced record."))
        save = QPushButton(self.tr("Save"))
        save.setObjectName("saveStreet")
        save.clicked.connect(self._save_street)
        form = _form_in(tab)
        form.addRow(self.tr("Street name"), self.street_name)
        form.addRow(self.tr("Kind"), self.street_kind)
        form.addRow(self.tr("Division code"), code)
        form.addRow(self.tr("District / county"), self.street_district)
        form.addRow(self.tr("City"), self.street_city)
        form.addRow("", _left(save))
        return tab

    def _save_street(self) -> None:
        try:
            with self.ctx.db.transaction() as s:
                street_service.edit(
                    s,
                    self.ctx.actor,
                    name=self.street_name.text(),
                    kind=str(self.street_kind.currentData()),
                    district=self.street_district.text(),
                    city=self.street_city.text(),
                )
        except AppError as err:
            self.show_error(err)
            return
        self.ctx.status(self.tr("Street details saved."))

    # ---------------------------------------------------------------- parameters
    def _parameters_tab(self) -> QWidget:
        tab = QWidget()
        current = self.ctx.settings
        self.quorum = QComboBox()
        self.quorum.setObjectName("quorumRule")
        self.quorum.addItem(self.tr("More than half of all members"), "more_than_half")
        self.quorum.addItem(self.tr("At least two thirds of all members"), "two_thirds")
        self.quorum.setCurrentIndex(settings_service.QUORUM_RULES.index(current.quorum_rule))
        self.deadline_days = QSpinBox()
        self.deadline_days.setRange(1, 365)
        self.deadline_days.setValue(current.answer_deadline_days)
        self.deadline_mode = QComboBox()
        self.deadline_mode.addItem(self.tr("Calendar days"), "calendar")
        self.deadline_mode.addItem(self.tr("Working days (holiday calendar)"), "working")
        self.deadline_mode.setCurrentIndex(
            settings_service.DEADLINE_MODES.index(current.answer_deadline_mode)
        )
        self.font_path = QLineEdit(current.pdf_font_path)
        self.font_path.setPlaceholderText(self.tr("Automatic (SimSun / WenQuanYi …)"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_font)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_path, 1)
        font_row.addWidget(browse)
        self.document_prefix = QLineEdit(current.document_prefix)
        self.document_prefix.setObjectName("documentPrefix")
        self.document_prefix.setPlaceholderText(
            self.tr("e.g. 解人工 (empty: from the street's name)")
        )
        self.backups_kept = QSpinBox()
        self.backups_kept.setRange(1, 100)
        self.backups_kept.setValue(current.backups_kept)
        self.idle_lock = QSpinBox()
        self.idle_lock.setObjectName("idleLockMinutes")
        self.idle_lock.setRange(0, 240)
        self.idle_lock.setSuffix(self.tr(" min"))
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        self.idle_lock.setValue(current.idle_lock_minutes)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("saveParameters")
        save.clicked.connect(self._save_parameters)
        form = _form_in(tab)
        form.addRow(self.tr("Meeting quorum"), self.quorum)
        form.addRow(self.tr("Answer deadline (days)"), self.deadline_days)
        form.addRow(self.tr("Deadline counted in"), self.deadline_mode)
        form.addRow(self.tr("PDF font file"), font_row)
        form.addRow(self.tr("Document number prefix (机关代字)"), self.document_prefix)
        form.addRow(self.tr("Backups kept"), self.backups_kept)
        form.addRow(self.tr("Lock the screen when idle for"), self.idle_lock)
        form.addRow("", _left(save))
        return tab

    def _choose_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a TrueType font"), "", self.tr("Fonts (*.ttf *.ttc)")
        )
        if path:
            self.font_path.setText(path)

    def _save_parameters(self) -> None:
        try:
            with self.ctx.db.transaction() as s:
                settings_service.update(
                    s,
                    self.ctx.actor,
                    quorum_rule=str(self.quorum.currentData()),
                    answer_deadline_days=self.deadline_days.value(),
                    answer_deadline_mode=str(self.deadline_mode.currentData()),
                    pdf_font_path=self.font_path.text().strip(),
                    document_prefix=self.document_prefix.text().strip(),
                    backups_kept=self.backups_kept.value(),
                    idle_lock_minutes=self.idle_lock.value(),
                )
        except AppError as err:
            self.show_error(err)
            return
        self.ctx.reload_settings()
        self.ctx.status(self.tr("Settings saved."))

    # ---------------------------------------------------------------- users
    def _users_tab(self) -> QWidget:
        tab = QWidget()
        self.users_table = QTableWidget(0, 5)
        self.users_table.setObjectName("usersTable")
        self.users_table.setHorizontalHeaderLabels(
            [
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Status"),
                self.tr("Last sign-in"),
            ]
        )
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users_table.doubleClicked.connect(lambda _i: self._edit_user())
        add = QPushButton(self.tr("New account…"))
        add.setObjectName("newUser")
        add.clicked.connect(self._new_user)
        edit = QPushButton(self.tr("Edit…"))
        edit.clicked.connect(self._edit_user)
        reset = QPushButton(self.tr("Reset password…"))
        reset.clicked.connect(self._reset_password)
        buttons = QHBoxLayout()
        for b in (add, edit, reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.users_table)
        self._users: list[UserInfo] = []
        return tab

    def _load_users(self) -> None:
        with self.ctx.db.session() as s:
            self._users = accounts.list_users(s, self.ctx.actor)
        self.users_table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            status = self.tr("Enabled") if user.active else self.tr("Disabled")
            if user.locked_until is not None and user.locked_until > datetime.now(UTC):
                status = self.tr("Locked")
            cells = [
                user.username,
                user.display_name,
                gettext(ROLE_LABELS.get(user.role, user.role)),
                status,
                _local(user.last_login_at),
            ]
            for col, text in enumerate(cells):
                self.users_table.setItem(row, col, QTableWidgetItem(text))

    def _selected_user(self) -> UserInfo | None:
        rows = self.users_table.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def _new_user(self) -> None:
        if run_modal(UserDialog(self.ctx.db, self.ctx.actor, None, self)):
            self._load_users()

    def _edit_user(self) -> None:
        user = self._selected_user()
        if user and run_modal(UserDialog(self.ctx.db, self.ctx.actor, user, self)):
            self._load_users()

    def _reset_password(self) -> None:
        user = self._selected_user()
        if user and run_modal(ResetPasswordDialog(self.ctx.db, self.ctx.actor, user, self)):
            self.ctx.status(self.tr("Password reset."))

    # ---------------------------------------------------------------- data and audit
    def _data_tab(self) -> QWidget:
        tab = QWidget()
        path = QLabel(str(self.ctx.db.path))
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        backup = QPushButton(self.tr("Back up now"))
        backup.setObjectName("backupNow")
        backup.setEnabled(self.ctx.can(Permission.BACKUP))
        backup.clicked.connect(self._backup)
        verify = QPushButton(self.tr("Verify audit trail"))
        verify.setObjectName("verifyAudit")
        verify.clicked.connect(self._verify_audit)
        self.audit_table = QTableWidget(0, 4)
        self.audit_table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("User"), self.tr("Action"), self.tr("Record")]
        )
        self.audit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.audit_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.audit_table.verticalHeader().setVisible(False)
        self.audit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        form = QFormLayout()
        form.addRow(self.tr("Database file"), path)
        form.addRow(self.tr("Backups folder"), QLabel(str(self.ctx.paths.backups)))
        self.system_figures = QLabel()  # moved here from the home page (issue 18)
        self.system_figures.setObjectName("systemFigures")
        form.addRow(self.tr("Accounts and audit log"), self.system_figures)
        buttons = QHBoxLayout()
        buttons.addWidget(backup)
        buttons.addWidget(verify)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Latest audit entries")))
        layout.addWidget(self.audit_table)
        return tab

    def _backup(self) -> None:
        try:
            target = backup_to_folder(
                self.ctx.db.path, self.ctx.paths.backups, "manual", self.ctx.settings.backups_kept
            )
        except OSError as err:
            QMessageBox.warning(self, self.tr("Backup failed"), str(err))
            return
        with self.ctx.db.transaction() as s:
            anchor = audit_anchors.anchor_backup(s, target)
        self.ctx.status(self.tr("Backup written: %1").replace("%1", str(target)) + "  " + anchor)

    def _verify_audit(self) -> None:
        with self.ctx.db.session() as s:
            result = audit.verify(s)
            anchors = audit_anchors.known(s)
            problems = audit_anchors.check(s, anchors)
        wrong = [audit_anchors.describe(problem) for problem in problems]
        if not result.ok:
            broken = self.tr("The audit trail is broken at entry %1: it was changed outside Yishi.")
            wrong.insert(0, broken.replace("%1", str(result.broken_id)))
        if wrong:
            QMessageBox.critical(self, self.tr("Audit trail"), "\n\n".join(wrong))
        else:
            QMessageBox.information(
                self,
                self.tr("Audit trail"),
                self.tr("The audit trail is intact (%1 entries).").replace(
                    "%1", str(result.rows_checked)
                ),
            )

    def _load_audit(self) -> None:
        with self.ctx.db.session() as s:
            rows = audit.recent(s, 100)
            people = audit.display_names(s)  # 王建国, not "admin"
            found = record_names.names(s, ((row.entity, row.entity_id) for row in rows))
        self.audit_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            record = record_names.shown(found, row.entity, row.entity_id)
            for c, text in enumerate(
                (
                    _local(row.at),
                    people.get(row.username, row.username),
                    audit_labels.describe(row.action),
                    f"{audit_labels.entity_label(row.entity)} {record}".strip(),
                )
            ):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setToolTip(row.action + (f"\n{row.reason}" if row.reason else ""))
                self.audit_table.setItem(r, c, item)

    def activate(self) -> None:
        if self.ctx.can(Permission.MANAGE_USERS):
            self._load_users()
        self._load_audit()
        with self.ctx.db.session() as s:
            figures = home.system_figures(s)
        self.system_figures.setText(" · ".join(f"{gettext(f.label)} {f.value}" for f in figures))
