"""The people search index: a disagreement is repaired once and kept (committed), not
rebuilt in a read session and thrown away at every start (issue 18)."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, text

from desktop.db import Database
from desktop.models.base import utcnow
from desktop.models.roster import Representative
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import search
from tests.unit.roster.helpers import setup_roster


def _bulk_insert_without_index(db: Database, term_id: str, community_id: str, n: int) -> None:
    now = utcnow()
    with db.transaction() as s:
        s.info["sync_capture"] = False
        s.execute(
            insert(Representative),
            [
                dict(
                    id=str(uuid.uuid4()),
                    term_id=term_id,
                    community_id=community_id,
                    name=f"黄志{n}{i}",
                    name_initials="hz",
                    name_sort="",
                    status="active",
                    version=1,
                    created_at=now,
                    updated_at=now,
                    street_code=db.street_code,
                )
                for i in range(n)
            ],
        )


def test_a_stale_index_is_rebuilt_once_and_kept(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.session() as s:
        term = roster.current_term(s)
    assert term is not None
    _bulk_insert_without_index(db, term.id, c["较场口社区"], 30)
    search.forget_checks()
    with db.session() as s:  # a read session, as a search runs
        found = roster.list_representatives(
            s, clerk, roster.RepresentativeFilter(text="黄志3"), 0, 100
        )
    assert len(found) == 30
    search.forget_checks()  # the next start of the program
    assert search.check_index(db.engine) is False  # nothing to do: the rebuild was kept
    with db.session() as s:
        indexed = s.scalar(text(f"SELECT count(*) FROM {search.FTS_TABLE}"))
    assert indexed == search._people_count(db.session())
