"""Pull the street's changes made on other PCs (sync protocol 2; docs/sync-protocol.md §12).

``pull_once`` reads ``GET /api/v1/changes`` a page at a time from the saved cursor and applies
each page in one local transaction together with the new cursor, so a dropped connection or a
killed process resumes from the last committed page and never applies a change twice in a way
that matters (a row at a version this PC already has is left alone).

Applying a pulled change (:func:`apply_changes`):

- writes the row without an outbox op (no echo back to the server), with the row's version,
  times and fields exactly as the server has them; local-only columns stay local: the pinyin
  sort key ``name_sort`` is computed from the pulled name, and a poll's local ballot secret
  is never overwritten;
- skips a row that has unacknowledged local changes: pushing them meets the server's newer
  version as a conflict, which the conflict rules of docs/sync-protocol.md §13 resolve
  (desktop/sync/results.py);
- appends one ``sync.pulled`` audit row per change, in the audit chain, naming the person
  (``by``) and the device it came from; while the PC is being restored, one ``sync.pulled``
  row per page that lists every change it applied (entity, id, version, deleted, device,
  change number, person).

Rows are written with executemany on the transaction's own connection (a restore of a street
is hundreds of thousands of rows); foreign keys are checked at commit
(``PRAGMA defer_foreign_keys``), so rows of one page may come in any order. A child whose
parent is only in a later page (the parent changed again after the child was made) fails that
commit; the page is then applied again together with the next one. Any other change that
does not fit (a required field missing) stops the pull at once with a message in Chinese; the
page is not applied and the cursor stays. While the PC is being restored, a page's rows are
taken as new (no look-up of local versions, inserted a column at a time); a row that is here
after all (changed on the server during the restore, so sent again) fails the insert, and
that page is applied again the long way.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import httpx
import orjson
from sqlalchemy import Date, DateTime
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import SyncError
from desktop.gc_pause import gc_paused
from desktop.i18n import N_
from desktop.models.base import Base, synced_keys, utcnow
from desktop.models.sync import RESTORING, SyncPull
from desktop.pinyin_order import key_for
from desktop.sync.pulled_audit import audit_changes, audit_page
from desktop.sync.results import KEEP_LOCAL, NOT_ACKED_SQL, model_for
from desktop.sync.state import get_state
from desktop.sync.transport import HttpConfig, classify, error_for_response, make_client

log = logging.getLogger(__name__)

PULL_PROTOCOL = 2
CHANGES_PATH = "/api/v1/changes"
PAGE_LIMIT = 2000
PULL_ID = 1
#: The write-ahead log's auto-checkpoint while a pull has more pages to apply (4 KiB pages:
#: at most about 80 MB of log; SQLite's default is 1000).
CHECKPOINT_PAGES = 20_000
#: ``fn(done, total)`` in changes; may raise to stop (the UI's Cancelled).
ProgressFn = Callable[[int, int], None]


@dataclass
class PullReport:
    pages: int = 0
    received: int = 0
    applied: int = 0
    unchanged: int = 0
    deferred: int = 0
    cursor: int = 0
    head: int = 0
    error: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def behind(self) -> bool:
        return self.cursor < self.head


@dataclass
class Page:
    after: int
    next: int
    head: int
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.next < self.head


def peek_pull(session: Session) -> SyncPull | None:
    """The ``sync_pull`` row if it exists, for readers: a read session must never write (a
    deferred transaction that reads and then writes fails with "database is locked" when a
    background sync commits in between)."""
    return session.get(SyncPull, PULL_ID)


def get_pull(session: Session) -> SyncPull:
    """The single ``sync_pull`` row, created on first use (inside a write transaction)."""
    row = session.get(SyncPull, PULL_ID)
    if row is None:
        row = SyncPull(
            id=PULL_ID,
            cursor=0,
            head=0,
            rows_pulled=0,
            restore="",
            devices_json="",
            devices_at=None,
        )
        session.add(row)
        session.flush()
    return row


# ------------------------------------------------------------------------------ applying


def _time_text(value: Any) -> Any:
    """A pulled UTC time (``…Z`` from json_value, or with an offset) as SQLite stores it."""
    if not isinstance(value, str):
        return value
    if value.endswith("Z") and len(value) == 27 and value[10] == "T":
        return f"{value[:10]} {value[11:26]}"
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%d %H:%M:%S.%f")


def _time_texts(values: Iterable[Any]) -> list[Any]:
    """:func:`_time_text` over a column; the server's form without a call per value."""
    return [
        value[:10] + " " + value[11:26]
        if value.__class__ is str and len(value) == 27 and value[26] == "Z" and value[10] == "T"
        else None
        if value is None
        else _time_text(value)
        for value in values
    ]


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How a JSON value of ``column`` becomes the value SQLite stores (None: as it is)."""
    kind = column.type
    impl = getattr(kind, "impl_instance", None) or getattr(kind, "impl", None) or kind
    if isinstance(impl, DateTime) or isinstance(kind, DateTime):
        return _time_text
    if isinstance(impl, Date) or isinstance(kind, Date):
        return None  # ISO text both ways
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return None
    if python_type is bool:
        return lambda v: None if v is None else int(bool(v))
    if python_type is bytes:
        return lambda v: bytes.fromhex(v) if isinstance(v, str) else v
    return None


@dataclass
class _Shape:
    """One synced model's columns as a pulled row fills them."""

    table: str
    synced: list[str]
    convert: list[Callable[[Any], Any] | None]
    name_sort: Callable[[str], str] | None
    local_defaults: dict[str, Any]
    keep_local: list[str]
    converting: list[tuple[int, Callable[[Any], Any]]] = field(default_factory=list)
    pick: Callable[[dict[str, Any]], Any] = field(default=lambda _d: ())


