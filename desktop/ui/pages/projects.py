"""民生实事: the year's pipeline by the five steps, a project's detail with its history, and
the queues (late milestones, proposals waiting for feedback to their proposer)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.projects import views
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page

WARN = QBrush(QColor("#fde8e8"))
STYLE = """
QPushButton#stage { text-align: left; padding: 6px 10px; border: 1px solid #d8dde6;
  border-radius: 6px; background: #ffffff; }
QPushButton#stage:checked { background: #e8effa; border-color: #1f3a68; }
"""


def yuan(value: int) -> str:
    """Amounts in 万元 with two decimals, as on the papers."""
    return f"{value / 10_000:,.2f}"


class RowsModel(QAbstractTableModel):
    """A plain table over a list of row dataclasses; ``warn`` shades a row."""

    def __init__(self, columns: list[tuple[str, str]], warn: Any = None) -> None:
        super().__init__()
        self.columns = columns
        self.rows: list[Any] = []
        self.warn = warn

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        value = getattr(row, key, "")
        if role == Qt.ItemDataRole.DisplayRole:
            if key in ("estimated_cost", "budget", "spent"):
                return yuan(int(value or 0))
            if key == "late":
                return str(value) if value else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in (
            "estimated_cost",
            "budget",
            "spent",
            "votes_for",
            "late",
            "days_late",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.warn is not None and self.warn(row):
            return WARN
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        return None


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


class ProjectsPage(Page):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(STYLE)
        self._fixed_today = today
        self.today = today or date.today()
        self.stages: list[views.StageColumn] = []
        self.year = QComboBox()
        self.year.setObjectName("projectYear")
        self.year.currentIndexChanged.connect(self._year_changed)
        self.summary = QLabel()
        self.summary.setObjectName("projectSummary")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Project year")))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)

        self.stage_buttons: list[QPushButton] = []
        self.stage_group = QButtonGroup(self)
        self.stage_group.setExclusive(True)
        stages_row = QHBoxLayout()
        for n in range(5):
            button = QPushButton()
            button.setObjectName("stage")
            button.setCheckable(True)
            button.setMinimumHeight(48)
            self.stage_group.addButton(button, n)
            self.stage_buttons.append(button)
            stages_row.addWidget(button, 1)
        self.stage_group.idClicked.connect(self._show_stage)

        columns = [
            ("number", self.tr("No.")),
            ("title", self.tr("Project")),
            ("status_label", self.tr("Status")),
            ("unit", self.tr("Implementing unit")),
            ("estimated_cost", self.tr("Estimate (10k yuan)")),
            ("budget", self.tr("Budget (10k yuan)")),
            ("spent", self.tr("Spent (10k yuan)")),
            ("votes_for", self.tr("Votes won")),
            ("satisfaction_rate", self.tr("Satisfaction rate")),
            ("late", self.tr("Late milestones")),
            ("source_label", self.tr("Source")),
            ("proposer", self.tr("Proposer")),
            ("community", self.tr("Community")),
            ("feedback", self.tr("Feedback")),
        ]
        self.model = RowsModel(columns, warn=lambda r: bool(r.late))
        self.table = _table(self.model)
        self.table.setObjectName("projectTable")
        for col, width in enumerate((96, 220, 96, 140, 92, 92, 92, 48, 64, 64)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.detail = QTextBrowser()
        self.detail.setObjectName("projectDetail")
        self.detail.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([720, 420])
        pipeline = QWidget()
        pipe_layout = QVBoxLayout(pipeline)
        pipe_layout.setContentsMargins(0, 0, 0, 0)
        pipe_layout.addLayout(stages_row)
        pipe_layout.addWidget(split, 1)

        self.late_model = RowsModel(
            [
                ("number", self.tr("No.")),
                ("title", self.tr("Project")),
                ("unit", self.tr("Implementing unit")),
                ("milestone", self.tr("Milestone")),
                ("planned_on", self.tr("Planned")),
                ("days_late", self.tr("Days late")),
            ],
            warn=lambda r: True,
        )
        self.late_table = _table(self.late_model)
        self.late_table.setObjectName("lateMilestones")
        self.feedback_model = RowsModel(
            [
                ("number", self.tr("No.")),
                ("title", self.tr("Project")),
                ("proposer", self.tr("Proposer")),
                ("status_label", self.tr("Screening decision")),
            ]
        )
        self.feedback_table = _table(self.feedback_model)
        self.feedback_table.setObjectName("waitingFeedback")
        self.tabs = QTabWidget()
        self.tabs.addTab(pipeline, self.tr("Pipeline"))
        self.tabs.addTab(self.late_table, self.tr("Late milestones"))
        self.tabs.addTab(self.feedback_table, self.tr("Waiting for feedback"))
        self.tabs.currentChanged.connect(self._tab_changed)
        for table in (self.late_table, self.feedback_table):
            table.horizontalHeader().setResizeContentsPrecision(100)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # ---- loading
    def activate(self) -> None:
        self.today = self._fixed_today or date.today()
        with self.ctx.db.session() as s:
            found = views.years(s)
            late = views.count_late_milestones(s, self.today)
            waiting = views.count_waiting_feedback(s)
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for y in found or [self.today.year]:
            self.year.addItem(str(y), y)
        if current in found:
            self.year.setCurrentIndex(found.index(current))
        elif self.today.year in found:
            self.year.setCurrentIndex(found.index(self.today.year))
        self.year.blockSignals(False)
        self.tabs.setTabText(1, self.tr("Late milestones (%1)").replace("%1", str(late)))
        self.tabs.setTabText(2, self.tr("Waiting for feedback (%1)").replace("%1", str(waiting)))
        self._year_changed()
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        """The queues are read when their tab is opened (the pipeline opens first)."""
        if index == 1:
            with self.ctx.db.session() as s:
                self.late_model.set_rows(views.late_milestones(s, self.today))
            self.late_table.resizeColumnsToContents()
        elif index == 2:
            with self.ctx.db.session() as s:
                self.feedback_model.set_rows(views.waiting_feedback(s))
            self.feedback_table.resizeColumnsToContents()

    def _year_changed(self, *_args: Any) -> None:
        year = self.year.currentData() or self.today.year
        with self.ctx.db.session() as s:
            self.stages = views.pipeline(s, int(year), self.today)
        total = sum(c.count for c in self.stages)
        chosen = next((c for c in self.stages if c.key == "implement"), None)
        evaluated = next((c for c in self.stages if c.key == "evaluate"), None)
        n_chosen = (chosen.count if chosen else 0) + (evaluated.count if evaluated else 0)
        self.summary.setText(
            self.tr("%1 proposals · %2 projects chosen or carried out")
            .replace("%1", str(total))
            .replace("%2", str(n_chosen))
        )
        for button, col in zip(self.stage_buttons, self.stages, strict=True):
            button.setText(
                f"{col.label}\n"
                + self.tr("%1 items · %2 (10k yuan)")
                .replace("%1", str(col.count))
                .replace("%2", yuan(col.cost))
            )
        # open the furthest step that has projects
        pick = max((n for n, c in enumerate(self.stages) if c.count), default=0)
        self.stage_buttons[pick].setChecked(True)
        self._show_stage(pick)

    def _show_stage(self, n: int) -> None:
        if not self.stages:
            return
        year = int(self.year.currentData() or self.today.year)
        with self.ctx.db.session() as s:
            self.model.set_rows(views.stage_rows(s, year, self.stages[n], self.today))
        if self.model.rows:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.model.rows):
            return
        row = self.model.rows[current.row()]
        with self.ctx.db.session() as s:
            d = views.detail(s, row.id, self.today)
        self.detail.setHtml(self.detail_html(d))

    # ---- detail
    def detail_html(self, d: views.ProjectDetail) -> str:
        r = d.row
        facts = [
            (self.tr("Status"), r.status_label),
            (self.tr("Source"), f"{r.source_label} · {r.proposer}"),
            (self.tr("Community"), r.community),
            (self.tr("Implementing unit"), f"{r.unit} {d.responsible}".strip()),
            (
                self.tr("Money (10k yuan)"),
                self.tr("estimate %1 · budget %2 · spent %3")
                .replace("%1", yuan(r.estimated_cost))
                .replace("%2", yuan(r.budget))
                .replace("%3", yuan(r.spent)),
            ),
        ]
        if r.votes_for is not None:
            facts.append((self.tr("Votes for"), str(r.votes_for)))
        if d.satisfaction:
            order = {lv: n for n, lv in enumerate(("满意", "基本满意", "不满意"))}
            ranked = sorted(d.satisfaction.items(), key=lambda kv: order.get(kv[0], 9))
            counts = "，".join(f"{k}{v}" for k, v in ranked)
            facts.append((self.tr("Satisfaction"), f"{counts}（{r.satisfaction_rate}）"))
        if d.decision_reason:
            facts.append((self.tr("Screening"), d.decision_reason))
        if r.feedback:
            facts.append((self.tr("Feedback"), f"{r.feedback}：{d.feedback_reason}"))
        h_milestones = self.tr("Milestones")
        h_reports = self.tr("Progress and supervision")
        h_history = self.tr("History")
        planned = self.tr("planned")
        parts = [f"<h3>{escape(r.number)} {escape(r.title)}</h3>"]
        parts.append("<table cellspacing='0' cellpadding='2'>")
        for k, v in facts:
            if v:
                parts.append(
                    f"<tr><td style='color:#555b66'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                )
        parts.append("</table>")
        if d.content:
            parts.append(f"<p>{escape(d.content)}</p>")
        if d.milestones:
            parts.append(f"<h4>{escape(h_milestones)}</h4><table cellpadding='2'>")
            for m in d.milestones:
                color = "#c62828" if m.late else "#1b5e20"
                actual = m.actual_on.isoformat() if m.actual_on else self.tr("not reached")
                parts.append(
                    f"<tr><td>{m.no}. {escape(m.title)}</td><td>{planned} "
                    f"{m.planned_on.isoformat()}</td><td style='color:{color}'>"
                    f"{escape(actual)}</td></tr>"
                )
            parts.append("</table>")
        if d.reports:
            parts.append(f"<h4>{escape(h_reports)}</h4>")
            parts.extend(f"<p>{escape(h.on)} {escape(h.text)}</p>" for h in d.reports)
        parts.append(f"<h4>{escape(h_history)}</h4>")
        parts.extend(
            f"<p style='color:#555b66'>{escape(h.on)} {escape(h.text)}</p>" for h in d.history
        )
        return "".join(parts)
