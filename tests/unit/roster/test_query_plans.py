"""The roster's queries at a district's size read the index meant for them (migration
0017_roster_speed): SQLite's plan, not a timing, so the test holds on any machine."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from desktop.db import Database
from desktop.models.roster import Representative
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import representatives
from tests.unit.roster.helpers import id_number, setup_roster


def _plans(db: Database, run: Any) -> list[str]:
    """Run ``run(session)`` and return the plan of every SELECT on representative it sent."""
    statements: list[tuple[str, Any]] = []

    def seen(conn: Connection, cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "representative" in sql:
            statements.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.session() as s:
            run(s)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    out = []
    with db.session() as s:
        for sql, params in statements:
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
            out.append(" ; ".join(str(r[3]) for r in rows))
    return out


def _seed(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        for n in range(5):
            roster.save_representative(
                s,
                clerk,
                roster.RepresentativeForm(
                    name=f"代表{n}", community_id=c["较场口社区"], id_number=id_number(n)
                ),
            )


def test_the_count_of_a_terms_representatives_reads_the_narrow_live_index(
    db: Database, clerk: Actor
) -> None:
    _seed(db, clerk)
    plans = _plans(db, lambda s: roster.count_representatives(s, roster.RepresentativeFilter()))
    assert any("USING INDEX ix_representative_live (term_id=? AND status=?)" in p for p in plans)


def test_per_community_counts_go_by_term_not_by_walking_every_row(
    db: Database, clerk: Actor
) -> None:
    _seed(db, clerk)
    plans = _plans(db, roster.list_communities)
    counts = [p for p in plans if "GROUP BY" in p or "community_id" in p or "live" in p]
    assert counts and all("ix_representative_live (term_id=? AND status=?)" in p for p in counts)


def test_the_id_number_check_reads_the_id_number_index(db: Database, clerk: Actor) -> None:
    _seed(db, clerk)
    with db.session() as s:
        term_id = roster.require_current_term(s).id

    def check(s: Any) -> None:
        representatives._check_unique_id_number(s, Representative, id_number(99), None, term_id)

    plans = _plans(db, check)
    assert plans and all("ix_representative_id_number (id_number=?)" in p for p in plans)


def test_the_dropped_indexes_are_gone_and_the_list_index_stays(db: Database) -> None:
    with db.session() as s:
        names = set(
            s.scalars(text("SELECT name FROM sqlite_master WHERE tbl_name = 'representative'"))
        )
    assert {"ix_representative_live", "ix_representative_term_status_sort"} <= names
    assert not names & {
        "ix_representative_term_id",
        "ix_representative_status",
        "ix_representative_street_code",
    }
