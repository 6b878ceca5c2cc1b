"""履职台账: the duty-activity ledger — filters by station, deputy, type and period; new and
edited activities from the keyboard; an opinion registered from inside an activity; and the
scan-to-attend mode, where the station PC's USB scanner reads deputies' cards (and a
station's 履职码) into the selected activity."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services import cards
from desktop.services.activities import periods, records, scan, standing
from desktop.services.activities import rules as rules_service
from desktop.services.permissions import Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs.activity_dialogs import (
    ActivityDialog,
    ActivityOpinionDialog,
    ActivityRulesDialog,
)
from desktop.ui.pages.base import Page
from desktop.ui.widgets.ledger_tab import LedgerTab
from desktop.ui.widgets.table_model import Column, PagedTableModel, Sort

PERIODS = ("month", "quarter", "year", "last_year", "all")


def period_bounds(code: str, today: date) -> tuple[date | None, date | None]:
    if code == "month":
        return periods.period_start(today, "monthly"), periods.period_end(today, "monthly")
    if code == "quarter":
        return periods.period_start(today, "quarterly"), periods.period_end(today, "quarterly")
    if code == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if code == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


class ActivitiesTab(LedgerTab):
    ledger_kind = "activities"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("held_on", self.tr("Date"), sortable=False),
            Column("time_span", self.tr("Time"), sortable=False),
            Column("kind", self.tr("Type"), sortable=False),
            Column("station_name", self.tr("Station"), sortable=False),
            Column("place", self.tr("Place"), sortable=False),
            Column("participant_names", self.tr("Deputies taking part"), sortable=False),
            Column("residents", self.tr("Residents"), sortable=False, align_right=True),
            Column("opinions", self.tr("Opinions"), sortable=False, align_right=True),
            Column("summary", self.tr("Summary"), sortable=False),
        ]
        super().__init__(ctx, columns, parent)
        self.search.setPlaceholderText(self.tr("Search: summary, place, organiser"))
        all_ = self.tr("All")
        self.today = date.today()
        with ctx.db.session() as s:
            stations = records.station_choices(s)
            deputies = records.deputy_choices(s)
            types = rules_service.load(s).types
        self.station = self.add_filter(
            self.tr("Station"), [(all_, None)] + [(n, i) for i, n in stations]
        )
        self.deputy = self.add_filter(
            self.tr("Deputy"), [(all_, None)] + [(n, i) for i, n in deputies]
        )
        self.kind = self.add_filter(self.tr("Type"), [(all_, None)] + [(t, t) for t in types])
        labels = {
            "month": self.tr("This month"),
            "quarter": self.tr("This quarter"),
            "year": self.tr("This year"),
            "last_year": self.tr("Last year"),
            "all": self.tr("All dates"),
        }
        self.period = self.add_filter(
            self.tr("Period"), [(labels[p], p) for p in PERIODS], default="year"
        )
        self.add_action(self.tr("New activity…"), self.new)
        self.add_action(self.tr("Edit…"), self.edit)
        self.add_action(self.tr("Register opinion…"), self.opinion)
        self.add_action(self.tr("Remove…"), self.remove)
        self.scan_button = self.add_action(self.tr("Scan to attend"), self.toggle_scan)
        self.scan_button.setCheckable(True)
        self.add_action(self.tr("Month rota"), self.print_rota, edit=False)
        rules_button = self.add_action(self.tr("Rules…"), self.edit_rules, edit=False)
        rules_button.setEnabled(ctx.can(Permission.MANAGE_SETTINGS))
        self.add_action(self.tr("Import…"), self.import_file)
        self.add_action(self.tr("Export…"), self.export_file, edit=False)
        # The scan bar: the USB scanner types the card's text and presses Enter.
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(
            self.tr("Scan a deputy's card (or a station's 履职码) — it is recorded at once")
        )
        self.scan_field.returnPressed.connect(self.scanned)
        self.scan_result = QLabel()
        self.scan_result.setObjectName("scanResult")
        self.scan_result.setWordWrap(True)
        bar = QWidget()
        bar.setObjectName("scanBar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(QLabel(self.tr("Scan:")))
        bar_layout.addWidget(self.scan_field, 2)
        bar_layout.addWidget(self.scan_result, 3)
        bar.hide()
        self.scan_bar = bar
        self.main_layout.insertWidget(2, bar)
        self.finish_actions()

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        start, end = period_bounds(self.period.currentData() or "all", self.today)
        flt = records.ActivityFilter(
            station_id=self.station.currentData() or "",
            deputy_id=self.deputy.currentData() or "",
            kind=self.kind.currentData() or "",
            date_from=start,
            date_to=end,
            text=self.search.text(),
        )
        with self.ctx.db.session() as s:
            return records.list_activities(s, flt, offset=offset, limit=limit)

    # ---- actions
    def new(self) -> None:
        self.run_dialog(ActivityDialog(self.ctx, None, self, station_id=self.station.currentData()))

    def edit(self) -> None:
        row = self.current()
        if row is not None and self.ctx.can(Permission.EDIT_DATA):
            self.run_dialog(ActivityDialog(self.ctx, row.id, self))

    def opinion(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(ActivityOpinionDialog(self.ctx, row.id, self))

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove activity"),
            self.tr("Remove the activity of %1 (%2)? Its attendance is removed with it.")
            .replace("%1", row.held_on.isoformat())
            .replace("%2", row.kind),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.run_action(
            lambda s: records.remove(s, self.ctx.actor, row.id), success=lambda _r: self.reload()
        )

    def edit_rules(self) -> None:
        self.run_dialog(ActivityRulesDialog(self.ctx, self))

    def print_rota(self) -> None:
        """接待日安排表 of this month for every station, for the notice board."""
        import tempfile
        from pathlib import Path

        from desktop.reports import activity_papers
        from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

        t = self.today
        with tempfile.TemporaryDirectory(prefix="yishi-paper-") as tmp:
            path = Path(tmp) / "rota.pdf"
            try:
                with self.ctx.db.session() as s:
                    activity_papers.month_rota(s, self.ctx.actor, path, t.year, t.month, today=t)
            except AppError as err:
                self.show_error(err)
                return
            pdf = path.read_bytes()
        dialog = PdfPreviewDialog(pdf, self.tr("Month rota"), f"接待日安排表-{t:%Y%m}.pdf", self)
        dialog.save_folder = self.ctx.paths.exports
        dialog.open()
        self.last_dialog = dialog

    def toggle_scan(self) -> None:
        on = self.scan_button.isChecked()
        self.scan_bar.setVisible(on)
        if on:
            self.scan_result.setText(
                self.tr("Select the activity in the list, then scan the cards.")
            )
            self.scan_field.setFocus()

    def _say(self, text: str, ok: bool) -> None:
        colour = "#1b5e20" if ok else "#c62828"
        self.scan_result.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.scan_result.setText(text)

    def scanned(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        try:
            is_station = bool(text.strip()) and cards.parse_card(text).kind == "station"
            if is_station:
                with self.ctx.db.session() as s:
                    station_id = scan.station_of_code(s, text)
                self.station.setCurrentIndex(max(self.station.findData(station_id), 0))
                self.period.setCurrentIndex(max(self.period.findData("month"), 0))
                self._say(
                    self.tr(
                        "Station %1: select today's activity, or create it, then scan cards."
                    ).replace("%1", self.station.currentText()),
                    True,
                )
                return
            row = self.current()
            if row is None:
                self._say(self.tr("Select the activity first, then scan the cards."), False)
                return
            with self.ctx.db.transaction() as s:
                seen = scan.attend_by_card(s, self.ctx.actor, row.id, text)
        except AppError as err:
            self._say(str(err), False)
            return
        self._say(
            self.tr("%1 recorded at %2 %3")
            .replace("%1", seen.name)
            .replace("%2", row.held_on.isoformat())
            .replace("%3", row.kind),
            True,
        )
        current = self.table.currentIndex().row()
        self.reload()
        if 0 <= current < len(self.model.rows):
            self.table.selectRow(current)


def _days(value: int | None) -> str:
    return "" if value is None else str(value)


class AlertsView(QWidget):
    """分析预警 for the year: every station's standing against its rule and every serving
    deputy's activities this year (全覆盖), the ones behind first and shaded."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = date.today()
        self.stations: list[standing.StationStanding] = []
        self.deputies: list[_CoverageRow] = []
        self.station_model = PagedTableModel(
            [
                Column("name", self.tr("Station"), sortable=False),
                Column(
                    "frequency",
                    self.tr("Rule"),
                    lambda v: self.tr("monthly") if v == "monthly" else self.tr("quarterly"),
                    sortable=False,
                ),
                Column(
                    "activities", self.tr("Activities this year"), sortable=False, align_right=True
                ),
                Column(
                    "missing",
                    self.tr("Behind by"),
                    sortable=False,
                    align_right=True,
                    warn=lambda r: r.behind,
                ),
                Column(
                    "periods_behind",
                    self.tr("Periods without enough activities"),
                    lambda v: "、".join(v),
                    sortable=False,
                    warn=lambda r: r.behind,
                ),
                Column("last_held", self.tr("Last activity"), sortable=False),
                Column("days_since_last", self.tr("Days since"), _days, sortable=False),
            ],
            lambda offset, limit, _sort: self.stations[offset : offset + limit],
        )
        self.deputy_model = PagedTableModel(
            [
                Column("name", self.tr("Deputy"), sortable=False),
                Column("station", self.tr("Station"), sortable=False),
                Column(
                    "activities", self.tr("Activities this year"), sortable=False, align_right=True
                ),
                Column(
                    "missing",
                    self.tr("Short by"),
                    sortable=False,
                    align_right=True,
                    warn=lambda r: not r.covered,
                ),
                Column("last_on", self.tr("Last activity"), sortable=False),
            ],
            lambda offset, limit, _sort: self.deputies[offset : offset + limit],
        )
        self.summary = QLabel()
        self.summary.setObjectName("alertsSummary")
        tables = QHBoxLayout()
        for title, model in (
            (self.tr("Stations against their activity rule"), self.station_model),
            (self.tr("Deputies taking part this year (全覆盖)"), self.deputy_model),
        ):
            view = QTableView()
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setStretchLastSection(True)
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(view, 1)
            tables.addLayout(box, 3 if model is self.station_model else 2)
            model.modelReset.connect(view.resizeColumnsToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)

    def refresh(self) -> None:
        with self.ctx.db.session() as s:
            stations = standing.station_standings(s, as_of=self.today)
            coverage = standing.deputy_coverage(s, as_of=self.today)
            names = dict(records.station_choices(s))
        self.stations = sorted(stations, key=lambda x: (not x.behind, -x.missing, x.name))
        self.deputies = [
            _CoverageRow(c, names.get(c.station_id or "", ""))
            for c in sorted(coverage, key=lambda c: (c.covered, c.activities))
        ]
        behind = sum(1 for x in stations if x.behind)
        uncovered = sum(1 for c in coverage if not c.covered)
        self.summary.setText(
            self.tr("%1: %2 stations behind their rule; %3 of %4 deputies not yet taking part.")
            .replace("%1", str(self.today.year))
            .replace("%2", str(behind))
            .replace("%3", str(uncovered))
            .replace("%4", str(len(coverage)))
        )
        self.station_model.reload()
        self.deputy_model.reload()


class _CoverageRow:
    """A deputy's coverage with the station's name, for the table."""

    def __init__(self, item: standing.DeputyCoverage, station: str) -> None:
        self.name = item.name
        self.station = station
        self.activities = item.activities
        self.missing = item.missing
        self.covered = item.covered
        self.last_on = item.last_on


class ActivitiesPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.list = ActivitiesTab(ctx)
        self.alerts = AlertsView(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.list, self.tr("Ledger"))
        self.tabs.addTab(self.alerts, self.tr("Alerts"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.tabs)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def focus_on(self, tab: str) -> None:
        """Show a tab from the home page's cards ("alerts": stations behind, deputies not
        covered)."""
        self.tabs.setCurrentWidget(self.alerts if tab == "alerts" else self.list)

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.alerts:
            self.alerts.refresh()

    def activate(self) -> None:
        self.list.reload()
        self._tab_changed()
