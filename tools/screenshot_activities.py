"""Screenshots of the duty-activity ledger (issue 21), on the demo street:

* the 履职台账 page (scan-to-attend bar open);
* the station page with a station behind its rule selected;
* a rendered station report (last quarter) and the station poster (PDF → PNG).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_activities.py \
        --out-dir docs/screenshots
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path


def _wait(ms: int = 400) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _pdf_png(pdf: Path, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
    )
    print(out)


def main() -> None:
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
    from desktop.reports import activity_papers
    from desktop.services.activities import standing
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    _app = make_application()  # keep a reference for the whole run
    p = paths(demo=True).ensure()
    db = build_demo(p)
    actor = demo_actor(db)
    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=True))
    window.resize(1366, 768)
    window.show()

    window.open_page("activities")
    _wait()
    page = window.pages["activities"]
    tab = page.list  # type: ignore[attr-defined]
    tab.scan_button.click()
    tab.table.selectRow(0)
    _wait(200)
    window.grab().save(str(out_dir / "activities.png"))
    print(out_dir / "activities.png")

    today = date.today()
    with db.session() as s:
        behind = sorted(
            (x for x in standing.station_standings(s, as_of=today) if x.behind),
            key=lambda x: -x.missing,
        )
    target = behind[0].station_id if behind else None
    window.open_page("stations")
    _wait()
    stations = window.pages["stations"]
    rows = stations.list.model.rows  # type: ignore[attr-defined]
    if target is not None:
        stations.list.table.selectRow(  # type: ignore[attr-defined]
            next(i for i, r in enumerate(rows) if r.id == target)
        )
    _wait(300)
    window.grab().save(str(out_dir / "station-behind.png"))
    print(out_dir / "station-behind.png")

    with tempfile.TemporaryDirectory() as tmp:
        q = (today.month - 1) // 3
        year, quarter = (today.year, q) if q else (today.year - 1, 4)
        station = target or rows[0].id
        with db.session() as s:
            report = activity_papers.station_report(
                s, actor, Path(tmp) / "report.pdf", station, year, quarter=quarter, today=today
            )
            poster = activity_papers.station_poster(s, actor, Path(tmp) / "poster.pdf", station)
        _pdf_png(report, out_dir / "station-report.png")
        _pdf_png(poster, out_dir / "station-poster.png")
    db.dispose()


if __name__ == "__main__":
    main()
