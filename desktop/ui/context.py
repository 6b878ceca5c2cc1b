"""What every page gets: the database, the signed-in actor, paths, and app-wide services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.config import Paths
from desktop.db import Database
from desktop.services import settings as settings_service
from desktop.services.permissions import Actor, Permission
from desktop.services.settings import Settings

if TYPE_CHECKING:
    from desktop.ui.tasks import TaskManager


@dataclass
class AppContext:
    db: Database
    actor: Actor
    paths: Paths
    demo: bool = False
    #: Shows a message in the main window's status bar (set by the main window).
    status: Callable[[str], None] = field(default=lambda _msg: None)
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            with self.db.session() as s:
                self._settings = settings_service.load(s)
        return self._settings

    def reload_settings(self) -> None:
        self._settings = None

    @property
    def tasks(self) -> TaskManager:
        """The application's one background-task runner (callbacks on the GUI thread)."""
        from desktop.ui.tasks import app_tasks

        return app_tasks()

    def can(self, permission: Permission) -> bool:
        return self.actor.can(permission)
