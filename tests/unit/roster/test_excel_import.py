"""The Excel engine on the representatives ledger: bad input is answered and nothing written."""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from desktop.db import Database
from desktop.errors import ConflictError, ValidationError
from desktop.excel import importer, writer
from desktop.excel.reader import OLE_MAGIC, ImportFileError
from desktop.models.imports import ImportBatch, ImportItem
from desktop.models.outbox import SyncOutbox, capture_disabled
from desktop.models.roster import Representative
from desktop.services import roster, validators
from desktop.services.permissions import Actor
from tests.unit.roster.bigsheet import write_big_sheet
from tests.unit.roster.helpers import REP_HEADERS, id_number, setup_roster, write_xlsx


def _count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Representative)) or 0)


def _prepare(db: Database, actor: Actor, path: Path) -> importer.ImportPlan:
    with db.session() as s:
        return importer.prepare(s, actor, "representatives", path)


def _import(
    db: Database, actor: Actor, path: Path, valid_only: bool = False
) -> importer.ImportResult:
    plan = _prepare(db, actor, path)
    with db.transaction() as s:
        return importer.commit(s, actor, plan, valid_only=valid_only)


def _row(n: int, name: str = "", community: str = "较场口社区", **extra: object) -> list[object]:
    row: list[object] = [
        name or f"代表{n}",
        "男",
        id_number(n),
        community,
        "居民",
        "13800138000",
        "2022-01-05",
    ]
    return row


@pytest.fixture
def ready(db: Database, clerk: Actor) -> Database:
    setup_roster(db, clerk)
    return db


def _messages(plan: importer.ImportPlan) -> str:
    return "\n".join(str(e) for e in plan.errors)


# ----------------------------------------------------------------------------- files


def test_a_file_that_is_not_xlsx(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        _prepare(ready, clerk, path)
    assert "不是" in str(err.value) and "xlsx" in str(err.value)
    docx = tmp_path / "notes.xlsx"
    import zipfile

    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError):
        _prepare(ready, clerk, docx)
    assert _count(ready) == 0


