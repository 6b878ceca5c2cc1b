"""One masking rule for personal data, on screen and in exports (issue 19): the same phone
number looks the same in the roster, the opinions ledger, the sign-in desk and an Excel file.
Before, the roster starred from 11 characters, the opinions ledger from 7 (showing all of a
7-digit number) and the Excel export stars len-7."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.db import Database
from desktop.excel import opinion_ledger, roster_ledgers
from desktop.excel.spec import Column, mask
from desktop.services import opinions, privacy, roster
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import id_number, setup_roster


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("13812345678", "138****5678"),
        ("023-68123456", "023*****3456"),
        ("+8613812345678", "+86*******5678"),
        ("6812345", "*******"),  # a 7-digit number is not shown whole (it was, in the ledger)
        ("68123456", "********"),
        ("", ""),
        ("  13812345678 ", "138****5678"),
    ],
)
def test_phone_rule(phone: str, shown: str) -> None:
    assert privacy.mask_phone(phone) == shown


@given(st.text(alphabet="0123456789-+ ", max_size=24))
def test_a_masked_phone_hides_the_middle_and_keeps_its_length(phone: str) -> None:
    shown = privacy.mask_phone(phone)
    text = phone.strip()
    assert len(shown) == len(text)
    hidden = shown.count("*")
    assert hidden >= len(text) - 7
    assert hidden >= 4 or hidden == len(text)


def test_id_number_address_name_rules() -> None:
    assert privacy.mask_id_number("50010319800101001X") == "5001**********001X"
    assert privacy.mask_id_number(None) == ""
    assert privacy.mask_address("邹容路128号2栋") == "邹容路****"
    assert privacy.mask_name("张伟强") == "张**"
    assert privacy.mask_text("ABCDEFGH") == "AB******"
    with pytest.raises(ValueError):
        privacy.mask_value("shoe_size", "42")


def _column(ledger_columns: tuple[Column, ...], key: str) -> Column:
    return next(c for c in ledger_columns if c.key == key)


def test_the_same_number_looks_the_same_on_screen_and_in_an_export(
    db: Database, clerk: Actor, viewer: Actor
) -> None:
    phone = "023-68123456"
    with db.transaction() as s:
        row = opinions.register(
            s,
            clerk,
            opinions.OpinionInput(
                received_on=date(2025, 5, 1),
                content="路灯不亮",
                resident_name="刘芳",
                resident_phone=phone,
                resident_address="邹容路128号2栋",
            ),
        )
    with db.session() as s:
        on_screen = opinions.get(s, viewer, row.id).row
    phone_col = _column(opinion_ledger.LEDGER.columns, "resident_phone")
    address_col = _column(opinion_ledger.LEDGER.columns, "resident_address")
    assert on_screen.resident_phone == mask(phone_col, phone) == "023*****3456"
    assert on_screen.resident_address == mask(address_col, "邹容路128号2栋") == "邹容路****"


def test_roster_rows_and_the_roster_export_agree(db: Database, clerk: Actor, viewer: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        roster.save_representative(
            s,
            clerk,
            roster.RepresentativeForm(
                name="张伟强",
                community_id=c["较场口社区"],
                phone="13800138000",
                id_number=id_number(3),
            ),
        )
    with db.session() as s:
        (shown,) = roster.list_representatives(s, viewer, roster.RepresentativeFilter())
    ledger = roster_ledgers.REPRESENTATIVES
    assert shown.phone == mask(_column(ledger.columns, "phone"), "13800138000") == "138****8000"
    assert shown.id_number == mask(_column(ledger.columns, "id_number"), id_number(3))
