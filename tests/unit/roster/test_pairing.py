"""结对联系: a deputy paired with representatives, edited from the deputy, listed on both
sides and in the deputy's archive; audited, synced, refused for whoever may not edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied
from desktop.models.audit import AuditEntry
from desktop.models.outbox import SyncOutbox
from desktop.models.roster import Representative
from desktop.reports import archive_papers
from desktop.services.archives import archive
from desktop.services.permissions import Actor
from desktop.services.roster import pairing
from tests.unit.meetings.fixtures import make_roster


def test_pairs_listed_on_both_sides_and_in_the_archive(
    db: Database, clerk: Actor, viewer: Actor, tmp_path: Path
) -> None:
    roster = make_roster(db, count=5, deputies=2)
    r, (deng, xie) = roster.representative_ids, roster.deputy_ids
    with db.transaction() as s:
        views = pairing.set_pairs(s, clerk, deng, [r[1], r[0]], since=date(2026, 3, 1))
    assert {v.representative_id for v in views} == {r[0], r[1]}
    assert all(v.since == date(2026, 3, 1) for v in views)
    with db.transaction() as s:
        pairing.pair(s, clerk, xie, r[0])
    with db.session() as s:
        mine = pairing.pairs_of_representative(s, viewer, r[0])
        assert {v.deputy_name for v in mine} == {"邓建华", "谢红梅"}
        assert mine[0].deputy_level == "区人大代表"
        a = archive.build(s, deng, today=date(2026, 12, 31))
        pdf = archive_papers.deputy_archive(s, clerk, tmp_path / "档案.pdf", deng)
    assert {p.representative_id for p in a.pairs} == {r[0], r[1]}
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "结对联系的议事代表：" in text
    assert roster.names[r[0]] in text and roster.names[r[1]] in text


def test_set_pairs_adds_and_ends_in_one_action_audited_and_synced(
    db: Database, clerk: Actor
) -> None:
    roster = make_roster(db, count=4, deputies=1)
    r, (deng,) = roster.representative_ids, roster.deputy_ids
    with db.transaction() as s:
        pairing.set_pairs(s, clerk, deng, [r[0], r[1]])
    with db.transaction() as s:
        views = pairing.set_pairs(s, clerk, deng, [r[1], r[2]])
    assert {v.representative_id for v in views} == {r[1], r[2]}
    with db.session() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        ops = s.scalars(select(SyncOutbox).where(SyncOutbox.entity == "deputy_pairing")).all()
    assert actions.count("pairing.add") == 3 and actions.count("pairing.remove") == 1
    assert len(ops) == 4  # three inserts and the end of one pair


def test_refusals(db: Database, clerk: Actor, viewer: Actor) -> None:
    roster = make_roster(db, count=3, deputies=1)
    r, (deng,) = roster.representative_ids, roster.deputy_ids
    with db.transaction() as s, pytest.raises(PermissionDenied):
        pairing.pair(s, viewer, deng, r[0])
    with db.transaction() as s:
        pairing.pair(s, clerk, deng, r[0])
    with db.transaction() as s, pytest.raises(ConflictError):
        pairing.pair(s, clerk, deng, r[0])
    with db.transaction() as s:
        rep = s.get(Representative, r[1])
        assert rep is not None
        rep.status = "retired"
    with db.transaction() as s, pytest.raises(ConflictError):
        pairing.pair(s, clerk, deng, r[1])


def test_a_retired_representative_stays_listed_as_left(db: Database, clerk: Actor) -> None:
    roster = make_roster(db, count=3, deputies=1)
    r, (deng,) = roster.representative_ids, roster.deputy_ids
    with db.transaction() as s:
        pairing.set_pairs(s, clerk, deng, [r[0], r[1]])
        rep = s.get(Representative, r[0])
        assert rep is not None
        rep.status = "retired"
    with db.session() as s:
        views = pairing.pairs_of_deputy(s, clerk, deng)
        choices = pairing.representative_choices(s, clerk)
    assert [v.representative_left for v in views] == [False, True]  # serving ones first
    assert r[0] not in {c.id for c in choices}