def test_password_protected_and_broken_xls(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    # Excel writes an encrypted workbook as an OLE compound file with an EncryptedPackage stream.
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(
        OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024
    )
    with pytest.raises(ImportFileError) as err:
        _prepare(ready, clerk, locked)
    assert "密码" in str(err.value)
    # An .xls is read (tests/unit/roster/test_clerk_sheets.py); a damaged one is refused.
    old = tmp_path / "old.xls"
    old.write_bytes(OLE_MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024)
    with pytest.raises(ImportFileError) as err:
        _prepare(ready, clerk, old)
    assert "无法" in str(err.value) and "old.xls" in str(err.value)


def test_missing_file_and_no_header(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        _prepare(ready, clerk, tmp_path / "nope.xlsx")
    path = write_xlsx(tmp_path / "h.xlsx", [["张三", "男"], ["李四", "女"]])
    with pytest.raises(ImportFileError) as err:
        _prepare(ready, clerk, path)
    assert "姓名" in str(err.value)


def test_wrong_and_missing_headers(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "h.xlsx", [["姓名", "性别", "爱好"], ["张三", "男", "钓鱼"]])
    plan = _prepare(ready, clerk, path)
    text = _messages(plan)
    assert plan.unknown_columns == ("爱好",)  # unknown column listed, ignored, not an error
    assert "爱好" not in text
    assert "所属社区" in text  # required column missing
    assert not plan.rows
    with ready.transaction() as s, pytest.raises(ValidationError):
        importer.commit(s, clerk, plan)
    assert _count(ready) == 0


def test_title_row_above_the_header_is_allowed(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "议事代表"
    ws.append(["解放碑街道议事代表名册"])
    ws.merge_cells("A1:G1")
    ws.append(REP_HEADERS)
    ws.append(_row(1))
    wb.save(tmp_path / "t.xlsx")
    plan = _prepare(ready, clerk, tmp_path / "t.xlsx")
    assert plan.counts["new"] == 1 and not plan.errors


def test_merged_cells_are_filled_down_formulas_give_their_value_text_dates(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "议事代表"
    ws.append(REP_HEADERS)
    ws.append(_row(1))
    ws.append(_row(2))
    ws["D3"] = None
    ws.merge_cells("D2:D3")  # community merged over two people: both are in it
    # A formula counts as the value Excel shows; openpyxl saves none, so the cell is empty.
    ws.append([*_row(3)[:6], "=TODAY()"])
    ws.append([*_row(4)[:6], "2022年1月5日"])  # typed as text: accepted
    ws.append([*_row(5)[:6], "1/5/22"])  # ambiguous: refused
    ws.append([*_row(6)[:3], "七星岗社区"])
    ws.append(["", "", "", ""])
    ws.merge_cells("E7:F7")  # merged across columns within the table: refused
    wb.save(tmp_path / "m.xlsx")
    plan = _prepare(ready, clerk, tmp_path / "m.xlsx")
    by_row = {r.row: r for r in plan.rows}
    assert by_row[2].status == by_row[3].status == "new"
    assert by_row[3].values and by_row[3].values["community"] == "较场口社区"
    assert by_row[4].status == "new" and by_row[4].values
    assert by_row[4].values["joined_on"] is None
    assert by_row[7].status == "error" and "E7:F7" in _messages(plan)
    assert (
        by_row[5].status == "new"
        and by_row[5].values
        and by_row[5].values["joined_on"] == date(2022, 1, 5)
    )
    assert by_row[6].status == "error" and "日期" in str(by_row[6].errors[0])
    with ready.transaction() as s, pytest.raises(ValidationError):
        importer.commit(s, clerk, plan)
    assert _count(ready) == 0


def test_empty_rows_are_skipped(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "e.xlsx",
        [
            REP_HEADERS,
            _row(1),
            [None] * 7,
            ["  ", None, "", None, None, None, None],
            _row(2),
            [],
            [],
        ],
    )
    plan = _prepare(ready, clerk, path)
    assert plan.counts == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    assert plan.skipped_empty >= 2


def test_duplicate_id_number_in_file_and_in_database(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "d.xlsx", [REP_HEADERS, _row(1, "张三"), _row(1, "李四")])
    plan = _prepare(ready, clerk, path)
    assert plan.counts["error"] == 1
    assert "身份证号" in _messages(plan) and "第 2 行" in _messages(plan)
    _import(ready, clerk, write_xlsx(tmp_path / "one.xlsx", [REP_HEADERS, _row(7, "王五")]))
    plan = _prepare(
        ready,
        clerk,
        write_xlsx(tmp_path / "two.xlsx", [REP_HEADERS, _row(7, "赵六", "七星岗社区")]),
    )
    # Same ID number: this is 王五's record (matched by ID), so it is an update, not a duplicate.
    assert plan.counts["update"] == 1
    plan = _prepare(
        ready,
        clerk,
        write_xlsx(
            tmp_path / "three.xlsx",
            [[*REP_HEADERS, "系统编号"], [*_row(8, "赵六"), None], [*_row(7, "孙七"), None]],
        ),
    )
    assert plan.counts["new"] == 1 and plan.counts["update"] == 1


def test_unknown_community_and_bad_cells(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    rows = [
        REP_HEADERS,
        _row(1, community="不存在社区"),
        [
            "张三",
            "男士",
            id_number(2)[:-1] + ("0" if id_number(2)[-1] != "0" else "1"),
            "较场口社区",
            "居民",
            "1380013800",
            None,
        ],
        ["", "女", None, "较场口社区", None, None, None],
        ["李四", "女", 500103198001010000, "较场口社区", None, None, None],
    ]
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "u.xlsx", rows))
    assert plan.counts["error"] == 4
    text = _messages(plan)
    for expected in ("不存在社区", "校验码", "11 位", "必填", "丢失", "性别"):
        assert expected in text, expected
    assert _count(ready) == 0


def test_fullwidth_digits_and_stray_spaces_are_normalised(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    _import(ready, clerk, write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1, "张伟强")]))
    messy = [
        "  张 伟强 ",
        " 男",
        "　" + id_number(1).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
        "较场口社区 ",
        "居民",
        "１３８ ００１３ ８０００",
        "２０２２－０１－０５",
    ]
    plan = _prepare(ready, clerk, write_xlsx(tmp_path / "b.xlsx", [REP_HEADERS, messy]))
    assert plan.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}, _messages(plan)


