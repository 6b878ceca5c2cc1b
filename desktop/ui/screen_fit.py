"""Window sizes that fit the screen a street office actually has.

Many office PCs run at 1366×768 with a taskbar, so the 1280×800 main window or a 900×1000
print preview would run off the bottom of the screen (status bar and dialog buttons out of
reach). Every top-level size goes through here and is clamped to the screen's free area,
less room for the title bar and frame the window system adds.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room left for the window frame: borders left/right, title bar plus border top/bottom.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40

MAIN_WINDOW_SIZE = (1280, 800)


def _screen(widget: QWidget) -> QScreen | None:
    return widget.screen() or QGuiApplication.primaryScreen()


def fitted_size(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    """``(width, height)``, shrunk to the free area of the widget's screen if needed."""
    screen = _screen(widget)
    if screen is None:
        return width, height
    free = screen.availableGeometry()
    return (
        max(1, min(width, free.width() - FRAME_WIDTH)),
        max(1, min(height, free.height() - FRAME_HEIGHT)),
    )


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a dialog or window to its preferred size, or as much of it as the screen has."""
    widget.resize(*fitted_size(widget, width, height))


def show_main_window(window: QWidget) -> None:
    """Show the main window at its preferred size, maximised where the screen is smaller."""
    width, height = MAIN_WINDOW_SIZE
    fitted = fitted_size(window, width, height)
    window.resize(*fitted)
    if fitted != (width, height):
        window.showMaximized()
    else:
        window.show()
