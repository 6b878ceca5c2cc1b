"""The one edit helper (issue 19): check the version, apply the change, write the audit diff —
the shape every service edit takes (agenda, minutes, meetings, roster, opinions)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.models.audit import AuditEntry
from desktop.models.roster import Community
from desktop.services import edits, roster
from desktop.services.permissions import Actor


def _community(db: Database, clerk: Actor) -> str:
    with db.transaction() as s:
        return roster.save_community(s, clerk, name="较场口社区").id


def _audit_rows(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_apply_changes_sets_and_audits_only_what_differs(db: Database, clerk: Actor) -> None:
    cid = _community(db, clerk)
    with db.transaction() as s:
        obj = s.get(Community, cid)
        assert obj is not None
        changed = edits.apply_changes(
            s, clerk, obj, {"name": "七星岗社区", "kind": "community"}, action="community.edit"
        )
    assert changed == {"name": "七星岗社区"}
    last = _audit_rows(db)[-1]
    assert (last.action, last.entity, last.entity_id) == ("community.edit", "community", cid)
    assert last.before_json is not None and last.after_json is not None
    assert "较场口社区" in last.before_json and "七星岗社区" in last.after_json
    assert "kind" not in last.before_json


def test_nothing_changed_writes_no_audit_row(db: Database, clerk: Actor) -> None:
    cid = _community(db, clerk)
    count = len(_audit_rows(db))
    with db.transaction() as s:
        obj = s.get(Community, cid)
        assert obj is not None
        assert edits.apply_changes(s, clerk, obj, {"name": "较场口社区"}, action="x.edit") == {}
        with edits.recorded(
            s, clerk, obj, "x.edit", snapshot=lambda c: {"name": c.name}, only_if_changed=True
        ):
            obj.name = "较场口社区"
    assert len(_audit_rows(db)) == count


def test_a_stale_edit_is_refused_and_changes_nothing(db: Database, clerk: Actor) -> None:
    cid = _community(db, clerk)
    with db.session() as s:
        version = s.scalar(select(Community.version).where(Community.id == cid))
    assert version is not None
    with db.transaction() as s:  # someone else saves meanwhile
        roster.save_community(s, clerk, name="七星岗社区", community_id=cid)
    with db.transaction() as s:
        obj = s.get(Community, cid)
        assert obj is not None
        with pytest.raises(ConflictError):
            edits.apply_changes(
                s, clerk, obj, {"name": "解放碑社区"}, action="x", expected_version=version
            )
        with (
            pytest.raises(ConflictError),
            edits.recorded(s, clerk, obj, "x", expected_version=version),
        ):
            obj.name = "解放碑社区"
    with db.session() as s:
        assert s.scalar(select(Community.name).where(Community.id == cid)) == "七星岗社区"


def test_recorded_writes_the_whole_row_before_and_after(db: Database, clerk: Actor) -> None:
    cid = _community(db, clerk)
    with db.transaction() as s:
        obj = s.get(Community, cid)
        assert obj is not None
        before_version = obj.version
        with edits.recorded(s, clerk, obj, "community.edit", reason="改名"):
            obj.name = "七星岗社区"
    last = _audit_rows(db)[-1]
    assert (last.action, last.entity, last.reason) == ("community.edit", "community", "改名")
    assert last.before_json is not None and last.after_json is not None
    assert f'"version":{before_version}' in last.before_json.replace(" ", "")
    assert f'"version":{before_version + 1}' in last.after_json.replace(" ", "")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == len(_audit_rows(db))