def test_valid_only_and_annotated_copy(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "v.xlsx", [REP_HEADERS, _row(1), _row(2, community="火星社区"), _row(3)]
    )
    plan = _prepare(ready, clerk, path)
    with ready.transaction() as s, pytest.raises(ValidationError):
        importer.commit(s, clerk, plan)
    assert _count(ready) == 0
    out = importer.write_annotated(plan, tmp_path / "errors.xlsx")
    ws = load_workbook(out)["议事代表"]
    assert ws["D3"].comment is not None and "火星社区" in ws["D3"].comment.text
    assert ws["D3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "火星社区" in str(ws["H3"].value) and ws["H2"].value is None
    with ready.transaction() as s:
        result = importer.commit(s, clerk, plan, valid_only=True)
    assert (result.created, result.skipped_errors) == (2, 1)
    assert _count(ready) == 2


def test_undo_as_a_whole(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    first = _import(
        ready,
        clerk,
        write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1, "张三"), _row(2, "李四")]),
    )
    second = _import(
        ready,
        clerk,
        write_xlsx(
            tmp_path / "b.xlsx", [REP_HEADERS, _row(1, "张三", "七星岗社区"), _row(3, "王五")]
        ),
    )
    assert (second.created, second.updated) == (1, 1)
    with ready.transaction() as s:
        importer.undo(s, clerk, str(second.batch_id))
    with ready.session() as s:
        live = {
            r.name: r
            for r in s.scalars(select(Representative).where(Representative.deleted_at.is_(None)))
        }
        assert set(live) == {"张三", "李四"}
        assert roster.list_communities(s)[0].representatives == 2  # 张三 back in 较场口社区
    with ready.transaction() as s, pytest.raises(ConflictError):
        importer.undo(s, clerk, str(second.batch_id))
    # An imported record edited afterwards blocks undoing the first import.
    with ready.transaction() as s:
        rep_id = s.scalar(select(Representative.id).where(Representative.name == "李四"))
        assert rep_id
        roster.retire_representative(s, clerk, rep_id, left_on=date(2023, 1, 1), reason="迁出")
    with ready.transaction() as s, pytest.raises(ConflictError):
        importer.undo(s, clerk, str(first.batch_id))
    with ready.session() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(ImportBatch).where(ImportBatch.status == "undone")
            )
            == 1
        )


def test_masked_export_reimports_unchanged(
    ready: Database, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    _import(ready, clerk, write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1), _row(2)]))
    with ready.transaction() as s:
        writer.export(s, clerk, "representatives", tmp_path / "masked.xlsx")
    ws = load_workbook(tmp_path / "masked.xlsx")["议事代表"]
    assert "*" in str(ws["C2"].value) and "*" in str(ws["I2"].value)
    plan = _prepare(ready, clerk, tmp_path / "masked.xlsx")
    assert plan.counts["unchanged"] == 2 and not plan.errors
    # A masked value that does not match the record is refused.
    wb = load_workbook(tmp_path / "masked.xlsx")
    wb["议事代表"]["I2"] = "139****0000"
    wb.save(tmp_path / "masked2.xlsx")
    plan = _prepare(ready, clerk, tmp_path / "masked2.xlsx")
    assert plan.counts["error"] == 1 and "****" in _messages(plan)


