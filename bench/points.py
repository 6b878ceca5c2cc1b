"""Recomputing a year's duty points (履职积分) for a whole street (issue 23).

Builds one database with 2,000 deputies and 200,000 duty activities in one year (about
three deputies each, roles mixed, a tenth of them training), 12 street meetings with every
deputy's attendance, 20,000 opinions naming one or two deputies and a report-back per
deputy (bulk inserts, not the ORM), then measures, in this process and alternating (median
of several runs):

* service: ``points.rank`` — count every deputy's records, price them under the year's
  rules (caps, training days, deductions) and rank them with the breakdown;
* baseline: a bare sqlite3 aggregation of the same counts (the same GROUP BYs) on the same
  file, without pricing or ranking.

    .venv/bin/python bench/points.py [--deputies 2000] [--activities 200000] [--runs 5]

Goal: service ≤ 2 × baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR = 2026
TYPES = ["接待选民", "民情恳谈会", "调研座谈", "视察", "走访选民", "学习培训", "议政日", "其他"]
ROLES = ["participant", "participant", "host", "receiver"]
LOW, HIGH = f"{YEAR}-01-01", f"{YEAR}-12-31"

BASELINE = [
    "SELECT p.deputy_id, a.kind, p.role, count(*) FROM duty_participant p "
    "JOIN duty_activity a ON a.id = p.activity_id WHERE p.deleted_at IS NULL "
    "AND a.deleted_at IS NULL AND p.deputy_id IS NOT NULL AND a.held_on >= :low "
    "AND a.held_on <= :high AND a.kind != '学习培训' GROUP BY p.deputy_id, a.kind, p.role",
    "SELECT p.deputy_id, count(DISTINCT a.held_on) FROM duty_participant p "
    "JOIN duty_activity a ON a.id = p.activity_id WHERE p.deleted_at IS NULL "
    "AND a.deleted_at IS NULL AND p.deputy_id IS NOT NULL AND a.held_on >= :low "
    "AND a.held_on <= :high AND a.kind = '学习培训' GROUP BY p.deputy_id",
    "SELECT deputy_id, status, count(*) FROM attendance WHERE deleted_at IS NULL "
    "AND deputy_id IS NOT NULL GROUP BY deputy_id, status",
    "SELECT j.value, count(*) FROM opinion, json_each(opinion.deputy_ids) AS j "
    "WHERE opinion.deleted_at IS NULL AND opinion.received_on BETWEEN :low AND :high "
    "GROUP BY j.value",
    "SELECT j.value, count(*) FROM opinion, json_each(opinion.deputy_ids) AS j "
    "WHERE opinion.deleted_at IS NULL AND opinion.status IN ('closed', 'followed_up') "
    "AND opinion.closed_on BETWEEN :low AND :high GROUP BY j.value",
    "SELECT deputy_id, count(*) FROM report_back WHERE deleted_at IS NULL "
    "AND held_on >= :low AND held_on <= :high GROUP BY deputy_id",
]


def build(folder: Path, deputies: int, activities: int) -> Path:
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
    with db.transaction() as s:
        stations = [
            Station(name=f"第{n + 1}代表联络站", kind="liaison_station", street_code=code)
            for n in range(100)
        ]
        s.add_all(stations)
        s.flush()
        for n in range(deputies):
            s.add(
                Deputy(
                    name=f"代表{n:04d}",
                    name_sort=f"{n:06d}",
                    level="district",
                    station_id=stations[n % len(stations)].id,
                    street_code=code,
                )
            )
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    deputy_ids = [r[0] for r in conn.execute("SELECT id FROM deputy")]
    station_ids = [r[0] for r in conn.execute("SELECT id FROM station")]
    rng = random.Random(23)
    now = datetime(2026, 12, 1).isoformat(" ")
    acts, parts = [], []
    for _ in range(activities):
        aid = str(uuid.uuid4())
        kind = "学习培训" if rng.random() < 0.1 else rng.choice(TYPES[:5] + TYPES[6:])
        held = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        acts.append((aid, kind, held.isoformat(), rng.choice(station_ids), now, now, code))
        for dep in rng.sample(deputy_ids, 3):
            parts.append((str(uuid.uuid4()), aid, dep, rng.choice(ROLES), now, now, code))
    conn.executemany(
        "INSERT INTO duty_activity (id, kind, held_on, start_time, end_time, station_id, place,"
        " organiser, residents, summary, attachments, opinion_ids, version, created_at,"
        " updated_at, street_code) VALUES (?, ?, ?, '', '', ?, '', '', 0, '', '[]', '[]', 1,"
        " ?, ?, ?)",
        acts,
    )
    conn.executemany(
        "INSERT INTO duty_participant (id, activity_id, deputy_id, representative_id, role,"
        " source, version, created_at, updated_at, street_code) VALUES (?, ?, ?, NULL,"
        " ?, 'entry', 1, ?, ?, ?)",
        parts,
    )
    for month in range(1, 13):
        mid = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO meeting (id, term_id, number, title, starts_at, venue, convener,"
            " presiding, minute_taker, status, quorum_rule, members_total, notice_text,"
            " minutes_text, version, created_at, updated_at, street_code) VALUES (?, NULL, ?,"
            " ?, ?, '', '', '', '', 'closed', 'more_than_half', 0, '', '', 1, ?, ?, ?)",
            (
                mid,
                month,
                f"第{month}次会议",
                f"{YEAR}-{month:02d}-15 02:00:00.000000",
                now,
                now,
                code,
            ),
        )
        conn.executemany(
            "INSERT INTO attendance (id, meeting_id, representative_id, deputy_id, name,"
            " name_initials, name_sort, community_name, community_order, voting, status,"
            " leave_reason, sign_method, version, created_at, updated_at, street_code) VALUES"
            " (?, ?, NULL, ?, '代表', '', '', '', 0, 0, ?, '', '', 1, ?, ?, ?)",
            [
                (
                    str(uuid.uuid4()),
                    mid,
                    dep,
                    rng.choice(["present"] * 8 + ["on_leave", "absent"]),
                    now,
                    now,
                    code,
                )
                for dep in deputy_ids
            ],
        )
    opinions = []
    for n in range(activities // 10):
        received = date(YEAR, 1, 1) + timedelta(days=rng.randrange(300))
        closed = received + timedelta(days=30) if rng.random() < 0.6 else None
        named = json.dumps(rng.sample(deputy_ids, rng.choice([1, 2])))
        opinions.append(
            (
                str(uuid.uuid4()),
                f"YJ{YEAR}-{n:06d}",
                received.isoformat(),
                named,
                "closed" if closed else "received",
                closed.isoformat() if closed else None,
                now,
                now,
                code,
            )
        )
    conn.executemany(
        "INSERT INTO opinion (id, number, received_on, channel, station_id, deputy_ids,"
        " community_id, anonymous, resident_name, resident_phone, resident_address, category,"
        " content, location, is_public, status, round, department, contact_person, handler,"
        " closed_on, close_reason, satisfaction, follow_up_note, reply, notes, version,"
        " created_at, updated_at, street_code) VALUES (?, ?, ?, 'reception_day', NULL, ?,"
        " NULL, 0, '', '', '', 'other', '意见', '', 0, ?, 0, '', '', '', ?, '', '', '', '',"
        " '', 1, ?, ?, ?)",
        opinions,
    )
    conn.executemany(
        "INSERT INTO report_back (id, deputy_id, held_on, place, audience, audience_count,"
        " poll_id, poll_option_no, talk_on, talk_by, talk_notes, improvement, notes, version,"
        " created_at, updated_at, street_code) VALUES (?, ?, ?, '', '', 0, NULL, NULL, NULL,"
        " '', '', '', '', 1, ?, ?, ?)",
        [(str(uuid.uuid4()), dep, f"{YEAR}-11-20", now, now, code) for dep in deputy_ids],
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deputies", type=int, default=2000)
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="yishi-bench-points-"))
    started = time.perf_counter()
    path = build(folder, args.deputies, args.activities)
    print(
        f"built {args.deputies} deputies, {args.activities} activities in "
        f"{time.perf_counter() - started:.1f} s"
    )

    from desktop.db import open_database
    from desktop.services.archives import points

    db = open_database(path)
    params = {"low": LOW, "high": HIGH}

    def service() -> int:
        with db.session() as s:
            year = points.rank(s, YEAR)
        return sum(
            row.counts.training_days + sum(row.counts.activities.values()) for row in year.rows
        )

    def baseline() -> int:
        conn = sqlite3.connect(path)
        try:
            results = [conn.execute(sql, params).fetchall() for sql in BASELINE]
        finally:
            conn.close()
        return sum(r[-1] for r in results[0]) + sum(r[-1] for r in results[1])

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
        f"points {YEAR} for {args.deputies} deputies: service {svc * 1000:.0f} ms, bare SQL "
        f"aggregation {base * 1000:.0f} ms, ratio {svc / base:.2f} (goal ≤ 2)"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
