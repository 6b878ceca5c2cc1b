"""Background work off the GUI thread, with success/failure callbacks on the GUI thread.

Anki-style: ``tasks.run(fn, on_done=..., on_error=...)``. ``fn`` receives a ``Progress``
it may call to report and to learn whether the user cancelled. The callbacks get plain
values (dataclasses), never ORM objects.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.errors import as_app_error

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


class Progress:
    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.progress = Progress(signals)
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as exc:  # handed to on_error on the GUI thread
            if not isinstance(exc, Cancelled):
                log.exception("background task failed")
            # A full disk reaches the page as the AppError that says so, in Chinese.
            self.signals.failed.emit(as_app_error(exc) or exc)
        else:
            self.signals.done.emit(result)


class TaskManager(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._live: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Progress:
        signals = _Signals()
        self._live.add(signals)
        job = _Job(fn, signals)

        def finished(value: Any, cb: Callable[[Any], None] | None) -> None:
            self._live.discard(signals)
            if cb is not None:
                cb(value)

        signals.done.connect(lambda v: finished(v, on_done))
        signals.failed.connect(lambda e: finished(e, on_error))
        if on_progress is not None:
            signals.progress.connect(on_progress)
        self.pool.start(job)
        return job.progress

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)