def test_template_has_frozen_header_and_dropdowns(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    with ready.session() as s:
        writer.write_template(s, "representatives", tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["议事代表"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "姓名*" and ws["A1"].font.b
    formulas = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation
    }
    assert "_选项" in formulas["B2"] and "_选项" in formulas["E2"]  # gender, community
    options = wb["_选项"]
    assert options.sheet_state == "hidden"
    assert "较场口社区" in [c.value for c in options["B"]]
    # The empty template has no rows to import: refused with a plain reason.
    plan = _prepare(ready, clerk, tmp_path / "t.xlsx")
    assert plan.rows == [] and _messages(plan).endswith("文件中没有可导入的数据行")


def test_a_million_row_sheet_declared_by_excel_is_refused_at_once(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    path = write_big_sheet(
        tmp_path / "big.xlsx",
        "议事代表",
        ["姓名", "所属社区"],
        ["张三", "较场口社区"],
        1_000_000,
        dimension=True,
    )
    tracemalloc.start()
    try:
        plan = _prepare(ready, clerk, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plan.rows == [] and "200000" in _messages(plan)
    assert peak < 50 * 1024 * 1024  # no row was read
    assert _count(ready) == 0


_STREAM_SCRIPT = """
import resource, sys
from pathlib import Path
from desktop.db import open_database
from desktop.excel import importer
from desktop.services.permissions import SYSTEM_ACTOR
db = open_database(Path(sys.argv[1]))
with db.session() as s:
    plan = importer.prepare(s, SYSTEM_ACTOR, "representatives", Path(sys.argv[2]))
print(len(plan.rows), len(plan.file_errors), plan.file_errors[0].message if plan.file_errors else "")
# Peak RSS of this process image: VmHWM (ru_maxrss would include the forking parent's).
peak = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print((peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024)
"""


@pytest.mark.slow
def test_a_million_row_sheet_without_dimension_is_streamed_and_refused(
    ready: Database, tmp_path: Path
) -> None:
    import subprocess
    import sys

    path = write_big_sheet(
        tmp_path / "big.xlsx", "议事代表", ["姓名", "所属社区"], ["张三", "较场口社区"], 1_000_000
    )
    ready.dispose()
    out = subprocess.run(
        [sys.executable, "-c", _STREAM_SCRIPT, str(ready.path), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout.splitlines()
    rows, file_errors, message = out[0].split(" ", 2)
    assert (rows, file_errors) == ("0", "1") and "200000" in message
    # Streamed: peak memory of the whole process stays far below a loaded million-row sheet.
    assert int(out[1]) < 600, out[1]
    assert _count(ready) == 0


def test_rows_over_the_limit_stop_the_stream(ready: Database, clerk: Actor, tmp_path: Path) -> None:
    path = write_big_sheet(
        tmp_path / "mid.xlsx", "议事代表", ["姓名", "所属社区"], ["张三", "较场口社区"], 3000
    )
    with ready.session() as s:
        plan = importer.prepare(s, clerk, "representatives", path, max_rows=1000)
    assert plan.rows == [] and "1000" in _messages(plan)


# ----------------------------------------------------------------------------- round trip

names = st.text(alphabet="王李张刘陈杨黄赵吴周徐孙伟强秀英建华晓梅志明丽", min_size=2, max_size=4)
people = st.lists(
    st.tuples(
        names,
        st.sampled_from(["male", "female", ""]),
        st.one_of(st.none(), st.integers(min_value=1, max_value=999)),
        st.sampled_from(["较场口社区", "七星岗社区", "解放碑社区"]),
        st.sampled_from(["resident", "enterprise", "other"]),
        st.one_of(
            st.just(""), st.from_regex(r"1[3-9]\d{9}", fullmatch=True), st.just("023-63841234")
        ),
        st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))),
        st.text(alphabet="ab 中文\n", max_size=12),
    ),
    min_size=1,
    max_size=8,
    unique_by=(lambda p: p[2] or p[0] + p[3]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=people)
def test_round_trip_export_then_import_reports_no_changes(
    ready: Database,
    admin: Actor,
    tmp_path: Path,
    people: list[tuple],  # type: ignore[type-arg]
) -> None:
    with ready.transaction() as s:
        with capture_disabled(s):  # a test reset, not a user change
            s.execute(delete(Representative))
        communities = {c.name: c.id for c in roster.list_communities(s)}
        for name, gender, seq, community, sector, phone, joined, notes in people:
            if seq and gender:  # the form refuses a gender the ID number contradicts
                gender = validators.gender_from_id(id_number(seq))
            roster.save_representative(
                s,
                admin,
                roster.RepresentativeForm(
                    name=name,
                    gender=gender,
                    id_number=id_number(seq) if seq else "",
                    community_id=communities[community],
                    sector=sector,
                    phone=phone,
                    joined_on=joined,
                    notes=notes,
                ),
            )
    path = tmp_path / "rt.xlsx"
    with ready.transaction() as s:
        assert writer.export(s, admin, "representatives", path) == len(people)
    plan = _prepare(ready, admin, path)
    assert plan.counts == {"new": 0, "update": 0, "unchanged": len(people), "error": 0}, _messages(
        plan
    )


def test_commit_writes_outbox_rows_and_import_items(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    with ready.session() as s:
        before = s.scalar(select(func.count()).select_from(SyncOutbox)) or 0
    result = _import(
        ready, clerk, write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1), _row(2), _row(3)])
    )
    with ready.session() as s:
        after = s.scalar(select(func.count()).select_from(SyncOutbox)) or 0
        assert after - before == 3
        items = s.scalar(
            select(func.count())
            .select_from(ImportItem)
            .where(ImportItem.batch_id == result.batch_id)
        )
        assert items == 3
        rep = s.scalars(select(Representative)).first()
        assert rep is not None and rep.street_code == "500103001000" and rep.version == 1
        assert rep.birth_date == date(1980, 1, 1) and rep.name_initials.startswith("db")


def test_viewer_may_not_import(ready: Database, viewer: Actor, tmp_path: Path) -> None:
    from desktop.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        _prepare(ready, viewer, write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1)]))