_SHAPES: dict[str, _Shape] = {}


def _shape(cls: type[Base]) -> _Shape:
    table = str(cls.__tablename__)
    shape = _SHAPES.get(table)
    if shape is None:
        columns = {c.key: c for c in cls.__table__.columns}
        keys = list(synced_keys(cls))
        local = [k for k in columns if k not in keys]
        defaults: dict[str, Any] = {}
        for key in local:
            if key == "name_sort":
                continue
            default = columns[key].default
            arg = getattr(default, "arg", "") if default is not None else ""
            defaults[key] = arg
        shape = _SHAPES[table] = _Shape(
            table=table,
            synced=keys,
            convert=[_converter(columns[k]) for k in keys],
            name_sort=key_for(cls) if "name_sort" in columns else None,
            local_defaults=defaults,
            keep_local=[k for k in keys if (table, k) in KEEP_LOCAL],
        )
        shape.converting = [(i, c) for i, c in enumerate(shape.convert) if c is not None]
        shape.pick = _picker(keys)
    return shape


def _picker(keys: list[str]) -> Callable[[dict[str, Any]], Any]:
    """The synced values of a row's data, as a sequence in ``keys`` order."""
    if len(keys) == 1:
        only = itemgetter(keys[0])
        return lambda data: (only(data),)
    return itemgetter(*keys)


def _values(shape: _Shape, data: dict[str, Any]) -> list[Any]:
    try:
        values = list(shape.pick(data))  # every synced key present: one C call
    except KeyError:
        get = data.get
        values = [get(key) for key in shape.synced]
    for index, conv in shape.converting:
        value = values[index]
        if value is not None:
            values[index] = conv(value)
    return values


def _chunks(items: list[str], size: int = 900) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class ApplyCounts:
    applied: int = 0
    unchanged: int = 0
    deferred: int = 0
    unknown: int = 0


