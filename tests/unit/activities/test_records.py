"""Recording duty activities: validation in Chinese with nothing written, participants,
linked opinions, audit and sync capture."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.models.audit import AuditEntry
from desktop.models.opinions import Opinion
from desktop.models.outbox import SyncOutbox
from desktop.services.activities import records
from desktop.services.activities import rules as activity_rules
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.activities.helpers import Place, setup_places

TODAY = date(2026, 6, 15)


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(DutyActivity)) or 0,
            s.scalar(select(func.count()).select_from(DutyParticipant)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            s.scalar(select(func.count()).select_from(SyncOutbox)) or 0,
        )


def _input(where: Place, **changes: Any) -> records.ActivityInput:
    base: dict[str, Any] = dict(
        kind="接待选民",
        held_on=date(2026, 6, 10),
        start_time="09:00",
        end_time="11:30",
        station_id=where.station,
        organiser="较场口社区",
        residents=23,
        summary="接待选民12人次，收集意见3条。",
        attachments=("照片/0610-1.jpg",),
        participants=(
            records.Participant(where.deputies[0], "deputy", "host"),
            records.Participant(where.deputies[1], "deputy", "receiver"),
        ),
    )
    base.update(changes)
    return records.ActivityInput(**base)


def test_record_lists_audits_and_captures(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    before = _counts(db)
    with db.transaction() as s:
        row = records.record(s, clerk, _input(place), today=TODAY)
    assert row.station_name == "较场口社区代表联络站"
    assert row.participant_names == "周敏（主持）、王建华（接待）"
    after = _counts(db)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 2
    assert after[2] == before[2] + 1  # one audit row for the user action
    with db.session() as s:
        entities = set(s.scalars(select(SyncOutbox.entity).where(SyncOutbox.seq > 0)))
        assert {"duty_activity", "duty_participant"} <= entities
        audit_row = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit_row is not None and audit_row.action == "activity.add"
        detail = records.get(s, row.id)
    assert detail.attachments == ("照片/0610-1.jpg",)
    assert [p.role for p in detail.participants] == ["host", "receiver"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": date(2026, 8, 1)}, "太远"),
        ({"station_id": "0190a1b2-0000-7000-8000-000000000000"}, "所选家站点不存在"),
        ({"kind": "喝茶"}, "活动类型"),
        ({"start_time": "9点"}, "时间"),
        ({"start_time": "15:00", "end_time": "14:00"}, "结束时间早于开始时间"),
        ({"residents": -1}, "群众人数"),
        ({"station_id": None}, "地点"),
    ],
)
def test_bad_input_refused_in_chinese_nothing_written(
    db: Database, clerk: Actor, change: dict[str, object], message: str
) -> None:
    place = setup_places(db, clerk)
    before = _counts(db)
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        records.record(s, clerk, _input(place, **change), today=TODAY)
    assert message in str(err.value)
    assert _counts(db) == before


def test_deputy_not_on_roster_refused(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        rd.retire_deputy(s, clerk, place.deputies[3], left_on=date(2026, 1, 1), reason="调离")
    before = _counts(db)
    for person in (place.deputies[3], "0190a1b2-0000-7000-8000-000000000001"):
        with pytest.raises(ValidationError) as err, db.transaction() as s:
            records.record(
                s,
                clerk,
                _input(place, participants=(records.Participant(person, "deputy"),)),
                today=TODAY,
            )
        assert "不在在任代表名册中" in str(err.value)
    assert _counts(db) == before


def test_horizon_is_a_setting(db: Database, admin: Actor, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        activity_rules.update(s, admin, activity_rules.ActivityRules(future_horizon_days=0))
    with pytest.raises(ValidationError), db.transaction() as s:
        records.record(s, clerk, _input(place, held_on=date(2026, 6, 16)), today=TODAY)
    with db.transaction() as s:
        records.record(s, clerk, _input(place, held_on=TODAY), today=TODAY)


def test_types_are_configurable(db: Database, admin: Actor, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        rules = activity_rules.load(s)
        activity_rules.update(s, admin, activity_rules.ActivityRules(types=(*rules.types, "夜访")))
    with db.transaction() as s:
        assert records.record(s, clerk, _input(place, kind="夜访"), today=TODAY).kind == "夜访"
    with pytest.raises(ValidationError), db.transaction() as s:
        activity_rules.update(s, admin, activity_rules.ActivityRules(types=("视察", "视察")))
    with pytest.raises(PermissionDenied), db.transaction() as s:
        activity_rules.update(s, clerk, activity_rules.ActivityRules())


def test_edit_replaces_participants_and_checks_version(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        row = records.record(s, clerk, _input(place), today=TODAY)
    people = (
        records.Participant(place.deputies[1], "deputy", "host"),
        records.Participant(place.deputies[2], "deputy", "participant"),
    )
    with db.transaction() as s:
        edited = records.update(
            s,
            clerk,
            row.id,
            _input(place, participants=people),
            expected_version=row.version,
            today=TODAY,
        )
    assert edited.participant_names == "王建华（主持）、李秀英"
    with pytest.raises(ConflictError), db.transaction() as s:
        records.update(s, clerk, row.id, _input(place), expected_version=row.version, today=TODAY)
    with db.session() as s:
        rows = list(s.scalars(select(DutyParticipant).where(DutyParticipant.activity_id == row.id)))
    # the removed participant is a tombstone (so the removal syncs), not a lost row
    assert sum(1 for p in rows if p.deleted_at is not None) == 1


def test_filters(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        records.record(s, clerk, _input(place), today=TODAY)
        records.record(
            s,
            clerk,
            _input(
                place,
                kind="视察",
                held_on=date(2026, 3, 2),
                station_id=place.home,
                participants=(records.Participant(place.deputies[2], "deputy"),),
            ),
            today=TODAY,
        )
    with db.session() as s:
        assert len(records.list_activities(s)) == 2
        assert [
            r.kind for r in records.list_activities(s, records.ActivityFilter(kind="视察"))
        ] == ["视察"]
        by_deputy = records.list_activities(s, records.ActivityFilter(deputy_id=place.deputies[2]))
        assert [r.station_id for r in by_deputy] == [place.home]
        in_march = records.ActivityFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
        assert records.count_activities(s, in_march) == 1
        assert records.list_activities(s, records.ActivityFilter(station_id=place.point)) == []


def test_opinion_registered_from_activity(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        row = records.record(s, clerk, _input(place), today=TODAY)
    with db.transaction() as s:
        op = records.register_opinion(
            s, clerk, row.id, content="小区路灯坏了三盏，晚上出行不便。", resident_name="张大爷"
        )
    with db.session() as s:
        stored = s.get(Opinion, op.id)
        assert stored is not None
        assert stored.station_id == place.station
        assert stored.received_on == date(2026, 6, 10)
        assert stored.channel == "reception_day"
        assert json.loads(stored.deputy_ids) == list(place.deputies[:2])
        detail = records.get(s, row.id)
    assert [o.id for o in detail.opinions] == [op.id]
    assert detail.row.opinions == 1


def test_remove_is_soft_and_audited(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.transaction() as s:
        row = records.record(s, clerk, _input(place), today=TODAY)
    with db.transaction() as s:
        records.remove(s, clerk, row.id, "重复录入")
    with db.session() as s:
        assert records.list_activities(s) == []
        ops = list(s.scalars(select(SyncOutbox.op).where(SyncOutbox.entity == "duty_activity")))
    assert ops[-1] == "delete"


def test_viewer_may_not_record(db: Database, clerk: Actor, viewer: Actor) -> None:
    place = setup_places(db, clerk)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        records.record(s, viewer, _input(place), today=TODAY)


def test_quick_entry_of_participants(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.session() as s:
        people = records.parse_people(s, "周敏（主持）、wjh  李秀英:接待")
        assert people == (
            records.Participant(place.deputies[0], "deputy", "host"),
            records.Participant(place.deputies[1], "deputy", "participant"),
            records.Participant(place.deputies[2], "deputy", "receiver"),
        )
        with pytest.raises(ValidationError) as err:
            records.parse_people(s, "周敏 张三丰")
        assert "没有“张三丰”" in str(err.value)
