"""A restore takes each page's rows as new (no look-up of their versions); a row changed on
the server while the PC is being restored comes again in a later page, and that page is
then applied the long way: nothing fails, nothing is doubled, the newer version wins."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.models.roster import Community
from desktop.models.sync import RESTORING
from desktop.services import audit
from desktop.sync.pull import Page, apply_page, get_pull
from tests.unit.test_sync_pull_audit import _change


def _restoring(db: Database) -> None:
    with db.transaction() as s:
        get_pull(s).restore = RESTORING


def _newer(change: dict[str, Any], seq: int, name: str, version: int) -> dict[str, Any]:
    again = copy.deepcopy(change)
    again["change_seq"] = seq
    again["version"] = again["data"]["version"] = version
    again["data"]["name"] = name
    return again


def _communities(db: Database) -> dict[str, tuple[str, int]]:
    with db.session() as s:
        return {c.id: (c.name, c.version) for c in s.scalars(select(Community))}


def test_a_row_changed_during_the_restore_comes_again_and_the_newer_wins(db: Database) -> None:
    _restoring(db)
    before = _communities(db)
    first = [_change(1, "甲社区"), _change(2, "乙社区")]
    counts = apply_page(db, Page(0, 2, 4, first))
    assert counts.applied == 2
    renamed = _newer(first[0], 3, "甲社区（新）", 2)
    counts = apply_page(db, Page(2, 4, 4, [_change(4, "丙社区"), renamed]))
    assert (counts.applied, counts.unchanged) == (2, 0)
    rows = _communities(db)
    assert len(rows) == len(before) + 3
    assert rows[first[0]["entity_id"]] == ("甲社区（新）", 2)
    with db.session() as s:
        assert get_pull(s).cursor == 4
        pulled = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "sync.pulled")
        )
        assert pulled == 2 and audit.verify(s).ok  # one row per page, the chain intact


def test_a_row_sent_again_at_the_same_version_is_unchanged(db: Database) -> None:
    _restoring(db)
    first = [_change(1, "甲社区")]
    apply_page(db, Page(0, 1, 3, first))
    counts = apply_page(db, Page(1, 3, 3, [_change(2, "乙社区"), copy.deepcopy(first[0])]))
    assert (counts.applied, counts.unchanged) == (1, 1)
    assert _communities(db)[first[0]["entity_id"]] == ("甲社区", 1)
