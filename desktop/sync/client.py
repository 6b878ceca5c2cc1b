"""Push sealed batches to the city server (DESIGN.md §7; docs/sync-protocol.md §5).

``push_once`` seals what is pending and sends every unacknowledged batch in seq order, one
HTTP request each, recording each answer in its own local transaction *after* the server
committed it. A crash anywhere leaves the batch unacknowledged; the next push resends the
same bytes and the server answers ``duplicate`` with the original results. Errors are
classed: network/timeout/5xx/429 are retried with backoff (``push`` / the GUI scheduler),
401 marks the installation as needing enrolment, a refused batch stops the queue (the
sequence must stay continuous) and is shown as the last error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import delete, select

from desktop.db import Database
from desktop.errors import SyncError
from desktop.i18n import N_
from desktop.models.base import utcnow
from desktop.models.outbox import SyncOutbox
from desktop.models.sync import SyncBatch
from desktop.services import settings as settings_service
from desktop.sync.pull import checkpoint_later
from desktop.sync.results import AckSummary, purge_acked, record_answer
from desktop.sync.seal import pending_count, seal_pending, unseal_unacknowledged
from desktop.sync.state import get_state, lock_for_write
from desktop.sync.transport import (
    RETRYABLE_KINDS,
    HttpConfig,
    backoff_delay,
    classify,
    error_for_response,
    make_client,
)

log = logging.getLogger(__name__)

BATCHES_PATH = "/api/v1/batches"
MAX_RESEALS = 3
#: A push deletes the acknowledged batches' outbox rows every this many answers (and at its
#: end): one delete for many batches rewrites the outbox's random-key indexes once, not each
#: time (desktop/sync/results.py).
PURGE_EVERY = 20
#: ``fn(done_ops, total_ops)``; may raise to stop (e.g. the UI's Cancelled).
ProgressFn = Callable[[int, int], None]


@dataclass
class PushReport:
    batches_sent: int = 0
    ops_acked: int = 0
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    bytes_sent: int = 0
    remaining_batches: int = 0
    pending_ops: int = 0
    error: SyncError | None = None
    attempts: int = 0
    summaries: list[AckSummary] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def http_config(db: Database) -> HttpConfig:
    with db.session() as s:
        state = get_state(s)
        cfg = settings_service.load(s)
        s.commit()
    return HttpConfig(
        server_url=state.server_url or cfg.sync_server_url,
        proxy=cfg.sync_proxy,
        ca_file=cfg.sync_ca_file,
    )


def seal_all(db: Database) -> int:
    total = 0
    while True:
        with db.transaction() as s:
            sealed = seal_pending(s)
        total += len(sealed)
        if not sealed:
            return total


@dataclass(frozen=True)
class _Outgoing:
    """What is sent of one sealed batch (the stored bytes, exactly)."""

    batch_id: str
    count: int
    body: bytes
    signature: str


def _unacked(db: Database) -> list[tuple[str, int]]:
    """The unacknowledged batches (id, op count), oldest first."""
    with db.session() as s:
        rows = s.execute(
            select(SyncBatch.batch_id, SyncBatch.count)
            .where(SyncBatch.state != "acked")
            .order_by(SyncBatch.first_seq)
        ).all()
    return [(str(r[0]), int(r[1])) for r in rows]


def _load(db: Database, batch_id: str) -> _Outgoing | None:
    """The batch's stored bytes, unless it was acknowledged or dropped meanwhile."""
    with db.session() as s:
        row = s.execute(
            select(SyncBatch.count, SyncBatch.body, SyncBatch.signature).where(
                SyncBatch.batch_id == batch_id, SyncBatch.state != "acked"
            )
        ).first()
    return None if row is None else _Outgoing(batch_id, int(row[0]), bytes(row[1]), str(row[2]))


