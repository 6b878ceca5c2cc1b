"""The 民生实事 page offscreen: the pipeline by stage with counts and costs, the furthest
step opened, a project's detail with its milestones and history, and the two queues."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database
from desktop.services.permissions import Actor
from desktop.services.projects import core
from desktop.ui.context import AppContext
from desktop.ui.i18n import install_translators
from desktop.ui.pages.projects import ProjectsPage


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_pipeline_detail_and_queues(qtbot: QtBot, db: Database, clerk: Actor, paths: Paths) -> None:
    today = date.today()
    with db.transaction() as s:
        ids = [
            core.propose(
                s,
                clerk,
                core.ProposalInput(title=t, proposer="张三", estimated_cost=cost, year=today.year),
                today=today,
            ).id
            for t, cost in (("加装电梯", 1_000_000), ("路灯改造", 250_000), ("停车位", 90_000))
        ]
        core.screen(s, clerk, ids[0], "shortlisted", on=today)
        core.screen(s, clerk, ids[1], "rejected", "不属于街道事权", on=today)
        p = core.get_project(s, ids[0])
        p.status = "chosen"  # as read back from a certified poll (tested in the services)
        core.start(
            s,
            clerk,
            ids[0],
            unit="街道城管办",
            responsible="王科长",
            budget=1_000_000,
            milestones=[core.MilestoneInput("开工", today - timedelta(days=10))],
            on=today - timedelta(days=20),
        )
    page = ProjectsPage(AppContext(db=db, actor=clerk, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    texts = [b.text() for b in page.stage_buttons]
    assert texts[0].startswith("① 项目征集") and "1 项" in texts[0] and "9.00 万元" in texts[0]
    assert "1 项" in texts[1] and "25.00 万元" in texts[1]
    assert page.stage_buttons[3].isChecked()  # the furthest step with projects
    assert [r.title for r in page.model.rows] == ["加装电梯"]
    html = page.detail.toHtml()
    assert "开工" in html and "未完成" in html and "征集登记" in html and "交办实施" in html
    assert page.tabs.tabText(1) == "节点滞后（1）"
    assert page.late_model.rows == []  # a queue is read when its tab is opened
    page.tabs.setCurrentIndex(1)
    assert [r.title for r in page.late_model.rows] == ["加装电梯"]
    assert page.tabs.tabText(2) == "待反馈（2）"
    page.tabs.setCurrentIndex(2)
    assert sorted(r.title for r in page.feedback_model.rows) == ["加装电梯", "路灯改造"]


def test_new_proposal_and_screening_from_the_page(
    qtbot: QtBot, db: Database, clerk: Actor, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.dialogs import project_dialogs

    answers: list[dict[str, object]] = [
        {"title": "", "proposer": "张三"},  # refused: no title; the form comes back
        {"title": "社区食堂", "proposer": "张三", "estimated_cost": 80_000},
    ]
    shown: list[str] = []

    def fake_exec(self: project_dialogs.FormDialog) -> bool:
        if not answers:
            return False
        for key, value in answers.pop(0).items():
            widget = self.widgets[key]
            if hasattr(widget, "setValue"):
                widget.setValue(value)
            else:
                widget.setText(str(value))
        return True

    monkeypatch.setattr(project_dialogs.FormDialog, "exec", fake_exec)
    monkeypatch.setattr(ProjectsPage, "show_error", lambda self, err: shown.append(str(err)))
    page = ProjectsPage(AppContext(db=db, actor=clerk, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    page.new_proposal()
    assert shown == ["此项必填。"]
    assert [r.title for r in page.model.rows] == ["社区食堂"]
    page.table.selectRow(0)
    assert page.buttons["screen"].isEnabled() and not page.buttons["start"].isEnabled()
    answers.append({})  # the values below are what the clerk chose
    monkeypatch.setattr(
        project_dialogs.FormDialog,
        "values",
        lambda self: {
            "decision": "rejected",
            "reason": "不属于街道事权",
            "merge_into": None,
            "on": date.today(),
        },
    )
    page.screen_proposal()
    with db.session() as s:
        assert core.get_project(s, page.model.rows[0].id).status == "rejected"


def test_micro_projects_tab(qtbot: QtBot, db: Database, clerk: Actor, paths: Paths) -> None:
    from desktop.models.roster import Community

    today = date.today()
    with db.transaction() as s:
        com = Community(name="较场口社区", street_code=core.street_code(s))
        s.add(com)
        s.flush()
        pid = core.propose(
            s,
            clerk,
            core.ProposalInput(
                "楼栋座椅", proposer="社区居委会", community_id=com.id, kind="micro"
            ),
            today=today,
        ).id
        core.decide_micro(s, clerk, pid, approved=True, funds=18_000, reason="议事会通过", on=today)
    page = ProjectsPage(AppContext(db=db, actor=clerk, paths=paths))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    page.tabs.setCurrentIndex(3)
    assert page.tabs.tabText(3) == "微实事"
    assert [r.title for r in page.micro_model.rows] == ["楼栋座椅"]
    assert (
        "申报 1 个" in page.micro_summary.text()
        and "批准资金 1.80 万元" in page.micro_summary.text()
    )
    page.micro_table.selectRow(0)
    assert page.micro_buttons["start"].isEnabled() and not page.micro_buttons["accept"].isEnabled()
