"""The 民生实事 pipeline page must open as fast as the opinions ledger (issue 22).

Builds one database (bulk inserts, not the ORM) with the opinions ledger of
``bench/ledger.py`` (``--opinions`` rows) and, for one year, 5,000 proposals of which 200 are
projects in implementation with 20 milestones each (some late), then measures in fresh
subprocesses, alternating, median of several runs:

* projects: constructing the 民生实事 page, ``activate()`` and the event loop until the
  pipeline, the open step's table and both queues are painted;
* baseline: the same for the 意见台账 page (its first page of rows painted) on the same file.

    .venv/bin/python bench/projects.py [--opinions 100000] [--proposals 5000]
                                       [--projects 200] [--milestones 20] [--runs 5]

Goal: projects ≤ 1.5 × baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

YEAR = 2026
TODAY = date(2026, 11, 20)
STATUSES = ("shortlisted", "merged", "rejected", "to_opinion", "not_chosen", "proposed")
UNITS = ("街道城市管理办公室", "街道民政办", "区交通局", "区住房城乡建委", "区水利局")


def add_projects(db_path: Path, proposals: int, projects: int, milestones: int) -> None:
    rng = random.Random(22)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    now = "2026-11-20 08:00:00"
    code = "500103001000"
    community = con.execute("SELECT id FROM community LIMIT 1").fetchone()[0]
    cols = (
        "id, kind, year, number, title, content, source, proposer, community_id,"
        " estimated_cost, unit, proposed_on, status, decision_reason, feedback,"
        " feedback_reason, responsible, budget, spent, started_on, satisfaction_json,"
        " satisfaction_rate, accepted_by, acceptance_result, version, created_at, updated_at,"
        " street_code"
    )
    rows = []
    chosen: list[str] = []
    for n in range(proposals):
        pid = str(uuid.uuid4())
        implementing = n < projects
        status = "implementing" if implementing else STATUSES[n % len(STATUSES)]
        if implementing:
            chosen.append(pid)
        cost = rng.randrange(50, 5000) * 1000
        rows.append(
            (
                pid,
                "livelihood",
                YEAR,
                f"MS{YEAR}-{n + 1:05d}",
                f"第{n + 1}号民生实事项目建议：背街小巷整治",
                "居民多次反映，建议列入民生实事。",
                "representative",
                f"代表{n % 300}",
                community,
                cost,
                UNITS[n % len(UNITS)],
                (date(YEAR - 1, 9, 1) + timedelta(days=n % 90)).isoformat(),
                status,
                "" if status in ("proposed", "shortlisted") else "经论证",
                "adopted" if n % 3 else "",
                "已答复" if n % 3 else "",
                "张科长" if implementing else "",
                cost if implementing else 0,
                cost // 3 if implementing else 0,
                date(YEAR, 3, 1).isoformat() if implementing else None,
                "{}",
                "",
                "",
                "",
                1,
                now,
                now,
                code,
            )
        )
    con.execute("BEGIN")
    con.executemany(
        f"INSERT INTO project ({cols}) VALUES ({', '.join('?' * 28)})",
        rows,
    )
    ms = []
    for pid in chosen:
        for k in range(milestones):
            planned = date(YEAR, 3, 1) + timedelta(days=12 * (k + 1))
            reached = planned if planned < TODAY and rng.random() < 0.97 else None
            ms.append(
                (
                    str(uuid.uuid4()),
                    pid,
                    k + 1,
                    f"节点{k + 1}",
                    planned.isoformat(),
                    reached.isoformat() if reached else None,
                    1,
                    now,
                    now,
                    code,
                )
            )
    con.executemany(
        "INSERT INTO project_milestone (id, project_id, no, title, planned_on, actual_on,"
        " version, created_at, updated_at, street_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ms,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def child(data_dir: str, which: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from desktop.config import Paths
    from desktop.db import open_database
    from desktop.models.accounts import User
    from desktop.services import accounts
    from desktop.ui.context import AppContext

    app = QApplication(sys.argv[:1])
    paths = Paths(Path(data_dir))
    db = open_database(paths.database, migrate=False)
    with db.session() as s:
        actor = accounts.actor_for(s.scalars(select(User).where(User.username == "clerk")).one())
    ctx = AppContext(db=db, actor=actor, paths=paths)
    from desktop.ui.pages.opinions import OpinionsPage
    from desktop.ui.pages.projects import ProjectsPage

    app.processEvents()
    t0 = time.perf_counter()
    if which == "projects":
        page: ProjectsPage | OpinionsPage = ProjectsPage(ctx, today=TODAY)
    else:
        page = OpinionsPage(ctx, today=TODAY)
    page.resize(1280, 760)
    page.activate()
    page.show()
    app.processEvents()
    page.table.viewport().repaint()
    elapsed = time.perf_counter() - t0
    assert page.table.model().rowCount() > 0
    print(json.dumps({"first_paint": elapsed}), flush=True)
    db.dispose()


def run_child(data_dir: Path, which: str) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(data_dir), "--which", which],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["first_paint"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--proposals", type=int, default=5_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--milestones", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child")
    parser.add_argument("--which", default="projects")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.which)
        return
    import ledger  # bench/ledger.py: the opinions ledger's own builder

    folder = Path(tempfile.mkdtemp(prefix="yishi-bench-projects-"))
    t = time.perf_counter()
    db_path = ledger.build(folder, args.opinions)
    add_projects(db_path, args.proposals, args.projects, args.milestones)
    print(
        f"built {args.opinions} opinions, {args.proposals} proposals, {args.projects} projects"
        f" × {args.milestones} milestones in {time.perf_counter() - t:.1f} s"
    )
    times: dict[str, list[float]] = {"baseline": [], "projects": []}
    for _ in range(args.runs):
        for which in ("baseline", "projects"):
            times[which].append(run_child(folder, which))
    base = statistics.median(times["baseline"])
    proj = statistics.median(times["projects"])
    print(f"opinions ledger first paint (baseline): {base * 1000:.0f} ms")
    print(f"民生实事 pipeline first paint:            {proj * 1000:.0f} ms")
    verdict = "OK" if proj <= 1.5 * base else "OVER"
    print(f"pipeline/ledger first paint ratio {proj / base:.2f} (goal ≤ 1.5) {verdict}")


if __name__ == "__main__":
    main()
