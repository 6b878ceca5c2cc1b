"""Benchmark: `yishi tally` on 20,000 ballots × 20 options against a bare JSON parse.

Generates a selection poll (20 candidates, quota 10) with 20,000 ballots in a temporary
directory, then times, end to end as processes, in the same run, best of 5 each:

* baseline: ``python -c`` that only ``json.loads`` every line of BALLOTS.jsonl;
* tally:    ``python -m desktop tally SPEC.json BALLOTS.jsonl --json``.

Prints both times and the ratio tally / baseline (goal ≤ 2).

    .venv/bin/python bench/tally.py [RUNS]      (default 5; more on a busy machine)
"""

from __future__ import annotations

import compileall
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BALLOTS = 20_000
OPTIONS = 20
QUOTA = 10
RUNS = 5
ROOT = Path(__file__).resolve().parent.parent

BASELINE = (
    "import json, sys\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    for line in f:\n"
    "        json.loads(line)\n"
)


def generate(folder: Path) -> tuple[Path, Path]:
    """A realistic deck: most voters mark up to K candidates for, some against, the rest
    blank; about 3% overvote and 1% are declared void."""
    rng = random.Random(20261122)
    spec = {
        "kind": "selection",
        "options": [{"no": no, "name": f"民生项目{no:02d}"} for no in range(1, OPTIONS + 1)],
        "quota": QUOTA,
        "members_total": BALLOTS + 500,
        "present": BALLOTS,
        "issued": BALLOTS,
        "threshold": {"base": "present", "ratio": "1/2", "strict": True},
    }
    spec_path = folder / "spec.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    weights = [rng.random() for _ in range(OPTIONS)]
    lines = []
    for serial in rng.sample(range(1, BALLOTS * 3), BALLOTS):
        chosen = rng.choices(range(1, OPTIONS + 1), weights=weights, k=QUOTA)
        if rng.random() < 0.03:
            chosen += rng.sample(range(1, OPTIONS + 1), 3)
        marks = {}
        for no in range(1, OPTIONS + 1):
            if no in chosen:
                marks[str(no)] = "for"
            elif rng.random() < 0.6:
                marks[str(no)] = "against"
            elif rng.random() < 0.1:
                marks[str(no)] = "abstain"
        ballot = {"serial": serial, "void": rng.random() < 0.01, "marks": marks}
        lines.append(json.dumps(ballot, ensure_ascii=False))
    ballots_path = folder / "ballots.jsonl"
    ballots_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spec_path, ballots_path


def run_once(command: list[str]) -> tuple[float, float, bytes]:
    """Wall-clock seconds, CPU seconds of the child (NaN where unknown), stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        cpu = float("nan")
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:
            process.wait()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.exit(f"{command} failed ({process.returncode}): {err.read().decode()}")
        return wall, cpu, out.read()


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    # An installed yishi carries its bytecode; make sure this checkout has it too (the
    # environment may set PYTHONDONTWRITEBYTECODE, which would recompile on every run).
    compileall.compile_dir(ROOT / "desktop", quiet=1)
    with tempfile.TemporaryDirectory(prefix="yishi-bench-tally-") as tmp:
        spec_path, ballots_path = generate(Path(tmp))
        size = ballots_path.stat().st_size
        tally_cmd = [sys.executable, "-m", "desktop", "tally", str(spec_path), str(ballots_path)]
        tally_cmd.append("--json")
        base_cmd = [sys.executable, "-c", BASELINE, str(ballots_path)]
        # Warm the file cache and the bytecode cache once before measuring.
        run_once(base_cmd)
        run_once(tally_cmd)
        base_wall = base_cpu = tally_wall = tally_cpu = float("inf")
        for _ in range(runs):  # alternate, so that a busy moment hits both alike
            wall, cpu, _ = run_once(base_cmd)
            base_wall, base_cpu = min(base_wall, wall), min(base_cpu, cpu)
            wall, cpu, output = run_once(tally_cmd)
            tally_wall, tally_cpu = min(tally_wall, wall), min(tally_cpu, cpu)
        result = json.loads(output)
    print(f"ballots: {BALLOTS} × {OPTIONS} options, quota {QUOTA}, file {size / 1e6:.1f} MB")
    print(f"valid {result['valid']}, void {result['void']}, chosen {result['chosen']}")
    print(f"baseline (python -c json.loads per line): {base_wall * 1000:.0f} ms (best of {runs})")
    print(f"yishi tally --json:                       {tally_wall * 1000:.0f} ms (best of {runs})")
    print(f"ratio: {tally_wall / base_wall:.2f} (goal ≤ 2)")
    if base_cpu == base_cpu:  # not NaN: the CPU time of the processes, steadier on a busy machine
        print(
            f"cpu time: baseline {base_cpu * 1000:.0f} ms, tally {tally_cpu * 1000:.0f} ms, "
            f"ratio {tally_cpu / base_cpu:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
