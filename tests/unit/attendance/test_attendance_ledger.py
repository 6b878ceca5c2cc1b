"""Attendance over a term: attended / on leave / absent per representative and per deputy,
flags for repeated absence without leave (settings), and the meetings as ledger lines."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.db import Database
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import attendance
from desktop.services.attendance import ledger
from desktop.services.attendance import settings as attendance_settings
from desktop.services.permissions import Actor
from tests.unit.attendance.helpers import at, hold_meeting
from tests.unit.meetings.fixtures import make_roster


def test_figures_over_a_term_with_leave(db: Database, admin: Actor, viewer: Actor) -> None:
    roster = make_roster(db, count=5, deputies=2)
    r = roster.representative_ids
    d = roster.deputy_ids

    def everyone_but(*gone: str) -> dict[str, str]:
        return {p: "present" for p in r + d if p not in gone}

    # r[0]: absent, absent (flag: 2 in a row); r[1]: absent, leave, absent (leave ends the run)
    hold_meeting(db, admin, at(2026, 3, 10), everyone_but(r[0], r[1], d[1]))
    m2 = everyone_but(r[0], r[1], d[1]) | {r[1]: "on_leave"}
    hold_meeting(db, admin, at(2026, 6, 10), m2)
    hold_meeting(
        db,
        admin,
        at(2026, 9, 10),
        everyone_but(r[1]),
        resolutions=(("关于2027年民生实事项目的决议", "adopted"),),
    )
    with db.session() as s:
        book = attendance.term_attendance(s, viewer)
    assert book.meetings == 3 and book.term_name == "第一届"
    by_id = {row.person_id: row for row in book.rows}
    first = by_id[r[0]]
    assert (first.meetings, first.present, first.on_leave, first.absent) == (3, 1, 0, 2)
    assert first.longest_run == 2 and first.flags == (attendance.FLAG_CONSECUTIVE,)
    assert first.rate == Fraction(1, 3) and first.rate_text() == "33.3%"
    second = by_id[r[1]]
    assert (second.present, second.on_leave, second.absent) == (0, 1, 2)
    assert second.longest_run == 1 and second.flags == ()
    deputy = by_id[d[1]]
    assert deputy.kind == "deputy" and not deputy.voting
    assert (deputy.present, deputy.absent) == (1, 2)
    assert by_id[r[2]].rate_text() == "100.0%"
    # representatives first, then deputies
    kinds = [row.kind for row in book.rows]
    assert kinds == sorted(kinds, key=lambda k: k != "representative")
    assert first.flag_text(book.settings) == "连续2次无故缺席"


def test_thresholds_are_settings(db: Database, admin: Actor, clerk: Actor) -> None:
    roster = make_roster(db, count=3, deputies=0)
    r = roster.representative_ids
    for month in (2, 5, 8):
        hold_meeting(db, admin, at(2026, month, 1), {r[1]: "present", r[2]: "present"})
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            attendance_settings.update(s, clerk, attendance.AttendanceSettings(0, 3))
        attendance_settings.update(s, admin, attendance.AttendanceSettings(0, 3))
        row = next(x for x in attendance.term_attendance(s, admin).rows if x.person_id == r[0])
    assert row.flags == (attendance.FLAG_PER_YEAR,)
    assert row.flag_text(attendance.AttendanceSettings(0, 3)) == "2026年无故缺席3次"
    with db.transaction() as s:
        attendance_settings.update(s, admin, attendance.AttendanceSettings(4, 0))
        row = next(x for x in attendance.term_attendance(s, admin).rows if x.person_id == r[0])
    assert row.flags == ()
    with db.transaction() as s, pytest.raises(ValidationError):
        attendance_settings.update(s, admin, attendance.AttendanceSettings(-1, 3))


def test_meeting_lines(db: Database, admin: Actor) -> None:
    roster = make_roster(db, count=5, deputies=2)
    r, d = roster.representative_ids, roster.deputy_ids
    hold_meeting(
        db,
        admin,
        at(2026, 3, 10),
        {r[0]: "present", r[1]: "present", r[2]: "present", r[3]: "on_leave", d[0]: "present"},
        resolutions=(("关于加装电梯的决议", "adopted"), ("关于停车位的决议", "rejected")),
    )
    with db.session() as s:
        (line,) = attendance.meeting_lines(s, admin)
    assert (line.members_total, line.present, line.on_leave, line.absent) == (5, 3, 1, 1)
    assert (line.deputies_present, line.needed, line.quorate) == (1, 3, True)
    assert line.resolutions == (("关于加装电梯的决议", "adopted"), ("关于停车位的决议", "rejected"))


@given(st.lists(st.sampled_from(["present", "on_leave", "absent"]), max_size=30))
def test_longest_run_counts_absences_in_a_row_and_leave_ends_a_run(statuses: list[str]) -> None:
    run = ledger.longest_run(statuses)
    text = "".join({"present": "p", "on_leave": "l", "absent": "a"}[x] for x in statuses)
    assert run == max((len(chunk) for chunk in text.replace("l", "p").split("p")), default=0)
    assert ("a" * run) in text and ("a" * (run + 1)) not in text
