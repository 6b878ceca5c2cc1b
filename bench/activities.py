"""Station standing and deputy coverage over a big activity ledger (issue 21).

Builds one database with 100,000 duty activities and 2,000,000 attendance rows (three years,
300 stations, 5,000 deputies; bulk inserts, not the ORM), then measures, in this process and
alternating (median of several runs):

* service: ``standing.station_standings`` + ``standing.deputy_coverage`` for one year — every
  station's standing against its rule and every deputy's coverage, as the home page and the
  station page ask for them;
* baseline: a bare sqlite3 ``GROUP BY`` of the same counts (activities per station and
  month, activities and last date per deputy) on the same file.

    .venv/bin/python bench/activities.py [--activities 100000] [--attendance 2000000]
                                         [--runs 5] [--keep DIR]

Goal: service ≤ 2 × baseline.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR = 2026
AS_OF = date(2026, 11, 30)
STATIONS = 300
DEPUTIES = 5000
TYPES = ["接待选民", "民情恳谈会", "调研座谈", "视察", "走访选民", "学习培训", "议政日"]

BASE_STATIONS = (
    "SELECT station_id, strftime('%m', held_on), count(*) FROM duty_activity "
    "WHERE deleted_at IS NULL AND station_id IS NOT NULL AND held_on >= ? AND held_on <= ? "
    "GROUP BY station_id, strftime('%m', held_on)"
)
BASE_DEPUTIES = (
    "SELECT p.deputy_id, count(DISTINCT p.activity_id), max(a.held_on) "
    "FROM duty_participant p JOIN duty_activity a ON a.id = p.activity_id "
    "WHERE p.deputy_id IS NOT NULL AND p.deleted_at IS NULL AND a.deleted_at IS NULL "
    "AND a.held_on >= ? AND a.held_on <= ? GROUP BY p.deputy_id"
)


def build(folder: Path, activities: int, attendance: int) -> Path:
    from desktop.db import open_database
    from desktop.models.roster import Deputy, Station
    from desktop.services import accounts, street
    from desktop.services.permissions import SYSTEM_ACTOR

    path = folder / "yishi.sqlite3"
    db = open_database(path)
    code = "500103001000"
    with db.transaction() as s:
        accounts.create_first_admin(s, "admin", "王建国", "bench1234")
        street.setup(
            s,
            SYSTEM_ACTOR,
            code=code,
            name="解放碑街道",
            kind="street",
            district="渝中区",
            city="重庆市",
        )
    created = datetime(2020, 1, 1).isoformat(" ")
    with db.transaction() as s:
        stations = []
        for n in range(STATIONS):
            home = n < 30
            st = Station(
                name=f"第{n + 1}{'代表之家' if home else '代表联络站'}",
                kind="home" if home else "liaison_station",
                activity_frequency="quarterly" if home else "monthly",
                street_code=code,
            )
            s.add(st)
            stations.append(st)
        s.flush()
        station_ids = [st.id for st in stations]
        for n in range(DEPUTIES):
            s.add(
                Deputy(
                    name=f"代表{n:04d}",
                    level="district",
                    station_id=station_ids[n % STATIONS],
                    street_code=code,
                )
            )
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("UPDATE station SET created_at = ?", (created,))
    deputy_ids = [r[0] for r in conn.execute("SELECT id FROM deputy")]
    rng = random.Random(21)
    first = date(YEAR - 2, 1, 1)
    span = (date(YEAR, 12, 31) - first).days
    now = datetime(2026, 12, 1).isoformat(" ")
    act_rows = []
    act_ids = []
    for _ in range(activities):
        aid = str(uuid.uuid4())
        act_ids.append(aid)
        held = first + timedelta(days=rng.randrange(span))
        act_rows.append(
            (
                aid,
                rng.choice(TYPES),
                held.isoformat(),
                rng.choice(station_ids),
                rng.randrange(80),
                now,
                now,
                code,
            )
        )
    conn.executemany(
        "INSERT INTO duty_activity (id, kind, held_on, start_time, end_time, station_id, place,"
        " organiser, residents, summary, attachments, opinion_ids, version, created_at,"
        " updated_at, street_code) VALUES (?, ?, ?, '', '', ?, '', '', ?, '', '[]', '[]', 1,"
        " ?, ?, ?)",
        act_rows,
    )
    per = attendance // activities
    batch: list[tuple[str, str, str, str, str, str]] = []
    for aid in act_ids:
        for dep in rng.sample(deputy_ids, per):
            batch.append((str(uuid.uuid4()), aid, dep, now, now, code))
        if len(batch) >= 200_000:
            _participants(conn, batch)
            batch = []
    _participants(conn, batch)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return path


def _participants(conn: sqlite3.Connection, rows: Sequence[tuple[str, ...]]) -> None:
    conn.executemany(
        "INSERT INTO duty_participant (id, activity_id, deputy_id, representative_id, role,"
        " source, version, created_at, updated_at, street_code) VALUES (?, ?, ?, NULL,"
        " 'participant', 'entry', 1, ?, ?, ?)",
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--attendance", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="yishi-bench-activities-"))
    started = time.perf_counter()
    path = build(folder, args.activities, args.attendance)
    print(
        f"built {args.activities} activities, {args.attendance} attendance rows "
        f"in {time.perf_counter() - started:.1f} s"
    )

    from desktop.db import open_database
    from desktop.services.activities import standing

    db = open_database(path)
    bounds = (date(YEAR, 1, 1).isoformat(), AS_OF.isoformat())

    def service() -> tuple[int, int]:
        with db.session() as s:
            st = standing.station_standings(s, YEAR, as_of=AS_OF)
            cov = standing.deputy_coverage(s, YEAR, as_of=AS_OF)
        return sum(x.activities for x in st), sum(c.activities for c in cov)

    def baseline() -> tuple[int, int]:
        conn = sqlite3.connect(path)
        try:
            a = sum(n for _, _, n in conn.execute(BASE_STATIONS, bounds))
            b = sum(n for _, n, _ in conn.execute(BASE_DEPUTIES, bounds))
        finally:
            conn.close()
        return a, b

    assert service() == baseline(), "the service and the bare SQL disagree"
    times: dict[str, list[float]] = {"service": [], "baseline": []}
    for _ in range(args.runs):
        for name, fn in (("baseline", baseline), ("service", service)):
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    db.dispose()
    svc = statistics.median(times["service"])
    base = statistics.median(times["baseline"])
    print(
        f"standing+coverage {YEAR}: service {svc * 1000:.0f} ms, bare GROUP BY "
        f"{base * 1000:.0f} ms, ratio {svc / base:.2f} (goal ≤ 2)"
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, args.keep / "yishi.sqlite3")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
