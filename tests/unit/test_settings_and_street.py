"""Typed settings, the street, and change capture on synced rows."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.models.outbox import SyncOutbox
from desktop.models.settings import Setting
from desktop.services import settings, street
from desktop.services.permissions import Actor


def test_defaults_and_update(db: Database, admin: Actor) -> None:
    with db.session() as s:
        assert settings.load(s) == settings.Settings()
    with db.transaction() as s:
        result = settings.update(s, admin, quorum_rule="two_thirds", answer_deadline_days=15)
    assert result.quorum_rule == "two_thirds"
    with db.session() as s:
        assert settings.load(s).answer_deadline_days == 15


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("quorum_rule", "most"),
        ("answer_deadline_days", 0),
        ("answer_deadline_days", "30"),
        ("answer_deadline_days", True),
        ("mask_personal_data", 1),
        ("no_such_key", 1),
    ],
)
def test_bad_values_are_refused(db: Database, admin: Actor, key: str, value: object) -> None:
    with pytest.raises(ValidationError), db.transaction() as s:
        settings.update(s, admin, **{key: value})


def test_a_bad_stored_value_falls_back_to_the_default(db: Database) -> None:
    with db.transaction() as s:
        s.add(Setting(key="answer_deadline_days", value_json=json.dumps("thirty")))
        s.add(Setting(key="quorum_rule", value_json="{not json"))
    with db.session() as s:
        loaded = settings.load(s)
    assert loaded.answer_deadline_days == 30 and loaded.quorum_rule == "more_than_half"


@given(st.text(alphabet="0123456789０１２３４５６７８９ ", min_size=0, max_size=16))
def test_division_code_normalisation(raw: str) -> None:
    code = street.normalise_code(raw)
    assert " " not in code
    assert all(c in "0123456789" for c in code)
    assert len(code) == sum(1 for c in raw if c != " ")


def test_street_edit_bumps_version_and_writes_outbox(db: Database, admin: Actor) -> None:
    with db.transaction() as s:
        street.edit(
            s, admin, name="解放碑街道（新）", kind="street", district="渝中区", city="重庆市"
        )
    with db.session() as s:
        ops = list(
            s.scalars(
                select(SyncOutbox).where(SyncOutbox.entity == "street").order_by(SyncOutbox.seq)
            )
        )
    assert [o.version for o in ops] == [1, 2]
    assert ops[1].base_version == 1
    data = json.loads(ops[1].data)
    assert data["name"] == "解放碑街道（新）" and data["street_code"] == "500103001000"


def test_street_code_must_be_12_digits(db: Database) -> None:
    with pytest.raises(ValidationError, match="12 位"):
        street._validate("5001030010", "某街道", "street")
