"""The station page's lower half: the selected station's standing against its activity rule
(behind by how much), its reception rota, and its activities (newest first)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
        self.heading = QLabel()
        self.heading.setObjectName("stationHeading")
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.new_button)
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
        except AppError as err:
            self.standing.setText(str(err))
            return
        if item is None:
            self.heading.setText("")
            self.standing.setText(self.tr("This station is closed; it owes no activities."))
        else:
            self.heading.setText(f"<b>{item.name}</b>")
            colour = "#c62828" if item.behind else "#1b5e20"
            lines = standing.describe(item, self.today)
            self.standing.setText(
                f"<span style='color:{colour}; font-weight:600'>{lines[0]}</span><br>"
                + "<br>".join(lines[1:])
            )
        self.rota.setText(
            "<br>".join(r.text for r in rules) if rules else self.tr("No reception days set.")
        )
        self.model.reload()

    def new_activity(self) -> None:
        from desktop.ui.dialogs.activity_dialogs import ActivityDialog

        dialog = ActivityDialog(self.ctx, None, self, station_id=self.station_id)
        dialog.accepted.connect(lambda: self.show_station(self.station_id))
        dialog.open()
        self.last_dialog = dialog
