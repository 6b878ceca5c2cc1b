"""The home page's cards as widgets, importable before the ORM (start-up draws them from
sqlite3 figures): nothing here may import SQLAlchemy, the models or the app context."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import gettext
from desktop.services.home_cards import Figure

TILE_STYLE = """
QFrame#tile { background: #ffffff; border: 1px solid #d8dde6; border-radius: 6px; }
QFrame#tile:hover, QFrame#tile:focus { border-color: #1f5fa8; }
QFrame#tile[warn="true"] { border-color: #c62828; background: #fff5f5; }
QLabel#tileValue { font-size: 22pt; font-weight: 600; color: #1f3a68; }
QFrame#tile[warn="true"] QLabel#tileValue { color: #c62828; }
QLabel#tileLabel { color: #555b66; }
"""


class _Last:
    """The figures last shown (start-up placeholder or home page), shown again at once by
    a new home page (after switching user) while the fresh ones are read."""

    def __init__(self) -> None:
        self.heading = ""
        self.figures: list[Figure] = []


last_shown = _Last()


class Tile(QFrame):
    """One card; a click (or Enter when focused) opens where it leads."""

    clicked = Signal(object)  # Figure

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("tile")
        self.setProperty("warn", "true" if figure.warn else "false")
        self.setMinimumHeight(90)
        value = QLabel(str(figure.value))
        value.setObjectName("tileValue")
        label = QLabel(gettext(figure.label))
        label.setObjectName("tileLabel")
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(value)
        layout.addWidget(label)
        if figure.target:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(self.tr("Click to open"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.figure.target:
            self.clicked.emit(self.figure)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.figure.target:
            self.clicked.emit(self.figure)
            return
        super().keyPressEvent(event)


class FigureGrid(QWidget):
    """The heading and the cards; shared by the home page and the start-up placeholder."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(TILE_STYLE)
        self.on_open: Callable[[Figure], None] = lambda _f: None
        self.heading = QLabel()
        self.heading.setObjectName("homeHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.heading)
        inner_layout.addLayout(self.grid)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(scroll)
        self.tiles: list[Tile] = []

    def set_heading(self, html: str) -> None:
        self.heading.setText(html)

    def set_figures(self, figures: Sequence[Figure]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tiles = []
        for n, figure in enumerate(figures):
            tile = Tile(figure)
            tile.clicked.connect(lambda f: self.on_open(f))
            self.grid.addWidget(tile, n // self.COLUMNS, n % self.COLUMNS)
            self.tiles.append(tile)


def street_heading(name: str, city: str, district: str, kind_label: str, code: str) -> str:
    code_label = gettext("Division code")
    return f"<h1>{name}</h1><p>{city} {district} · {kind_label} · {code_label} {code}</p>"


def open_target(window: QWidget, figure: Figure) -> None:
    """Open the page a card leads to and show the part it counts (a queue, a tab)."""
    if getattr(window, "ctx", None) is None or not figure.target:
        return  # still starting: the database opens a moment after the window
    open_page = getattr(window, "open_page", None)
    if open_page is None:
        return
    page = open_page(figure.target)
    focus_on = getattr(page, "focus_on", None)
    if figure.focus and focus_on is not None:
        focus_on(figure.focus)


def show_quick_figures(window: QMainWindow, street_name: str, figures: Sequence[Figure]) -> None:
    """At start-up, before the ORM: the cards answered by sqlite3, in the home page's place.
    The real home page replaces this placeholder when the database is open."""
    stack = window.findChild(QStackedWidget)
    if stack is None or stack.count() == 0:
        return
    grid = FigureGrid()
    grid.setObjectName("quickHome")
    last_shown.heading, last_shown.figures = f"<h1>{street_name}</h1>", list(figures)
    grid.set_heading(last_shown.heading)
    grid.set_figures(figures)
    grid.on_open = lambda f: open_target(window, f)
    old = stack.widget(0)
    if old is not None:
        stack.removeWidget(old)
        old.deleteLater()
    stack.insertWidget(0, grid)
    stack.setCurrentIndex(0)
