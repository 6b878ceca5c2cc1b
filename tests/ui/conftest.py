from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow

#: How long a UI test waits for something that must eventually happen (a search answered on
#: a worker, a list refilled). A bound for "never", not a speed check: pytest-qt's 5 s
#: default was once exceeded on a loaded CI machine by a search that does finish.
EVENTUALLY_MS = 30_000

_wait_until = QtBot.waitUntil


def _wait_until_eventually(
    self: QtBot, callback: Callable[[], bool | None], *, timeout: int = EVENTUALLY_MS
) -> None:
    _wait_until(self, callback, timeout=timeout)


QtBot.waitUntil = _wait_until_eventually  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_work_left_behind() -> Iterator[None]:
    """Background work a test started finishes before the next test begins, so that it
    never holds the shared workers then (it runs after the test's own fixtures are gone:
    a fixture whose database a task reads waits for it itself, as ``main_window`` does)."""
    yield
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.tasks import TaskManager

    app = QCoreApplication.instance()
    tasks = app.findChild(TaskManager, "taskManager") if app is not None else None
    if isinstance(tasks, TaskManager) and tasks.busy():
        assert tasks.wait(EVENTUALLY_MS), "a background task of this test never finished"


@pytest.fixture
def main_window(qtbot: QtBot, db: Database, admin: Actor, paths: Paths) -> Iterator[MainWindow]:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.i18n import install_translators

    install_translators(QApplication.instance())  # type: ignore[arg-type]
    window = MainWindow(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(window)
    window.show()
    yield window
    assert window.ctx is not None
    window.ctx.tasks.wait(60_000)  # background reads finish before the database goes
