"""HTTP transport: proxy, TLS and silence timeouts, and error classes (DESIGN.md §7).

- Timeouts are on silence: httpx applies ``read``/``write`` per socket operation, so a slow
  but moving upload or answer never times out; 30 s with no bytes does.
- Proxy: ``""`` = the system's (environment variables, and on Windows the registry through
  ``urllib.request.getproxies``); ``"none"`` = direct; anything else is the proxy URL.
- TLS: verification is always on; a custom CA file is trusted in addition to the bundled ones.
"""

from __future__ import annotations

import random
import ssl
import urllib.request
from dataclasses import dataclass

import httpx

from desktop.errors import SyncError
from desktop.i18n import N_

SILENCE_TIMEOUT_S = 30.0
BACKOFF_MIN_S = 2.0
BACKOFF_MAX_S = 600.0
USER_AGENT = "Yishi-desktop/sync-v1"

#: Kinds whose failures are retried with backoff; the others wait for a person.
RETRYABLE_KINDS = frozenset({"network", "timeout", "server"})


@dataclass(frozen=True)
class HttpConfig:
    server_url: str
    proxy: str = ""
    ca_file: str = ""
    silence_timeout: float = SILENCE_TIMEOUT_S


def backoff_delay(failures: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: about 2 s after the first failure, capped at 10 min.

    The delay is drawn uniformly from [base/2, base] ("equal jitter") so that many clients
    that failed together do not return together, yet the wait never collapses to zero.
    """
    base = min(BACKOFF_MAX_S, BACKOFF_MIN_S * 2 ** max(0, failures - 1))
    r = (rng or random).random()
    return max(BACKOFF_MIN_S, base / 2 + r * base / 2) if base > BACKOFF_MIN_S else BACKOFF_MIN_S


def _system_proxies(url: str) -> str | None:
    proxies = urllib.request.getproxies()
    if urllib.request.proxy_bypass(httpx.URL(url).host or ""):
        return None
    scheme = httpx.URL(url).scheme
    return proxies.get(scheme) or proxies.get("all")


def proxy_for(cfg: HttpConfig) -> str | None:
    """The proxy URL to use for the server, or None for a direct connection."""
    if cfg.proxy.strip().lower() == "none":
        return None
    if cfg.proxy.strip():
        return cfg.proxy.strip()
    return _system_proxies(cfg.server_url) if cfg.server_url else None


def make_client(cfg: HttpConfig) -> httpx.Client:
    verify: ssl.SSLContext | bool = True
    if cfg.ca_file:
        import certifi

        ctx = ssl.create_default_context(cafile=certifi.where())
        try:
            ctx.load_verify_locations(cafile=cfg.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise SyncError(
                N_("The CA certificate file cannot be read: {error}"),
                kind="config",
                error=str(exc),
            ) from exc
        verify = ctx
    proxy = proxy_for(cfg)
    t = cfg.silence_timeout
    return httpx.Client(
        base_url=cfg.server_url.rstrip("/"),
        proxy=proxy,
        verify=verify,
        trust_env=False,  # the proxy choice above is explicit
        timeout=httpx.Timeout(connect=t, read=t, write=t, pool=t),
        headers={"User-Agent": USER_AGENT},
    )


def classify(exc: BaseException) -> SyncError:
    """A transport exception → SyncError with its kind (network, timeout)."""
    if isinstance(exc, httpx.TimeoutException):
        return SyncError(
            N_("No answer from the server for {seconds} seconds."),
            kind="timeout",
            seconds=int(SILENCE_TIMEOUT_S),
        )
    # The clerk reads the reason in Chinese; the raw text ("[Errno 111] Connection refused")
    # stays in ``detail`` for the log.
    return SyncError(network_reason(exc), kind="network", detail=str(exc) or type(exc).__name__)


#: (words in the low-level error, what it means for the clerk), first match wins.
_NETWORK_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("certificate", "ssl", "tls"),
        N_(
            "The server's security certificate cannot be verified: check the CA file in the "
            "sync settings, or ask the district."
        ),
    ),
    (
        ("proxy",),
        N_("The proxy refused or failed: check the proxy in the sync settings."),
    ),
    (
        ("refused", "errno 111", "errno 10061"),
        N_(
            "The server refused the connection: it may be stopped, or the address or port is wrong."
        ),
    ),
    (
        (
            "name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "name resolution",
            "no address associated",
            "errno -2",
            "errno -3",
            "errno 11001",
        ),
        N_("The server's name cannot be found: check the address and the network."),
    ),
    (
        ("unreachable", "errno 101", "errno 113", "no route"),
        N_("There is no network route to the server: check the network connection."),
    ),
    (
        ("reset", "broken pipe", "aborted", "disconnected", "remote protocol"),
        N_("The connection to the server was cut off; it will be tried again."),
    ),
)


def network_reason(exc: BaseException) -> str:
    """A network failure as a template a clerk can act on (never the raw OS text)."""
    seen: set[int] = set()
    texts: list[str] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts.append(f"{type(current).__name__} {current}".lower())
        current = current.__cause__ or current.__context__
    text = " ".join(texts)
    for words, template in _NETWORK_REASONS:
        if any(word in text for word in words):
            return template
    return N_("Cannot reach the server: check the network and the server address.")


def error_for_response(response: httpx.Response) -> SyncError:
    """A non-2xx answer → SyncError: 5xx/429 server (retried), 401 auth, other 4xx rejected."""
    code, message = "", ""
    try:
        body = response.json()
        if isinstance(body, dict):
            code, message = str(body.get("error", "")), str(body.get("message", ""))
    except ValueError:
        message = response.text[:200]
    status = response.status_code
    if status >= 500 or status == 429:
        return SyncError(
            N_("The server is busy or failing (HTTP {status}); will retry."),
            kind="server",
            status=status,
        )
    if status == 401:
        return SyncError(
            N_("The server no longer accepts this installation ({code}); enrol again."),
            kind="auth",
            code=code or "unauthorized",
        )
    return SyncError(
        N_("The server refused the request (HTTP {status} {code}): {message}"),
        kind="rejected",
        status=status,
        code=code,
        message=message,
    )
