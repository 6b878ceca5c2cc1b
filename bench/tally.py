"""Benchmark: `yishi tally` on 20,000 ballots × 20 options against a bare JSON parse.

Generates a selection poll (20 candidates, quota 10) with 20,000 ballots in a temporary
directory, then times, end to end as processes, in the same run, best of 5 each:

* baseline: ``python -c`` that only ``json.loads`` every line of BALLOTS.jsonl;
* tally:    ``python -m desktop tally SPEC.json BALLOTS.jsonl --json``.

Prints both times and the ratio tally / baseline (goal ≤ 2).

    .venv/bin/python bench/tally.py
"""

from __future__ import annotations

import compileall
import json
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


def best_of(command: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    best = float("inf")
    done = None
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{command} failed ({done.returncode}): {done.stderr.decode()}")
    assert done is not None
    return best, done


def main() -> int:
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
        best_of(base_cmd, 1)
        best_of(tally_cmd, 1)
        baseline = tally = float("inf")
        for _ in range(RUNS):  # alternate, so that a busy moment hits both alike
            baseline = min(baseline, best_of(base_cmd, 1)[0])
            seconds, done = best_of(tally_cmd, 1)
            tally = min(tally, seconds)
        result = json.loads(done.stdout)
    print(f"ballots: {BALLOTS} × {OPTIONS} options, quota {QUOTA}, file {size / 1e6:.1f} MB")
    print(f"valid {result['valid']}, void {result['void']}, chosen {result['chosen']}")
    print(f"baseline (python -c json.loads per line): {baseline * 1000:.0f} ms (best of {RUNS})")
    print(f"yishi tally --json:                       {tally * 1000:.0f} ms (best of {RUNS})")
    print(f"ratio: {tally / baseline:.2f} (goal ≤ 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
