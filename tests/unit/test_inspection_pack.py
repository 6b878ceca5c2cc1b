"""The street's inspection pack (issue 25) on the demo street: every file the index lists is
there, the index's counts are the database's, the checksum file verifies, a cancel leaves
nothing, and `yishi pack YEAR OUT_DIR` writes the same kind of folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from desktop import cli
from desktop import inspection_pack as pack
from desktop.config import Paths
from desktop.db import Database
from desktop.demo import build_demo
from desktop.models.activities import DutyActivity
from desktop.models.meetings import Attendance
from desktop.models.opinions import Opinion
from desktop.models.projects import Project
from desktop.models.roster import Deputy, DeputyContact, Representative, Station
from desktop.services import meetings
from desktop.services.permissions import SYSTEM_ACTOR

TODAY = date(2026, 11, 22)
YEAR = 2026


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Paths, Database]]:
    paths = Paths(tmp_path_factory.mktemp("pack-demo") / "data")
    database = build_demo(paths, today=TODAY, replace=True)
    yield paths, database
    database.dispose()


@pytest.fixture(scope="module")
def written(
    demo: tuple[Paths, Database], tmp_path_factory: pytest.TempPathFactory
) -> pack.PackResult:
    out = tmp_path_factory.mktemp("pack-out")
    return pack.write_pack(demo[1], SYSTEM_ACTOR, YEAR, out, today=TODAY)


def _count(s: Session, model: Any, *where: Any) -> int:
    query = select(func.count()).select_from(model).where(model.deleted_at.is_(None), *where)
    return int(s.scalar(query) or 0)


def _sums(folder: Path) -> dict[str, str]:
    lines = (folder / pack.CHECKSUM_NAME).read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_listed_file_exists_and_nothing_else(written: pack.PackResult) -> None:
    folder = written.folder
    assert folder.name == f"解放碑街道{YEAR}年度迎检资料"
    listed = dict(pack.read_index(folder / pack.INDEX_NAME))
    assert list(listed) == [r.name for r in written.rows]
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == set(listed) | {pack.INDEX_NAME, pack.CHECKSUM_NAME}
    assert all((folder / name).stat().st_size > 0 for name in listed)
    kinds = {name.split("/")[0] for name in listed}
    assert kinds == {
        "01 台账",
        "02 会议材料",
        "03 票决表决",
        "04 意见建议月报",
        "05 家站点履职报告",
        "06 民生实事",
    }
    assert not list(folder.parent.glob(".*"))  # no work folder left beside it


def test_index_counts_match_the_database(
    demo: tuple[Paths, Database], written: pack.PackResult
) -> None:
    listed = dict(pack.read_index(written.folder / pack.INDEX_NAME))
    with demo[1].session() as s:
        term = meetings.current_term_id(s)
        assert listed["01 台账/议事代表名册.xlsx"] == _count(
            s, Representative, Representative.term_id == term
        )
        assert listed["01 台账/人大代表名册.xlsx"] == _count(s, Deputy)
        assert listed["01 台账/代表家站点.xlsx"] == _count(s, Station)
        assert listed["01 台账/代表联系群众.xlsx"] == _count(s, DeputyContact)
        in_year = _count(s, Opinion, extract("year", Opinion.received_on) == YEAR)
        assert listed["01 台账/群众意见建议台账.xlsx"] == in_year > 0
        months = [n for name, n in listed.items() if name.startswith("04 意见建议月报/")]
        assert len(months) == TODAY.month
        up_to_today = _count(
            s,
            Opinion,
            Opinion.received_on >= date(YEAR, 1, 1),
            Opinion.received_on < date(YEAR, TODAY.month + 1, 1),
        )
        assert sum(months) == up_to_today
        assert listed["01 台账/履职活动台账.xlsx"] == _count(
            s, DutyActivity, extract("year", DutyActivity.held_on) == YEAR
        )
        assert listed["01 台账/民生实事项目台账.xlsx"] == _count(s, Project, Project.year == YEAR)
        stations = [n for name, n in listed.items() if name.startswith("05 家站点履职报告/")]
        assert len(stations) == _count(s, Station)
        # a meeting's absence list counts those on leave or absent, its sign-in sheet the roll
        absences = {n: c for n, c in listed.items() if n.endswith("/缺席请假名单.pdf")}
        assert absences
        for name, count in absences.items():
            roll = listed[name.replace("缺席请假名单", "签到表")]
            assert 0 < count < roll
        missing = _count(s, Attendance, Attendance.status != "present")
        assert sum(absences.values()) <= missing
    # the Excel files hold those rows (header + one line per record)
    from openpyxl import load_workbook

    book = load_workbook(written.folder / "01 台账/群众意见建议台账.xlsx", read_only=True)
    try:
        lines = sum(1 for _ in book["群众意见建议台账"].iter_rows(values_only=True))
        assert lines == 1 + listed["01 台账/群众意见建议台账.xlsx"]
    finally:
        book.close()


def test_checksums_verify(written: pack.PackResult) -> None:
    sums = _sums(written.folder)
    assert set(sums) == {r.name for r in written.rows} | {pack.INDEX_NAME}
    for name, digest in sums.items():
        data = (written.folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    rows = {r.name: r.sha256 for r in written.rows}
    assert all(sums[name] == digest for name, digest in rows.items())


class Stop(Exception):
    pass


def test_cancel_midway_leaves_nothing(demo: tuple[Paths, Database], tmp_path: Path) -> None:
    seen: list[str] = []

    def progress(done: int, _total: int, name: str) -> None:
        seen.append(name)
        if done == 9:  # a few ledgers and papers are already written
            raise Stop

    with pytest.raises(Stop):
        pack.write_pack(demo[1], SYSTEM_ACTOR, YEAR, tmp_path, progress=progress, today=TODAY)
    assert len(seen) == 10
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_earlier_pack(demo: tuple[Paths, Database], tmp_path: Path) -> None:
    earlier = tmp_path / pack.pack_name("解放碑街道", YEAR)
    earlier.mkdir()
    (earlier / "说明.txt").write_text("上次的资料", encoding="utf-8")

    def progress(done: int, _total: int, _name: str) -> None:
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        pack.write_pack(demo[1], SYSTEM_ACTOR, YEAR, tmp_path, progress=progress, today=TODAY)
    assert [p.name for p in tmp_path.iterdir()] == [earlier.name]
    assert (earlier / "说明.txt").read_text(encoding="utf-8") == "上次的资料"


def test_the_cli_writes_the_pack(
    demo: tuple[Paths, Database], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "u盘"
    data_dir = str(demo[0].data_dir)
    assert cli.main(["--data-dir", data_dir, "pack", "2024", str(out)]) == 0
    said = capsys.readouterr().out
    assert "迎检资料包已生成" in said and "本机尚未登记同步" in said  # the demo is not enrolled
    folder = out / "解放碑街道2024年度迎检资料"
    sums = _sums(folder)
    assert "01 台账/群众意见建议台账.xlsx" in sums
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert cli.main(["--data-dir", data_dir, "pack", "1999", str(out)]) == 2


def test_a_wrong_year_column_is_refused_loudly(demo: tuple[Paths, Database]) -> None:
    """A ledger added to the pack with a wrong year column would otherwise come out empty."""
    item = pack.ledger("opinions", "x.xlsx", "x", year_of="no_such_column")
    with demo[1].session() as s, pytest.raises(LookupError):
        item.files(s, YEAR, TODAY)
    with demo[1].session() as s:
        assert pack.ledger("no-such-ledger", "y.xlsx", "y").files(s, YEAR, TODAY) == []


def test_the_pack_is_one_audit_row(demo: tuple[Paths, Database], written: pack.PackResult) -> None:
    from desktop.models.audit import AuditEntry

    with demo[1].session() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(3)))
    assert actions[0] == "export.pack"
    assert "export" not in actions[1:]
