from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow


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
