"""Issue 15 on the server: poll secrets are never stored or served (item 2) and each device's
audit chain head is kept, refusing one that goes backwards or was rewritten (item 5a)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import create_engine, select, text

from cityserver.cli import main as server_main
from cityserver.config import Settings
from cityserver.db import MIGRATIONS_DIR, migrate
from cityserver.devices import add_reader
from cityserver.export import export_xlsx
from cityserver.models import AuditCut, AuditHead, EntityRow
from tests.cityserver.helpers import STREET, Device

SECRET = "ab" * 32


def _push(client: TestClient, device: Device, batch: dict[str, Any]) -> dict[str, Any]:
    body, headers = device.seal(batch)
    response = client.post("/api/v1/batches", content=body, headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_a_poll_secret_in_an_old_batch_is_never_stored_or_served(
    client: TestClient, device: Device, tmp_path: Path
) -> None:
    op = device.op(entity="poll", title="票决", secret=SECRET)  # schema_rev 1, as sealed before
    _push(client, device, device.batch([op]))
    file_op = device.op(entity="poll", title="票决二", secret=SECRET)
    answer = client.post("/api/v1/batch-files", content=device.batch_file(device.batch([file_op])))
    assert answer.status_code == 200, answer.text
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        rows = session.scalars(select(EntityRow).where(EntityRow.entity == "poll")).all()
        assert sorted(row.data["title"] for row in rows) == ["票决", "票决二"]
        assert all("secret" not in row.data for row in rows)
        out = tmp_path / "poll.xlsx"
        export_xlsx(session, STREET, "poll", out)
    with sessions() as session, session.begin():
        token = add_reader(session, "district")
    served = client.get(
        f"/api/v1/streets/{STREET}/entities/poll", headers={"Authorization": f"Bearer {token}"}
    )
    assert served.status_code == 200 and SECRET not in served.text
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "secret" not in cells and SECRET not in cells


def test_a_conflict_answer_never_returns_a_secret(client: TestClient, device: Device) -> None:
    create = device.op(entity="poll", title="票决", secret=SECRET)
    _push(client, device, device.batch([create]))
    stale = device.op(
        entity="poll", entity_id=create["entity_id"], version=2, base_version=5, title="旧"
    )
    answer = _push(client, device, device.batch([stale]))
    assert answer["results"][0]["status"] == "conflict"
    assert SECRET not in json.dumps(answer)


def test_migration_0002_scrubs_secrets_already_on_the_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # a server as it was before the fix
        data = json.dumps({"id": "p1", "street_code": STREET, "version": 1, "secret": SECRET})
        conn.execute(
            text(
                "INSERT INTO entity_rows (entity_id, entity, street_code, version, data, deleted,"
                " updated_at) VALUES ('p1', 'poll', :s, 1, :d, 0, '2026-12-01 00:00:00')"
            ),
            {"s": STREET, "d": data},
        )
        conn.execute(
            text(
                "INSERT INTO streets (code, created_at) VALUES (:s, '2026-12-01 00:00:00');"
            ).bindparams(s=STREET)
        )
        conn.execute(
            text(
                "INSERT INTO devices (id, street_code, name, public_key, token_hash, enrolled_at)"
                " VALUES ('d1', :s, 'pc', 'k', 'h', '2026-12-01 00:00:00')"
            ),
            {"s": STREET},
        )
        results = [
            {
                "op_id": "o1",
                "status": "conflict",
                "server_row": {"entity": "poll", "data": json.loads(data)},
            }
        ]
        conn.execute(
            text(
                "INSERT INTO batches (batch_id, device_id, street_code, first_seq, last_seq, count,"
                " sha256, source, received_at, results) VALUES ('b1', 'd1', :s, 1, 1, 1, :h,"
                " 'http', '2026-12-01 00:00:00', :r)"
            ),
            {"s": STREET, "h": "0" * 64, "r": json.dumps(results)},
        )
    migrate(engine)
    with engine.connect() as conn:
        dump = " ".join(
            str(v)
            for table in ("entity_rows", "batches")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
            for v in row
        )
    engine.dispose()
    assert SECRET not in dump and "p1" in dump


def _head(seq: int, digest: str, prev_seq: int | None, prev_hash: str) -> dict[str, Any]:
    return {"seq": seq, "hash": digest, "prev_seq": prev_seq, "prev_hash": prev_hash}


def _batch_with_head(device: Device, head: dict[str, Any]) -> dict[str, Any]:
    return {**device.batch([device.op()]), "audit_head": head}


H1, H2, H3, FORGED = ("1" * 64, "2" * 64, "3" * 64, "f" * 64)


def test_audit_heads_are_kept_and_a_cut_or_rewritten_chain_is_refused(
    client: TestClient, device: Device, tmp_path: Path
) -> None:
    assert _push(client, device, _batch_with_head(device, _head(10, H1, None, "")))[
        "audit_head"
    ] == {"status": "kept", "seq": 10}
    assert (
        _push(client, device, _batch_with_head(device, _head(20, H2, 10, H1)))["audit_head"][
            "status"
        ]
        == "kept"
    )
    # rows 15..20 deleted: the head goes backwards
    back = _push(client, device, _batch_with_head(device, _head(14, H3, 20, "")))
    assert back["audit_head"] == {"status": "refused", "reason": "backwards", "known_seq": 20}
    # every hash recomputed: row 20 no longer has the hash the server kept
    forged = _push(client, device, _batch_with_head(device, _head(30, H3, 20, FORGED)))
    assert forged["audit_head"]["reason"] == "rewritten"
    # the ops were applied all the same
    assert forged["watermark"] == 4
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        kept = session.get(AuditHead, device.device_id)
        assert kept is not None and (kept.seq, kept.hash) == (20, H2)
        assert [c.reason for c in session.scalars(select(AuditCut))] == ["backwards", "rewritten"]


def test_server_cli_reports_streets_whose_chain_was_cut(
    client: TestClient, device: Device, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--db", settings.db_url, "--data-dir", str(settings.data_dir)]
    assert server_main(["audit-cuts", *common]) == 0
    _push(client, device, _batch_with_head(device, _head(10, H1, None, "")))
    _push(client, device, _batch_with_head(device, _head(3, H3, 10, "")))
    capsys.readouterr()
    assert server_main(["audit-cuts", *common]) == 1
    out = capsys.readouterr().out
    assert STREET in out and device.device_id in out and "审计链倒退" in out


def test_a_head_in_a_batch_file_is_checked_too(client: TestClient, device: Device) -> None:
    _push(client, device, _batch_with_head(device, _head(10, H1, None, "")))
    data = device.batch_file(_batch_with_head(device, _head(5, H3, 10, "")))
    assert client.post("/api/v1/batch-files", content=data).status_code == 200
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        assert [c.reason for c in session.scalars(select(AuditCut))] == ["backwards"]


def test_a_malformed_head_is_400(client: TestClient, device: Device) -> None:
    body, headers = device.seal(_batch_with_head(device, {"seq": "ten"}))
    response = client.post("/api/v1/batches", content=body, headers=headers)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_batch")


def test_server_export_writes_text_never_a_formula(
    client: TestClient, device: Device, tmp_path: Path
) -> None:
    payloads = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "#N/A", "=1+1"]
    _push(client, device, device.batch([device.op(title=p, place=p) for p in payloads]))
    out = tmp_path / "opinions.xlsx"
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        assert export_xlsx(session, STREET, "opinion", out) == len(payloads)
    with zipfile.ZipFile(out) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and 't="e"' not in xml
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    titles = sorted(str(row[header.index("title")].value) for row in sheet.iter_rows(min_row=2))
    assert titles == sorted(payloads)
