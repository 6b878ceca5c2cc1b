"""The project ledger through the Excel engine: template = export = import (unchanged), a
new proposal created, an edit to a proposal, a stage column or a decided project refused
with nothing written, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import AppError
from desktop.excel import importer, writer
from desktop.excel.project_ledger import PROJECTS
from desktop.models.audit import AuditEntry
from desktop.models.projects import Project
from desktop.services.permissions import Actor
from desktop.services.projects import core
from tests.unit.projects.helpers import propose_many

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


def _rows(path: Path) -> list[list[object]]:
    wb = load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[PROJECTS.sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def _edit(src: Path, dst: Path, row: int, header: str, value: object) -> None:
    wb = load_workbook(src)
    ws = wb[PROJECTS.sheet]
    col = [c.header for c in PROJECTS.columns].index(header) + 1
    ws.cell(row=row, column=col, value=value)
    wb.save(dst)


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Project)) or 0),
            int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0),
        )


def test_round_trip(db: Database, clerk: Actor, tmp_path: Path) -> None:
    ids = propose_many(db, clerk, 3)
    with db.transaction() as s:
        core.screen(s, clerk, ids[2], "rejected", "不属于街道事权", on=date(2026, 12, 1))
        writer.write_template(s, "projects", tmp_path / "template.xlsx")
        assert writer.export(s, clerk, "projects", tmp_path / "ledger.xlsx") == 3
    rows = _rows(tmp_path / "ledger.xlsx")
    header = rows[0]
    assert [str(c).rstrip("*") for c in _rows(tmp_path / "template.xlsx")[0]] == header
    assert rows[1][header.index("编号")] == "MS2027-001"
    assert rows[3][header.index("所处阶段")] == "不予采纳"
    with db.session() as s:
        plan = importer.prepare(s, clerk, "projects", tmp_path / "ledger.xlsx")
    assert plan.counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}

    _edit(tmp_path / "ledger.xlsx", tmp_path / "edited.xlsx", 2, "估算投资（元）", 150_000)
    wb = load_workbook(tmp_path / "edited.xlsx")
    wb[PROJECTS.sheet].append(
        [None, 2027, "社区老年食堂", "群众意见", "李大爷", None, "建议办老年食堂", 300_000]
    )
    wb.save(tmp_path / "edited.xlsx")
    with db.transaction() as s:
        plan = importer.prepare(s, clerk, "projects", tmp_path / "edited.xlsx")
        assert plan.counts["update"] == 1 and plan.counts["new"] == 1
        batch = importer.commit(s, clerk, plan)
    with db.session() as s:
        assert core.get_project(s, ids[0]).estimated_cost == 150_000
        new = s.scalar(select(Project).where(Project.title == "社区老年食堂"))
        assert new is not None and new.number == "MS2027-004" and new.source == "opinion"
    with db.transaction() as s:
        assert batch.batch_id is not None
        importer.undo(s, clerk, batch.batch_id)
    with db.session() as s:
        assert core.get_project(s, ids[0]).estimated_cost == 100_000


@pytest.mark.parametrize(
    "row, header, value",
    [
        (2, "所处阶段", "当选"),  # a stage column
        (4, "估算投资（元）", 1),  # a proposal already screened out
    ],
)
def test_refused_nothing_written(
    db: Database, clerk: Actor, tmp_path: Path, row: int, header: str, value: object
) -> None:
    ids = propose_many(db, clerk, 3)
    with db.transaction() as s:
        core.screen(s, clerk, ids[2], "rejected", "不属于街道事权", on=date(2026, 12, 1))
        writer.export(s, clerk, "projects", tmp_path / "ledger.xlsx")
    _edit(tmp_path / "ledger.xlsx", tmp_path / "bad.xlsx", row, header, value)
    before = _counts(db)
    with pytest.raises(AppError) as err, db.transaction() as s:
        plan = importer.prepare(s, clerk, "projects", tmp_path / "bad.xlsx")
        importer.commit(s, clerk, plan)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    assert _counts(db) == before
