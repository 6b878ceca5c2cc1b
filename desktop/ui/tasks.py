"""Background work off the GUI thread, with every callback on the GUI thread.

One :class:`TaskManager` per application (``AppContext.tasks``), like Anki's ``taskman``:
``tasks.run(fn, on_done=..., on_error=..., on_progress=...)`` runs ``fn`` on a worker
thread; ``fn`` receives a :class:`Progress` it may call to report and to learn whether the
user cancelled. The callbacks get plain values (dataclasses), never ORM objects, and they
always run on the GUI thread.

Why this module is built the way it is (the crash after enrolling, issue 18):

* A worker thread must never hold the last reference to anything Qt. The worker takes the
  task's function out of the table, runs it, drops its own references and only then posts
  the outcome; the task (with its function and callbacks, which close over widgets) is
  removed and released on the GUI thread.
* Python's cyclic garbage collector runs in whichever thread happens to allocate when a
  threshold is crossed. A dialog that ended in a reference cycle (the sign-in dialog, a
  finished wizard) was then destroyed on a worker thread; its line edit's cursor timer
  printed ``QBasicTimer::stop: Failed. Possibly trying to stop from a different thread``
  and the process died. :class:`GarbageCollector` turns automatic collection off and
  collects on the GUI thread from a timer instead (Anki does the same).
* Results come back through one long-lived QObject that lives on the GUI thread; the worker
  only appends to a locked queue and emits a signal with no arguments (queued), so no Qt
  object is created, touched or destroyed off the GUI thread.
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal

from desktop.errors import as_app_error

log = logging.getLogger(__name__)

#: Workers kept for quick reads; more start (up to MAX_WORKERS) when every worker is busy,
#: so a search keystroke never waits behind a push to a slow server and an export.
WORKERS = 2
MAX_WORKERS = 6


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel (or a newer task replaced it)."""


def on_gui_thread() -> bool:
    """True on the thread that owns the QApplication (or when there is no application)."""
    app = QCoreApplication.instance()
    return app is None or QThread.currentThread() is app.thread()


def assert_gui_thread() -> None:
    if not on_gui_thread():
        raise RuntimeError(
            f"Qt objects touched from {threading.current_thread().name}, not the GUI thread"
        )


