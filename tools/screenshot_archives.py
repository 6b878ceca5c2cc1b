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

import tempfile
from datetime import date
from pathlib import Path

import demo_shots  # tools/demo_shots.py (the script's own folder is on sys.path)


def main() -> None:
    from desktop.reports import archive_papers

    shot = demo_shots.open_demo_window()
    out_dir, db, actor, window = shot.out_dir, shot.db, shot.actor, shot.window

    window.open_page("archives")
    demo_shots.wait()
    page = window.pages["archives"]
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "archives-ranking.png"))
    print(out_dir / "archives-ranking.png")

    ranked = page.ranked  # type: ignore[attr-defined]
    deputy = ranked.rows[len(ranked.rows) // 3].deputy_id
    page.show_archive(deputy)  # type: ignore[attr-defined]
    demo_shots.wait(300)
    window.grab().save(str(out_dir / "archives-deputy.png"))
    print(out_dir / "archives-deputy.png")

    page.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    demo_shots.wait(200)
    window.grab().save(str(out_dir / "archives-reportbacks.png"))
    print(out_dir / "archives-reportbacks.png")

    page.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
    page.assess_year.setValue(date.today().year - 1)  # type: ignore[attr-defined]
    demo_shots.wait(300)
    window.grab().save(str(out_dir / "archives-assessment.png"))
    print(out_dir / "archives-assessment.png")

    today = date.today()
    with tempfile.TemporaryDirectory() as tmp, db.session() as s:
        pdf = archive_papers.deputy_archive(
            s, actor, Path(tmp) / "archive.pdf", deputy, today=today
        )
        demo_shots.pdf_page_png(pdf, out_dir / "archives-deputy-pdf.png")
        notice = archive_papers.points_notice(
            s, actor, Path(tmp) / "notice.pdf", today.year, today=today
        )
        demo_shots.pdf_page_png(notice, out_dir / "archives-notice-pdf.png")
    db.dispose()


if __name__ == "__main__":
    main()
