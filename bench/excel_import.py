"""Excel engine and people search benchmark (issues 3 and 17).

1. Import 50,000 representative rows (read + validate + commit, all new) against a bare
   python-calamine read of the same file (every row of the sheet as Python values), in the
   same run. Goal: ratio ≤ 3 (issue 17). A bare openpyxl ``read_only`` pass is printed too,
   for comparison with the reader it replaced. The floor lines say what durable storage
   alone costs on the same machine: the read plus a bare ``executemany`` of the rows the
   import wrote (then also their outbox rows) into a fresh database with the same tables,
   indexes and PRAGMAs, and COMMIT. No import can be faster than that floor.
2. Export the 50,000 rows (query + format + write) against a bare ``write_only`` write of
   the same values. Goal: ratio ≤ 1.3.
3. Search latency over 200,000 people: a 3-character query (FTS5 trigram) and a
   2-character query (LIKE), median of repeated runs.

The input file is written with openpyxl's normal mode, so like a file saved by Excel or WPS
it declares its size (<dimension>).

    .venv/bin/python bench/excel_import.py [--rows 50000] [--people 200000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = (
    "伟强",
    "秀英",
    "建华",
    "晓梅",
    "志明",
    "丽华",
    "国庆",
    "海燕",
    "德胜",
    "春兰",
    "文杰",
    "桂芳",
    "俊",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "红梅",
    "建国",
    "玉兰",
)
COMMUNITIES = (
    "解放碑社区",
    "大井巷社区",
    "民生路社区",
    "较场口社区",
    "人民公园社区",
    "罗汉寺社区",
    "凯旋路社区",
    "十八梯社区",
)
HEADERS = [
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "所属社区",
    "界别",
    "工作单位",
    "职务",
    "联系电话",
    "住址",
    "任职日期",
    "状态",
    "备注",
]


def id_number(n: int) -> str:
    from desktop.services.validators import id_check_digit

    birth = date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
    first17 = f"{500100 + (n // 1000) % 100:06d}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def make_rows(count: int, rng: random.Random) -> list[list[object]]:
    rows = []
    for n in range(count):
        rows.append(
            [
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                rng.choice(("男", "女")),
                id_number(n),
                None,
                rng.choice(COMMUNITIES),
                rng.choice(("居民", "企业", "党政机关", "教育卫生")),
                "解放碑街道办事处" if n % 3 else "",
                "科员" if n % 3 else "",
                f"13{rng.randrange(10**9):09d}",
                f"渝中区民族路{n % 300}号",
                date(2024, 1, 10),
                "在任",
                "",
            ]
        )
    return rows


#: CPU seconds (all threads of the process) of each timed() call, in call order: on a shared
#: machine the wall-clock ratio moves with the other load, the CPU ratio much less.
CPU: list[float] = []


def timed(fn: object) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


def storage_floor(source: Path, tmp: Path) -> tuple[float, float]:
    """What durable storage alone costs: the rows the import wrote (and then their outbox
    rows) copied with a bare DB-API ``executemany`` into a fresh database with the same
    tables and indexes and the app's PRAGMAs, then COMMIT. Best of three each. (Foreign
    keys are not checked here, so the floor is if anything low.)"""
    import sqlite3

    with sqlite3.connect(source) as src:
        ddl = {
            table: [
                sql
                for (sql,) in src.execute(
                    "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                    "ORDER BY type DESC",  # the table before its indexes
                    (table,),
                )
            ]
            for table in ("representative", "sync_outbox")
        }
        data = {
            "representative": src.execute("SELECT * FROM representative").fetchall(),
            "sync_outbox": src.execute(
                "SELECT * FROM sync_outbox WHERE entity = 'representative' "
                "AND entity_id IN (SELECT id FROM representative)"  # the last import's
            ).fetchall(),
        }

    def copy(tables: tuple[str, ...], attempt: int) -> float:
        target = sqlite3.connect(
            tmp / f"floor-{len(tables)}-{attempt}.sqlite3", isolation_level=None
        )
        target.execute("PRAGMA journal_mode=WAL")
        target.execute("PRAGMA synchronous=NORMAL")
        target.execute(f"PRAGMA cache_size=-{64 * 1024}")  # as the import sets it
        for table in tables:
            for sql in ddl[table]:
                target.execute(sql)
        start = time.perf_counter()
        target.execute("BEGIN")
        for table in tables:
            rows = data[table]
            marks = ", ".join("?" * len(rows[0]))
            target.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
        target.execute("COMMIT")
        elapsed = time.perf_counter() - start
        target.close()
        return elapsed

    rows_only = min(copy(("representative",), n) for n in range(3))
    with_outbox = min(copy(("representative", "sync_outbox"), n) for n in range(3))
    return rows_only, with_outbox


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=200_000)
    args = parser.parse_args()

    from openpyxl import Workbook, load_workbook
    from sqlalchemy import delete, func, select, text

    from desktop.db import open_database
    from desktop.excel import importer, writer
    from desktop.models.bulk import insert_synced
    from desktop.models.outbox import capture_disabled
    from desktop.models.roster import Community, Representative
    from desktop.services import roster, street
    from desktop.services.permissions import SYSTEM_ACTOR
    from desktop.services.roster import search

    rng = random.Random(20261122)
    tmp = Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    db = open_database(tmp / "bench.sqlite3")
    with db.transaction() as s:
        street.setup(
            s,
            SYSTEM_ACTOR,
            code="500103001000",
            name="解放碑街道",
            kind="street",
            district="渝中区",
            city="重庆市",
        )
    db.refresh_street_code()
    with db.transaction() as s:
        roster.open_first_term(s, SYSTEM_ACTOR, name="第二届", started_on=date(2024, 1, 10))
        for i, name in enumerate(COMMUNITIES):
            roster.save_community(s, SYSTEM_ACTOR, name=name, sort_order=i)

    rows = make_rows(args.rows, rng)
    source = tmp / "import.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "议事代表"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(source)
    print(f"file: {args.rows} rows × {len(HEADERS)} columns, {source.stat().st_size / 1e6:.1f} MB")

    def bare_read() -> None:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(source))
        for _ in book.get_sheet_by_name("议事代表").iter_rows():
            pass
        book.close()

    def openpyxl_read() -> None:
        book = load_workbook(source, read_only=True)
        for _ in book["议事代表"].iter_rows(values_only=True):
            pass
        book.close()

    result: dict[str, object] = {}

    def do_import() -> None:
        with db.session() as s:
            plan = importer.prepare(s, SYSTEM_ACTOR, "representatives", source)
        assert plan.ok, plan.errors[:3]
        with db.transaction() as s:
            result["import"] = importer.commit(s, SYSTEM_ACTOR, plan)

    def undo_import() -> None:
        with db.transaction() as s:
            importer.undo(s, SYSTEM_ACTOR, str(result["import"].batch_id))  # type: ignore[attr-defined]
            with capture_disabled(s):  # bench reset, not a user change: no outbox rows
                s.execute(delete(Representative))  # the retired rows of the undone import
            s.execute(text(f"DELETE FROM {search.FTS_TABLE}"))

    # Alternate baseline and import (the machine may be shared); best of three each.
    def do_prepare() -> None:
        with db.session() as s:
            importer.prepare(s, SYSTEM_ACTOR, "representatives", source)

    reads, imports, prepares = [], [], []
    cpu_reads, cpu_imports = [], []
    for attempt in range(3):
        reads.append(timed(bare_read))
        cpu_reads.append(CPU[-1])
        prepares.append(timed(do_prepare))
        imports.append(timed(do_import))
        cpu_imports.append(CPU[-1])
        if attempt < 2:
            undo_import()
    baseline_read, import_time = min(reads), min(imports)
    print(
        f"preview: bare python-calamine read {baseline_read:6.2f} s | read+validate (prepare) "
        f"{min(prepares):6.2f} s | ratio {min(prepares) / baseline_read:.2f}"
    )
    print(
        f"import:  bare python-calamine read {baseline_read:6.2f} s | read+validate+commit "
        f"{import_time:6.2f} s | ratio {import_time / baseline_read:.2f} (goal ≤ 3)  {result['import']}"
    )
    print(
        f"import, CPU time (all threads): bare python-calamine read {min(cpu_reads):6.2f} s | "
        f"read+validate+commit {min(cpu_imports):6.2f} s | ratio {min(cpu_imports) / min(cpu_reads):.2f}"
    )
    print(
        f"         (a bare openpyxl read_only pass, for comparison: {timed(openpyxl_read):6.2f} s)"
    )
    floor_rows, floor_all = storage_floor(db.path, tmp)
    print(
        f"floor:   bare python-calamine read {baseline_read:6.2f} s | + bare executemany of the "
        f"imported rows into the ledger's table (its indexes) + COMMIT {floor_rows:6.2f} s | "
        f"ratio {(baseline_read + floor_rows) / baseline_read:.2f}"
    )
    print(
        f"floor:   bare python-calamine read {baseline_read:6.2f} s | + the same with their "
        f"outbox rows (one op per record, DESIGN.md §7) {floor_all:6.2f} s | "
        f"ratio {(baseline_read + floor_all) / baseline_read:.2f} (no validation, no search "
        "index, no import log: below this no import of the file can go)"
    )

    out = tmp / "export.xlsx"
    bare_out = tmp / "bare.xlsx"
    with db.session() as s:
        values = [
            [r.values.get(k) for k in writer.registry.get("representatives").ledger.keys]
            for r in writer.registry.get("representatives").existing(s, SYSTEM_ACTOR)
        ]

    def bare_write() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("议事代表")
        sheet.append(HEADERS)
        for row in values:
            sheet.append(row)
        book.save(bare_out)

    def do_export() -> None:
        with db.transaction() as s:
            writer.export(s, SYSTEM_ACTOR, "representatives", out)

    writes, exports = [], []
    for _ in range(3):
        writes.append(timed(bare_write))
        exports.append(timed(do_export))
    baseline_write, export_time = min(writes), min(exports)
    print(
        f"export:  bare write_only write {baseline_write:6.2f} s | query+format+write {export_time:6.2f} s "
        f"| ratio {export_time / baseline_write:.2f} (goal ≤ 1.3)"
    )

    # Search over `people` people: the imported ones plus bulk-inserted others.
    with db.session() as s:
        have = s.scalar(select(func.count()).select_from(Representative)) or 0
        term = roster.require_current_term(s).id
        community_ids = list(s.scalars(select(Community.id)))
    more = args.people - int(have)
    with db.transaction() as s:
        batch = []
        for _n in range(more):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            batch.append(
                {
                    "term_id": term,
                    "community_id": rng.choice(community_ids),
                    "name": name,
                    "name_initials": search.initials(name),
                    "workplace": "",
                    "phone": f"13{rng.randrange(10**9):09d}",
                }
            )
            if len(batch) == 20_000:
                ids = insert_synced(s, Representative, batch)
                search.index_mappings(
                    s, "representative", [dict(b, id=i) for b, i in zip(batch, ids, strict=True)]
                )
                batch = []
        if batch:
            ids = insert_synced(s, Representative, batch)
            search.index_mappings(
                s, "representative", [dict(b, id=i) for b, i in zip(batch, ids, strict=True)]
            )
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(Representative)) or 0
        search.ensure_index(s)
        for label, query in (
            ("3 characters (FTS5 trigram)", "张伟强"),
            ("2 characters (LIKE)", "伟强"),
            ("pinyin initials", "zwq"),
        ):
            runs = []
            hits = 0
            for _ in range(15):
                start = time.perf_counter()
                hits = len(search.search_people(s, query, limit=50))
                runs.append(time.perf_counter() - start)
            flt = roster.RepresentativeFilter(text=query)
            page = []
            for _ in range(15):
                start = time.perf_counter()
                roster.list_representatives(s, SYSTEM_ACTOR, flt, 0, 200)
                page.append(time.perf_counter() - start)
            print(
                f"search over {total} people, {label} {query!r}: people search {statistics.median(runs) * 1000:6.1f} ms "
                f"({hits} hits shown) | list page of 200 {statistics.median(page) * 1000:6.1f} ms"
            )


if __name__ == "__main__":
    main()
