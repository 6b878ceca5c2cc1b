"""Honest figures at the desk: 未到 is not 缺席 until the meeting closes; someone on leave
is asked about, not silently signed in; the sign-in sheet printed after sign-in carries the
figures; the 缺席/请假 list names the people with their phones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.errors import ConflictError
from desktop.models.roster import Representative
from desktop.reports import meeting_papers
from desktop.services import meetings
from desktop.services.cards import representative_card_text
from desktop.services.meetings import attendance_lists, signin
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import Roster, make_meeting, make_roster

STREET = "500103001000"


@pytest.fixture
def roster(db: Database) -> Roster:
    roster = make_roster(db)
    with db.transaction() as s:
        for n, rep_id in enumerate(roster.representative_ids):
            rep = s.get(Representative, rep_id)
            assert rep is not None
            rep.phone = f"1390000{n:04d}"
    return roster


@pytest.fixture
def opened(db: Database, clerk: Actor, roster: Roster) -> str:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
    return meeting_id


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout
    return out.decode("utf-8")


def test_not_arrived_until_the_meeting_closes(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    with db.session() as s:
        q = meetings.quorum_status(s, opened)
    assert (q.present, q.absent, q.not_arrived) == (0, 0, 21)
    with db.transaction() as s:
        rows = {r.representative_id: r.id for r in meetings.attendance(s, clerk, opened)}
        signin.desk_entry(
            s, clerk, opened, representative_card_text(STREET, roster.representative_ids[0])
        )
        signin.set_status(s, clerk, rows[roster.representative_ids[1]], "absent")
        q = meetings.quorum_status(s, opened)
    assert (q.present, q.absent, q.not_arrived) == (1, 1, 19)
    with db.transaction() as s:
        q = meetings.close_meeting(s, clerk, opened)
    assert (q.present, q.absent, q.not_arrived) == (1, 20, 0)


def test_leave_recorded_in_advance_is_asked_about_at_the_scan(
    db: Database, clerk: Actor, roster: Roster
) -> None:
    meeting_id = make_meeting(db, clerk)
    rep_id = roster.representative_ids[2]
    with db.transaction() as s:
        signin.set_leave_in_advance(s, clerk, meeting_id, rep_id, True, "出差")
        meetings.open_meeting(s, clerk, meeting_id)
    card = representative_card_text(STREET, rep_id)
    with db.transaction() as s, pytest.raises(signin.LeaveRecorded) as asked:
        signin.desk_entry(s, clerk, meeting_id, card)
    assert "出差" in str(asked.value) and isinstance(asked.value, ConflictError)
    with db.session() as s:
        assert meetings.quorum_status(s, meeting_id).on_leave == 1  # unchanged
    # A different confirmation (another person's row) does not count.
    with db.transaction() as s, pytest.raises(signin.LeaveRecorded):
        signin.desk_entry(s, clerk, meeting_id, card, confirm_leave="someone-else")
    with db.transaction() as s:
        row = signin.desk_entry(
            s, clerk, meeting_id, card, confirm_leave=asked.value.attendance_id
        ).signed
    assert row is not None and row.status == "present" and row.leave_reason == ""


def test_desk_lists_with_phones_masked_for_viewers(
    db: Database, clerk: Actor, viewer: Actor, roster: Roster, opened: str
) -> None:
    with db.transaction() as s:
        signin.desk_entry(
            s, clerk, opened, representative_card_text(STREET, roster.representative_ids[0])
        )
    with db.session() as s:
        todo = attendance_lists.people(s, clerk, opened, "not_arrived")
        masked = attendance_lists.people(s, viewer, opened, "not_arrived")
    assert len(todo) == 22 and todo[0].voting and not todo[-1].voting
    assert todo[0].phone.startswith("1390000") and len(todo[0].phone) == 11
    assert "****" in masked[0].phone


def test_signin_sheet_after_sign_in_fills_the_figures(
    db: Database, clerk: Actor, roster: Roster, opened: str, tmp_path: Path
) -> None:
    with db.session() as s:
        blank = _text(meeting_papers.signin_sheet_pdf(s, clerk, opened), tmp_path)
    assert "实到人" in blank.replace(" ", "").replace("　", "")  # nobody signed in yet: blank
    with db.transaction() as s:
        for rep_id in roster.representative_ids[:12]:
            signin.desk_entry(s, clerk, opened, representative_card_text(STREET, rep_id))
        row = meetings.attendance(s, clerk, opened)[15]
        signin.set_status(s, clerk, row.id, "on_leave", "生病")
    with db.session() as s:
        text = _text(meeting_papers.signin_sheet_pdf(s, clerk, opened), tmp_path)
    flat = text.replace(" ", "").replace("　", "")
    assert "应到21人" in flat and "实到12人" in flat and "请假1人" in flat
    assert "缺席0人" in flat and "未到8人" in flat
    with db.transaction() as s:
        meetings.close_meeting(s, clerk, opened)
    with db.session() as s:
        flat = _text(meeting_papers.signin_sheet_pdf(s, clerk, opened), tmp_path).replace(" ", "")
        flat = flat.replace("　", "")
        absence = _text(meeting_papers.absence_list_pdf(s, clerk, opened), tmp_path)
    assert "缺席8人" in flat and "未到" not in flat
    assert "生病" in absence and "缺席人员（8人，另列席代表2人）" in absence.replace(" ", "")
    assert "1390000" in absence  # phones to call


def test_minutes_during_the_meeting_say_not_arrived(
    db: Database, clerk: Actor, roster: Roster, opened: str, tmp_path: Path
) -> None:
    with db.transaction() as s:
        signin.desk_entry(
            s, clerk, opened, representative_card_text(STREET, roster.representative_ids[0])
        )
    with db.session() as s:
        flat = _text(meeting_papers.minutes_pdf(s, clerk, opened), tmp_path).replace(" ", "")
    assert "缺席0人，未到20人" in flat and "未到人员" in flat
