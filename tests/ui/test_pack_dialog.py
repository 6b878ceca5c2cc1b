"""The home page's 迎检资料包 action: the year and folder dialog, the pack written through the
task manager with a progress dialog, and Cancel leaving no folder behind (issue 25)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop import inspection_pack as pack
from desktop.services.permissions import Actor
from desktop.ui.dialogs import pack_dialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.home import HomePage


def _home(window: MainWindow) -> HomePage:
    page = window.open_page("home")
    assert isinstance(page, HomePage)
    return page


def test_the_home_action_writes_the_pack(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []

    def answer(dialog: QDialog) -> int:
        if isinstance(dialog, pack_dialog.PackDialog):
            dialog.year.setValue(2026)
            dialog.folder.setText(str(tmp_path / "迎检"))
            return 1
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        return 0

    monkeypatch.setattr(pack_dialog, "run_modal", answer)
    page = _home(main_window)
    assert page.pack_button.text() == "迎检资料包…"
    page.pack_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    folder = tmp_path / "迎检" / pack.pack_name("解放碑街道", 2026)
    assert (folder / pack.INDEX_NAME).is_file() and (folder / pack.CHECKSUM_NAME).is_file()
    assert "迎检资料包已生成" in shown[0] and str(folder) in shown[0]


def test_cancel_in_the_progress_dialog_leaves_nothing(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started, release = threading.Event(), threading.Event()

    def slow(_session: Session, _year: int, _today: date) -> list[pack.PackFile]:
        def write(_s: Session, _a: Actor, path: Path) -> int:
            path.write_text("第一个文件", encoding="utf-8")
            started.set()
            release.wait(30)
            return 1

        return [pack.PackFile("01 台账/慢.txt", "慢", "条", write)] * 3

    monkeypatch.setattr(pack, "ITEMS", [pack.PackItem("slow", "台账", slow)])
    messages: list[str] = []
    assert main_window.ctx is not None
    monkeypatch.setattr(main_window.ctx, "status", messages.append)
    runner = pack_dialog.PackRunner(_home(main_window), main_window.ctx)
    out = tmp_path / "迎检"
    runner.start(2026, out)
    assert started.wait(30)
    assert any(p.name.endswith(".part") for p in out.iterdir())  # being written
    cancel = runner.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "取消"
    cancel.click()  # the progress dialog's Cancel button
    release.set()
    qtbot.waitUntil(lambda: bool(messages), timeout=30_000)
    assert messages == ["迎检资料包已取消，没有写出任何文件。"]
    assert list(out.iterdir()) == []
