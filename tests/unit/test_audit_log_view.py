"""The audit log, readable: names not user names or ids, changes in words, filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.db import Database
from desktop.errors import PermissionDenied
from desktop.services import audit_log, meetings, roster
from desktop.services.audit_log import AuditFilter
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster


def test_lines_name_people_and_say_what_changed(db: Database, admin: Actor, clerk: Actor) -> None:
    built = make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.update_meeting(s, clerk, meeting_id, venue="街道二楼会议室")
    with db.session() as s:
        lines = audit_log.search(s, admin, AuditFilter(action="meeting"))
        people = dict(audit_log.people(s, admin))
    changed = next(line for line in lines if line.action == "meeting.update")
    assert changed.who == people[clerk.username] and changed.who != clerk.username
    assert changed.subject.startswith("会议 ")
    venue = next(c for c in changed.changes if c.field == "地点")
    assert (venue.old, venue.new) == ("街道办事处三楼会议室", "街道二楼会议室")
    assert "地点：街道办事处三楼会议室 → 街道二楼会议室" in changed.changes_text
    # No UUIDs anywhere in what is shown.
    shown = " ".join(f"{x.subject} {x.changes_text}" for x in lines)
    assert meeting_id not in shown and built.term_id not in shown


def test_filters_by_person_kind_and_date(db: Database, admin: Actor, clerk: Actor) -> None:
    make_roster(db)
    make_meeting(db, clerk)
    with db.transaction() as s:
        roster.save_community(s, admin, name="新华社区")
    with db.session() as s:
        mine = audit_log.search(s, admin, AuditFilter(username=clerk.username))
        theirs = audit_log.search(s, admin, AuditFilter(username=admin.username))
        everything = audit_log.search(s, admin)
        today = audit_log.search(s, admin, AuditFilter(date_from=date.today()))
        later = audit_log.search(s, admin, AuditFilter(date_from=date.today() + timedelta(days=1)))
        kinds = dict(audit_log.actions(s, admin))
    assert mine and all(line.username == clerk.username for line in mine)
    assert theirs and all(line.username == admin.username for line in theirs)
    assert len(mine) + len(theirs) <= len(everything) == len(today) and later == []
    assert kinds["meeting"] == "会议"


def test_only_an_administrator_reads_the_log(db: Database, clerk: Actor) -> None:
    with db.session() as s, pytest.raises(PermissionDenied):
        audit_log.search(s, clerk)
