"""Enrolment codes: single use, expiry, signature proof, token kept only as a hash (docs §3)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from cityserver.auth import token_hash
from cityserver.models import Device as DeviceRow
from cityserver.models import EnrolmentCode
from tests.cityserver.conftest import make_code
from tests.cityserver.helpers import STREET, Device

URL = "/api/v1/devices/enroll"


def post(client: TestClient, device: Device, code: str) -> tuple[int, dict[str, Any]]:
    body, headers = device.enrol_request(code)
    response = client.post(URL, content=body, headers=headers)
    return response.status_code, response.json()


def test_enrol_returns_token_stored_only_as_hash(client: TestClient) -> None:
    device = Device()
    status, answer = post(client, device, make_code(client))
    assert status == 201
    assert answer["street_code"] == STREET
    assert answer["device_id"] == device.device_id
    assert answer["watermark"] == 0
    assert answer["server_public_key"] == client.get("/api/v1/meta").json()["server_public_key"]
    token = answer["token"]
    assert token.startswith("ysd_")
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(DeviceRow, device.device_id)
        assert row is not None and row.token_hash == token_hash(token)
        assert row.public_key == device.public_key_b64
        stored = [c.code_hash for c in session.scalars(select(EnrolmentCode))]
        assert all(token not in value for value in stored)
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["street_code"] == STREET


def test_reused_code_is_refused(client: TestClient) -> None:
    code = make_code(client)
    assert post(client, Device(), code)[0] == 201
    status, answer = post(client, Device(), code)
    assert (status, answer["error"]) == (403, "code_used")


def test_expired_code_is_refused(client: TestClient) -> None:
    code = make_code(client, hours=-1)
    status, answer = post(client, Device(), code)
    assert (status, answer["error"]) == (403, "code_expired")


def test_unknown_code_is_refused(client: TestClient) -> None:
    status, answer = post(client, Device(), "AAAA-BBBB-CCCC")
    assert (status, answer["error"]) == (403, "code_invalid")


def test_code_is_case_and_dash_insensitive(client: TestClient) -> None:
    code = make_code(client)
    assert post(client, Device(), code.replace("-", "").lower())[0] == 201


def test_retry_by_the_same_device_rotates_the_token(client: TestClient) -> None:
    device, code = Device(), make_code(client)
    first = post(client, device, code)[1]["token"]
    status, answer = post(client, device, code)  # the first reply was lost
    assert status == 201
    assert answer["token"] != first
    old = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {first}"})
    assert old.status_code == 401


def test_signature_must_prove_the_key(client: TestClient) -> None:
    device = Device()
    body, headers = device.enrol_request(make_code(client))
    headers["X-Yishi-Signature"] = Device().sign(body)
    response = client.post(URL, content=body, headers=headers)
    assert (response.status_code, response.json()["error"]) == (400, "bad_signature")


def test_bad_requests_are_400(client: TestClient) -> None:
    device = Device()
    for payload in ([], {"code": "x"}, {"code": "x", "device_id": "nope", "name": "n"}):
        body = json.dumps(payload).encode()
        response = client.post(URL, content=body, headers={"X-Yishi-Signature": device.sign(body)})
        assert response.status_code == 400
    body = json.dumps(
        {"code": "x", "device_id": device.device_id, "name": "n", "public_key": "AAAA"}
    ).encode()
    response = client.post(URL, content=body, headers={"X-Yishi-Signature": device.sign(body)})
    assert response.json()["error"] == "invalid_public_key"


def test_device_id_cannot_be_enrolled_twice(client: TestClient) -> None:
    device = Device()
    assert post(client, device, make_code(client))[0] == 201
    device.key = Device().key
    status, answer = post(client, device, make_code(client))
    assert (status, answer["error"]) == (409, "device_exists")


def test_unencodable_name_is_400_not_500(client: TestClient) -> None:
    device = Device()
    payload = {"code": make_code(client), "device_id": device.device_id, "name": "NAME"}
    payload["public_key"] = device.public_key_b64
    body = json.dumps(payload).replace('"NAME"', '"\\ud800"').encode()
    response = client.post(URL, content=body, headers={"X-Yishi-Signature": device.sign(body)})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
