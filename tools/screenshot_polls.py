"""Screenshots of the polls area: the entry screen mid-count (real main window, driven by
keys like a USB scanner and a clerk), a printed ballot and the results report (pdftoppm).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_polls.py docs/screenshots
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _page_png(pdf: bytes, out: Path, dpi: int = 110) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(src),
                str(out.with_suffix("")),
            ],
            check=True,
        )


def main() -> None:
    from desktop.demo import use_demo_time_zone

    use_demo_time_zone()
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["YISHI_DATA_DIR"] = tempfile.mkdtemp(prefix="yishi-shot-")

    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from desktop.config import paths
    from desktop.demo import build_demo, demo_actor
    from desktop.reports import ballots as ballot_report
    from desktop.reports import result_notice, tally_report
    from desktop.services import polls
    from desktop.services.polls import ballots
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    p = paths(demo=True).ensure()
    db = build_demo(p)
    actor = demo_actor(db)
    from desktop.demodata.d30_polls import PROJECTS  # after build_demo: steps register on import

    with db.session() as s:
        certified = next(r for r in polls.list_polls(s) if r.kind == "selection")
        view = polls.get_poll(s, certified.id)
        sheet = ballot_report.BallotSheet("1", ballots.qr_texts(s, certified.id, 1, 1)[0])
        _pdf = ballot_report.render_ballots(view, [sheet], heading=view.meeting_title)
        report = tally_report.tally_report_pdf(s, certified.id)
        announcement = result_notice.result_notice_pdf(s, certified.id)
    _page_png(_pdf, out / "ballot.png")
    _page_png(report, out / "tally-report.png")
    _page_png(announcement, out / "result-notice.png", dpi=90)

    # an open poll, 17 ballots in, for the entry screen mid-count
    import random

    rng = random.Random(7)
    with db.transaction() as s:
        poll = polls.create_poll(
            s,
            actor,
            title="2027年民生实事项目票决",
            kind="selection",
            options=[
                polls.OptionInput(t, department=d, estimated_cost=c) for t, d, c, _p in PROJECTS
            ],
            quota=10,
            threshold_base="present",
            members_total=60,
            present=53,
            double_entry=True,
        )
        polls.log_print(s, actor, poll.id, count=60, layout="a4")
        polls.open_poll(s, actor, poll.id)
        texts = ballots.qr_texts(s, poll.id, 1, 60)
    for serial in range(1, 18):
        marks = {
            no: ("for" if rng.random() < pop else "against")
            for no, (_t, _d, _c, pop) in enumerate(PROJECTS, 1)
            if rng.random() < 0.9
        }
        fors = [n for n, m in marks.items() if m == "for"]
        for n in fors[10:]:
            del marks[n]
        with ballots.entry_transaction(db) as s:
            ballots.enter_ballot(s, actor, poll.id, texts[serial - 1], marks)

    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=True))
    window.resize(1366, 768)
    window.show()
    page = window.open_page("polls")
    page.activate()
    page.select_poll(poll.id)  # type: ignore[attr-defined]
    entry = page.entry  # type: ignore[attr-defined]
    QTest.keyClicks(entry.serial_edit, texts[17])
    QTest.keyClick(entry.serial_edit, Qt.Key.Key_Return)
    for key in "1234679":
        QTest.keyClicks(entry, key)
    QTest.keyClicks(entry, "-")
    QTest.keyClicks(entry, "w")
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()
    window.grab().save(str(out / "ballot-entry.png"))
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    window.grab().save(str(out / "poll-counting.png"))
    db.dispose()
    del app
    print(out)


if __name__ == "__main__":
    main()
