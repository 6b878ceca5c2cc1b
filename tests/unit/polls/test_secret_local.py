"""The ballot MAC key (``poll.secret``) never leaves the PC (issue 15 item 2).

With it anyone reading the server could forge a ballot QR that ``enter_ballot`` accepts as
verified. It is local-only like ``name_sort``: not in an op, a sealed batch, a batch file, an
audit row or an export (docs/sync-protocol.md §2.1).
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from sqlalchemy import select

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.models.outbox import SCHEMA_REV, SyncOutbox
from desktop.services import polls
from desktop.services.permissions import Actor
from desktop.sync import batchfile
from desktop.sync.state import get_state, new_private_key
from tests.unit.polls.helpers import enter, make_poll


def _secret(db: Database, poll_id: str) -> str:
    with db.session() as s:
        secret = polls.load_poll(s, poll_id).secret
    assert len(secret) == 64
    return secret


def _enrol_locally(db: Database) -> None:
    private, public = new_private_key()
    with db.transaction() as s:
        st = get_state(s)
        st.device_id = "0b5e4f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
        st.private_key, st.public_key = private, public
        st.token = "ysd_test"
        st.street_code = db.street_code


def test_schema_revision_is_2() -> None:
    assert SCHEMA_REV == 2


def test_no_op_and_no_audit_row_carries_the_secret(db: Database, clerk: Actor) -> None:
    poll = make_poll(db, clerk)
    enter(db, clerk, poll.id, 1, {1: "for"})
    secret = _secret(db, poll.id)
    with db.session() as s:
        ops = s.scalars(select(SyncOutbox).where(SyncOutbox.entity == "poll")).all()
        assert ops and all('"secret"' not in op.data and secret not in op.data for op in ops)
        for row in s.scalars(select(AuditEntry)):
            assert secret not in (row.before_json or "") + (row.after_json or "")


def test_no_batch_file_and_no_recount_export_carries_the_secret(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    _enrol_locally(db)
    poll = make_poll(db, clerk)
    enter(db, clerk, poll.id, 1, {1: "for"})
    secret = _secret(db, poll.id).encode()
    files = batchfile.export_files(db, tmp_path / "usb")
    assert files
    carried = b""
    for exported in files:
        raw = exported.path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            manifest = archive.read("manifest.json")
            ops = gzip.decompress(archive.read("ops.jsonl.gz"))
        carried += ops
        assert secret not in manifest and secret not in ops and b'"secret"' not in ops
    assert b'"entity":"poll"' in carried  # the poll itself travels, without its key
    with db.session() as s:
        spec, ballots = polls.export_recount(s, poll.id, tmp_path / "recount")
    for path in (spec, ballots):
        assert secret not in Path(path).read_bytes()
