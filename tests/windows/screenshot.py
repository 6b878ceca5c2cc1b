"""Run by tests/windows/lane.py with the *installed* Windows Python under Wine + Xvfb:
open the real main window on the demo street (Qt's ``windows`` platform plugin, Wine's X11
driver) and save ``window.grab()`` to the PNG named on the command line.

    wine <install dir>\\python.exe Z:\\…\\tests\\windows\\screenshot.py C:\\shot.png
"""

import os
import sys
from pathlib import Path


def main() -> None:
    out = Path(sys.argv[1])
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from desktop.config import paths
    from desktop.db import open_database
    from desktop.demo import demo_actor
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    p = paths(demo=True)
    db = open_database(p.database, backups=p.backups)
    window = MainWindow(AppContext(db=db, actor=demo_actor(db), paths=p, demo=True))
    window.resize(1366, 768)
    window.show()
    window.open_page("home")
    loop = QEventLoop()
    QTimer.singleShot(2500, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()
    if not window.grab().save(str(out)):
        raise SystemExit(f"could not save {out}")
    print(f"{out} {app.platformName()}", flush=True)
    db.dispose()
    os._exit(0)  # under Wine the process may linger after Qt's teardown


if __name__ == "__main__":
    main()