def test_other_ledgers_round_trip(ready: Database, admin: Actor, tmp_path: Path) -> None:
    from desktop.services.roster import deputies as rd

    with ready.transaction() as s:
        home = rd.save_station(s, admin, rd.StationForm(name="人大代表之家", kind="home"))
        dep = rd.save_deputy(
            s,
            admin,
            rd.DeputyForm(
                name="周敏", level="district", station_id=home.id, id_number=id_number(9)
            ),
        )
        rd.save_contact(
            s, admin, rd.ContactForm(deputy_id=dep.id, name="吴刚", phone="13900139000")
        )
    for kind in ("stations", "deputies", "contacts"):
        with ready.transaction() as s:
            writer.export(s, admin, kind, tmp_path / f"{kind}.xlsx")
        with ready.session() as s:
            plan = importer.prepare(s, admin, kind, tmp_path / f"{kind}.xlsx")
        assert plan.counts["unchanged"] == 1 and not plan.errors, (kind, _messages(plan))


def test_bulk_outbox_rows_match_what_the_flush_hook_writes(
    ready: Database, clerk: Actor, tmp_path: Path
) -> None:
    import json

    from desktop.models.outbox import row_data

    _import(ready, clerk, write_xlsx(tmp_path / "a.xlsx", [REP_HEADERS, _row(1)]))
    with ready.session() as s:
        rep = s.scalars(select(Representative)).one()
        op = s.scalars(select(SyncOutbox).where(SyncOutbox.entity_id == rep.id)).one()
        assert (op.entity, op.op, op.version, op.base_version) == (
            "representative",
            "upsert",
            1,
            None,
        )
        assert json.loads(op.data) == json.loads(json.dumps(row_data(rep), sort_keys=True))
