"""The sync page and background push: the event loop keeps running during a 20,000-op push."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import SYSTEM_ACTOR, Actor
from desktop.sync import client, enrol
from desktop.sync.cycle import CycleReport
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.sync import SyncPage
from desktop.ui.widgets.sync_status import SyncController, SyncIndicator
from tests.integration.sync_helpers import CityServer, make_communities


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CityServer]:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.i18n import install_translators

    install_translators(QApplication.instance())  # type: ignore[arg-type]
    srv = CityServer(tmp_path / "server").start()
    yield srv
    srv.stop()


def test_event_loop_keeps_ticking_during_a_20k_push(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths, server: CityServer
) -> None:
    from PySide6.QtCore import QTimer

    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    make_communities(db, 20_000, per_tx=500)
    window = MainWindow(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(window)
    window.show()
    controller = window.findChild(SyncController, "syncController")
    assert isinstance(controller, SyncController)
    controller.timer.stop()  # no scheduled push: this test starts it

    ticks: list[int] = []
    progress_at_tick: list[int] = []
    progress = [0]
    controller.push_progress.connect(lambda done, _total: progress.__setitem__(0, done))
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: (ticks.append(1), progress_at_tick.append(progress[0])))
    timer.start()
    finished: list[object] = []
    controller.push_finished.connect(finished.append)
    assert controller.push_now()
    qtbot.waitUntil(lambda: bool(finished), timeout=300_000)
    timer.stop()

    report = finished[0]
    assert isinstance(report, CycleReport) and report.ok, report  # push, then pull
    assert report.ops_acked == 20_001
    # The GUI thread ran its timer all along: many ticks, and ticks *between* progress
    # reports (a frozen loop would only tick before the push and after it).
    assert len(ticks) > 20
    during = {p for p in progress_at_tick if 0 < p < 20_001}
    assert len(during) >= 3, during
    indicator = window.findChild(SyncIndicator, "syncIndicator")
    assert indicator is not None and "20001" not in indicator.text()
    assert client.status(db).pending_ops == 0


def test_sync_page_shows_waiting_batches_and_asks_to_enrol_again(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths, server: CityServer
) -> None:
    enrol.enrol(db, SYSTEM_ACTOR, server.url, server.issue_code())
    make_communities(db, 30)
    assert client.push(db).ok
    server.revoke(client.status(db).device_id)
    make_communities(db, 7, prefix="新")
    window = MainWindow(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(window)
    window.show()
    controller = window.findChild(SyncController, "syncController")
    assert isinstance(controller, SyncController)
    controller.timer.stop()
    page = window.open_page("sync")
    assert isinstance(page, SyncPage)
    done: list[object] = []
    controller.push_finished.connect(done.append)
    controller.push_now()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    # No pop-up: the page shows a banner and the indicator says "enrol again".
    assert page.banner.isVisible()
    assert "7" in page.pending.text()
    indicator = window.findChild(SyncIndicator, "syncIndicator")
    assert indicator is not None and indicator.text() == "同步：需重新注册"
    assert not controller.timer.isActive()  # stops trying until enrolled again
    assert page.batches.rowCount() >= 1
