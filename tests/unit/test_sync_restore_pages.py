"""A restore takes each page's rows as new (no look-up of their versions); a row changed on
the server while the PC is being restored comes again in a later page, and that page is
then applied the long way: nothing fails, nothing is doubled, the newer version wins."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import func, select

from desktop.db import Database, open_database
from desktop.models.audit import AuditEntry
from desktop.models.base import synced_models
from desktop.models.outbox import row_data
from desktop.models.roster import Community, Representative
from desktop.models.sync import RESTORING
from desktop.services import accounts, audit, roster
from desktop.sync.pull import CHANGES_PATH, Page, PullReport, apply_page, get_pull, pull_once
from desktop.sync.state import get_state
from tests.unit.roster.helpers import id_number, setup_roster
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


def _pull_from(db: Database, pages: Callable[[int], dict[str, Any]]) -> PullReport:
    """pull_once against a stand-in city server whose page after ``n`` is ``pages(n)``."""
    with db.transaction() as s:
        state = get_state(s)
        state.token, state.server_url = "token", "http://city.example"

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == CHANGES_PATH
        return httpx.Response(200, content=orjson.dumps(pages(int(request.url.params["after"]))))

    http = httpx.Client(transport=httpx.MockTransport(answer), base_url="http://city.example")
    try:
        return pull_once(db, client=http)
    finally:
        http.close()


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


def test_a_change_missing_a_required_field_is_refused_in_chinese(db: Database) -> None:
    """A pulled change that does not fit (no name) stops the pull with the message the
    clerk reads, not a raw database error; the page is not applied, the cursor stays."""
    broken = _change(1, "甲社区")
    broken["data"]["name"] = None

    def page(after: int) -> dict[str, Any]:
        # More pages follow: a missing parent could come later, a missing name never does.
        return {"after": after, "next": after + 1, "head": 3, "changes": [broken] * (after == 0)}

    before = _communities(db)
    report = _pull_from(db, page)
    assert report.error is not None and report.error.kind == "rejected"
    assert report.pages == 1  # refused at once, not carried on to the end of the street
    assert "服务器" in str(report.error) and "community.name" in str(report.error)
    assert _communities(db) == before
    with db.session() as s:
        assert get_pull(s).cursor == 0


def test_a_child_whose_parent_is_in_a_later_page_waits_for_it(
    db: Database, template_db: Path, tmp_path: Path
) -> None:
    """Another PC's representative arrives one page before their community and term (the
    parents changed again after the child was made): the first page is carried on and
    applied together with the next one; nothing is refused."""
    shutil.copyfile(template_db, tmp_path / "other.sqlite3")
    other = open_database(tmp_path / "other.sqlite3")
    with other.session() as s:
        them = accounts.actor_for(accounts._get(s, 1))
    communities = setup_roster(other, them)
    with other.transaction() as s:
        roster.save_representative(
            s,
            them,
            roster.RepresentativeForm(
                name="张伟强", community_id=communities["较场口社区"], id_number=id_number(3)
            ),
        )
    rows: list[tuple[str, dict[str, Any]]] = []
    with other.session() as s:
        for cls in synced_models():
            rows += [(str(cls.__tablename__), row_data(obj)) for obj in s.scalars(select(cls))]
    other.dispose()
    children = [r for r in rows if r[0] == "representative"]
    parents = [r for r in rows if r[0] not in ("representative", "street")]
    assert children and parents

    def change(seq: int, entity: str, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "change_seq": seq,
            "entity": entity,
            "entity_id": data["id"],
            "version": data["version"],
            "deleted": False,
            "device_id": "dev-b",
            "by": "lixiaomei",
            "data": data,
        }

    pages = {
        0: [change(1, e, d) for e, d in children],
        1: [change(2 + n, e, d) for n, (e, d) in enumerate(parents)],
    }
    head = 1 + len(parents)

    def page(after: int) -> dict[str, Any]:
        nxt = 1 if after == 0 else head if after == 1 else after
        return {"after": after, "next": nxt, "head": head, "changes": pages.get(after, [])}

    report = _pull_from(db, page)
    assert report.ok, report.error
    assert report.applied == len(children) + len(parents) and report.cursor == head
    with db.session() as s:
        person = s.scalars(select(Representative)).one()
        assert person.name == "张伟强" and person.community_id == communities["较场口社区"]
        assert get_pull(s).cursor == head
