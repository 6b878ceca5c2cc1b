"""The follow-up demo step on the full demo street: the last two meetings' matters at every
step of the loop, exactly one overdue, and the input raised at the last meeting."""

from __future__ import annotations

from datetime import date

from desktop.config import Paths
from desktop.demo import build_demo, demo_actor
from desktop.models.opinions import Opinion
from desktop.services.followup import core, motions

TODAY = date(2026, 11, 22)


def test_demo_followup_with_one_overdue_matter(paths: Paths) -> None:
    db = build_demo(paths, today=TODAY, replace=True)
    try:
        actor = demo_actor(db)
        with db.session() as s:
            overdue = core.queue(s, actor, "overdue", today=TODAY)
            assert len(overdue) == 1 and overdue[0].unit == "街道民政办"
            statuses = sorted(r.status for r in core.queue(s, actor, "all", today=TODAY))
            assert statuses == ["assigned", "formed", "reported", "reported", "reviewed"]
            assert max(r.round for r in core.queue(s, actor, "all", today=TODAY)) == 2
            last = overdue[0].meeting_id
            inputs = motions.for_meeting(s, actor, last)
            assert sorted(m.status for m in inputs) == ["raised", "to_opinion", "to_project"]
            opinion_id = next(m.opinion_id for m in inputs if m.status == "to_opinion")
            op = s.get(Opinion, opinion_id)
            assert op is not None and op.channel == "meeting"
    finally:
        db.dispose()
