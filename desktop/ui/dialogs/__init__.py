"""Dialogs. Open a modal dialog with :func:`run_modal`, never with ``dialog.exec()`` alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``, then schedule the dialog's deletion.

    A dialog made with a parent (a page) is owned by that parent: without this, every dialog
    ever opened stayed alive until the window closed — about 1 MB each, found by the soak test
    (tests/ui/test_soak.py). The deletion happens when control returns to the event loop the
    caller runs in, so the caller may still read the dialog's fields after this returns.
    """
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def run_modal_until(dialog: QDialog, accept: Callable[[], bool]) -> bool:
    """Show ``dialog`` again until ``accept()`` takes what was typed (a refused form comes back
    with its values), then schedule its deletion. False when the user cancels."""
    try:
        while dialog.exec():
            if accept():
                return True
        return False
    finally:
        dialog.deleteLater()
