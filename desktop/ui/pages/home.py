"""首页: the street at a glance — its details and every area's figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.i18n import gettext
from desktop.services import home
from desktop.services import street as street_service
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page

TILE_STYLE = """
QFrame#tile { background: #ffffff; border: 1px solid #d8dde6; border-radius: 6px; }
QFrame#tile[warn="true"] { border-color: #c62828; background: #fff5f5; }
QLabel#tileValue { font-size: 22pt; font-weight: 600; color: #1f3a68; }
QFrame#tile[warn="true"] QLabel#tileValue { color: #c62828; }
QLabel#tileLabel { color: #555b66; }
"""


class HomePage(Page):
    COLUMNS = 4

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(TILE_STYLE)
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

    def activate(self) -> None:
        with self.ctx.db.session() as s:
            info = street_service.current(s)
            figures = home.figures(s)
        if info is not None:
            kind = gettext(street_service.KIND_LABELS.get(info.kind, info.kind))
            code_label = self.tr("Division code")
            self.heading.setText(
                f"<h1>{info.name}</h1>"
                f"<p>{info.city} {info.district} · {kind} · {code_label} {info.code}</p>"
            )
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for n, figure in enumerate(figures):
            self.grid.addWidget(self._tile(figure), n // self.COLUMNS, n % self.COLUMNS)

    def _tile(self, figure: home.Figure) -> QFrame:
        tile = QFrame()
        tile.setObjectName("tile")
        tile.setProperty("warn", "true" if figure.warn else "false")
        tile.setMinimumHeight(90)
        value = QLabel(str(figure.value))
        value.setObjectName("tileValue")
        label = QLabel(gettext(figure.label))
        label.setObjectName("tileLabel")
        label.setWordWrap(True)
        layout = QVBoxLayout(tile)
        layout.addWidget(value)
        layout.addWidget(label)
        return tile
