"""Protocol 2 pull (docs/sync-protocol.md §12): a device reads its street's changes made by
other devices, in commit order, a bounded page at a time."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.cityserver.conftest import enrol
from tests.cityserver.helpers import OTHER_STREET, STREET, Device
from tests.cityserver.test_reads import push


def pull(client: TestClient, device: Device, after: int = 0, limit: int = 1000) -> dict[str, Any]:
    response = client.get(
        "/api/v1/changes",
        params={"after": after, "limit": limit},
        headers={"Authorization": f"Bearer {device.token}"},
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def pull_all(client: TestClient, device: Device, after: int = 0, limit: int = 1000) -> list[dict]:
    changes: list[dict] = []
    while True:
        page = pull(client, device, after, limit)
        changes += page["changes"]
        assert page["next"] >= after
        after = page["next"]
        if not page["more"]:
            return changes


def test_meta_announces_protocol_2_and_v1_push_still_works(client: TestClient) -> None:
    assert client.get("/api/v1/meta").json()["protocol"] == {"min": 1, "max": 2}
    a = enrol(client)
    assert push(client, a, [a.op()])["status"] == "applied"


def test_pull_gets_other_devices_changes_in_order_not_own(client: TestClient) -> None:
    a, b = enrol(client), enrol(client)
    first = a.op(title="路灯")
    push(client, a, [first, a.op(entity="meeting", number=1)])
    push(client, b, [b.op(title="井盖")])
    update = a.op(entity_id=first["entity_id"], version=2, base_version=1, title="路灯不亮")
    push(client, a, [update])
    seen_by_b = pull_all(client, b)
    assert [c["entity"] for c in seen_by_b] == ["meeting", "opinion"]  # first op's row moved
    assert seen_by_b[-1]["data"]["title"] == "路灯不亮"
    assert seen_by_b[-1]["version"] == 2
    assert all(c["device_id"] == a.device_id for c in seen_by_b)
    seqs = [c["change_seq"] for c in seen_by_b]
    assert seqs == sorted(seqs)
    seen_by_a = pull_all(client, a)
    assert [c["data"].get("title") for c in seen_by_a] == ["井盖"]


def test_pull_pages_and_cursor_never_repeats(client: TestClient) -> None:
    a, b = enrol(client), enrol(client)
    ops = [a.op(n=i) for i in range(25)]
    push(client, a, ops)
    page = pull(client, b, 0, limit=10)
    assert page["count"] == 10 and page["more"] and page["head"] == 25
    rest = pull_all(client, b, page["next"], limit=7)
    ids = [c["entity_id"] for c in page["changes"] + rest]
    assert ids == [op["entity_id"] for op in ops]
    assert pull(client, b, 25)["changes"] == []


def test_pull_reads_only_own_street_and_needs_a_device_token(client: TestClient) -> None:
    a = enrol(client)
    other = enrol(client, OTHER_STREET)
    push(client, other, [other.op()])
    assert pull_all(client, a) == []
    assert client.get("/api/v1/changes").status_code == 401
    bad = client.get(
        "/api/v1/changes", params={"limit": 100000}, headers={"Authorization": f"Bearer {a.token}"}
    )
    assert bad.status_code == 400


def test_street_devices_status(client: TestClient) -> None:
    a, b = enrol(client), enrol(client)
    push(client, a, [a.op(), a.op()])
    pull_all(client, b)
    pull(client, b, 2)
    status = client.get(
        f"/api/v1/streets/{STREET}/devices", headers={"Authorization": f"Bearer {b.token}"}
    ).json()
    assert status["head"] == 2 and status["behind"] == 0
    a_view = client.get(
        f"/api/v1/streets/{STREET}/devices", headers={"Authorization": f"Bearer {a.token}"}
    ).json()
    assert a_view["behind"] == 0  # its own changes do not count
    push(client, b, [b.op()])
    a_view = client.get(
        f"/api/v1/streets/{STREET}/devices", headers={"Authorization": f"Bearer {a.token}"}
    ).json()
    assert a_view["behind"] == 1
    by_id = {d["device_id"]: d for d in status["devices"]}
    assert by_id[a.device_id]["ops_sent"] == 2 and by_id[a.device_id]["last_pull_at"] is None
    assert by_id[b.device_id]["rows_received"] == 2 and by_id[b.device_id]["pulled_through"] == 2
    forbidden = client.get(
        f"/api/v1/streets/{OTHER_STREET}/devices", headers={"Authorization": f"Bearer {b.token}"}
    )
    assert forbidden.status_code == 403


def test_ballots_of_one_poll_stay_on_one_device(client: TestClient) -> None:
    a, b = enrol(client), enrol(client)
    poll = "0190a000-0000-7000-8000-000000000001"
    first = push(client, a, [a.op(entity="ballot", poll_id=poll)])
    assert first["results"][0]["status"] == "applied"
    second = push(
        client, b, [b.op(entity="ballot", poll_id=poll), b.op(entity="poll_option", poll_id=poll)]
    )
    assert [r["status"] for r in second["results"]] == ["rejected", "applied"]
    assert second["results"][0]["code"] == "poll_claimed"
    again = push(client, a, [a.op(entity="tally_certificate", poll_id=poll)])
    assert again["results"][0]["status"] == "applied"


def test_migration_numbers_rows_stored_before_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from cityserver.db import MIGRATIONS_DIR, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        for n, when in enumerate(["2026-01-02 00:00:00", "2026-01-01 00:00:00"]):
            conn.execute(
                text(
                    "INSERT INTO entity_rows (entity_id, entity, street_code, version, data,"
                    " deleted, updated_at) VALUES (:i, 'opinion', :s, 1, '{}', 0, :w)"
                ),
                {"i": f"id{n}", "s": STREET, "w": when},
            )
    migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT entity_id, change_seq FROM entity_rows ORDER BY change_seq")
        ).all()
        head = conn.execute(text("SELECT change_seq FROM street_changes")).scalar()
    assert [tuple(r) for r in rows] == [("id1", 1), ("id0", 2)] and head == 2
    engine.dispose()
