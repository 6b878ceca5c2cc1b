"""The follow-up's two entities reach the city server like every synced table: a matter
through its steps and a 动议 turned into a project proposal are pushed and stored."""

from __future__ import annotations

import json
from datetime import date, datetime

from desktop.db import Database
from desktop.services.followup import core, motions
from desktop.services.permissions import Actor
from desktop.sync import client
from tests.integration.sync_helpers import CityServer, local_rows
from tests.unit.followup.helpers import held_meeting
from tests.unit.meetings.fixtures import make_roster


def test_followup_entities_are_pushed_and_stored(
    enrolled: Database, server: CityServer, clerk: Actor
) -> None:
    db = enrolled
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 9, 29, 1, 30), number=3)
    with db.transaction() as s:
        item = core.create(s, clerk, m, title="关于社区养老服务的审议意见")
        core.assign(s, clerk, item.id, unit="街道民政办", assigned_on=date(2026, 10, 12), days=5)
        raised = motions.register(
            s,
            clerk,
            m,
            kind="motion",
            title="增设路灯",
            representative_id=roster.representative_ids[0],
        )
        motions.to_project(s, clerk, raised.id, year=2027, today=date(2026, 10, 12))
    report = client.push(db)
    assert report.ok, report.error
    assert report.rejected == 0
    assert server.rows() == local_rows(db)
    stored = dict(
        server.query(
            "SELECT entity, data FROM entity_rows WHERE entity IN ('deliberation_opinion', 'motion')"
        )
    )
    assert json.loads(stored["deliberation_opinion"])["unit"] == "街道民政办"
    assert json.loads(stored["motion"])["status"] == "to_project"
