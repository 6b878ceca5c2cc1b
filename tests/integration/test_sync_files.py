"""USB batch files against the real cityserver: export → server import → ack import."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models.outbox import SyncOutbox
from desktop.models.sync import SyncBatch
from desktop.sync import batchfile, client
from desktop.sync.seal import MAX_OPS
from tests.integration.sync_helpers import CityServer, local_rows, make_communities


def outbox_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(SyncOutbox)) or 0)


def test_export_import_ack_empties_the_outbox(
    enrolled: Database, server: CityServer, tmp_path: Path
) -> None:
    db = enrolled
    make_communities(db, 1300, per_tx=100)
    usb = tmp_path / "usb"
    files = batchfile.export_files(db, usb)
    assert len(files) == 3 and all(f.count <= MAX_OPS for f in files)
    assert sorted(p.name for p in usb.iterdir()) == [f.path.name for f in files]  # no temp left
    with zipfile.ZipFile(files[0].path) as z:
        assert sorted(z.namelist()) == ["manifest.json", "ops.jsonl.gz", "signature"]
    # Re-exporting is safe: the same bytes, the same names.
    before = {f.path.name: f.path.read_bytes() for f in files}
    again = batchfile.export_files(db, usb)
    assert {f.path.name: f.path.read_bytes() for f in again} == before

    acks = tmp_path / "acks"
    out = server.import_files(sorted(f.path for f in files), acks)
    assert out.count("applied") == 3
    assert server.rows() == local_rows(db)
    assert outbox_count(db) == 1301  # nothing is acknowledged until the ack comes back

    for ack in sorted(acks.glob("*.yishiack")):
        summary = batchfile.import_ack(db, ack)
        assert not summary.already
    assert outbox_count(db) == 0
    st = client.status(db)
    assert st.pending_ops == 0 and st.unacked_batches == 0
    with db.session() as s:
        assert set(s.scalars(select(SyncBatch.ack_source))) == {"file"}


def test_the_same_file_twice_and_file_plus_http_apply_once(
    enrolled: Database, server: CityServer, tmp_path: Path
) -> None:
    db = enrolled
    make_communities(db, 40)
    files = batchfile.export_files(db, tmp_path / "usb")
    assert len(files) == 1
    acks1, acks2 = tmp_path / "a1", tmp_path / "a2"
    assert "applied" in server.import_files([files[0].path], acks1)
    assert "duplicate" in server.import_files([files[0].path], acks2)  # imported twice
    assert server.applied_count() == 41

    # The same batch also goes over HTTP before the ack is back: applied once, acked.
    report = client.push(db)
    assert report.ok and report.batches_sent == 1 and report.ops_acked == 41
    assert report.applied == 41  # the server's original per-op results
    assert server.applied_count() == 41
    assert outbox_count(db) == 0

    # Both ack files arrive later: recorded already, nothing changes.
    for ack in [*acks1.glob("*.yishiack"), *acks2.glob("*.yishiack")]:
        assert batchfile.import_ack(db, ack).already
    assert server.rows() == local_rows(db)


def test_a_tampered_ack_is_refused(enrolled: Database, server: CityServer, tmp_path: Path) -> None:
    import pytest

    from desktop.errors import ValidationError

    db = enrolled
    make_communities(db, 3)
    files = batchfile.export_files(db, tmp_path / "usb")
    server.import_files([files[0].path], tmp_path / "acks")
    ack = next((tmp_path / "acks").glob("*.yishiack"))
    with zipfile.ZipFile(ack) as z:
        body = z.read("ack.json").replace(b'"applied"', b'"applieD"', 1)
        sig = z.read("signature")
    forged = tmp_path / "forged.yishiack"
    with zipfile.ZipFile(forged, "w") as z:
        z.writestr("ack.json", body)
        z.writestr("signature", sig)
    with pytest.raises(ValidationError):
        batchfile.import_ack(db, forged)
    assert outbox_count(db) == 4
