"""Sheets as clerks really make them (issue 17): titles, 填报 lines, 序号, synonyms,
year-month dates, numbers for phones, blank rows, footers, .xls and .ods — and the two
defects that changed data silently (re-import clearing derived birth dates; another person's
ID number renaming them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.excel import importer
from desktop.models.roster import Representative
from desktop.services.permissions import Actor
from tests.unit.roster.clerk_sheets import CLERK_HEADERS, clerk_rows, write_clerk_sheet
from tests.unit.roster.helpers import REP_HEADERS, id_number, setup_roster, write_xlsx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "excel"


@pytest.fixture
def ready(db: Database, clerk: Actor) -> Database:
    setup_roster(db, clerk)
    return db


def _prepare(db: Database, actor: Actor, path: Path, **kw: object) -> importer.ImportPlan:
    with db.session() as s:
        return importer.prepare(s, actor, "representatives", path, **kw)  # type: ignore[arg-type]


def _commit(db: Database, actor: Actor, plan: importer.ImportPlan, **kw: object) -> None:
    with db.transaction() as s:
        importer.commit(s, actor, plan, **kw)  # type: ignore[arg-type]


def _reps(db: Database) -> dict[str, Representative]:
    with db.session() as s:
        return {
            r.id_number: r
            for r in s.scalars(select(Representative).where(Representative.deleted_at.is_(None)))
        }


def _messages(plan: importer.ImportPlan) -> str:
    return "\n".join(str(e) for e in plan.errors)


def test_a_clerks_roster_imports_as_it_is(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = write_clerk_sheet(tmp_path / "花名册.xlsx")
    plan = _prepare(ready, clerk, path)
    assert plan.counts == {"new": 3, "update": 0, "unchanged": 0, "error": 0}, _messages(plan)
    assert not plan.errors
    assert plan.header_row == 3 and plan.ignored_columns == ("序号",)
    assert plan.skipped_notes == 1 and plan.skipped_empty >= 1
    first = plan.rows[0]
    assert first.label == "代表1" and first.values
    assert first.values["phone"] == "13800138001"  # a number cell, not "1.38e10" or ".0"
    assert first.values["birth_date"] == date(1980, 1, 1)  # the month agrees with the ID
    assert "所属社区：较场口社区" in importer.describe(plan, first)
    _commit(ready, clerk, plan)
    reps = _reps(ready)
    assert len(reps) == 3 and reps[id_number(1)].phone == "13800138001"
    # The same file again changes nothing.
    again = _prepare(ready, clerk, path)
    assert again.counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}


def test_several_sheets_the_one_with_the_table_is_taken(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["填表说明：请如实填写。"])
    notes.append(["姓名请写全名"])
    roster = wb.create_sheet("花名册")
    roster.append(CLERK_HEADERS)
    for row in clerk_rows(2):
        roster.append(row)
    wb.save(tmp_path / "two.xlsx")
    plan = _prepare(ready, clerk, tmp_path / "two.xlsx")
    assert plan.sheet == "花名册" and plan.counts["new"] == 2, _messages(plan)


@pytest.mark.parametrize("name", ["花名册.xls", "花名册.ods"])
def test_xls_and_ods_files(ready: Database, clerk: Actor, name: str) -> None:
    plan = _prepare(ready, clerk, FIXTURES / name)
    assert plan.counts == {"new": 3, "update": 0, "unchanged": 0, "error": 0}, _messages(plan)
    assert plan.header_row == 3 and plan.skipped_notes == 1
    values = [r.values or {} for r in plan.rows]
    assert [v["name"] for v in values] == ["赵一", "钱二", "孙三"]
    assert [v["phone"] for v in values] == ["13800138011", "13800138012", "13800138013"]
    assert {v["birth_date"] for v in values} == {date(1980, 1, 1)}
    assert [v["community"] for v in values] == ["较场口社区", "七星岗社区", "解放碑社区"]
    assert [r.row for r in plan.rows] == [4, 5, 7]


def test_a_birth_month_that_contradicts_the_id_number_is_refused(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    rows = clerk_rows(2)
    rows[1][3] = "1964.07"  # the ID number says 1980-01-01
    plan = _prepare(ready, clerk, write_clerk_sheet(tmp_path / "m.xlsx", rows))
    assert plan.counts["error"] == 1
    assert "出生年月 1964.07" in _messages(plan) and "1980-01-01" in _messages(plan)


def test_reimport_does_not_clear_derived_birth_dates(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    """Failed before: the second import reported 更新 and cleared every birth date."""
    headers = [*REP_HEADERS, "出生日期", "状态"]
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            headers,
            ["张三", "男", id_number(1), "较场口社区", "居民", "13800138000", None, None, None],
            ["李四", "女", id_number(2), "较场口社区", None, None, None, None, None],
        ],
    )
    _commit(ready, clerk, _prepare(ready, clerk, path))
    assert _reps(ready)[id_number(1)].birth_date == date(1980, 1, 1)
    for _ in range(2):
        plan = _prepare(ready, clerk, path)
        assert plan.counts == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    assert _reps(ready)[id_number(1)].birth_date == date(1980, 1, 1)


def test_another_persons_id_number_is_a_conflict_not_a_silent_rename(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    """Failed before: shown as 更新 with the detail `name`, and the import renamed 王五."""
    first = [REP_HEADERS, ["王五", "男", id_number(7), "较场口社区", "居民", None, None]]
    _commit(ready, clerk, _prepare(ready, clerk, write_xlsx(tmp_path / "a.xlsx", first)))
    other = [REP_HEADERS, ["赵六", "男", id_number(7), "七星岗社区", "居民", None, None]]
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "b.xlsx", other))
    [row] = plan.conflicts
    assert row.label == "王五" and row.conflict == ("name",)
    assert importer.changes(plan, row) == [
        ("姓名", "王五", "赵六"),
        ("所属社区", "较场口社区", "七星岗社区"),
    ]
    with ready.transaction() as s, pytest.raises(ValidationError) as err:
        importer.commit(s, clerk, plan)
    assert "王五 → 赵六" in str(err.value)
    assert _reps(ready)[id_number(7)].name == "王五"
    # Only the rows without a conflict, when asked.
    with ready.transaction() as s:
        result = importer.commit(s, clerk, plan, valid_only=True)
    assert (result.updated, result.skipped_conflicts) == (0, 1)
    assert _reps(ready)[id_number(7)].name == "王五"
    # Confirmed: renamed.
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "b.xlsx", other))
    _commit(ready, clerk, plan, accept={row.row})
    assert _reps(ready)[id_number(7)].name == "赵六"


def test_a_file_of_blank_rows_is_refused(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    """Failed before: "没有变化：数据库与文件一致"."""
    path = write_xlsx(tmp_path / "e.xlsx", [REP_HEADERS, [None] * 7, ["", " ", None], []])
    plan = _prepare(ready, clerk, path)
    assert not plan.rows and [e.message for e in plan.errors] == ["文件中没有可导入的数据行"]


def test_unknown_columns_are_ignored_listed_and_mapped_and_the_mapping_is_remembered(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    headers = ["序号", "姓名", "单位地址", "社区", "身份证号码", "备用电话"]
    rows = [headers, [1, "张三", "民族路1号", "较场口社区", id_number(1), "13900139000"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    plan = _prepare(ready, clerk, path)
    assert plan.unknown_columns == ("单位地址", "备用电话") and plan.ignored_columns == ("序号",)
    assert plan.counts["new"] == 1 and "phone" not in (plan.rows[0].values or {})
    mapping = {"备用电话": "phone", "单位地址": None}
    plan = _prepare(ready, clerk, path, mapping=mapping)
    assert plan.unknown_columns == () and set(plan.ignored_columns) == {"序号", "单位地址"}
    assert (plan.rows[0].values or {})["phone"] == "13900139000"
    _commit(ready, clerk, plan)
    # The next file with the same headers is read with the same mapping.
    rows2 = [headers, [1, "李四", "", "七星岗社区", id_number(2), "13700137000"]]
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "b.xlsx", rows2))
    assert plan.mapping == mapping and (plan.rows[0].values or {})["phone"] == "13700137000"
    # Other headers: not.
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "c.xlsx", [headers[:-1], rows2[1][:-1]]))
    assert plan.mapping == {}


def test_parse_mapping_names_ledger_columns(ready: Database) -> None:
    assert importer.parse_mapping(
        "representatives", ["出生年月=出生日期", "备用=", "手机=phone"]
    ) == {
        "出生年月": "birth_date",
        "备用": None,
        "手机": "phone",
    }
    with pytest.raises(ValidationError):
        importer.parse_mapping("representatives", ["出生年月=生辰"])
    with pytest.raises(ValidationError):
        importer.parse_mapping("representatives", ["出生年月"])


# ----------------------------------------------------------------------------- other ledgers


def test_deputies_stations_contacts_and_opinions_take_clerk_sheets(
    ready: Database, admin: Actor, tmp_path: Path
) -> None:
    def clerk_book(path: Path, sheet: str, headers: list[str], rows: list[list[object]]) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = sheet
        ws.append([f"{sheet}（2026年）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append(headers)
        for row in rows:
            ws.append(row)
        ws.append([])
        ws.append(["填表人：李娟      审核人：王建国"])
        wb.save(path)
        return path

    def prepare(kind: str, path: Path) -> importer.ImportPlan:
        with ready.session() as s:
            return importer.prepare(s, admin, kind, path)

    stations = clerk_book(
        tmp_path / "s.xlsx",
        "站点",
        ["序号", "站点名称", "站点类型", "活动地址", "所在社区"],
        [[1, "人大代表之家", "人大代表之家", "民族路1号", "较场口社区"]],
    )
    plan = prepare("stations", stations)
    assert plan.counts["new"] == 1, _messages(plan)
    with ready.transaction() as s:
        importer.commit(s, admin, plan)
    deputies = clerk_book(
        tmp_path / "d.xlsx",
        "代表",
        ["序号", "姓名", "层级", "所属站点", "身份证号码", "手机号码", "当选时间"],
        [[1, "周敏", "区（县）级", "人大代表之家", id_number(9), 13900139009, "2021.11"]],
    )
    plan = prepare("deputies", deputies)
    assert plan.counts["new"] == 1, _messages(plan)
    values = plan.rows[0].values or {}
    assert values["phone"] == "13900139009" and values["joined_on"] == date(2021, 11, 1)
    with ready.transaction() as s:
        importer.commit(s, admin, plan)
    assert prepare("deputies", deputies).counts["unchanged"] == 1
    contacts = clerk_book(
        tmp_path / "c.xlsx",
        "联系",
        ["序号", "代表姓名", "联系对象", "手机号码", "联系日期"],
        [[1, "周敏", "吴刚", 13900139000, "2024年3月"]],
    )
    plan = prepare("contacts", contacts)
    assert plan.counts["new"] == 1, _messages(plan)
    with ready.transaction() as s:
        importer.commit(s, admin, plan)
    assert prepare("contacts", contacts).counts["unchanged"] == 1


def test_opinions_take_a_clerks_ledger(ready: Database, admin: Actor, tmp_path: Path) -> None:
    from desktop.services import opinions

    with ready.session() as s:
        category = next(iter(opinions.category_labels(s).values()))
    path = tmp_path / "o.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["群众意见建议收集登记表"])
    ws.append(["报送单位：解放碑街道"])
    ws.append(
        ["序号", "反映时间", "渠道", "类别", "反映人", "手机号码", "意见建议内容", "办理情况"]
    )
    ws.append([1, "2026.11.3", "走访", category, "陈阿姨", 13800138000, "路灯不亮", "已登记"])
    ws.append(["注：本表每月报送一次"])
    wb.save(path)
    with ready.session() as s:
        plan = importer.prepare(s, admin, "opinions", path)
    assert plan.counts["new"] == 1, _messages(plan)
    values = plan.rows[0].values or {}
    assert values["received_on"] == date(2026, 11, 3) and values["resident_phone"] == "13800138000"


# ----------------------------------------------------------------------------- CLI


@pytest.fixture
def data_dir(db: Database, admin: Actor, paths: Paths) -> Path:
    setup_roster(db, admin)
    db.dispose()
    return paths.data_dir


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_cli_clerk_sheet_mapping_renames_and_blank_files(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clerk_file = write_clerk_sheet(tmp_path / "花名册.xlsx")
    assert _run(data_dir, "import", "representatives", str(clerk_file)) == 0
    out = capsys.readouterr().out
    assert "新增 3 行" in out and "忽略的列：序号" in out and "第 4 行 新增 代表1" in out
    # Renames: refused without --accept-renames (exit 2), listed with old → new.
    rows = clerk_rows(1)
    rows[0][1] = "代表甲"
    renamed = write_clerk_sheet(tmp_path / "改名.xlsx", rows)
    assert _run(data_dir, "import", "representatives", str(renamed)) == 2
    captured = capsys.readouterr()
    assert "姓名：代表1 → 代表甲" in captured.out and "--accept-renames" in captured.err
    assert _run(data_dir, "import", "representatives", str(renamed), "--accept-renames") == 0
    # --map, remembered for the next file with the same headers.
    headers = ["姓名", "社区", "身份证号码", "备用电话"]
    a = write_xlsx(
        tmp_path / "a.xlsx", [headers, ["张三", "较场口社区", id_number(21), 13900139000]]
    )
    assert _run(data_dir, "import", "representatives", str(a), "--map", "备用电话=联系电话") == 0
    b = write_xlsx(
        tmp_path / "b.xlsx", [headers, ["李四", "较场口社区", id_number(22), 13700137000]]
    )
    assert _run(data_dir, "import", "representatives", str(b)) == 0
    assert "联系电话：13700137000" in capsys.readouterr().out.replace("137****7000", "13700137000")
    assert _run(data_dir, "import", "representatives", str(a), "--map", "备用电话=爱好") == 2
    blank = write_xlsx(tmp_path / "blank.xlsx", [REP_HEADERS, [None] * 7, []])
    assert _run(data_dir, "import", "representatives", str(blank)) == 2
    assert "文件中没有可导入的数据行" in capsys.readouterr().out


def test_summary_counts_agree_with_the_problems_listed(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    rows = clerk_rows(4)
    rows[1][5] = "火星社区"
    rows[2][4] = "123"
    plan = _prepare(ready, clerk, write_clerk_sheet(tmp_path / "x.xlsx", rows))
    assert plan.counts["error"] == 2 and not plan.file_errors
    assert {e.row for e in plan.errors} == {r.row for r in plan.rows if r.status == "error"}


def test_an_annotated_copy_of_an_xls_file(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = _prepare(ready, clerk, FIXTURES / "花名册.xls")
    plan.rows[1].status = "error"  # a marked row, as a failed check would leave it
    plan.rows[1].errors.append(importer.CellError(plan.sheet, 5, "所在社区", "示例问题"))
    out = importer.write_annotated(plan, tmp_path / "标注.xlsx")
    ws = load_workbook(out)["Sheet1"]
    assert ws["F5"].comment is not None and "示例问题" in ws["F5"].comment.text
    assert ws["B4"].value == "赵一" and ws["E4"].value == id_number(11)


def test_a_date_merged_down_a_column_is_given_to_each_row(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "身份证号码", "所在社区", "任职时间"])
    ws.append(["张三", id_number(1), "较场口社区", date(2022, 1, 5)])
    ws.append(["李四", id_number(2), "较场口社区", None])
    ws.merge_cells("D2:D3")
    wb.save(tmp_path / "d.xlsx")
    plan = _prepare(ready, clerk, tmp_path / "d.xlsx")
    assert [(r.values or {}).get("joined_on") for r in plan.rows] == [date(2022, 1, 5)] * 2
