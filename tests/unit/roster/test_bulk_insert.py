"""desktop.models.bulk: the rows' INSERTs run in a worker thread; a failure there reaches
the caller and the transaction rolls back as a whole."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.db import Database
from desktop.models.base import new_id
from desktop.models.bulk import insert_synced
from desktop.models.outbox import SyncOutbox, row_data
from desktop.models.roster import Community
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import setup_roster


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_worker_failure_is_raised_and_rolls_back(db: Database, clerk: Actor) -> None:
    setup_roster(db, clerk)
    communities, ops = _count(db, Community), _count(db, SyncOutbox)
    same = new_id()
    rows = [{"name": f"社区{i}", "sort_order": i} for i in range(20)]
    rows[7]["id"] = rows[12]["id"] = same  # a primary key clash inside the worker's INSERTs
    with pytest.raises((sqlite3.IntegrityError, IntegrityError)), db.transaction() as s:
        insert_synced(s, Community, rows)
    assert (_count(db, Community), _count(db, SyncOutbox)) == (communities, ops)


def test_outbox_rows_match_the_flush_hook(db: Database, clerk: Actor) -> None:
    setup_roster(db, clerk)
    with db.transaction() as s:
        ids = insert_synced(s, Community, [{"name": "新社区", "sort_order": 9}])
    with db.session() as s:
        community = s.get(Community, ids[0])
        op = s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == ids[0])).one()
        assert json.loads(op.data) == json.loads(json.dumps(row_data(community)))
        assert (op.entity, op.op, op.version, op.base_version) == ("community", "upsert", 1, None)


def test_dates_are_stored_as_the_orm_stores_them(db: Database, clerk: Actor) -> None:
    """Bulk rows carry the same date/time text as ORM rows, not what sqlite3's default
    adapters make (deprecated in Python 3.12, which the Windows build runs; they also drop
    ``.000000`` from a whole second)."""
    from datetime import UTC, datetime

    from desktop.models.bulk import executemany

    setup_roster(db, clerk)
    whole_second = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    with db.transaction() as s:
        insert_synced(s, Community, [{"name": "批量社区", "sort_order": 8}])
        executemany(
            s,
            Community.__table__,
            ["id", "name"],
            [(new_id(), "另一社区")],
            shared={
                "created_at": whole_second,
                "updated_at": whole_second,
                "version": 1,
                "sort_order": 9,
                "kind": "community",
                "code": "",
                "notes": "",
                "street_code": "500103001000",
            },
        )
        s.add(orm := Community(name="逐条社区", sort_order=10))
        s.flush()
        orm.created_at = whole_second
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, created_at FROM community WHERE name LIKE '%社区'"
        ).all()
        texts = {name: created for name, created in rows}
    assert texts["另一社区"] == texts["逐条社区"] == "2026-03-04 05:06:07.000000"
    assert len(texts["批量社区"]) == len("2026-03-04 05:06:07.000000")


def test_bulk_ids_are_uuidv7_and_op_ids_uuid4() -> None:
    import time
    import uuid

    from desktop.models.bulk import _new_ids, _uuid4s

    before = time.time_ns() // 1_000_000
    ids = _new_ids(500)
    after = time.time_ns() // 1_000_000
    assert len(set(ids)) == 500
    for text in ids:
        value = uuid.UUID(text)
        assert str(value) == text
        assert (value.version, value.variant) == (7, uuid.RFC_4122)
        assert before <= value.int >> 80 <= after
    assert uuid.UUID(new_id()).version == 7
    op_ids = _uuid4s(500)
    assert len(set(op_ids)) == 500
    assert {(uuid.UUID(t).version, uuid.UUID(t).variant) for t in op_ids} == {(4, uuid.RFC_4122)}


def test_rows_over_several_chunks_all_written_with_their_outbox_rows(
    db: Database, clerk: Actor
) -> None:
    from desktop.models.bulk import CHUNK

    setup_roster(db, clerk)
    communities, ops = _count(db, Community), _count(db, SyncOutbox)
    rows = [{"name": f"社区{i}", "sort_order": i} for i in range(2 * CHUNK + 7)]
    with db.transaction() as s:
        ids = insert_synced(s, Community, rows)
    assert len(set(ids)) == len(rows)
    assert _count(db, Community) == communities + len(rows)
    with db.session() as s:
        outbox_ids = set(
            s.scalars(select(SyncOutbox.entity_id).where(SyncOutbox.entity == "community"))
        )
    assert _count(db, SyncOutbox) == ops + len(rows) and set(ids) <= outbox_ids


def test_outbox_text_is_the_flush_hooks_byte_for_byte(db: Database, clerk: Actor) -> None:
    """Dates, quotes, backslashes, new lines, control characters and non-BMP characters are
    written as the flush hook writes them, data_text(row_data(...)) (the sealed bytes are
    hashed)."""
    from datetime import date

    from desktop.models.outbox import data_text
    from desktop.models.roster import Representative, Term

    communities = setup_roster(db, clerk)
    with db.session() as s:
        term = s.scalars(select(Term.id)).first()
    odd = 'a"b\\c\nd\te\x01f\u2028g😀h{0}}'
    row = {
        "term_id": term,
        "community_id": next(iter(communities.values())),
        "name": "张伟强",
        "birth_date": date(1964, 7, 1),
        "joined_on": date(2024, 1, 10),
        "workplace": odd,
        "notes": "第一行\n第二行",
    }
    with db.transaction() as s:
        ids = insert_synced(s, Representative, [row, dict(row, workplace="")])
    with db.session() as s:
        for id_ in ids:
            person = s.get(Representative, id_)
            op = s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == id_)).one()
            expected = data_text(row_data(person))
            assert op.data == expected


@settings(max_examples=200, deadline=None)
@given(
    values=st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.one_of(
            st.none(),
            st.text(),
            st.integers(),
            st.booleans(),
            st.floats(allow_nan=True),
            st.dates(),
        ),
        max_size=8,
    ),
    constants=st.dictionaries(
        st.text(min_size=1, max_size=8), st.one_of(st.none(), st.text(), st.integers())
    ),
)
def test_the_json_template_writes_what_json_dumps_writes(
    values: dict[str, object], constants: dict[str, object]
) -> None:
    from desktop.models.base import json_value
    from desktop.models.bulk import _dumps, _json_column, _json_layout, _json_objects

    values = {k: v for k, v in values.items() if k not in constants}
    keys = list(values)
    layout = _json_layout(keys, constants)
    # Two rows: each value, and the next key's value (other types in the same column).
    others = [values[k] for k in keys[1:] + keys[:1]]
    columns = [_json_column([values[k], other]) for k, other in zip(keys, others, strict=True)]
    first, second = _json_objects(layout, columns, 2)
    assert first == _dumps({**{k: json_value(v) for k, v in values.items()}, **constants})
    second_values = dict(zip(keys, others, strict=True))
    assert second == _dumps({**{k: json_value(v) for k, v in second_values.items()}, **constants})


def test_outbox_rows_name_the_actor_written_before_or_after_the_audit_row(
    db: Database, clerk: Actor
) -> None:
    """Named as written when the caller named the actor first (audit.acting, as the import
    does); otherwise by the outbox's before_commit hook from the transaction's audit row."""
    from desktop.services import audit

    setup_roster(db, clerk)
    with db.transaction() as s:
        before = insert_synced(s, Community, [{"name": "甲社区", "sort_order": 11}])
        audit.record(s, clerk, "test.bulk", "community", before[0])
    with db.transaction() as s:
        audit.acting(s, clerk)
        named = insert_synced(s, Community, [{"name": "乙社区", "sort_order": 12}])
        audit.record(s, clerk, "test.bulk", "community", named[0])
    with db.session() as s:
        for id_ in (before[0], named[0]):
            op = s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == id_)).one()
            assert op.actor == clerk.username
