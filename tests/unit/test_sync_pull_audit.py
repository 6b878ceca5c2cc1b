"""A restored page's audit row lists every change it applied (docs/sync-client.md, Pull)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.models.roster import Community
from desktop.services import audit
from desktop.sync.pull import apply_changes
from desktop.sync.pulled_audit import PAGE_AUDIT_FIELDS


def _change(seq: int, name: str, **extra: Any) -> dict[str, Any]:
    rid = str(uuid.uuid4())
    change: dict[str, Any] = {
        "change_seq": seq,
        "entity": "community",
        "entity_id": rid,
        "version": 1,
        "deleted": False,
        "device_id": "dev-a",
        "by": "zhangwei",
        "data": {
            "id": rid,
            "name": name,
            "kind": "community",
            "code": "",
            "sort_order": seq,
            "notes": "",
            "version": 1,
            "created_at": "2026-12-01T08:00:00.000000Z",
            "updated_at": "2026-12-01T08:00:00.000000Z",
            "deleted_at": None,
            "street_code": "500103001000",
        },
    }
    change.update(extra)
    return change


def _listed(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "sync.pulled")).all()
        assert audit.verify(s).ok
        assert len(rows) == 1 and rows[0].entity == "sync_pull"
        after = json.loads(rows[0].after_json or "{}")
    assert after["fields"] == list(PAGE_AUDIT_FIELDS)
    return [dict(zip(after["fields"], item, strict=True)) for item in after["changes"]]


def test_a_restored_page_is_one_audit_row_listing_each_change(db: Database) -> None:
    changes = [_change(1, "甲社区"), _change(2, "乙社区")]
    with db.transaction() as s:
        counts = apply_changes(s, changes, page=(0, 2))
    assert counts.applied == 2
    listed = _listed(db)
    assert [(i["entity_id"], i["by"], i["device"], i["change"]) for i in listed] == [
        (c["entity_id"], "zhangwei", "dev-a", c["change_seq"]) for c in changes
    ]
    with db.session() as s:
        assert sorted(s.scalars(select(Community.name))) == ["乙社区", "甲社区"]


def test_changes_missing_a_person_are_listed_the_same_way(db: Database) -> None:
    odd = _change(2, "乙社区", by=None)
    del odd["deleted"]
    changes = [_change(1, "甲社区"), odd]
    with db.transaction() as s:
        apply_changes(s, changes, page=(0, 2))
    listed = _listed(db)
    assert [(i["by"], i["deleted"], i["version"]) for i in listed] == [
        ("zhangwei", False, 1),
        ("", False, 1),
    ]
