"""The 履职台账 page and the station panel offscreen: filters, quick entry from the keyboard,
scan-to-attend with a deputy's card and a refused foreign card, a station behind its rule."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import cards
from desktop.services.activities import records, rota
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.dialogs.activity_dialogs import ActivityDialog
from desktop.ui.i18n import install_translators
from desktop.ui.pages.activities import ActivitiesPage
from desktop.ui.pages.stations import StationsPage
from tests.unit.activities.helpers import Place, setup_places

STREET = "500103001000"


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def _record(db: Database, actor: Actor, place: Place, day: date, kind: str = "接待选民") -> str:
    with db.transaction() as s:
        return records.record(
            s,
            actor,
            records.ActivityInput(
                kind=kind,
                held_on=day,
                station_id=place.station,
                participants=(records.Participant(place.deputies[0], "deputy", "host"),),
            ),
        ).id


def _page(qtbot: QtBot, db: Database, actor: Actor, paths: Paths) -> ActivitiesPage:
    page = ActivitiesPage(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    return page


def test_list_filters_and_quick_entry(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    place = setup_places(db, admin)
    today = date.today()
    _record(db, admin, place, today)
    _record(db, admin, place, today, kind="视察")
    page = _page(qtbot, db, admin, paths)
    tab = page.list
    assert tab.model.rowCount() == 2
    tab.kind.setCurrentIndex(tab.kind.findData("视察"))
    assert tab.model.rowCount() == 1
    tab.kind.setCurrentIndex(0)
    tab.deputy.setCurrentIndex(tab.deputy.findData(place.deputies[1]))
    assert tab.model.rowCount() == 0
    tab.deputy.setCurrentIndex(0)
    dialog = ActivityDialog(tab.ctx, None, tab)
    qtbot.addWidget(dialog)
    dialog.station.setCurrentIndex(dialog.station.findData(place.home))
    dialog.people.setText("周敏（主持） wjh")  # QTest types Latin-1 only
    qtbot.keyClick(dialog.people, Qt.Key.Key_Return)  # Enter in the last field saves
    assert dialog.result_id
    with db.session() as s:
        saved = records.get(s, dialog.result_id)
    assert saved.row.participant_names == "周敏（主持）、王建华"
    # a name nobody has: the Chinese message shows in the dialog, nothing is saved
    bad = ActivityDialog(tab.ctx, None, tab)
    qtbot.addWidget(bad)
    bad.station.setCurrentIndex(bad.station.findData(place.home))
    bad.people.setText("张三丰")
    qtbot.keyClick(bad.people, Qt.Key.Key_Return)
    assert not bad.result_id and "张三丰" in bad.error.text()


def test_scan_to_attend(qtbot: QtBot, db: Database, admin: Actor, paths: Paths) -> None:
    place = setup_places(db, admin)
    _record(db, admin, place, date.today())
    page = _page(qtbot, db, admin, paths)
    tab = page.list
    tab.scan_button.click()
    assert tab.scan_bar.isVisible()
    tab.table.selectRow(0)
    card = cards.deputy_contact_text(STREET, place.deputies[1], name="王建华", unit="解放碑小学")
    tab.scan_field.setText(card)  # the scanner types it; QTest types Latin-1 only
    qtbot.keyClick(tab.scan_field, Qt.Key.Key_Return)
    assert "王建华" in tab.scan_result.text()
    assert tab.model.row_at(0).participants == 2
    foreign = cards.deputy_card_text("500103002000", place.deputies[2])
    qtbot.keyClicks(tab.scan_field, foreign)
    qtbot.keyClick(tab.scan_field, Qt.Key.Key_Return)
    assert "其他街道" in tab.scan_result.text()
    assert tab.model.row_at(0).participants == 2
    qtbot.keyClicks(tab.scan_field, cards.station_code_text(STREET, place.point))
    qtbot.keyClick(tab.scan_field, Qt.Key.Key_Return)
    assert tab.station.currentData() == place.point


def test_station_panel_shows_a_station_behind(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    place = setup_places(db, admin)
    with db.transaction() as s:
        rota.save_rule(
            s, admin, rota.RuleInput(place.point, "monthly", 10, "am", place.deputies[:1])
        )
    page = StationsPage(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.panel.today = date(2026, 6, 15)
    page.activate()
    rows = page.list.model.rows
    page.list.table.selectRow(next(i for i, r in enumerate(rows) if r.id == place.point))
    assert "欠缺 5 次" in page.panel.standing.text()
    assert "每月10日上午 · 值班代表：周敏" in page.panel.rota.text()


def test_station_panel_papers_and_reception_days(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    from desktop.ui.dialogs.activity_dialogs import ReceptionRulesDialog

    place = setup_places(db, admin)
    _record(db, admin, place, date(2026, 5, 6))
    page = StationsPage(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.panel.today = date(2026, 7, 15)
    page.activate()
    rows = page.list.model.rows
    page.list.table.selectRow(next(i for i, r in enumerate(rows) if r.id == place.station))
    shown: list[tuple[bytes, str]] = []
    page.panel.preview_factory = lambda pdf, _title, name: shown.append((pdf[:5], name))
    page.panel.print_poster()
    page.panel.print_report("month")
    page.panel.print_report("quarter")
    page.panel.print_year()
    assert [head for head, _ in shown] == [b"%PDF-"] * 4
    dialog = ReceptionRulesDialog(page.panel.ctx, place.station, page)
    qtbot.addWidget(dialog)
    dialog.rule_text.setText("每周三上午")
    dialog.on_duty.setText("周敏、wjh")
    dialog.add()
    assert dialog.rules.count() == 1 and "周敏、王建华" in dialog.rules.item(0).text()
    dialog.rule_text.setText("每月32日")
    dialog.add()
    assert dialog.rules.count() == 1 and "1至31" in dialog.error.text()
    dialog.accept()
    page.panel.show_station(place.station)
    assert "2026-07-01" in page.panel.rota.text()  # a Wednesday already past, not held


def test_alerts_tab_and_rules(qtbot: QtBot, db: Database, admin: Actor, paths: Paths) -> None:
    from desktop.ui.dialogs.activity_dialogs import ActivityRulesDialog

    place = setup_places(db, admin)
    _record(db, admin, place, date(2026, 1, 20))
    page = _page(qtbot, db, admin, paths)
    page.alerts.today = date(2026, 3, 2)
    page.tabs.setCurrentWidget(page.alerts)
    assert "2 个家站点未达标" in page.alerts.summary.text()
    assert "4 名在任代表中有 3 名" in page.alerts.summary.text()
    first = page.alerts.station_model.row_at(0)
    assert first.behind and first.station_id == place.point
    assert page.alerts.deputy_model.row_at(0).activities == 0
    dialog = ActivityRulesDialog(page.list.ctx, page)
    qtbot.addWidget(dialog)
    dialog.monthly.setValue(2)
    dialog.types.setPlainText("视察\n视察")
    dialog._ok()
    assert "重复" in dialog.error.text()
    dialog.types.setPlainText("视察\n接待选民")
    dialog._ok()
    page.alerts.refresh()
    assert page.alerts.station_model.row_at(0).minimum == 2
