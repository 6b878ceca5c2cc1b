"""The 出席台账 page offscreen: per person over the term with a flagged absentee shaded and
the flag in words, the term's meetings one row each, and both Excel ledgers written from the
page (read back)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from python_calamine import CalamineWorkbook

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.attendance import SHADE, AttendancePage
from tests.unit.attendance.helpers import at, hold_meeting
from tests.unit.meetings.fixtures import make_roster


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_ledger_flags_and_excel(
    qtbot: QtBot, db: Database, admin: Actor, viewer: Actor, paths: Paths, tmp_path: Path
) -> None:
    roster = make_roster(db, count=5, deputies=1)
    r, d = roster.representative_ids, roster.deputy_ids
    everyone = {p: "present" for p in r[:4] + d}
    hold_meeting(
        db, admin, at(2026, 3, 10), everyone, resolutions=(("关于加装电梯的决议", "adopted"),)
    )
    hold_meeting(db, admin, at(2026, 6, 10), everyone | {r[3]: "on_leave"})
    page = AttendancePage(AppContext(db=db, actor=admin, paths=paths))
    qtbot.addWidget(page)
    page.activate()
    assert page.term.currentText() == "第一届"
    assert page.people.rowCount() == 6 and page.meetings.rowCount() == 2
    rows = {page.people.item(i, 1).text(): i for i in range(page.people.rowCount())}
    absentee = rows[roster.names[r[4]]]
    assert page.people.item(absentee, 9).text() == "连续2次无故缺席"
    assert page.people.item(absentee, 0).background().color() == SHADE
    leave = rows[roster.names[r[3]]]
    assert page.people.item(leave, 5).text() == "1"
    assert page.people.item(leave, 7).text() == "50.0%"
    assert page.summary.text() == "本届已闭会 2 次；1 人因无故缺席被提示（连续2次、一年3次）。"
    assert page.meetings.item(0, 10).text() == "关于加装电梯的决议（通过）"

    out = {"attendance": tmp_path / "出席.xlsx", "meetings": tmp_path / "会议.xlsx"}
    page.save_path_prompt = lambda _title, name: str(
        out["attendance"] if "出席" in name else out["meetings"]
    )
    page.export_attendance()
    page.export_meeting_ledger()
    people = CalamineWorkbook.from_path(str(out["attendance"])).get_sheet_by_name("出席台账")
    assert len(people.to_python()) == 7  # header + six people
    meetings = CalamineWorkbook.from_path(str(out["meetings"])).get_sheet_by_name("会议台账")
    assert [row[2] for row in meetings.to_python()[1:]] == [date(2026, 3, 10), date(2026, 6, 10)]

    # A viewer sees the ledger but cannot change the thresholds.
    other = AttendancePage(AppContext(db=db, actor=viewer, paths=paths))
    qtbot.addWidget(other)
    other.activate()
    assert other.people.rowCount() == 6 and not other.thresholds.isEnabled()
