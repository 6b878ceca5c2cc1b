"""意见台账: the residents' opinions ledger — lazily paged list with queues (due soon,
overdue by department / staff member, oldest unanswered), the workflow dialogs, papers,
Excel, and a statistics tab.

Opening the page reads one page of rows (keyset paging over an index) and the queue sizes
(index range counts); it never counts or loads the whole ledger, so it opens as fast with a
million opinions as with a thousand (bench/ledger.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.services import choices
from desktop.services import opinions as svc
from desktop.services.permissions import Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs import run_modal
from desktop.ui.dialogs.opinion_dialogs import (
    AnswerDialog,
    AssignDialog,
    CloseDialog,
    FollowUpDialog,
    OpinionDialog,
)
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from desktop.ui.models.opinions import day, ledger_columns
from desktop.ui.pages.base import Page
from desktop.ui.pages.opinion_stats import OpinionStatsWidget
from desktop.ui.widgets.table_model import Column, PagedTableModel


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )


class OpinionsPage(Page):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.today = today
        # Tests swap this to look at the rendered paper without a modal dialog.
        self.preview_factory: Callable[[bytes, str, str], Any] = self._preview
        self.pager = svc.LedgerPager(ctx.db, ctx.actor, svc.OpinionFilter(), today)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("opinionTabs")
        self.tabs.addTab(self._ledger_tab(), self.tr("Ledger"))
        self.stats = OpinionStatsWidget(ctx, today=today)
        self.tabs.addTab(self.stats, self.tr("Statistics"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
        self._filters_loaded = False

    # ------------------------------------------------------------------ building
    def _ledger_tab(self) -> QWidget:
        tab = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("opinionSearch")
        self.search.setPlaceholderText(
            self.tr("Search number, name, content, place (or scan a transfer letter)")
        )
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(lambda: self.apply_filter())
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(lambda: self.apply_filter())
        self.queue = QComboBox()
        self.queue.setObjectName("queue")
        self.queue.addItem(self.tr("All opinions"), "")
        for key in svc.QUEUES:
            self.queue.addItem(gettext(svc.QUEUE_LABELS[key]), key)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("Any status"), "")
        for st in choices.STATUSES:
            self.status.addItem(gettext(svc.STATUS_LABELS[st]), st)
        self.community = QComboBox()
        self.community.setObjectName("communityFilter")
        self.community.addItem(self.tr("All communities"), "")
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.category.addItem(self.tr("All categories"), "")
        for box in (self.status, self.community, self.category):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.queue.currentIndexChanged.connect(lambda _i: self.apply_filter(queues=True))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.queue, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.community, 1)
        filters.addWidget(self.category, 1)

        can_edit = self.ctx.can(Permission.EDIT_DATA)
        self.new_button = QPushButton(self.tr("Register…"))
        self.new_button.setObjectName("newOpinion")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_opinion)
        self.new_button.setVisible(can_edit)
        self.action_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        for key, label in (
            ("edit", self.tr("Edit…")),
            ("assign", self.tr("Assign…")),
            ("answer", self.tr("Answer…")),
            ("close", self.tr("Conclude…")),
            ("follow_up", self.tr("Follow up…")),
            ("reopen", self.tr("Reopen…")),
            ("urge", self.tr("Urge (催办)…")),
            ("public", self.tr("Public")),
        ):
            button = QPushButton(label)
            button.setObjectName(f"action_{key}")
            button.setEnabled(False)
            button.setVisible(can_edit)
            if key == "public":
                button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.workflow_action(k))
            self.action_buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        papers = QToolButton()
        papers.setObjectName("papers")
        papers.setText(self.tr("Papers"))
        papers.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(papers)
        self.letter_action = menu.addAction(self.tr("Transfer letter (转办函)…"), self.print_letter)
        self.letter_action.setEnabled(False)
        menu.addAction(self.tr("Publication sheet (公开栏)…"), self.print_publication)
        menu.addAction(self.tr("Monthly ledger report…"), self.print_monthly)
        papers.setMenu(menu)
        excel = QToolButton()
        excel.setObjectName("excel")
        excel.setText(self.tr("Excel"))
        excel.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        excel_menu = QMenu(excel)
        excel_menu.addAction(self.tr("Export what is shown…"), self.export_excel)
        if can_edit:
            excel_menu.addAction(self.tr("Import a ledger…"), self.import_excel)
        excel_menu.addAction(self.tr("Save an empty template…"), self.save_template)
        excel.setMenu(excel_menu)
        actions.addWidget(papers)
        actions.addWidget(excel)
        units = QPushButton(self.tr("Handling units…"))
        units.setObjectName("opinionUnits")
        units.clicked.connect(self.edit_units)
        actions.addWidget(units)
        if self.ctx.can(Permission.MANAGE_SETTINGS):
            holidays = QPushButton(self.tr("Holiday calendar…"))
            holidays.setObjectName("holidayCalendar")
            holidays.clicked.connect(self.edit_holidays)
            actions.addWidget(holidays)
            categories = QPushButton(self.tr("Categories…"))
            categories.setObjectName("opinionCategories")
            categories.clicked.connect(self.edit_categories)
            actions.addWidget(categories)

        self.model = PagedTableModel(self._columns(), self.pager.fetch, page_size=200)
        self.table = QTableView()
        self.table.setObjectName("opinionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.model.sort_key = None  # the queue's own order until the user sorts a column
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, width in enumerate([104, 84, 60, 84, 60, 112, 50, 84, 112, 60, 96, 64]):
            self.table.setColumnWidth(i, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda *_: self._default_action())

        self.groups_label = QLabel(self.tr("Overdue by department"))
        self.groups = QListWidget()
        self.groups.setObjectName("overdueByDepartment")
        self.staff_label = QLabel(self.tr("Overdue by staff member"))
        self.staff = QListWidget()
        self.staff.setObjectName("overdueByStaff")
        self.groups.itemClicked.connect(lambda item: self._group_clicked("department", item))
        self.staff.itemClicked.connect(lambda item: self._group_clicked("handler", item))
        self.side = QWidget()
        side_layout = QVBoxLayout(self.side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.groups_label)
        side_layout.addWidget(self.groups, 2)
        side_layout.addWidget(self.staff_label)
        side_layout.addWidget(self.staff, 1)
        self.side.setMaximumWidth(240)
        self.side.hide()

        self.detail = QTextBrowser()
        self.detail.setObjectName("opinionDetail")
        self.detail.setOpenLinks(False)
        self.info = QLabel()
        self.info.setObjectName("ledgerInfo")
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.side)
        top.setStretchFactor(0, 4)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        layout.addWidget(self.info)
        QShortcut(QKeySequence("Ctrl+N"), tab, self.new_opinion)
        QShortcut(QKeySequence("Ctrl+F"), tab, self.search.setFocus)
        return tab

    def _columns(self) -> list[Column]:
        return ledger_columns()

    # ------------------------------------------------------------------ data
    def focus_on(self, queue: str) -> None:
        """Show one queue (the home page's 超期未答复意见 card opens "overdue")."""
        index = self.queue.findData(queue)
        if index >= 0:
            self.queue.setCurrentIndex(index)

    def activate(self) -> None:
        if not self._filters_loaded:
            self._load_filter_choices()
        self.apply_filter(queues=True)

    def _load_filter_choices(self) -> None:
        self._filters_loaded = True
        with self.ctx.db.session() as s:
            communities = choices.communities(s)
            cats = svc.categories(s)
        kept = (self.community.currentData(), self.category.currentData())
        for box in (self.community, self.category):
            box.blockSignals(True)
            while box.count() > 1:  # keep "All …"
                box.removeItem(1)
        for community in communities:
            self.community.addItem(community.name, community.id)
        for c in cats:
            self.category.addItem(("　" if c.parent else "") + c.label, c.code)
        for box, data in zip((self.community, self.category), kept, strict=True):
            box.setCurrentIndex(max(0, box.findData(data)))
            box.blockSignals(False)

    def current_filter(self) -> svc.OpinionFilter:
        return svc.OpinionFilter(
            text=self.search.text(),
            status=self.status.currentData() or "",
            queue=self.queue.currentData() or "",
            community_id=self.community.currentData() or "",
            category=self.category.currentData() or "",
            department=getattr(self, "_group_department", ""),
            handler=getattr(self, "_group_handler", ""),
        )

    def apply_filter(self, queues: bool = False) -> None:
        """Reload the list for the current filter (one page); ``queues`` also recounts the
        queue sizes (on opening the page, switching queue, and after a change)."""
        if self.queue.currentData() != "overdue":
            self._group_department = ""
            self._group_handler = ""
        self.pager = svc.LedgerPager(self.ctx.db, self.ctx.actor, self.current_filter(), self.today)
        try:
            self.model.reload(self.pager.fetch)
        except AppError as err:
            self.show_error(err)
            return
        if queues:
            self._refresh_queues()
        self._selection_changed()
        loaded = self.model.rowCount()
        more = self.model.canFetchMore()
        self.info.setText(
            self.tr("%1 opinions shown; scroll for more").replace("%1", str(loaded))
            if more
            else self.tr("%1 opinions").replace("%1", str(loaded))
        )

    def _refresh_queues(self) -> None:
        with self.ctx.db.session() as s:
            counts = {q.key: q for q in svc.queue_counts(s, self.ctx.actor, self.today)}
            overdue = self.queue.currentData() == "overdue"
            by_dept = svc.overdue_by(s, self.ctx.actor, "department", self.today) if overdue else []
            by_staff = svc.overdue_by(s, self.ctx.actor, "handler", self.today) if overdue else []
        self.queue.blockSignals(True)
        for i in range(1, self.queue.count()):
            q = counts[self.queue.itemData(i)]
            self.queue.setItemText(i, f"{q.label} ({q.text})")
        self.queue.blockSignals(False)
        self.side.setVisible(overdue)
        if overdue:
            self.groups.clear()
            self.staff.clear()
            all_item = QListWidgetItem(self.tr("(all)"))
            all_item.setData(Qt.ItemDataRole.UserRole, "")
            self.groups.addItem(all_item)
            for g in by_dept:
                item = QListWidgetItem(f"{g.name}  {g.count}")
                item.setData(Qt.ItemDataRole.UserRole, g.name)
                item.setToolTip(self.tr("Oldest due date: %1").replace("%1", day(g.oldest_due)))
                self.groups.addItem(item)
            for g in by_staff:
                nobody = self.tr("(nobody)")
                item = QListWidgetItem(f"{g.name or nobody}  {g.count}")
                item.setData(Qt.ItemDataRole.UserRole, g.name)
                self.staff.addItem(item)

    def _group_clicked(self, by: str, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole) or ""
        self._group_department = value if by == "department" else ""
        self._group_handler = value if by == "handler" else ""
        self.pager = svc.LedgerPager(self.ctx.db, self.ctx.actor, self.current_filter(), self.today)
        self.model.reload(self.pager.fetch)
        self.info.setText(
            self.tr("%1 opinions shown; scroll for more").replace("%1", str(self.model.rowCount()))
        )

    def selected(self) -> svc.OpinionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row: svc.OpinionRow = self.model.row_at(index.row())
        return row

    def _selection_changed(self) -> None:
        row = self.selected()
        allowed = svc.allowed_actions(row.status, row.satisfaction) if row else []
        for key, button in self.action_buttons.items():
            if key in ("edit", "public"):
                button.setEnabled(row is not None)
            elif key == "urge":
                button.setEnabled(row is not None and self._overdue(row))
            else:
                button.setEnabled(key in allowed)
        self.action_buttons["public"].setChecked(bool(row and row.is_public))
        self.letter_action.setEnabled(bool(row and row.department))
        if row is None:
            self.detail.clear()
            return
        with self.ctx.db.session() as s:
            detail = svc.get(s, self.ctx.actor, row.id, self.today)
        self.detail.setHtml(self._detail_html(detail))

    def _detail_html(self, d: svc.OpinionDetail) -> str:
        r = d.row
        overdue = ""
        if r.days_overdue:
            text = self.tr("overdue %1 days").replace("%1", str(r.days_overdue))
            overdue = f" <b style='color:#c62828'>{_html(text)}</b>"
        labels = {
            "content": self.tr("Content"),
            "reply": self.tr("Reply"),
            "date": self.tr("Date"),
            "step": self.tr("Step"),
            "department": self.tr("Department"),
            "due": self.tr("Due"),
            "details": self.tr("Details"),
            "by": self.tr("By"),
        }
        facts = (
            (self.tr("Resident"), r.resident_name),
            (self.tr("Phone"), r.resident_phone),
            (self.tr("Address"), r.resident_address),
            (self.tr("Community"), r.community_name),
            (self.tr("Channel"), r.channel_label),
            (self.tr("Category"), r.category_label),
            (self.tr("Station"), d.station_name),
            (self.tr("Deputies"), "、".join(d.deputy_names)),
        )
        parts = [
            f"<h3>{_html(r.number)} · {_html(r.status_label)}{overdue}</h3>",
            f"<p><b>{_html(labels['content'])}：</b>{_html(r.content)}</p>",
            "<p>" + "　".join(f"<b>{_html(k)}：</b>{_html(v)}" for k, v in facts if v) + "</p>",
        ]
        if r.reply:
            parts.append(f"<p><b>{_html(labels['reply'])}：</b>{_html(r.reply)}</p>")
        rows = []
        for e in d.events:
            step = gettext(svc.ACTION_LABELS.get(e.action, e.action))
            info = gettext(svc.SATISFACTION_LABELS[e.satisfaction]) if e.satisfaction else e.text
            rows.append(
                f"<tr><td>{day(e.on_date)}</td><td>{_html(step)}</td><td>{_html(e.department)}</td>"
                f"<td>{day(e.due_on)}</td><td>{_html(info)}</td><td>{_html(e.username)}</td></tr>"
            )
        head = "".join(
            f"<th>{_html(labels[k])}</th>"
            for k in ("date", "step", "department", "due", "details", "by")
        )
        parts.append(
            "<table cellspacing=0 cellpadding=3 border=1 style='border-color:#ccc'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>"
        )
        return "".join(parts)

    # ------------------------------------------------------------------ actions
    def _after_change(self, row: svc.OpinionRow | None) -> None:
        self.apply_filter(queues=True)
        if row is not None:
            self.ctx.status(self.tr("Saved: %1").replace("%1", row.number))
            for i, shown in enumerate(self.model.rows):
                if shown.id == row.id:
                    self.table.selectRow(i)
                    break

    def new_opinion(self) -> None:
        if not self.ctx.can(Permission.EDIT_DATA):
            return
        dialog = OpinionDialog(self.ctx.db, self.ctx.actor, self)
        if run_modal(dialog):
            self._after_change(dialog.result_row)

    def _default_action(self) -> None:
        row = self.selected()
        if row is None or not self.ctx.can(Permission.EDIT_DATA):
            return
        allowed = svc.allowed_actions(row.status, row.satisfaction)
        self.workflow_action(allowed[0] if allowed else "edit")

    def workflow_action(self, key: str) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        if key == "urge":
            self.urge(row)
            return
        if key == "public":
            updated = self.run_action(
                lambda s: svc.set_public(
                    s, actor, row.id, not row.is_public, expected_version=row.version
                )
            )
            self._after_change(updated)
            return
        dialogs: dict[str, Callable[[], QDialog]] = {
            "edit": lambda: OpinionDialog(db, actor, self, opinion_id=row.id),
            "assign": lambda: AssignDialog(db, actor, row, self),
            "answer": lambda: AnswerDialog(db, actor, row, self),
            "close": lambda: CloseDialog(db, actor, row, self),
            "follow_up": lambda: FollowUpDialog(db, actor, row, self),
            "reopen": lambda: AssignDialog(db, actor, row, self, reopen=True),
        }
        try:
            dialog = dialogs[key]()
        except AppError as err:
            self.show_error(err)
            return
        if run_modal(dialog):
            self._after_change(getattr(dialog, "result_row", None))

    def _overdue(self, row: svc.OpinionRow) -> bool:
        today = self.today or date.today()
        return row.status == "assigned" and row.due_on is not None and row.due_on < today

    def urge(self, row: svc.OpinionRow) -> None:
        """催办: record it (with an optional note) and open the 催办函 to print."""
        from desktop.reports import opinion_papers

        note, ok = QInputDialog.getText(
            self,
            self.tr("Urge (催办)"),
            self.tr("Urge %1 (%2) for its overdue answer. Note (optional):")
            .replace("%1", row.number)
            .replace("%2", row.department),
        )
        if not ok:
            return
        today = self.today or date.today()
        updated = self.run_action(lambda s: svc.urge(s, self.ctx.actor, row.id, today, note))
        if updated is None:
            return
        self._after_change(updated)
        pdf = self._render(
            lambda s, path: opinion_papers.urge_letter(
                s, self.ctx.actor, row.id, path, issued_on=today
            )
        )
        if pdf is not None:
            name = f"催办函-{row.number}"
            self.preview_factory(pdf, name, f"{name}.pdf")

    def edit_holidays(self) -> None:
        from desktop.ui.dialogs.holiday_calendar import HolidayCalendarDialog

        run_modal(HolidayCalendarDialog(self.ctx.db, self.ctx.actor, self))

    def edit_units(self) -> None:
        from desktop.ui.dialogs.opinion_units import UnitsDialog

        run_modal(UnitsDialog(self.ctx.db, self.ctx.actor, self))

    def edit_categories(self) -> None:
        from desktop.ui.dialogs.opinion_categories import CategoryDialog

        if run_modal(CategoryDialog(self.ctx.db, self.ctx.actor, self)):
            self._load_filter_choices()
            self.apply_filter()
            self.ctx.status(self.tr("Opinion categories saved"))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.stats:
            self.stats.refresh()

    # ------------------------------------------------------------------ papers
    def _render(self, write: Callable[[Any, Path], object]) -> bytes | None:
        """Write a paper into a scratch file and hand back its bytes (None after an error)."""
        with tempfile.TemporaryDirectory(prefix="yishi-paper-") as tmp:
            path = Path(tmp) / "paper.pdf"
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                with self.ctx.db.session() as s:
                    write(s, path)
                return path.read_bytes()
            except AppError as err:
                self.show_error(err)
                return None
            finally:
                QGuiApplication.restoreOverrideCursor()

    def _preview(self, pdf: bytes, title: str, filename: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, filename, self)
        dialog.save_folder = self.ctx.paths.exports
        run_modal(dialog)
        return dialog

    def print_letter(self) -> None:
        from desktop.reports import opinion_papers

        row = self.selected()
        if row is None:
            return
        pdf = self._render(
            lambda s, path: opinion_papers.transfer_letter(s, self.ctx.actor, row.id, path)
        )
        if pdf is not None:
            name = f"转办函-{row.number}"
            self.preview_factory(pdf, name, f"{name}.pdf")

    def print_publication(self) -> None:
        from desktop.reports import opinion_papers

        t = self.today or date.today()
        start = date(t.year, 1, 1)
        pdf = self._render(
            lambda s, path: opinion_papers.publication_sheet(s, self.ctx.actor, path, start, t)
        )
        if pdf is not None:
            self.preview_factory(pdf, self.tr("Publication sheet"), f"公开栏-{t:%Y%m%d}.pdf")

    def print_monthly(self) -> None:
        from desktop.reports import opinion_papers

        t = self.today or date.today()
        year, month = (t.year, t.month - 1) if t.month > 1 else (t.year - 1, 12)
        pdf = self._render(
            lambda s, path: opinion_papers.monthly_report(
                s, self.ctx.actor, path, year, month, today=self.today
            )
        )
        if pdf is not None:
            name = f"意见台账月报-{year}{month:02d}"
            self.preview_factory(pdf, name, f"{name}.pdf")

    # ------------------------------------------------------------------ Excel
    def export_excel(self) -> None:
        from desktop.excel import writer

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to Excel"),
            str(self.ctx.paths.data_dir / "群众意见建议台账.xlsx"),
            "Excel (*.xlsx)",
        )
        if not path:
            return
        pager = self.pager
        sort = self.model.sort_key
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Any) -> int:
            ids = list(pager.iter_ids(sort))
            with db.transaction() as s:
                return writer.export(s, actor, "opinions", path, ids=ids, progress=progress)

        self.ctx.status(self.tr("Exporting…"))
        self.run_task(
            work,
            success=lambda n: self.ctx.status(
                self.tr("Exported %1 rows to %2").replace("%1", str(n)).replace("%2", path)
            ),
            label=self.tr("Exporting…"),
        )

    def save_template(self) -> None:
        from desktop.excel import writer

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save template"),
            str(self.ctx.paths.data_dir / "群众意见建议台账模板.xlsx"),
            "Excel (*.xlsx)",
        )
        if not path:
            return
        with self.ctx.db.session() as s:
            writer.write_template(s, "opinions", path)
        self.ctx.status(self.tr("Saved %1").replace("%1", path))

    def import_excel(self, path: Path | None = None) -> Any:
        """The generic import wizard (mapping step, preview, confirm, undo) on this ledger."""
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, "opinions", path, self)
        wizard.finished.connect(lambda _r: self.apply_filter(queues=True))
        wizard.open()
        return wizard
