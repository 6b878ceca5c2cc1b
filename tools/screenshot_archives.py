"""Screenshots of the duty archives (issue 23), on the demo street:

* the 履职档案 page: the points ranking of this year (below-floor rows shaded);
* the archive of one deputy (一人一档) on the page;
* the report-backs with the one rated below 80% (talk due);
* last year's assessment (自评 → 街道初评 → 区总评 → 审核);
* a rendered archive PDF and the 公示 PDF (first pages, PDF → PNG).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_archives.py \
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
    from desktop.reports import archive_papers
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

    window.open_page("archives")
    _wait()
    page = window.pages["archives"]
    _wait(200)
    window.grab().save(str(out_dir / "archives-ranking.png"))
    print(out_dir / "archives-ranking.png")

    ranked = page.ranked  # type: ignore[attr-defined]
    deputy = ranked.rows[len(ranked.rows) // 3].deputy_id
    page.show_archive(deputy)  # type: ignore[attr-defined]
    _wait(300)
    window.grab().save(str(out_dir / "archives-deputy.png"))
    print(out_dir / "archives-deputy.png")

    page.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    _wait(200)
    window.grab().save(str(out_dir / "archives-reportbacks.png"))
    print(out_dir / "archives-reportbacks.png")

    page.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
    page.assess_year.setValue(date.today().year - 1)  # type: ignore[attr-defined]
    _wait(300)
    window.grab().save(str(out_dir / "archives-assessment.png"))
    print(out_dir / "archives-assessment.png")

    today = date.today()
    with tempfile.TemporaryDirectory() as tmp, db.session() as s:
        pdf = archive_papers.deputy_archive(
            s, actor, Path(tmp) / "archive.pdf", deputy, today=today
        )
        _pdf_png(pdf, out_dir / "archives-deputy-pdf.png")
        notice = archive_papers.points_notice(
            s, actor, Path(tmp) / "notice.pdf", today.year, today=today
        )
        _pdf_png(notice, out_dir / "archives-notice-pdf.png")
    db.dispose()


if __name__ == "__main__":
    main()
