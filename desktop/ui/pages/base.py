"""Base class of every navigation page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from desktop.errors import AppError
from desktop.ui import actions
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress

T = TypeVar("T")


class Page(QWidget):
    """A page of the main window. ``activate`` runs each time the page is shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def activate(self) -> None:
        """Refresh what the page shows; cheap (the first page of a list, not the whole table)."""

    def show_error(self, err: BaseException) -> None:
        """An AppError the user can act on: a modal message in Chinese, nothing lost."""
        actions.show_error(self, err)

    def run_action(
        self,
        op: Callable[[Any], T],
        *,
        success: Callable[[T], object] | None = None,
        failure: Callable[[AppError], object] | None = None,
        done: str = "",
    ) -> T | None:
        """A change in one transaction (see :func:`desktop.ui.actions.run_action`);
        ``done`` goes to the status bar once it is committed; a refusal goes to ``failure``
        or to :meth:`show_error`."""

        def succeeded(result: T) -> None:
            if done:
                self.ctx.status(done)
            if success is not None:
                success(result)

        return actions.run_action(
            self, self.ctx.db, op, success=succeeded, failure=failure or self.show_error
        )

    def run_task(
        self,
        work: Callable[[Progress], T],
        *,
        success: Callable[[T], object] | None = None,
        failure: Callable[[BaseException], object] | None = None,
        cancelled: Callable[[], object] | None = None,
        on_progress: Callable[[int, int, str], object] | None = None,
        label: str | None = None,
        key: str | None = None,
    ) -> Progress:
        """Long work on the task manager (see :func:`desktop.ui.actions.run_task`)."""
        return actions.run_task(
            self,
            work,
            success=success,
            failure=failure or self.show_error,
            cancelled=cancelled,
            on_progress=on_progress,
            label=label,
            key=key,
        )
