"""Lock screen, switch user, sign out, idle lock, one copy per data directory (issue 18)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import settings as settings_service
from desktop.services.permissions import Actor
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.session import SessionController
from desktop.ui.single_instance import SingleInstance
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


class FakePrompt:
    """Stands in for the sign-in dialog: returns the next person, or None (cancelled)."""

    def __init__(self, *people: Actor | None) -> None:
        self.people = list(people)
        self.calls: list[bool] = []

    def __call__(self, _parent: QWidget | None, switching: bool) -> Actor | None:
        self.calls.append(switching)
        return self.people.pop(0)


@pytest.fixture
def windows() -> list[MainWindow]:
    return []


@pytest.fixture(autouse=True)
def _dispose_sessions() -> Iterator[None]:
    yield
    app = QApplication.instance()
    assert app is not None
    for session in app.findChildren(SessionController):
        session.dispose()
        session.deleteLater()


def _session(
    qtbot: QtBot, db: Database, paths: Paths, prompt: FakePrompt, shown: list[MainWindow]
) -> SessionController:
    quits: list[bool] = []

    def show(window: MainWindow) -> None:
        qtbot.addWidget(window)
        window.show()
        shown.append(window)

    session = SessionController(
        db, paths, prompt=prompt, show=show, quit_app=lambda: quits.append(True)
    )
    session.quits = quits  # type: ignore[attr-defined]
    return session


def test_switch_user_rebuilds_the_window_for_the_next_person(
    qtbot: QtBot, db: Database, paths: Paths, admin: Actor, viewer: Actor, windows: list[MainWindow]
) -> None:
    session = _session(qtbot, db, paths, FakePrompt(viewer), windows)
    first = session.start(admin)
    assert [s.key for s in first.specs].count("sync") == 1
    assert session.switch_user()
    assert session.actor == viewer and session.window is not first
    assert session.window is not None and "sync" not in [s.key for s in session.window.specs]
    assert not first.isVisible()
    assert "赵丽华" in session.window.user_label.text()


def test_cancelled_switch_keeps_the_current_person(
    qtbot: QtBot, db: Database, paths: Paths, admin: Actor, windows: list[MainWindow]
) -> None:
    session = _session(qtbot, db, paths, FakePrompt(None), windows)
    first = session.start(admin)
    assert not session.switch_user()
    assert session.window is first and session.actor == admin


def test_sign_out_waits_for_the_next_person_and_quit_ends_the_program(
    qtbot: QtBot, db: Database, paths: Paths, admin: Actor, clerk: Actor, windows: list[MainWindow]
) -> None:
    prompt = FakePrompt(clerk, None)
    session = _session(qtbot, db, paths, prompt, windows)
    first = session.start(admin)
    assert session.sign_out()
    assert session.actor == clerk and not first.isVisible()
    assert QApplication.instance().quitOnLastWindowClosed()
    assert not session.sign_out()
    assert session.window is None and session.quits == [True]  # type: ignore[attr-defined]
    assert prompt.calls == [False, False]


def test_lock_covers_the_window_and_only_the_password_unlocks(
    qtbot: QtBot, db: Database, paths: Paths, clerk: Actor, windows: list[MainWindow]
) -> None:
    session = _session(qtbot, db, paths, FakePrompt(), windows)
    window = session.start(clerk)
    session.lock()
    screen = session.lock_screen
    assert screen is not None and session.locked
    assert screen.geometry() == window.rect()
    central = window.centralWidget()
    assert central is not None and not central.isEnabled()
    assert "李晓梅" in screen.title.text()
    image = window.grab().toImage()  # opaque: nothing of the window shows through
    assert image.pixelColor(10, 10).name() == "#eef2f7"
    assert image.pixelColor(window.width() - 10, window.height() // 2).name() == "#eef2f7"
    assert not session.unlock("wrong password")
    assert session.locked and screen.message.text()  # a Chinese reason, still locked
    assert session.unlock(PASSWORD)
    assert not session.locked and central.isEnabled()


def test_the_lock_screen_lets_someone_else_switch_user(
    qtbot: QtBot, db: Database, paths: Paths, clerk: Actor, clerk2: Actor, windows: list[MainWindow]
) -> None:
    session = _session(qtbot, db, paths, FakePrompt(clerk2), windows)
    session.start(clerk)
    session.lock()
    assert session.switch_user()
    assert session.actor == clerk2 and not session.locked


def test_idle_time_locks_as_the_setting_says(
    qtbot: QtBot, db: Database, paths: Paths, admin: Actor, clerk: Actor, windows: list[MainWindow]
) -> None:
    session = _session(qtbot, db, paths, FakePrompt(), windows)
    window = session.start(clerk)
    assert session.idle_timer.isActive()
    assert session.idle_timer.interval() == 10 * 60_000  # the default: ten minutes
    session.idle_timer.timeout.emit()  # ten quiet minutes, without waiting for them
    assert session.locked
    assert session.unlock(PASSWORD)
    with db.transaction() as s:
        settings_service.update(s, admin, idle_lock_minutes=0)
    assert window.ctx is not None
    window.ctx.reload_settings()
    session.restart_idle_timer()
    assert not session.idle_timer.isActive()  # 0 = never


def test_one_copy_per_data_directory(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "a")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert first.acquire()
    try:
        with qtbot.waitSignal(first.activated, timeout=10_000):
            second = SingleInstance(tmp_path / "a")
            assert not second.acquire()  # the running copy is asked to come forward
        other = SingleInstance(tmp_path / "b")
        assert other.acquire()  # another data directory is another installation
        other.release()
    finally:
        first.release()
    again = SingleInstance(tmp_path / "a")
    assert again.acquire()  # after the first copy quits, a new one may run
    again.release()


def test_a_second_process_brings_the_running_copy_forward(qtbot: QtBot, tmp_path: Path) -> None:
    running = SingleInstance(tmp_path)
    assert running.acquire()
    script = (
        "import sys; from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from desktop.ui.single_instance import SingleInstance\n"
        "app = QCoreApplication([])\n"
        "sys.exit(0 if not SingleInstance(Path(sys.argv[1])).acquire() else 3)\n"
    )
    try:
        with qtbot.waitSignal(running.activated, timeout=20_000):
            proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)])
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
        assert proc.returncode == 0  # it saw the running copy and stepped aside
        assert not (tmp_path / "yishi.raise").exists()  # the request was answered
    finally:
        running.release()
