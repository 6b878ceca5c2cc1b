"""Who may do what. Checked in services; the UI only hides what would be refused anyway."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.errors import PermissionDenied
from desktop.i18n import N_


class Permission(StrEnum):
    VIEW = "view"
    EDIT_DATA = "edit_data"
    VIEW_PERSONAL_DATA = "view_personal_data"
    EXPORT_UNMASKED = "export_unmasked"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    ENTER_BALLOTS = "enter_ballots"
    CERTIFY = "certify"
    CORRECT_CERTIFIED = "correct_certified"
    SYNC = "sync"
    BACKUP = "backup"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "admin": frozenset(Permission),
    "clerk": frozenset(
        {
            Permission.VIEW,
            Permission.EDIT_DATA,
            Permission.VIEW_PERSONAL_DATA,
            Permission.ENTER_BALLOTS,
            Permission.SYNC,
            Permission.BACKUP,
        }
    ),
    "scrutineer": frozenset({Permission.VIEW, Permission.ENTER_BALLOTS, Permission.CERTIFY}),
    "viewer": frozenset({Permission.VIEW}),
}

ROLE_LABELS = {
    "admin": N_("Administrator"),
    "clerk": N_("Clerk"),
    "scrutineer": N_("Scrutineer"),
    "viewer": N_("Viewer"),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as services see it."""

    user_id: int | None
    username: str
    display_name: str
    role: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                N_("Your role ({role}) may not do this ({permission})."),
                role=self.role,
                permission=permission.value,
            )


#: Used by the CLI for set-up and maintenance commands run by whoever owns the machine.
SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="系统", role="admin")
