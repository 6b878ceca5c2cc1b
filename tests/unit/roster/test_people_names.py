"""People's names, not sign-in names, where people read them (履历, the staff member)."""

from __future__ import annotations

from desktop.db import Database
from desktop.services import audit, roster
from desktop.services.permissions import Actor
from desktop.services.roster.common import history
from tests.unit.roster.helpers import id_number, setup_roster


def test_history_names_the_person_not_the_account(db: Database, clerk: Actor) -> None:
    c = setup_roster(db, clerk)
    with db.transaction() as s:
        row = roster.save_representative(
            s,
            clerk,
            roster.RepresentativeForm(
                name="张伟强", community_id=c["较场口社区"], id_number=id_number(3)
            ),
        )
    with db.session() as s:
        entries = history(s, "representative", row.id)
    assert entries and {e.who for e in entries} == {"李晓梅"}
    assert {e.username for e in entries} == {"clerk"}  # the record keeps the account


def test_display_names_cover_every_account_and_the_system(db: Database) -> None:
    with db.session() as s:
        names = audit.display_names(s)
    assert names["admin"] == "王建国" and names["clerk"] == "李晓梅"
    assert names["system"] == "系统"
