"""履职档案: the year's points ranking (履职积分) with the breakdown and the floor, the points
rules, the 公示 PDF and Excel; the archive of one deputy (一人一档) and its PDF; the
report-backs (述职评议) with their 优秀 rate and the 谈心谈话 flag."""

from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.services.archives import archive, assessment, points, reportbacks
from desktop.services.permissions import Permission
from desktop.services.privacy import mask_phone
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.dialogs.archive_dialogs import (
    AssessmentDialog,
    PointsRulesDialog,
    ReportBackDialog,
    TalkDialog,
)
from desktop.ui.pages.base import Page

SHADE = QColor("#fde2e1")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], shaded: list[bool] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if shaded and shaded[r]:
                item.setBackground(QBrush(SHADE))
            table.setItem(r, c, item)


class ArchivesPage(Page):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.today = today or date.today()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._ranking_tab(), self.tr("Points ranking"))
        self.tabs.addTab(self._archive_tab(), self.tr("Deputy archive"))
        self.tabs.addTab(self._reportback_tab(), self.tr("Report-backs"))
        self.tabs.addTab(self._assessment_tab(), self.tr("Yearly assessment"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # ------------------------------------------------------------------ ranking

    def _ranking_tab(self) -> QWidget:
        w = QWidget()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year)
        self.year.valueChanged.connect(self.refresh_ranking)
        self.rule_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Year")))
        bar.addWidget(self.year)
        bar.addWidget(self.rule_label, 1)
        for text, slot, name in (
            (self.tr("Points rules…"), self.edit_rules, "rules"),
            (self.tr("Public notice PDF…"), self.notice_pdf, "notice"),
            (self.tr("Export Excel…"), self.export_excel, "excel"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"archives_{name}")
            button.clicked.connect(slot)
            if name == "rules":
                button.setEnabled(self.ctx.actor.can(Permission.MANAGE_SETTINGS))
            bar.addWidget(button)
        self.ranking = _table(
            [
                self.tr("Rank"),
                self.tr("Name"),
                self.tr("Station"),
                self.tr("Points"),
                self.tr("Breakdown"),
            ]
        )
        self.ranking.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.ranking.doubleClicked.connect(self._open_ranked)
        self.ranking_note = QLabel()
        layout = QVBoxLayout(w)
        layout.addLayout(bar)
        layout.addWidget(self.ranking, 1)
        layout.addWidget(self.ranking_note)
        return w

    def refresh_ranking(self) -> None:
        from desktop.reports.archive_papers import breakdown_text

        with self.ctx.db.session() as s:
            ranked = points.rank(s, self.year.value())
        self.ranked = ranked
        self.rule_label.setText(self.tr("Rule: %1").replace("%1", ranked.rule.label()))
        _fill(
            self.ranking,
            [
                [str(r.rank), r.name, r.station, str(r.score.total), breakdown_text(r.score)]
                for r in ranked.rows
            ],
            [r.below_floor for r in ranked.rows],
        )
        self.ranking.resizeColumnsToContents()
        self.ranking.setColumnWidth(4, 600)
        below = sum(1 for r in ranked.rows if r.below_floor)
        self.ranking_note.setText(
            self.tr("%1 deputies; %2 below the floor of %3 points (shaded).")
            .replace("%1", str(len(ranked.rows)))
            .replace("%2", str(below))
            .replace("%3", str(ranked.floor))
        )

    def _open_ranked(self) -> None:
        row = self.ranking.currentRow()
        if 0 <= row < len(self.ranked.rows):
            self.show_archive(self.ranked.rows[row].deputy_id)

    def edit_rules(self) -> None:
        dialog = PointsRulesDialog(self.ctx, self.year.value(), self)
        if run_modal(dialog):
            self.refresh_ranking()

    def _preview(self, make: object, title: str, filename: str) -> None:
        from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

        with tempfile.TemporaryDirectory(prefix="yishi-paper-") as tmp:
            path = Path(tmp) / "paper.pdf"
            try:
                with self.ctx.db.session() as s:
                    make(s, path)  # type: ignore[operator]
            except AppError as err:
                self.show_error(err)
                return
            pdf = path.read_bytes()
        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        dialog.open()
        self.last_dialog = dialog

    def notice_pdf(self) -> None:
        from desktop.reports import archive_papers

        year = self.year.value()
        self._preview(
            lambda s, p: archive_papers.points_notice(s, self.ctx.actor, p, year, today=self.today),
            self.tr("Public notice of points"),
            f"{year}年度代表履职积分公示.pdf",
        )

    def export_excel(self) -> None:
        from desktop.excel.points_export import export_points

        year = self.year.value()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Excel…"),
            str(self.ctx.paths.exports / f"{year}年度代表履职积分.xlsx"),
            "Excel (*.xlsx)",
        )
        if not path:
            return
        try:
            with self.ctx.db.session() as s:
                export_points(s, self.ctx.actor, path, year)
        except (AppError, OSError) as err:
            self.show_error(err)

    # ------------------------------------------------------------------ archive

    def _archive_tab(self) -> QWidget:
        w = QWidget()
        self.deputy = QComboBox()
        self.deputy.setMinimumWidth(160)
        self.deputy.currentIndexChanged.connect(self.refresh_archive)
        pdf = QPushButton(self.tr("Archive PDF…"))
        pdf.setObjectName("archives_pdf")
        pdf.clicked.connect(self.archive_pdf)
        self.vulnerable_button = QPushButton(self.tr("Mark / unmark vulnerable group"))
        self.vulnerable_button.clicked.connect(self.toggle_vulnerable)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Deputy")))
        bar.addWidget(self.deputy)
        bar.addStretch(1)
        bar.addWidget(self.vulnerable_button)
        bar.addWidget(pdf)
        self.contacts = _table(
            [
                self.tr("Fixed contact"),
                self.tr("Phone"),
                self.tr("Since"),
                self.tr("Vulnerable group"),
            ]
        )
        self.contacts.setMaximumHeight(140)
        self.contacts.horizontalHeader().setStretchLastSection(True)
        self.archive_view = QTextBrowser()
        layout = QVBoxLayout(w)
        layout.addLayout(bar)
        layout.addWidget(self.contacts)
        layout.addWidget(self.archive_view, 1)
        return w

    def show_archive(self, deputy_id: str) -> None:
        index = self.deputy.findData(deputy_id)
        if index >= 0:
            self.deputy.setCurrentIndex(index)
        self.tabs.setCurrentIndex(1)

    def refresh_archive(self) -> None:
        did = self.deputy.currentData()
        if not did:
            self.archive_view.clear()
            return
        try:
            with self.ctx.db.session() as s:
                a = archive.build(s, did, today=self.today)
        except AppError as err:
            self.show_error(err)
            return
        self.current_archive = a
        personal = self.ctx.actor.can(Permission.VIEW_PERSONAL_DATA)
        _fill(
            self.contacts,
            [
                [
                    c.name,
                    c.phone if personal else mask_phone(c.phone),
                    c.since.isoformat() if c.since else "",
                    "是" if c.vulnerable else "",
                ]
                for c in a.contacts
            ],
        )
        self.archive_view.setHtml(archive_html(a))

    def toggle_vulnerable(self) -> None:
        row = self.contacts.currentRow()
        a = getattr(self, "current_archive", None)
        if a is None or not 0 <= row < len(a.contacts):
            self.show_error(AppError(self.tr("Choose a contact in the list first.")))
            return
        contact = a.contacts[row]
        self.run_action(
            lambda s: archive.set_vulnerable(s, self.ctx.actor, contact.id, not contact.vulnerable),
            success=lambda _r: self.refresh_archive(),
        )

    def archive_pdf(self) -> None:
        from desktop.reports import archive_papers

        did = self.deputy.currentData()
        if not did:
            return
        name = self.deputy.currentText()
        self._preview(
            lambda s, p: archive_papers.deputy_archive(s, self.ctx.actor, p, did, today=self.today),
            self.tr("Deputy archive"),
            f"{name}代表履职档案.pdf",
        )

    # ------------------------------------------------------------------ report-backs

    def _reportback_tab(self) -> QWidget:
        w = QWidget()
        add = QPushButton(self.tr("Record a report-back…"))
        add.clicked.connect(self.add_report_back)
        talk = QPushButton(self.tr("Record the talk…"))
        talk.clicked.connect(self.record_talk)
        self.coverage_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.coverage_label, 1)
        bar.addWidget(add)
        bar.addWidget(talk)
        self.rbs = _table(
            [
                self.tr("Date"),
                self.tr("Deputy"),
                self.tr("Place"),
                self.tr("Audience"),
                self.tr("优秀 rate"),
                self.tr("Talk"),
            ]
        )
        self.rbs.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(w)
        layout.addLayout(bar)
        layout.addWidget(self.rbs, 1)
        return w

    def refresh_report_backs(self) -> None:
        with self.ctx.db.session() as s:
            views = reportbacks.list_report_backs(s)
            cov = reportbacks.coverage(s)
            line = (
                __import__("desktop.services.archives.settings", fromlist=["load"])
                .load(s)
                .excellent_line_percent
            )
        self.report_back_views = views
        self.coverage_label.setText(
            self.tr(
                "Reported back this term: %1 of %2 deputies. Below %3% 优秀: talk due (shaded)."
            )
            .replace("%1", str(cov.reported))
            .replace("%2", str(cov.deputies))
            .replace("%3", str(line))
        )
        rows = []
        for v in views:
            if v.talk_on:
                talk = f"{v.talk_on.isoformat()} {v.talk_by}：{v.improvement}"
            elif v.flagged:
                talk = self.tr("Talk due")
            else:
                talk = ""
            rows.append(
                [
                    v.held_on.isoformat(),
                    v.deputy_name,
                    v.place,
                    f"{v.audience} {v.audience_count}人",
                    v.rating.percent_text() if v.rating else self.tr("not rated"),
                    talk,
                ]
            )
        _fill(self.rbs, rows, [v.talk_due for v in views])
        self.rbs.resizeColumnsToContents()

    def add_report_back(self) -> None:
        with self.ctx.db.session() as s:
            deputies = archive.deputy_choices(s)
        if run_modal(ReportBackDialog(self.ctx, deputies, self, today=self.today)):
            self.refresh_report_backs()

    def record_talk(self) -> None:
        row = self.rbs.currentRow()
        views = getattr(self, "report_back_views", [])
        if not 0 <= row < len(views):
            self.show_error(AppError(self.tr("Choose a report-back in the list first.")))
            return
        if run_modal(TalkDialog(self.ctx, views[row], self, today=self.today)):
            self.refresh_report_backs()

    # ------------------------------------------------------------------ assessment

    def _assessment_tab(self) -> QWidget:
        w = QWidget()
        self.assess_year = QSpinBox()
        self.assess_year.setRange(2000, 2100)
        self.assess_year.setValue(self.today.year)
        self.assess_year.valueChanged.connect(self.refresh_assessment)
        decide = QPushButton(self.tr("Decide the next stage…"))
        decide.clicked.connect(self.decide_stage)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Year")))
        bar.addWidget(self.assess_year)
        bar.addStretch(1)
        bar.addWidget(decide)
        self.assess = _table(
            [
                self.tr("Name"),
                self.tr("Points"),
                *(assessment.STAGE_WORDS[s] for s in assessment.STAGES),
                self.tr("Grade"),
            ]
        )
        header = self.assess.horizontalHeader()
        for col in range(2, 2 + len(assessment.STAGES)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.assess.setWordWrap(True)
        self.assess.doubleClicked.connect(self.decide_stage)
        layout = QVBoxLayout(w)
        layout.addLayout(bar)
        layout.addWidget(self.assess, 1)
        return w

    def refresh_assessment(self) -> None:
        with self.ctx.db.session() as s:
            rows = assessment.list_year(s, self.assess_year.value())
        self.assessment_rows = rows
        table = []
        for r in rows:
            cells = [f"{st.grade}　{st.decided_on.isoformat()}\n{st.decided_by}" for st in r.stages]
            cells += [""] * (len(assessment.STAGES) - len(cells))
            table.append([r.name, str(r.points), *cells, r.final_grade])
        _fill(self.assess, table)
        self.assess.resizeColumnToContents(0)
        self.assess.resizeColumnToContents(1)
        self.assess.resizeRowsToContents()

    def decide_stage(self) -> None:
        row = self.assess.currentRow()
        rows = getattr(self, "assessment_rows", [])
        if not 0 <= row < len(rows):
            self.show_error(AppError(self.tr("Choose a deputy in the list first.")))
            return
        if rows[row].next_stage is None:
            self.show_error(AppError(self.tr("Every stage of this assessment is decided.")))
            return
        dialog = AssessmentDialog(
            self.ctx, rows[row], self.assess_year.value(), self, today=self.today
        )
        if run_modal(dialog):
            self.refresh_assessment()

    # ------------------------------------------------------------------ page

    def activate(self) -> None:
        with self.ctx.db.session() as s:
            choices = archive.deputy_choices(s)
        current = self.deputy.currentData()
        self.deputy.blockSignals(True)
        self.deputy.clear()
        for did, name in choices:
            self.deputy.addItem(name, did)
        index = self.deputy.findData(current) if current else 0
        self.deputy.setCurrentIndex(max(index, 0))
        self.deputy.blockSignals(False)
        self.refresh_ranking()
        self.refresh_archive()
        self.refresh_report_backs()
        self.refresh_assessment()


def archive_html(a: archive.Archive) -> str:
    """The archive as the page shows it: the same sections and counts as the PDF."""
    from desktop.reports.archive_papers import SECTIONS, breakdown_text

    e = html.escape

    def table(head: list[str], rows: list[list[str]]) -> str:
        cells = "".join(f"<th>{e(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{cells}</tr>{body}</table>"

    closed = sum(1 for o in a.opinions if o.status in ("已办结", "已回访"))
    short = "，<span style='color:#c62828'>不足</span>" if a.contacts_short else ""
    parts = [
        f"<h2>{e(a.name)}代表履职档案</h2>",
        f"<h3>{SECTIONS[0]}（{e(a.term or '本届')}）</h3>",
        f"<p>{e(a.gender)}　{e(a.level)}人大代表　{e(a.election)}　{e(a.unit)}{e(a.position)}"
        f"　联络站：{e(a.station)}</p>",
        f"<p>结对联系的议事代表：{e(a.pairs_text)}</p>" if a.pairs else "",
        f"<h3>{SECTIONS[1]}（共{len(a.contacts)}人，其中弱势群体{a.vulnerable_contacts}人；"
        f"应联系{a.contacts_required}人{short}）</h3>",
        f"<h3>{SECTIONS[2]}（共{len(a.activities)}次）</h3>",
        table(
            ["日期", "活动类型", "角色", "地点"],
            [[x.held_on.isoformat(), x.kind, x.role, x.place] for x in a.activities],
        ),
        f"<h3>{SECTIONS[3]}（出席{a.meeting_count('present')}次，请假{a.meeting_count('on_leave')}次，"
        f"缺席{a.meeting_count('absent')}次）</h3>",
        f"<h3>{SECTIONS[4]}（提出{len(a.opinions)}条，办结{closed}条）</h3>",
        f"<h3>{SECTIONS[5]}（每年应集中学习培训{archive.TRAINING_NORM[0]}—{archive.TRAINING_NORM[1]}天）</h3>",
        table(
            ["年度", "培训天数", "对照要求"],
            [
                [str(y.year), str(y.training_days), "不足" if y.training_short else "达到"]
                for y in a.years
            ],
        ),
        f"<h3>{SECTIONS[6]}（共{len(a.report_backs)}次）</h3>",
        table(
            ["日期", "地点", "优秀率", "谈心谈话"],
            [
                [
                    r.held_on.isoformat(),
                    r.place,
                    r.rating.percent_text() if r.rating else "未测评",
                    (
                        f"{r.talk_on} {r.talk_by}"
                        if r.talk_on
                        else ("应谈心谈话" if r.flagged else "")
                    ),
                ]
                for r in a.report_backs
            ],
        ),
        f"<h3>{SECTIONS[7]}（{len(a.years)}个年度）</h3>",
        table(
            ["年度", "积分", "依据规则", "构成"],
            [[str(y.year), str(y.total), y.rule, breakdown_text(y.score)] for y in a.years],
        ),
    ]
    return "".join(parts)
