"""Batch files (.yishibatch) and signed acks (docs §7)."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cityserver.batchfile import read_ack
from cityserver.models import AppliedOp, Batch, EntityRow
from tests.cityserver.helpers import Device

URL = "/api/v1/batch-files"


def counts(client: TestClient) -> tuple[int, int, int]:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return tuple(
            session.scalar(select(func.count()).select_from(m))
            for m in (EntityRow, AppliedOp, Batch)
        )


def server_key(client: TestClient) -> str:
    return client.get("/api/v1/meta").json()["server_public_key"]


def test_file_import_twice_changes_nothing(client: TestClient, device: Device) -> None:
    data = device.batch_file(device.batch([device.op(title="井盖缺失"), device.op()]))
    first = client.post(URL, content=data, headers={"Content-Type": "application/zip"})
    assert first.status_code == 200, first.text
    assert first.headers["X-Yishi-Status"] == "applied"
    ack = read_ack(first.content, server_key(client))
    assert ack["status"] == "applied" and ack["watermark"] == 2
    assert [r["status"] for r in ack["results"]] == ["applied", "applied"]
    before = counts(client)
    second = client.post(URL, content=data, headers={"Content-Type": "application/zip"})
    assert second.status_code == 200
    again = read_ack(second.content, server_key(client))
    assert again["status"] == "duplicate"
    assert again["results"] == ack["results"]
    assert counts(client) == before


def test_same_batch_by_file_and_http_is_applied_once(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op()])
    assert client.post(URL, content=device.batch_file(batch)).status_code == 200
    body, headers = device.seal(batch)
    answer = client.post("/api/v1/batches", content=body, headers=headers).json()
    assert answer["status"] == "duplicate"
    assert counts(client) == (1, 1, 1)


def test_ack_signature_is_verifiable_and_tamper_evident(client: TestClient, device: Device) -> None:
    ack = client.post(URL, content=device.batch_file(device.batch([device.op()]))).content
    members = dict(
        (name, zipfile.ZipFile(io.BytesIO(ack)).read(name)) for name in ("ack.json", "signature")
    )
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("ack.json", members["ack.json"].replace(b'"applied"', b'"conflict"', 1))
        archive.writestr("signature", members["signature"])
    from cityserver.protocol import ProtocolError

    try:
        read_ack(forged.getvalue(), server_key(client))
    except ProtocolError as exc:
        assert exc.code == "bad_signature"
    else:
        raise AssertionError("forged ack accepted")


def test_tampered_file_is_refused(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op()])
    data = device.batch_file(batch)
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: archive.read(name) for name in archive.namelist()}
    parts["manifest.json"] = parts["manifest.json"].replace(b'"count": 1', b'"count": 2')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for name, value in parts.items():
            new.writestr(name, value)
    response = client.post(URL, content=out.getvalue())
    assert (response.status_code, response.json()["error"]) == (400, "bad_signature")
    assert counts(client) == (0, 0, 0)


def test_garbage_and_unknown_device_files(client: TestClient, device: Device) -> None:
    response = client.post(URL, content=b"PK\x03\x04 not really")
    assert (response.status_code, response.json()["error"]) == (400, "invalid_batch_file")
    stranger = Device()
    response = client.post(URL, content=stranger.batch_file(stranger.batch([stranger.op()])))
    assert (response.status_code, response.json()["error"]) == (401, "unknown_device")


def test_file_gap_is_409(client: TestClient, device: Device) -> None:
    device.next_seq = 10
    response = client.post(URL, content=device.batch_file(device.batch([device.op()])))
    assert response.status_code == 409
    assert response.json()["watermark"] == 0
