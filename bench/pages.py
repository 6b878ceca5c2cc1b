"""Pages at the size of a real district: the demo street against the same street with
200,000 representatives, measured in the same run, offscreen.

For each database, in a fresh main window signed in as the administrator:

* every page's first visit (build + activate + its background reads), in ms;
* the roster search box: for each keystroke of a search, how long the GUI thread is blocked
  (the longest single stretch in the event loop while the results arrive);
* scrolling the representatives list to row 10,000: the longest single page load.

    .venv/bin/python bench/pages.py [--rows 200000] [--runs 3]

Each first visit is the best of ``--runs`` alternating measurements (the search and scroll
figures, already the worst of many events in a run, are their median), after a warm-up pass on each
database (so neither side pays first-time imports, Qt's caches or a cold SQLite file). The
best, not the median, as ``timeit`` advises: the machine is shared, and a first visit is a
single sample of 20–150 ms that another process's burst can double; the same rule applies to
both sides.

Goals (issue 18): every first visit ≤ 1.5× the demo street's; no search keystroke blocks the
GUI thread more than 50 ms; no load while scrolling to row 10,000 over 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCH = "张伟强"  # typed one character at a time, then "zwq"
SCROLL_TO = 10_000


class Blocked:
    """Longest stretch the GUI thread spent inside one event (a timer firing, a callback)."""

    def __init__(self) -> None:
        self.longest = 0.0

    def run(self, seconds: float) -> None:
        """Process events for ``seconds``, timing each processEvents pass."""
        from PySide6.QtWidgets import QApplication

        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t = time.perf_counter()
            QApplication.processEvents()
            self.longest = max(self.longest, time.perf_counter() - t)
            time.sleep(0.001)


def measure(data_dir: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from desktop.config import Paths
    from desktop.db import open_database
    from desktop.demo import demo_actor
    from desktop.services.roster import search
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tasks import install_garbage_collector

    app = QApplication.instance() or QApplication(sys.argv[:1])
    collector = install_garbage_collector(app)  # as the app does
    search.forget_checks()
    paths = Paths(data_dir)
    db = open_database(paths.database, backups=paths.backups)
    ctx = AppContext(db=db, actor=demo_actor(db), paths=paths, demo=True)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    ctx.tasks.wait(60_000)
    collector.settle()  # as the app does once its window is up
    out: dict[str, float] = {}
    for spec in window.specs:
        if spec.key == "home":
            continue
        t = time.perf_counter()
        window.open_page(spec.key)
        ctx.tasks.wait(60_000)
        app.processEvents()
        out[f"first visit: {spec.key}"] = (time.perf_counter() - t) * 1000
    roster_page: Any = window.open_page("roster")
    tab = roster_page.representatives
    tab.ensure_loaded()
    blocked = 0.0
    for text in [SEARCH[: i + 1] for i in range(len(SEARCH))] + ["", "z", "zw", "zwq"]:
        t = time.perf_counter()
        tab.search.setText(text)
        typed = time.perf_counter() - t
        watch = Blocked()
        watch.run(0.45)  # the debounce fires and the results arrive
        ctx.tasks.wait(60_000)
        watch.run(0.05)
        blocked = max(blocked, typed, watch.longest)
    out["search keystroke: longest GUI block"] = blocked * 1000
    tab.search.setText("")
    Blocked().run(0.4)
    ctx.tasks.wait(60_000)
    app.processEvents()
    model = tab.model
    longest = 0.0
    while model.rowCount() < SCROLL_TO and model.canFetchMore():
        t = time.perf_counter()
        model.fetchMore()
        longest = max(longest, time.perf_counter() - t)
    out[f"scroll to row {SCROLL_TO:,}: longest load"] = longest * 1000
    out["rows loaded"] = float(model.rowCount())
    window.close()
    window.deleteLater()
    app.processEvents()
    db.dispose()
    return out


def pick(key: str, values: list[float]) -> float:
    """A first visit: the best run; the longest search block and scroll load (already the
    worst of many events within a run): the median."""
    return min(values) if key.startswith("first visit") else statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import startup

    from desktop.config import Paths
    from desktop.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "demo", Path(tmp) / "district"
        build_demo(Paths(small).ensure()).dispose()
        t0 = time.perf_counter()
        startup.build_database(big, args.rows)
        print(
            f"database: {args.rows:,} representatives + demo street in "
            f"{time.perf_counter() - t0:.1f}s"
        )
        # The search index as the app leaves it after its first start (committed once).
        from desktop.db import open_database
        from desktop.services.roster import search

        built = open_database(Paths(big).database)
        search.check_index(built.engine)
        built.dispose()
        measure(small)  # warm-up: imports and caches, so neither side pays them
        measure(big)  # ... and the code paths only the large list takes, and its file
        runs: dict[str, list[dict[str, float]]] = {"small": [], "big": []}
        for _ in range(args.runs):  # alternating, best of each: the machine is shared
            runs["small"].append(measure(small))
            runs["big"].append(measure(big))
        base = {k: pick(k, [r[k] for r in runs["small"]]) for k in runs["small"][0]}
        large = {k: pick(k, [r[k] for r in runs["big"]]) for k in runs["big"][0]}
    width = max(len(k) for k in base)
    print(f"{'':{width}}  demo street   {args.rows:,} rows   ratio")
    worst = 0.0
    for key, value in base.items():
        ratio = large[key] / value if value else 0.0
        unit = "" if key == "rows loaded" else " ms"
        print(f"{key:{width}}  {value:9.0f}{unit}  {large[key]:9.0f}{unit}  {ratio:5.2f}")
        if key.startswith("first visit"):
            worst = max(worst, ratio)
    print(f"ratio (worst first visit, district / demo street): {worst:.2f}  (goal ≤ 1.5)")
    print(
        f"search keystroke longest GUI block: {large['search keystroke: longest GUI block']:.0f}"
        f" ms (goal ≤ 50); scroll longest load: "
        f"{large[f'scroll to row {SCROLL_TO:,}: longest load']:.0f} ms (goal ≤ 50)"
    )


if __name__ == "__main__":
    main()
