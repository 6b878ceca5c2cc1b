"""首页: the street at a glance. Each card leads to where the work is (超期未答复意见 → the
overdue queue); what a clerk must act on comes first. The figures are read on a worker
(``ctx.tasks``), never on the GUI thread; at start-up they are drawn before the ORM is loaded
(:func:`show_quick_figures`)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import gettext
from desktop.services.home_cards import Figure
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page
from desktop.ui.widgets.home_cards import (
    FigureGrid,
    Tile,
    last_shown,
    open_target,
    show_quick_figures,
    street_heading,
)

__all__ = ["FigureGrid", "HomePage", "Tile", "show_quick_figures"]


class HomePage(Page):
    COLUMNS = FigureGrid.COLUMNS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view = FigureGrid(self)
        self.view.on_open = self.open_card
        self.heading = self.view.heading
        self.grid = self.view.grid
        self.pack_button = QPushButton(self.tr("Inspection pack…"))
        self.pack_button.setObjectName("inspectionPack")
        self.pack_button.setToolTip(
            self.tr("The year's ledgers, papers and reports in one folder, with an index")
        )
        self.pack_button.clicked.connect(self.open_pack)
        actions = QHBoxLayout()
        actions.setContentsMargins(16, 8, 16, 0)
        actions.addStretch(1)
        actions.addWidget(self.pack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.view)
        if last_shown.figures:  # what was last shown stays until the fresh figures arrive
            self.view.set_heading(last_shown.heading)
            self.view.set_figures(last_shown.figures)

    def activate(self) -> None:
        """Read the street and the figures on a worker; show them when they arrive."""
        db = self.ctx.db

        def work(_progress: object) -> tuple[tuple[str, str, str, str, str] | None, list[Figure]]:
            from desktop.services import home
            from desktop.services import street as street_service

            with db.session() as s:
                info = street_service.current(s)
                figures = home.figures(s)
            heading = None
            if info is not None:
                kind = street_service.KIND_LABELS.get(info.kind, info.kind)
                heading = (info.name, info.city, info.district, kind, info.code)
            return heading, figures

        self.run_task(work, success=self._show, key="home")

    def _show(self, result: tuple[tuple[str, str, str, str, str] | None, list[Figure]]) -> None:
        heading, figures = result
        if heading is not None:
            name, city, district, kind, code = heading
            last_shown.heading = street_heading(name, city, district, gettext(kind), code)
            self.view.set_heading(last_shown.heading)
        last_shown.figures = list(figures)
        self.view.set_figures(figures)

    def open_card(self, figure: Figure) -> None:
        open_target(self.window(), figure)

    def open_pack(self) -> None:
        from desktop.ui.dialogs.pack_dialog import start_pack

        start_pack(self, self.ctx)
