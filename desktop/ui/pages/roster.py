"""代表: deliberation representatives, deputies, deputies' fixed contacts, communities.

Each tab is a lazily paged list with a filter bar and search (FTS trigram for 3+ characters,
LIKE for 1–2, pinyin initials); rows open a detail form that validates as you type. Nobody is
deleted: people retire (离任) with a date and a reason. 换届 closes a term and opens the next.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.errors import AppError
from desktop.services import roster
from desktop.services.permissions import Permission
from desktop.services.roster import deputies as rd
from desktop.services.roster.common import (
    CONTACT_KIND_LABELS,
    ELECTION_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    PERSON_STATUS_LABELS,
    SECTOR_LABELS,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.roster_forms import (
    ChangeoverDialog,
    CommunityDialog,
    ContactDialog,
    DeputyDialog,
    FirstTermDialog,
    HistoryDialog,
    RepresentativeDialog,
    RetireDialog,
)
from desktop.ui.pages.base import Page
from desktop.ui.widgets.ledger_tab import LedgerTab
from desktop.ui.widgets.table_model import Column, Fetch, Sort


def _label(labels: dict[str, str]) -> Any:
    return lambda v: labels.get(v, v or "")


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterPage", text)


def _date(v: date | None) -> str:
    return v.isoformat() if v else ""


class RepresentativesTab(LedgerTab):
    ledger_kind = "representatives"
    entity = "representative"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("name", self.tr("Full name")),
            Column("gender", self.tr("Gender"), _label(GENDER_LABELS)),
            Column("community", self.tr("Community")),
            Column("sector", self.tr("Sector"), _label(SECTOR_LABELS)),
            Column("workplace", self.tr("Workplace")),
            Column("position", self.tr("Position")),
            Column("phone", self.tr("Phone")),
            Column("joined_on", self.tr("Joined on"), _date),
            Column("status", self.tr("Status"), _label(PERSON_STATUS_LABELS)),
            Column("left_on", self.tr("Left on"), _date),
        ]
        super().__init__(ctx, columns, parent)
        with ctx.db.session() as s:
            communities = roster.community_choices(s)  # names only: no count of everybody
            terms = roster.list_terms(s)
        all_ = self.tr("All")
        self.community = self.add_filter(
            self.tr("Community"), [(all_, None)] + [(name, cid) for cid, name in communities]
        )
        self.sector = self.add_filter(
            self.tr("Sector"), [(all_, None)] + [(v, k) for k, v in SECTOR_LABELS.items()]
        )
        self.status = self.add_filter(
            self.tr("Status"),
            [(self.tr("In office"), "active"), (self.tr("Retired"), "retired"), (all_, None)],
        )
        self.term = self.add_filter(
            self.tr("Term"), [(t.name, t.id) for t in terms] or [(self.tr("No term yet"), None)]
        )
        self.add_action(self.tr("Add…"), self.add)
        self.add_action(self.tr("Edit…"), self.edit)
        self.add_action(self.tr("Retire…"), self.retire)
        self.add_action(self.tr("Import…"), self.import_file)
        self.add_action(self.tr("Export…"), self.export_file, edit=False)
        self.cards_button = self.add_action(
            self.tr("Print cards…"), self.print_cards, permission=Permission.PRINT_CARDS
        )
        self.add_action(self.tr("History…"), self.show_history, edit=False)
        self.changeover_button = self.add_action(
            self.tr("Term changeover…"), self.changeover, permission=Permission.TERM_CHANGEOVER
        )
        self.finish_actions()

    def flt(self) -> roster.RepresentativeFilter:
        return roster.RepresentativeFilter(
            text=self.search.text(),
            community_id=self.community.currentData(),
            sector=self.sector.currentData(),
            status=self.status.currentData(),
            term_id=self.term.currentData(),
        )

    def snapshot(self) -> tuple[Fetch, Callable[[], int]]:
        flt, db, actor = self.flt(), self.ctx.db, self.ctx.actor

        def fetch(offset: int, limit: int, sort: Sort) -> list[Any]:
            with db.session() as s:
                return roster.list_representatives(s, actor, flt, offset, limit, sort)

        def count() -> int:
            with db.session() as s:
                return roster.count_representatives(s, flt)

        return fetch, count

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        rows = self.model.rows
        if 0 < offset == len(rows) and (sort is None or sort[0] == "name"):
            # Scrolling on: the next page by key, after the last row shown.
            last = rows[-1]
            flt, db, actor = self.flt(), self.ctx.db, self.ctx.actor
            with db.session() as s:
                return roster.list_representatives(
                    s, actor, flt, 0, limit, sort, after=(last.name_sort, last.id)
                )
        return self.snapshot()[0](offset, limit, sort)

    def count(self) -> int:
        return self.snapshot()[1]()

    def shown_ids(self) -> list[str]:
        with self.ctx.db.session() as s:
            return roster.representative_ids(s, self.flt())

    def _need_term(self) -> bool:
        with self.ctx.db.session() as s:
            if roster.current_term(s) is not None:
                return False
        self.run_dialog(FirstTermDialog(self.ctx, self))
        return True

    def add(self) -> None:
        if not self._need_term():
            self.run_dialog(RepresentativeDialog(self.ctx, None, self))

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(RepresentativeDialog(self.ctx, row.id, self))

    def retire(self) -> None:
        row = self.current()
        if row is None or row.status != "active":
            return

        def action(s: Any, left_on: date, reason: str) -> Any:
            return roster.retire_representative(
                s, self.ctx.actor, row.id, left_on=left_on, reason=reason
            )

        self.run_dialog(RetireDialog(self.ctx, row.name, action, self))

    def changeover(self) -> None:
        if not self._need_term():
            dialog = ChangeoverDialog(self.ctx, self)
            dialog.accepted.connect(self._terms_changed)
            self.run_dialog(dialog)

    def _terms_changed(self) -> None:
        with self.ctx.db.session() as s:
            terms = roster.list_terms(s)
        self.term.blockSignals(True)
        self.term.clear()
        for t in terms:
            self.term.addItem(t.name, t.id)
        self.term.blockSignals(False)
        self.reload()

    def print_cards(self, path: Path | None = None) -> Path | None:
        return print_cards(self, path)

    def show_history(self) -> None:
        show_history(self, self.entity)


def show_history(tab: LedgerTab, entity: str) -> None:
    row = tab.current()
    if row is not None:
        tab.run_dialog(HistoryDialog(tab.ctx, entity, row.id, row.name, tab))


def print_cards(self: LedgerTab, path: Path | None = None) -> Path | None:
    """Cards (8 per A4, with QR) for the people the tab shows."""
    from desktop.reports import cards

    if path is None:
        name, _ = QFileDialog.getSaveFileName(
            self, _tr("Print cards"), "代表证.pdf", _tr("PDF (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
    try:
        with self.ctx.db.session() as s:
            pages = cards.write_cards(
                s, self.ctx.actor, self.ledger_kind, path, ids=self.shown_ids()
            )
    except AppError as err:
        self.show_error(err)
        return None
    self.ctx.status(
        _tr("%1 pages of cards saved to %2").replace("%1", str(pages)).replace("%2", str(path))
    )
    return path


class DeputiesTab(LedgerTab):
    ledger_kind = "deputies"
    entity = "deputy"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("name", self.tr("Full name")),
            Column("level", self.tr("Level"), _label(LEVEL_LABELS)),
            Column("election", self.tr("Election"), _label(ELECTION_LABELS)),
            Column("constituency", self.tr("Constituency")),
            Column("unit", self.tr("Workplace")),
            Column("position", self.tr("Position")),
            Column("station", self.tr("Station"), sortable=False),
            Column("attends_street_meetings", self.tr("Attends meetings"), sortable=False),
            Column("phone", self.tr("Phone")),
            Column(
                "contacts",
                self.tr("Fixed contacts"),
                sortable=False,
                align_right=True,
                warn=lambda r: r.short_of_contacts,
            ),
            Column("status", self.tr("Status"), _label(PERSON_STATUS_LABELS)),
        ]
        super().__init__(ctx, columns, parent)
        all_ = self.tr("All")
        self.level = self.add_filter(
            self.tr("Level"), [(all_, None)] + [(v, k) for k, v in LEVEL_LABELS.items()]
        )
        self.status = self.add_filter(
            self.tr("Status"),
            [(self.tr("In office"), "active"), (self.tr("Retired"), "retired"), (all_, None)],
        )
        self.short = QCheckBox(self.tr("Short of fixed contacts"))
        self.short.toggled.connect(lambda _c: self.reload())
        self.filters.addWidget(self.short)
        self.add_action(
            self.tr("Add…"), lambda: self.run_dialog(DeputyDialog(self.ctx, None, self))
        )
        self.add_action(self.tr("Edit…"), self.edit)
        self.add_action(self.tr("Retire…"), self.retire)
        self.add_action(self.tr("Import…"), self.import_file)
        self.add_action(self.tr("Export…"), self.export_file, edit=False)
        self.cards_button = self.add_action(
            self.tr("Print deputy codes…"), self.print_cards, permission=Permission.PRINT_CARDS
        )
        self.add_action(self.tr("History…"), self.show_history, edit=False)
        self.finish_actions()
        self.hint = QLabel(
            self.tr(
                "A directly elected deputy keeps at least 5 resident contacts; an indirectly elected one at least 3 grass-roots deputies. Shortfalls are shown in red."
            )
        )
        self.hint.setWordWrap(True)
        self.main_layout.addWidget(self.hint)

    def flt(self) -> rd.DeputyFilter:
        return rd.DeputyFilter(
            text=self.search.text(),
            level=self.level.currentData(),
            status=self.status.currentData(),
            short_of_contacts=self.short.isChecked(),
        )

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        with self.ctx.db.session() as s:
            return rd.list_deputies(s, self.ctx.actor, self.flt(), offset, limit, sort)

    def count(self) -> int:
        with self.ctx.db.session() as s:
            return len(rd.deputy_ids(s, self.flt()))

    def shown_ids(self) -> list[str]:
        with self.ctx.db.session() as s:
            return rd.deputy_ids(s, self.flt())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(DeputyDialog(self.ctx, row.id, self))

    def retire(self) -> None:
        row = self.current()
        if row is None or row.status != "active":
            return

        def action(s: Any, left_on: date, reason: str) -> Any:
            return rd.retire_deputy(s, self.ctx.actor, row.id, left_on=left_on, reason=reason)

        self.run_dialog(RetireDialog(self.ctx, row.name, action, self))

    def print_cards(self, path: Path | None = None) -> Path | None:
        return print_cards(self, path)

    def show_history(self) -> None:
        show_history(self, self.entity)


class ContactsTab(LedgerTab):
    ledger_kind = "contacts"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("deputy", self.tr("Deputy")),
            Column("kind", self.tr("Contact kind"), _label(CONTACT_KIND_LABELS)),
            Column("name", self.tr("Full name")),
            Column("phone", self.tr("Phone"), sortable=False),
            Column("address", self.tr("Address"), sortable=False),
            Column("community", self.tr("Community"), sortable=False),
            Column("since", self.tr("Since"), _date),
        ]
        super().__init__(ctx, columns, parent)
        with ctx.db.session() as s:
            deputies = rd.list_deputies(s, ctx.actor, rd.DeputyFilter(), limit=100_000)
        self.deputy = self.add_filter(
            self.tr("Deputy"), [(self.tr("All"), None)] + [(d.name, d.id) for d in deputies]
        )
        self.add_action(self.tr("Add…"), self.add)
        self.add_action(self.tr("Edit…"), self.edit)
        self.add_action(self.tr("Stop contact"), self.stop)
        self.add_action(self.tr("Import…"), self.import_file)
        self.add_action(self.tr("Export…"), self.export_file, edit=False)
        self.finish_actions()

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        with self.ctx.db.session() as s:
            return rd.list_contacts(
                s,
                self.ctx.actor,
                deputy_id=self.deputy.currentData(),
                text=self.search.text(),
                offset=offset,
                limit=limit,
                sort=sort,
            )

    def count(self) -> int:
        return len(self.shown_ids())

    def shown_ids(self) -> list[str]:
        return [r.id for r in self.fetch(0, 1_000_000, None)]

    def add(self) -> None:
        deputy_id = self.deputy.currentData()
        if not deputy_id:
            self.ctx.status(self.tr("Choose the deputy in the filter first"))
            return
        self.run_dialog(ContactDialog(self.ctx, deputy_id, None, self))

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(ContactDialog(self.ctx, row.deputy_id, row, self))

    def stop(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            with self.ctx.db.transaction() as s:
                rd.retire_contact(s, self.ctx.actor, row.id)
        except AppError as err:
            self.show_error(err)
        self.reload()


class CommunitiesTab(LedgerTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("name", self.tr("Community name"), sortable=False),
            Column("code", self.tr("Division code"), sortable=False),
            Column(
                "representatives",
                self.tr("Representatives in office"),
                sortable=False,
                align_right=True,
            ),
        ]
        super().__init__(ctx, columns, parent)
        self.search.setVisible(False)
        self.add_action(
            self.tr("Add…"), lambda: self.run_dialog(CommunityDialog(self.ctx, None, self))
        )
        self.add_action(self.tr("Edit…"), self.edit)
        self.finish_actions()

    def fetch(self, offset: int, limit: int, sort: Sort) -> list[Any]:
        with self.ctx.db.session() as s:
            return roster.list_communities(s)[offset : offset + limit]

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(CommunityDialog(self.ctx, row, self))


class RosterPage(Page):
    """Four tabs, each built the first time it is shown (a district's roster is large)."""

    TABS: tuple[tuple[str, Callable[[AppContext], LedgerTab]], ...] = (
        ("representatives", RepresentativesTab),
        ("deputies", DeputiesTab),
        ("contacts", ContactsTab),
        ("communities", CommunitiesTab),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self._built: dict[str, LedgerTab] = {}
        titles = {
            "representatives": self.tr("Deliberation representatives"),
            "deputies": self.tr("People's congress deputies"),
            "contacts": self.tr("Fixed contacts"),
            "communities": self.tr("Communities"),
        }
        for key, _cls in self.TABS:
            placeholder = QWidget()
            placeholder.setObjectName(f"unbuilt-{key}")
            self.tabs.addTab(placeholder, titles[key])
        self._tab("representatives")
        self.tabs.currentChanged.connect(lambda _i: self._current_tab().ensure_loaded())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.tabs)

    def _tab(self, key: str) -> LedgerTab:
        """The tab for ``key``, built (in place of its placeholder) on first use."""
        if key not in self._built:
            index = [k for k, _c in self.TABS].index(key)
            tab = dict(self.TABS)[key](self.ctx)
            title = self.tabs.tabText(index)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            if old is not None:
                old.deleteLater()
            self._built[key] = tab
        return self._built[key]

    @property
    def representatives(self) -> RepresentativesTab:
        tab = self._tab("representatives")
        assert isinstance(tab, RepresentativesTab)
        return tab

    @property
    def deputies(self) -> DeputiesTab:
        tab = self._tab("deputies")
        assert isinstance(tab, DeputiesTab)
        return tab

    @property
    def contacts(self) -> ContactsTab:
        tab = self._tab("contacts")
        assert isinstance(tab, ContactsTab)
        return tab

    @property
    def communities(self) -> CommunitiesTab:
        tab = self._tab("communities")
        assert isinstance(tab, CommunitiesTab)
        return tab

    def focus_on(self, tab: str) -> None:
        """Show one tab: representatives, deputies, contacts or communities."""
        if tab in dict(self.TABS):
            self.tabs.setCurrentWidget(self._tab(tab))

    def _current_tab(self) -> LedgerTab:
        key = self.TABS[max(self.tabs.currentIndex(), 0)][0]
        return self._tab(key)

    def activate(self) -> None:
        self._current_tab().reload()
