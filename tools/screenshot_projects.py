"""Screenshots of the 民生实事 page (issue 22), on the demo street:

* the year's pipeline at the implementation step, with the late project's detail;
* last year's pipeline at the evaluation step (the dissatisfied project selected);
* the late-milestones queue and last year's micro-projects;
* the rendered papers (PDF → PNG, first page): shortlist, feedback list, yearly report,
  公开栏 of the evaluation, progress notice.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_projects.py \
        --out-dir docs/screenshots
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path


def _wait(ms: int = 400) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


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
    from desktop.services.projects import views
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.projects import ProjectsPage

    _app = make_application()  # keep a reference for the whole run
    p = paths(demo=True).ensure()
    db = build_demo(p)
    actor = demo_actor(db)
    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=True))
    window.resize(1366, 768)
    window.show()

    window.open_page("projects")
    _wait()
    page = window.pages["projects"]
    assert isinstance(page, ProjectsPage)
    today = date.today()
    with db.session() as s:
        late = views.late_milestones(s, today)
    if late:
        ids = [r.id for r in page.model.rows]
        if late[0].project_id in ids:
            page.table.selectRow(ids.index(late[0].project_id))
    _wait(200)
    window.grab().save(str(out_dir / "projects-pipeline.png"))
    print(out_dir / "projects-pipeline.png")

    page.year.setCurrentIndex(page.year.findData(today.year - 1))
    _wait(200)
    worst = min(
        range(len(page.model.rows)),
        key=lambda n: _rate(page.model.rows[n].satisfaction_rate),
    )
    page.table.selectRow(worst)
    _wait(200)
    window.grab().save(str(out_dir / "projects-evaluated.png"))
    print(out_dir / "projects-evaluated.png")

    page.tabs.setCurrentIndex(1)
    _wait(200)
    window.grab().save(str(out_dir / "projects-late.png"))
    print(out_dir / "projects-late.png")

    page.tabs.setCurrentIndex(3)
    _wait(200)
    window.grab().save(str(out_dir / "projects-micro.png"))
    print(out_dir / "projects-micro.png")

    from desktop.reports import project_papers as pp

    pdf_dir = Path(tempfile.mkdtemp(prefix="yishi-papers-"))
    last = today.year - 1
    with db.session() as s:
        papers = {
            "project-shortlist": pp.shortlist(s, actor, pdf_dir / "a.pdf", today.year),
            "project-feedback": pp.feedback_list(s, actor, pdf_dir / "b.pdf", last),
            "project-yearly-report": pp.yearly_report(s, actor, pdf_dir / "c.pdf", last),
            "project-evaluation-board": pp.evaluation_board(s, actor, pdf_dir / "d.pdf", last),
            "project-progress": pp.progress_notice(s, actor, pdf_dir / "e.pdf", today.year),
            "project-micro-account": pp.micro_account(s, actor, pdf_dir / "f.pdf", last),
        }
    for name, pdf in papers.items():
        _pdf_png(pdf, out_dir / f"{name}.png")


def _pdf_png(pdf: Path, out: Path) -> None:
    import subprocess

    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
    )
    print(out)


def _rate(text: str) -> float:
    if not text:
        return 2.0
    num, _, den = text.partition("/")
    return int(num) / int(den) if int(den) else 2.0


if __name__ == "__main__":
    main()
