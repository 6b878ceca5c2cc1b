"""Screenshots of the sync page with sealed batches waiting and a conflict to review
(``sync.png``), and of the review of that conflict side by side (``sync-conflict.png``).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_sync.py \
        --out docs/screenshots/sync.png

Builds the state for real: the demo street enrolled with a ``yishi-server`` on 127.0.0.1,
a second installation of the same street changing a community first (→ a conflict), then
the server going away while more changes are made (→ batches waiting, last error).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from desktop.demo import use_demo_time_zone

    use_demo_time_zone()
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots/sync.png")
    parser.add_argument("--conflict-out", default="docs/screenshots/sync-conflict.png")
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yishi-shot-sync-"))
    os.environ["YISHI_DATA_DIR"] = str(tmp / "data")

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from sqlalchemy import select

    from desktop.config import paths
    from desktop.db import open_database
    from desktop.demo import build_demo, demo_actor
    from desktop.models.roster import Community
    from desktop.services.permissions import SYSTEM_ACTOR
    from desktop.sync import client, enrol
    from desktop.sync.state import get_state
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.widgets.sync_status import SyncController
    from tests.integration.sync_helpers import CityServer

    app = make_application()
    p = paths(demo=True).ensure()
    db = build_demo(p)
    with db.transaction() as s:
        if s.scalar(select(Community.id).limit(1)) is None:
            s.add_all(Community(name=n) for n in ("解放碑社区", "七星岗社区", "较场口社区"))
    server = CityServer(tmp / "server").start()
    try:
        enrol.enrol(
            db, SYSTEM_ACTOR, server.url, server.issue_code(), device_name="解放碑街道工委-1号机"
        )
        assert client.push(db).ok
        with db.session() as s:
            target = s.scalars(select(Community).order_by(Community.name)).first()
            assert target is not None
            target_id = target.id
        # A second installation of the same street changes that community first.
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        other_path = tmp / "other.sqlite3"
        shutil.copyfile(db.path, other_path)
        other = open_database(other_path)
        with other.transaction() as s:
            st = get_state(s)
            st.device_id, st.token = "", ""
        enrol.enrol(other, SYSTEM_ACTOR, server.url, server.issue_code(), device_name="2号机")
        with other.transaction() as s:
            row = s.get(Community, target_id)
            assert row is not None
            row.notes = "2号机：办公地点已迁至民族路188号"
        assert client.push(other).ok
        other.dispose()
        with db.transaction() as s:
            row = s.get(Community, target_id)
            assert row is not None
            row.notes = "本机：联系电话更新为 6371 2345"
        report = client.push(db)
        assert report.conflicts == 1, report
        from desktop.sync.cycle import refresh_devices

        refresh_devices(db)  # the street's computers, for the page's table
    finally:
        server.stop()
    # The network goes away; more work is done; the push fails and batches wait.
    for i in range(3):
        with db.transaction() as s:
            s.add_all(Community(name=f"新建小区{i}-{j}") for j in range(300))
    client.push_once(db)

    window = MainWindow(AppContext(db=db, actor=demo_actor(db), paths=p, demo=True))
    controller = window.findChild(SyncController, "syncController")
    if isinstance(controller, SyncController):
        controller.timer.stop()
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    page = window.open_page("sync")
    page.issues.selectRow(0)  # type: ignore[attr-defined]
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(args.out)
    print(args.out)
    # The review of the conflict: both versions side by side, the differing field marked.
    page.split.setSizes([520, 60, 60])  # type: ignore[attr-defined]
    QCoreApplication.processEvents()
    window.grab().save(args.conflict_out)
    print(args.conflict_out)
    db.dispose()
    del app


if __name__ == "__main__":
    main()
