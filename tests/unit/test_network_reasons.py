"""Network failures reach the clerk in Chinese, never as "[Errno 111] Connection refused"."""

from __future__ import annotations

import re

import httpx
import pytest

from desktop.sync.transport import classify


def _wrapped(inner: BaseException) -> httpx.ConnectError:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise httpx.ConnectError(str(exc)) from exc
    except httpx.ConnectError as outer:
        return outer


@pytest.mark.parametrize(
    ("inner", "words"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "拒绝连接"),
        (OSError(-2, "Name or service not known"), "找不到该服务器"),
        (OSError(101, "Network is unreachable"), "网络"),
        (ConnectionResetError(104, "Connection reset by peer"), "连接中断"),
        (OSError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), "证书"),
        (OSError(5, "something else entirely"), "无法连接服务器"),
    ],
)
def test_network_errors_read_in_chinese(inner: BaseException, words: str) -> None:
    err = classify(_wrapped(inner))
    text = str(err)
    assert words in text
    assert not re.search(r"Errno|[A-Za-z]{4,}", text), text
    assert err.kind == "network" and err.params["detail"]  # the raw text stays for the log
