"""POST /api/v1/batches: apply, duplicates, gaps, conflicts, guards (docs §5–§6)."""

from __future__ import annotations

import gzip
import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cityserver.models import AppliedOp, EntityRow
from tests.cityserver.conftest import enrol
from tests.cityserver.helpers import OTHER_STREET, Device


def push(client: TestClient, device: Device, batch: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body, headers = device.seal(batch)
    response = client.post("/api/v1/batches", content=body, headers=headers)
    return response.status_code, response.json()


def count_rows(client: TestClient, model: type = EntityRow) -> int:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_batch_applies_and_duplicate_changes_nothing(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op(title="路灯不亮"), device.op(entity="meeting", title="第一次")])
    status, answer = push(client, device, batch)
    assert status == 200, answer
    assert answer["status"] == "applied"
    assert answer["watermark"] == 2
    assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
    rows, ops = count_rows(client), count_rows(client, AppliedOp)
    assert rows == 2

    status, again = push(client, device, batch)  # same bytes, e.g. the reply was lost
    assert status == 200
    assert again["status"] == "duplicate"
    assert again["results"] == answer["results"]
    assert (count_rows(client), count_rows(client, AppliedOp)) == (rows, ops)


def test_tampered_body_is_refused(client: TestClient, device: Device) -> None:
    body, headers = device.seal(device.batch([device.op()]))
    tampered = bytearray(body)
    tampered[-5] ^= 0x01
    response = client.post("/api/v1/batches", content=bytes(tampered), headers=headers)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_signature"
    assert count_rows(client) == 0


def test_gap_answers_409_with_watermark(client: TestClient, device: Device) -> None:
    assert push(client, device, device.batch([device.op()]))[0] == 200
    device.next_seq += 5  # ops 2..6 never sent
    status, answer = push(client, device, device.batch([device.op()]))
    assert status == 409
    assert answer["error"] == "sequence_gap"
    assert answer["watermark"] == 1
    assert answer["expected_first_seq"] == 2


def test_overlap_answers_409(client: TestClient, device: Device) -> None:
    assert push(client, device, device.batch([device.op(), device.op()]))[0] == 200
    device.next_seq = 2
    status, answer = push(client, device, device.batch([device.op()]))
    assert (status, answer["error"], answer["watermark"]) == (409, "sequence_overlap", 2)


def test_stale_base_version_conflicts_and_returns_server_row(
    client: TestClient, device: Device
) -> None:
    first = device.op(title="v1")
    eid = first["entity_id"]
    update = device.op(entity_id=eid, version=2, base_version=1, title="v2")
    assert push(client, device, device.batch([first, update]))[1]["watermark"] == 2
    stale = device.op(entity_id=eid, version=2, base_version=1, title="stale")
    status, answer = push(client, device, device.batch([stale]))
    assert status == 200 and answer["status"] == "applied"
    result = answer["results"][0]
    assert result["status"] == "conflict"
    assert result["code"] == "version_conflict"
    assert result["server_version"] == 2
    assert result["server_row"]["data"]["title"] == "v2"
    assert result["server_row"]["version"] == 2
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(EntityRow, (eid, "opinion"))
        assert row is not None and row.data["title"] == "v2"


def test_new_row_that_exists_conflicts(client: TestClient, device: Device) -> None:
    op = device.op()
    push(client, device, device.batch([op]))
    again = device.op(entity_id=op["entity_id"])
    result = push(client, device, device.batch([again]))[1]["results"][0]
    assert (result["status"], result["server_version"]) == ("conflict", 1)


def test_delete_makes_tombstone(client: TestClient, device: Device) -> None:
    op = device.op()
    gone = device.op(entity_id=op["entity_id"], version=2, base_version=1, kind="delete")
    answer = push(client, device, device.batch([op, gone]))[1]
    assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(EntityRow, (op["entity_id"], "opinion"))
        assert row is not None and row.deleted and row.version == 2


def test_bad_ops_are_rejected_and_the_rest_applied(client: TestClient, device: Device) -> None:
    ops = [
        device.op(entity="not_a_table"),
        device.op(schema_rev=99),
        device.op(street_code=OTHER_STREET),
        device.op(),
    ]
    ops[3]["data"]["version"] = 7  # data.version must equal version
    good = device.op()
    status, answer = push(client, device, device.batch([*ops, good]))
    assert status == 200
    codes = [(r["status"], r["code"]) for r in answer["results"]]
    assert codes == [
        ("rejected", "unknown_entity"),
        ("rejected", "unknown_schema_rev"),
        ("rejected", "street_mismatch"),
        ("rejected", "invalid_op"),
        ("applied", None),
    ]
    assert answer["watermark"] == good["seq"]
    assert count_rows(client) == 1