class Progress:
    """Handed to a task: call it to report progress (it raises :class:`Cancelled` once the
    task was cancelled); ``cancel()`` is called from the GUI thread."""

    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if self._report is not None:
            self._report(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass
class _Task:
    id: int
    fn: Callable[[Progress], Any] | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None
    progress: Progress = field(default_factory=Progress)
    key: str | None = None
    owner: QObject | None = None


class TaskManager(QObject):
    """Runs functions on worker threads; delivers their outcome on the GUI thread."""

    _wake = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        workers: int = WORKERS,
        max_workers: int = MAX_WORKERS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskManager")
        self._workers = workers
        self._max_workers = max(workers, max_workers)
        self._idle = 0  # workers waiting for a task
        self._lock = threading.Lock()
        self._work_ready = threading.Condition(self._lock)
        self._all_done = threading.Condition(self._lock)
        self._waiting: deque[int] = deque()
        self._tasks: dict[int, _Task] = {}
        self._outbox: deque[tuple[int, str, Any]] = deque()
        self._threads: list[threading.Thread] = []
        self._unfinished = 0  # queued or running on a worker
        self._ids = itertools.count(1)
        self._keys: dict[str, int] = {}
        self._closing = False
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------ GUI thread
    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        key: str | None = None,
        owner: QObject | None = None,
    ) -> Progress:
        """Start ``fn`` on a worker. With ``key``, an earlier task with the same key is
        cancelled and its result dropped (a search keystroke replaces the previous one).
        With ``owner``, nothing is delivered once that widget has been deleted."""
        assert_gui_thread()
        task_id = next(self._ids)

        def report(done: int, total: int, text: str) -> None:
            self._post(task_id, "progress", (done, total, text))

        task = _Task(
            task_id,
            fn,
            on_done,
            on_error,
            on_progress,
            Progress(report if on_progress is not None else None),
            key,
            owner,
        )
        with self._lock:
            if key is not None:
                older = self._tasks.get(self._keys.get(key, 0))
                if older is not None:
                    older.progress.cancel()
                self._keys[key] = task_id
            self._tasks[task_id] = task
            self._waiting.append(task_id)
            self._unfinished += 1
            self._threads = [t for t in self._threads if t.is_alive()]
            self._closing = False
            if self._needs_worker():
                self._start_worker()
            self._work_ready.notify()
        return task.progress

    def run_on_main(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` on the GUI thread soon (from any thread)."""
        with self._lock:
            self._outbox.append((0, "call", fn))
        self._wake.emit()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every running task, then deliver their callbacks (tests, shutdown)."""
        assert_gui_thread()
        timeout = None if msecs < 0 else msecs / 1000
        with self._lock:
            finished = self._all_done.wait_for(lambda: self._unfinished == 0, timeout)
        self._drain()
        return finished

    def busy(self) -> bool:
        with self._lock:
            return self._unfinished > 0

    def shutdown(self) -> None:
        """Cancel what is running and stop the workers (at quit)."""
        with self._lock:
            self._closing = True
            for task in self._tasks.values():
                task.progress.cancel()
            self._work_ready.notify_all()

    def _drain(self) -> None:
        assert_gui_thread()
        while True:
            with self._lock:
                if not self._outbox:
                    return
                task_id, kind, value = self._outbox.popleft()
                task = self._tasks.get(task_id)
                if kind in ("done", "failed"):
                    self._tasks.pop(task_id, None)
                    if task is not None and task.key and self._keys.get(task.key) == task_id:
                        del self._keys[task.key]
            if kind == "call":
                value()
                continue
            if task is None:
                continue
            if task.progress.cancelled and task.key is not None:
                continue  # replaced by a newer task with the same key: stale, dropped
            if task.owner is not None and not shiboken6.isValid(task.owner):
                continue  # the page or dialog that asked is gone
            if kind == "progress":
                if task.on_progress is not None:
                    task.on_progress(*value)
            elif kind == "done":
                if task.on_done is not None:
                    task.on_done(value)
            elif task.on_error is not None:
                task.on_error(value)
            elif not isinstance(value, Cancelled):
                log.error("background task failed: %r", value)

    # ------------------------------------------------------------------ workers
    def _needs_worker(self) -> bool:
        """Under the lock: whether a waiting task would otherwise wait behind busy workers
        (the steady pool is ``workers``; beyond it only while all are busy)."""
        alive = len(self._threads)
        if alive < min(self._workers, self._unfinished):
            return True
        return len(self._waiting) > self._idle and alive < self._max_workers

    def _start_worker(self) -> None:
        thread = threading.Thread(
            target=self._worker, name=f"yishi-task-{len(self._threads) + 1}", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _post(self, task_id: int, kind: str, value: Any) -> None:
        with self._lock:
            self._outbox.append((task_id, kind, value))
        self._wake.emit()

    def _worker(self) -> None:
        while True:
            with self._lock:
                if not self._waiting and len(self._threads) > self._workers:
                    return self._leave()  # an extra worker: the burst is over
                self._idle += 1
                self._work_ready.wait_for(lambda: bool(self._waiting) or self._closing)
                self._idle -= 1
                if not self._waiting:
                    return self._leave()
                task_id = self._waiting.popleft()
                task = self._tasks[task_id]
                fn, progress = task.fn, task.progress
                task.fn = None  # the GUI thread keeps (and finally drops) everything else
                del task
            kind, value = self._call(fn, progress)
            del fn, progress
            with self._lock:
                self._outbox.append((task_id, kind, value))
                del value
                self._unfinished -= 1
                if self._unfinished == 0:
                    self._all_done.notify_all()
            self._wake.emit()

    def _leave(self) -> None:
        """Under the lock: this worker stops."""
        me = threading.current_thread()
        if me in self._threads:
            self._threads.remove(me)

    @staticmethod
    def _call(fn: Callable[[Progress], Any] | None, progress: Progress) -> tuple[str, Any]:
        assert fn is not None
        try:
            if progress.cancelled:
                raise Cancelled()
            return "done", fn(progress)
        except BaseException as exc:  # handed to on_error on the GUI thread
            if not isinstance(exc, Cancelled):
                log.exception("background task failed")
            # A full disk reaches the page as the AppError that says so, in Chinese.
            return "failed", as_app_error(exc) or exc


class GarbageCollector(QObject):
    """Collect reference cycles on the GUI thread only.

    Automatic collection is switched off; a timer collects the youngest generation when
    enough objects were allocated, the older ones as their own thresholds say. Without
    this a worker thread that allocates could trigger a collection that destroys a dialog
    still waiting in a cycle — a Qt object destroyed on the wrong thread.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("garbageCollector")
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        assert_gui_thread()
        gen0, gen1, gen2 = gc.get_count()
        if gen0 > self.threshold[0]:
            gc.collect(0)
            if gen1 > self.threshold[1]:
                gc.collect(1)
                if gen2 > self.threshold[2]:
                    gc.collect(2)

    def settle(self) -> None:
        """Call once the window is up: what start-up made lives as long as the program, so it
        moves out of the collector's way (a full collection then walks only newer objects
        and never holds the GUI thread for long)."""
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


def install_garbage_collector(app: QCoreApplication) -> GarbageCollector:
    existing = app.findChild(GarbageCollector, "garbageCollector")
    if isinstance(existing, GarbageCollector):
        return existing
    return GarbageCollector(app)


def app_tasks() -> TaskManager:
    """The application's one task manager (made on first use, owned by the application)."""
    app = QCoreApplication.instance()
    assert app is not None, "a QApplication must exist before background work"
    existing = app.findChild(TaskManager, "taskManager")
    if isinstance(existing, TaskManager):
        return existing
    return TaskManager(app)
