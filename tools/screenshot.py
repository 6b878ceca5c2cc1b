"""Screenshot pages of the real main window (run under xvfb-run for a real X window).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot.py \
        --page home --out docs/screenshots/home.png --lock docs/screenshots/lock.png

Uses the demo street in a scratch data dir unless --data-dir is given.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def main() -> None:
    from desktop.demo import use_demo_time_zone

    use_demo_time_zone()
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", action="append", required=True, help="page key (repeatable)")
    parser.add_argument("--out", action="append", required=True, help="PNG path per page")
    parser.add_argument("--data-dir")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--lock", help="also the lock screen, saved to this PNG")
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="yishi-shot-")
    os.environ["YISHI_DATA_DIR"] = data_dir

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from desktop.config import paths
    from desktop.demo import build_demo, demo_actor
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    _app = make_application()  # keep a reference for the whole run
    p = paths(demo=True).ensure()
    db = build_demo(p)
    window = MainWindow(AppContext(db=db, actor=demo_actor(db), paths=p, demo=True))
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    for key, out in zip(args.page, args.out, strict=True):
        window.open_page(key)
        assert window.ctx is not None
        window.ctx.tasks.wait(30_000)  # figures and searches are read on a worker
        loop = QEventLoop()
        QTimer.singleShot(400, loop.quit)
        loop.exec()
        QCoreApplication.processEvents()
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(out)
        print(out)
    if args.lock:
        from desktop.ui.session import SessionController

        session = SessionController(db, p, demo=True)
        session.adopt(window)
        session.lock()
        QCoreApplication.processEvents()
        window.grab().save(args.lock)
        print(args.lock)
    db.dispose()


if __name__ == "__main__":
    main()