def _count_attempt(db: Database, batch_id: str) -> None:
    """A send that failed still counts as an attempt (a successful one is counted together
    with its answer)."""
    with db.transaction() as s:
        row = s.get(SyncBatch, batch_id)
        if row is not None:
            row.attempts += 1
            row.last_sent_at = utcnow()


def _credentials(db: Database) -> tuple[str, str]:
    with db.session() as s:
        state = get_state(s)
        s.commit()
        if not state.token or state.needs_enrolment:
            raise SyncError(
                N_("This installation is not enrolled with a server; enrol first."), kind="auth"
            )
        from desktop.models.sync import BLOCKED, RESTORING, SyncPull

        pull = s.get(SyncPull, 1)
        if pull is not None and pull.restore in (BLOCKED, RESTORING):
            # Its own data would land next to the street's (docs/sync-client.md, restore).
            raise SyncError(
                N_(
                    "This PC has to be restored from the city server before it can send "
                    "changes (Sync page: restore)."
                ),
                kind="config",
            )
        return state.token, state.server_url


#: Sent with a batch that more batches follow at once: the server leaves its dashboard
#: figures to the last one (docs/sync-protocol.md §5.2; a hint, the answer is the same).
MORE_HEADER = "X-Yishi-More"


def _send(
    client: httpx.Client, token: str, batch: _Outgoing, *, more: bool = False
) -> dict[str, Any]:
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "X-Yishi-Signature": batch.signature,
    }
    if more:
        headers[MORE_HEADER] = "1"
    try:
        response = client.post(BATCHES_PATH, content=batch.body, headers=headers)
    except httpx.HTTPError as exc:
        raise classify(exc) from exc
    if response.status_code == 409:
        body = _json(response)
        raise _SequenceError(str(body.get("error", "")), int(body.get("watermark", -1)), body)
    if response.status_code != 200:
        raise error_for_response(response)
    answer = _json(response)
    if answer.get("batch_id", batch.batch_id) != batch.batch_id or "results" not in answer:
        raise SyncError(N_("The server's answer does not match the batch sent."), kind="protocol")
    return answer


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise SyncError(
            N_("The server's answer is not valid JSON (HTTP {status})."),
            kind="server",
            status=response.status_code,
        ) from exc
    return body if isinstance(body, dict) else {}


class _SequenceError(Exception):
    def __init__(self, code: str, watermark: int, body: dict[str, Any]) -> None:
        super().__init__(code)
        self.code = code
        self.watermark = watermark
        self.body = body


def _handle_sequence(db: Database, batch: _Outgoing, err: _SequenceError) -> bool:
    """A 409 (docs/sync-protocol.md §6.2): the server's watermark W says what it has.

    ``sequence_overlap`` with W at or past this batch: its ops reached the server in another
    batch (sealed again after re-enrolment): acknowledged by watermark. Otherwise ops with
    ``seq <= W`` count as acknowledged and everything unacknowledged is sealed again from
    ``W + 1`` (holes in a range are allowed), which also covers a server restored from an
    older backup (``sequence_gap``).
    """
    if err.watermark < 0 or err.code not in ("sequence_overlap", "sequence_gap"):
        message = str(err.body.get("message", err.code))
        with db.transaction() as s:
            row = s.get(SyncBatch, batch.batch_id)
            if row is not None:
                row.error = message
        raise SyncError(
            N_("The server's sequence does not match this installation ({code}): {message}"),
            kind="protocol",
            code=err.code,
            message=message,
        )
    w = err.watermark
    with db.transaction() as s:
        lock_for_write(s)
        row = s.get(SyncBatch, batch.batch_id)
        if err.code == "sequence_overlap" and row is not None and w >= row.last_seq:
            record_answer(s, row, {"watermark": w, "results": []}, "watermark")
            return True
        unseal_unacknowledged(s)
        s.execute(delete(SyncOutbox).where(SyncOutbox.seq <= w))
        state = get_state(s)
        state.watermark = w
        state.sealed_through = w
    log.warning("server watermark %d (%s): sealed the unacknowledged ops again", w, err.code)
    return True


