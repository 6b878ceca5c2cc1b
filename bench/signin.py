"""Sign-in desk benchmark.

1. 300 scanner sign-ins through the service layer (parse card → find the frozen attendance
   row → mark present → audit row → outbox row, one transaction each) against a bare
   ``UPDATE attendance SET status='present'`` of the same 300 rows, one transaction each,
   in the same run on the same database file. Prints both and the ratio.
2. Time to produce the 300-name sign-in sheet PDF (and the minutes of the same meeting).

Run: ``.venv/bin/python bench/signin.py``
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher
from pypdf import PdfReader
from sqlalchemy import text

from desktop.db import open_database
from desktop.models.roster import Community, Representative, Term
from desktop.reports import meeting_papers
from desktop.services import accounts, meetings, street
from desktop.services.cards import representative_card_text
from desktop.services.meetings import signin
from desktop.services.permissions import SYSTEM_ACTOR

N = 300
STREET = "500103001000"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉晓梅德海燕春文博"


def main() -> None:
    # Argon2 cost only matters for the one admin account created here.
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    folder = Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    db = open_database(folder / "bench.sqlite3")
    with db.transaction() as s:
        accounts.create_first_admin(s, "admin", "王建国", "bench1234")
        street.setup(
            s,
            SYSTEM_ACTOR,
            code=STREET,
            name="解放碑街道",
            kind="street",
            district="渝中区",
            city="重庆市",
        )
        admin = accounts.actor_for(accounts._get(s, 1))
    db.refresh_street_code()
    with db.transaction() as s:
        term = Term(number=1, name="第一届", started_on=date(2026, 1, 1))
        communities = [Community(name=f"第{i + 1}社区", sort_order=i) for i in range(12)]
        s.add(term)
        s.add_all(communities)
        s.flush()
        reps = []
        for i in range(N):
            name = (
                SURNAMES[i % len(SURNAMES)]
                + GIVEN[(i * 7) % len(GIVEN)]
                + GIVEN[(i * 13 + 3) % len(GIVEN)]
            )
            reps.append(
                Representative(
                    term_id=term.id,
                    community_id=communities[i % 12].id,
                    name=name,
                    name_initials=meetings.initials(name),
                )
            )
        s.add_all(reps)
        s.flush()
        rep_ids = [r.id for r in reps]
        meeting = meetings.create_meeting(
            s,
            admin,
            title="解放碑街道第一届议事代表会议第一次会议",
            starts_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
            venue="三楼会议室",
            presiding="王建国",
            minute_taker="李晓梅",
        )
        meetings.open_meeting(s, admin, meeting.id)
    cards = [representative_card_text(STREET, rid) for rid in rep_ids]

    # --- service layer: what the desk does on each scanner Enter
    start = time.perf_counter()
    for card in cards:
        with db.transaction() as s:
            outcome = signin.desk_entry(s, admin, meeting.id, card)
            assert outcome.signed is not None
    service_s = time.perf_counter() - start
    with db.session() as s:
        assert meetings.quorum_status(s, meeting.id).present == N

    # --- baseline: bare UPDATE of the same rows, one transaction each
    with db.engine.begin() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM attendance WHERE meeting_id = :m"), {"m": meeting.id}
            )
        ]
        conn.execute(
            text(
                "UPDATE attendance SET status = 'expected', signed_at = NULL WHERE meeting_id = :m"
            ),
            {"m": meeting.id},
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    start = time.perf_counter()
    for row_id in ids:
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE attendance SET status = 'present', signed_at = :t WHERE id = :id"),
                {"t": now, "id": row_id},
            )
    bare_s = time.perf_counter() - start

    print(
        f"sign-in, service layer : {N} scans in {service_s * 1000:.0f} ms = {service_s / N * 1000:.2f} ms per sign-in"
    )
    print(
        f"sign-in, bare UPDATE   : {N} rows  in {bare_s * 1000:.0f} ms = {bare_s / N * 1000:.2f} ms per row"
    )
    print(f"ratio service / bare UPDATE: {service_s / bare_s:.1f}x")

    # --- PDF: the 300-name sign-in sheet (the first run includes loading the font)
    with db.session() as s:
        t0 = time.perf_counter()
        pdf = meeting_papers.signin_sheet_pdf(s, admin, meeting.id)
        first = time.perf_counter() - t0
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            pdf = meeting_papers.signin_sheet_pdf(s, admin, meeting.id)
            runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        minutes_pdf = meeting_papers.minutes_pdf(s, admin, meeting.id)
        minutes_s = time.perf_counter() - t0
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    sheet_s = statistics.median(runs)
    print(
        f"sign-in sheet PDF, {N} names, {pages} pages, {len(pdf) // 1024} KiB: "
        f"first {first * 1000:.0f} ms (incl. font load), median of 3 {sheet_s * 1000:.0f} ms"
    )
    print(
        f"minutes PDF of the same meeting: {minutes_s * 1000:.0f} ms, {len(minutes_pdf) // 1024} KiB"
    )
    print(f"ratio sheet PDF / {N} service sign-ins: {sheet_s / service_s:.2f}x")
    db.dispose()


if __name__ == "__main__":
    main()
