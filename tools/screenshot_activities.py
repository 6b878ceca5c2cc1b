"""Screenshots of the duty-activity ledger (issue 21), on the demo street:

* the 履职台账 page (scan-to-attend bar open);
* the station page with a station behind its rule selected;
* a rendered station report (last quarter) and the station poster (PDF → PNG).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_activities.py \
        --out-dir docs/screenshots
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import demo_shots  # tools/demo_shots.py (the script's own folder is on sys.path)


def main() -> None:
    from desktop.reports import activity_papers
    from desktop.services.activities import standing

    shot = demo_shots.open_demo_window()
    out_dir, db, actor, window = shot.out_dir, shot.db, shot.actor, shot.window

    window.open_page("activities")
    demo_shots.wait()
    page = window.pages["activities"]
    tab = page.list  # type: ignore[attr-defined]
    tab.scan_button.click()
    tab.table.selectRow(0)
    demo_shots.wait(200)
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
    demo_shots.wait()
    stations = window.pages["stations"]
    rows = stations.list.model.rows  # type: ignore[attr-defined]
    if target is not None:
        stations.list.table.selectRow(  # type: ignore[attr-defined]
            next(i for i, r in enumerate(rows) if r.id == target)
        )
    demo_shots.wait(300)
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
        demo_shots.pdf_page_png(report, out_dir / "station-report.png")
        demo_shots.pdf_page_png(poster, out_dir / "station-poster.png")
    db.dispose()


if __name__ == "__main__":
    main()
