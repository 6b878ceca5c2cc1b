"""The audit chain anchored outside the file (issue 15 item 5).

(a) every sealed batch carries the chain head and a link to the previous batch's head, so the
city server sees a log that was cut or rewritten; (b) certified poll reports, minutes and
``yishi db backup`` record the head at that moment; (c) ``yishi audit verify`` compares the log
with every anchor it knows.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.models.sync import SyncBatch
from desktop.services import audit, polls
from desktop.services.permissions import Actor
from desktop.sync import seal
from desktop.sync.state import get_state, new_private_key
from tests.unit.meetings.fixtures import make_meeting, make_roster
from tests.unit.polls.helpers import enter, make_poll


def _enrol_locally(db: Database) -> None:
    private, public = new_private_key()
    with db.transaction() as s:
        st = get_state(s)
        st.device_id = "0b5e4f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
        st.private_key, st.public_key = private, public
        st.token = "ysd_test"
        st.street_code = db.street_code


def _change(db: Database, actor: Actor, n: int) -> None:
    for i in range(n):
        with db.transaction() as s:
            audit.record(s, actor, "test.change", "x", str(i))
            from desktop.models.roster import Community

            s.add(Community(name=f"社区{i}-{id(s)}"))


def _seal_head(db: Database) -> dict:
    with db.transaction() as s:
        sealed = seal.seal_pending(s)
    assert sealed
    with db.session() as s:
        batch = s.get(SyncBatch, sealed[-1].batch_id)
        assert batch is not None
        return json.loads(gzip.decompress(batch.body))["audit_head"]


def _newest(db: Database) -> tuple[int, str]:
    with db.session() as s:
        row = s.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    return int(row[0]), str(row[1])


def test_sealed_batches_carry_the_head_linked_to_the_previous_one(
    db: Database, admin: Actor
) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    assert (first["seq"], first["hash"]) == _newest(db)
    assert first["prev_seq"] is None
    _change(db, admin, 2)
    second = _seal_head(db)
    assert (second["seq"], second["hash"]) == _newest(db)
    assert (second["prev_seq"], second["prev_hash"]) == (first["seq"], first["hash"])


def test_a_cut_log_shows_in_the_next_link(db: Database, admin: Actor) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    with db.transaction() as s:  # someone deletes the newest rows
        s.execute(delete(AuditEntry).where(AuditEntry.id >= first["seq"] - 1))
    _change(db, admin, 1)
    after = _seal_head(db)
    assert (after["prev_seq"], after["prev_hash"]) == (first["seq"], "")


def test_a_rewritten_log_shows_in_the_next_link(db: Database, admin: Actor) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    first = _seal_head(db)
    with db.transaction() as s:  # every hash recomputed: the anchored row's hash changes
        s.execute(update(AuditEntry).where(AuditEntry.id == first["seq"]).values(hash="e" * 64))
    _change(db, admin, 1)
    after = _seal_head(db)
    assert (after["prev_seq"], after["prev_hash"]) == (first["seq"], "e" * 64)


COLUMNS = (
    "id",
    "at",
    "user_id",
    "username",
    "action",
    "entity",
    "entity_id",
    "before_json",
    "after_json",
    "reason",
)


def _cut_newest(paths: Paths, keep_below: int) -> None:
    con = sqlite3.connect(paths.database)
    con.execute("DELETE FROM audit_log WHERE id >= ?", (keep_below,))
    con.commit()
    con.close()


def test_verify_says_the_log_is_shorter_than_a_sync_anchor(
    db: Database, admin: Actor, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    sent = _seal_head(db)
    db.dispose()
    _cut_newest(paths, sent["seq"] - 1)  # the chain itself still verifies
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "审计日志完整" in out  # what the chain alone says …
    assert f"锚点记到第 {sent['seq']} 条" in out and "被删除" in out  # … and what the anchor says


def test_verify_says_the_log_was_rewritten_after_an_anchor(
    db: Database, admin: Actor, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    _enrol_locally(db)
    _change(db, admin, 3)
    sent = _seal_head(db)
    db.dispose()
    # Rewrite the last row and recompute its hash with the public chain function.
    con = sqlite3.connect(paths.database)
    row = con.execute(
        "SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json,"
        " reason, prev_hash FROM audit_log WHERE id = ?",
        (sent["seq"],),
    ).fetchone()
    from datetime import datetime

    fields = dict(
        zip(
            COLUMNS,
            row[:10],
            strict=True,
        )
    )
    fields["at"] = datetime.fromisoformat(str(fields["at"]))
    fields["reason"] = "改过的理由"
    digest = audit.chain_hash(row[10], audit.canonical_row(**fields))
    con.execute(
        "UPDATE audit_log SET reason = ?, hash = ? WHERE id = ?", ("改过的理由", digest, row[0])
    )
    con.commit()
    con.close()
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "被改写过" in out and f"第 {sent['seq']} 条" in out


def test_backup_prints_and_keeps_its_anchor_and_a_paper_anchor_can_be_typed(
    db: Database, admin: Actor, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    _change(db, admin, 2)
    newest = _newest(db)
    db.dispose()
    assert main(["--data-dir", str(paths.data_dir), "db", "backup"]) == 0
    out = capsys.readouterr().out
    printed = f"{newest[0]}:{newest[1][:16]}"
    assert f"审计链锚点：{printed}" in out
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 0
    capsys.readouterr()
    _cut_newest(paths, newest[0])
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 1
    assert "锚点来自" in (out := capsys.readouterr().out) and "所做的备份" in out
    # A paper's anchor, typed back: a log that was never anchored elsewhere is still checked.
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify", "--anchor", printed]) == 1
    assert "纸面上印的审计链锚点" in capsys.readouterr().out
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify", "--anchor", "12"]) == 2


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join((page.extract_text() or "") for page in reader.pages).replace("\n", "")


def test_certified_report_and_minutes_print_the_head(
    db: Database, clerk: Actor, scrutineer: Actor
) -> None:
    from desktop.reports import meeting_papers, tally_report

    poll = make_poll(db, clerk, printed=3, present=3, members_total=3)
    enter(db, clerk, poll.id, 1, {1: "for"})
    with db.transaction() as s:
        polls.close_voting(s, clerk, poll.id, issued=3)
        polls.certify(s, scrutineer, poll.id, counters="李晓梅", scrutineers="陈志强")
    with db.session() as s:
        pdf = tally_report.tally_report_pdf(s, poll.id)
    seq, digest = _newest(db)
    assert f"审计链锚点：{seq}:{digest[:16]}" in _pdf_text(pdf)
    make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.session() as s:
        minutes = meeting_papers.minutes_pdf(s, clerk, meeting_id)
    seq, digest = _newest(db)
    assert f"审计链锚点：{seq}:{digest[:16]}" in _pdf_text(minutes)
