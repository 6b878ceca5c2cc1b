"""Protocol 2, the read half: a device's street changes made by other devices (docs §12).

Every row written on the server takes its street's next change number (``change_seq``, in
commit order; cityserver/apply.py). A device reads the rows whose number is past its cursor,
in that order, a bounded page at a time; rows whose current version it wrote itself are
skipped (it has them), and the cursor still moves past them. Each row comes as it stands
now: a row changed five times since the cursor comes once, at its newest version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import DBAPIError

from cityserver.models import DevicePull, utcnow

DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000
#: A page stops early once its rows' data reach this many bytes (memory-bounded reads).
MAX_PAGE_BYTES = 4 * 1024 * 1024
#: Rows looked at per page at most (own rows are skipped but still read).
SCAN_FACTOR = 10


@dataclass(frozen=True)
class Page:
    street_code: str
    after: int
    next: int
    head: int
    changes: list[dict[str, Any]]

    @property
    def more(self) -> bool:
        return self.next < self.head


def _run(engine: Engine, cursor: Any, sql: str, params: tuple[Any, ...]) -> Any:
    if engine.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    error: type[Exception] = engine.dialect.loaded_dbapi.Error
    try:
        cursor.execute(sql, params)
    except error as exc:
        raise DBAPIError.instance(sql, params, exc, error) from exc
    return cursor


def _time(value: Any) -> str:
    """A stored UTC time in ISO form with ``+00:00`` (``datetime.isoformat``'s text, which
    leaves out a zero fraction). SQLite returns SQLAlchemy's ``YYYY-MM-DD HH:MM:SS.ffffff``:
    rewritten as text, without parsing it (a restore reads every row of a street)."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
        if value.endswith("000000"):
            return f"{value[:10]}T{value[11:19]}+00:00"
        return f"{value[:10]}T{value[11:]}+00:00"
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(when, datetime)
    return when.isoformat() + "+00:00" if when.tzinfo is None else when.isoformat()


def read_page(
    engine: Engine,
    device_id: str,
    street_code: str,
    after: int,
    limit: int = DEFAULT_LIMIT,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Page:
    """The changes of ``street_code`` after ``after`` not written by ``device_id``."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        head_row = _run(
            engine,
            cursor,
            "SELECT change_seq FROM street_changes WHERE street_code = ?",
            (street_code,),
        ).fetchone()
        head = int(head_row[0]) if head_row else 0
        _run(
            engine,
            cursor,
            "SELECT change_seq, entity, entity_id, version, deleted, updated_at, data,"
            " writer_device, writer_name FROM entity_rows"
            " WHERE street_code = ? AND change_seq > ? ORDER BY change_seq LIMIT ?",
            (street_code, after, limit * SCAN_FACTOR),
        )
        changes: list[dict[str, Any]] = []
        size = 0
        last = after
        while len(changes) < limit and size < max_bytes:
            rows = cursor.fetchmany(500)
            if not rows:
                break
            for seq, entity, eid, version, deleted, updated, data, writer, by in rows:
                if len(changes) >= limit or size >= max_bytes:
                    break
                last = int(seq)
                if writer == device_id:
                    continue
                text = data.encode() if isinstance(data, str) else orjson.dumps(data)
                size += len(text)
                changes.append(
                    {
                        "change_seq": last,
                        "entity": entity,
                        "entity_id": eid,
                        "version": version,
                        "deleted": bool(deleted),
                        "updated_at": _time(updated),
                        "device_id": writer,
                        "by": by,
                        "data": orjson.Fragment(text),
                    }
                )
        cursor.close()
    finally:
        raw.close()
    return Page(street_code, after, last, max(head, last), changes)


def page_json(page: Page, device_id: str) -> bytes:
    return orjson.dumps(
        {
            "protocol": 2,
            "street_code": page.street_code,
            "device_id": device_id,
            "after": page.after,
            "next": page.next,
            "head": page.head,
            "more": page.more,
            "count": len(page.changes),
            "changes": page.changes,
        }
    )


def record_pull(engine: Engine, device_id: str, through: int, rows: int) -> None:
    """Remember how far ``device_id`` has read (it asked for changes after ``through``, so it
    holds everything up to there) and how many rows it was sent."""
    with engine.begin() as conn:
        found = conn.execute(
            select(DevicePull.pulled_through, DevicePull.rows_sent).where(
                DevicePull.device_id == device_id
            )
        ).first()
        now = utcnow()
        if found is None:
            conn.execute(
                insert(DevicePull).values(
                    device_id=device_id, pulled_through=through, rows_sent=rows, pulled_at=now
                )
            )
        else:
            conn.execute(
                update(DevicePull)
                .where(DevicePull.device_id == device_id)
                .values(
                    pulled_through=max(int(found[0]), through),
                    rows_sent=int(found[1]) + rows,
                    pulled_at=now,
                )
            )
