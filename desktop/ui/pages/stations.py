"""站点: stations (人大代表之家, 联络站/室, 联系点) with their kind, parent, activity frequency
and reception day; import and export through the Excel engine; retire instead of delete.

Below the list, the selected station's panel (desktop.ui.widgets.station_panel): its standing
against its activity rule, its reception rota and its activities."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.services.roster import deputies as rd
from desktop.services.roster.common import (
    FREQUENCY_LABELS,
    STATION_KIND_LABELS,
    STATION_STATUS_LABELS,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.roster_forms import RetireDialog, StationDialog
from desktop.ui.pages.base import Page
from desktop.ui.widgets.ledger_tab import LedgerTab
from desktop.ui.widgets.station_panel import StationPanel
from desktop.ui.widgets.table_model import Column, Sort


def _label(labels: dict[str, str]) -> Any:
    return lambda v: labels.get(v, v or "")


class StationsTab(LedgerTab):
    ledger_kind = "stations"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("name", self.tr("Station name")),
            Column("kind", self.tr("Kind"), _label(STATION_KIND_LABELS)),
            Column("address", self.tr("Address")),
            Column("parent", self.tr("Parent station"), sortable=False),
            Column("community", self.tr("Community"), sortable=False),
            Column(
                "activity_frequency",
                self.tr("Activities at least"),
                _label(FREQUENCY_LABELS),
                sortable=False,
            ),
            Column("reception_day", self.tr("Reception day"), sortable=False),
            Column("deputies", self.tr("Deputies"), sortable=False, align_right=True),
            Column("status", self.tr("Status"), _label(STATION_STATUS_LABELS), sortable=False),
        ]
        super().__init__(ctx, columns, parent)
        self.search.setPlaceholderText(self.tr("Search: name or address"))
        all_ = self.tr("All")
        self.kind = self.add_filter(
            self.tr("Kind"), [(all_, None)] + [(v, k) for k, v in STATION_KIND_LABELS.items()]
        )
        self.status = self.add_filter(
            self.tr("Status"),
            [(self.tr("In use"), "active"), (self.tr("Closed"), "retired"), (all_, None)],
        )
        self.add_action(
            self.tr("Add…"), lambda: self.run_dialog(StationDialog(self.ctx, None, self))
        )
        self.add_action(self.tr("Edit…"), self.edit)
        self.add_action(self.tr("Close station…"), self.retire)
        self.add_action(self.tr("Import…"), self.import_file)
        self.add_action(self.tr("Export…"), self.export_file, edit=False)
        self.finish_actions()

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        with self.ctx.db.session() as s:
            return rd.list_stations(
                s,
                self.ctx.actor,
                text=self.search.text(),
                kind=self.kind.currentData(),
                status=self.status.currentData(),
                offset=offset,
                limit=limit,
                sort=sort,
            )

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(StationDialog(self.ctx, row.id, self))

    def retire(self) -> None:
        row = self.current()
        if row is None or row.status != "active":
            return

        def action(s: Any, _when: date, reason: str) -> Any:
            return rd.retire_station(s, self.ctx.actor, row.id, reason)

        self.run_dialog(RetireDialog(self.ctx, row.name, action, self))


class StationsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.list = StationsTab(ctx)
        self.panel = StationPanel(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(splitter)
        self.list.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._show_current()
        )

    def activate(self) -> None:
        self.list.reload()
        if self.list.model.rows and not self.list.table.currentIndex().isValid():
            self.list.table.selectRow(0)
        self._show_current()

    def _show_current(self) -> None:
        row = self.list.current()
        self.panel.show_station(row.id if row is not None else None)
