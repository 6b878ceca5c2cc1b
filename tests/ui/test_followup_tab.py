"""The meeting's 跟踪督办 tab and the queue page offscreen: the matters with their steps, the
overdue one shaded, a 交办 through the form (a refused form comes back), the buttons a clerk
may not use, the 交办单 preview, the input raised at the meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QDialog
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services import meetings
from desktop.services.followup import core, motions, report
from desktop.services.meetings import agenda
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.followup import FollowupPage
from desktop.ui.widgets import followup_panel
from desktop.ui.widgets.followup_panel import MeetingFollowupTab
from tests.unit.followup.helpers import held_meeting
from tests.unit.meetings.fixtures import make_roster
from tests.unit.projects.helpers import run_poll

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def _setup(db: Database, clerk: Actor) -> tuple[str, str, str]:
    roster = make_roster(db)
    m = held_meeting(db, clerk, datetime(2026, 9, 29, 1, 30), number=3, close=False)
    with db.transaction() as s:
        late = core.create(s, clerk, m, title="关于社区养老服务的审议意见")
        core.assign(s, clerk, late.id, unit="街道民政办", assigned_on=date(2026, 10, 12), days=5)
        fresh = core.create(s, clerk, m, title="关于停车难问题的审议意见")
        motions.register(
            s,
            clerk,
            m,
            kind="motion",
            title="增设路灯",
            representative_id=roster.representative_ids[0],
        )
    return m, late.id, fresh.id


def _tab(
    db: Database, actor: Actor, paths: Paths, meeting_id: str, qtbot: QtBot
) -> MeetingFollowupTab:
    tab = MeetingFollowupTab(AppContext(db=db, actor=actor, paths=paths))
    qtbot.addWidget(tab)
    tab.matters.today = lambda: TODAY
    tab.set_meeting(meeting_id, "in_session")
    return tab


def test_matters_motions_and_buttons(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths
) -> None:
    m, late_id, fresh_id = _setup(db, clerk)
    tab = _tab(db, clerk, paths, m, qtbot)
    rows = tab.matters.model.rows
    assert [r.id for r in rows] == [late_id, fresh_id]
    shade = tab.matters.model.data(tab.matters.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert shade is not None  # overdue
    assert (
        tab.matters.model.data(tab.matters.model.index(1, 0), Qt.ItemDataRole.BackgroundRole)
        is None
    )
    tab.matters.table.selectRow(0)
    assert "已逾期" in tab.matters.detail.text()
    assert tab.matters.report_button.isEnabled() and tab.matters.sheet_button.isEnabled()
    # The 审核意见 is the committee's: a clerk sees why the button is off.
    assert not tab.matters.review_button.isEnabled()
    assert "审核意见" in tab.matters.review_button.toolTip()
    shown: list[tuple[bytes, str]] = []
    tab.matters.preview_factory = lambda pdf, title, _f: shown.append((pdf, title))
    tab.matters.print_sheet()
    assert shown and shown[0][0].startswith(b"%PDF") and "交办单" in shown[0][1]
    assert [line.title for line in tab.motion_model.rows] == ["增设路灯"]
    tab.motion_table.selectRow(0)
    assert tab.to_project_button.isEnabled() and tab.to_opinion_button.isEnabled()


def test_assign_through_the_form_keeps_a_refused_form(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    m, _late_id, fresh_id = _setup(db, clerk)
    tab = _tab(db, clerk, paths, m, qtbot)
    tab.matters.table.selectRow(1)
    attempts: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(tab.matters, "_error", lambda err: errors.append(str(err)))

    def fake_until(dialog: QDialog, accept: Callable[[], bool]) -> bool:
        unit = dialog.widgets["unit"]  # type: ignore[attr-defined]
        assert isinstance(unit, QComboBox) and unit.isEditable()
        when = dialog.widgets["assigned_on"]  # type: ignore[attr-defined]
        assert isinstance(when, QDateEdit)
        when.setDate(QDate(2026, 10, 12))
        for text in ("", "街道城管办"):  # the first try is refused, the form comes back
            unit.setEditText(text)
            attempts.append(text)
            if accept():
                return True
        return False

    monkeypatch.setattr(followup_panel, "run_modal_until", fake_until)
    tab.matters.assign()
    assert attempts == ["", "街道城管办"] and errors and "承办单位" in errors[0]
    with db.session() as s:
        row = core.row(s, clerk, fresh_id)
    assert row.status == "assigned" and row.unit == "街道城管办"
    with db.session() as s:
        assert row.due_on == core.compute_due(s, date(2026, 10, 12), 20)


def test_queue_page_overdue_first(
    qtbot: QtBot, db: Database, clerk: Actor, viewer: Actor, paths: Paths
) -> None:
    _m, late_id, _fresh = _setup(db, clerk)
    page = FollowupPage(AppContext(db=db, actor=viewer, paths=paths))
    qtbot.addWidget(page)
    page.panel.today = lambda: TODAY
    page.activate()
    assert [r.id for r in page.panel.model.rows] == [late_id]
    assert "1" in page.count.text()
    assert not page.panel.assign_button.isEnabled()  # a viewer only looks
    page.queue.setCurrentIndex(page.queue.findData("all"))
    assert len(page.panel.model.rows) == 2


def test_next_meeting_report_rating_poll_and_read_back(
    qtbot: QtBot, db: Database, clerk: Actor, admin: Actor, scrutineer: Actor, paths: Paths
) -> None:
    m, late_id, _fresh = _setup(db, clerk)
    with db.transaction() as s:
        core.record_report(s, clerk, late_id, text="已增设助餐点。", reported_on=date(2026, 11, 2))
        core.review(
            s, admin, late_id, verdict="accepted", text="同意。", reviewed_on=date(2026, 11, 3)
        )
    with db.transaction() as s:
        meetings.close_meeting(s, clerk, m)
    m2 = held_meeting(db, clerk, datetime(2026, 12, 10, 1, 30), number=4, close=False)
    tab = _tab(db, clerk, paths, m2, qtbot)
    assert "待测评 1 件" in tab.next_label.text()
    tab.report_to_agenda()
    with db.session() as s:
        assert [a.title for a in agenda.list_items(s, clerk, m2)] == [report.REPORT_TITLE]
    assert not tab.read_back_button.isEnabled()
    tab.rating_poll()
    assert tab.read_back_button.isEnabled()  # waiting for its certified result
    with db.session() as s:
        poll_id = core.row(s, clerk, late_id).rating_poll_id
    assert poll_id is not None
    run_poll(db, clerk, scrutineer, poll_id, [[(1, "满意")] for _ in range(5)])
    tab.reload()
    tab.read_back()
    with db.session() as s:
        done = core.row(s, clerk, late_id)
    assert done.status == "rated" and done.satisfaction_rate == "5/5"
    assert not tab.read_back_button.isEnabled()
