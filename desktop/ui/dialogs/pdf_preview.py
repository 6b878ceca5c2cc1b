"""Preview any PDF (bytes or a file) as page images, print it through QPrinter, or save it.

Generic on purpose: meeting papers, ballots, ledgers and reports all open this dialog. Pages
are rendered by pdfium (:mod:`desktop.ui.pdf_render`) only when they scroll into view, at the
width the zoom asks for; printing renders each page again at the printer's resolution.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, as_app_error
from desktop.fileio import write_bytes_atomically
from desktop.ui.dialogs import run_modal
from desktop.ui.pdf_render import PdfPages
from desktop.ui.screen_fit import fit_to_screen

PAGE_GAP = 12
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


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
        self.pages = PdfPages(self.pdf_bytes)
        # None: fit the page width to the window; otherwise screen pixels per PDF point.
        self.zoom: float | None = None
        self.whole_page = False

        self.page_area = QScrollArea(self)
        self.page_area.setObjectName("pdf_view")
        self.page_area.setWidgetResizable(False)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_area.setStyleSheet("QScrollArea#pdf_view { background: #808080; }")
        self.canvas = QWidget()
        self.canvas.setStyleSheet("background: #808080;")
        canvas_layout = QVBoxLayout(self.canvas)
        canvas_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        canvas_layout.setSpacing(PAGE_GAP)
        self.page_labels: list[QLabel] = []
        for _ in range(len(self.pages)):
            label = QLabel(self.canvas)
            label.setStyleSheet("background: white;")
            label.setProperty("rendered_width", 0)
            canvas_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        if not self.page_labels:
            problem = QLabel(self.tr("This PDF cannot be shown."), self.canvas)
            problem.setObjectName("pdf_problem")
            problem.setStyleSheet("background: white; padding: 24px;")
            canvas_layout.addWidget(problem)
        self.page_area.setWidget(self.canvas)
        self.page_area.verticalScrollBar().valueChanged.connect(self._render_visible)
        self.page_area.horizontalScrollBar().valueChanged.connect(self._render_visible)

        self.pages_label = QLabel(self.tr("%1 pages").replace("%1", str(self.page_count())))
        self.zoom_label = QLabel()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setEnabled(self.page_count() > 0)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.fit_button = QPushButton(self.tr("Whole page"))
        self.fit_button.setCheckable(True)
        self.zoom_out_button = QPushButton(self.tr("Zoom out"))
        self.zoom_out_button.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_button = QPushButton(self.tr("Zoom in"))
        self.zoom_in_button.setShortcut(QKeySequence.StandardKey.ZoomIn)
        close_button = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.fit_button.toggled.connect(self._fit)
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for w in (
            self.print_button,
            self.save_button,
            self.fit_button,
            self.zoom_out_button,
            self.zoom_in_button,
            self.zoom_label,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.page_area, 1)
        self._relayout()

    def page_count(self) -> int:
        return len(self.pages)

    # -- zoom and layout ------------------------------------------------------------------
    def _fit(self, whole: bool) -> None:
        self.whole_page = whole
        self.zoom = None
        self._relayout()

    def effective_zoom(self) -> float:
        """Screen pixels per PDF point at the current zoom."""
        if self.zoom is not None:
            return self.zoom
        if not self.pages.sizes:
            return 1.0
        viewport = self.page_area.viewport().size()
        bar = self.page_area.verticalScrollBar().sizeHint().width()
        width = max(50, viewport.width() - 2 * PAGE_GAP - (0 if self.whole_page else bar))
        widest = max(w for w, _ in self.pages.sizes)
        zoom = width / widest
        if self.whole_page:
            tallest = max(h for _, h in self.pages.sizes)
            zoom = min(zoom, max(50, viewport.height() - 2 * PAGE_GAP) / tallest)
        return zoom

    def zoom_by(self, factor: float) -> None:
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.effective_zoom() * factor))
        self.fit_button.blockSignals(True)
        self.fit_button.setChecked(False)
        self.fit_button.blockSignals(False)
        self.whole_page = False
        self._relayout()

    def _relayout(self) -> None:
        zoom = self.effective_zoom()
        self.zoom_label.setText(f"{round(zoom * 100 * 72 / self.logicalDpiX())}%")
        for label, (width, height) in zip(self.page_labels, self.pages.sizes, strict=True):
            label.setFixedSize(max(1, round(width * zoom)), max(1, round(height * zoom)))
        self.canvas.adjustSize()
        self._render_visible()

    def _render_visible(self) -> None:
        """Render the pages that intersect the visible part of the canvas (plus one screen)."""
        viewport = self.page_area.viewport()
        top = -self.canvas.y() - viewport.height()
        bottom = -self.canvas.y() + 2 * viewport.height()
        ratio = self.devicePixelRatioF()
        for index, label in enumerate(self.page_labels):
            geometry = label.geometry()
            if geometry.bottom() < top or geometry.top() > bottom:
                continue
            width = round(label.width() * ratio)
            if label.property("rendered_width") == width:
                continue
            pixmap = QPixmap.fromImage(self.pages.render_width(index, width))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setProperty("rendered_width", width)

    def rendered_pages(self) -> list[int]:
        """Indexes of the pages currently shown as images (the rest are not rendered yet)."""
        return [i for i, label in enumerate(self.page_labels) if label.property("rendered_width")]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._relayout()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.pages.close()  # reopened if the dialog is shown or printed again

    # -- save and print -------------------------------------------------------------------
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
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render every page (or the chosen range) at the printer's resolution; returns pages printed."""
        if not self.page_count():
            return 0
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:
            first, last = 1, self.page_count()
        first, last = max(1, first), min(self.page_count(), last)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            dpi = printer.resolution()
            for page in range(first - 1, last):
                if printed:
                    printer.newPage()
                width_pt, height_pt = self.pages.sizes[page]
                target = painter.viewport()
                # Keep the page's proportions inside the printable area, top-left aligned.
                scale = min(target.width() / width_pt, target.height() / height_pt)
                for band in self.pages.render_bands(page, dpi):
                    pixels_to_target = height_pt * scale / band.page_height
                    top = target.top() + band.top * pixels_to_target
                    painter.drawImage(
                        QRectF(
                            target.left(),
                            top,
                            width_pt * scale,
                            band.image.height() * pixels_to_target,
                        ),
                        band.image,
                    )
                printed += 1
        finally:
            painter.end()
            if not self.isVisible():
                self.pages.close()
        return printed
