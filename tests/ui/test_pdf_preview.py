"""The print preview renders PDFs with pdfium (pypdfium2): pages as images in a scrolling
view, zoom, printing through QPrinter at the printer's resolution, saving."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from desktop.ui import pdf_render
from desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def chinese(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.i18n import install_translators

    install_translators(QApplication.instance())  # type: ignore[arg-type]


def make_pdf(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica", 40)
        c.drawString(72, 760, f"Page {n + 1}")
        c.rect(72, 72, 450, 600, fill=1)  # a black block filling most of the page
        c.showPage()
    c.save()
    return out.getvalue()


def dark_fraction(image_pdf: bytes, page: int) -> float:
    document = pdfium.PdfDocument(image_pdf)
    try:
        bitmap = document[page].render(scale=0.2, grayscale=True)
        data = bytes(bitmap.buffer)
        dark = sum(
            1
            for row in range(bitmap.height)
            for b in data[row * bitmap.stride :][: bitmap.width]
            if b < 100
        )
        return dark / (bitmap.width * bitmap.height)
    finally:
        document.close()


def test_pages_render_only_when_they_scroll_into_view(qtbot: QtBot) -> None:
    dialog = PdfPreviewDialog(make_pdf(12), "会议材料", "papers.pdf")
    qtbot.addWidget(dialog)
    dialog.resize(800, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count() == 12
    assert dialog.pages_label.text() == "共 12 页"
    shown = dialog.rendered_pages()
    assert 0 in shown and 11 not in shown
    dialog.page_area.verticalScrollBar().setValue(dialog.page_area.verticalScrollBar().maximum())
    assert 11 in dialog.rendered_pages()
    # fit to width: the page is as wide as the view leaves room for
    first = dialog.page_labels[0]
    assert (
        dialog.page_area.viewport().width() - 60
        < first.width()
        <= dialog.page_area.viewport().width()
    )
    # the image holds what the page shows: the black block is there
    image = first.pixmap().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).lightness() < 50


def test_zoom_in_out_and_whole_page(qtbot: QtBot) -> None:
    dialog = PdfPreviewDialog(make_pdf(2), "选票", "ballots.pdf")
    qtbot.addWidget(dialog)
    dialog.resize(800, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.page_labels[0]
    fit_width = label.width()
    dialog.zoom_in_button.click()
    assert label.width() == pytest.approx(fit_width * 1.25, abs=2)
    assert label.pixmap().width() == pytest.approx(
        label.width() * dialog.devicePixelRatioF(), abs=1
    )
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert label.width() < fit_width
    dialog.fit_button.setChecked(True)  # whole page: the page's height fits the view
    assert label.height() <= dialog.page_area.viewport().height()
    dialog.fit_button.setChecked(False)
    assert label.width() == fit_width


def test_print_at_printer_resolution_in_bands(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bands: list[tuple[int, float]] = []
    original = pdf_render.PdfPages.render_bands

    def spy(self: pdf_render.PdfPages, index: int, dpi: float):  # type: ignore[no-untyped-def]
        for band in original(self, index, dpi):
            bands.append((band.image.height(), dpi))
            yield band

    monkeypatch.setattr(pdf_render.PdfPages, "render_bands", spy)
    dialog = PdfPreviewDialog(make_pdf(3), "签到表", "signin.pdf")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(300)  # an office laser printer's; 1200 only makes the test slow
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer) == 2
    assert {dpi for _, dpi in bands} == {printer.resolution()}
    assert max(h for h, _ in bands) <= pdf_render.PRINT_BAND_PIXELS
    # the bands add up to the whole page at that resolution, without gaps or overlaps
    page_rows = round(A4[1] / 72 * printer.resolution())
    assert sum(h for h, _ in bands) == pytest.approx(2 * page_rows, abs=2)
    printed = (tmp_path / "printed.pdf").read_bytes()
    document = pdfium.PdfDocument(printed)
    assert len(document) == 2
    document.close()
    # the black block came out (about half the sheet; the printable area leaves margins)
    assert 0.4 < dark_fraction(printed, 0) < 0.6


def test_unreadable_pdf_says_so_and_can_still_be_saved(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(b"not a pdf", "坏文件", "bad.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 0
    assert not dialog.print_button.isEnabled()
    problem = dialog.findChild(type(dialog.pages_label), "pdf_problem")
    assert problem is not None and problem.text() == "无法显示此 PDF 文件。"
    assert dialog.save_to(tmp_path / "bad").read_bytes() == b"not a pdf"
