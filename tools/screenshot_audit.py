"""Screenshot of the 审计日志 page on the demo street after a few everyday changes (a phone
number corrected, a meeting's venue moved), for docs/screenshots/audit-log.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot_audit.py docs/screenshots
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from desktop.demo import use_demo_time_zone

    use_demo_time_zone()
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["YISHI_DATA_DIR"] = tempfile.mkdtemp(prefix="yishi-shot-")

    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.config import paths
    from desktop.demo import build_demo, demo_actor
    from desktop.services import meetings, roster
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    p = paths(demo=True).ensure()
    db = build_demo(p)
    actor = demo_actor(db)
    with db.transaction() as s:
        rep = roster.list_representatives(s, actor, roster.RepresentativeFilter(), limit=3)[2]
        form = roster.get_representative(s, rep.id)
        roster.save_representative(s, actor, dataclasses.replace(form, phone="13983456789"))
        upcoming = next(m for m in meetings.list_meetings(s, actor) if m.status == "planned")
        meetings.update_meeting(s, actor, upcoming.id, venue="街道办事处二楼会议室")

    window = MainWindow(AppContext(db=db, actor=actor, paths=p, demo=True))
    window.resize(1366, 768)
    window.show()
    window.open_page("audit")
    loop = QEventLoop()
    QTimer.singleShot(400, loop.quit)
    loop.exec()
    window.grab().save(str(out / "audit-log.png"))
    db.dispose()
    del app
    print(out / "audit-log.png")


if __name__ == "__main__":
    main()
