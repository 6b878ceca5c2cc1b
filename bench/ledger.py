"""The opinions ledger must not get slower or fatter as it grows (issue 6).

Builds two databases — 1,000 and 1,000,000 opinions — with bulk inserts (executemany in one
transaction, not the ORM), builds their FTS5 trigram index, then measures, in fresh
subprocesses (alternating, median of several runs):

* first page: constructing the 意见台账 page, ``activate()`` and the event loop until the first
  page of rows is in the table model and painted;
* search: a 3+ character query (FTS5 trigram) to its first page, and the 2-character LIKE
  fallback (reported, no goal);
* RSS of the process with the ledger open;

and, in this process, an Excel export of 100,000 listed rows through the ledger engine against
a bare openpyxl ``write_only`` write of the same values.

    .venv/bin/python bench/ledger.py [--big 1000000] [--small 1000] [--runs 5] [--keep DIR]

Goals: first page ≤ 1.5×, search ≤ 3×, RSS ≤ 1.3×, Excel ≤ 1.3×.
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
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 20)
FTS_QUERY = "下水道"
SHORT_QUERY = "电梯"
RARE_QUERY = "井盖缺失"
RARE_SHORT = "跌伤"  # 2 characters found only in the oldest row: LIKE scans everything

ROADS = [
    "民族路",
    "邹容路",
    "八一路",
    "五一路",
    "临江路",
    "新华路",
    "民权路",
    "中华路",
    "青年路",
    "较场口",
    "大同路",
    "石油路",
    "沧白路",
    "解放西路",
]
TEMPLATES = [
    ("urban.roads", "{road}人行道地砖松动破损，雨天溅水，老人容易摔倒"),
    ("urban.roads", "{road}路灯坏了好几盏，晚上出行不安全"),
    ("urban.drainage", "{road}{n}号附近下水道堵塞返臭"),
    ("urban.drainage", "{road}一下雨就积水，排水管网需要疏通"),
    ("urban.lifts", "{road}{n}号楼住户老人多，申请加装电梯"),
    ("environment.sanitation", "{road}垃圾清运不及时，夏天气味大"),
    ("environment.noise", "{road}夜间施工噪声扰民，影响休息"),
    ("transport.parking", "{road}周边停车难，建议错时开放单位停车场"),
    ("elderly", "希望在{road}增设老年食堂，解决独居老人吃饭问题"),
    ("health", "社区卫生服务中心号源紧张，希望增加家庭医生签约服务"),
    ("governance.safety", "{road}{n}号电动车楼道充电，存在火灾隐患"),
    ("governance.property", "{road}{n}号小区物业服务差，收费不透明"),
    ("education", "{road}附近学校放学时段交通拥堵，希望增设护学岗"),
    ("other", "建议社区多组织文化活动"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑谢唐冯邓"
GIVEN = ["建国", "秀英", "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]
DEPTS = ["区城管局", "区住建委", "区市政园林局", "区交通局", "区民政局", "街道平安办", "区卫健委"]


# ---------------------------------------------------------------------------- data


def build(data_dir: Path, rows: int) -> Path:
    from desktop.config import Paths
    from desktop.db import open_database
    from desktop.services import accounts, street
    from desktop.services.opinions import search as opinion_search
    from desktop.services.permissions import SYSTEM_ACTOR

    paths = Paths(data_dir).ensure()
    db = open_database(paths.database)
    with db.transaction() as s:
        accounts.create_first_admin(s, "admin", "王建国", "bench1234")
        street.setup(
            s,
            SYSTEM_ACTOR,
            code="500103001000",
            name="解放碑街道",
            kind="street",
            district="渝中区",
            city="重庆市",
        )
        admin = accounts.actor_for(accounts._get(s, 1))
        accounts.create_user(s, admin, "clerk", "李晓梅", "clerk", "bench1234")
    db.dispose()
    rng = random.Random(rows)
    con = sqlite3.connect(paths.database)
    con.execute("PRAGMA journal_mode=WAL")
    now = datetime(2026, 11, 20, 8, 0).isoformat(sep=" ")
    communities = [
        (str(uuid.uuid4()), name)
        for name in [
            "解放碑社区",
            "较场口社区",
            "七星岗社区",
            "大井巷社区",
            "民生路社区",
            "新华路社区",
            "朝东路社区",
            "人和街社区",
        ]
    ]
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO community (id, name, kind, code, sort_order, notes, version, created_at,"
        " updated_at, street_code) VALUES (?, ?, 'community', '', 0, '', 1, ?, ?, '500103001000')",
        [(cid, name, now, now) for cid, name in communities],
    )
    span = max(365, min(3650, rows // 10))
    start = TODAY - timedelta(days=span)
    seq: dict[int, int] = {}
    cols = (
        "id",
        "number",
        "received_on",
        "channel",
        "station_id",
        "deputy_ids",
        "community_id",
        "anonymous",
        "resident_name",
        "resident_phone",
        "resident_address",
        "category",
        "content",
        "location",
        "is_public",
        "status",
        "round",
        "department",
        "contact_person",
        "handler",
        "assigned_on",
        "due_on",
        "answered_on",
        "reply",
        "closed_on",
        "close_reason",
        "followed_up_on",
        "satisfaction",
        "follow_up_note",
        "notes",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "street_code",
    )
    sql = f"INSERT INTO opinion ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    days = sorted(rng.randrange(span + 1) for _ in range(rows))
    batch: list[tuple[object, ...]] = []
    channels = ["reception_day", "visit", "phone", "forum", "qr", "letter", "other"]
    for offset in days:
        received = start + timedelta(days=offset)
        seq[received.year] = seq.get(received.year, 0) + 1
        category, template = rng.choice(TEMPLATES)
        road = rng.choice(ROADS)
        age = (TODAY - received).days
        roll = rng.random()
        status = (
            ("followed_up" if roll < 0.8 else "closed")
            if age > 60
            else ("assigned" if roll < 0.5 else "answered" if roll < 0.7 else "followed_up")
        )
        assigned = received + timedelta(days=1)
        due = assigned + timedelta(days=30)
        answered = assigned + timedelta(days=rng.randrange(3, 40)) if status != "assigned" else None
        closed = (
            answered + timedelta(days=2)
            if status in ("closed", "followed_up") and answered
            else None
        )
        batch.append(
            (
                str(uuid.uuid4()),
                f"YJ{received.year}-{seq[received.year]:06d}",
                received.isoformat(),
                rng.choice(channels),
                None,
                "[]",
                rng.choice(communities)[0],
                0,
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                f"{road}{rng.randrange(1, 200)}号",
                category,
                template.format(road=road, n=rng.randrange(1, 200)),
                road,
                int(rng.random() < 0.5),
                status,
                1,
                rng.choice(DEPTS),
                "刘科长",
                rng.choice(["clerk", "admin"]),
                assigned.isoformat(),
                due.isoformat(),
                answered.isoformat() if answered else None,
                "已处理" if answered else "",
                closed.isoformat() if closed else None,
                "resolved" if closed else "",
                closed.isoformat() if status == "followed_up" and closed else None,
                rng.choice(["satisfied", "satisfied", "basically_satisfied", "dissatisfied"])
                if status == "followed_up"
                else "",
                "",
                "",
                1,
                now,
                now,
                None,
                "500103001000",
            )
        )
        if len(batch) >= 50_000:
            con.executemany(sql, batch)
            batch.clear()
        if len(batch) == 1:  # one rare opinion: a search must find it without a scan
            rare = list(batch[0])
            rare[0], rare[1] = str(uuid.uuid4()), "YJ1999-000001"
            rare[12] = "井盖缺失导致行人跌伤，请尽快修复"
            batch.append(tuple(rare))
    con.executemany(sql, batch)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    db = open_database(paths.database)
    opinion_search.ensure(db.engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return paths.database


# ---------------------------------------------------------------------------- child


def child(data_dir: str) -> None:
    """One fresh process: open the ledger page, time its first page, search, RSS."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil
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

    app.processEvents()
    t0 = time.perf_counter()
    page = OpinionsPage(ctx, today=TODAY)
    page.resize(1280, 760)
    page.activate()
    page.show()
    app.processEvents()
    page.table.viewport().repaint()
    first_page = time.perf_counter() - t0
    assert page.model.rowCount() > 0
    rss = psutil.Process().memory_info().rss

    def search(text: str) -> float:
        page.search.setText("")
        page.apply_filter()
        t = time.perf_counter()
        page.search.setText(text)
        page.apply_filter()
        page.table.viewport().repaint()
        elapsed = time.perf_counter() - t
        assert page.model.rowCount() > 0, text
        return elapsed

    fts = statistics.median(search(FTS_QUERY) for _ in range(5))
    short = statistics.median(search(SHORT_QUERY) for _ in range(3))
    rare = statistics.median(search(RARE_QUERY) for _ in range(3))
    rare_short = statistics.median(search(RARE_SHORT) for _ in range(3))
    print(
        json.dumps(
            {
                "first_page": first_page,
                "rss": rss,
                "fts": fts,
                "short": short,
                "rare": rare,
                "rare_short": rare_short,
            }
        ),
        flush=True,
    )
    db.dispose()