def apply_changes(
    session: Session,
    changes: list[dict[str, Any]],
    *,
    page: tuple[int, int] | None = None,
    new_rows: bool = False,
) -> ApplyCounts:
    """Apply pulled changes in the caller's transaction (no outbox op).

    The audit chain gets one ``sync.pulled`` row per applied change, or, with ``page`` (the
    cursor range ``(after, next)`` of a page applied while the PC is being restored), one
    ``sync.pulled`` row for the whole page listing every change it carried.

    ``new_rows``: the caller vouches that no row of ``changes`` is on this PC yet (a page of
    a restore: the street's rows come once each), so their versions are not looked up; a
    row that is here after all fails its insert with :class:`sqlite3.IntegrityError`, and
    the caller applies the page again without ``new_rows`` (see :func:`apply_page`).
    """
    counts = ApplyCounts()
    if not changes:
        return counts
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        has_outbox = cursor.execute("SELECT 1 FROM sync_outbox LIMIT 1").fetchone() is not None
        by_entity: dict[str, list[dict[str, Any]]] = {}
        for change in changes:
            by_entity.setdefault(str(change.get("entity")), []).append(change)
        applied: list[dict[str, Any]] = []
        for entity, group in by_entity.items():
            cls = model_for(entity)
            if cls is None:
                counts.unknown += len(group)
                continue
            done = _apply_entity(cursor, cls, group, has_outbox, counts, new_rows)
            applied.extend(done)
        if page is None:
            audit_changes(cursor, applied)
        else:
            audit_page(cursor, applied, page)
    finally:
        cursor.close()
    session.expire_all()
    return counts


def _apply_entity(
    cursor: Any,
    cls: type[Base],
    group: list[dict[str, Any]],
    has_outbox: bool,
    counts: ApplyCounts,
    new_rows: bool = False,
) -> list[dict[str, Any]]:
    shape = _shape(cls)
    if new_rows and not has_outbox:
        inserted = _insert_new(cursor, shape, group, counts)
        if inserted is not None:
            return inserted
    table = shape.table
    # The newest change per row (a page holds each row once; a carried-over page may not).
    latest: dict[str, dict[str, Any]] = {}
    for change in group:
        eid = str(change["entity_id"])
        if eid not in latest or int(change["version"]) >= int(latest[eid]["version"]):
            latest[eid] = change
    ids = list(latest)
    local: dict[str, int] = {}
    kept: dict[str, dict[str, Any]] = {}
    keep_cols = shape.keep_local
    for chunk in _chunks([] if new_rows else ids):  # a restore's page: none is here yet
        marks = ",".join("?" * len(chunk))
        wanted = ", ".join(["id", "version", *keep_cols])
        for row in cursor.execute(f"SELECT {wanted} FROM {table} WHERE id IN ({marks})", chunk):
            local[row[0]] = int(row[1])
            if keep_cols:
                kept[row[0]] = dict(zip(keep_cols, row[2:], strict=True))
    pending: set[str] = set()
    if has_outbox:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            pending.update(
                r[0]
                for r in cursor.execute(
                    f"SELECT DISTINCT entity_id FROM sync_outbox WHERE entity_id IN ({marks})"
                    f" AND {NOT_ACKED_SQL}",
                    chunk,
                )
            )
    inserts: list[list[Any]] = []
    updates: list[list[Any]] = []
    done: list[dict[str, Any]] = []
    extra_cols = list(shape.local_defaults)
    extra_vals = list(shape.local_defaults.values())
    for eid, change in latest.items():
        if eid in pending:
            counts.deferred += 1
            continue
        version = int(change["version"])
        have = local.get(eid)
        if (have is not None and have >= version) or (have is None and change.get("deleted")):
            counts.unchanged += 1  # (a tombstone of a row this PC never had: nothing to do)
            continue
        data = change.get("data") or {}
        values = _values(shape, data)
        if shape.name_sort is not None:
            values.append(shape.name_sort(str(data.get("name") or "")))
        if have is None:
            inserts.append(values + extra_vals)
        else:
            for key in keep_cols:
                old = kept.get(eid, {}).get(key)
                if old:  # a local secret is never replaced by a pulled one
                    values[shape.synced.index(key)] = old
            updates.append([*values, eid])
        done.append(change)
    cols = list(shape.synced) + (["name_sort"] if shape.name_sort is not None else [])
    if inserts:
        all_cols = cols + extra_cols
        marks = ",".join("?" * len(all_cols))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(all_cols)}) VALUES ({marks})", inserts)
    if updates:
        sets = ", ".join(f"{c} = ?" for c in cols)
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", updates)
    counts.applied += len(done)
    return done


