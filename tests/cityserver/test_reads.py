"""District read side, export and the CLI (docs §8–§9)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cityserver.cli import main
from cityserver.devices import add_reader
from tests.cityserver.conftest import enrol
from tests.cityserver.helpers import OTHER_STREET, STREET, Device


def push(client: TestClient, device: Device, ops: list[dict]) -> dict[str, Any]:
    body, headers = device.seal(device.batch(ops))
    response = client.post("/api/v1/batches", content=body, headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def reader(client: TestClient) -> dict[str, str]:
    with client.app.state.sessions() as session, session.begin():  # type: ignore[attr-defined]
        token = add_reader(session, "district")
    return {"Authorization": f"Bearer {token}"}


def test_streets_summary(client: TestClient, device: Device) -> None:
    push(client, device, [device.op(), device.op(), device.op(entity="meeting")])
    other = enrol(client, OTHER_STREET)
    push(client, other, [other.op()])
    streets = client.get("/api/v1/streets", headers=reader(client)).json()["streets"]
    by_code = {s["code"]: s for s in streets}
    assert by_code[STREET]["counts"] == {"opinion": 2, "meeting": 1}
    assert by_code[STREET]["devices"] == 1
    assert by_code[STREET]["last_sync_at"] is not None
    assert by_code[OTHER_STREET]["counts"] == {"opinion": 1}
    own = client.get("/api/v1/streets", headers={"Authorization": f"Bearer {device.token}"})
    assert [s["code"] for s in own.json()["streets"]] == [STREET]
    assert client.get("/api/v1/streets").status_code == 401


def test_entity_rows_since_and_paging(client: TestClient, device: Device) -> None:
    ops = [device.op(n=i) for i in range(5)]
    push(client, device, ops)
    url = f"/api/v1/streets/{STREET}/entities/opinion"
    auth = reader(client)
    page = client.get(url, params={"limit": 2}, headers=auth).json()
    seen = [row["entity_id"] for row in page["rows"]]
    while page["next"] is not None:
        page = client.get(url, params={"limit": 2, **page["next"]}, headers=auth).json()
        seen += [row["entity_id"] for row in page["rows"]]
    assert sorted(seen) == sorted(op["entity_id"] for op in ops)
    last = client.get(url, headers=auth).json()["rows"][-1]["updated_at"]
    assert client.get(url, params={"since": last}, headers=auth).json()["rows"] == []
    update = device.op(entity_id=ops[0]["entity_id"], version=2, base_version=1, n=99)
    push(client, device, [update])
    fresh = client.get(url, params={"since": last}, headers=auth).json()["rows"]
    assert [(r["entity_id"], r["version"], r["data"]["n"]) for r in fresh] == [
        (ops[0]["entity_id"], 2, 99)
    ]


def test_entity_rows_guards(client: TestClient, device: Device) -> None:
    own = {"Authorization": f"Bearer {device.token}"}
    base = "/api/v1/streets"
    assert client.get(f"{base}/{OTHER_STREET}/entities/opinion", headers=own).status_code == 403
    response = client.get(f"{base}/{STREET}/entities/nope", headers=own)
    assert (response.status_code, response.json()["error"]) == (404, "unknown_entity")
    response = client.get(f"{base}/{STREET}/entities/opinion?since=yesterday", headers=own)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
    response = client.get(f"{base}/{STREET}/entities/opinion?limit=0", headers=own)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_cli_codes_devices_import_and_export(client: TestClient, tmp_path: Path) -> None:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    common = ["--db", settings.db_url, "--data-dir", str(settings.data_dir)]
    status, out = run_cli("devices", "issue-code", "--street", STREET, "--expires", "30m", *common)
    assert status == 0
    device = Device()
    body, headers = device.enrol_request(out.strip())
    answer = client.post("/api/v1/devices/enroll", content=body, headers=headers).json()
    device.token = answer["token"]

    batch_path = tmp_path / "b.yishibatch"
    batch_path.write_bytes(device.batch_file(device.batch([device.op(title="楼道灯", n=[1])])))
    acks = tmp_path / "acks"
    assert run_cli("import", str(batch_path), "--ack-dir", str(acks), *common)[0] == 0
    assert run_cli("import", str(batch_path), "--ack-dir", str(acks), *common)[1].count("duplicate")
    assert len(list(acks.glob("*.yishiack"))) == 1

    out_file = tmp_path / "opinion.xlsx"
    args = ["export", "--street", STREET, "--entity", "opinion", "--out", str(out_file)]
    assert run_cli(*args, *common)[0] == 0
    sheet = load_workbook(out_file).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "street_code", "version")
    assert "楼道灯" in rows[1] and "[1]" in rows[1]

    listing = run_cli("devices", "list", *common)[1]
    assert device.device_id in listing and "在用" in listing
    assert run_cli("devices", "revoke", device.device_id, *common)[0] == 0
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {device.token}"})
    assert me.status_code == 401
    assert run_cli("devices", "revoke", "nobody", *common)[0] == 2
    assert run_cli("export", "--street", STREET, "--entity", "x", "--out", "y", *common)[0] == 2
    assert run_cli("devices", "issue-code", "--street", "12", *common)[0] == 2
    assert run_cli("devices", "issue-code", "--street", STREET, "--expires", "2w", *common)[0] == 2
    token = run_cli("readers", "add", "district", *common)[1].strip()
    assert client.get("/api/v1/streets", headers={"Authorization": f"Bearer {token}"}).is_success
    assert run_cli("readers", "revoke", "district", *common)[0] == 0
    assert (
        client.get("/api/v1/streets", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_since_out_of_range_is_400(client: TestClient, device: Device) -> None:
    url = f"/api/v1/streets/{STREET}/entities/opinion"
    own = {"Authorization": f"Bearer {device.token}"}
    response = client.get(url, params={"since": "0001-01-01T00:00:00+01:00"}, headers=own)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