#: Batches sealed ahead of the one in flight: sealing more while the server applies a batch
#: keeps both sides busy; a few at a time keep each sealing transaction short.
SEAL_AHEAD = 2


def _has_pending(db: Database) -> bool:
    """Whether ops wait to be sealed (one probe of the batch_id index)."""
    with db.session() as s:
        found = s.scalar(select(SyncOutbox.seq).where(SyncOutbox.batch_id.is_(None)).limit(1))
    return found is not None


def _seal_more(db: Database, batches: int) -> list[tuple[str, int]]:
    """Seal up to ``batches`` batches in one transaction; (id, op count) of each, in order."""
    with db.transaction() as s:
        sealed = seal_pending(s, max_batches=batches)
    return [(b.batch_id, b.count) for b in sealed]


def push_once(
    db: Database,
    *,
    client: httpx.Client | None = None,
    progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> PushReport:
    """Seal and send everything pending once; record the outcome in ``sync_state``.

    Pipelined: one batch is in flight at a time (sent from a worker thread, in seq order, the
    next only after the server answered the one before), and while the server applies it
    this thread records the previous answer and seals the next batches. An answer is still
    recorded only after the server committed it, so a kill anywhere loses nothing (the next
    push resends what was not recorded and gets ``duplicate``).
    """
    report = PushReport()
    own_client = client is None
    try:
        token, url = _credentials(db)
        if client is None:
            cfg = http_config(db)
            client = make_client(HttpConfig(url or cfg.server_url, cfg.proxy, cfg.ca_file))
        queue = _unacked(db) or _seal_more(db, SEAL_AHEAD)
        with db.session() as s:
            total = sum(count for _, count in queue) + pending_count(s)
        http = client
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yishi-push") as pool:
            _push_batches(db, pool, http, token, queue, total, report, progress, should_stop)
    except SyncError as err:
        report.error = err
        if err.kind in RETRYABLE_KINDS:
            seal_all(db)  # what waits is sealed and kept, as when a push sealed all first
    finally:
        if own_client and client is not None:
            client.close()
    _record_outcome(db, report)
    return report


def _push_batches(
    db: Database,
    pool: ThreadPoolExecutor,
    http: httpx.Client,
    token: str,
    queue: list[tuple[str, int]],
    total: int,
    report: PushReport,
    progress: ProgressFn | None,
    should_stop: Callable[[], bool] | None,
) -> None:
    done = 0
    reseals = 0
    unpurged = 0

    def launch() -> tuple[_Outgoing, Future[dict[str, Any]]] | None:
        """Send the next batch (sealing more first when none is left), or None when done."""
        nonlocal queue
        while True:
            if should_stop is not None and should_stop():
                return None
            if not queue:
                # Changes made while pushing (or batches sealed again): seal and continue.
                # (Not _unacked(): the batch whose answer is being recorded is still in it.)
                queue = _seal_more(db, SEAL_AHEAD)
                if not queue:
                    return None
            batch = _load(db, queue.pop(0)[0])
            if batch is not None:
                more = bool(queue) or _has_pending(db)
                return batch, pool.submit(_send, http, token, batch, more=more)

    inflight = launch()
    while inflight is not None:
        batch, sending = inflight
        inflight = None
        try:
            answer = sending.result()
        except _SequenceError as err:
            _count_attempt(db, batch.batch_id)
            reseals += 1
            if reseals > MAX_RESEALS:
                raise SyncError(
                    N_(
                        "The server's sequence does not match this installation ({code}): {message}"
                    ),
                    kind="protocol",
                    code=err.code,
                    message=str(err.body.get("message", "")),
                ) from err
            _handle_sequence(db, batch, err)
            queue = _unacked(db)  # what is unacknowledged now was sealed again
            inflight = launch()
            continue
        except SyncError:
            _count_attempt(db, batch.batch_id)
            raise
        # The server has committed this batch: the next one goes out now, and this answer is
        # recorded (and more is sealed) while the server applies it.
        inflight = launch()
        report.bytes_sent += len(batch.body)
        with db.transaction() as s:
            checkpoint_later(s, inflight is not None)  # as a pull does (desktop/sync/pull.py)
            lock_for_write(s)
            row = s.get(SyncBatch, batch.batch_id)
            if row is None:
                continue
            row.attempts += 1
            row.last_sent_at = utcnow()
            summary = record_answer(s, row, answer, "http", keep_outbox=True)
            unpurged += 1
            if unpurged >= PURGE_EVERY:
                purge_acked(s)
                unpurged = 0
        report.batches_sent += 1
        report.ops_acked += batch.count
        report.applied += summary.applied
        report.duplicates += summary.duplicates
        report.conflicts += summary.conflicts
        report.rejected += summary.rejected
        report.summaries.append(summary)
        done += batch.count
        if inflight is None:
            # That was the last batch, but its answer may have made ops (a conflict merged
            # and sent again on the server's version): they go out in this push too.
            inflight = launch()
        elif len(queue) < SEAL_AHEAD:
            queue.extend(_seal_more(db, SEAL_AHEAD))
        if progress is not None:
            progress(done, max(total, done))


def _record_outcome(db: Database, report: PushReport) -> None:
    now = utcnow()
    with db.transaction() as s:
        lock_for_write(s)
        # The outbox rows of every acknowledged batch go now, also those a push killed
        # before its purge left behind (readers leave them out meanwhile: results.NOT_ACKED).
        checkpoint_later(s, False)
        purge_acked(s)
        state = get_state(s)
        state.last_attempt_at = now
        err = report.error
        if err is None:
            state.last_success_at = now
            state.failures = 0
            state.next_attempt_at = None
        else:
            state.last_error = err.message
            state.last_error_kind = err.kind
            state.last_error_at = now
            if err.kind == "auth" and state.token:
                state.needs_enrolment = True
            if err.kind in RETRYABLE_KINDS:
                state.failures += 1
                state.next_attempt_at = now + timedelta(seconds=backoff_delay(state.failures))
            else:
                state.next_attempt_at = None
            if err.kind == "rejected":
                first = s.scalar(
                    select(SyncBatch)
                    .where(SyncBatch.state != "acked")
                    .order_by(SyncBatch.first_seq)
                    .limit(1)
                )
                if first is not None:
                    first.error = err.english
        report.pending_ops = pending_count(s)
        report.remaining_batches = len(
            s.scalars(select(SyncBatch.batch_id).where(SyncBatch.state != "acked")).all()
        )
        report.attempts = 1
    if err is not None:
        log.warning("sync push failed (%s): %s", err.kind, err.english)


def push(
    db: Database,
    *,
    retry_for: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
    client: httpx.Client | None = None,
    progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_retry: Callable[[SyncError, float], None] | None = None,
) -> PushReport:
    """``push_once``, retried with backoff on network/timeout/server errors for up to
    ``retry_for`` seconds (the headless ``yishi sync push``)."""
    deadline = time.monotonic() + retry_for
    attempts = 0
    while True:
        report = push_once(db, client=client, progress=progress, should_stop=should_stop)
        attempts += 1
        report.attempts = attempts
        err = report.error
        if err is None or err.kind not in RETRYABLE_KINDS:
            return report
        with db.session() as s:
            failures = get_state(s).failures
            s.commit()
        delay = backoff_delay(failures)
        if time.monotonic() + delay > deadline:
            return report
        if on_retry is not None:
            on_retry(err, delay)
        sleep(delay)


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    needs_enrolment: bool
    server_url: str
    device_id: str
    street_code: str
    pending_ops: int
    unacked_batches: int
    unacked_ops: int
    watermark: int
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str
    last_error_kind: str
    next_attempt_at: datetime | None
    open_issues: int
    #: Protocol 2: this PC's position in its street's changes and the street's newest seen.
    pull_cursor: int = 0
    street_head: int = 0
    restore: str = ""
    last_pull_at: datetime | None = None

    #: Changes of other computers this PC has not received yet (as last known).
    behind_by: int = 0

    @property
    def behind(self) -> bool:
        """This PC has not yet received every change of its street the server has."""
        return self.behind_by > 0


def status(db: Database) -> SyncStatus:
    from sqlalchemy import func

    from desktop.models.sync import SyncIssue

    with db.session() as s:
        state = get_state(s)
        s.commit()
        batches = s.execute(
            select(func.count(), func.coalesce(func.sum(SyncBatch.count), 0)).where(
                SyncBatch.state != "acked"
            )
        ).one()
        issues = s.scalar(select(func.count()).where(SyncIssue.status == "open")) or 0
        from desktop.models.sync import SyncPull

        pull = s.get(SyncPull, 1)
        return SyncStatus(
            enrolled=bool(state.token),
            needs_enrolment=state.needs_enrolment,
            server_url=state.server_url,
            device_id=state.device_id,
            street_code=state.street_code,
            pending_ops=pending_count(s),
            unacked_batches=int(batches[0]),
            unacked_ops=int(batches[1]),
            watermark=state.watermark,
            last_success_at=state.last_success_at,
            last_attempt_at=state.last_attempt_at,
            last_error=state.last_error,
            last_error_kind=state.last_error_kind,
            next_attempt_at=state.next_attempt_at,
            open_issues=int(issues),
            pull_cursor=pull.cursor if pull else 0,
            street_head=pull.head if pull else 0,
            restore=pull.restore if pull else "",
            last_pull_at=pull.last_pull_at if pull else None,
            behind_by=_behind_by(pull),
        )


def _behind_by(pull: Any) -> int:
    """The server's count from the last device-status read when it is newer than the last
    pull; else what the last pull left (its position against the street's newest change)."""
    if pull is None or pull.cursor >= pull.head:
        return 0
    if pull.devices_json and pull.devices_at is not None:
        newer = pull.last_pull_at is None or pull.devices_at >= pull.last_pull_at
        if newer:
            import json

            behind = json.loads(pull.devices_json).get("behind")
            if isinstance(behind, int):
                return behind
    return int(pull.head - pull.cursor)


@dataclass(frozen=True)
class BatchView:
    batch_id: str
    first_seq: int
    last_seq: int
    count: int
    state: str
    sealed_at: datetime
    acked_at: datetime | None
    ack_source: str
    attempts: int
    applied: int
    duplicates: int
    conflicts: int
    rejected: int
    bytes: int
    exported: bool
    error: str


def batch_history(db: Database, limit: int = 200) -> list[BatchView]:
    from sqlalchemy import func

    with db.session() as s:
        rows = s.execute(
            select(
                SyncBatch.batch_id,
                SyncBatch.first_seq,
                SyncBatch.last_seq,
                SyncBatch.count,
                SyncBatch.state,
                SyncBatch.sealed_at,
                SyncBatch.acked_at,
                SyncBatch.ack_source,
                SyncBatch.attempts,
                SyncBatch.applied,
                SyncBatch.duplicates,
                SyncBatch.conflicts,
                SyncBatch.rejected,
                func.length(SyncBatch.body),
                SyncBatch.exported_at,
                SyncBatch.error,
            )
            .order_by(SyncBatch.first_seq.desc())
            .limit(limit)
        ).all()
    return [
        BatchView(
            batch_id=r[0],
            first_seq=r[1],
            last_seq=r[2],
            count=r[3],
            state=r[4],
            sealed_at=r[5],
            acked_at=r[6],
            ack_source=r[7],
            attempts=r[8],
            applied=r[9],
            duplicates=r[10],
            conflicts=r[11],
            rejected=r[12],
            bytes=int(r[13] or 0),
            exported=r[14] is not None,
            error=r[15],
        )
        for r in rows
    ]
