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

import tempfile
from datetime import date
from pathlib import Path

import demo_shots  # tools/demo_shots.py (the script's own folder is on sys.path)


def main() -> None:
    from desktop.services.projects import views
    from desktop.ui.pages.projects import ProjectsPage

    shot = demo_shots.open_demo_window()
    out_dir, db, actor, window = shot.out_dir, shot.db, shot.actor, shot.window

    window.open_page("projects")
    demo_shots.wait()
    page = window.pages["projects"]
    assert isinstance(page, ProjectsPage)
    today = date.today()
    with db.session() as s:
        late = views.late_milestones(s, today)
    if late:
        ids = [r.id for r in page.model.rows]
        if late[0].project_id in ids:
            page.table.selectRow(ids.index(late[0].project_id))
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "projects-pipeline.png"))
    print(out_dir / "projects-pipeline.png")

    page.year.setCurrentIndex(page.year.findData(today.year - 1))
    demo_shots.wait(200)
    worst = min(
        range(len(page.model.rows)),
        key=lambda n: _rate(page.model.rows[n].satisfaction_rate),
    )
    page.table.selectRow(worst)
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "projects-evaluated.png"))
    print(out_dir / "projects-evaluated.png")

    page.tabs.setCurrentIndex(1)
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "projects-late.png"))
    print(out_dir / "projects-late.png")

    page.tabs.setCurrentIndex(3)
    demo_shots.wait(200)
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
        demo_shots.pdf_page_png(pdf, out_dir / f"{name}.png")


def _rate(text: str) -> float:
    if not text:
        return 2.0
    num, _, den = text.partition("/")
    return int(num) / int(den) if int(den) else 2.0


if __name__ == "__main__":
    main()
