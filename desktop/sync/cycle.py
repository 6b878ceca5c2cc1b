"""One sync cycle of a PC: push its changes, then pull the street's (protocol 2), then read
what each device of the street last sent and received (the sync page)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from desktop.db import Database
from desktop.errors import SyncError
from desktop.models.base import utcnow
from desktop.models.sync import SyncState
from desktop.sync import client as push_client
from desktop.sync.client import PushReport
from desktop.sync.pull import PullReport, _client_for, get_pull, peek_pull, pull_once
from desktop.sync.state import STATE_ID, get_state
from desktop.sync.transport import classify

log = logging.getLogger(__name__)

DEVICES_PATH = "/api/v1/streets/{code}/devices"


@dataclass
class CycleReport:
    push: PushReport
    pull: PullReport | None = None

    @property
    def ok(self) -> bool:
        return self.push.ok and (self.pull is None or self.pull.ok)

    @property
    def error(self) -> SyncError | None:
        return self.push.error or (self.pull.error if self.pull else None)

    @property
    def ops_acked(self) -> int:
        return self.push.ops_acked


def sync_once(
    db: Database,
    *,
    client: httpx.Client | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> CycleReport:
    """Push, then pull (a protocol-1 server simply has nothing to pull: 404 is no error)."""
    report = CycleReport(
        push_client.push_once(db, client=client, progress=progress, should_stop=should_stop)
    )
    if report.push.error is not None:
        return report  # (a PC still to be restored is refused here too: restore.restore)
    if should_stop is not None and should_stop():
        return report
    pulled = pull_once(db, client=client, progress=progress, should_stop=should_stop)
    if pulled.error is not None and pulled.error.params.get("status") == 404:
        return report  # a protocol-1 server
    report.pull = pulled
    if pulled.ok:
        try:
            refresh_devices(db, client)
        except SyncError as err:
            log.info("could not read the street's devices: %s", err.english)
    return report


@dataclass(frozen=True)
class DeviceView:
    device_id: str
    name: str
    this_pc: bool
    revoked: bool
    last_push_at: datetime | None
    ops_sent: int
    last_pull_at: datetime | None
    rows_received: int
    pulled_through: int


@dataclass(frozen=True)
class StreetDevices:
    head: int
    read_at: datetime | None
    devices: list[DeviceView] = field(default_factory=list)


def refresh_devices(db: Database, client: httpx.Client | None = None) -> None:
    """Read the street's per-device status from the server and keep it for the sync page."""
    with db.session() as s:
        state = get_state(s)
        token, url, street = state.token, state.server_url, state.street_code
        s.commit()
    own = client is None
    http = client or _client_for(db, url)
    try:
        response = http.get(
            DEVICES_PATH.format(code=street), headers={"Authorization": f"Bearer {token}"}
        )
    except httpx.HTTPError as exc:
        raise classify(exc) from exc
    finally:
        if own:
            http.close()
    if response.status_code != 200:
        from desktop.sync.transport import error_for_response

        raise error_for_response(response)
    with db.transaction() as s:
        pull = get_pull(s)
        pull.devices_json = response.text
        pull.devices_at = utcnow()
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("head"), int):
            pull.head = max(pull.head, int(body["head"]), pull.cursor)


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def street_devices(db: Database) -> StreetDevices:
    """The street's devices as last read from the server (empty before the first read)."""
    with db.session() as s:
        pull = peek_pull(s)
        if pull is None:
            return StreetDevices(0, None)
        state = s.get(SyncState, STATE_ID)
        me = state.device_id if state is not None else ""
        text, read_at = pull.devices_json, pull.devices_at
    if not text:
        return StreetDevices(0, None)
    body = json.loads(text)
    views = [
        DeviceView(
            device_id=str(d.get("device_id", "")),
            name=str(d.get("name", "")),
            this_pc=d.get("device_id") == me,
            revoked=bool(d.get("revoked")),
            last_push_at=_time(d.get("last_push_at")),
            ops_sent=int(d.get("ops_sent") or 0),
            last_pull_at=_time(d.get("last_pull_at")),
            rows_received=int(d.get("rows_received") or 0),
            pulled_through=int(d.get("pulled_through") or 0),
        )
        for d in body.get("devices", [])
        if isinstance(d, dict)
    ]
    return StreetDevices(int(body.get("head") or 0), read_at, views)
