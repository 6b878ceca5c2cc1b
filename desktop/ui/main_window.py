"""Main window: navigation on the left, one page each, status bar at the bottom."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.i18n import N_, gettext
from desktop.services.permissions import ROLE_PERMISSIONS, Permission
from desktop.ui.startup import ShellInfo

if TYPE_CHECKING:  # the ORM-backed context is imported only once the window is on screen
    from desktop.ui.context import AppContext
    from desktop.ui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English; shown through the catalogue
    module: str
    cls: str
    permission: Permission = Permission.VIEW


#: The navigation, in DESIGN.md §8 order. Only pages that work are listed; an area adds its
#: line here when its page lands.
PAGES: list[PageSpec] = [
    PageSpec("home", N_("Home"), "desktop.ui.pages.home", "HomePage"),
    PageSpec("roster", N_("Roster"), "desktop.ui.pages.roster", "RosterPage"),
    PageSpec("meetings", N_("Meetings"), "desktop.ui.pages.meetings", "MeetingsPage"),
    PageSpec("polls", N_("Polls"), "desktop.ui.pages.polls", "PollsPage"),
    PageSpec("opinions", N_("Opinions ledger"), "desktop.ui.pages.opinions", "OpinionsPage"),
    PageSpec("stations", N_("Stations"), "desktop.ui.pages.stations", "StationsPage"),
    PageSpec("activities", N_("Duty activities"), "desktop.ui.pages.activities", "ActivitiesPage"),
    PageSpec("projects", N_("Livelihood projects"), "desktop.ui.pages.projects", "ProjectsPage"),
    PageSpec("archives", N_("Duty archives"), "desktop.ui.pages.archives", "ArchivesPage"),
    PageSpec("sync", N_("Sync"), "desktop.ui.pages.sync", "SyncPage", Permission.SYNC),
    PageSpec("settings", N_("Settings"), "desktop.ui.pages.settings", "SettingsPage"),
    PageSpec(
        "audit",
        N_("Audit log"),
        "desktop.ui.pages.audit_log",
        "AuditLogPage",
        Permission.MANAGE_SETTINGS,
    ),
]


class MainWindow(QMainWindow):
    """The frame can be shown from a :class:`ShellInfo` alone (fast start) and given its
    :class:`AppContext` a moment later with :meth:`attach`; pages are built on first visit."""

    def __init__(self, ctx: AppContext | None = None, shell: ShellInfo | None = None) -> None:
        super().__init__()
        if shell is None:
            if ctx is None:
                raise ValueError("MainWindow needs a context or shell information")
            shell = shell_info(ctx)
        self.ctx: AppContext | None = None
        self.setMinimumSize(QSize(1024, 640))
        self.pages: dict[str, Page] = {}
        allowed = ROLE_PERMISSIONS.get(shell.role, frozenset())
        self.specs = [p for p in PAGES if p.permission in allowed]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(gettext(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(140, 40))
            self.nav.addItem(item)
            # Replaced by the real page on first visit (fast start-up).
            loading = QLabel(self.tr("Opening…"))
            loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(loading)
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar(shell)
        self._build_shortcuts()
        self.nav.setCurrentRow(0)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Give the window its database and user; shows the current page for real."""
        self.ctx = ctx
        ctx.status = self.show_status
        self._show_row(self.nav.currentRow())
        from desktop.ui.widgets import sync_status

        sync_status.install(self, ctx)
        _check_search_index(ctx)

    def _build_status_bar(self, shell: ShellInfo) -> None:
        self.user_label = QLabel(
            self.tr("User: %1 (%2)")
            .replace("%1", shell.user_display)
            .replace("%2", gettext(_role_label(shell.role)))
        )
        self.street_label = QLabel(shell.street_name or self.tr("No street set up"))
        self.db_label = QLabel(shell.db_path)
        self.db_label.setToolTip(self.tr("Database file"))
        bar = self.statusBar()
        for label in (self.user_label, self.street_label, self.db_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        title = self.tr("Yishi — people's congress committee workbench")
        if shell.street_name:
            title = f"{title} · {shell.street_name}"
        if shell.demo:
            demo_label = self.tr("DEMO")
            title = f"{title} · {demo_label}"
        self.setWindowTitle(title)

    def _build_shortcuts(self) -> None:
        for number, _spec in enumerate(self.specs[:9], start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, row=number - 1: self.nav.setCurrentRow(row))
            self.addAction(action)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().insertPermanentWidget(0, widget)

    def show_status(self, message: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(message, msecs)

    def page(self, key: str) -> Page:
        """The page for ``key``, built on first use."""
        if self.ctx is None:
            raise RuntimeError("the window has no context yet")
        if key not in self.pages:
            index = next(i for i, s in enumerate(self.specs) if s.key == key)
            spec = self.specs[index]
            cls = getattr(importlib.import_module(spec.module), spec.cls)
            page: Page = cls(self.ctx)
            old = self.stack.widget(index)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.stack.insertWidget(index, page)
            self.pages[key] = page
        return self.pages[key]

    def open_page(self, key: str) -> Page:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.nav.setCurrentRow(row)
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        spec = self.specs[row]
        page = self.page(spec.key)
        self.stack.setCurrentIndex(row)
        page.activate()


def _check_search_index(ctx: AppContext) -> None:
    """Bring the people search index in step on a worker (committed), so the first search
    never rebuilds it — nor on the GUI thread."""

    def work(_progress: object) -> bool:
        from desktop.services.roster import search

        return search.check_index(ctx.db.engine)

    ctx.tasks.run(work, key="search-index")


def shell_info(ctx: AppContext) -> ShellInfo:
    from desktop.services.street import current as current_street

    with ctx.db.session() as s:
        street = current_street(s)
    return ShellInfo(
        street.name if street else "",
        ctx.actor.display_name,
        ctx.actor.role,
        str(ctx.db.path),
        ctx.demo,
    )


def _role_label(role: str) -> str:
    from desktop.services.permissions import ROLE_LABELS

    return ROLE_LABELS.get(role, role)