def _insert_new(
    cursor: Any, shape: _Shape, group: list[dict[str, Any]], counts: ApplyCounts
) -> list[dict[str, Any]] | None:
    """A restore page's rows of one entity, none of them on this PC yet: inserted a column
    at a time instead of a row at a time (the long way below costs about three times the
    Python per row). None (nothing written) when the page is not as the server sends it —
    a row twice, a key missing — and the long way applies it."""
    try:
        if len({change["entity_id"] for change in group}) != len(group):
            return None
        live = [change for change in group if not change.get("deleted")]
        datas = [change["data"] for change in live]
        picked = [shape.pick(data) for data in datas]
    except (KeyError, TypeError):
        return None
    # A tombstone of a row this PC never had: nothing to do (as the long way counts it).
    counts.unchanged += len(group) - len(live)
    if not live:
        return []
    columns: list[Any] = (
        list(zip(*picked, strict=True))
        if len(shape.synced) > 1
        else [[values[0] for values in picked]]
    )
    for index, conv in shape.converting:
        column = columns[index]
        columns[index] = (
            _time_texts(column)
            if conv is _time_text
            else [None if value is None else conv(value) for value in column]
        )
    if shape.name_sort is not None:
        key = shape.name_sort
        columns.append([key(str(data.get("name") or "")) for data in datas])
    columns.extend([value] * len(live) for value in shape.local_defaults.values())
    cols = [*shape.synced, *(["name_sort"] if shape.name_sort is not None else [])]
    all_cols = [*cols, *shape.local_defaults]
    cursor.executemany(
        f"INSERT INTO {shape.table} ({', '.join(all_cols)}) "
        f"VALUES ({','.join('?' * len(all_cols))})",
        zip(*columns, strict=True),
    )
    counts.applied += len(live)
    return live


def checkpoint_later(session: Session, more: bool) -> None:
    """While ``more`` work of a long sync follows, checkpoint the write-ahead log every
    :data:`CHECKPOINT_PAGES` pages; otherwise at SQLite's default (this connection)."""
    session.connection().exec_driver_sql(
        f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES if more else 1000}"
    )


def parent_may_follow(exc: IntegrityError) -> bool:
    """Whether applying the page together with the next one can help: only a missing parent
    (a foreign key) can come later; a change missing a required field never fits."""
    return "FOREIGN KEY" in str(exc.orig)


class _RowAlreadyHere(Exception):
    """A restored page's row was on this PC already: the page is applied again, looked up."""


def apply_page(db: Database, page: Page) -> ApplyCounts:
    """Apply one page and move the cursor, in one transaction.

    While the PC is being restored the page's rows are taken as new (the street's rows come
    once each, and the PC held none when the restore began), which spares looking up about
    5000 ids a page. A row changed on the server during the restore comes again in a later
    page: its insert fails, that page's transaction is rolled back and the page is applied
    once more with the look-up (the rows it already holds are then updated or unchanged).
    """
    try:
        return _apply_page(db, page, new_rows=True)
    except _RowAlreadyHere:
        return _apply_page(db, page, new_rows=False)


def _apply_page(db: Database, page: Page, *, new_rows: bool) -> ApplyCounts:
    with db.transaction() as s:
        # While more pages follow, SQLite copies the write-ahead log into the database file
        # only every CHECKPOINT_PAGES pages instead of every 1000 (the default): a page of
        # rows with random primary keys dirties most of the key index's pages again, and a
        # checkpoint after every page or two copied (and synced) them every time. The last
        # page sets the default back, and its commit does the one checkpoint left.
        checkpoint_later(s, page.more)
        pull = get_pull(s)
        # While the PC is being restored (restore.RESTORING), a page is one audit row.
        restoring = pull.restore == RESTORING
        fast = restoring and new_rows
        try:
            counts = apply_changes(
                s,
                page.changes,
                page=(page.after, page.next) if restoring else None,
                new_rows=fast,
            )
        except sqlite3.IntegrityError as exc:
            if fast:
                raise _RowAlreadyHere() from exc  # rolls this page back; applied again
            # As SQLAlchemy raises it at commit (a parent only in a later page), so that the
            # callers carry the page on or say in Chinese that the change does not fit —
            # a change missing a required field used to escape them as a raw sqlite3 error.
            raise IntegrityError("applying pulled changes", None, exc) from exc
        if page.after != pull.cursor and page.after > pull.cursor:
            raise SyncError(
                N_("Pulled changes do not follow on from this PC's position; pull again."),
                kind="protocol",
            )
        pull.cursor = max(pull.cursor, page.next)
        pull.head = max(page.head, pull.cursor)
        pull.rows_pulled += counts.applied
        pull.last_pull_at = utcnow()
    return counts


