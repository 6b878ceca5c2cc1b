"""People search over representatives, deputies and deputies' contacts (DESIGN.md §2).

* 3+ characters: SQLite FTS5 with the ``trigram`` tokenizer (substring match, any script)
  over the name, the initials, the workplace and the position.
* 1–2 characters (most Chinese given names): ``LIKE`` on the name.
* Latin letters: pinyin initials as well (``zwq`` → 张伟强), from ``name_initials``.

The FTS table ``person_fts`` is not a synced table and is not created by a migration (batch
migrations and autogenerate would fight over it). It is created on first use, kept in step
by a flush hook of this module (every ORM change of a person re-indexes that person in the
same transaction) plus explicit calls for Core bulk inserts, and rebuilt by :func:`rebuild`
(``yishi reindex``) — also automatically when it is empty or its count disagrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, and_, event, func, or_, select, text
from sqlalchemy.orm import Session, UOWTransaction

from desktop.models.roster import Community, Deputy, DeputyContact, Representative
from desktop.pinyin_order import SURNAME_READINGS, sort_key, spelling

FTS_TABLE = "person_fts"
_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "name, initials, extra, entity UNINDEXED, entity_id UNINDEXED, "
    "tokenize='trigram', columnsize=0)"
)
_ROWID_MASK = (1 << 62) - 1
_first = itemgetter(0)
_LATIN = re.compile(r"^[a-zA-Z]+$")
ENTITIES = ("representative", "deputy", "deputy_contact")
_MODELS: dict[str, Any] = {
    "representative": Representative,
    "deputy": Deputy,
    "deputy_contact": DeputyContact,
}


#: Surnames whose reading differs from the character's common one (曾 zēng, 单 shàn …): the
#: initial of the reading desktop.pinyin_order sorts them by.
SURNAME_INITIALS = {char: reading[0] for char, reading in SURNAME_READINGS.items()}


def _char_initial(char: str) -> str:
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    return spelling(char)[:1]


def initials(name: str) -> str:
    """Pinyin initials of a Chinese name, lower case: 张伟强 → zwq (Latin letters kept).
    Spellings are cached per character (fast for bulk imports); the surname's reading is
    special-cased."""
    name = name.strip()
    if not name:
        return ""
    first = SURNAME_INITIALS.get(name[0]) or _char_initial(name[0])
    return (first + "".join(_char_initial(c) for c in name[1:]))[:32]


def fts_rowid(entity_id: str) -> int:
    """A stable FTS rowid from a UUID (its low 62 bits: the random part of a UUIDv7)."""
    return int(entity_id.replace("-", ""), 16) & _ROWID_MASK


@dataclass(frozen=True)
class PersonHit:
    entity: str  # representative | deputy | deputy_contact
    id: str
    name: str
    detail: str
    status: str


def ensure_table(conn: Connection | Session) -> None:
    conn.execute(text(_CREATE))


def _index_rows(
    conn: Connection | Session, entity: str, rows: Iterable[Any], fresh: bool = False
) -> None:
    """(Re)index ``rows`` (ORM objects or mappings with the model's attributes); ``fresh``
    rows were just inserted and have no index entry to replace."""
    if fresh and isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
        _insert_fresh_mappings(conn, entity, rows)
        return
    deletes: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for row in rows:
        get = row.get if isinstance(row, dict) else (lambda k, d="", row=row: getattr(row, k, d))
        rowid = fts_rowid(str(get("id")))
        if not fresh:
            deletes.append({"r": rowid})
        if get("deleted_at", None) is None:
            name = get("name") or ""
            inserts.append(
                {
                    "r": rowid,
                    "name": name,
                    "initials": get("name_initials", "") or initials(name),
                    "extra": _extra_from(get),
                    "entity": entity,
                    "entity_id": get("id"),
                }
            )
    if deletes:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :r"), deletes)
    if inserts:
        connection = conn.connection() if isinstance(conn, Session) else conn
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, name, initials, extra, entity, entity_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                sorted(  # rowid order: see _insert_fresh_mappings
                    (i["r"], i["name"], i["initials"], i["extra"], i["entity"], i["entity_id"])
                    for i in inserts
                ),
            )
        finally:
            cursor.close()


def _insert_fresh_mappings(
    conn: Connection | Session, entity: str, rows: list[dict[str, Any]]
) -> None:
    """The bulk-import path of :func:`_index_rows`: the same index rows, built as tuples."""
    keys = EXTRA_KEYS
    params = []
    for row in rows:
        if row.get("deleted_at") is not None:
            continue
        entity_id = row["id"]
        name = row.get("name") or ""
        extra = " ".join(str(v) for v in (row.get(k, "") for k in keys) if v)
        params.append(
            (
                int(str(entity_id).replace("-", ""), 16) & _ROWID_MASK,
                name,
                row.get("name_initials", "") or initials(name),
                extra,
                entity,
                entity_id,
            )
        )
    if not params:
        return
    # In rowid order: FTS5 flushes its pending index data whenever a rowid is lower than the
    # previous one, and these rowids are random (the id's random bits) — unsorted, 50,000
    # rows cost ~25,000 tiny segments and their merges (3-4 × slower).
    params.sort(key=_first)
    connection = conn.connection() if isinstance(conn, Session) else conn
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, name, initials, extra, entity, entity_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            params,
        )
    finally:
        cursor.close()


#: What besides the name is searchable: where people work and their role. Not phone numbers
#: or addresses — a viewer who sees them masked must not find people by them.
EXTRA_KEYS = ("workplace", "unit", "position", "constituency")


def _extra_from(get: Any) -> str:
    keys = EXTRA_KEYS
    return " ".join(str(v) for v in (get(k, "") for k in keys) if v)


def index_ids(session: Session, entity: str, ids: list[str]) -> None:
    """Re-index the given records of ``entity`` (after Core bulk writes)."""
    ensure_table(session)
    model = _MODELS[entity]
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows = session.execute(select(model.__table__).where(model.id.in_(chunk))).mappings()
        _index_rows(session, entity, [dict(r) for r in rows])


def index_mappings(
    session: Session, entity: str, rows: list[dict[str, Any]], fresh: bool = False
) -> None:
    ensure_table(session)
    _index_rows(session, entity, rows, fresh)


def rebuild(session: Session) -> int:
    """Drop and refill the index from the people tables; returns the number indexed."""
    session.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    ensure_table(session)
    total = 0
    for entity, model in _MODELS.items():
        table = model.__table__
        wanted = {"id", "name", "name_initials", "deleted_at", *EXTRA_KEYS}
        cols = [c for c in table.columns if c.key in wanted]
        query = select(*cols).where(table.c.deleted_at.is_(None))
        batch: list[dict[str, Any]] = []
        for row in session.execute(query).mappings():
            batch.append(dict(row))
            if len(batch) >= 5000:
                _index_rows(session, entity, batch)
                total += len(batch)
                batch = []
        _index_rows(session, entity, batch)
        total += len(batch)
    return total


def _people_count(session: Session) -> int:
    total = 0
    for model in _MODELS.values():
        total += int(
            session.scalar(
                select(func.count()).select_from(model).where(model.deleted_at.is_(None))
            )
            or 0
        )
    return total


_checked: set[str] = set()


def ensure_index(session: Session) -> None:
    """Create the index if missing and rebuild it when it disagrees with the tables (once per
    database per process; rows written by a path without the flush hook are picked up).

    The check and the rebuild run in their own write transaction, which is committed: a
    search runs in a read session, and a rebuild done there was thrown away — and paid again
    — at every start (issue 18). The app also calls this on a worker right after start-up
    (:func:`check_index`), so the first search finds the index ready."""
    from desktop.db import WRITE_OPTION

    key = str(session.get_bind().engine.url)
    if key in _checked:
        return
    options = session.connection().get_execution_options() if session.in_transaction() else {}
    if options.get(WRITE_OPTION) or session.new or session.dirty or session.deleted:
        # Inside a user action (it holds the write lock): rebuild there, committed with it.
        ensure_table(session)
        indexed = int(session.scalar(text(f"SELECT count(*) FROM {FTS_TABLE}")) or 0)
        if indexed != _people_count(session):
            rebuild(session)
        _checked.add(key)
        return
    check_index(session.get_bind().engine)
    if session.in_transaction():
        # A read session: end its snapshot (nothing to write) so it sees the committed index.
        session.commit()


def check_index(engine: Any) -> bool:
    """Bring the index in step with the people tables, committed; True if it was rebuilt."""
    from desktop.db import WRITE_OPTION

    key = str(engine.url)
    rebuilt = False
    with Session(bind=engine) as writer, writer.begin():
        writer.connection(execution_options={WRITE_OPTION: True})
        ensure_table(writer)
        indexed = int(writer.scalar(text(f"SELECT count(*) FROM {FTS_TABLE}")) or 0)
        if indexed != _people_count(writer):
            rebuild(writer)
            rebuilt = True
    _checked.add(key)
    return rebuilt


def forget_checks() -> None:
    _checked.clear()


# ----------------------------------------------------------------------------- queries


def fts_query(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def matching_ids(session: Session, entity: str, query: str) -> Any:
    """A WHERE clause for ``entity``'s model selecting the records that match ``query``."""
    model = _MODELS[entity]
    q = query.strip()
    clauses: list[Any] = []
    if _LATIN.match(q) and hasattr(model, "name_initials"):
        # A range, not LIKE 'zwq%': SQLite's case-insensitive LIKE cannot use the index.
        low = q.lower()
        clauses.append(and_(model.name_initials >= low, model.name_initials < low + "{"))
    if len(q) >= 3:
        ensure_index(session)
        sub = (
            text(f"SELECT entity_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q AND entity = :e")
            .bindparams(q=fts_query(q), e=entity)
            .columns(entity_id=model.id.type)
        )
        clauses.append(model.id.in_(sub.subquery().select()))
    else:
        clauses.append(model.name.like(f"%{_escape_like(q)}%", escape="\\"))
    return or_(*clauses)


def _escape_like(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(session: Session, query: str, limit: int = 50) -> list[PersonHit]:
    """Everyone whose name (or, for 3+ characters, workplace and position) matches ``query``."""
    q = query.strip()
    if not q:
        return []
    hits: list[PersonHit] = []
    communities = dict(session.execute(select(Community.id, Community.name)).all())
    for entity, model in _MODELS.items():
        rows = session.scalars(
            select(model)
            .where(model.deleted_at.is_(None), matching_ids(session, entity, q))
            .order_by(model.name_sort, model.name)
            .limit(limit)
        )
        for r in rows:
            if entity == "representative":
                detail = communities.get(r.community_id or "", "") or r.workplace
            elif entity == "deputy":
                detail = r.unit
            else:
                detail = communities.get(r.community_id or "", "")
            hits.append(PersonHit(entity, r.id, r.name, detail, r.status))
    # exact name first, then names starting with the query, then the rest; each in 拼音 order
    hits.sort(key=lambda h: (h.name != q, not h.name.startswith(q), sort_key(h.name)))
    return hits[:limit]


# ----------------------------------------------------------------------------- flush hook


@event.listens_for(Session, "after_flush")
def _reindex_changed(session: Session, flush_context: UOWTransaction) -> None:
    changed: dict[str, list[Any]] = {}
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        entity = getattr(obj, "__tablename__", None)
        if entity in _MODELS:
            if obj in session.deleted:
                changed.setdefault(entity, []).append({"id": obj.id, "deleted_at": True})
            else:
                changed.setdefault(entity, []).append(obj)
    if not changed:
        return
    conn = session.connection()
    ensure_table(conn)
    for entity, rows in changed.items():
        _index_rows(conn, entity, rows)
