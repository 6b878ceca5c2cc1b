"""Any sequence of steps on a matter follows the state machine: an allowed step moves it as
the table says (a redo opens a new round), a step out of turn is refused and changes nothing,
and the due date is always a working day on or after the assignment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.services.followup import core, rating
from desktop.services.permissions import Actor
from tests.unit.followup.helpers import held_meeting
from tests.unit.meetings.fixtures import make_roster

EXPECTED = {
    ("assign", "formed"): "assigned",
    ("assign", "assigned"): "assigned",
    ("report", "assigned"): "reported",
    ("accept", "reported"): "reviewed",
    ("redo", "reported"): "assigned",
    ("rate", "reviewed"): "rating",
}
_MEETINGS: dict[str, tuple[str, str]] = {}  # by database file (one per test)


def _meetings(db: Database, clerk: Actor) -> tuple[str, str]:
    key = str(db.path)
    if key not in _MEETINGS:
        make_roster(db)
        first = held_meeting(db, clerk, datetime(2026, 9, 29, 1, 30), number=3)
        later = held_meeting(db, clerk, datetime(2026, 12, 10, 1, 30), number=4, close=False)
        _MEETINGS[key] = (first, later)
    return _MEETINGS[key]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(["assign", "report", "accept", "redo", "rate"]), max_size=8))
def test_random_steps_follow_the_state_machine(
    db: Database, clerk: Actor, admin: Actor, steps: list[str]
) -> None:
    first, later = _meetings(db, clerk)
    with db.transaction() as s:
        item_id = core.create(s, clerk, first, title="关于背街小巷整治的审议意见").id
    status, round_ = "formed", 0
    for n, step in enumerate(steps):
        day = date(2026, 10, 12) + timedelta(days=n)
        expected = EXPECTED.get((step, status))
        try:
            with db.transaction() as s:
                if step == "assign":
                    core.assign(s, clerk, item_id, unit="街道城管办", assigned_on=day, days=5)
                elif step == "report":
                    core.record_report(s, clerk, item_id, text="已办理。", reported_on=day)
                elif step in ("accept", "redo"):
                    verdict = "accepted" if step == "accept" else "redo"
                    core.review(
                        s, admin, item_id, verdict=verdict, text="审核。", reviewed_on=day, days=5
                    )
                else:
                    rating.create_rating_poll(s, clerk, later, item_ids=[item_id])
        except ConflictError:
            assert expected is None, (step, status)
        else:
            assert expected is not None, (step, status)
            if status == "formed" or step == "redo":
                round_ += 1
            status = expected
        with db.session() as s:
            row = core.row(s, clerk, item_id)
            assert (row.status, row.round) == (status, round_)
            if row.assigned_on is not None:
                assert row.due_on is not None and row.due_on >= row.assigned_on
                assert core.calendar(s, row.due_on).is_working_day(row.due_on)
