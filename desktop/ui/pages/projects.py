"""民生实事: the year's pipeline by the five steps, a project's detail with its history, and
the queues (late milestones, proposals waiting for feedback to their proposer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, gettext
from desktop.reports import project_papers
from desktop.services.permissions import Permission
from desktop.services.projects import core, views, voting
from desktop.ui.context import AppContext
from desktop.ui.dialogs.project_dialogs import Field, FormDialog
from desktop.ui.models.rows import Formatter, RowColumn, RowsModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import Progress

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STYLE = """
QPushButton#stage { text-align: left; padding: 6px 10px; border: 1px solid #d8dde6;
  border-radius: 6px; background: #ffffff; }
QPushButton#stage:checked { background: #e8effa; border-color: #1f3a68; }
"""


def yuan(value: int) -> str:
    """Amounts in 万元 with two decimals, as on the papers."""
    return f"{value / 10_000:,.2f}"


# How the project lists show money and late milestones (every list, whichever columns it has).
_CELLS: dict[str, Formatter] = {
    "estimated_cost": lambda v: yuan(int(v or 0)),
    "budget": lambda v: yuan(int(v or 0)),
    "spent": lambda v: yuan(int(v or 0)),
    "late": lambda v: str(v) if v else "",
}
_RIGHT = ("estimated_cost", "budget", "spent", "votes_for", "late", "days_late")


def _rows_model(
    columns: Sequence[RowColumn], warn: Callable[[Any], bool] | None = None
) -> RowsModel:
    return RowsModel(columns, warn, formats=_CELLS, right=_RIGHT)


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
        self.current: views.ProjectDetail | None = None
        self.year = QComboBox()
        self.year.setObjectName("projectYear")
        self.year.currentIndexChanged.connect(self._year_changed)
        self.summary = QLabel()
        self.summary.setObjectName("projectSummary")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Project year")))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, label, slot in (
            ("propose", self.tr("New proposal…"), self.new_proposal),
            ("screen", self.tr("Screening…"), self.screen_proposal),
            ("feedback", self.tr("Feedback…"), self.feedback),
            ("start", self.tr("Hand over…"), self.start),
            ("report", self.tr("Progress report…"), self.report),
            ("visit", self.tr("Supervision visit…"), self.visit),
        ):
            button = QPushButton(label)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        vote_menu = QMenu(self)
        vote_menu.addAction(self.tr("Put the shortlist to the vote…"), self.to_poll)
        vote_menu.addAction(self.tr("Read back the certified vote"), self.read_back)
        vote_menu.addAction(self.tr("Create the satisfaction poll"), self.evaluation_poll)
        vote_menu.addAction(
            self.tr("Read back the certified evaluation"), self.read_back_evaluation
        )
        self.vote_button = QPushButton(self.tr("Vote and evaluation"))
        self.vote_button.setMenu(vote_menu)
        papers_menu = QMenu(self)
        for title, fn in (
            (self.tr("Shortlist with costs"), project_papers.shortlist),
            (self.tr("Feedback to proposers"), project_papers.feedback_list),
            (self.tr("Yearly report"), project_papers.yearly_report),
            (self.tr("Evaluation notice board"), project_papers.evaluation_board),
            (self.tr("Progress notice for a meeting"), project_papers.progress_notice),
        ):
            papers_menu.addAction(title, partial(self.paper, title, fn))
        papers_menu.addAction(
            self.tr("Micro-projects: yearly account"),
            partial(
                self.paper, self.tr("Micro-projects: yearly account"), project_papers.micro_account
            ),
        )
        papers_menu.addAction(self.tr("Project ledger (Excel)…"), self.export_excel)
        self.papers_button = QPushButton(self.tr("Papers"))
        self.papers_button.setMenu(papers_menu)
        bar.addStretch(1)
        bar.addWidget(self.vote_button)
        bar.addWidget(self.papers_button)
        can_edit = ctx.can(Permission.EDIT_DATA)
        for button in (*self.buttons.values(), self.vote_button):
            button.setEnabled(can_edit)

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
        self.model = _rows_model(columns, warn=lambda r: bool(r.late))
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

        self.late_model = _rows_model(
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
        self.feedback_model = _rows_model(
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
        self.micro_model = _rows_model(
            [
                ("number", self.tr("No.")),
                ("title", self.tr("Project")),
                ("community", self.tr("Community")),
                ("status_label", self.tr("Status")),
                ("budget", self.tr("Funds approved (10k yuan)")),
                ("spent", self.tr("Spent (10k yuan)")),
            ]
        )
        self.micro_table = _table(self.micro_model)
        self.micro_table.setObjectName("microProjects")
        self.micro_summary = QLabel()
        self.micro_summary.setObjectName("microSummary")
        micro_bar = QHBoxLayout()
        self.micro_buttons: dict[str, QPushButton] = {}
        for key, label, slot in (
            ("propose", self.tr("Application…"), self.new_micro),
            ("decide", self.tr("Community decision…"), self.decide_micro),
            ("start", self.tr("Hand over…"), self.start_micro),
            ("accept", self.tr("Acceptance…"), self.accept_micro),
        ):
            button = QPushButton(label)
            button.setObjectName(f"micro_{key}")
            button.clicked.connect(slot)
            button.setEnabled(ctx.can(Permission.EDIT_DATA))
            micro_bar.addWidget(button)
            self.micro_buttons[key] = button
        micro_bar.addWidget(self.micro_summary, 1)
        micro = QWidget()
        micro_layout = QVBoxLayout(micro)
        micro_layout.setContentsMargins(0, 4, 0, 0)
        micro_layout.addLayout(micro_bar)
        micro_layout.addWidget(self.micro_table, 1)
        self.tabs.addTab(micro, self.tr("Micro-projects"))
        self.micro_table.selectionModel().currentRowChanged.connect(self._micro_enable)
        self.tabs.currentChanged.connect(self._tab_changed)
        for table in (self.late_table, self.feedback_table):
            table.horizontalHeader().setResizeContentsPrecision(100)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    # ---- loading
    def activate(self) -> None:
        self.today = self._fixed_today or date.today()
        with self.ctx.db.session() as s:
            found = sorted(set(views.years(s)) | set(views.years(s, "micro")), reverse=True)
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
        elif index == 3:
            with self.ctx.db.session() as s:
                acc = views.micro_account(s, self._selected_year(), self.today)
            self.micro_model.set_rows(list(acc.rows))
            self.micro_table.resizeColumnsToContents()
            self.micro_summary.setText(
                self.tr("%1 applied · %2 approved · %3 accepted · approved %4, spent %5 (10k yuan)")
                .replace("%1", str(acc.applied))
                .replace("%2", str(acc.approved))
                .replace("%3", str(acc.accepted))
                .replace("%4", yuan(acc.funds_approved))
                .replace("%5", yuan(acc.funds_spent))
            )
            self._micro_enable()

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
            self.current = None
            self._enable()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.model.rows):
            return
        row = self.model.rows[current.row()]
        with self.ctx.db.session() as s:
            d = views.detail(s, row.id, self.today)
        self.current = d
        self.detail.setHtml(self.detail_html(d))
        self._enable()

    def _enable(self) -> None:
        can_edit = self.ctx.can(Permission.EDIT_DATA)
        allowed = set(self.current.actions) if self.current else set()
        for key, button in self.buttons.items():
            button.setEnabled(can_edit and (key == "propose" or key in allowed))

    # ---- actions
    def _selected_year(self) -> int:
        return int(self.year.currentData() or self.today.year)

    def _ask_and_apply(
        self, title: str, fields: list[Field], apply: Callable[[Session, dict[str, Any]], object]
    ) -> bool:
        """Ask, then apply in one transaction; a refusal is shown and the form comes back
        with what was typed."""
        from desktop.ui.dialogs import run_modal_until

        dialog = FormDialog(title, fields, self)

        def accept() -> bool:
            def applied(s: Any) -> bool:
                apply(s, dialog.values())
                return True

            return self.run_action(applied, success=lambda _ok: self.refresh()) is not None

        return run_modal_until(dialog, accept)

    def refresh(self) -> None:
        keep = self.current.row.id if self.current else None
        tab = self.tabs.currentIndex()
        self.activate()
        self.tabs.setCurrentIndex(tab)
        if keep is not None:
            ids = [r.id for r in self.model.rows]
            if keep in ids:
                self.table.selectRow(ids.index(keep))

    def _project_id(self) -> str | None:
        return self.current.row.id if self.current else None

    def new_proposal(self, kind: str = "livelihood") -> None:
        with self.ctx.db.session() as s:
            communities = [("—", None)] + [(n, i) for i, n in views.community_choices(s)]
        sources = [(gettext(v), k) for k, v in core.SOURCE_LABELS.items()]
        fields = [
            Field("year", self.tr("Project year"), "int", self._selected_year(), maximum=2100),
            Field("title", self.tr("Project")),
            Field("source", self.tr("Source"), "choice", "representative", tuple(sources)),
            Field("proposer", self.tr("Proposer")),
            Field("community_id", self.tr("Community"), "choice", None, tuple(communities)),
            Field("estimated_cost", self.tr("Estimate (yuan)"), "int"),
            Field("unit", self.tr("Implementing unit")),
            Field("proposed_on", self.tr("Date"), "date", self.today),
            Field("content", self.tr("Proposal content"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.propose(s, self.ctx.actor, core.ProposalInput(**v, kind=kind), today=self.today)

        title = (
            self.tr("New proposal")
            if kind == "livelihood"
            else self.tr("Micro-project application")
        )
        self._ask_and_apply(title, fields, apply)

    def screen_proposal(self) -> None:
        pid = self._project_id()
        if pid is None:
            return
        with self.ctx.db.session() as s:
            others = [
                (f"{r.number} {r.title}", r.id)
                for r in views.year_rows(
                    s, self._selected_year(), states=("proposed", "shortlisted")
                )
                if r.id != pid
            ]
        decisions = [(gettext(v), k) for k, v in core.DECISION_LABELS.items()]
        fields = [
            Field(
                "decision", self.tr("Screening decision"), "choice", "shortlisted", tuple(decisions)
            ),
            Field("merge_into", self.tr("Merged into"), "choice", None, (("—", None), *others)),
            Field("on", self.tr("Date"), "date", self.today),
            Field("reason", self.tr("Reason"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.screen(
                s,
                self.ctx.actor,
                pid,
                v["decision"],
                v["reason"],
                merge_into=v["merge_into"],
                on=v["on"],
            )

        self._ask_and_apply(self.tr("Screening decision"), fields, apply)

    def feedback(self) -> None:
        pid = self._project_id()
        if pid is None:
            return
        with self.ctx.db.session() as s:
            adopted, reason = core.suggested_feedback(core.get_project(s, pid))
        fields = [
            Field(
                "adopted",
                self.tr("Feedback"),
                "choice",
                adopted,
                (
                    (gettext(core.FEEDBACK_LABELS["adopted"]), True),
                    (gettext(core.FEEDBACK_LABELS["not_adopted"]), False),
                ),
            ),
            Field("on", self.tr("Date"), "date", self.today),
            Field("reason", self.tr("Reason"), "note", reason),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.set_feedback(s, self.ctx.actor, pid, bool(v["adopted"]), v["reason"], on=v["on"])

        self._ask_and_apply(self.tr("Feedback to the proposer"), fields, apply)

    def start(self) -> None:
        pid = self._project_id()
        if pid is None or self.current is None:
            return
        r = self.current.row
        fields = [
            Field("unit", self.tr("Implementing unit"), value=r.unit),
            Field("responsible", self.tr("Responsible person")),
            Field("budget", self.tr("Budget (yuan)"), "int", r.estimated_cost),
            Field("on", self.tr("Date"), "date", self.today),
            Field("milestones", self.tr("Milestones (one a line: name date)"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.start(
                s,
                self.ctx.actor,
                pid,
                unit=v["unit"],
                responsible=v["responsible"],
                budget=v["budget"],
                milestones=core.parse_milestones(v["milestones"]),
                on=v["on"],
            )

        self._ask_and_apply(self.tr("Hand over for implementation"), fields, apply)

    def report(self) -> None:
        pid = self._project_id()
        if pid is None or self.current is None:
            return
        states = tuple((gettext(v), k) for k, v in core.PROGRESS_LABELS.items())
        fields = [
            Field("progress", self.tr("Progress"), "choice", "on_track", states),
            Field("on", self.tr("Date"), "date", self.today),
            Field("spent", self.tr("Spent so far (yuan)"), "int", self.current.row.spent),
            Field("note", self.tr("Reason when behind"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.report_progress(
                s,
                self.ctx.actor,
                pid,
                progress=v["progress"],
                on=v["on"],
                note=v["note"],
                spent=v["spent"],
            )

        self._ask_and_apply(self.tr("Progress report"), fields, apply)

    def visit(self) -> None:
        pid = self._project_id()
        if pid is None:
            return
        with self.ctx.db.session() as s:
            acts = [("—", None), *views.visit_activity_choices(s, self.today)]
        fields = [
            Field("activity_id", self.tr("Duty activity"), "choice", None, tuple(acts)),
            Field("on", self.tr("Date"), "date", self.today),
            Field("note", self.tr("What the visit found"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.record_visit(
                s, self.ctx.actor, pid, on=v["on"], note=v["note"], activity_id=v["activity_id"]
            )

        self._ask_and_apply(self.tr("Supervision visit"), fields, apply)

    def to_poll(self) -> None:
        year = self._selected_year()
        with self.ctx.db.session() as s:
            n = len(voting.shortlist(s, year))
        fields = [
            Field("quota", self.tr("Number to choose"), "int", max(1, n - 2), maximum=max(1, n))
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            voting.create_vote_poll(s, self.ctx.actor, year, quota=v["quota"])

        if self._ask_and_apply(self.tr("Put the shortlist to the vote"), fields, apply):
            self.ctx.status(self.tr("The selection poll is ready on the Polls page."))

    def _cycle_poll(self, attr: str) -> str | None:
        with self.ctx.db.session() as s:
            cyc = voting.cycle(s, self._selected_year())
            return getattr(cyc, attr) if cyc is not None else None

    def _apply_now(self, fn: Callable[[Session], object]) -> None:
        self.run_action(fn, success=lambda _result: self.refresh())

    # ---- micro-projects
    def _micro_selected(self) -> views.ProjectRow | None:
        index = self.micro_table.currentIndex()
        if not index.isValid() or index.row() >= len(self.micro_model.rows):
            return None
        row: views.ProjectRow = self.micro_model.rows[index.row()]
        return row

    def _micro_enable(self, *_args: Any) -> None:
        row = self._micro_selected()
        allowed = set(core.allowed_actions("micro", row.status)) if row else set()
        can_edit = self.ctx.can(Permission.EDIT_DATA)
        for key, button in self.micro_buttons.items():
            button.setEnabled(can_edit and (key == "propose" or key in allowed))

    def new_micro(self) -> None:
        self.new_proposal("micro")

    def decide_micro(self) -> None:
        row = self._micro_selected()
        if row is None:
            return
        fields = [
            Field(
                "approved",
                self.tr("Community decision"),
                "choice",
                True,
                ((self.tr("Carry it out"), True), (self.tr("Do not carry it out"), False)),
            ),
            Field("funds", self.tr("Funds approved (yuan)"), "int", row.estimated_cost),
            Field("on", self.tr("Date"), "date", self.today),
            Field("reason", self.tr("Decision and reason"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.decide_micro(
                s,
                self.ctx.actor,
                row.id,
                approved=bool(v["approved"]),
                funds=v["funds"],
                reason=v["reason"],
                on=v["on"],
            )

        self._ask_and_apply(self.tr("Community decision"), fields, apply)

    def start_micro(self) -> None:
        row = self._micro_selected()
        if row is None:
            return
        fields = [
            Field("unit", self.tr("Implementing unit"), value=row.unit),
            Field("responsible", self.tr("Responsible person")),
            Field("on", self.tr("Date"), "date", self.today),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.start(
                s,
                self.ctx.actor,
                row.id,
                unit=v["unit"],
                responsible=v["responsible"],
                budget=row.budget,
                on=v["on"],
            )

        self._ask_and_apply(self.tr("Hand over for implementation"), fields, apply)

    def accept_micro(self) -> None:
        row = self._micro_selected()
        if row is None:
            return
        fields = [
            Field("on", self.tr("Date"), "date", self.today),
            Field("by", self.tr("Accepted by")),
            Field("spent", self.tr("Funds spent (yuan)"), "int", row.budget),
            Field("result", self.tr("Result"), "note"),
        ]

        def apply(s: Session, v: dict[str, Any]) -> None:
            core.accept_micro(
                s,
                self.ctx.actor,
                row.id,
                on=v["on"],
                by=v["by"],
                result=v["result"],
                spent=v["spent"],
            )

        self._ask_and_apply(self.tr("Acceptance"), fields, apply)

    def read_back(self) -> None:
        poll_id = self._cycle_poll("vote_poll_id")
        if poll_id is None:
            self.show_error(AppError(N_("This year's shortlist has not been put to the vote.")))
            return
        self._apply_now(lambda s: voting.read_back_vote(s, self.ctx.actor, poll_id))

    def evaluation_poll(self) -> None:
        year = self._selected_year()
        self._apply_now(lambda s: voting.create_evaluation_poll(s, self.ctx.actor, year))

    def read_back_evaluation(self) -> None:
        poll_id = self._cycle_poll("evaluation_poll_id")
        if poll_id is None:
            self.show_error(AppError(N_("No satisfaction poll has been created for this year.")))
            return
        self._apply_now(lambda s: voting.read_back_evaluation(s, self.ctx.actor, poll_id))

    # ---- papers
    def paper(self, title: str, fn: Callable[..., Path]) -> None:
        import tempfile

        from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

        year = self._selected_year()
        with tempfile.TemporaryDirectory(prefix="yishi-paper-") as tmp:
            path = Path(tmp) / "paper.pdf"
            try:
                with self.ctx.db.session() as s:
                    fn(s, self.ctx.actor, path, year, today=self.today)
            except AppError as err:
                self.show_error(err)
                return
            pdf = path.read_bytes()
        dialog = PdfPreviewDialog(pdf, title, f"{year}-{title}.pdf", self)
        dialog.save_folder = self.ctx.paths.exports
        dialog.open()
        self.last_dialog = dialog

    def export_excel(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.excel import writer

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Project ledger (Excel)…"),
            str(self.ctx.paths.exports / "民生实事项目台账.xlsx"),
            "Excel (*.xlsx)",
        )
        if not name:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Progress) -> int:
            with db.transaction() as s:
                return writer.export(s, actor, "projects", Path(name), progress=progress)

        self.run_task(
            work,
            success=lambda n: self.ctx.status(
                self.tr("%1 projects exported.").replace("%1", str(n))
            ),
            label=self.tr("Exporting…"),
        )

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
