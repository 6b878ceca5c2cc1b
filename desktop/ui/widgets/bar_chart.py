"""Simple bar charts drawn with QPainter (no QtCharts: PySide6-Addons would add ~150 MB to the
installer for a handful of bar charts).

``BarChart(title, horizontal=...)``; ``set_data([(label, value), …])``. Horizontal bars suit
long Chinese labels (categories, communities); vertical bars suit months.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#3b6db3")
BAR_WARN = QColor("#c62828")
AXIS = QColor("#9aa3b2")
TEXT = QColor("#2b2f36")


class BarChart(QWidget):
    def __init__(
        self, title: str, *, horizontal: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.data: list[tuple[str, float]] = []
        self.highlight: set[str] = set()
        self.value_format = "{:.0f}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 180)

    def set_data(self, data: list[tuple[str, float]], highlight: set[str] | None = None) -> None:
        self.data = list(data)
        self.highlight = highlight or set()
        self.setAccessibleDescription(
            "; ".join(f"{label}: {self.value_format.format(v)}" for label, v in self.data)
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#d8dde6")))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(TEXT)
        fm_title = QFontMetrics(title_font)
        p.drawText(QRectF(10, 6, self.width() - 20, fm_title.height()), self.title)
        p.setFont(self.font())
        top = 12 + fm_title.height()
        area = QRectF(10, top, self.width() - 20, self.height() - top - 8)
        if not self.data:
            p.setPen(AXIS)
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, "—")
            p.end()
            return
        if self.horizontal:
            self._horizontal(p, area)
        else:
            self._vertical(p, area)
        p.end()

    def _horizontal(self, p: QPainter, area: QRectF) -> None:
        fm = QFontMetrics(self.font())
        rows = self.data[: max(1, int(area.height() // (fm.height() + 4)))]
        label_w = min(area.width() * 0.4, max(fm.horizontalAdvance(label) for label, _ in rows) + 8)
        value_w = max(fm.horizontalAdvance(self.value_format.format(v)) for _, v in rows) + 8
        top_value = max(v for _, v in rows) or 1
        bar_area = area.width() - label_w - value_w
        row_h = area.height() / len(rows)
        bar_h = min(row_h * 0.7, fm.height() + 6)
        for i, (label, value) in enumerate(rows):
            y = area.top() + i * row_h
            p.setPen(TEXT)
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 6))
            p.drawText(
                QRectF(area.left(), y, label_w - 6, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            width = bar_area * value / top_value
            p.fillRect(
                QRectF(area.left() + label_w, y + (row_h - bar_h) / 2, max(width, 1), bar_h),
                BAR_WARN if label in self.highlight else BAR,
            )
            p.drawText(
                QRectF(area.left() + label_w + width + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_format.format(value),
            )

    def _vertical(self, p: QPainter, area: QRectF) -> None:
        fm = QFontMetrics(self.font())
        n = len(self.data)
        top_value = max(v for _, v in self.data) or 1
        label_h = fm.height() + 4
        value_h = fm.height()
        plot = QRectF(
            area.left(), area.top() + value_h, area.width(), area.height() - label_h - value_h
        )
        slot = plot.width() / n
        bar_w = max(2.0, slot * 0.7)
        every = max(1, int((fm.horizontalAdvance("2025-12") + 6) // slot) + 1)
        p.setPen(QPen(AXIS))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        for i, (label, value) in enumerate(self.data):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            h = plot.height() * value / top_value
            p.fillRect(
                QRectF(x, plot.bottom() - h, bar_w, h),
                BAR_WARN if label in self.highlight else BAR,
            )
            p.setPen(TEXT)
            if slot >= fm.horizontalAdvance(self.value_format.format(value)) + 2:
                p.drawText(
                    QRectF(plot.left() + i * slot, plot.bottom() - h - value_h, slot, value_h),
                    Qt.AlignmentFlag.AlignCenter,
                    self.value_format.format(value),
                )
            if i % every == 0:
                p.drawText(
                    QRectF(
                        plot.left() + i * slot - slot * (every - 1) / 2,
                        plot.bottom() + 2,
                        slot * every,
                        label_h,
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )
