"""The sync page shows a conflict's two versions side by side in Chinese, the street's
computers, and says when this PC is behind or must be restored (no server needed)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.models.base import utcnow
from desktop.models.sync import SyncIssue
from desktop.services.permissions import Actor
from desktop.sync.pull import get_pull
from desktop.sync.state import get_state
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.sync import SyncPage
from desktop.ui.widgets.sync_status import SyncController, SyncIndicator

ROW = "019a0000-0000-7000-8000-000000000001"


def _page(qtbot: QtBot, db: Database, admin: Actor, paths: Paths) -> tuple[MainWindow, SyncPage]:
    install_translators(QApplication.instance())  # type: ignore[arg-type]
    window = MainWindow(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(window)
    controller = window.findChild(SyncController, "syncController")
    assert isinstance(controller, SyncController)
    controller.timer.stop()
    window.show()
    page = window.open_page("sync")
    assert isinstance(page, SyncPage)
    return window, page


def test_conflict_review_shows_both_versions_field_by_field(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    mine = {
        "id": ROW,
        "name": "人民公园社区",
        "kind": "community",
        "notes": "本机：电话更新",
        "version": 2,
    }
    theirs = {
        "id": ROW,
        "name": "人民公园社区",
        "kind": "community",
        "notes": "2号机：地址迁移",
        "version": 2,
    }
    with db.transaction() as s:
        s.add(
            SyncIssue(
                kind="conflict",
                status="open",
                batch_id="b",
                op_id="o",
                entity="community",
                entity_id=ROW,
                code="version_conflict",
                message="",
                local_version=2,
                server_version=2,
                server_row=json.dumps({"version": 2, "data": theirs}, ensure_ascii=False),
                local_data=json.dumps(mine, ensure_ascii=False),
                created_at=utcnow(),
                resolved_by="",
            )
        )
    _window, page = _page(qtbot, db, admin, paths)
    page.issues.selectRow(0)
    first = [page.compare.item(0, c).text() for c in range(3)]
    assert first == ["备注", "本机：电话更新", "2号机：地址迁移"]  # the differing field first
    assert page.compare.horizontalHeaderItem(1).text() == "本机的版本"
    assert page.compare.item(0, 0).font().bold()
    assert not page.compare.item(1, 0).font().bold()  # 姓名 is the same on both
    rows = {
        page.compare.item(r, 0).text(): page.compare.item(r, 1).text()
        for r in range(page.compare.rowCount())
    }
    assert rows["类型"] == "社区"  # coded values in words, never "community"


def test_street_computers_and_behind_in_the_status_bar(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    with db.transaction() as s:
        state = get_state(s)
        state.device_id, state.token, state.server_url = "dev-1", "ysd_x", "http://127.0.0.1:9"
        pull = get_pull(s)
        pull.cursor, pull.head = 10, 25
        pull.last_pull_at = utcnow()
        pull.devices_at = utcnow()
        pull.devices_json = json.dumps(
            {
                "head": 25,
                "behind": 4,
                "devices": [
                    {"device_id": "dev-1", "name": "1号机", "ops_sent": 10, "rows_received": 3},
                    {"device_id": "dev-2", "name": "2号机", "ops_sent": 15, "rows_received": 10},
                ],
            },
            ensure_ascii=False,
        )
    window, page = _page(qtbot, db, admin, paths)
    assert page.devices.rowCount() == 2
    assert page.devices.item(0, 0).text() == "1号机（本机）"
    assert page.devices.item(1, 2).text() == "15"
    indicator = window.findChild(SyncIndicator, "syncIndicator")
    # The set-up street record still waits to be sent; the indicator says both.
    assert indicator is not None and indicator.text() == "同步：1 条待发 · 落后本街道 4 条更改"
    assert "落后本街道 4 条更改" in page.received.text()


def test_restoring_pc_shows_the_restore_button_and_banner(
    qtbot: QtBot, db: Database, admin: Actor, paths: Paths
) -> None:
    with db.transaction() as s:
        state = get_state(s)
        state.device_id, state.token, state.server_url = "dev-1", "ysd_x", "http://127.0.0.1:9"
        get_pull(s).restore = "blocked"
    window, page = _page(qtbot, db, admin, paths)
    assert page.restore_button.isVisible()
    assert page.banner.isVisible() and "第二份名册" in page.banner.text()
    indicator = window.findChild(SyncIndicator, "syncIndicator")
    assert indicator is not None and indicator.text() == "同步：需要从服务器恢复"
