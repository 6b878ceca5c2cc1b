"""Background work hands results to the GUI thread only (issue 18: the crash after enrolling)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from desktop.ui.tasks import (
    Cancelled,
    GarbageCollector,
    Progress,
    TaskManager,
    app_tasks,
    assert_gui_thread,
)


def _gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


class ThreadChecker:
    """Records, for every callback, whether it ran on the GUI thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool, Any]] = []

    def __call__(self, name: str) -> Any:
        def callback(*args: Any) -> None:
            self.calls.append((name, QThread.currentThread() is _gui_thread(), args))

        return callback

    def all_on_gui_thread(self) -> bool:
        return all(on_gui for _name, on_gui, _args in self.calls)


def test_callbacks_run_on_the_gui_thread(qtbot: QtBot) -> None:
    tasks = TaskManager()
    check = ThreadChecker()
    worker_threads: list[str] = []

    def work(progress: Progress) -> int:
        worker_threads.append(threading.current_thread().name)
        for i in range(5):
            progress(i, 5, "step")
        return 42

    def fail(_progress: Progress) -> int:
        raise ValueError("boom")

    for _ in range(20):
        tasks.run(work, on_done=check("done"), on_progress=check("progress"))
        tasks.run(fail, on_error=check("failed"))
    assert tasks.wait(30_000)
    qtbot.waitUntil(lambda: sum(1 for c in check.calls if c[0] != "progress") == 40)
    assert threading.main_thread().name not in worker_threads  # the work ran elsewhere
    assert check.all_on_gui_thread()
    assert [c[2] for c in check.calls if c[0] == "done"] == [(42,)] * 20
    assert all(isinstance(c[2][0], ValueError) for c in check.calls if c[0] == "failed")


def test_run_refuses_to_be_called_from_a_worker() -> None:
    result: list[BaseException] = []

    def from_worker() -> None:
        try:
            assert_gui_thread()
        except RuntimeError as exc:
            result.append(exc)

    thread = threading.Thread(target=from_worker)
    thread.start()
    thread.join()
    assert result, "assert_gui_thread must refuse a worker thread"


def test_a_newer_task_with_the_same_key_drops_the_stale_result(qtbot: QtBot) -> None:
    tasks = TaskManager()
    release = threading.Event()
    seen: list[str] = []

    def slow(_progress: Progress) -> str:
        release.wait(10)
        return "old"

    tasks.run(slow, on_done=seen.append, key="search")
    tasks.run(lambda _p: "new", on_done=seen.append, key="search")
    release.set()
    assert tasks.wait(10_000)
    assert seen == ["new"]


def test_a_quick_read_does_not_wait_behind_long_work(qtbot: QtBot) -> None:
    """A push to a slow server and an export hold both steady workers; a search keystroke
    still answers (the CI flake of the roster search box: it waited behind leftover work)."""
    tasks = TaskManager(workers=2, max_workers=4)
    release = threading.Event()
    seen: list[str] = []
    for _ in range(2):
        tasks.run(lambda _p: release.wait(30))
    tasks.run(lambda _p: "found", on_done=seen.append, key="search")
    qtbot.waitUntil(lambda: seen == ["found"], timeout=5000)
    release.set()
    assert tasks.wait(10_000)
    # The burst over, the extra worker leaves; the steady ones stay for the next read.
    qtbot.waitUntil(lambda: len([t for t in tasks._threads if t.is_alive()]) == 2)


def test_the_pool_stops_growing_at_its_cap(qtbot: QtBot) -> None:
    tasks = TaskManager(workers=1, max_workers=2)
    release = threading.Event()
    running = threading.Semaphore(0)
    peak: list[int] = []

    def hold(_progress: Progress) -> None:
        running.release()
        release.wait(30)

    for _ in range(4):
        tasks.run(hold)
    assert running.acquire(timeout=10) and running.acquire(timeout=10)
    assert not running.acquire(timeout=0.3)  # the third waits: two workers at most
    peak.append(len(tasks._threads))
    release.set()
    assert tasks.wait(10_000)
    assert peak == [2]


def test_cancel_reaches_on_error_as_cancelled(qtbot: QtBot) -> None:
    tasks = TaskManager()
    started = threading.Event()
    errors: list[BaseException] = []

    def long(progress: Progress) -> None:
        started.set()
        while True:
            progress(0)

    running = tasks.run(long, on_error=errors.append)
    assert started.wait(10)
    running.cancel()
    assert tasks.wait(10_000)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)


def test_nothing_is_delivered_to_a_deleted_owner(qtbot: QtBot) -> None:
    tasks = TaskManager()
    owner = QObject()
    release = threading.Event()
    seen: list[object] = []
    tasks.run(lambda _p: release.wait(10), on_done=seen.append, owner=owner)
    import shiboken6

    shiboken6.delete(owner)
    release.set()
    assert tasks.wait(10_000)
    assert seen == []


def test_the_application_has_one_task_manager(qtbot: QtBot) -> None:
    assert app_tasks() is app_tasks()


class _Cyclic(QDialog):
    """A dialog stuck in a reference cycle, like a finished sign-in dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.me = self
        self.edit = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.edit)


def _drop_cyclic_dialog(destroyed_on: list[str]) -> None:
    dialog = _Cyclic()
    weakref.finalize(dialog, lambda: destroyed_on.append(threading.current_thread().name))
    del dialog


def _allocate(_progress: Progress) -> int:
    """Work that allocates like a real task (an HTTP exchange, an import)."""
    junk = [[i] for i in range(200_000)]
    return len(junk)


def test_garbage_with_qt_objects_is_collected_on_the_gui_thread(qtbot: QtBot) -> None:
    """The crash: a worker's allocations triggered Python's collector on the worker thread,
    which destroyed a dialog waiting in a reference cycle there (QBasicTimer::stop: Failed…,
    then a segmentation fault). With the collector on the GUI thread it cannot happen."""
    gc.collect()
    gc_object = GarbageCollector(interval_ms=10)
    try:
        destroyed_on: list[str] = []
        _drop_cyclic_dialog(destroyed_on)
        tasks = TaskManager()
        for _ in range(3):
            tasks.run(_allocate)
        assert tasks.wait(30_000)
        assert destroyed_on == []  # not collected on a worker
        keep = [[i] for i in range(2_000)]  # the GUI thread goes on allocating
        qtbot.waitUntil(lambda: bool(destroyed_on), timeout=10_000)
        assert destroyed_on == [threading.main_thread().name]
        assert len(keep) == 2_000
    finally:
        gc_object.stop()
        gc_object.deleteLater()


def test_without_the_collector_a_worker_would_destroy_the_dialog(qtbot: QtBot) -> None:
    """Shows the cause: automatic collection runs on whichever thread allocates."""
    gc.collect()
    assert gc.isenabled()
    destroyed_on: list[str] = []

    class Cycle:  # plain Python here: destroying a real dialog off the GUI thread may crash
        def __init__(self) -> None:
            self.me = self

    cycle = Cycle()
    weakref.finalize(cycle, lambda: destroyed_on.append(threading.current_thread().name))
    del cycle

    def collect_in_worker() -> None:
        _allocate(Progress())

    thread = threading.Thread(target=collect_in_worker, name="not-the-gui-thread")
    thread.start()
    thread.join()
    # The cycle was collected by the worker's allocations, on the worker.
    assert destroyed_on == ["not-the-gui-thread"]
