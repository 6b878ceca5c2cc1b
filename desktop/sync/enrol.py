"""Enrolment: a one-time code from the district + a fresh Ed25519 key → a bearer token.

``POST /api/v1/devices/enroll`` {code, device_id, name, public_key}, signed with the new key
(docs/sync-protocol.md §3). Enrolling again (a revoked token, a new server) makes a new device
id and key; batches sealed for the old device go back to the outbox and are sealed again.
"""

from __future__ import annotations

import json
import logging
import platform
import uuid
from dataclasses import dataclass

import httpx

from desktop.db import Database
from desktop.errors import SyncError, ValidationError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.services import audit
from desktop.services import settings as settings_service
from desktop.services.permissions import Actor, Permission
from desktop.sync import PROTOCOL_VERSION
from desktop.sync.seal import unseal_unacknowledged
from desktop.sync.state import get_state, lock_for_write, new_private_key, sign_b64
from desktop.sync.transport import HttpConfig, classify, error_for_response, make_client

ENROL_PATH = "/api/v1/devices/enroll"
META_PATH = "/api/v1/meta"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    street_code: str
    server_url: str
    watermark: int


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url:
        raise ValidationError(N_("Enter the server address."), field="server_url")
    if "://" not in url:
        url = "https://" + url
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValidationError(
            N_("The server address must look like https://host:port."), field="server_url"
        )
    return url


def enrol(
    db: Database,
    actor: Actor,
    server_url: str,
    code: str,
    *,
    device_name: str = "",
    client: httpx.Client | None = None,
) -> Enrolment:
    actor.require(Permission.MANAGE_SETTINGS)
    url = normalise_url(server_url)
    code = code.strip()
    if not code:
        raise ValidationError(N_("Enter the one-time enrolment code."), field="code")
    if not db.street_code:
        raise ValidationError(N_("Set up the street before enrolling."), field="street")
    with db.session() as s:
        cfg = settings_service.load(s)
    private_b64, public_b64 = new_private_key()
    device_id = str(uuid.uuid4())
    name = (device_name or f"{platform.node() or 'Yishi'} {db.street_code}")[:200]
    body = json.dumps(
        {"code": code, "device_id": device_id, "name": name, "public_key": public_b64},
        ensure_ascii=False,
    ).encode("utf-8")
    own = client is None
    http = client or make_client(HttpConfig(url, cfg.sync_proxy, cfg.sync_ca_file))
    try:
        try:
            meta = http.get(url + META_PATH)
            response = http.post(
                url + ENROL_PATH,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Yishi-Signature": sign_b64(private_b64, body),
                },
            )
        except httpx.HTTPError as exc:
            raise classify(exc) from exc
    finally:
        if own:
            http.close()
    if meta.status_code == 200:
        proto = meta.json().get("protocol", {})
        if not proto.get("min", 1) <= PROTOCOL_VERSION <= proto.get("max", 1):
            raise SyncError(
                N_("The server does not speak sync protocol {version}."),
                kind="protocol",
                version=PROTOCOL_VERSION,
            )
    if response.status_code not in (200, 201):
        err = error_for_response(response)
        if err.kind in ("rejected", "auth"):
            detail = err.params.get("code") or ""
            raise SyncError(
                N_("Enrolment refused ({code}): check the code with the district."),
                kind="rejected",
                code=detail,
            )
        raise err
    answer = response.json()
    street = str(answer.get("street_code", ""))
    if street != db.street_code:
        raise SyncError(
            N_("The code was issued for street {server}, but this installation is {local}."),
            kind="rejected",
            server=street,
            local=db.street_code,
        )
    with db.transaction() as s:
        lock_for_write(s)
        state = get_state(s)
        # Enrolling again (revoked token, new server address) for the same street: this PC's
        # data is the street's already, nothing to restore.
        again = bool(state.device_id) and state.street_code == street
        if state.device_id and state.device_id != device_id:
            unseal_unacknowledged(s)
        state.device_id = str(answer.get("device_id", device_id))
        state.device_name = name
        state.private_key = private_b64
        state.public_key = public_b64
        state.server_url = url
        state.server_public_key = str(answer.get("server_public_key", ""))
        state.token = str(answer["token"])
        state.street_code = street
        state.enrolled_at = utcnow()
        state.needs_enrolment = False
        state.watermark = int(answer.get("watermark", 0))
        state.sealed_through = state.watermark
        state.failures = 0
        state.next_attempt_at = None
        state.last_error = ""
        state.last_error_kind = ""
        if cfg.sync_server_url != url:
            settings_service.update(s, actor, sync_server_url=url)
        audit.record(
            s,
            actor,
            "sync.enrol",
            "sync_state",
            state.device_id,
            after={"server": url, "street": street},
        )
    _check_restore(db, client if own is False else None, again)
    return Enrolment(state.device_id, street, url, int(answer.get("watermark", 0)))


def _check_restore(db: Database, client: httpx.Client | None, again: bool) -> None:
    """Protocol 2: a street that has data restores this PC first (desktop/sync/restore.py)."""
    from desktop.sync.restore import check_after_enrol

    try:
        check_after_enrol(db, client, again=again)
    except SyncError as err:  # a protocol-1 server (no pull) or no answer: nothing to restore
        log.warning("could not ask the server whether the street has data: %s", err.english)
