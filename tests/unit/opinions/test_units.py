"""承办单位: a dictionary (name, contact person, phone) instead of free text; the migration
turns the names typed so far into entries; an assignment by name keeps it complete."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.db import Database, make_engine, upgrade
from desktop.errors import ConflictError, ValidationError
from desktop.models.outbox import SyncOutbox
from desktop.services import opinions
from desktop.services.opinions import units as opinion_units
from desktop.services.permissions import Actor


def test_units_are_unique_and_checked(db: Database, clerk: Actor, viewer: Actor) -> None:
    with db.transaction() as s:
        unit = opinion_units.save_unit(
            s, clerk, None, name=" 街道 城管办 ", contact_person="黄志刚", phone="023-63841234"
        )
    assert unit.name == "街道 城管办" and unit.phone == "023-63841234"
    with db.transaction() as s, pytest.raises(ConflictError):
        opinion_units.save_unit(s, clerk, None, name="街道  城管办")
    with db.transaction() as s, pytest.raises(ValidationError):
        opinion_units.save_unit(s, clerk, None, name="   ")
    with db.transaction() as s, pytest.raises(ValidationError):
        opinion_units.save_unit(s, clerk, None, name="派出所", phone="12")
    with db.transaction() as s:
        opinion_units.save_unit(
            s, clerk, unit.id, name=unit.name, contact_person="李强", phone="", active=False
        )
    with db.session() as s:
        assert opinion_units.list_units(s, viewer) == []
        kept = opinion_units.list_units(s, viewer, include_retired=True)
        outbox = s.scalars(select(SyncOutbox).where(SyncOutbox.entity == "opinion_unit")).all()
    assert [(u.contact_person, u.active) for u in kept] == [("李强", False)]
    assert len(outbox) == 2  # synced like every other record


def test_assigning_by_name_adds_the_unit(db: Database, clerk: Actor) -> None:
    with db.transaction() as s:
        row = opinions.register(
            s,
            clerk,
            opinions.OpinionInput(
                received_on=date(2026, 11, 2), content="路灯不亮", resident_name="张三"
            ),
        )
        opinions.assign(
            s,
            clerk,
            row.id,
            opinions.Assignment("街道城管办", date(2026, 11, 3), contact_person="黄志刚"),
        )
    with db.session() as s:
        units = opinion_units.list_units(s, clerk)
    assert [(u.name, u.contact_person) for u in units] == [("街道城管办", "黄志刚")]


def test_migration_turns_typed_departments_into_entries(tmp_path: Path) -> None:
    """A database at 0007 with free-text departments, upgraded: one entry per name, with
    the contact person last used, and an outbox row for each."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0007_name_sort")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO street (id, version, created_at, updated_at, street_code, code, name, kind,"
        " district, city) VALUES ('s1', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00',"
        " '500103001000', '500103001000', '解放碑街道', 'street', '', '')"
    )
    for n, (dept, person, day) in enumerate(
        [
            ("街道城管办", "黄志刚", "2026-03-01"),
            ("街道城管办", "李强", "2026-05-01"),
            (" 区住建委 ", "", "2026-04-01"),
            ("", "", "2026-04-02"),
        ]
    ):
        con.execute(
            "INSERT INTO opinion (id, version, created_at, updated_at, street_code, number,"
            " received_on, channel, deputy_ids, anonymous, resident_name, resident_phone,"
            " resident_address, category, content, location, is_public, status, round,"
            " department, contact_person, handler, assigned_on, reply, close_reason,"
            " satisfaction, follow_up_note, notes) VALUES (?, 1, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', '500103001000', ?, ?, 'visit', '[]', 0, '', '', '',"
            " 'other', '内容', '', 0, 'assigned', 1, ?, ?, '', ?, '', '', '', '', '')",
            (f"o{n}", f"YJ2026-{n:05d}", day, dept, person, day),
        )
    con.commit()
    con.close()
    upgrade(engine, "heads")
    engine.dispose()
    con = sqlite3.connect(path)
    units = con.execute(
        "SELECT name, contact_person, active, street_code FROM opinion_unit ORDER BY name"
    ).fetchall()
    ops = con.execute("SELECT data FROM sync_outbox WHERE entity = 'opinion_unit'").fetchall()
    con.close()
    assert sorted(units) == sorted(
        [("街道城管办", "李强", 1, "500103001000"), ("区住建委", "", 1, "500103001000")]
    )
    assert sorted(json.loads(d)["name"] for (d,) in ops) == ["区住建委", "街道城管办"]
