"""The one way a page or dialog runs what the user asked for (as Anki's CollectionOp / QueryOp).

Two shapes, both with their callbacks on the GUI thread:

* :func:`run_action` — a change the user made: ``op(session)`` runs in ONE transaction
  (one transaction per user action). It is short, so it runs right here on the GUI thread
  and the page carries on with the result. ``success(result)`` is called after the commit;
  an :class:`~desktop.errors.AppError` (or a full disk) rolls the transaction back and goes
  to ``failure(err)``, or, without one, to a modal message in Chinese. Nothing is lost: the
  caller's form is still there.
* :func:`run_task` — long work (an export, an import's reading, printing a PDF, a sync):
  ``work(progress)`` runs on the application's one task manager (``ctx.tasks`` /
  :func:`desktop.ui.tasks.app_tasks`), off the GUI thread. With ``label`` a progress dialog
  with a Cancel button follows the work's ``progress(done, total)`` calls; cancelling stops
  the work at its next call (or drops its result, for work that reports nothing); then
  only ``cancelled()`` is called. Errors go to ``failure`` or to the
  Chinese message as above.

No other thread pool, ``QThread`` or ``threading.Thread`` may appear in ``desktop/ui``
(tests/unit/test_ui_task_runner.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.errors import AppError, as_app_error
from desktop.ui.tasks import Cancelled, Progress, app_tasks

if TYPE_CHECKING:
    from desktop.db import Database

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def error_text(err: BaseException) -> str:
    """The Chinese sentence for an error: the AppError's own, or "unexpected error: …"."""
    friendly = as_app_error(err)
    if friendly is not None:
        return str(friendly)
    return _tr("Unexpected error: %1").replace("%1", str(err))


def show_error(parent: QWidget, err: BaseException) -> None:
    """An error the user can act on: a modal message in Chinese, nothing lost."""
    QMessageBox.warning(parent, _tr("Cannot do this"), error_text(err))


def run_action(
    parent: QWidget,
    db: Database,
    op: Callable[[Any], T],
    *,
    success: Callable[[T], object] | None = None,
    failure: Callable[[AppError], object] | None = None,
) -> T | None:
    """Run ``op(session)`` in one transaction; the result, or ``None`` when it was refused."""
    try:
        with db.transaction() as s:
            result = op(s)
    except Exception as exc:
        friendly = as_app_error(exc)
        if friendly is None:
            raise  # a bug: the crash handler shows and logs it
        if failure is not None:
            failure(friendly)
        else:
            show_error(parent, friendly)
        return None
    if success is not None:
        success(result)
    return result


def run_task(
    parent: QWidget,
    work: Callable[[Progress], T],
    *,
    success: Callable[[T], object] | None = None,
    failure: Callable[[BaseException], object] | None = None,
    cancelled: Callable[[], object] | None = None,
    on_progress: Callable[[int, int, str], object] | None = None,
    label: str | None = None,
    key: str | None = None,
) -> Progress:
    """Run ``work(progress)`` on the task manager; ``success`` / ``failure`` on the GUI
    thread, not at all once ``parent`` is gone. ``label`` shows a progress dialog with
    Cancel; ``on_progress(done, total, text)`` follows the work in the caller's own
    widgets. Returns the task's :class:`Progress` (``.cancel()`` stops it)."""
    dialog: QProgressDialog | None = None
    if label is not None:
        dialog = QProgressDialog(label, _tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

    def finish() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def done(result: T) -> None:
        finish()
        if running.cancelled:  # the user pressed Cancel after the last progress call
            if cancelled is not None:
                cancelled()
            return
        if success is not None:
            success(result)

    def failed(exc: BaseException) -> None:
        finish()
        if isinstance(exc, Cancelled):
            if cancelled is not None:
                cancelled()
            return
        if failure is not None:
            failure(exc)
        else:
            show_error(parent, exc)

    def step(done_: int, total: int, text: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, done_, 1))
            dialog.setValue(done_)
        if on_progress is not None:
            on_progress(done_, total, text)

    running = app_tasks().run(
        work,
        on_done=done,
        on_error=failed,
        on_progress=step if dialog is not None or on_progress is not None else None,
        key=key,
        owner=parent,
    )
    if dialog is not None:
        dialog.canceled.connect(running.cancel)
    return running
