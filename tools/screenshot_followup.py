"""Screenshots of the follow-up (issue 24), on the demo street:

* the last meeting's 跟踪督办 tab (the overdue matter selected; the input raised at it);
* the 跟踪督办 page's overdue queue;
* the rendered papers (PDF → PNG, first page): the overdue matter's 交办单 and the
  跟踪督办情况报告 for the next meeting.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_followup.py \
        --out-dir docs/screenshots
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import demo_shots  # tools/demo_shots.py (the script's own folder is on sys.path)


def main() -> None:
    from desktop.reports import followup_papers
    from desktop.services.followup import core
    from desktop.ui.pages.followup import FollowupPage
    from desktop.ui.pages.meetings import MeetingsPage

    shot = demo_shots.open_demo_window()
    out_dir, db, actor, window = shot.out_dir, shot.db, shot.actor, shot.window
    with db.session() as s:
        overdue = core.queue(s, actor, "overdue")[0]
    window.open_page("meetings")
    demo_shots.wait()
    page = window.pages["meetings"]
    assert isinstance(page, MeetingsPage)
    ids = [m.id for m in page.meetings]
    page.list_view.selectRow(ids.index(overdue.meeting_id))
    demo_shots.wait(200)
    page.tabs.setCurrentWidget(page.followup)
    rows = [r.id for r in page.followup.matters.model.rows]
    page.followup.matters.table.selectRow(rows.index(overdue.id))
    demo_shots.wait(300)
    window.grab().save(str(out_dir / "meeting-followup.png"))
    print(out_dir / "meeting-followup.png")

    window.open_page("followup")
    demo_shots.wait()
    queue = window.pages["followup"]
    assert isinstance(queue, FollowupPage)
    queue.panel.table.selectRow(0)
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "followup-queue.png"))
    print(out_dir / "followup-queue.png")

    upcoming = next(m.id for m in page.meetings if m.status == "planned")
    pdf_dir = Path(tempfile.mkdtemp(prefix="yishi-papers-"))
    with db.session() as s:
        papers = {
            "followup-assignment-sheet": followup_papers.assignment_sheet_pdf(s, actor, overdue.id),
            "followup-report": followup_papers.followup_report_pdf(s, actor, upcoming),
        }
    for name, pdf in papers.items():
        path = pdf_dir / f"{name}.pdf"
        path.write_bytes(pdf)
        demo_shots.pdf_page_png(path, out_dir / f"{name}.png")


if __name__ == "__main__":
    main()
