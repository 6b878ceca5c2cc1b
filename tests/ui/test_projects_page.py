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
