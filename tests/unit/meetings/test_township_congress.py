"""Township congress mode (乡镇人代会): the township's deputies are the voting members, the
quorum is more than half of all of them, and a ballot is counted on their figures; a street's
meetings keep today's rule (deputies attend without a vote)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, ValidationError
from desktop.models.meetings import Attendance
from desktop.models.roster import Deputy
from desktop.services import meetings, polls, street
from desktop.services.meetings import signin, township
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import make_meeting, make_roster
from tests.unit.polls.helpers import enter

DEPUTIES = ("邓建华", "谢红梅", "唐志远", "蒋丽", "韩冰", "冯军", "曹敏")


def make_township(db: Database, admin: Actor, *, township_deputies: int = 7) -> list[str]:
    """A township installation with a small roster: 21 representatives, two district deputies
    who attend street-style meetings, and ``township_deputies`` township deputies."""
    set_kind(db, admin, "township")
    make_roster(db, count=21, deputies=2)
    with db.transaction() as s:
        deps = [
            Deputy(
                name=DEPUTIES[i % len(DEPUTIES)] + ("" if i < len(DEPUTIES) else str(i)),
                name_initials="",
                level="township",
                attends_street_meetings=False,
                joined_on=date(2026, 1, 1),
            )
            for i in range(township_deputies)
        ]
        s.add_all(deps)
        s.flush()
        return [d.id for d in deps]


def set_kind(db: Database, admin: Actor, kind: str) -> None:
    with db.transaction() as s:
        street.edit(
            s,
            admin,
            name="歇马镇" if kind == "township" else "解放碑街道",
            kind=kind,
            district="北碚区",
            city="重庆市",
        )


def make_congress(db: Database, actor: Actor) -> str:
    with db.transaction() as s:
        return meetings.create_meeting(
            s,
            actor,
            title="歇马镇第一届人民代表大会第五次会议",
            starts_at=datetime(2026, 12, 20, 1, 30, tzinfo=UTC),
            venue="镇政府大会议室",
            kind="township_congress",
        ).id


def rows(db: Database, meeting_id: str) -> list[Attendance]:
    with db.session() as s:
        return list(s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).all())


def test_a_street_cannot_hold_a_township_congress(db: Database, admin: Actor) -> None:
    set_kind(db, admin, "street")
    with db.transaction() as s:
        assert township.kinds_allowed(s) == ("representatives",)
        with pytest.raises(ValidationError) as err:
            meetings.create_meeting(
                s,
                admin,
                title="x",
                starts_at=datetime(2026, 12, 1, tzinfo=UTC),
                kind="township_congress",
            )
    assert err.value.field == "kind"


def test_congress_roll_is_the_township_deputies_with_a_vote(db: Database, admin: Actor) -> None:
    dep_ids = make_township(db, admin)
    meeting_id = make_congress(db, admin)
    with db.transaction() as s:
        status = meetings.open_meeting(s, admin, meeting_id)
        info = meetings.get_meeting(s, admin, meeting_id)
    assert info.kind == "township_congress"
    assert status.members_total == 7
    assert status.needed == 4  # more than half of all 7 deputies
    roll = rows(db, meeting_id)
    assert {r.deputy_id for r in roll} == set(dep_ids)
    assert all(r.voting and r.representative_id is None for r in roll)


def test_congress_quorum_counts_deputies_and_a_ballot_is_counted_on_them(
    db: Database, admin: Actor, scrutineer: Actor
) -> None:
    make_township(db, admin)
    meeting_id = make_congress(db, admin)
    with db.transaction() as s:
        meetings.open_meeting(s, admin, meeting_id)
    roll = rows(db, meeting_id)
    for row in roll[:3]:
        with db.transaction() as s:
            signin.sign_in(s, admin, row.id)
    with db.transaction() as s:
        assert not meetings.quorum_status(s, meeting_id).quorate  # 3 of 7
        poll = polls.create_poll(
            s,
            admin,
            title="2027年民生实事项目表决",
            kind="motion",
            options=[polls.OptionInput("镇卫生院改扩建"), polls.OptionInput("场镇污水管网")],
            threshold_base="members_total",
            threshold_ratio="1/2",
            threshold_strict=True,
            meeting_id=meeting_id,
        )
        with pytest.raises(ConflictError):
            polls.open_poll(s, admin, poll.id)
    with db.transaction() as s:
        signin.sign_in(s, admin, roll[3].id)
        q = meetings.quorum_status(s, meeting_id)
        assert (q.present, q.members_total, q.quorate) == (4, 7, True)
        polls.log_print(s, admin, poll.id, count=4, layout="a4")
        opened = polls.open_poll(s, admin, poll.id)
    assert (opened.members_total, opened.present) == (7, 4)  # frozen from the deputies
    for serial, marks in enumerate(
        [{1: "for", 2: "for"}, {1: "for", 2: "against"}, {1: "for"}, {1: "for", 2: "for"}],
        start=1,
    ):
        enter(db, admin, poll.id, serial, marks)
    with db.transaction() as s:
        polls.close_voting(s, admin, poll.id, issued=4)
        view = polls.tally_view(s, poll.id)
    result = view.result
    assert result.poll_valid and result.valid == 4
    assert result.threshold_votes == 4  # more than half of all 7 deputies
    assert result.option(1).outcome == "passed"  # 4 for
    assert result.option(2).outcome == "failed"  # 2 for: a majority of those voting is not enough
    assert not view.violations


def test_street_meeting_still_refuses_deputies_votes(db: Database, admin: Actor) -> None:
    """At a street's meeting, deputies present never make a quorum or a ballot."""
    roster = make_roster(db, count=5, deputies=3)
    meeting_id = make_meeting(db, admin)
    with db.transaction() as s:
        meetings.open_meeting(s, admin, meeting_id)
    for row in rows(db, meeting_id):
        if row.deputy_id is not None:
            with db.transaction() as s:
                signin.sign_in(s, admin, row.id)
    with db.transaction() as s:
        q = meetings.quorum_status(s, meeting_id)
        assert (q.members_total, q.present, q.deputies_present) == (5, 0, 3)
        assert not q.quorate
        assert polls.ballots_to_print(s, make_motion(s, admin, meeting_id)) == 5
    assert {r.deputy_id for r in rows(db, meeting_id) if not r.voting} == set(roster.deputy_ids)


