"""Top-level windows fit a 1366×768 office screen (taskbar included) instead of running off it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialog, QMainWindow
from pytestqt.qtbot import QtBot

from desktop.ui import screen_fit


class _Screen:
    def __init__(self, width: int, height: int) -> None:
        self.free = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:
        return self.free


@pytest.fixture
def office_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """1366×768 less a 40 px taskbar, the common street-office PC."""
    monkeypatch.setattr(screen_fit, "_screen", lambda widget: _Screen(1366, 728))


@pytest.mark.usefixtures("office_screen")
def test_a_tall_dialog_is_shrunk_to_the_free_area(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    screen_fit.fit_to_screen(dialog, 900, 1000)  # the print preview's preferred size
    assert dialog.width() == 900
    assert dialog.height() == 728 - screen_fit.FRAME_HEIGHT


@pytest.mark.usefixtures("office_screen")
def test_a_dialog_that_fits_keeps_its_size(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    screen_fit.fit_to_screen(dialog, 620, 640)
    assert (dialog.width(), dialog.height()) == (620, 640)


@pytest.mark.usefixtures("office_screen")
def test_the_main_window_is_maximised_on_a_small_screen(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    screen_fit.show_main_window(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.normalGeometry().height() <= 728 - screen_fit.FRAME_HEIGHT


def test_the_main_window_keeps_its_size_on_a_large_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screen_fit, "_screen", lambda widget: _Screen(1920, 1040))
    window = QMainWindow()
    qtbot.addWidget(window)
    screen_fit.show_main_window(window)
    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert (window.width(), window.height()) == screen_fit.MAIN_WINDOW_SIZE


def test_the_print_preview_fits_the_real_screen(qtbot: QtBot) -> None:
    """Through the real dialog and the real (offscreen) screen, not a stand-in."""
    from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(b"", "test.pdf")
    qtbot.addWidget(dialog)
    free = dialog.screen().availableGeometry()
    assert dialog.height() <= free.height() - screen_fit.FRAME_HEIGHT
    assert dialog.width() <= free.width() - screen_fit.FRAME_WIDTH