def run_child(data_dir: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- excel


def excel(data_dir: Path, rows: int, out: Path) -> tuple[float, float, float]:
    from openpyxl import Workbook
    from sqlalchemy import select

    from desktop.config import Paths
    from desktop.db import open_database
    from desktop.excel import writer
    from desktop.excel.adapter import get
    from desktop.models.accounts import User
    from desktop.services import accounts
    from desktop.services import opinions as svc

    paths = Paths(data_dir)
    db = open_database(paths.database, migrate=False)
    with db.session() as s:
        actor = accounts.actor_for(s.scalars(select(User).where(User.username == "admin")).one())
    t = time.perf_counter()
    ids = []
    for oid in svc.LedgerPager(db, actor, svc.OpinionFilter(), TODAY).iter_ids():
        ids.append(oid)
        if len(ids) == rows:
            break
    listing = time.perf_counter() - t
    # baseline: the same cell values, already in memory, written by bare write_only openpyxl
    adapter = get("opinions")
    with db.session() as s:
        values = [
            [e.values.get(c.key) for c in adapter.ledger.columns]
            for e in adapter.existing(s, actor, ids)
        ]
    labels = {c.key: dict(c.choices) for c in adapter.ledger.columns if c.choices}
    keys = [c.key for c in adapter.ledger.columns]
    for row_values in values:
        for i, key in enumerate(keys):
            if key in labels and row_values[i] is not None:
                row_values[i] = labels[key].get(row_values[i], row_values[i])
            elif isinstance(row_values[i], bool):
                row_values[i] = "是" if row_values[i] else "否"
    t = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("群众意见建议台账")
    ws.append([c.header for c in adapter.ledger.columns])
    for row_values in values:
        ws.append(row_values)
    wb.save(out / "bare.xlsx")
    bare = time.perf_counter() - t
    t = time.perf_counter()
    with db.transaction() as s:
        n = writer.export(s, actor, "opinions", out / "engine.xlsx", ids=ids)
    engine = time.perf_counter() - t
    assert n == rows
    db.dispose()
    return engine, bare, listing


# ---------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--excel-rows", type=int, default=100_000)
    parser.add_argument("--keep", help="reuse/keep the databases in this directory")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    base = Path(args.keep or tempfile.mkdtemp(prefix="yishi-ledger-bench-"))
    dirs = {}
    for label, rows in (("small", args.small), ("big", args.big)):
        d = base / f"{label}-{rows}"
        if not (d / "yishi.sqlite3").exists():
            t = time.perf_counter()
            build(d, rows)
            print(f"built {rows:,} opinions (+FTS index) in {time.perf_counter() - t:.1f} s")
        dirs[label] = d
    results: dict[str, list[dict[str, float]]] = {"small": [], "big": []}
    for _ in range(args.runs):
        for label in ("small", "big"):
            results[label].append(run_child(dirs[label]))

    def med(label: str, key: str) -> float:
        return statistics.median(r[key] for r in results[label])

    print(
        f"\nOpinions ledger, {args.small:,} vs {args.big:,} opinions "
        f"(median of {args.runs} fresh processes each)"
    )
    rows = [
        ("first page shown", "first_page", 1.5, 1000, "ms"),
        (f"search '{FTS_QUERY}' (FTS5 trigram)", "fts", 3.0, 1000, "ms"),
        (f"search '{RARE_QUERY}' (FTS5, one match)", "rare", None, 1000, "ms"),
        (f"search '{SHORT_QUERY}' (2 chars, LIKE fallback)", "short", None, 1000, "ms"),
        (f"search '{RARE_SHORT}' (2 chars, LIKE, one match)", "rare_short", None, 1000, "ms"),
        ("RSS with the ledger open", "rss", 1.3, 1 / 2**20, "MiB"),
    ]
    failed = False
    for title, key, goal, scale, unit in rows:
        small, big = med("small", key), med("big", key)
        ratio = big / small if small else float("inf")
        verdict = ""
        if goal is not None:
            ok = ratio <= goal
            failed |= not ok
            verdict = f"goal ≤ {goal}: {'OK' if ok else 'MISSED'}"
        print(
            f"  {title:44s} {small * scale:9.1f} {unit} → {big * scale:9.1f} {unit}"
            f"   ratio {ratio:5.2f}   {verdict}"
        )
    n = min(args.excel_rows, args.big)
    engine, bare, listing = excel(dirs["big"], n, base)
    ratio = engine / bare
    failed |= ratio > 1.3
    print(
        f"  Excel export of {n:,} listed rows: engine {engine:.2f} s vs bare write_only "
        f"{bare:.2f} s   ratio {ratio:.2f}   goal ≤ 1.3: {'OK' if ratio <= 1.3 else 'MISSED'}"
    )
    print(f"  (collecting the {n:,} listed rows' ids through the pager: {listing:.2f} s)")
    print(f"\ndatabases in {base}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
