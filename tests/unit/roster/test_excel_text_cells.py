"""Every text cell the app writes to Excel is text, never a formula (issue 15 item 4).

Text that starts with ``=``, ``+``, ``-``, ``@`` (or a tab/CR before them), or reads like an
error code, is exported as a string cell; the importer reads the app's own export back
unchanged. The checks go through the public export and import functions and the file's XML,
so they hold whichever sheet reader the importer uses.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from desktop.db import Database
from desktop.excel import importer, writer
from desktop.models.outbox import capture_disabled
from desktop.models.roster import Representative
from desktop.services import roster
from desktop.services.permissions import Actor
from tests.unit.roster.helpers import setup_roster

# Characters XML 1.0 can carry (openpyxl refuses the others outright).
XML_CHARS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
    + ["\ufffe", "\uffff"],
)
PREFIXES = ["=", "+", "-", "@", "\t=", "\r=", "\r\n@", " =", "#N/A", "=cmd|' /C calc'!A0"]
texts = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(PREFIXES) | st.just(""),
    st.text(XML_CHARS, max_size=40),
)


@pytest.fixture
def ready(db: Database, clerk: Actor) -> Database:
    setup_roster(db, clerk)
    return db


def _formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(book.read(n).decode("utf-8") for n in sheets)
    return re.findall(r"<f[ >].*?</f>", xml) + re.findall(r' t="e"', xml)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(workplace=texts, notes=texts)
@example(workplace="=cmd|' /C calc'!A0", notes='=HYPERLINK("http://x","点击")')
@example(workplace="@SUM(1+1)*cmd|' /C calc'!A0", notes="\t=1+1\r\n-2+3")
@example(workplace="#N/A", notes="+86 138")
@example(workplace="-1", notes="第一行\r=第二行")
def test_text_round_trips_as_text_never_a_formula(
    ready: Database, admin: Actor, tmp_path: Path, workplace: str, notes: str
) -> None:
    with ready.transaction() as s:
        with capture_disabled(s):  # a test reset, not a user change
            s.execute(delete(Representative))
        community = roster.list_communities(s)[0].id
        roster.save_representative(
            s,
            admin,
            roster.RepresentativeForm(
                name="王秀英", community_id=community, workplace=workplace, notes=notes
            ),
        )
    path = tmp_path / "out.xlsx"
    with ready.transaction() as s:
        assert writer.export(s, admin, "representatives", path) == 1
    assert _formulas(path) == []
    with ready.session() as s:
        plan = importer.prepare(s, admin, "representatives", path)
    assert plan.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}, [
        str(e) for e in plan.errors
    ]


def test_a_community_named_like_a_formula_stays_text_in_the_template(
    ready: Database, admin: Actor, tmp_path: Path
) -> None:
    with ready.transaction() as s:
        roster.save_community(s, admin, name="=1+2 社区")
    path = tmp_path / "template.xlsx"
    with ready.session() as s:
        writer.write_template(s, "representatives", path)
    assert _formulas(path) == []
