"""GUI bootstrap: logging, translations, database, first run, sign-in, main window."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import __version__
from desktop.config import Paths, paths
from desktop.db import Database, open_database
from desktop.errors import AppError
from desktop.services import accounts
from desktop.services import street as street_service
from desktop.ui.context import AppContext
from desktop.ui.crash import install_excepthook, setup_logging
from desktop.ui.i18n import install_translators

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
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    install_translators(app)
    return app


def open_or_explain(p: Paths) -> Database | None:
    try:
        return open_database(p.database, backups=p.backups)
    except AppError as err:
        log.error("cannot open database: %s", err.english)
        QMessageBox.critical(None, "议事通", str(err))
        return None


def sign_in_interactively(db: Database) -> accounts.Actor | None:
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


def run_gui(demo: bool = False) -> int:
    started = time.time()
    p = paths(demo=demo).ensure()
    setup_logging(p.log_file)
    install_excepthook(p.log_file)
    log.info("Yishi %s starting on %s", __version__, p.data_dir)
    app = make_application()

    if demo:
        from desktop.demo import build_demo, demo_actor

        db = build_demo(p)
        actor = demo_actor(db)
    else:
        opened = open_or_explain(p)
        if opened is None:
            return 1
        db = opened
        signed_in = sign_in_interactively(db)
        if signed_in is None:
            return 0
        actor = signed_in

    from desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=demo))
    window.resize(1280, 800)
    window.show()
    if os.environ.get("YISHI_STARTUP_PROBE"):
        # bench/startup.py: report when the window is on screen, then leave.
        def probe() -> None:
            print(f"SHOWN {time.time():.6f} since_main={time.time() - started:.3f}", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    code = app.exec()
    db.dispose()
    return code
