"""Start-up time: process start → main window shown, on a database with 200,000 rows.

Baseline, measured in the same run: a bare PySide6 process that shows an empty QMainWindow.
Both are started the same way (fresh interpreter, offscreen platform) and print the wall-clock
time when their window is shown; we take the median of several alternating runs.

    .venv/bin/python bench/startup.py [--rows 200000] [--runs 7]

Goals: window shown ≤ 2.0× (issue 2); home page with its figures ≤ 3.0× (issue 18). The
figures are read with sqlite3 before the ORM is imported (desktop.services.home_cards); the
third line reports when the database is open through the ORM and every page can be used.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASELINE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1280, 800)
w.show()
def shown():
    print(f"SHOWN {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玉兰晓东海燕文斌俊峰建华春梅"
)


def build_database(data_dir: Path, rows: int) -> None:
    os.environ["YISHI_DATA_DIR"] = str(data_dir)
    from sqlalchemy import insert

    from desktop.config import Paths
    from desktop.demo import build_demo
    from desktop.models.roster import Community, Representative, Term
    from desktop.pinyin_order import sort_key

    db = build_demo(Paths(data_dir))
    rng = random.Random(7)
    now = datetime.now(UTC)
    with db.transaction() as s:
        s.info["sync_capture"] = False  # bulk fixture: not real user changes
        term_id = str(uuid.uuid4())
        s.execute(
            insert(Term),
            [
                dict(
                    id=term_id,
                    number=9,
                    name="第九届",
                    started_on=date(2024, 1, 1),
                    status="current",
                    version=1,
                    created_at=now,
                    updated_at=now,
                    street_code=db.street_code,
                )
            ],
        )
        communities = [str(uuid.uuid4()) for _ in range(8)]
        s.execute(
            insert(Community),
            [
                dict(
                    id=c,
                    name=f"第{i + 1}社区",
                    kind="community",
                    code="",
                    sort_order=i,
                    notes="",
                    version=1,
                    created_at=now,
                    updated_at=now,
                    street_code=db.street_code,
                )
                for i, c in enumerate(communities)
            ],
        )
        batch = []
        for n in range(rows):
            name = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
            )
            batch.append(
                dict(
                    id=str(uuid.uuid4()),
                    term_id=term_id,
                    community_id=rng.choice(communities),
                    name=name,
                    name_initials="",
                    name_sort=sort_key(name),
                    gender="",
                    phone=f"139{n:08d}",
                    address="",
                    sector="resident",
                    workplace="",
                    position="",
                    status="active",
                    left_reason="",
                    notes="",
                    version=1,
                    created_at=now,
                    updated_at=now,
                    street_code=db.street_code,
                )
            )
            if len(batch) == 20_000:
                s.execute(insert(Representative), batch)
                batch = []
        if batch:
            s.execute(insert(Representative), batch)
    db.dispose()


def time_once(cmd: list[str], env: dict[str, str], marker: str = "SHOWN") -> dict[str, float]:
    """Seconds from process start to each marker line the child prints (SHOWN, READY)."""
    start = time.time()
    out = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    marks = {
        li.split()[0]: float(li.split()[1]) - start
        for li in out.splitlines()
        if li.split(" ", 1)[0] in ("SHOWN", "READY", "USABLE")
    }
    if marker not in marks:
        raise SystemExit(f"no {marker} line from {cmd}: {out!r}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        t0 = time.perf_counter()
        build_database(data_dir, args.rows)
        print(
            f"database: {args.rows:,} representative rows + demo street in {time.perf_counter() - t0:.1f}s"
        )
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            YISHI_DATA_DIR=str(data_dir),
            YISHI_STARTUP_PROBE="1",
        )
        app_cmd = [sys.executable, "-m", "desktop", "--demo"]
        base_cmd = [sys.executable, "-c", BASELINE]
        time_once(app_cmd, env)  # warm the OS file cache for both
        time_once(base_cmd, env)
        app_times, ready_times, usable_times, base_times = [], [], [], []
        for _ in range(args.runs):
            marks = time_once(app_cmd, env, "READY")
            app_times.append(marks["SHOWN"])
            ready_times.append(marks["READY"])
            usable_times.append(marks.get("USABLE", marks["READY"]))
            base_times.append(time_once(base_cmd, env)["SHOWN"])

    def show(label: str, values: list[float]) -> float:
        med = statistics.median(values)
        runs = ", ".join(f"{t * 1000:.0f}" for t in values)
        print(f"{label}: median {med * 1000:.0f} ms  (runs: {runs})")
        return med

    app_median = show("yishi main window shown      ", app_times)
    ready_median = show("yishi home page with figures", ready_times)
    usable_median = show("yishi database open (usable)", usable_times)
    base_median = show("bare QMainWindow shown       ", base_times)
    print(f"ratio (window shown / bare): {app_median / base_median:.2f}  (goal ≤ 2.0)")
    print(f"ratio (home page with figures / bare): {ready_median / base_median:.2f}  (goal ≤ 3.0)")
    print(f"ratio (database open, usable / bare): {usable_median / base_median:.2f}  (reported)")


if __name__ == "__main__":
    main()
