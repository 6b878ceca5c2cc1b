"""Base class of every navigation page."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import as_app_error
from desktop.ui.context import AppContext


class Page(QWidget):
    """A page of the main window. ``activate`` runs each time the page is shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def activate(self) -> None:
        """Refresh what the page shows; cheap (the first page of a list, not the whole table)."""

    def show_error(self, err: BaseException) -> None:
        """An AppError the user can act on: a modal message in Chinese, nothing lost."""
        friendly = as_app_error(err)
        text = (
            str(friendly)
            if friendly is not None
            else self.tr("Unexpected error: %1").replace("%1", str(err))
        )
        QMessageBox.warning(self, self.tr("Cannot do this"), text)
