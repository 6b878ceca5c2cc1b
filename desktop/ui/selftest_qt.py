"""The Qt half of ``yishi --self-test`` (called lazily from :mod:`desktop.selftest`).

Proves that the pieces an installed copy needs from Qt are really there: a platform plugin,
our compiled ``yishi_<lang>.qm`` (it must translate a string taken from the ``.ts`` source it
was compiled from), Qt's own ``qtbase`` translation, pdfium (renders the self-test PDF, as the print preview
does) and
QtPrintSupport (a PDF printer can be set up).
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desktop.errors import SelfTestFailure
from desktop.i18n import N_, TRANSLATIONS_DIR, current_language, gettext


def _t(template: str, **params: object) -> str:
    text = gettext(template)
    return text.format(**params) if params else text


def _ensure_app() -> QCoreApplication:
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is not None:
        return app
    headless = (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication(["yishi", "--self-test"])


def known_message(ts_file: Path) -> tuple[str, str, str] | None:
    """(context, source, translation) of the first finished message in a Qt .ts file."""
    root = ET.parse(ts_file).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or not (translation.text or "").strip():
                continue
            if translation.get("type") in {"unfinished", "obsolete", "vanished"}:
                continue
            if message.get("numerus") == "yes":
                continue
            return name, source, translation.text or ""
    return None


def check_translations(app: QCoreApplication, language: str) -> str:
    qm = TRANSLATIONS_DIR / f"yishi_{language}.qm"
    translator = QTranslator(app)
    if not translator.load(qm.stem, str(TRANSLATIONS_DIR)) or translator.isEmpty():
        raise SelfTestFailure(_t(N_("The compiled translation {path} does not load"), path=qm))
    ts = TRANSLATIONS_DIR / f"yishi_{language}.ts"
    sample = known_message(ts) if ts.is_file() else None
    if sample is None:
        raise SelfTestFailure(_t(N_("No translated message found in {path}"), path=ts))
    context, source, expected = sample
    got = translator.translate(context, source)
    if got != expected:
        raise SelfTestFailure(
            _t(
                N_('Qt translates "{source}" as "{got}", expected "{expected}"'),
                source=source,
                got=got,
                expected=expected,
            )
        )
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if not qtbase.load(f"qtbase_{language}", qt_dir):
        raise SelfTestFailure(
            _t(
                N_("Qt's own translation qtbase_{language} is missing from {path}"),
                language=language,
                path=qt_dir,
            )
        )
    return _t(N_('"{source}" → "{got}"'), source=source, got=got)


def check_pdf_view(pdf: bytes) -> str:
    from desktop.ui.pdf_render import PdfPages

    pages = PdfPages(pdf)
    try:
        if len(pages) != 1:
            raise SelfTestFailure(
                _t(
                    N_("pdfium could not open the self-test PDF ({status})"),
                    status=pages.error or len(pages),
                )
            )
        image = pages.render_width(0, 298)
    finally:
        pages.close()
    if image.isNull():
        raise SelfTestFailure(_t(N_("pdfium rendered an empty page")))
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixelColor(x, y).lightness() < 100
    )
    if dark == 0:
        raise SelfTestFailure(_t(N_("pdfium rendered a blank page")))
    return _t(N_("pdfium rendered the page"))


def check_printing() -> str:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    if not printer.isValid():
        raise SelfTestFailure(_t(N_("Qt print support is not usable")))
    return _t(N_("print support ready"))


def check_pages() -> str:
    """Every navigation page's module imports (a bundle missing a Qt module fails here)."""
    import importlib

    from desktop.ui.main_window import PAGES

    for spec in PAGES:
        module = importlib.import_module(spec.module)
        if not hasattr(module, spec.cls):
            raise SelfTestFailure(
                _t(N_("Page {page} has no class {cls}"), page=spec.module, cls=spec.cls)
            )
    return _t(N_("{count} pages load"), count=len(PAGES))


def check_qt(pdf: bytes | None) -> str:
    app = _ensure_app()
    from PySide6.QtGui import QGuiApplication

    details = [_t(N_("platform {name}"), name=QGuiApplication.platformName())]
    language = current_language()
    if language != "en":
        details.append(check_translations(app, language))
    if pdf is None:
        raise SelfTestFailure(_t(N_("No PDF to open (the PDF check failed)")))
    details.append(check_pdf_view(pdf))
    details.append(check_printing())
    details.append(check_pages())
    return "; ".join(details)
