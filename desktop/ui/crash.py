"""Last-resort handling: log every uncaught exception and tell the user where the log is.

Dialogs stay open under the message box, so whatever the user was typing is still there.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.errors import as_app_error

log = logging.getLogger("yishi")


def setup_logging(log_file: Path) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def qt_messages(mode: QtMsgType, _context: object, message: str) -> None:
        level = logging.WARNING if mode != QtMsgType.QtDebugMsg else logging.DEBUG
        logging.getLogger("qt").log(level, message)

    qInstallMessageHandler(qt_messages)


def install_excepthook(log_file: Path) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if QApplication.instance() is None:
            return
        friendly = as_app_error(exc)
        if friendly is not None:
            text = str(friendly)
        else:
            text = QCoreApplication.translate(
                "Crash",
                "Something went wrong inside Yishi. Your data is safe: every finished action "
                "was saved. Details were written to the log file:\n%1",
            ).replace("%1", str(log_file))
        title = QCoreApplication.translate("Crash", "Error")
        box = QMessageBox(QMessageBox.Icon.Critical, title, text)
        box.setDetailedText("".join(traceback.format_exception_only(exc_type, exc)))
        box.exec()

    sys.excepthook = hook
