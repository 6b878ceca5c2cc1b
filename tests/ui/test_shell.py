"""The shell as a clerk meets it: first run, sign-in, every page opens, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from desktop.config import Paths
from desktop.db import Database, open_database
from desktop.services import accounts
from desktop.services import street as street_service
from desktop.ui.dialogs.first_run import FirstRunWizard
from desktop.ui.dialogs.signin import SignInDialog
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import PAGES, MainWindow


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    install_translators(qapp)


def test_sign_in_then_every_page_opens(qtbot: QtBot, db: Database, paths: Paths) -> None:
    dialog = SignInDialog(db, "解放碑街道")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "登录议事通"
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "test1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role == "admin"

    from desktop.ui.context import AppContext

    window = MainWindow(AppContext(db=db, actor=dialog.actor, paths=paths))
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[0] == "首页" and "设置" in titles
    assert len(titles) == len(PAGES)  # an admin sees every page
    for spec in PAGES:
        page = window.open_page(spec.key)
        assert window.stack.currentWidget() is page
    assert "解放碑街道" in window.windowTitle()


def test_wrong_password_keeps_the_dialog_open_with_a_chinese_message(
    qtbot: QtBot, db: Database
) -> None:
    dialog = SignInDialog(db, "解放碑街道")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "clerk")
    qtbot.keyClicks(dialog.password, "wrong-pass")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.message.text() == "用户名或密码错误。"
    assert dialog.username.text() == "clerk"  # what was typed is kept


def test_viewer_sees_no_admin_tabs(qtbot: QtBot, db: Database, paths: Paths) -> None:
    from desktop.ui.context import AppContext

    viewer = accounts.sign_in(db, "viewer", "test1234")
    window = MainWindow(AppContext(db=db, actor=viewer, paths=paths))
    qtbot.addWidget(window)
    page = window.open_page("settings")
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]  # type: ignore[attr-defined]
    assert "账号管理" not in tabs and "我的账号" in tabs


def test_first_run_wizard_creates_street_and_admin(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "fresh.sqlite3")
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.street_page
    assert not page.isComplete()
    # Chinese arrives through the input method, not as key events: insert() is what it does.
    page.name.insert("朝天门街道")
    page.code.insert("５００１０３００２０００")  # full-width digits pasted from a document
    page.district.insert("渝中区")
    page.city.insert("重庆市")
    assert page.isComplete()
    wizard.next()
    admin = wizard.admin_page
    admin.display_name.insert("张伟强")
    qtbot.keyClicks(admin.password, "secret123")
    qtbot.keyClicks(admin.password2, "secret124")
    assert not admin.isComplete() and admin.hint.text() == "两次输入的密码不一致。"
    admin.password2.clear()
    qtbot.keyClicks(admin.password2, "secret123")
    assert admin.isComplete()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    with db.session() as s:
        info = street_service.current(s)
    assert info is not None and info.code == "500103002000" and info.name == "朝天门街道"
    assert accounts.sign_in(db, "admin", "secret123").display_name == "张伟强"
    assert db.street_code == "500103002000"
    db.dispose()


def test_settings_saved_from_the_page(qtbot: QtBot, main_window: MainWindow) -> None:
    page = main_window.open_page("settings")
    page.quorum.setCurrentIndex(1)  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QPushButton

    save = page.findChild(QPushButton, "saveParameters")
    assert save is not None
    save.click()
    with main_window.ctx.db.session() as s:
        from desktop.services import settings

        assert settings.load(s).quorum_rule == "two_thirds"
    assert main_window.statusBar().currentMessage() == "设置已保存。"
    assert isinstance(page.findChild(QLineEdit), QLineEdit)


def test_fast_start_frame_then_attach(qtbot: QtBot, tmp_path: Path) -> None:
    """The demo window is drawn from sqlite3 alone, then given its database."""
    from desktop.demo import build_demo, demo_actor
    from desktop.ui.context import AppContext
    from desktop.ui.startup import quick_demo_shell

    p = Paths(tmp_path / "demo").ensure()
    assert quick_demo_shell(p.database) is None  # nothing there yet: normal path
    db = build_demo(p)
    shell = quick_demo_shell(p.database)
    assert shell is not None and shell.street_name == "解放碑街道" and shell.role == "admin"
    window = MainWindow(shell=shell)
    qtbot.addWidget(window)
    window.show()
    assert window.ctx is None and window.nav.count() == len(PAGES)
    window.attach(AppContext(db=db, actor=demo_actor(db), paths=p, demo=True))
    assert window.ctx is not None and window.ctx.tasks.wait(30_000)  # figures read on a worker
    home = window.pages["home"]
    assert "解放碑街道" in home.heading.text()
    assert home.grid.count() >= 3
    db.dispose()


def test_audit_list_reads_in_chinese(qtbot: QtBot, main_window: MainWindow) -> None:
    page = main_window.open_page("settings")
    page.quorum.setCurrentIndex(1)  # type: ignore[attr-defined]
    page.findChild(QPushButton, "saveParameters").click()  # writes settings.update
    page.activate()
    table = page.audit_table  # type: ignore[attr-defined]
    assert table.item(0, 2).text() == "参数 · 修改"
    assert table.item(0, 2).toolTip() == "settings.update"
