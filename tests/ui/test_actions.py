"""Page.run_action / run_task: the one way a page runs what the user asked for."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import AppError, ValidationError
from desktop.models.roster import Community
from desktop.services import roster
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page
from desktop.ui.tasks import Progress, app_tasks


class Recorder(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.errors: list[str] = []
        self.statuses: list[str] = []
        ctx.status = self.statuses.append

    def show_error(self, err: BaseException) -> None:  # instead of the modal message
        self.errors.append(str(err))


@pytest.fixture
def page(qtbot: QtBot, db: Database, clerk: Actor, paths: Any) -> Recorder:
    widget = Recorder(AppContext(db=db, actor=clerk, paths=paths))
    qtbot.addWidget(widget)
    return widget


def _communities(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Community)) or 0)


def test_an_action_commits_once_then_reports(page: Recorder, db: Database) -> None:
    seen: list[str] = []
    row = page.run_action(
        lambda s: roster.save_community(s, page.ctx.actor, name="较场口社区"),
        success=lambda r: seen.append(r.name),
        done="已保存",
    )
    assert row is not None and seen == ["较场口社区"]
    assert page.statuses == ["已保存"] and page.errors == []
    assert _communities(db) == 1


def test_a_refused_action_rolls_back_and_tells_the_user_in_chinese(
    page: Recorder, db: Database
) -> None:
    def half_done(s: Any) -> None:
        roster.save_community(s, page.ctx.actor, name="七星岗社区")
        raise ValidationError("名称重复")

    success: list[object] = []
    assert page.run_action(half_done, success=success.append, done="已保存") is None
    assert page.errors == ["名称重复"] and success == [] and page.statuses == []
    assert _communities(db) == 0  # nothing half-written
    refused: list[AppError] = []
    page.run_action(half_done, failure=refused.append)
    assert [str(e) for e in refused] == ["名称重复"] and page.errors == ["名称重复"]


def test_a_bug_is_not_swallowed(page: Recorder) -> None:
    def broken(_s: Any) -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        page.run_action(broken)


def test_long_work_runs_off_the_gui_thread_and_reports_on_it(qtbot: QtBot, page: Recorder) -> None:
    threads: list[str] = []
    gui = threading.current_thread().name

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread().name)
        for i in range(3):
            progress(i, 3, "")
        return 42

    results: list[tuple[int, str]] = []
    page.run_task(
        work,
        success=lambda n: results.append((n, threading.current_thread().name)),
        label="正在导出…",
    )
    assert page.findChild(QProgressDialog) is not None
    assert app_tasks().wait(30_000)
    assert results == [(42, gui)] and threads[0] != gui


def test_cancelled_work_tells_only_cancelled(qtbot: QtBot, page: Recorder) -> None:
    started, release = threading.Event(), threading.Event()

    def work(progress: Progress) -> int:
        started.set()
        release.wait(30)
        progress(1, 2)  # raises Cancelled: the user pressed Cancel meanwhile
        return 1

    outcome: list[str] = []
    running = page.run_task(
        work,
        success=lambda _n: outcome.append("done"),
        failure=lambda _e: outcome.append("failed"),
        cancelled=lambda: outcome.append("cancelled"),
        label="正在恢复…",
    )
    assert started.wait(30)
    dialog = page.findChild(QProgressDialog)
    assert dialog is not None
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() in ("Cancel", "取消"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert running.cancelled
    release.set()
    assert app_tasks().wait(30_000)
    assert outcome == ["cancelled"] and page.errors == []


def test_failed_work_goes_to_the_page_error(qtbot: QtBot, page: Recorder) -> None:
    def work(_progress: Progress) -> int:
        raise ValidationError("文件已被占用")

    page.run_task(work, success=lambda _n: None)
    assert app_tasks().wait(30_000)
    QApplication.processEvents()
    assert page.errors == ["文件已被占用"]


def test_long_work_reports_progress_into_the_callers_widgets(qtbot: QtBot, page: Recorder) -> None:
    seen: list[tuple[int, int, str]] = []

    def work(progress: Progress) -> int:
        for i in range(1, 4):
            progress(i, 3, f"第{i}行")
        return 3

    page.run_task(work, on_progress=lambda d, t, x: seen.append((d, t, x)))
    assert app_tasks().wait(30_000)
    assert seen == [(1, 3, "第1行"), (2, 3, "第2行"), (3, 3, "第3行")]
    assert page.findChild(QProgressDialog) is None  # no label: no dialog of its own
