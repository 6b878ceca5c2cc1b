"""The meetings, attendance and poll-results ledgers in Excel: written by ``yishi export``
(and the pages, through the same writer) and read back with python-calamine — Chinese
headings and the values the pages show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from desktop.cli import main
from desktop.config import Paths
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.excel import importer, writer
from desktop.excel.meeting_ledgers import ATTENDANCE, MEETINGS, POLLS
from desktop.services import polls
from desktop.services.permissions import Actor
from tests.unit.attendance.helpers import at, hold_meeting
from tests.unit.meetings.fixtures import make_roster
from tests.unit.polls.helpers import enter


def read(path: Path, sheet: str) -> list[dict[str, Any]]:
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(sheet).to_python()
    head = [str(h) for h in rows[0]]
    return [dict(zip(head, r, strict=False)) for r in rows[1:]]


def export(paths: Paths, kind: str, out: Path) -> None:
    assert main(["--data-dir", str(paths.data_dir), "export", kind, str(out)]) == 0


def test_meetings_and_attendance_round_trip(
    db: Database, admin: Actor, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    roster = make_roster(db, count=5, deputies=1)
    r, d = roster.representative_ids, roster.deputy_ids
    hold_meeting(
        db,
        admin,
        at(2026, 3, 10),
        {r[0]: "present", r[1]: "present", r[2]: "present", r[3]: "on_leave", d[0]: "present"},
        venue="街道办事处三楼会议室",
        resolutions=(("关于加装电梯的决议", "adopted"), ("关于停车位的决议", "rejected")),
    )
    hold_meeting(db, admin, at(2026, 6, 10), {r[1]: "present", r[2]: "present", r[3]: "present"})
    out = tmp_path / "会议台账.xlsx"
    export(paths, "meetings", out)
    rows = read(out, MEETINGS.sheet)
    assert list(rows[0]) == [c.header for c in MEETINGS.columns]
    first = rows[0]
    assert first["会议日期"] == dt.date(2026, 3, 10)
    assert first["会议地点"] == "街道办事处三楼会议室"
    assert (first["应到人数"], first["法定人数"], first["实到人数"]) == (5, 3, 3)
    assert (first["请假人数"], first["缺席人数"], first["列席人大代表"]) == (1, 1, 1)
    assert first["达到法定人数"] == "是"
    assert first["形成决议"] == "1. 关于加装电梯的决议（通过）\n2. 关于停车位的决议（未通过）"
    assert first["会议类型"] == "议事代表会议" and first["状态"] == "已闭会"
    assert rows[1]["实到人数"] == 3 and rows[1]["形成决议"] in ("", None)

    out = tmp_path / "出席台账.xlsx"
    export(paths, "attendance", out)
    rows = read(out, ATTENDANCE.sheet)
    assert list(rows[0]) == [c.header for c in ATTENDANCE.columns]
    by_name = {row["姓名"]: row for row in rows}
    absentee = by_name[roster.names[r[4]]]
    assert (absentee["应出席次数"], absentee["出席次数"], absentee["无故缺席次数"]) == (2, 0, 2)
    assert absentee["出席率"] == "0.0%" and absentee["提示"] == "连续2次无故缺席"
    leave = by_name[roster.names[r[3]]]
    assert (leave["请假次数"], leave["出席次数"], leave["出席率"]) == (1, 1, "50.0%")
    deputy = by_name[roster.names[d[0]]]
    assert deputy["类别"] == "人大代表" and deputy["出席次数"] == 1
    assert absentee["届次"] == "第一届" and absentee["类别"] == "议事代表"


def test_the_report_ledgers_refuse_an_import(db: Database, admin: Actor, tmp_path: Path) -> None:
    make_roster(db, count=3, deputies=0)
    hold_meeting(db, admin, at(2026, 3, 10), {})
    out = tmp_path / "m.xlsx"
    with db.transaction() as s:
        writer.export(s, admin, "meetings", out)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        importer.prepare(s, admin, "meetings", out)
    assert "cannot be imported" in err.value.template


def test_poll_results_round_trip(
    db: Database, admin: Actor, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YISHI_DATA_DIR", str(paths.data_dir))
    with db.transaction() as s:
        motion = polls.create_poll(
            s,
            admin,
            title="关于2027年民生实事项目的表决",
            kind="motion",
            options=[polls.OptionInput("加装电梯"), polls.OptionInput("背街小巷整治")],
            threshold_base="present",
            members_total=5,
            present=4,
        )
        polls.log_print(s, admin, motion.id, count=4, layout="a4")
        polls.open_poll(s, admin, motion.id)
        rating = polls.create_poll(
            s,
            admin,
            title="办理结果满意度测评",
            kind="rating",
            options=[polls.OptionInput("住建办")],
            levels=("满意", "基本满意", "不满意"),
            positive_levels=("满意", "基本满意"),
            threshold_base=None,
            members_total=5,
            present=3,
        )
        polls.log_print(s, admin, rating.id, count=3, layout="a4")
        polls.open_poll(s, admin, rating.id)
    enter(db, admin, motion.id, 1, {1: "for", 2: "against"})
    enter(db, admin, motion.id, 2, {1: "for", 2: "for"})
    enter(db, admin, motion.id, 3, {1: "for"})
    enter(db, admin, motion.id, 4, {}, void=True)
    enter(db, admin, rating.id, 1, {1: "满意"})
    enter(db, admin, rating.id, 2, {1: "基本满意"})
    enter(db, admin, rating.id, 3, {1: "不满意"})
    with db.transaction() as s:
        polls.close_voting(s, admin, motion.id, issued=4)
        polls.close_voting(s, admin, rating.id, issued=3)
    out = tmp_path / "表决结果.xlsx"
    export(paths, "polls", out)
    rows = read(out, POLLS.sheet)
    assert list(rows[0]) == [c.header for c in POLLS.columns]
    lift, lanes = (r for r in rows if r["表决事项"] == "关于2027年民生实事项目的表决")
    assert (lift["发出票数"], lift["收回票数"], lift["有效票"], lift["废票"]) == (4, 4, 3, 1)
    assert (lift["序号"], lift["候选项目／事项"], lift["赞成"], lift["反对"]) == (
        1,
        "加装电梯",
        3,
        0,
    )
    assert lift["通过所需票数"] == 3 and lift["结果"] == "通过"
    assert (lanes["赞成"], lanes["反对"], lanes["弃权"], lanes["结果"]) == (1, 1, 1, "未通过")
    (office,) = (r for r in rows if r["表决事项"] == "办理结果满意度测评")
    assert office["测评等次票数"] == "满意1、基本满意1、不满意1"
    assert office["满意率"] == "66.7%" and office["表决方式"] == "测评"
    # The poll page exports one poll through the same ledger.
    one = tmp_path / "one.xlsx"
    with db.transaction() as s:
        assert writer.export(s, admin, "polls", one, ids=[rating.id]) == 1
    assert [r["表决事项"] for r in read(one, POLLS.sheet)] == ["办理结果满意度测评"]