def test_op_id_seen_before_is_duplicate(client: TestClient, device: Device) -> None:
    op = device.op()
    push(client, device, device.batch([op]))
    replay = dict(op, seq=device.next_seq)
    device.next_seq += 1
    result = push(client, device, device.batch([replay]))[1]["results"][0]
    assert (result["status"], result["server_version"]) == ("duplicate", 1)


def test_device_writes_only_its_own_street(client: TestClient, device: Device) -> None:
    device.street_code = OTHER_STREET
    status, answer = push(client, device, device.batch([device.op()]))
    assert (status, answer["error"]) == (403, "street_forbidden")


def test_row_of_another_street_is_not_overwritten(client: TestClient, device: Device) -> None:
    op = device.op()
    push(client, device, device.batch([op]))
    other = enrol(client, OTHER_STREET)
    steal = other.op(entity_id=op["entity_id"], version=2, base_version=1)
    result = push(client, other, other.batch([steal]))[1]["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "street_forbidden")


def test_unknown_and_revoked_tokens_are_401(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op()])
    body, headers = device.seal(batch)
    headers["Authorization"] = "Bearer ysd_nonsense"
    response = client.post("/api/v1/batches", content=body, headers=headers)
    assert (response.status_code, response.json()["error"]) == (401, "unauthorized")
    del headers["Authorization"]
    assert client.post("/api/v1/batches", content=body, headers=headers).status_code == 401

    from cityserver.devices import revoke

    with client.app.state.sessions() as session, session.begin():  # type: ignore[attr-defined]
        assert revoke(session, device.device_id)
    status, answer = push(client, device, batch)
    assert (status, answer["error"]) == (401, "device_revoked")


def test_body_size_limit_413(client: TestClient, device: Device) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    body = b"\x1f\x8b" + b"\0" * limit
    response = client.post("/api/v1/batches", content=body, headers=device.headers(body))
    assert (response.status_code, response.json()["error"]) == (413, "body_too_large")


def test_inflated_size_limit_413(client: TestClient, device: Device) -> None:
    limit = client.app.state.settings.max_inflated_bytes  # type: ignore[attr-defined]
    body = gzip.compress(b" " * (limit + 10))
    response = client.post("/api/v1/batches", content=body, headers=device.headers(body))
    assert (response.status_code, response.json()["error"]) == (413, "body_too_large")


def test_malformed_gzip_json_and_envelope_are_400(client: TestClient, device: Device) -> None:
    cases = {
        b"not gzip at all": "invalid_gzip",
        gzip.compress(b"{not json"): "invalid_json",
        gzip.compress(b"[1, 2]"): "invalid_batch",
        gzip.compress(b'{"protocol": 2}'): "unsupported_protocol",
    }
    for body, code in cases.items():
        response = client.post("/api/v1/batches", content=body, headers=device.headers(body))
        assert response.status_code == 400, body
        assert response.json()["error"] == code
        assert response.json()["message"]


def test_sha256_and_count_are_checked(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op()])
    batch["sha256"] = "0" * 64
    status, answer = push(client, device, batch)
    assert (status, answer["error"]) == (400, "sha256_mismatch")
    batch = device.batch([device.op()])
    batch["count"] = 2
    assert push(client, device, batch)[1]["error"] == "invalid_batch"


def test_reused_batch_id_with_other_content_is_409(client: TestClient, device: Device) -> None:
    batch = device.batch([device.op()])
    push(client, device, batch)
    other = device.batch([device.op()])
    other["batch_id"] = batch["batch_id"]
    status, answer = push(client, device, other)
    assert (status, answer["error"]) == (409, "batch_id_reused")


def test_batch_of_another_device_is_403(client: TestClient, device: Device) -> None:
    other = enrol(client)
    batch = other.batch([other.op()])
    body = gzip.compress(json.dumps(batch).encode())
    response = client.post("/api/v1/batches", content=body, headers=device.headers(body))
    assert (response.status_code, response.json()["error"]) == (403, "device_mismatch")


def test_meta(client: TestClient) -> None:
    meta = client.get("/api/v1/meta").json()
    assert meta["protocol"] == {"min": 1, "max": 2}  # protocol 2 adds pull
    assert meta["schema_revs"] == [1, 2]  # rev 2: poll.secret no longer travels
    assert len(meta["server_public_key"]) == 44
    assert "opinion" in meta["entities"]


