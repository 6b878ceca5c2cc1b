"""Each domain rule the Excel importer applies is the service's own (issue 19, one write path):
the importer and the service agree on the station's default frequency, on a birth date against
the ID number, on a retired representative's leaving date, and on an opinion's search row."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select, text

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.excel import importer
from desktop.excel.opinion_ledger import LEDGER as OPINIONS
from desktop.excel.roster_ledgers import REPRESENTATIVES, StationsAdapter
from desktop.excel.spec import CellProblem
from desktop.models.opinions import Opinion
from desktop.models.roster import STATION_KINDS, Community
from desktop.services import opinions as svc
from desktop.services import roster, validators
from desktop.services.opinions import search as opinion_search
from desktop.services.permissions import Actor
from desktop.services.roster import deputies as roster_deputies
from tests.unit.roster.helpers import id_number, setup_roster

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


@pytest.mark.parametrize("kind", STATION_KINDS)
def test_a_station_without_a_frequency_gets_the_services_default(kind: str) -> None:
    adapter = StationsAdapter()
    lookups: dict[str, dict[str, str]] = {"station": {}, "community": {}}
    for values in (
        {"name": "站", "kind": kind},
        {"name": "站", "kind": kind, "activity_frequency": ""},
    ):
        record = adapter._record(lookups, values)
        assert record["activity_frequency"] == roster_deputies.default_frequency(kind)


def _rep_check(values: dict[str, object]) -> list[tuple[str, CellProblem]]:
    assert REPRESENTATIVES.check is not None
    return REPRESENTATIVES.check(values)


def _form(idn: str, birth: date | None) -> roster.RepresentativeForm:
    return roster.RepresentativeForm(
        name="王伟强", community_id="", id_number=idn, birth_date=birth, phone=""
    )


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 9999), shift=st.sampled_from([None, 0, 1, -1, 31, 366]))
def test_birth_date_against_the_id_number_importer_and_form_agree(
    n: int, shift: int | None
) -> None:
    idn = id_number(n)
    from_id = validators.birth_date_from_id(idn)
    assert from_id is not None
    birth = None if shift is None else from_id + timedelta(days=shift)
    cell = [c for c, _ in _rep_check({"id_number": idn, "birth_date": birth})]
    form = roster.check_representative(_form(idn, birth))
    assert ("birth_date" in cell) == ("birth_date" in form) == (shift not in (None, 0))


def test_a_retired_representative_needs_a_leaving_date_in_both(db: Database, clerk: Actor) -> None:
    cell = dict(_rep_check({"status": "retired", "left_on": None}))
    assert cell["left_on"].template == roster.leaving_problem("retired", None)
    assert not _rep_check({"status": "retired", "left_on": date(2025, 1, 1)})
    communities = setup_roster(db, clerk)
    with db.transaction() as s:
        rep = roster.save_representative(
            s,
            clerk,
            roster.RepresentativeForm(
                name="李娜", community_id=communities["较场口社区"], id_number="", phone=""
            ),
        )
    with db.transaction() as s, pytest.raises(ValidationError) as refused:
        roster.retire_representative(s, clerk, rep.id, left_on=None, reason="")  # type: ignore[arg-type]
    assert refused.value.field == "left_on"


def _indexed_names(db: Database) -> dict[str, str]:
    with db.session() as s:
        rows = s.execute(
            text(
                "SELECT f.number, f.resident_name FROM opinion_fts f "
                "JOIN opinion_search_key k ON k.rowid = f.rowid"
            )
        ).all()
    return {str(number): str(name) for number, name in rows}


def test_the_opinion_search_row_is_the_same_from_the_importer_and_the_service(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    with db.transaction() as s:
        s.add(Community(name="解放碑社区"))
    opinion_search.ensure(db.engine)
    with db.transaction() as s:
        registered = svc.register(
            s,
            clerk,
            svc.OpinionInput(
                received_on=date(2025, 4, 1),
                content="建议增加公厕",
                category="other",
                resident_name="陈红",
                anonymous=True,
            ),
        )
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = OPINIONS.sheet
    headers = {c.key: c.header for c in OPINIONS.columns}
    ws.append(
        [
            headers["received_on"],
            headers["channel"],
            headers["category"],
            headers["anonymous"],
            headers["resident_name"],
            headers["content"],
            headers["status"],
        ]
    )
    ws.append([date(2025, 4, 2), "来信", "其他", "是", "", "建议增加公厕", "已登记"])
    ws.append([date(2025, 4, 3), "来信", "其他", "否", "孙丽", "路灯不亮", "已登记"])
    wb.save(tmp_path / "opinions.xlsx")
    with db.transaction() as s:
        plan = importer.prepare(s, clerk, "opinions", tmp_path / "opinions.xlsx")
        assert plan.ok, plan.errors
        importer.commit(s, clerk, plan)
    with db.session() as s:
        ops = {o.number: o for o in s.scalars(select(Opinion))}
        expected = {n: opinion_search.search_row(o)["resident_name"] for n, o in ops.items()}
    indexed = _indexed_names(db)
    assert indexed == expected
    assert indexed[registered.number] == "" and sorted(indexed.values()) == ["", "", "孙丽"]
