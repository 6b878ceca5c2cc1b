"""The activity ledger through the Excel engine: template = export = import, an edit is an
update, a new row is created with its participants, undo, and a bad row refused whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.excel import importer, writer
from desktop.excel.activity_ledger import ACTIVITIES
from desktop.models.activities import DutyActivity, DutyParticipant
from desktop.services.activities import records, standing
from desktop.services.permissions import Actor
from tests.unit.activities.helpers import Place, setup_places

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


def _seed(db: Database, actor: Actor, place: Place) -> list[str]:
    with db.transaction() as s:
        return [
            records.record(
                s,
                actor,
                records.ActivityInput(
                    kind=kind,
                    held_on=day,
                    start_time="09:00",
                    end_time="11:00",
                    station_id=station,
                    residents=n * 10,
                    summary=f"第{n}次活动",
                    attachments=("照片1.jpg", "签到表.pdf") if n == 0 else (),
                    participants=(
                        records.Participant(place.deputies[0], "deputy", "host"),
                        records.Participant(place.deputies[1], "deputy"),
                    ),
                ),
            ).id
            for n, (kind, day, station) in enumerate(
                (
                    ("接待选民", date(2026, 1, 10), place.station),
                    ("视察", date(2026, 2, 3), place.home),
                    ("民情恳谈会", date(2026, 2, 18), place.point),
                )
            )
        ]


def _sheet(path: Path) -> list[list[object]]:
    wb = load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[ACTIVITIES.sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def _count(db: Database, model: type[DutyActivity] | type[DutyParticipant]) -> int:
    with db.session() as s:
        query = select(func.count()).select_from(model).where(model.deleted_at.is_(None))
        return int(s.scalar(query) or 0)


def test_round_trip_update_create_and_undo(db: Database, clerk: Actor, tmp_path: Path) -> None:
    place = setup_places(db, clerk)
    ids = _seed(db, clerk, place)
    with db.transaction() as s:
        writer.write_template(s, "activities", tmp_path / "template.xlsx")
        assert writer.export(s, clerk, "activities", tmp_path / "ledger.xlsx") == 3
    template_header = [str(c).rstrip("*") for c in _sheet(tmp_path / "template.xlsx")[0]]
    rows = _sheet(tmp_path / "ledger.xlsx")
    header = rows[0]
    assert template_header == header == [c.header for c in ACTIVITIES.columns]
    first = rows[1]
    assert first[header.index("参加代表")] == "周敏（主持）、王建华"
    assert first[header.index("附件")] == "照片1.jpg；签到表.pdf"
    assert first[header.index("家站点")] == "较场口社区代表联络站"
    with db.session() as s:
        plan = importer.prepare(s, clerk, "activities", tmp_path / "ledger.xlsx")
    assert plan.counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}, [
        (r.status, r.changed, r.errors) for r in plan.rows
    ]

    wb = load_workbook(tmp_path / "ledger.xlsx")
    ws = wb[ACTIVITIES.sheet]
    ws.cell(row=2, column=header.index("群众人数") + 1, value=35)
    ws.append(
        [
            date(2026, 3, 10),
            "14:30",
            "16:30",
            "走访选民",
            "七星岗代表联系点",
            None,
            "七星岗社区",
            "李秀英（主持）、cz g".replace(" ", ""),
            8,
            "走访独居老人",
            None,
            None,
        ]
    )
    wb.save(tmp_path / "edited.xlsx")
    with db.transaction() as s:
        plan = importer.prepare(s, clerk, "activities", tmp_path / "edited.xlsx")
        assert plan.counts["update"] == 1 and plan.counts["new"] == 1, [
            (r.status, r.errors) for r in plan.rows
        ]
        batch = importer.commit(s, clerk, plan)
    with db.session() as s:
        assert records.get(s, ids[0]).row.residents == 35
        new = records.list_activities(s, records.ActivityFilter(kind="走访选民"))
        assert [r.participant_names for r in new] == ["李秀英（主持）、陈志刚"]
        coverage = {
            c.deputy_id: c.activities
            for c in standing.deputy_coverage(s, 2026, as_of=date(2026, 12, 31))
        }
    assert coverage[place.deputies[2]] == 1
    with db.transaction() as s:
        assert batch.batch_id is not None
        importer.undo(s, clerk, batch.batch_id)
    with db.session() as s:
        assert records.get(s, ids[0]).row.residents == 0
        assert records.list_activities(s, records.ActivityFilter(kind="走访选民")) == []
        coverage = {
            c.deputy_id: c.activities
            for c in standing.deputy_coverage(s, 2026, as_of=date(2026, 12, 31))
        }
    assert coverage[place.deputies[2]] == 0
    assert _count(db, DutyParticipant) == 6


def test_a_bad_row_refuses_the_import_nothing_written(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    place = setup_places(db, clerk)
    _seed(db, clerk, place)
    with db.transaction() as s:
        writer.write_template(s, "activities", tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb[ACTIVITIES.sheet]
    ws.append(
        [
            date(2026, 4, 1),
            None,
            None,
            "视察",
            "较场口社区代表联络站",
            None,
            None,
            "周敏",
            3,
            "好",
            None,
            None,
        ]
    )
    ws.append(
        [
            date(2026, 4, 2),
            None,
            None,
            "视察",
            "较场口社区代表联络站",
            None,
            None,
            "张三丰",
            3,
            "坏",
            None,
            None,
        ]
    )
    wb.save(tmp_path / "bad.xlsx")
    before = (_count(db, DutyActivity), _count(db, DutyParticipant))
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        plan = importer.prepare(s, clerk, "activities", tmp_path / "bad.xlsx")
        importer.commit(s, clerk, plan)
    assert "张三丰" in str(err.value)
    assert (_count(db, DutyActivity), _count(db, DutyParticipant)) == before
    # an unknown type or station is caught in the preview, cell by cell
    ws.append(
        [date(2026, 4, 3), None, None, "喝茶", "不存在的站", None, None, "", 0, "", None, None]
    )
    wb.save(tmp_path / "bad2.xlsx")
    with db.session() as s:
        plan = importer.prepare(s, clerk, "activities", tmp_path / "bad2.xlsx")
    assert plan.counts["error"] == 1
