"""The station page's lower half: the selected station's standing against its activity rule
(behind by how much), its reception rota, and its activities (newest first)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services.activities import records, rota, standing
from desktop.services.permissions import Permission
from desktop.ui.context import AppContext
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort


class StationPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.station_id: str | None = None
        self.preview_factory: Callable[[bytes, str, str], Any] = self._preview
        self.last_dialog: Any = None
        self.today = date.today()
        self.standing = QLabel()
        self.standing.setObjectName("stationStanding")
        self.standing.setWordWrap(True)
        self.rota = QLabel()
        self.rota.setObjectName("stationRota")
        self.rota.setWordWrap(True)
        standing_box = QGroupBox(self.tr("Standing against the activity rule"))
        QVBoxLayout(standing_box).addWidget(self.standing)
        rota_box = QGroupBox(self.tr("Reception rota"))
        QVBoxLayout(rota_box).addWidget(self.rota)
        top = QHBoxLayout()
        top.addWidget(standing_box, 3)
        top.addWidget(rota_box, 2)
        columns = [
            Column("held_on", self.tr("Date"), sortable=False),
            Column("kind", self.tr("Type"), sortable=False),
            Column("participant_names", self.tr("Deputies taking part"), sortable=False),
            Column("residents", self.tr("Residents"), sortable=False, align_right=True),
            Column("summary", self.tr("Summary"), sortable=False),
        ]
        self.model = PagedTableModel(columns, self._fetch, page_size=100)
        self.table = QTableView()
        self.table.setObjectName("stationActivities")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.new_button = QPushButton(self.tr("New activity here…"))
        self.new_button.clicked.connect(self.new_activity)
        self.new_button.setEnabled(ctx.can(Permission.EDIT_DATA))
        self.rules_button = QPushButton(self.tr("Reception days…"))
        self.rules_button.clicked.connect(self.edit_rules)
        self.rules_button.setEnabled(ctx.can(Permission.EDIT_DATA))
        self.heading = QLabel()
        self.heading.setObjectName("stationHeading")
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.rules_button)
        for text, slot in (
            (self.tr("Poster"), self.print_poster),
            (self.tr("Last month's report"), lambda: self.print_report("month")),
            (self.tr("Last quarter's report"), lambda: self.print_report("quarter")),
            (self.tr("Year summary"), self.print_year),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, f=slot: f())
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _fetch(self, offset: int, limit: int, _sort: Sort) -> list[records.ActivityRow]:
        if not self.station_id:
            return []
        with self.ctx.db.session() as s:
            return records.list_activities(
                s, records.ActivityFilter(station_id=self.station_id), offset=offset, limit=limit
            )

    def show_station(self, station_id: str | None) -> None:
        self.station_id = station_id
        if station_id is None:
            self.heading.setText("")
            self.standing.setText(self.tr("Select a station above."))
            self.rota.setText("")
            self.model.reload()
            return
        try:
            with self.ctx.db.session() as s:
                item = standing.station_standing(s, station_id, as_of=self.today)
                rules = rota.list_rules(s, station_id)
                month = rota.month_rota(
                    s, self.today.year, self.today.month, station_id=station_id, today=self.today
                )
        except AppError as err:
            self.standing.setText(str(err))
            return
        if item is None:
            self.heading.setText("")
            self.standing.setText(self.tr("This station is closed; it owes no activities."))
        else:
            self.heading.setText(f"<b>{item.name}</b>")
            lines = standing.describe(item, self.today)
            if item.behind:  # the third line says by how much
                lines[2] = f"<span style='color:#c62828; font-weight:600'>{lines[2]}</span>"
            else:
                lines[0] = f"<span style='color:#1b5e20; font-weight:600'>{lines[0]}</span>"
            self.standing.setText("<br>".join(lines))
        lines = [r.text for r in rules] if rules else [self.tr("No reception days set.")]
        for e in month:
            if e.status == "missed":
                lines.append(
                    "<span style='color:#c62828'>"
                    + self.tr("%1: reception not held").replace("%1", e.day.isoformat())
                    + "</span>"
                )
            elif e.status == "held":
                lines.append(self.tr("%1: reception held").replace("%1", e.day.isoformat()))
        self.rota.setText("<br>".join(lines))
        self.model.reload()
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for i in range(header.count() - 1):
            header.resizeSection(i, min(header.sectionSize(i), 320))

    # ---- papers
    def _render(self, write: Callable[[Any, Path], object]) -> bytes | None:
        with tempfile.TemporaryDirectory(prefix="yishi-paper-") as tmp:
            path = Path(tmp) / "paper.pdf"
            try:
                with self.ctx.db.session() as s:
                    write(s, path)
                return path.read_bytes()
            except AppError as err:
                QMessageBox.warning(self, self.tr("Cannot do this"), str(err))
                return None

    def _preview(self, pdf: bytes, title: str, filename: str) -> Any:
        from desktop.ui.dialogs import run_modal
        from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        run_modal(dialog)
        return dialog

    def print_poster(self) -> None:
        from desktop.reports import activity_papers

        station_id = self.station_id
        if station_id is None:
            return
        pdf = self._render(
            lambda s, p: activity_papers.station_poster(s, self.ctx.actor, p, station_id)
        )
        if pdf is not None:
            self.preview_factory(pdf, self.tr("Station poster"), "履职码海报.pdf")

    def print_report(self, unit: str) -> None:
        from desktop.reports import activity_papers

        station_id = self.station_id
        if station_id is None:
            return
        t = self.today
        if unit == "month":
            year, month = (t.year, t.month - 1) if t.month > 1 else (t.year - 1, 12)
            kw: dict[str, int] = {"month": month}
        else:
            q = (t.month - 1) // 3
            year, quarter = (t.year, q) if q else (t.year - 1, 4)
            kw = {"quarter": quarter}
        pdf = self._render(
            lambda s, p: activity_papers.station_report(
                s, self.ctx.actor, p, station_id, year, today=t, **kw
            )
        )
        if pdf is not None:
            self.preview_factory(pdf, self.tr("Station report"), "站点履职活动报告.pdf")

    def print_year(self) -> None:
        from desktop.reports import activity_papers

        station_id = self.station_id
        if station_id is None:
            return
        pdf = self._render(
            lambda s, p: activity_papers.year_summary(
                s, self.ctx.actor, p, station_id, self.today.year, today=self.today
            )
        )
        if pdf is not None:
            self.preview_factory(pdf, self.tr("Year summary"), "站点年度履职汇总.pdf")

    def edit_rules(self) -> None:
        from desktop.ui.dialogs.activity_dialogs import ReceptionRulesDialog

        if self.station_id is None:
            return
        dialog = ReceptionRulesDialog(self.ctx, self.station_id, self)
        dialog.finished.connect(lambda _r: self.show_station(self.station_id))
        dialog.open()
        self.last_dialog = dialog

    def new_activity(self) -> None:
        from desktop.ui.dialogs.activity_dialogs import ActivityDialog

        dialog = ActivityDialog(self.ctx, None, self, station_id=self.station_id)
        dialog.accepted.connect(lambda: self.show_station(self.station_id))
        dialog.open()
        self.last_dialog = dialog
