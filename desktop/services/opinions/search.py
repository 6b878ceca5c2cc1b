"""Full-text search over the opinions ledger: FTS5 with the trigram tokenizer (DESIGN.md §2).

The index is local (never synced) and is maintained from the service layer, not by triggers
(synced tables carry no triggers: batch migrations rebuild tables and would lose them).

* ``opinion_search_key(rowid INTEGER PRIMARY KEY, opinion_id TEXT UNIQUE)`` gives each opinion
  a stable integer key (FTS5 rows are addressed by integer rowid); keys grow in entry order.
* ``opinion_fts(number, resident_name, content, location, department)`` with
  ``tokenize='trigram'`` holds the searchable text under that rowid.

Both are created on first use and filled from the ``opinion`` table in one go, so a database
restored from a backup is indexed the first time it is searched, and opinions inserted without
the service (sync) are added at the first search of each run; a change to an existing row that
bypassed the service needs :func:`rebuild`. Alembic never sees these tables (they are not in
the models' metadata and are absent from the scratch database autogenerate diffs against).
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

MIN_FTS_CHARS = 3

_CREATE = (
    "CREATE TABLE IF NOT EXISTS opinion_search_key ("
    " rowid INTEGER PRIMARY KEY, opinion_id TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS opinion_fts USING fts5("
    " number, resident_name, content, location, department, tokenize='trigram')",
)
_FILL = (
    "INSERT OR IGNORE INTO opinion_search_key (opinion_id)"
    " SELECT id FROM opinion ORDER BY received_on, id",
    "INSERT INTO opinion_fts (rowid, number, resident_name, content, location, department)"
    " SELECT k.rowid, o.number, o.resident_name, o.content, o.location, o.department"
    " FROM opinion_search_key k JOIN opinion o ON o.id = k.opinion_id",
)

_ready: set[str] = set()
_lock = threading.Lock()


def _key(bind: Engine | Connection) -> str:
    engine = bind.engine if isinstance(bind, Connection) else bind
    return str(engine.url)


def exists(conn: Connection) -> bool:
    """Whether this connection's snapshot has the index (checked every time: another
    connection may have created it after this transaction began; it costs microseconds)."""
    row = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='opinion_fts'"
    ).first()
    return row is not None


def ensure(engine: Engine) -> None:
    """Create and fill the index if this database has none yet, or catch up with opinions
    that were written without it (e.g. applied by sync); once per process and database, in
    a transaction of its own (call it before opening the session that searches)."""
    key = _key(engine)
    if key in _ready:
        return
    with _lock:
        with engine.begin() as conn:
            if not exists(conn):
                for sql in (*_CREATE, *_FILL):
                    conn.exec_driver_sql(sql)
            else:
                _catch_up(conn)
        _ready.add(key)


def _catch_up(conn: Connection) -> None:
    rows = conn.exec_driver_sql("SELECT count(*) FROM opinion").scalar_one()
    keys = conn.exec_driver_sql("SELECT count(*) FROM opinion_search_key").scalar_one()
    if rows == keys:
        return
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS _opinion_missing (id TEXT PRIMARY KEY)")
    conn.exec_driver_sql("DELETE FROM _opinion_missing")
    conn.exec_driver_sql(
        "INSERT INTO _opinion_missing SELECT o.id FROM opinion o"
        " WHERE NOT EXISTS (SELECT 1 FROM opinion_search_key k WHERE k.opinion_id = o.id)"
    )
    conn.exec_driver_sql(
        "INSERT INTO opinion_search_key (opinion_id) SELECT id FROM _opinion_missing ORDER BY id"
    )
    conn.exec_driver_sql(
        "INSERT INTO opinion_fts (rowid, number, resident_name, content, location, department)"
        " SELECT k.rowid, o.number, o.resident_name, o.content, o.location, o.department"
        " FROM _opinion_missing m JOIN opinion_search_key k ON k.opinion_id = m.id"
        " JOIN opinion o ON o.id = m.id"
    )
    conn.exec_driver_sql("DROP TABLE _opinion_missing")


def forget(engine: Engine) -> None:
    """Drop the cached 'index exists' flag (after a restore swapped the file)."""
    _ready.discard(_key(engine))


def rebuild(engine: Engine) -> int:
    """Throw the index away and build it again from the opinion table; returns rows indexed."""
    with _lock, engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS opinion_fts")
        conn.exec_driver_sql("DROP TABLE IF EXISTS opinion_search_key")
        for sql in (*_CREATE, *_FILL):
            conn.exec_driver_sql(sql)
        count = conn.exec_driver_sql("SELECT count(*) FROM opinion_search_key").scalar_one()
    _ready.add(_key(engine))
    return int(count)


def index_row(session: Session, row: dict[str, Any]) -> None:
    """(Re)index one opinion inside the caller's transaction (skipped while no index exists:
    :func:`ensure` builds it from the table, including this row once committed)."""
    conn = session.connection()
    if not exists(conn):
        return
    conn.execute(
        text("INSERT OR IGNORE INTO opinion_search_key (opinion_id) VALUES (:id)"),
        {"id": row["id"]},
    )
    rowid = conn.execute(
        text("SELECT rowid FROM opinion_search_key WHERE opinion_id = :id"), {"id": row["id"]}
    ).scalar_one()
    conn.execute(text("DELETE FROM opinion_fts WHERE rowid = :r"), {"r": rowid})
    conn.execute(
        text(
            "INSERT INTO opinion_fts (rowid, number, resident_name, content, location, department)"
            " VALUES (:r, :number, :resident_name, :content, :location, :department)"
        ),
        {
            "r": rowid,
            "number": row["number"],
            "resident_name": row["resident_name"],
            "content": row["content"],
            "location": row["location"],
            "department": row["department"],
        },
    )


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression: each whitespace-separated word as a quoted phrase (AND)."""
    words = [w for w in query.split() if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def uses_fts(query: str) -> bool:
    """Every word must have ≥3 characters for the trigram index; else LIKE is used."""
    words = query.split()
    return bool(words) and all(len(w) >= MIN_FTS_CHARS for w in words)