def test_devices_me_reports_watermark(client: TestClient, device: Device) -> None:
    push(client, device, device.batch([device.op(), device.op()]))
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Bearer {device.token}"})
    assert me.json()["watermark"] == 2


def test_out_of_range_integers_are_refused_not_500(client: TestClient, device: Device) -> None:
    op = device.op()
    op["seq"] = 2**40  # beyond the 32-bit range the server stores
    status, answer = push(client, device, device.batch([op], first_seq=1))
    assert (status, answer["error"]) == (400, "invalid_batch")

    device.next_seq = 1
    big = device.op(base_version=2**70)
    huge_data = device.op(n=2**70)  # any JSON value is fine inside data
    status, answer = push(client, device, device.batch([big, huge_data]))
    assert status == 200, answer
    assert [(r["status"], r["code"]) for r in answer["results"]] == [
        ("rejected", "invalid_op"),
        ("applied", None),
    ]
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(EntityRow, (huge_data["entity_id"], "opinion"))
        assert row is not None and row.data["n"] == 2**70


def test_deeply_nested_data_is_400_or_applied_never_500(client: TestClient) -> None:
    for depth, expected in ((300, 200), (900, 200), (5000, 400)):
        device = enrol(client)
        if depth < 1000:  # the test's own json can encode it: a correct batch
            nested: object = 1
            for _ in range(depth):
                nested = [nested]
            body, headers = device.seal(device.batch([device.op(deep=nested)]))
        else:
            text = json.dumps(device.batch([device.op(deep="DEEP")]))
            body = gzip.compress(text.replace('"DEEP"', "[" * depth + "1" + "]" * depth).encode())
            headers = device.headers(body)
        response = client.post("/api/v1/batches", content=body, headers=headers)
        assert response.status_code == expected, (depth, response.text)


def test_op_log_records_each_outcome_once(client: TestClient, device: Device) -> None:
    """Every processed op_id gets one applied_ops row with its final status; an op_id sent
    before or twice in one batch answers duplicate and keeps its first row."""
    old = device.op(title="v1")
    push(client, device, device.batch([old]))
    update = device.op(entity_id=old["entity_id"], version=2, base_version=1, title="v2")
    fresh = device.op(title="new")
    again = dict(fresh, seq=device.next_seq)  # the same op_id later in the same batch
    device.next_seq += 1
    replay = dict(old, seq=device.next_seq)  # an op_id from the first batch
    device.next_seq += 1
    twin = device.op(entity_id=fresh["entity_id"], title="twin")  # new row, made just above
    bad = device.op(schema_rev=99)
    ops = [update, fresh, again, replay, twin, bad]
    status, answer = push(client, device, device.batch(ops))
    assert status == 200, answer
    outcome = [(r["status"], r["code"], r["server_version"]) for r in answer["results"]]
    assert outcome == [
        ("applied", None, 2),
        ("applied", None, 1),
        ("duplicate", None, 1),
        ("duplicate", None, 2),
        ("conflict", "version_conflict", 1),
        ("rejected", "unknown_schema_rev", None),
    ]
    assert answer["results"][4]["server_row"]["data"]["title"] == "new"
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        log = {row.op_id: (row.seq, row.status) for row in session.scalars(select(AppliedOp)).all()}
        assert log == {
            old["op_id"]: (old["seq"], "applied"),
            update["op_id"]: (update["seq"], "applied"),
            fresh["op_id"]: (fresh["seq"], "applied"),
            twin["op_id"]: (twin["seq"], "conflict"),
            bad["op_id"]: (bad["seq"], "rejected"),
        }
        row = session.get(EntityRow, (old["entity_id"], "opinion"))
        assert row is not None and (row.version, row.data["title"]) == (2, "v2")


def test_batch_of_creates_with_one_existing_row(client: TestClient, device: Device) -> None:
    """A batch of new rows where one already exists: that op conflicts, the rest apply."""
    old = device.op(title="server copy")
    push(client, device, device.batch([old]))
    ops = [device.op(title="a"), device.op(entity_id=old["entity_id"]), device.op(title="b")]
    status, answer = push(client, device, device.batch(ops))
    assert status == 200, answer
    assert [r["status"] for r in answer["results"]] == ["applied", "conflict", "applied"]
    assert answer["results"][1]["server_row"]["data"]["title"] == "server copy"
    assert count_rows(client) == 3
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        statuses = dict(session.execute(select(AppliedOp.op_id, AppliedOp.status)).all())
        assert [statuses[op["op_id"]] for op in ops] == ["applied", "conflict", "applied"]
        row = session.get(EntityRow, (old["entity_id"], "opinion"))
        assert row is not None and row.data["title"] == "server copy"
