"""QR codes drawn as vector rectangles (no bitmap per page), for canvases and flowables."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


def qr_drawing(text: str, size: float, level: str = "M") -> Drawing:
    widget = QrCodeWidget(text, barLevel=level, barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    width, height = x1 - x0, y1 - y0
    drawing = Drawing(size, size, transform=[size / width, 0, 0, size / height, 0, 0])
    drawing.add(widget)
    return drawing


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float, level: str = "M") -> None:
    """Draw a QR code with its lower-left corner at (x, y), ``size`` points square."""
    from reportlab.graphics import renderPDF

    renderPDF.draw(qr_drawing(text, size, level), canvas, x, y)


class QrFlowable(Flowable):  # type: ignore[misc]
    def __init__(self, text: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.text, self.size, self.level = text, size, level
        self.width = self.height = size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, 0, 0, self.size, self.level)
