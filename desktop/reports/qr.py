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


def qr_matrix(text: str, level: str = "M", border: int = 2) -> list[list[bool]]:
    """The QR modules (True = dark), quiet zone of ``border`` modules included."""
    import qrcode
    import qrcode.constants

    levels = {
        "L": qrcode.constants.ERROR_CORRECT_L,
        "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q,
        "H": qrcode.constants.ERROR_CORRECT_H,
    }
    code = qrcode.QRCode(error_correction=levels[level], border=border)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def draw_qr_path(
    canvas: Canvas, text: str, x: float, y: float, size: float, level: str = "M"
) -> None:
    """The same vector QR as :func:`draw_qr`, drawn as one filled path of module runs.

    Several times faster than rendering a Drawing, for documents with a QR on every page
    (ballots).
    """
    matrix = qr_matrix(text, level)
    count = len(matrix)
    box = size / count
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 1) * box
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(x + start * box, top, (c - start) * box, box)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
