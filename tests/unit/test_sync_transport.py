"""Transport: error classes, proxy choice, CA file, backoff bounds."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import SyncError
from desktop.sync.transport import (
    BACKOFF_MAX_S,
    BACKOFF_MIN_S,
    RETRYABLE_KINDS,
    HttpConfig,
    backoff_delay,
    classify,
    error_for_response,
    make_client,
    proxy_for,
)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (500, "server"),
        (503, "server"),
        (429, "server"),
        (401, "auth"),
        (400, "rejected"),
        (403, "rejected"),
        (413, "rejected"),
    ],
)
def test_http_status_classes(status: int, kind: str) -> None:
    err = error_for_response(httpx.Response(status, json={"error": "x", "message": "m"}))
    assert err.kind == kind
    assert (kind in RETRYABLE_KINDS) == (status >= 500 or status == 429)


def test_transport_errors_are_retryable() -> None:
    assert classify(httpx.ReadTimeout("slow")).kind == "timeout"
    assert classify(httpx.ConnectError("refused")).kind == "network"
    assert {"timeout", "network"} <= RETRYABLE_KINDS


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=2**32))
def test_backoff_stays_between_2s_and_10min(failures: int, seed: int) -> None:
    delay = backoff_delay(failures, random.Random(seed))
    assert BACKOFF_MIN_S <= delay <= BACKOFF_MAX_S


def test_backoff_grows() -> None:
    rng = random.Random(1)
    assert backoff_delay(1, rng) == BACKOFF_MIN_S
    assert backoff_delay(6, rng) >= 32  # 64 s step, jittered into [32, 64]
    assert backoff_delay(30, rng) >= BACKOFF_MAX_S / 2


def test_proxy_modes_and_silence_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://system-proxy:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url = "http://sync.example:8470"
    assert proxy_for(HttpConfig(url, proxy="")) == "http://system-proxy:3128"  # system
    assert proxy_for(HttpConfig(url, proxy="none")) is None
    assert proxy_for(HttpConfig(url, proxy="http://manual:8080")) == "http://manual:8080"
    with make_client(HttpConfig(url, proxy="")) as c:
        assert c.timeout.read == 30 and c.timeout.write == 30  # per operation, not total
        assert c.timeout.connect == 30


def test_a_missing_ca_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SyncError) as info:
        make_client(HttpConfig("https://sync.example", ca_file=str(tmp_path / "none.pem")))
    assert info.value.kind == "config"
