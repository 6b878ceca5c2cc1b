"""The deputy card's QR as a contact a phone saves offline, still the deputy at the sign-in
desk and the station PC; scan-to-attend with good, unknown, retired and foreign cards."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import AppError, ConflictError, NotFound, ValidationError
from desktop.models.activities import DutyParticipant
from desktop.reports import cards as card_pdf
from desktop.services import cards, meetings
from desktop.services.activities import records, scan
from desktop.services.meetings import signin
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as rd
from tests.unit.activities.helpers import Place, setup_places
from tests.unit.meetings.fixtures import make_meeting, make_roster

STREET = "500103001000"
OTHER_STREET = "500103002000"


def _decode(pdf: Path, folder: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / "p")], check=True)
    texts: list[str] = []
    for png in sorted(folder.glob("p*.png")):
        texts.extend(r.text for r in zxingcpp.read_barcodes(Image.open(png)))
    return texts


def _with_reception_day(db: Database, actor: Actor, place: Place) -> None:
    with db.transaction() as s:
        form = rd.get_station(s, place.station)
        form.reception_day = "每月10日上午"
        rd.save_station(s, actor, form)


def test_deputy_card_is_a_contact_and_still_the_deputy(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    place = setup_places(db, clerk)
    _with_reception_day(db, clerk, place)
    pdf = tmp_path / "cards.pdf"
    with db.session() as s:
        card_pdf.write_cards(s, clerk, "deputies", pdf, ids=[place.deputies[0]])
    (decoded,) = _decode(pdf, tmp_path)
    # What a phone camera sees: a MECARD contact with the name, unit, phone and station …
    assert decoded.startswith("MECARD:") and decoded.endswith(";;") and "\n" not in decoded
    contact = cards.parse_mecard(decoded)
    assert contact["N"] == "周敏"
    assert contact["ORG"] == "渝中区人民医院"
    assert contact["TEL"] == "13800138000"
    assert contact["ADR"] == "较场口社区代表联络站"
    assert "接待日 每月10日上午" in contact["NOTE"]
    # … and what the sign-in desk and the station PC see: that deputy.
    assert cards.parse_card(decoded) == cards.CardRef("deputy", STREET, place.deputies[0])
    # The phone is printed on the card as well.
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "13800138000" in text and "每月10日上午" in text


def test_contact_escapes_reserved_characters() -> None:
    text = cards.deputy_contact_text(
        STREET,
        "01a24b20-dd93-7511-a4ab-494584ed83f9",
        name="周敏",
        unit="某公司;研发部,一组",
        reception_day="每周三 9:00",
    )
    fields = cards.parse_mecard(text)
    assert fields["ORG"] == "某公司;研发部,一组"
    assert fields["NOTE"].startswith("接待日 每周三 9:00")
    assert cards.parse_card(text).person_id == "01a24b20-dd93-7511-a4ab-494584ed83f9"


def test_new_and_old_deputy_cards_at_the_sign_in_desk(db: Database, clerk: Actor) -> None:
    roster = make_roster(db)
    meeting_id = make_meeting(db, clerk)
    with db.transaction() as s:
        meetings.open_meeting(s, clerk, meeting_id)
    new_card = cards.deputy_contact_text(
        STREET, roster.deputy_ids[0], name="代表", unit="单位", phone="13800000000"
    )
    old_card = cards.deputy_card_text(STREET, roster.deputy_ids[1])
    with db.transaction() as s:
        first = signin.desk_entry(s, clerk, meeting_id, new_card).signed
        second = signin.desk_entry(s, clerk, meeting_id, old_card).signed
    assert first is not None and first.deputy_id == roster.deputy_ids[0]
    assert second is not None and second.deputy_id == roster.deputy_ids[1]


def _activity(db: Database, actor: Actor, place: Place) -> str:
    with db.transaction() as s:
        return records.record(
            s,
            actor,
            records.ActivityInput(
                kind="民情恳谈会", held_on=date(2026, 6, 10), station_id=place.station
            ),
            today=date(2026, 6, 10),
        ).id


def _attendance(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(DutyParticipant)) or 0


def test_scan_to_attend_with_a_deputy_card(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    activity = _activity(db, clerk, place)
    new_card = cards.deputy_contact_text(STREET, place.deputies[0], name="周敏")
    with db.transaction() as s:
        seen = scan.attend_by_card(s, clerk, activity, new_card)
        old = scan.attend_by_card(
            s, clerk, activity, cards.deputy_card_text(STREET, place.deputies[1])
        )
    assert (seen.name, seen.source, old.name) == ("周敏", "scan", "王建华")
    with pytest.raises(ConflictError) as err, db.transaction() as s:
        scan.attend_by_card(s, clerk, activity, new_card)
    assert "已登记参加本次活动" in str(err.value)
    with db.session() as s:
        assert records.get(s, activity).row.participants == 2


@pytest.mark.parametrize(
    ("make_text", "error", "message"),
    [
        (lambda p: "hello world", ValidationError, "不是议事通"),
        (lambda p: "", ValidationError, "请扫描"),
        (
            lambda p: cards.deputy_card_text(OTHER_STREET, p.deputies[0]),
            ValidationError,
            "其他街道",
        ),
        (
            lambda p: cards.deputy_contact_text(
                OTHER_STREET, p.deputies[0], name="周敏", unit="渝中区人民医院"
            ),
            ValidationError,
            "其他街道",
        ),
        (
            lambda p: cards.deputy_card_text(STREET, "0190a1b2-0000-7000-8000-000000000000"),
            NotFound,
            "",
        ),
        (lambda p: cards.station_code_text(STREET, p.station), ValidationError, "履职码"),
    ],
)
def test_unknown_or_foreign_card_refused_nothing_written(
    db: Database, clerk: Actor, make_text: object, error: type[AppError], message: str
) -> None:
    place = setup_places(db, clerk)
    activity = _activity(db, clerk, place)
    before = _attendance(db)
    with pytest.raises(error) as err, db.transaction() as s:
        scan.attend_by_card(s, clerk, activity, make_text(place))  # type: ignore[operator]
    assert message in str(err.value)
    assert _attendance(db) == before


def test_retired_deputy_card_refused(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    activity = _activity(db, clerk, place)
    with db.transaction() as s:
        rd.retire_deputy(s, clerk, place.deputies[2], left_on=date(2026, 1, 1), reason="调离")
    with pytest.raises(ConflictError) as err, db.transaction() as s:
        scan.attend_by_card(s, clerk, activity, cards.deputy_card_text(STREET, place.deputies[2]))
    assert "李秀英" in str(err.value)


def test_station_code_names_the_station(db: Database, clerk: Actor) -> None:
    place = setup_places(db, clerk)
    with db.session() as s:
        assert scan.station_of_code(s, cards.station_code_text(STREET, place.home)) == place.home
        with pytest.raises(ValidationError):
            scan.station_of_code(s, cards.deputy_card_text(STREET, place.deputies[0]))


def test_contact_read_by_a_scanner_that_drops_chinese() -> None:
    # Keyboard-wedge scanners often cannot type Chinese: what arrives is the ASCII skeleton.
    text = cards.deputy_contact_text(
        STREET,
        "01a24b20-dd93-7511-a4ab-494584ed83f9",
        name="周敏",
        unit="渝中区人民医院",
        phone="13800138000",
        station="较场口社区代表联络站",
        reception_day="每月10日",
    )
    mangled = "".join(ch if ch.isascii() else "?" for ch in text)
    assert cards.looks_like_card(mangled)
    assert cards.parse_card(mangled).person_id == "01a24b20-dd93-7511-a4ab-494584ed83f9"
    stripped = "".join(ch for ch in text if ch.isascii())
    assert cards.parse_card(stripped).kind == "deputy"
