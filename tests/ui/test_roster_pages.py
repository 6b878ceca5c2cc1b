"""The roster and stations pages offscreen: lists, search, forms that validate as you type,
retiring, the import wizard's preview → import → undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.roster import RosterPage
from desktop.ui.pages.stations import StationsPage
from desktop.ui.widgets.table_model import WARN_BRUSH
from tests.unit.roster.helpers import REP_HEADERS, id_number, setup_roster, write_xlsx


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture
def filled(db: Database, admin: Actor) -> Database:
    c = setup_roster(db, admin)
    with db.transaction() as s:
        for n, name in enumerate(("张伟强", "王伟", "李秀英", "赵建华")):
            roster.save_representative(
                s,
                admin,
                roster.RepresentativeForm(
                    name=name, community_id=c["较场口社区"], id_number=id_number(n)
                ),
            )
        home = rd.save_station(s, admin, rd.StationForm(name="解放碑街道人大代表之家", kind="home"))
        rd.save_deputy(s, admin, rd.DeputyForm(name="周敏", level="district", station_id=home.id))
    return db


def _page(qtbot: QtBot, db: Database, actor: Actor, paths: Paths) -> RosterPage:
    page = RosterPage(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    return page


def test_pages_are_in_the_navigation(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    window = MainWindow(AppContext(db=filled, actor=admin, paths=paths))
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("代表") == 1 and titles.index("站点") < titles.index("设置")
    page = window.open_page("roster")
    assert isinstance(page, RosterPage)
    assert page.representatives.model.rowCount() == 4
    assert page.tabs.tabText(0) == "议事代表"
    stations = window.open_page("stations")
    assert isinstance(stations, StationsPage) and stations.list.model.rowCount() == 1


def test_search_box_filters_by_pinyin_initials_and_name(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    qtbot.keyClicks(tab.search, "zwq")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.row_at(0).name == "张伟强"
    tab.search.clear()
    tab.search.insert("伟")  # Chinese text: typed through the input method
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.count_label.text() == "共 2 条"


def test_form_validates_as_you_type_and_saves(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    tab.add()
    dialog = tab.last_dialog
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # no name, no community yet
    dialog.fields["name"].insert("孙小红")  # Chinese text: typed through the input method
    dialog.fields["community_id"].setCurrentIndex(1)
    qtbot.keyClicks(dialog.fields["phone"], "1380013")
    assert not save.isEnabled()
    assert "11 位" in dialog.errors["phone"].text() and dialog.errors["phone"].isVisibleTo(dialog)
    qtbot.keyClicks(dialog.fields["phone"], "8000")
    assert save.isEnabled() and not dialog.errors["phone"].isVisibleTo(dialog)
    qtbot.keyClicks(dialog.fields["id_number"], "500103198001010010")
    assert "校验码" in dialog.errors["id_number"].text() and not save.isEnabled()
    dialog.fields["id_number"].setText(id_number(77))
    dialog.fields["joined_on"].setText("2024年13月1日")
    assert not save.isEnabled()
    dialog.fields["joined_on"].setText("2024年3月1日")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5)
    with filled.session() as s:
        names = [
            r.name for r in roster.list_representatives(s, admin, roster.RepresentativeFilter())
        ]
    assert "孙小红" in names


def test_retire_keeps_the_person(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    tab.table.selectRow(0)
    name = tab.current().name
    tab.retire()
    dialog = tab.last_dialog
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    dialog.fields["reason"].insert("迁出本街道")  # Chinese text: typed through the input method
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    tab.status.setCurrentIndex(1)  # 离任
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.row_at(0).name == name and tab.model.row_at(0).left_on == date.today()


def test_deputies_short_of_contacts_are_red(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    page = _page(qtbot, filled, admin, paths)
    page.tabs.setCurrentIndex(1)
    tab = page.deputies
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    column = [c.key for c in tab.model.columns].index("contacts")
    index = tab.model.index(0, column)
    assert tab.model.data(index, Qt.ItemDataRole.BackgroundRole) == WARN_BRUSH
    assert tab.model.data(tab.model.index(0, 1)) == "区（县）级"


def test_import_wizard_preview_import_and_undo(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths, tmp_path: Path
) -> None:
    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    rows = [
        REP_HEADERS,
        ["钱多多", "女", id_number(201), "较场口社区", "居民", "13800138000", "2024-01-05"],
        ["孙悟空", "男", id_number(202), "花果山社区", "居民", "13800138001", "2024-01-05"],
    ]
    wizard = tab.import_file(write_xlsx(tmp_path / "in.xlsx", rows))
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=10_000)
    assert "有错误 1 行" in wizard.summary.text() or "1 with errors" in wizard.summary.text()
    model = wizard.table.model()
    texts = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert any("花果山社区" in t for t in texts)
    assert not wizard.commit_button.isEnabled()
    wizard.valid_only.setChecked(True)
    assert wizard.commit_button.isEnabled()
    wizard.commit()
    assert wizard.result_ is not None and wizard.result_.created == 1
    assert wizard.undo_button.isVisibleTo(wizard)
    wizard.undo()
    assert "撤销" in wizard.summary.text()
    wizard.accept()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4)


def test_viewer_cannot_edit(qtbot: QtBot, filled: Database, viewer: Actor, paths: Paths) -> None:
    page = _page(qtbot, filled, viewer, paths)
    buttons = {
        page.representatives.actions_row.itemAt(i)
        .widget()
        .text(): page.representatives.actions_row.itemAt(i).widget()
        for i in range(page.representatives.actions_row.count())
        if page.representatives.actions_row.itemAt(i).widget()
    }
    assert not buttons["新增…"].isEnabled() and buttons["导出…"].isEnabled()
    assert page.representatives.model.row_at(0).phone == ""  # no phone given
    assert page.representatives.model.row_at(0).id_number.count("*") == 10


def test_export_shown_rows(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    tab.search.insert("伟")  # Chinese text: typed through the input method
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    out = tab.export_file(tmp_path / "shown.xlsx")
    assert out is not None
    names = [r[0] for r in load_workbook(out)["议事代表"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["张伟强", "王伟"]


def test_history_dialog_lists_edits_and_retirement(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    page = _page(qtbot, filled, admin, paths)
    tab = page.representatives
    tab.table.selectRow(0)
    row = tab.current()
    with filled.transaction() as s:
        roster.retire_representative(s, admin, row.id, left_on=date(2025, 1, 1), reason="工作调动")
    tab.show_history()
    table = tab.last_dialog.table
    assert table.rowCount() == 2
    assert table.item(0, 2).text() == "新增" and table.item(1, 2).text() == "离任"
    assert table.item(1, 4).text() == "工作调动" and "状态：在任 → 离任" in table.item(1, 3).text()


def test_form_does_not_jump_when_a_validation_line_appears(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths
) -> None:
    """A click aimed at a field lands on it: the fields below a message stay put, and the
    gender is checked against the ID number."""
    from desktop.ui.dialogs.roster_forms import RepresentativeDialog

    dialog = RepresentativeDialog(AppContext(db=filled, actor=admin, paths=paths))
    qtbot.addWidget(dialog)
    dialog.show()
    below = dialog.fields["address"]
    before = below.mapTo(dialog, below.rect().topLeft())
    qtbot.keyClicks(dialog.fields["phone"], "12")  # an impossible phone number
    assert dialog.errors["phone"].isVisible() and dialog.errors["phone"].text()
    dialog.id_number.setText(id_number(2))  # 17th digit 2: female
    dialog.gender.setCurrentIndex(dialog.gender.findData("male"))
    assert "性别" in dialog.errors["gender"].text()
    QApplication.processEvents()
    assert below.mapTo(dialog, below.rect().topLeft()) == before


def test_the_count_is_under_way_while_the_first_page_is_read(
    qtbot: QtBot, filled: Database, admin: Actor, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large list is counted on a worker that starts before the GUI thread reads and lays
    out the first page, so the two overlap instead of following each other (issue 18: the
    district's first visit waited for the count of 200,000 representatives after the page)."""
    import threading

    read = threading.Event()
    count_under_way: list[bool] = []
    real_count, real_list = roster.count_representatives, roster.list_representatives

    def count(*args: object, **kwargs: object) -> int:
        read.wait(10)  # the first page is read meanwhile
        return real_count(*args, **kwargs)  # type: ignore[arg-type]

    def list_(*args: object, **kwargs: object) -> object:
        count_under_way.append(page.ctx.tasks.busy())
        read.set()
        return real_list(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(roster, "count_representatives", count)
    monkeypatch.setattr(roster, "list_representatives", list_)
    page = RosterPage(AppContext(db=filled, actor=admin, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    tab = page.representatives
    assert count_under_way[:1] == [True]
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 4 条")
    assert tab.model.rowCount() == 4
