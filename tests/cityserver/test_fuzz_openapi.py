"""Schemathesis against the server's own OpenAPI schema: no request may cause a 500.

Bounded: a fixed number of examples per operation and a deadline per example.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityserver.app import create_app
from cityserver.config import Settings
from tests.cityserver.helpers import Device

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


# Batch-file uploads: random bytes, and zips with the right or wrong member names.
ZIP_BODIES = st.binary(max_size=256) | st.builds(
    _zip,
    st.dictionaries(
        st.sampled_from(["manifest.json", "ops.jsonl.gz", "signature", "other"]),
        st.binary(max_size=64) | st.just(b'{"kind": "yishi-batch"}'),
        max_size=4,
    ),
)
schemathesis.openapi.media_type("application/zip", ZIP_BODIES)


def test_no_server_errors_for_any_schema_request(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, db_url=f"sqlite:///{tmp_path / 's.sqlite3'}"))
    try:
        with TestClient(app):
            schema = schemathesis.openapi.from_asgi("/openapi.json", app)
            operations = [result.ok() for result in schema.get_all_operations()]
            assert len(operations) == 9  # 7 of protocol 1, 2 of protocol 2 (pull)
            seen: dict[str, set[int]] = {}
            for operation in operations:

                @settings(
                    max_examples=60,
                    deadline=5000,
                    suppress_health_check=list(HealthCheck),
                    derandomize=True,
                    database=None,
                )
                @given(case=operation.as_strategy())
                def check(case: schemathesis.Case) -> None:
                    response = case.call()
                    seen.setdefault(f"{case.method} {case.path}", set()).add(response.status_code)
                    assert response.status_code < 500, (case.method, case.path, response.text)
                    if response.status_code >= 400 and response.headers.get("content-type", [""])[
                        0
                    ].startswith("application/json"):
                        assert set(response.json()) >= {"error", "message"}

                check()
            assert len(seen) == 9 and 200 in seen["GET /api/v1/meta"], seen
            assert {400, 401} <= set().union(*seen.values()), seen
    finally:
        app.state.engine.dispose()


def test_fuzzed_signed_garbage_never_500(client: TestClient, device: Device) -> None:
    """Random-but-signed gzip bodies reach past the signature check: still no 500."""
    import gzip
    import json

    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
    op_fields = st.fixed_dictionaries(
        {},
        optional={
            "op_id": st.uuids().map(str),
            "seq": st.integers(-2, 5),
            "entity": st.sampled_from(["opinion", "x", ""]) | json_values,
            "entity_id": st.uuids().map(str) | json_values,
            "op": st.sampled_from(["upsert", "delete", "drop"]),
            "version": st.integers(-1, 3) | json_values,
            "base_version": st.none() | st.integers(-1, 3),
            "data": json_values,
            "schema_rev": st.integers(0, 2) | json_values,
            "created_at": st.text(max_size=30),
        },
    )

    @settings(max_examples=150, deadline=5000, derandomize=True, database=None)
    @given(st.lists(op_fields, min_size=0, max_size=4), json_values)
    def run(ops: list[dict], extra: object) -> None:
        batch = device.batch(ops) if ops and all("seq" in op for op in ops) else {"ops": ops}
        batch["extra"] = extra
        body = gzip.compress(json.dumps(batch).encode())
        response = client.post("/api/v1/batches", content=body, headers=device.headers(body))
        assert response.status_code < 500, response.text

    run()
