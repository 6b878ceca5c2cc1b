"""The installed bundle: its unpacked size, and its start-up time against the virtual env.

Builds ``dist/yishi`` first when it is missing or older than the sources (installer/build.py).
Then both the frozen executable and ``.venv/bin/python -m desktop`` open the same demo
database offscreen with ``YISHI_STARTUP_PROBE=1`` (the app prints ``SHOWN`` when the main
window is painted and ``READY`` when the home page has its figures, then quits). Runs
alternate between the two; medians are reported with the ratio bundle / venv (the baseline,
measured in the same run).

    .venv/bin/python bench/bundle.py [--runs 5] [--cold]

``--cold`` drops the OS page cache before every start (needs root; writes
/proc/sys/vm/drop_caches), so each start reads the program from disk as on a freshly booted
office PC. Without it the starts are warm (files already cached), after one unmeasured start.

Goal (issue 9): bundle ≤ 150 MB unpacked.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE_GOAL_MB = 150.0


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("yishi_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def start_once(cmd: list[str], env: dict[str, str], cold: bool) -> dict[str, float]:
    """Seconds from process start to the SHOWN and READY lines."""
    if cold:
        drop_caches()
    start = time.time()
    out = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=180, check=True
    ).stdout
    marks = {
        line.split()[0]: float(line.split()[1]) - start
        for line in out.splitlines()
        if line[:5] in ("SHOWN", "READY")
    }
    if "READY" not in marks:
        raise SystemExit(f"no READY line from {cmd}: {out!r}")
    marks.setdefault("SHOWN", marks["READY"])
    return marks


def version_once(cmd: list[str], env: dict[str, str], cold: bool) -> float:
    """A start without Qt or the database: interpreter + CLI only."""
    if cold:
        drop_caches()
    start = time.perf_counter()
    subprocess.run([*cmd[:-1], "--version"], env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each start")
    args = parser.parse_args()

    build = _build_module()
    dist = ROOT / "dist"
    if not build.bundle_is_current(dist):
        print("== building the bundle (installer/build.py --no-zip)")
        subprocess.run(
            [sys.executable, str(ROOT / "installer" / "build.py"), "--no-zip"], check=True
        )
    bundle = dist / "yishi"
    exe = bundle / build.exe_name()
    size = build.folder_size(bundle) / 1e6
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    print(f"bundle: {size:.1f} MB unpacked in {files} files (goal ≤ {SIZE_GOAL_MB:.0f} MB)")
    zips = sorted(dist.glob("yishi-*.zip"))
    for z in zips:
        print(f"  {z.name}: {z.stat().st_size / 1e6:.1f} MB")

    with tempfile.TemporaryDirectory(prefix="yishi-bench-") as tmp:
        data = Path(tmp) / "demo"
        os.environ["YISHI_DATA_DIR"] = str(data)
        from desktop.config import Paths
        from desktop.demo import build_demo

        build_demo(Paths(data)).dispose()
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            YISHI_DATA_DIR=str(data),
            YISHI_STARTUP_PROBE="1",
        )
        venv_python = ROOT / ".venv" / "bin" / "python"
        commands = {
            "bundle": [str(exe), "--demo"],
            "venv": [
                str(venv_python if venv_python.exists() else sys.executable),
                "-m",
                "desktop",
                "--demo",
            ],
        }
        if args.cold:
            try:
                drop_caches()
            except OSError as exc:
                raise SystemExit(f"--cold needs root to drop the page cache: {exc}") from exc
        else:
            for cmd in commands.values():  # one unmeasured start each: warm the cache
                start_once(cmd, env, cold=False)
        shown: dict[str, list[float]] = {k: [] for k in commands}
        ready: dict[str, list[float]] = {k: [] for k in commands}
        bare: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                marks = start_once(cmd, env, args.cold)
                shown[name].append(marks["SHOWN"])
                ready[name].append(marks["READY"])
                bare[name].append(version_once(cmd, env, args.cold))

    mode = "cold (page cache dropped before each start)" if args.cold else "warm"
    print(f"start-up, {mode}, median of {args.runs} alternating runs:")

    def median(values: list[float]) -> float:
        return statistics.median(values)

    for label, table in (
        ("main window shown", shown),
        ("home page ready  ", ready),
        ("yishi --version  ", bare),
    ):
        b, v = median(table["bundle"]), median(table["venv"])
        runs = ", ".join(f"{t * 1000:.0f}" for t in table["bundle"])
        print(
            f"  {label}: bundle {b * 1000:6.0f} ms  venv {v * 1000:6.0f} ms  "
            f"ratio bundle/venv {b / v:.2f}  (bundle runs: {runs})"
        )
    print(f"ratio size/goal: {size / SIZE_GOAL_MB:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
