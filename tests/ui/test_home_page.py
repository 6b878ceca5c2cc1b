"""The home page: cards lead somewhere, what a clerk acts on comes first, figures never read
on the GUI thread, and the start-up figures (sqlite3, before the ORM) agree with the ORM's."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStackedWidget
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import home, home_cards
from desktop.services.permissions import Actor
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.opinions import OpinionsPage
from desktop.ui.widgets.home_cards import FigureGrid, show_quick_figures


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    from desktop.demo import build_demo

    p = Paths(tmp_path_factory.mktemp("home") / "demo").ensure()
    build_demo(p).dispose()
    return p


def _home(window: MainWindow) -> HomePage:
    assert window.ctx is not None and window.ctx.tasks.wait(30_000)
    page = window.pages["home"]
    assert isinstance(page, HomePage)
    return page


def test_clicking_overdue_opens_the_overdue_queue(
    qtbot: QtBot, main_window: MainWindow, db: Database, clerk: Actor
) -> None:
    from tests.unit.opinions.test_ledger import _assign, _op

    received = date.today() - timedelta(days=40)
    oid = _op(db, clerk, received, "路灯不亮")
    _assign(db, clerk, oid, "市政所", received, received + timedelta(days=30))
    main_window.open_page("home").activate()  # back to the home page: read again
    page = _home(main_window)
    tile = next(t for t in page.view.tiles if t.figure.key == "opinions_overdue")
    assert tile.figure.warn and tile.figure.value >= 1
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    opinions = main_window.pages["opinions"]
    assert isinstance(opinions, OpinionsPage)
    assert main_window.stack.currentWidget() is opinions
    assert opinions.queue.currentData() == "overdue"


def test_what_a_clerk_acts_on_comes_first_and_admin_figures_are_gone(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    page = _home(main_window)
    keys = [t.figure.key for t in page.view.tiles]
    assert keys[0] == "opinions_overdue"
    assert "users" not in keys and "audit" not in keys  # on the settings page now
    priorities = [t.figure.priority for t in page.view.tiles]
    assert priorities == sorted(priorities)
    assert all(t.figure.target for t in page.view.tiles)  # every card leads somewhere
    settings = main_window.open_page("settings")
    assert "审计" in settings.system_figures.text()  # type: ignore[attr-defined]


def test_quick_figures_agree_with_the_orm(demo: Paths) -> None:
    from desktop.db import open_database

    quick = home_cards.quick_figures(demo.database)
    assert quick is not None
    db = open_database(demo.database)
    try:
        with db.session() as s:
            full = {f.key: f.value for f in home.figures(s)}
            provided = {f.key for p in home.FIGURE_PROVIDERS for f in p(s)}
    finally:
        db.dispose()
    # The quick path answers every SQL card; figures an area computes in Python (its
    # registered provider, e.g. the activity alerts) follow once the ORM is up.
    card_keys = {c.key for c in home_cards.CARDS}
    assert {f.key: f.value for f in quick} == {k: v for k, v in full.items() if k in card_keys}
    assert set(full) - card_keys <= provided
    assert {f.key for f in quick} >= {"opinions_overdue", "representatives", "next_meeting"}


def test_quick_figures_need_no_orm(demo: Paths) -> None:
    """Start-up draws the cards before SQLAlchemy is imported (the home-page ratio)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.services.home_cards import quick_figures\n"
        "from desktop.ui.widgets.home_cards import show_quick_figures\n"
        "assert quick_figures(Path(sys.argv[1]))\n"
        "assert 'sqlalchemy' not in sys.modules, 'the ORM was imported'\n"
    )
    subprocess.run([sys.executable, "-c", script, str(demo.database)], check=True, timeout=120)


def test_the_start_up_cards_take_the_home_pages_place(qtbot: QtBot, demo: Paths) -> None:
    from desktop.ui.startup import quick_demo_shell

    shell = quick_demo_shell(demo.database)
    assert shell is not None
    window = MainWindow(shell=shell)
    qtbot.addWidget(window)
    figures = home_cards.quick_figures(demo.database)
    assert figures
    show_quick_figures(window, shell.street_name, figures)
    stack = window.findChild(QStackedWidget)
    assert stack is not None
    grid = stack.widget(0)
    assert isinstance(grid, FigureGrid) and len(grid.tiles) == len(figures)
    qtbot.mouseClick(grid.tiles[0], Qt.MouseButton.LeftButton)  # no database yet: ignored


def test_a_new_area_adds_a_card_in_one_place(db: Database) -> None:
    new = home_cards.Card(
        "test_card",
        "Opinions overdue",
        "SELECT count(*) FROM station WHERE deleted_at IS NULL",
        "stations",
        target="stations",
        priority=5,
    )
    before = list(home_cards.CARDS)
    try:
        home_cards.card(new)
        with db.session() as s:
            figures = home.figures(s)
        assert figures[0].key == "test_card" and figures[0].target == "stations"
    finally:
        home_cards.CARDS[:] = before


def test_due_soon_window_matches_the_ledger() -> None:
    from desktop.services import opinions

    today = date(2026, 12, 6)
    params = home_cards.parameters(today=today)
    assert params["soon"] == (today + timedelta(days=opinions.DUE_SOON_DAYS)).isoformat()


def test_database_rows_are_never_read_on_the_gui_thread(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.tasks import on_gui_thread

    threads: list[bool] = []
    original = home.figures

    def spy(session: object) -> list[home.Figure]:
        threads.append(on_gui_thread())
        return original(session)  # type: ignore[arg-type]

    monkeypatch.setattr(home, "figures", spy)
    page = main_window.open_page("home")
    page.activate()
    _home(main_window)
    assert threads and not any(threads)
