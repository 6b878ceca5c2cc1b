"""Preview any PDF (bytes or a file) with QtPdf, print it through QPrinter, or save it.

Generic on purpose: meeting papers, ballots, ledgers and reports all open this dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, as_app_error
from desktop.fileio import write_bytes_atomically
from desktop.ui.screen_fit import fit_to_screen


class PdfPreviewDialog(QDialog):
    """``PdfPreviewDialog(pdf, title, suggested_name)``: ``pdf`` is the PDF's bytes or a path."""

    def __init__(
        self,
        pdf: bytes | str | Path,
        title: str = "",
        suggested_name: str = "document.pdf",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Print preview"))
        fit_to_screen(self, 900, 1000)
        self.pdf_bytes = Path(pdf).read_bytes() if isinstance(pdf, str | Path) else bytes(pdf)
        self.suggested_name = suggested_name
        self.save_folder = Path.home()

        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.pages_label = QLabel(self.tr("%1 pages").replace("%1", str(self.document.pageCount())))
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.fit_button = QPushButton(self.tr("Whole page"))
        self.fit_button.setCheckable(True)
        close_button = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.fit_button.toggled.connect(self._fit)
        close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for w in (self.print_button, self.save_button, self.fit_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def page_count(self) -> int:
        return self.document.pageCount()

    def _fit(self, whole: bool) -> None:
        self.view.setZoomMode(
            QPdfView.ZoomMode.FitInView if whole else QPdfView.ZoomMode.FitToWidth
        )

    def save_to(self, path: Path) -> Path:
        path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
        return write_bytes_atomically(path, self.pdf_bytes)

    def save_as(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(self.save_folder / self.suggested_name),
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return
        try:
            self.save_to(Path(name))
        except (OSError, AppError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), str(as_app_error(exc) or exc))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render every page (or the chosen range) at the printer's resolution; returns pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:
            first, last = 1, self.page_count()
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            dpi = printer.resolution()
            for page in range(first - 1, last):
                if printed:
                    printer.newPage()
                size_pt = self.document.pagePointSize(page)
                size = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
                image = self.document.render(page, size, QPdfDocumentRenderOptions())
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                printed += 1
        finally:
            painter.end()
        return printed
