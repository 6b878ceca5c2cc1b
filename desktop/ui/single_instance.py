"""One running copy per data directory; a second copy brings the first one forward.

A :class:`QLockFile` in the data directory decides who runs (it notices a crashed copy's
stale lock by its process id). A second copy leaves a request file (``yishi.raise``) beside
it and exits; the running copy looks for that file twice a second, removes it and comes
forward. (A local socket would do the same, but QtNetwork is left out of the installed
bundle; the request file needs nothing but QtCore.) Two data directories — the demo and the
real one — are independent.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from desktop.fileio import atomic_path

log = logging.getLogger(__name__)

LOCK_NAME = "yishi.lock"
REQUEST_NAME = "yishi.raise"
POLL_MS = 500


class SingleInstance(QObject):
    """``acquire()`` → True: this is the only copy (and it now listens); False: another copy
    runs and has been asked to come forward."""

    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.request = data_dir / REQUEST_NAME
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # only a dead process's lock is stale
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check_requests)

    def acquire(self) -> bool:
        if not self.lock.tryLock(200):
            self._ask_running_copy()
            return False
        self.request.unlink(missing_ok=True)  # left by a request nobody answered
        self.timer.start()
        return True

    def release(self) -> None:
        self.timer.stop()
        self.lock.unlock()

    def _ask_running_copy(self) -> None:
        try:
            with atomic_path(self.request) as tmp:
                Path(tmp).write_text(f"{os.getpid()}\n", encoding="utf-8")
        except OSError:
            log.warning("cannot ask the running copy in %s to come forward", self.data_dir)

    def check_requests(self) -> None:
        if self.request.exists():
            self.request.unlink(missing_ok=True)
            self.activated.emit()
