"""Meeting lifecycle, frozen roster, sign-in outcomes, agenda order, read-only closed meetings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from desktop.models.audit import AuditEntry
from desktop.models.meetings import Attendance
from desktop.models.roster import Representative
from desktop.services import meetings
from desktop.services.cards import representative_card_text
from desktop.services.meetings import agenda, minutes, signin
from desktop.services.permissions import Actor
from tests.unit.meetings.fixtures import Roster, make_meeting, make_roster

STREET = "500103001000"


@pytest.fixture
def roster(db: Database) -> Roster:
    return make_roster(db)


@pytest.fixture
def opened(db: Database, clerk: Actor, roster: Roster) -> str:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
    return meeting_id


def card(rep_id: str) -> str:
    return representative_card_text(STREET, rep_id)


def test_numbers_follow_within_the_term(db: Database, clerk: Actor, roster: Roster) -> None:
    first = make_meeting(db, clerk)
    second = make_meeting(db, clerk)
    with db.session() as s:
        assert meetings.get_meeting(s, clerk, first).number == 1
        assert meetings.get_meeting(s, clerk, second).number == 2
        assert meetings.get_meeting(s, clerk, second).term_name == "第一届"
    with db.transaction() as s, pytest.raises(ConflictError):
        meetings.update_meeting(s, clerk, second, number=1)


def test_opening_freezes_the_roster(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    with db.session() as s:
        rows = meetings.attendance(s, clerk, opened)
        status = meetings.quorum_status(s, opened)
    assert status.members_total == 21 and status.deputies_total == 2
    assert sum(r.voting for r in rows) == 21
    assert {r.name for r in rows if not r.voting} == {"邓建华", "谢红梅"}
    assert all(r.status == "expected" for r in rows)
    # Later roster edits: retire one, add one — the meeting does not change.
    with db.transaction() as s:
        rep = s.get(Representative, roster.representative_ids[0])
        assert rep is not None
        rep.status = "retired"
        s.add(Representative(term_id=roster.term_id, name="新代表", name_initials="xdb"))
    with db.session() as s:
        assert meetings.quorum_status(s, opened).members_total == 21
        assert len(meetings.attendance(s, clerk, opened)) == 23
    with db.transaction() as s, pytest.raises(ConflictError):
        meetings.open_meeting(s, clerk, opened)


def test_scan_signs_in_once_and_refuses_a_duplicate(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    rep_id = roster.representative_ids[0]
    with db.transaction() as s:
        row = signin.desk_entry(s, clerk, opened, card(rep_id) + "\n").signed
    assert (
        row is not None
        and row.name == "张伟强"
        and row.status == "present"
        and row.sign_method == "card"
    )
    assert row.signed_at is not None
    with db.transaction() as s, pytest.raises(ConflictError) as err:
        signin.desk_entry(s, clerk, opened, card(rep_id))
    assert "张伟强" in str(err.value) and "已签到" in str(err.value)
    with db.session() as s:
        again = s.scalar(select(Attendance).where(Attendance.representative_id == rep_id))
        assert again is not None and again.signed_at is not None
        assert again.signed_at.replace(microsecond=0) == row.signed_at.replace(microsecond=0)
        assert meetings.quorum_status(s, opened).present == 1


def test_unknown_retired_foreign_and_late_cards(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    unknown = card("0190a1b2-0000-7000-8000-000000000000")
    with db.transaction() as s, pytest.raises(NotFound) as err:
        signin.desk_entry(s, clerk, opened, unknown)
    assert "未知" in str(err.value)
    with db.transaction() as s, pytest.raises(ValidationError):
        signin.desk_entry(
            s, clerk, opened, representative_card_text("500103002000", roster.representative_ids[1])
        )
    with db.transaction() as s, pytest.raises(ValidationError):
        signin.desk_entry(s, clerk, opened, "YSR|garbled")
    # Retired after the meeting opened: still on this meeting's roll (frozen) …
    with db.transaction() as s:
        rep = s.get(Representative, roster.representative_ids[2])
        assert rep is not None
        rep.status = "retired"
    with db.transaction() as s:
        assert (
            signin.desk_entry(s, clerk, opened, card(roster.representative_ids[2])).signed
            is not None
        )
    # … but a representative retired before opening is refused at the next meeting.
    second = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, second)
    with db.transaction() as s, pytest.raises(ConflictError) as err:
        signin.desk_entry(s, clerk, second, card(roster.representative_ids[2]))
    assert "王芳" in str(err.value)
    with db.session() as s:
        assert meetings.quorum_status(s, second).present == 0
        assert meetings.quorum_status(s, second).members_total == 20


def test_name_and_initials(db: Database, clerk: Actor, roster: Roster, opened: str) -> None:
    with db.transaction() as s:
        out = signin.desk_entry(s, clerk, opened, "zwq")
    assert out.signed is not None and out.signed.name == "张伟强"
    with db.transaction() as s:
        out = signin.desk_entry(s, clerk, opened, "李秀英")
    assert out.signed is not None and out.signed.sign_method == "desk"
    with db.transaction() as s:
        out = signin.desk_entry(s, clerk, opened, "l")  # 李秀英, 刘洋, 林娜, 罗兰, 梁勇 …
    assert out.signed is None and len(out.candidates) >= 4
    with db.transaction() as s, pytest.raises(NotFound):
        signin.desk_entry(s, clerk, opened, "不存在")
    with db.transaction() as s, pytest.raises(ValidationError):
        signin.desk_entry(s, clerk, opened, "   ")


def test_leave_needs_a_reason_and_counts(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    with db.session() as s:
        row_id = meetings.attendance(s, clerk, opened)[3].id
    with db.transaction() as s, pytest.raises(ValidationError):
        signin.set_status(s, clerk, row_id, "on_leave", "")
    with db.transaction() as s:
        signin.set_status(s, clerk, row_id, "on_leave", "出差")
        q = meetings.quorum_status(s, opened)
    # During the meeting nobody is absent yet: those not signed in are 未到.
    assert (q.on_leave, q.absent, q.not_arrived, q.present) == (1, 0, 20, 0)


def test_sign_in_needs_an_open_meeting_and_permission(
    db: Database, clerk: Actor, viewer: Actor, roster: Roster
) -> None:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s, pytest.raises(ConflictError):
        signin.desk_entry(s, clerk, meeting_id, card(roster.representative_ids[0]))
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        signin.desk_entry(s, viewer, meeting_id, card(roster.representative_ids[0]))


def test_agenda_order_and_moves(db: Database, clerk: Actor, roster: Roster) -> None:
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        a = agenda.add_item(
            s,
            clerk,
            meeting_id,
            kind="report",
            title="听取街道办事处民生工作报告",
            department="街道办事处",
            reporter="刘主任",
        )
        b = agenda.add_item(s, clerk, meeting_id, kind="vote", title="票决2027年民生实事项目")
        c = agenda.add_item(s, clerk, meeting_id, kind="deliberation", title="协商老旧小区加装电梯")
        with pytest.raises(ValidationError):
            agenda.add_item(s, clerk, meeting_id, kind="speech", title="x")
    with db.transaction() as s:
        order = agenda.move_item(s, clerk, c.id, -1)
    assert [i.id for i in order] == [a.id, c.id, b.id]
    assert [i.position for i in order] == [1, 2, 3]
    with db.transaction() as s:
        agenda.move_item(s, clerk, a.id, -1)  # already first: no change
        agenda.remove_item(s, clerk, c.id)
        assert [(i.id, i.position) for i in agenda.list_items(s, clerk, meeting_id)] == [
            (a.id, 1),
            (b.id, 2),
        ]


def test_closed_meeting_is_read_only(
    db: Database, clerk: Actor, admin: Actor, roster: Roster, opened: str
) -> None:
    with db.transaction() as s:
        item = agenda.add_item(s, clerk, opened, kind="report", title="工作报告")
        res = minutes.add_resolution(s, clerk, opened, title="关于加装电梯的决议", result="adopted")
        signin.desk_entry(s, clerk, opened, card(roster.representative_ids[0]))
        row_id = meetings.attendance(s, clerk, opened)[1].id
    with db.transaction() as s:
        closed = meetings.close_meeting(s, clerk, opened)
    assert (closed.present, closed.absent) == (1, 20)
    edits = [
        lambda s: meetings.update_meeting(s, clerk, opened, venue="别处"),
        lambda s: agenda.add_item(s, clerk, opened, kind="other", title="补充"),
        lambda s: agenda.update_item(s, clerk, item.id, minutes_text="改写"),
        lambda s: agenda.move_item(s, clerk, item.id, 1),
        lambda s: agenda.remove_item(s, clerk, item.id),
        lambda s: minutes.add_resolution(s, clerk, opened, title="补充决议"),
        lambda s: minutes.update_resolution(s, clerk, res.id, result="rejected"),
        lambda s: signin.set_status(s, clerk, row_id, "present"),
        lambda s: signin.sign_in(s, clerk, row_id),
        lambda s: signin.desk_entry(s, clerk, opened, card(roster.representative_ids[5])),
        lambda s: meetings.close_meeting(s, clerk, opened),
        lambda s: meetings.delete_meeting(s, clerk, opened),
    ]
    for edit in edits:
        with db.transaction() as s, pytest.raises(ConflictError):
            edit(s)
    # An administrator must give a reason; the correction is audited with it.
    with db.transaction() as s, pytest.raises(ValidationError):
        meetings.update_meeting(s, admin, opened, venue="街道会议中心")
    with db.transaction() as s:
        meetings.update_meeting(s, admin, opened, venue="街道会议中心", reason="会场记录有误")
        signin.set_status(s, admin, row_id, "on_leave", "会前已书面请假，补录")
    with db.session() as s:
        assert meetings.get_meeting(s, clerk, opened).venue == "街道会议中心"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "meeting.correct"))
        assert entry is not None and entry.reason == "会场记录有误" and entry.username == "admin"
        assert (
            s.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.correct"))
            is not None
        )
        assert meetings.quorum_status(s, opened).on_leave == 1


def test_minutes_document(db: Database, clerk: Actor, roster: Roster, opened: str) -> None:
    with db.transaction() as s:
        item = agenda.add_item(
            s, clerk, opened, kind="report", title="工作报告", minutes_text="代表们认真审议。"
        )
        minutes.add_resolution(
            s, clerk, opened, title="同意报告", result="adopted", agenda_item_id=item.id
        )
        minutes.add_resolution(s, clerk, opened, title="其他决议", result="rejected")
        for rep_id in roster.representative_ids[:12]:
            signin.desk_entry(s, clerk, opened, card(rep_id))
        leave = meetings.attendance(s, clerk, opened)
        on_leave = next(r for r in leave if r.voting and r.status == "expected")
        signin.set_status(s, clerk, on_leave.id, "on_leave", "生病")
        meetings.close_meeting(s, clerk, opened)
    with db.session() as s:
        doc = minutes.build_minutes(s, clerk, opened)
    assert len(doc.present) == 12 and len(doc.on_leave) == 1 and len(doc.absent) == 8
    assert doc.quorum.quorate
    assert doc.items[0].resolutions[0].title == "同意报告"
    assert [r.title for r in doc.other_resolutions] == ["其他决议"]


def test_deputy_cards_and_late_joiners(
    db: Database, clerk: Actor, roster: Roster, opened: str
) -> None:
    from desktop.services.cards import deputy_card_text

    with db.transaction() as s:
        row = signin.desk_entry(
            s, clerk, opened, deputy_card_text(STREET, roster.deputy_ids[0])
        ).signed
    assert row is not None and not row.voting
    with db.session() as s:
        q = meetings.quorum_status(s, opened)
    assert (q.present, q.deputies_present) == (0, 1)  # a deputy attends without a vote
    with db.transaction() as s:
        late = Representative(term_id=roster.term_id, name="晚加入", name_initials="wjr")
        s.add(late)
        s.flush()
        late_id = late.id
    with db.transaction() as s, pytest.raises(ConflictError) as err:
        signin.desk_entry(s, clerk, opened, card(late_id))
    assert "晚加入" in str(err.value)


def test_home_figures(db: Database, clerk: Actor, roster: Roster, opened: str) -> None:
    from desktop.services import home

    with db.transaction() as s:
        meetings.close_meeting(s, clerk, opened)
    with db.session() as s:
        figures = {f.key: f.value for f in home.figures(s)}
    assert "meetings_held" in figures and "next_meeting" in figures


def test_leave_recorded_before_the_meeting_is_kept_at_opening(
    db: Database, clerk: Actor, viewer: Actor, roster: Roster
) -> None:
    meeting_id = make_meeting(db, clerk)
    away, retiring, changed_mind = roster.representative_ids[:3]
    deputy = roster.deputy_ids[0]
    with db.transaction() as s, pytest.raises(ValidationError):
        signin.set_leave_in_advance(s, clerk, meeting_id, away, True, " ")
    with db.transaction() as s, pytest.raises(PermissionDenied):
        signin.set_leave_in_advance(s, viewer, meeting_id, away, True, "出差")
    with db.transaction() as s, pytest.raises(NotFound):
        signin.set_leave_in_advance(s, clerk, meeting_id, meeting_id, True, "出差")
    with db.transaction() as s:
        row = signin.set_leave_in_advance(s, clerk, meeting_id, away, True, "出差")
        signin.set_leave_in_advance(s, clerk, meeting_id, retiring, True, "住院")
        signin.set_leave_in_advance(s, clerk, meeting_id, changed_mind, True, "外地")
        signin.set_leave_in_advance(s, clerk, meeting_id, deputy, True, "开会")
    assert row.status == "on_leave" and row.leave_reason == "出差"
    with db.transaction() as s:  # they will come after all
        signin.set_leave_in_advance(s, clerk, meeting_id, changed_mind, False)
    with db.session() as s:
        q = meetings.quorum_status(s, meeting_id)
        roll = {
            r.representative_id or r.deputy_id: r
            for r in meetings.expected_roster(s, clerk, meeting_id)
        }
    assert (q.members_total, q.on_leave, q.absent, q.deputies_total) == (21, 3 - 1, 0, 2)
    assert q.not_arrived == 19
    assert roll[away].status == "on_leave" and roll[changed_mind].status == "expected"
    assert roll[deputy].leave_reason == "开会"

    with db.transaction() as s:  # leaves the roster before the meeting; renamed meanwhile
        rep = s.get(Representative, retiring)
        assert rep is not None
        rep.status = "retired"
        renamed = s.get(Representative, away)
        assert renamed is not None
        renamed.name = "王改名"
    with db.transaction() as s:
        q = meetings.open_meeting(s, clerk, meeting_id)
    assert (q.members_total, q.on_leave, q.absent, q.not_arrived) == (20, 1, 0, 19)
    with db.session() as s:
        rows = meetings.attendance(s, clerk, meeting_id)
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "attendance.set_status")
        ).all()
    assert len(rows) == 22 and len({r.representative_id or r.deputy_id for r in rows}) == 22
    by_person = {r.representative_id or r.deputy_id: r for r in rows}
    assert retiring not in by_person
    assert (by_person[away].status, by_person[away].leave_reason) == ("on_leave", "出差")
    assert by_person[away].name == "王改名"
    assert by_person[deputy].status == "on_leave" and not by_person[deputy].voting
    assert len(entries) == 5
    with db.transaction() as s, pytest.raises(ConflictError):
        signin.set_leave_in_advance(s, clerk, meeting_id, away, False)
