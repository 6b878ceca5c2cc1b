"""GUI bootstrap: logging, translations, database, first run, sign-in, main window.

Start-up is progressive: the window frame appears first (see :mod:`desktop.ui.startup`), the
ORM and the database follow in the next turn of the event loop. Heavy modules are therefore
imported inside the functions that need them.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import __version__
from desktop.config import Paths, paths
from desktop.ui.crash import install_excepthook, setup_logging
from desktop.ui.i18n import install_translators
from desktop.ui.screen_fit import show_main_window

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.permissions import Actor
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import SessionController
    from desktop.ui.single_instance import SingleInstance

log = logging.getLogger(__name__)

#: Preferred UI fonts for Chinese, in order (Windows first, then Linux).
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "SimSun",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Yishi")
    app.setApplicationDisplayName("议事通")
    app.setOrganizationName("Yishi")
    app.setApplicationVersion(__version__)
    icon = Path(__file__).resolve().parents[1] / "resources" / "icons" / "yishi.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    install_translators(app)
    # Reference cycles are collected on this (the GUI) thread only; see desktop.ui.tasks.
    from desktop.ui.tasks import install_garbage_collector

    install_garbage_collector(app)
    return app


def open_or_explain(p: Paths) -> Database | None:
    from desktop.db import DamagedDatabase, open_database
    from desktop.errors import AppError
    from desktop.ui.db_health import Recovery

    try:
        try:
            return open_database(p.database, backups=p.backups)
        except DamagedDatabase as err:  # never a fresh database over it: offer a backup
            log.error("damaged database: %s", err.english)
            if not Recovery(p).run(str(err)):
                return None
            return open_database(p.database, backups=p.backups)
    except AppError as err:
        log.error("cannot open database: %s", err.english)
        QMessageBox.critical(None, "议事通", str(err))
        return None


def sign_in_interactively(db: Database) -> Actor | None:
    from desktop.services import accounts
    from desktop.services import street as street_service
    from desktop.ui.dialogs.first_run import FirstRunWizard
    from desktop.ui.dialogs.signin import SignInDialog

    with db.session() as s:
        needs_setup = street_service.current(s) is None or not accounts.has_users(s)
    if needs_setup and FirstRunWizard(db).exec() != QDialog.DialogCode.Accepted:
        return None
    with db.session() as s:
        info = street_service.current(s)
    dialog = SignInDialog(db, info.name if info else "")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def _demo_context(p: Paths) -> tuple[Database, Actor]:
    from desktop.demo import build_demo, demo_actor

    db = build_demo(p)
    return db, demo_actor(db)


def run_gui(demo: bool = False) -> int:
    started = time.time()
    p = paths(demo=demo).ensure()
    setup_logging(p.log_file)
    install_excepthook(p.log_file)
    log.info("Yishi %s starting on %s", __version__, p.data_dir)
    app = make_application()
    probe = bool(os.environ.get("YISHI_STARTUP_PROBE"))
    opened: list[Database] = []

    from desktop.ui.single_instance import SingleInstance
    from desktop.ui.tasks import install_garbage_collector

    guard = SingleInstance(p.data_dir, app)
    if not guard.acquire():
        log.info("another copy runs on %s; asked it to come forward", p.data_dir)
        return 0

    from desktop.ui.main_window import MainWindow

    def finish(window: MainWindow, db: Database, actor: Actor) -> None:
        from desktop.ui.context import AppContext

        opened.append(db)
        window.attach(AppContext(db=db, actor=actor, paths=p, demo=demo))
        _session(db, p, demo, guard).adopt(window)
        QTimer.singleShot(0, install_garbage_collector(app).settle)
        if probe:
            print(f"USABLE {time.time():.6f} since_main={time.time() - started:.3f}", flush=True)
            app.quit()

    window: MainWindow
    shell = None
    if demo:
        from desktop.ui.startup import quick_demo_shell

        shell = quick_demo_shell(p.database)
    if shell is not None:
        # Fast path: draw the frame now, open the database in the next event-loop turn.
        window = MainWindow(shell=shell)
        show_main_window(window)
        if probe:  # the first event-loop turn paints the window; report after it
            QTimer.singleShot(
                0,
                lambda: print(
                    f"SHOWN {time.time():.6f} since_main={time.time() - started:.3f}", flush=True
                ),
            )
        street_name = shell.street_name

        def quick_home() -> None:
            """The home page's cards from sqlite3 alone, before the ORM is imported."""
            from desktop.services.home_cards import quick_figures
            from desktop.ui.widgets.home_cards import show_quick_figures

            figures = quick_figures(p.database)
            if figures is not None:
                show_quick_figures(window, street_name, figures)
            if probe:  # after the cards are painted
                QTimer.singleShot(
                    0,
                    lambda: print(
                        f"READY {time.time():.6f} since_main={time.time() - started:.3f}",
                        flush=True,
                    ),
                )
            QTimer.singleShot(0, lambda: finish(window, *_demo_context(p)))

        QTimer.singleShot(0, quick_home)
    else:
        if demo:
            db, actor = _demo_context(p)
        else:
            maybe_db = open_or_explain(p)
            if maybe_db is None:
                return 1
            db = maybe_db
            signed_in = sign_in_interactively(db)
            if signed_in is None:
                db.dispose()
                return 0
            actor = signed_in
        window = _session(db, p, demo, guard).start(actor)
        opened.append(db)
        QTimer.singleShot(0, install_garbage_collector(app).settle)
        if not demo:  # damage inside the pages: quick_check once the window is up
            from desktop.ui.db_health import check_in_background

            QTimer.singleShot(0, lambda: check_in_background(window, p))
        if probe:

            def shown_and_ready() -> None:
                now = time.time()
                print(f"SHOWN {now:.6f} since_main={now - started:.3f}", flush=True)
                print(f"READY {now:.6f} since_main={now - started:.3f}", flush=True)
                app.quit()

            QTimer.singleShot(0, shown_and_ready)
    code = app.exec()
    for db in opened:
        db.dispose()
    guard.release()
    return code


def _session(db: Database, p: Paths, demo: bool, guard: SingleInstance) -> SessionController:
    """Lock, switch user and sign out for the window; a second copy brings it forward."""
    from desktop.ui.session import SessionController

    session = SessionController(db, p, demo=demo, show=show_main_window)
    guard.activated.connect(session.bring_forward)
    return session
