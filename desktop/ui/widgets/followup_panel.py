"""跟踪督办: the followed-up matters (a meeting's, or a queue across meetings) with their steps
(交办, 研究处理情况报告, 审核意见, 交办单), and — on a meeting — the input raised at it and the
meeting's own follow-up actions (the follow-up report on its agenda, the rating poll).

Everything goes through :mod:`desktop.services.followup`; a refused form comes back with what
was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, as_app_error
from desktop.i18n import gettext
from desktop.reports import followup_papers
from desktop.services import opinions as opinion_service
from desktop.services.followup import core, motions, rating, report
from desktop.services.followup.core import ItemRow
from desktop.services.followup.motions import MotionRow
from desktop.services.opinions import units as opinion_units
from desktop.services.permissions import Permission
from desktop.ui.actions import run_action
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal, run_modal_until
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from desktop.ui.dialogs.project_dialogs import Field, FormDialog
from desktop.ui.models.rows import RowsModel
from desktop.ui.widgets.fit import install_elided_tooltips


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    install_elided_tooltips(view)
    return view


def _day(d: date | None) -> str:
    return d.isoformat() if d else ""


class MatterPanel(QWidget):
    """The matters' table, the selected matter's detail and its step buttons."""

    changed = Signal()

    def __init__(self, ctx: AppContext, *, with_meeting: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loader: Callable[[Any], list[ItemRow]] = lambda _s: []
        self.today: Callable[[], date] = date.today
        self.preview_factory: Callable[[bytes, str, str], Any] = self._preview
        columns: list[tuple[str, str, Callable[[Any], str] | None]] = [
            ("number", self.tr("No."), None),
            ("status_label", self.tr("Step"), None),
            ("unit", self.tr("Handling unit"), None),
            ("due_on", self.tr("Handling due"), _day),
            (
                "overdue_days",
                self.tr("Overdue"),
                lambda n: self.tr("%1 working days").replace("%1", str(n)) if n else "",
            ),
        ]
        if with_meeting:
            columns.append(("meeting_title", self.tr("Meeting"), None))
        columns.append(("title", self.tr("Matter"), None))
        self.model = RowsModel(columns, warn=lambda r: bool(r.overdue))
        self.table = _table(self.model, "followup_table")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.detail = QLabel()
        self.detail.setObjectName("followup_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.assign_button = QPushButton(self.tr("Assign…"))
        self.report_button = QPushButton(self.tr("Handling report…"))
        self.review_button = QPushButton(self.tr("Review opinion…"))
        self.sheet_button = QPushButton(self.tr("Assignment sheet"))
        self.assign_button.clicked.connect(self.assign)
        self.report_button.clicked.connect(self.record_report)
        self.review_button.clicked.connect(self.review)
        self.sheet_button.clicked.connect(self.print_sheet)
        self.buttons = QHBoxLayout()
        for b in (self.assign_button, self.report_button, self.review_button, self.sheet_button):
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(split, 1)
        self._enable()

    # ---- data
    def reload(self, select_id: str | None = None) -> None:
        now = self.current()
        keep = select_id or (now.id if now else None)
        try:
            with self.ctx.db.session() as s:
                rows = self.loader(s)
        except AppError as err:
            self._error(err)
            rows = []
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        elif rows:
            self.table.selectRow(0)
        self._show_current()

    def current(self) -> ItemRow | None:
        index = self.table.currentIndex()
        rows = self.model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _show_current(self) -> None:
        r = self.current()
        self.detail.setText(self._detail_text(r) if r else self.tr("No matter selected."))
        self._enable()

    def _detail_text(self, r: ItemRow) -> str:
        lines = [f"{r.number}　{r.kind_label}　{r.status_label}", r.title]
        if r.content:
            lines.append(r.content)
        lines.append(self.tr("Formed at: %1").replace("%1", r.meeting_title))
        if r.assigned_on:
            lines.append(
                self.tr("Assigned to %1 on %2 (round %3), due %4")
                .replace("%1", r.unit + (f"（{r.contact_person}）" if r.contact_person else ""))
                .replace("%2", _day(r.assigned_on))
                .replace("%3", str(r.round))
                .replace("%4", _day(r.due_on))
            )
        if r.overdue:
            lines.append(self.tr("Overdue by %1 working days").replace("%1", str(r.overdue_days)))
        if r.requirement:
            lines.append(self.tr("Requirement: %1").replace("%1", r.requirement))
        if r.reported_on:
            lines.append(
                self.tr("Handling report (%1): %2")
                .replace("%1", _day(r.reported_on))
                .replace("%2", r.report_text)
            )
        if r.reviewed_on:
            verdict = gettext(core.VERDICT_LABELS.get(r.review_verdict, r.review_verdict))
            lines.append(
                self.tr("Review opinion (%1, %2): %3")
                .replace("%1", _day(r.reviewed_on))
                .replace("%2", verdict)
                .replace("%3", r.review_text)
            )
        if r.rated_on:
            levels = "，".join(f"{k}{v}" for k, v in r.satisfaction.items())
            lines.append(
                self.tr("Satisfaction rating: %1 (positive %2)")
                .replace("%1", levels)
                .replace("%2", r.satisfaction_rate)
            )
        return "\n".join(lines)

    def _enable(self) -> None:
        r = self.current()
        can_edit = self.ctx.can(Permission.EDIT_DATA)
        self.assign_button.setEnabled(
            can_edit and r is not None and r.status in ("formed", "assigned")
        )
        self.report_button.setEnabled(can_edit and r is not None and r.status == "assigned")
        self.review_button.setEnabled(
            self.ctx.can(Permission.REVIEW_FOLLOWUP) and r is not None and r.status == "reported"
        )
        if not self.ctx.can(Permission.REVIEW_FOLLOWUP):
            self.review_button.setToolTip(str(self.ctx.actor.refusal(Permission.REVIEW_FOLLOWUP)))
        self.sheet_button.setEnabled(r is not None and r.assigned_on is not None)

    # ---- steps
    def _error(self, err: BaseException) -> None:
        friendly = as_app_error(err)
        QMessageBox.warning(self, self.tr("Cannot do this"), str(friendly or err))

    def ask(
        self, title: str, fields: list[Field], apply: Callable[[Any, dict[str, Any]], object]
    ) -> bool:
        """Ask, then apply in one transaction; a refusal is shown and the form comes back."""
        dialog = FormDialog(title, fields, self)
        return self.run_form(dialog, apply)

    def run_form(self, dialog: FormDialog, apply: Callable[[Any, dict[str, Any]], object]) -> bool:
        def accept() -> bool:
            values = self._values(dialog)
            applied = run_action(
                self, self.ctx.db, lambda s: (apply(s, values),), failure=self._error
            )
            if applied is None:  # refused: the form stays open
                return False
            self.reload()
            self.changed.emit()
            return True

        return run_modal_until(dialog, accept)

    @staticmethod
    def _values(dialog: FormDialog) -> dict[str, Any]:
        values = dialog.values()
        for key, widget in dialog.widgets.items():
            if isinstance(widget, QComboBox) and widget.isEditable():
                values[key] = widget.currentText()
        return values

    def assign(self) -> None:
        r = self.current()
        if r is None:
            return
        with self.ctx.db.session() as s:
            units = opinion_units.list_units(s, self.ctx.actor)
        dialog = FormDialog(
            self.tr("Assign %1").replace("%1", r.number),
            [
                Field(
                    "unit",
                    self.tr("Handling unit"),
                    "choice",
                    r.unit or None,
                    tuple((u.name, u.name) for u in units),
                ),
                Field("contact_person", self.tr("Contact person"), value=r.contact_person),
                Field("assigned_on", self.tr("Assigned on"), "date", self.today()),
                Field("days", self.tr("Working days to answer"), "int", 20, maximum=250),
                Field("requirement", self.tr("Requirement"), "note", r.requirement),
            ],
            self,
        )
        unit_box = dialog.widgets["unit"]
        assert isinstance(unit_box, QComboBox)
        unit_box.setEditable(True)  # a new unit joins the dictionary
        if r.unit:
            unit_box.setEditText(r.unit)
        self.run_form(
            dialog,
            lambda s, v: core.assign(
                s,
                self.ctx.actor,
                r.id,
                unit=v["unit"],
                contact_person=v["contact_person"],
                assigned_on=v["assigned_on"],
                days=v["days"] or None,
                requirement=v["requirement"],
                expected_version=r.version,
            ),
        )

    def record_report(self) -> None:
        r = self.current()
        if r is None:
            return
        self.ask(
            self.tr("Handling report of %1").replace("%1", r.number),
            [
                Field("reported_on", self.tr("Reported on"), "date", self.today()),
                Field("text", self.tr("Research and handling report"), "note"),
            ],
            lambda s, v: core.record_report(
                s,
                self.ctx.actor,
                r.id,
                text=v["text"],
                reported_on=v["reported_on"],
                expected_version=r.version,
            ),
        )

    def review(self) -> None:
        r = self.current()
        if r is None:
            return
        self.ask(
            self.tr("Review opinion on %1").replace("%1", r.number),
            [
                Field(
                    "verdict",
                    self.tr("Verdict"),
                    "choice",
                    "accepted",
                    tuple((gettext(label), key) for key, label in core.VERDICT_LABELS.items()),
                ),
                Field("reviewed_on", self.tr("Reviewed on"), "date", self.today()),
                Field("text", self.tr("Review opinion"), "note"),
                Field("days", self.tr("Working days when sent back"), "int", 20, maximum=250),
            ],
            lambda s, v: core.review(
                s,
                self.ctx.actor,
                r.id,
                verdict=v["verdict"],
                text=v["text"],
                reviewed_on=v["reviewed_on"],
                days=v["days"] or None,
                expected_version=r.version,
            ),
        )

    def print_sheet(self) -> None:
        r = self.current()
        if r is None:
            return
        try:
            with self.ctx.db.session() as s:
                pdf = followup_papers.assignment_sheet_pdf(s, self.ctx.actor, r.id, self.today())
        except AppError as err:
            self._error(err)
            return
        name = self.tr("Assignment sheet %1").replace("%1", r.number)
        self.preview_factory(pdf, name, f"{name}.pdf")

    def _preview(self, pdf: bytes, title: str, filename: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        run_modal(dialog)
        return dialog


class MeetingFollowupTab(QWidget):
    """The meeting's 跟踪督办 tab: its matters, the input raised at it, and — as the next
    meeting — the follow-up report for its agenda and the rating poll."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.meeting_status = ""
        self.waiting_polls: list[str] = []
        self.matters = MatterPanel(ctx, with_meeting=False)
        self.matters.loader = self._load_matters
        self.matters.changed.connect(self.changed)

        self.follow_res_button = QPushButton(self.tr("Follow up a resolution…"))
        self.new_button = QPushButton(self.tr("New deliberation opinion…"))
        self.follow_res_button.clicked.connect(self.follow_resolution)
        self.new_button.clicked.connect(self.new_opinion)
        self.matters.buttons.insertWidget(0, self.new_button)
        self.matters.buttons.insertWidget(0, self.follow_res_button)

        self.agenda_button = QPushButton(self.tr("Follow-up report to the agenda"))
        self.report_button = QPushButton(self.tr("Print the follow-up report"))
        self.rating_button = QPushButton(self.tr("Rating poll of the reviewed matters"))
        self.read_back_button = QPushButton(self.tr("Read back the rating"))
        self.read_back_button.clicked.connect(self.read_back)
        self.agenda_button.clicked.connect(self.report_to_agenda)
        self.report_button.clicked.connect(self.print_report)
        self.rating_button.clicked.connect(self.rating_poll)
        self.next_label = QLabel()
        self.next_label.setObjectName("followup_next")
        next_bar = QHBoxLayout()
        next_bar.addWidget(QLabel(self.tr("At this meeting:")))
        for b in (
            self.agenda_button,
            self.report_button,
            self.rating_button,
            self.read_back_button,
        ):
            next_bar.addWidget(b)
        next_bar.addStretch(1)
        self.next_label.setWordWrap(True)

        self.motion_model = RowsModel(
            [
                ("raised_on", self.tr("Date"), _day),
                ("person_name", self.tr("Raised by"), None),
                ("kind_label", self.tr("Kind"), None),
                ("status_label", self.tr("Handling"), None),
                ("linked", self.tr("Number"), None),
                ("title", self.tr("Content"), None),
            ]
        )
        self.motion_table = _table(self.motion_model, "motion_table")
        self.motion_table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.register_button = QPushButton(self.tr("Register input…"))
        self.to_opinion_button = QPushButton(self.tr("Into the opinions ledger"))
        self.to_project_button = QPushButton(self.tr("Into a project proposal…"))
        self.register_button.clicked.connect(self.register_input)
        self.to_opinion_button.clicked.connect(self.to_opinion)
        self.to_project_button.clicked.connect(self.to_project)
        motion_bar = QHBoxLayout()
        motion_bar.addWidget(QLabel(self.tr("Opinions and motions raised at the meeting")))
        motion_bar.addStretch(1)
        for b in (self.register_button, self.to_opinion_button, self.to_project_button):
            motion_bar.addWidget(b)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(motion_bar)
        lower_layout.addWidget(self.motion_table, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.matters)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(next_bar)
        layout.addWidget(self.next_label)
        layout.addWidget(split, 1)
        self._enable()

    # ---- data
    def set_meeting(self, meeting_id: str | None, status: str = "") -> None:
        self.meeting_id, self.meeting_status = meeting_id, status
        self.reload()

    def _load_matters(self, s: Any) -> list[ItemRow]:
        if self.meeting_id is None:
            return []
        return core.for_meeting(s, self.ctx.actor, self.meeting_id, self.matters.today())

    def reload(self) -> None:
        self.matters.reload()
        rows: list[Any] = []
        note = ""
        self.waiting_polls = []
        if self.meeting_id is not None:
            with self.ctx.db.session() as s:
                for m in motions.for_meeting(s, self.ctx.actor, self.meeting_id):
                    rows.append(_MotionLine(m))
                rep = report.followup_report(
                    s, self.ctx.actor, self.meeting_id, self.matters.today()
                )
                to_rate = len(core.queue(s, self.ctx.actor, "to_rate"))
                self.waiting_polls = rating.polls_to_read_back(s, self.meeting_id)
            note = self.tr(
                "Earlier meetings: %1 matters followed up, %2 overdue, %3 awaiting rating"
            )
            note = note.replace("%1", str(rep.total)).replace("%2", str(rep.overdue))
            note = note.replace("%3", str(to_rate))
        self.next_label.setText(note)
        self.motion_model.set_rows(rows)
        self._enable()

    def current_motion(self) -> MotionRow | None:
        index = self.motion_table.currentIndex()
        rows = self.motion_model.rows
        if index.isValid() and index.row() < len(rows):
            line: _MotionLine = rows[index.row()]
            return line.row
        return None

    def _enable(self) -> None:
        can_edit = self.ctx.can(Permission.EDIT_DATA)
        held = self.meeting_id is not None and self.meeting_status in ("in_session", "closed")
        self.follow_res_button.setEnabled(can_edit and held)
        self.new_button.setEnabled(can_edit and held)
        self.register_button.setEnabled(can_edit and held)
        m = self.current_motion()
        raised = m is not None and m.status == "raised"
        self.to_opinion_button.setEnabled(can_edit and raised)
        self.to_project_button.setEnabled(
            can_edit and raised and m is not None and m.kind == "motion"
        )
        open_meeting = self.meeting_id is not None and self.meeting_status != "closed"
        self.agenda_button.setEnabled(can_edit and open_meeting)
        self.rating_button.setEnabled(can_edit and open_meeting)
        self.report_button.setEnabled(self.meeting_id is not None)
        self.read_back_button.setEnabled(can_edit and bool(self.waiting_polls))

    def _apply(self, action: Callable[[Any], object]) -> object | None:
        """``action`` in one transaction (run_action); the panel reloads once it is done."""
        applied = run_action(self, self.ctx.db, lambda s: (action(s),), failure=self.matters._error)
        if applied is None:
            return None
        self.reload()
        self.changed.emit()
        return applied[0]

    # ---- matters of this meeting
    def follow_resolution(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        from desktop.services.meetings import minutes as minutes_service

        with self.ctx.db.session() as s:
            taken = core.followed_resolution_ids(s, meeting_id)
            choices = tuple(
                (r.title, r.id)
                for r in minutes_service.list_resolutions(s, self.ctx.actor, meeting_id)
                if r.id not in taken
            )
        if not choices:
            QMessageBox.information(
                self,
                self.tr("Follow up a resolution"),
                self.tr("Every resolution of this meeting is already followed up."),
            )
            return
        self.matters.ask(
            self.tr("Follow up a resolution"),
            [Field("resolution_id", self.tr("Resolution"), "choice", None, choices)],
            lambda s, v: core.create(
                s, self.ctx.actor, meeting_id, resolution_id=v["resolution_id"]
            ),
        )

    def new_opinion(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        self.matters.ask(
            self.tr("New deliberation opinion"),
            [
                Field("title", self.tr("Title")),
                Field("content", self.tr("Deliberation opinion"), "note"),
            ],
            lambda s, v: core.create(
                s, self.ctx.actor, meeting_id, title=v["title"], content=v["content"]
            ),
        )

    # ---- this meeting as the next one
    def report_to_agenda(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        if self._apply(
            lambda s: report.add_to_agenda(s, self.ctx.actor, meeting_id, self.matters.today())
        ):
            self.ctx.status(self.tr("The follow-up report is on the agenda."))

    def print_report(self) -> None:
        if self.meeting_id is None:
            return
        try:
            with self.ctx.db.session() as s:
                pdf = followup_papers.followup_report_pdf(
                    s, self.ctx.actor, self.meeting_id, self.matters.today()
                )
        except AppError as err:
            self.matters._error(err)
            return
        self.matters.preview_factory(pdf, report.REPORT_TITLE, f"{report.REPORT_TITLE}.pdf")

    def rating_poll(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        view = self._apply(lambda s: rating.create_rating_poll(s, self.ctx.actor, meeting_id))
        if view is not None:
            self.ctx.status(
                self.tr(
                    "Rating poll created: %1 (print, enter and certify it on the Polls page)"
                ).replace("%1", getattr(view, "title", ""))
            )

    def read_back(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        done = self._apply(lambda s: rating.read_back_meeting(s, self.ctx.actor, meeting_id))
        if isinstance(done, list):
            self.ctx.status(
                self.tr("Satisfaction rating read back for %1 matters").replace(
                    "%1", str(len(done))
                )
            )

    # ---- input raised at the meeting
    def register_input(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        with self.ctx.db.session() as s:
            people = motions.people(s, self.ctx.actor, meeting_id)
            categories = opinion_service.categories(s)
        self.matters.ask(
            self.tr("Register an input raised at the meeting"),
            [
                Field(
                    "kind",
                    self.tr("Kind"),
                    "choice",
                    "motion",
                    tuple((gettext(label), key) for key, label in motions.KIND_LABELS.items()),
                ),
                Field(
                    "person",
                    self.tr("Raised by"),
                    "choice",
                    None,
                    tuple((p.label, (p.representative_id, p.deputy_id)) for p in people),
                ),
                Field("seconders", self.tr("Seconded by")),
                Field("title", self.tr("Title")),
                Field("content", self.tr("Content"), "note"),
                Field(
                    "category",
                    self.tr("Category (for the opinions ledger)"),
                    "choice",
                    "other",
                    tuple((c.label, c.code) for c in categories),
                ),
            ],
            lambda s, v: motions.register(
                s,
                self.ctx.actor,
                meeting_id,
                kind=v["kind"],
                title=v["title"],
                content=v["content"],
                representative_id=(v["person"] or (None, None))[0],
                deputy_id=(v["person"] or (None, None))[1],
                seconders=v["seconders"],
                category=v["category"],
            ),
        )
        self.reload()

    def to_opinion(self) -> None:
        m = self.current_motion()
        if m is None:
            return
        with self.ctx.db.session() as s:
            categories = opinion_service.categories(s)
        self.matters.ask(
            self.tr("Into the opinions ledger"),
            [
                Field(
                    "category",
                    self.tr("Category"),
                    "choice",
                    "other",
                    tuple((c.label, c.code) for c in categories),
                )
            ],
            lambda s, v: motions.to_opinion(s, self.ctx.actor, m.id, category=v["category"]),
        )
        self.reload()

    def to_project(self) -> None:
        m = self.current_motion()
        if m is None:
            return
        year = self.matters.today().year + 1
        with self.ctx.db.session() as s:
            units = opinion_units.list_units(s, self.ctx.actor)
        self.matters.ask(
            self.tr("Into a livelihood-project proposal"),
            [
                Field(
                    "year",
                    self.tr("Year"),
                    "choice",
                    year,
                    tuple((str(y), y) for y in (year - 1, year, year + 1)),
                ),
                Field("estimated_cost", self.tr("Estimated cost (yuan)"), "int", 0),
                Field(
                    "unit",
                    self.tr("Implementing unit"),
                    "choice",
                    "",
                    (("", ""), *((u.name, u.name) for u in units)),
                ),
            ],
            lambda s, v: motions.to_project(
                s,
                self.ctx.actor,
                m.id,
                year=v["year"],
                estimated_cost=v["estimated_cost"],
                unit=v["unit"] or "",
                today=self.matters.today(),
            ),
        )
        self.reload()


class _MotionLine:
    """A motion row with its linked opinion or project number for the table."""

    def __init__(self, row: MotionRow) -> None:
        self.row = row
        self.raised_on = row.raised_on
        self.person_name = row.person_name + (f"（附议：{row.seconders}）" if row.seconders else "")
        self.kind_label = row.kind_label
        self.status_label = row.status_label
        self.linked = row.opinion_number or row.project_number
        self.title = row.title
