"""A damaged database at start, and SQLite's ``quick_check`` after the window shows.

At start a file that is empty where a database existed, cut short, or whose pages are broken
is never replaced by a fresh database: the clerk is told what is wrong, in Chinese, and may
restore the newest good backup (or one they choose), start an empty database after all, or
quit. The damaged file is always kept (``backups/damaged-…``).

After the window shows, ``quick_check`` runs off the GUI thread; if it fails, a warning
offers the same restore (Yishi then closes the database, restores, and asks to be started
again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop import dbfile
from desktop.config import Paths
from desktop.errors import AppError
from desktop.i18n import N_, gettext
from desktop.ui.dialogs import run_modal
from desktop.ui.tasks import Progress, TaskManager, app_tasks

log = logging.getLogger(__name__)

RESTORE_NEWEST, RESTORE_CHOSEN, START_EMPTY, QUIT = "newest", "chosen", "empty", "quit"


def _tr(text: str) -> str:
    return gettext(text)


def ask_recovery(parent: QWidget | None, problem: str, newest: Path | None) -> str:
    """The clerk's choice for a damaged database (one of the constants above)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr(N_("The database is damaged")))
    box.setText(problem)
    if newest is not None:
        box.setInformativeText(
            _tr(N_("The newest good backup is %1. The damaged file will be kept.")).replace(
                "%1", newest.name
            )
        )
    else:
        box.setInformativeText(_tr(N_("No good backup was found. The damaged file will be kept.")))
    buttons = {}
    if newest is not None:
        buttons[RESTORE_NEWEST] = box.addButton(
            _tr(N_("Restore the newest backup")), QMessageBox.ButtonRole.AcceptRole
        )
    buttons[RESTORE_CHOSEN] = box.addButton(
        _tr(N_("Choose a backup file…")), QMessageBox.ButtonRole.ActionRole
    )
    if newest is None:
        buttons[START_EMPTY] = box.addButton(
            _tr(N_("Start with an empty database")), QMessageBox.ButtonRole.DestructiveRole
        )
    buttons[QUIT] = box.addButton(_tr(N_("Quit")), QMessageBox.ButtonRole.RejectRole)
    run_modal(box)
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if button is clicked), QUIT)


def choose_backup(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr(N_("Choose a backup")), str(folder), _tr(N_("Yishi databases (*.sqlite3)"))
    )
    return Path(name) if name else None


def tell_restored(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, _tr(N_("Database restored")), text)


class Recovery:
    """What the start-up does with a damaged database. The prompts are attributes so that
    tests can answer them."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        self.paths = paths
        self.parent = parent
        self.ask: Callable[[QWidget | None, str, Path | None], str] = ask_recovery
        self.choose: Callable[[QWidget | None, Path], Path | None] = choose_backup
        self.tell: Callable[[QWidget | None, str], None] = tell_restored

    def run(self, problem: str) -> bool:
        """Offer the way out; True when a usable database is now in place (or the clerk
        chose to start empty), False to quit. Errors are shown and the offer repeated."""
        database, backups = self.paths.database, self.paths.backups
        while True:
            newest = dbfile.newest_good_backup(backups)
            choice = self.ask(self.parent, problem, newest)
            if choice == QUIT:
                return False
            if choice == START_EMPTY:
                kept = dbfile.set_damaged_file_aside(database, backups)
                log.warning("damaged database set aside as %s; starting empty", kept)
                return True
            source = newest if choice == RESTORE_NEWEST else self.choose(self.parent, backups)
            if source is None:
                continue
            from desktop.db import restore

            try:
                kept = restore(database, source, backups)
            except AppError as err:
                problem = str(err)
                continue
            log.warning("database restored from %s; the damaged file is %s", source, kept)
            self.tell(
                self.parent,
                _tr(N_("Restored from %1. The damaged file was kept as %2."))
                .replace("%1", source.name)
                .replace("%2", str(kept)),
            )
            return True


def check_in_background(
    window: QWidget,
    paths: Paths,
    on_damage: Callable[[str], None] | None = None,
) -> TaskManager:
    """Run ``quick_check`` off the GUI thread; on failure call ``on_damage(detail)`` (by
    default: warn with a restore action)."""
    tasks = app_tasks()

    def work(_progress: Progress) -> tuple[bool, str]:
        return dbfile.quick_check(paths.database)

    def done(result: tuple[bool, str]) -> None:
        ok, detail = result
        if ok:
            return
        log.error("quick_check failed: %s", detail)
        (on_damage or (lambda d: warn_damaged(window, paths, d)))(detail)

    tasks.run(work, on_done=done, on_error=lambda exc: done((False, str(exc))), owner=window)
    return tasks


def warn_damaged(window: QWidget, paths: Paths, detail: str) -> None:
    """The check found damage while Yishi runs: say so, and offer to restore (which closes
    the database and Yishi; the next start opens the restored file)."""
    problem = str(dbfile.damaged_error(paths.database, detail))
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr(N_("The database is damaged")))
    box.setText(problem)
    box.setInformativeText(
        _tr(
            N_(
                "Stop entering data. Restore closes Yishi, puts the newest good backup in place "
                "and keeps the damaged file; start Yishi again afterwards."
            )
        )
    )
    restore_button = box.addButton(_tr(N_("Restore…")), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr(N_("Later")), QMessageBox.ButtonRole.RejectRole)
    run_modal(box)
    clicked = box.clickedButton()
    if clicked is not restore_button:
        return
    ctx = getattr(window, "ctx", None)
    if ctx is not None:
        ctx.db.dispose()
    if Recovery(paths, window).run(problem):
        QCoreApplication.quit()
