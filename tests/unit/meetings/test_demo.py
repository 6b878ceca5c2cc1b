"""The meetings demo step on a small roster (as the roster step would leave it)."""

from __future__ import annotations

import random
from datetime import date

from desktop.db import Database
from desktop.demo import DemoContext, _load_area_steps
from desktop.reports import meeting_papers
from desktop.services import meetings
from desktop.services.meetings import agenda
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_roster


def test_six_past_meetings_and_one_planned(db: Database, admin: Actor) -> None:
    # Register every step in name order first: DEMO_STEPS runs in registration order, so
    # importing d20 on its own would put it before d10_roster for later build_demo() calls.
    _load_area_steps()
    from desktop.demodata import d20_meetings

    roster = make_roster(db, count=40, deputies=3)
    shared = {
        "term_id": roster.term_id,
        "representative_ids": roster.representative_ids,
        "deputy_ids": roster.deputy_ids,
        "community_ids": roster.community_ids,
    }
    with db.transaction() as s:
        d20_meetings.build(
            DemoContext(s, random.Random(1), "500103001000", admin, date(2026, 11, 22), shared)
        )
    with db.session() as s:
        listed = meetings.list_meetings(s, admin)
        assert [m.status for m in listed].count("closed") == 6
        assert [m.status for m in listed].count("planned") == 1
        for m in listed:
            assert agenda.list_items(s, admin, m.id)
            if m.status == "closed":
                q = meetings.quorum_status(s, m.id)
                assert (
                    q.members_total == 40 and q.quorate and q.present + q.on_leave + q.absent == 40
                )
                assert m.starts_at.date() < date(2026, 11, 22)
        last_closed = next(m for m in listed if m.status == "closed")
        text = meeting_papers.minutes_pdf(s, admin, last_closed.id)
        assert text.startswith(b"%PDF")
    assert shared["upcoming_meeting_id"] in shared["meeting_ids"]