# ------------------------------------------------------------------------------ HTTP


def _credentials(db: Database) -> tuple[str, str]:
    with db.session() as s:
        state = get_state(s)
        s.commit()
        if not state.token or state.needs_enrolment:
            raise SyncError(
                N_("This installation is not enrolled with a server; enrol first."), kind="auth"
            )
        return state.token, state.server_url


def fetch_page(client: httpx.Client, token: str, after: int, limit: int = PAGE_LIMIT) -> Page:
    try:
        response = client.get(
            CHANGES_PATH,
            params={"after": after, "limit": limit},
            headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"},
        )
    except httpx.HTTPError as exc:
        raise classify(exc) from exc
    if response.status_code != 200:
        raise error_for_response(response)
    try:
        body = orjson.loads(response.content)
    except ValueError as exc:
        raise SyncError(
            N_("The server's answer is not valid JSON (HTTP {status})."),
            kind="server",
            status=response.status_code,
        ) from exc
    if not isinstance(body, dict) or body.get("after") != after:
        raise SyncError(N_("The server's answer does not match the request."), kind="protocol")
    changes = body.get("changes")
    if not isinstance(changes, list):
        raise SyncError(N_("The server's answer does not match the request."), kind="protocol")
    return Page(after, int(body.get("next", after)), int(body.get("head", 0)), changes)


def _client_for(db: Database, url: str) -> httpx.Client:
    from desktop.sync.client import http_config

    cfg = http_config(db)
    return make_client(HttpConfig(url or cfg.server_url, cfg.proxy, cfg.ca_file))


def pull_once(
    db: Database,
    *,
    client: httpx.Client | None = None,
    progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    page_limit: int = PAGE_LIMIT,
) -> PullReport:
    """Pull and apply every change of the street after this PC's cursor."""
    report = PullReport()
    own = client is None
    stack = ExitStack()
    try:
        token, url = _credentials(db)
        if client is None:
            client = _client_for(db, url)
        with db.session() as s:
            start = get_pull(s).cursor
            s.commit()
        report.cursor = start
        carried: Page | None = None
        stack.enter_context(gc_paused())
        # The next page is fetched while this one is applied (the server's reading and the
        # network overlap the local writing); it is the next page whatever happens here.
        http, key = client, token
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yishi-pull") as pool:
            ahead: Future[Page] | None = pool.submit(fetch_page, http, key, start, page_limit)
            while ahead is not None:
                if should_stop is not None and should_stop():
                    break
                page = ahead.result()
                ahead = None
                report.pages += 1
                report.received += len(page.changes)
                if page.more:
                    ahead = pool.submit(fetch_page, http, key, page.next, page_limit)
                if carried is not None:
                    page = Page(carried.after, page.next, page.head, carried.changes + page.changes)
                try:
                    counts = apply_page(db, page)
                except IntegrityError as exc:
                    if not (page.more and parent_may_follow(exc)):
                        raise SyncError(
                            N_("Changes from the server do not fit this PC's data: {error}"),
                            kind="rejected",
                            error=str(exc.orig),
                        ) from exc
                    carried = page  # a parent is in a later page: apply both together
                    continue
                carried = None
                report.applied += counts.applied
                report.unchanged += counts.unchanged
                report.deferred += counts.deferred
                report.cursor, report.head = page.next, page.head
                if progress is not None:
                    progress(page.next - start, max(page.head - start, 1))
                if not page.more and page.next > page.after:
                    # Acknowledge the last page: asking from its end tells the server this PC
                    # holds everything through it (docs §12.1, §12.4).
                    fetch_page(http, key, page.next, 1)
            if ahead is not None:
                ahead.cancel()
    except SyncError as err:
        report.error = err
    finally:
        stack.close()
        if own and client is not None:
            client.close()
    return report
