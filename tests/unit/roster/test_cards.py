from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.reports import cards
from desktop.services import cards as card_text
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.roster.helpers import setup_roster


def _decode_pages(pdf: Path, tmp_path: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    texts: list[str] = []
    for png in sorted(tmp_path.glob("page*.png")):
        texts.extend(r.text for r in zxingcpp.read_barcodes(Image.open(png)))
    return texts


def test_representative_and_deputy_cards_decode(db: Database, clerk: Actor, tmp_path: Path) -> None:
    communities = setup_roster(db, clerk)
    with db.transaction() as s:
        reps = [
            roster.save_representative(
                s,
                clerk,
                roster.RepresentativeForm(
                    name=f"代表{n}", community_id=communities["较场口社区"], workplace="解放碑小学"
                ),
            )
            for n in range(9)
        ]
        retired = reps[0]
        roster.retire_representative(s, clerk, retired.id, left_on=date(2023, 1, 1), reason="迁出")
        dep = rd.save_deputy(
            s, clerk, rd.DeputyForm(name="周敏", level="district", unit="渝中区人民医院")
        )
    pdf = tmp_path / "reps.pdf"
    with db.session() as s:
        assert cards.write_cards(s, clerk, "representatives", pdf) == 1  # 8 active: one page
    decoded = _decode_pages(pdf, tmp_path)
    assert len(decoded) == 8
    refs = [card_text.parse_card(t) for t in decoded]
    assert {r.person_id for r in refs} == {r.id for r in reps[1:]}
    assert all(r.kind == "representative" and r.street_code == "500103001000" for r in refs)
    dpdf = tmp_path / "deps.pdf"
    with db.session() as s:
        cards.write_cards(s, clerk, "deputies", dpdf)
    (tmp_path / "d").mkdir()
    assert [card_text.parse_card(t) for t in _decode_pages(dpdf, tmp_path / "d")] == [
        card_text.CardRef("deputy", "500103001000", dep.id)
    ]


def test_no_cards_for_unknown_kind_or_nobody(db: Database, clerk: Actor, tmp_path: Path) -> None:
    setup_roster(db, clerk)
    with db.session() as s, pytest.raises(ValidationError):
        cards.write_cards(s, clerk, "stations", tmp_path / "x.pdf")
    with db.session() as s, pytest.raises(ValidationError):
        cards.write_cards(s, clerk, "representatives", tmp_path / "x.pdf")
