"""Pull and restore that are interrupted (dropped connection, killed process), and the same
through USB pull files: no change lost, none applied twice (docs/sync-protocol.md §12)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from desktop.db import Database
from desktop.errors import SyncError
from desktop.services.permissions import SYSTEM_ACTOR
from desktop.sync import client, pull, restore
from desktop.sync.pullfile import import_pull_file, write_pull_ack
from desktop.sync.state import get_state
from tests.integration.faultproxy import FaultProxy
from tests.integration.pull_helpers import enrol_pc, new_pc, pulled_changes, synced_table_rows
from tests.integration.sync_helpers import CityServer, make_communities

ROWS = 2500


def _street_with_data(template: Path, tmp: Path, server: CityServer) -> Database:
    a = new_pc(template, tmp / "a")
    make_communities(a, ROWS, per_tx=500)
    enrol_pc(a, server)
    assert client.push(a).ok
    return a


def _pulled_audit_rows(db: Database) -> int:
    """Pulled changes the audit chain lists; each change at most once (nothing applied twice)."""
    changes = pulled_changes(db)
    assert len(changes) == len(set(changes)), "a change recorded twice"
    return len(changes)


def test_restore_through_a_faulty_network_resumes_without_loss_or_duplicates(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a = _street_with_data(template_db, tmp_path, server)
    b = new_pc(template_db, tmp_path / "b")
    assert enrol_pc(b, server) == restore.RESTORING
    proxy = FaultProxy(server.port, fault_rate=0.9, seed=5)
    try:
        # A new connection per request, so that every page may meet a fault.
        http = httpx.Client(
            base_url=proxy.url, timeout=5, limits=httpx.Limits(max_keepalive_connections=0)
        )
        reports = []
        for _ in range(200):  # each attempt continues from the last committed page
            report = restore.restore(
                b, SYSTEM_ACTOR, client=http, page_limit=2000
            )  # pages larger than any cut point
            reports.append(report)
            if report.ok and not report.behind:
                break
        http.close()
    finally:
        proxy.close()
    broken = sum(n for kind, n in proxy.stats.faults.items() if kind != "delay")
    assert broken > 0, proxy.stats
    assert any(not r.ok for r in reports), ("the faults must have broken attempts", proxy.stats)
    assert restore.restore_state(b) == restore.DONE
    assert synced_table_rows(a) == synced_table_rows(b)
    assert _pulled_audit_rows(b) == ROWS + 1  # every row once: nothing applied twice
    a.dispose()
    b.dispose()


def test_restore_killed_between_pages_continues_where_it_stopped(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    """A process that dies mid-restore: pages committed before stay, the rest follow."""
    a = _street_with_data(template_db, tmp_path, server)
    b = new_pc(template_db, tmp_path / "b")
    enrol_pc(b, server)

    class Killed(Exception):
        pass

    def die_after_first_page(done: int, _total: int) -> None:
        if done > 0:
            raise Killed

    with pytest.raises(Killed):  # pages of 2000 (a restore's default, 5000, is one page here)
        restore.restore(b, SYSTEM_ACTOR, progress=die_after_first_page, page_limit=2000)
    with b.session() as s:
        cursor = pull.get_pull(s).cursor
    assert 0 < cursor < ROWS
    assert restore.restore_state(b) == restore.RESTORING  # still nothing can be changed
    report = restore.restore(b, SYSTEM_ACTOR)
    assert report.ok and restore.restore_state(b) == restore.DONE
    assert synced_table_rows(a) == synced_table_rows(b)
    assert _pulled_audit_rows(b) == ROWS + 1
    a.dispose()
    b.dispose()


def test_usb_pull_files_restore_and_import_twice_changes_nothing(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a = _street_with_data(template_db, tmp_path, server)
    b = new_pc(template_db, tmp_path / "b")
    assert enrol_pc(b, server) == restore.RESTORING
    with b.session() as s:
        device = get_state(s).device_id
    usb = tmp_path / "usb"
    server.cli("pull-file", "--device", device, "--after", "0", "--out", str(usb))
    files = sorted(usb.glob("*.yishipull"))
    assert files
    report = restore.restore(b, SYSTEM_ACTOR, files=files)
    assert report.ok and restore.restore_state(b) == restore.DONE
    assert synced_table_rows(a) == synced_table_rows(b)
    again = import_pull_file(b, files[0])
    assert again.applied == 0  # a file imported twice changes nothing
    assert _pulled_audit_rows(b) == ROWS + 1
    # A tampered file is refused before anything is applied.
    bad = tmp_path / "bad.yishipull"
    data = bytearray(files[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(SyncError):
        import_pull_file(b, bad)
    # Later changes of A reach B by the next file (after B's cursor).
    make_communities(a, 3, prefix="后来的")
    assert client.push(a).ok
    # B's acknowledgement travels back on the stick; the next file starts after B's cursor.
    ack = write_pull_ack(b, usb / "acks")
    server.cli("import-pull-ack", str(ack))
    server.cli("pull-file", "--device", device, "--out", str(usb / "2"))
    (later,) = sorted((usb / "2").glob("*.yishipull"))
    with b.session() as s:
        assert later.name.endswith(
            f"-{pull.get_pull(s).cursor}-{pull.get_pull(s).cursor + 3}.yishipull"
        )
    assert import_pull_file(b, later).applied == 3
    assert synced_table_rows(a) == synced_table_rows(b)
    a.dispose()
    b.dispose()


def test_a_pull_file_for_another_computer_is_refused(
    template_db: Path, tmp_path: Path, server: CityServer
) -> None:
    a = _street_with_data(template_db, tmp_path, server)
    with a.session() as s:
        device = get_state(s).device_id
    server.cli("pull-file", "--device", device, "--after", "0", "--out", str(tmp_path / "usb"))
    b = new_pc(template_db, tmp_path / "b")
    enrol_pc(b, server)
    (file,) = sorted((tmp_path / "usb").glob("*.yishipull"))
    with pytest.raises(SyncError):
        import_pull_file(b, file)
    a.dispose()
    b.dispose()
