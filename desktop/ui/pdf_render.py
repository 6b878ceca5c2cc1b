"""Render PDF pages to ``QImage`` with pdfium (``pypdfium2``), for the print preview, printing
and the self-test.

QtPdf is not used: its wheel (``PySide6_Pdf``) exists only for PySide6 6.12, whose
PySide6-Essentials drops a reference of ``None`` on every void Qt call on CPython 3.11 and
aborts long sessions (docs/deployment.md). pdfium is the engine QtPdf wraps anyway.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

# A band of a printed page is rendered at most this many pixels high, so printing a page at
# 1200 dpi needs tens of megabytes, not the half gigabyte of a whole A4 page at once.
PRINT_BAND_PIXELS = 1024


@dataclass(frozen=True, slots=True)
class Band:
    """Rows ``top`` .. ``top + image.height()`` of a page rendered ``page_height`` pixels high."""

    image: QImage
    top: int
    page_height: int


class PdfPages:
    """The pages of one PDF. A PDF pdfium cannot open gives zero pages and an ``error``.

    The pdfium document is opened when a page is rendered and stays open until ``close()``
    (the preview closes it when it is hidden), so a forgotten dialog holds no pdfium memory.
    """

    def __init__(self, data: bytes) -> None:
        self.error = ""
        self._data = bytes(data)
        self._document: pdfium.PdfDocument | None = None
        self.sizes: list[tuple[float, float]] = []
        try:
            document = self._open()
        except pdfium.PdfiumError as exc:
            self.error = str(exc)
            return
        for index in range(len(document)):
            page = document[index]
            try:
                self.sizes.append((float(page.get_width()), float(page.get_height())))
            finally:
                page.close()
        self.close()

    def _open(self) -> pdfium.PdfDocument:
        if self._document is None:
            self._document = pdfium.PdfDocument(self._data)
        return self._document

    def __len__(self) -> int:
        return len(self.sizes)

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    def _render(self, index: int, scale: float, crop: tuple[float, float, float, float]) -> QImage:
        if not 0 <= index < len(self.sizes):
            raise IndexError(index)
        page = self._open()[index]
        try:
            bitmap = page.render(scale=scale, crop=crop, prefer_bgrx=True)
            try:
                # BGRx bytes are QImage's RGB32 (0xffRRGGBB) on little-endian machines.
                image = QImage(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB32,
                ).copy()
            finally:
                bitmap.close()
        finally:
            page.close()
        return image

    def render_width(self, index: int, width: int) -> QImage:
        """Page ``index`` (0-based) scaled to ``width`` pixels wide."""
        page_width, _ = self.sizes[index]
        return self._render(index, max(1, width) / page_width, (0, 0, 0, 0))

    def render_bands(self, index: int, dpi: float) -> Iterator[Band]:
        """Page ``index`` at ``dpi``, top to bottom, in bands of at most PRINT_BAND_PIXELS rows."""
        scale = dpi / 72
        _, page_height = self.sizes[index]
        height = math.ceil(page_height * scale)
        top = 0
        while top < height:
            bottom = min(height, top + PRINT_BAND_PIXELS)
            # pdfium rounds a crop up to whole pixels; nudging it down keeps bands seamless.
            crop_top = max(0.0, (top - 0.01) / scale)
            crop_bottom = max(0.0, (height - bottom - 0.01) / scale)
            yield Band(self._render(index, scale, (0, crop_bottom, 0, crop_top)), top, height)
            top = bottom