def make_motion(s: object, admin: Actor, meeting_id: str) -> str:
    return polls.create_poll(
        s,  # type: ignore[arg-type]
        admin,
        title="表决",
        kind="motion",
        options=[polls.OptionInput("决议草案")],
        meeting_id=meeting_id,
    ).id


def test_congress_numbers_apart_from_representatives_meetings(db: Database, admin: Actor) -> None:
    make_township(db, admin)
    make_meeting(db, admin)
    first = make_congress(db, admin)
    with db.session() as s:
        assert meetings.get_meeting(s, admin, first).number == 1
        assert meetings.next_number(s, meetings.current_term_id(s), "representatives") == 2


def test_congress_without_township_deputies_is_refused_clearly(db: Database, admin: Actor) -> None:
    make_township(db, admin, township_deputies=0)
    meeting_id = make_congress(db, admin)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        meetings.open_meeting(s, admin, meeting_id)
    assert "township" in err.value.template


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(total=st.integers(min_value=1, max_value=15), data=st.data())
def test_congress_quorum_is_more_than_half_of_all_deputies(
    db: Database, admin: Actor, total: int, data: st.DataObject
) -> None:
    """Whatever the township's size and whoever signs in, the congress is quorate exactly
    when more than half of all its deputies are present; representatives never count."""
    set_kind(db, admin, "township")
    with db.transaction() as s:
        for row in s.scalars(select(Attendance)):
            s.delete(row)
        s.flush()
        from desktop.models.meetings import Meeting

        for m in s.scalars(select(Meeting)):
            s.delete(m)
        for d in s.scalars(select(Deputy)):
            s.delete(d)
        s.add_all(
            Deputy(name=f"代表{i:02d}", name_initials="", level="township") for i in range(total)
        )
    meeting_id = make_congress(db, admin)
    with db.transaction() as s:
        meetings.open_meeting(s, admin, meeting_id)
    roll = rows(db, meeting_id)
    present = data.draw(st.integers(min_value=0, max_value=total))
    for row in roll[:present]:
        with db.transaction() as s:
            signin.sign_in(s, admin, row.id)
    with db.session() as s:
        q = meetings.quorum_status(s, meeting_id)
    assert q.members_total == total
    assert q.present == present
    assert q.quorate is (2 * present > total)


def test_congress_papers_address_the_deputies(db: Database, admin: Actor) -> None:
    import io

    from pypdf import PdfReader

    from desktop.reports import meeting_papers

    make_township(db, admin)
    meeting_id = make_congress(db, admin)
    with db.session() as s:
        notice = meeting_papers.notice_pdf(s, admin, meeting_id)
        sheet = meeting_papers.signin_sheet_pdf(s, admin, meeting_id)

    def text(pdf: bytes) -> str:
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")

    assert "各位代表：" in text(notice) and "本乡镇全体人民代表大会代表" in text(notice)
    assert "人大代表（应到 7 人）" in text(sheet) and "列席" not in text(sheet)
