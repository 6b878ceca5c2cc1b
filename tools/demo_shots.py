"""What the screenshot tools of the newer areas share: the demo street in a real main window
at 1366×768, waiting for Qt to paint, and a PDF's first page as a PNG."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class DemoShot:
    out_dir: Path
    db: Any
    actor: Any
    window: Any
    app: Any  # kept referenced for the whole run


def wait(ms: int = 400) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def pdf_page_png(pdf: Path, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
    )
    print(out)


def open_demo_window() -> DemoShot:
    """Parse ``--out-dir``/``--data-dir``, build the demo street, show the main window."""
    from desktop.demo import use_demo_time_zone

    use_demo_time_zone()
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", default="docs/screenshots")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["YISHI_DATA_DIR"] = args.data_dir or tempfile.mkdtemp(prefix="yishi-shot-")

    from desktop.config import paths
    from desktop.demo import build_demo, demo_actor
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    p = paths(demo=True).ensure()
    db = build_demo(p)
    actor = demo_actor(db)
    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=True))
    window.resize(1366, 768)
    window.show()
    return DemoShot(out_dir, db, actor, window, app)
