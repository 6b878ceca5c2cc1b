"""Load the Qt translations: our compiled zh_CN catalogue plus Qt's own strings."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.i18n import TRANSLATIONS_DIR, current_language

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str | None = None) -> bool:
    """Install translators for ``language`` (default zh_CN). Returns whether ours loaded."""
    language = language or current_language()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.China))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase",):
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", qt_dir):
            app.installTranslator(translator)
            _installed.append(translator)
    ours = QTranslator(app)
    loaded = ours.load(f"yishi_{language}", str(TRANSLATIONS_DIR))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation yishi_%s not found in %s", language, TRANSLATIONS_DIR)
    return loaded
