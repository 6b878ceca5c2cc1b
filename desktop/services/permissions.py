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
    TERM_CHANGEOVER = "term_changeover"
    PRINT_CARDS = "print_cards"
    PRINT_BALLOTS = "print_ballots"
    REVIEW_FOLLOWUP = "review_followup"


ROLES = ("admin", "clerk", "scrutineer", "viewer")

#: The role × action table (DESIGN.md §3). Services check it through ``Actor.require``; the
#: UI enables, disables or hides with ``Actor.can`` from the same table; tests walk it.
#: The administrator keeps every action (sign-in and certification included) so that a
#: street with one account can still finish its work.
ACTION_ROLES: dict[Permission, frozenset[str]] = {
    Permission.VIEW: frozenset({"admin", "clerk", "scrutineer", "viewer"}),
    Permission.EDIT_DATA: frozenset({"admin", "clerk"}),
    Permission.VIEW_PERSONAL_DATA: frozenset({"admin", "clerk"}),
    Permission.EXPORT_UNMASKED: frozenset({"admin"}),
    Permission.MANAGE_USERS: frozenset({"admin"}),
    Permission.MANAGE_SETTINGS: frozenset({"admin"}),
    Permission.ENTER_BALLOTS: frozenset({"admin", "clerk", "scrutineer"}),
    Permission.CERTIFY: frozenset({"admin", "scrutineer"}),
    Permission.CORRECT_CERTIFIED: frozenset({"admin"}),
    Permission.SYNC: frozenset({"admin", "clerk"}),
    Permission.BACKUP: frozenset({"admin", "clerk"}),
    Permission.TERM_CHANGEOVER: frozenset({"admin"}),
    Permission.PRINT_CARDS: frozenset({"admin", "clerk"}),
    Permission.PRINT_BALLOTS: frozenset({"admin", "clerk", "scrutineer"}),
    Permission.REVIEW_FOLLOWUP: frozenset({"admin"}),
}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    role: frozenset(p for p, roles in ACTION_ROLES.items() if role in roles) for role in ROLES
}

#: What each action is, as a clerk would say it (used in refusals: no internal codes).
ACTION_LABELS: dict[Permission, str] = {
    Permission.VIEW: N_("view the records"),
    Permission.EDIT_DATA: N_("enter or change records"),
    Permission.VIEW_PERSONAL_DATA: N_("see personal details"),
    Permission.EXPORT_UNMASKED: N_("export unmasked personal details"),
    Permission.MANAGE_USERS: N_("manage user accounts"),
    Permission.MANAGE_SETTINGS: N_("change the settings"),
    Permission.ENTER_BALLOTS: N_("enter ballots"),
    Permission.CERTIFY: N_("decide mismatches or certify a result"),
    Permission.CORRECT_CERTIFIED: N_("correct a certified result"),
    Permission.SYNC: N_("synchronise with the city server"),
    Permission.BACKUP: N_("make or restore backups"),
    Permission.TERM_CHANGEOVER: N_("carry out a term changeover or delete people"),
    Permission.PRINT_CARDS: N_("print representative cards"),
    Permission.PRINT_BALLOTS: N_("print ballots"),
    Permission.REVIEW_FOLLOWUP: N_("give the committee's review opinion on a handling report"),
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

    def refusal(self, permission: Permission) -> PermissionDenied:
        """The error ``require`` raises (its text also serves as a disabled button's tip)."""
        return PermissionDenied(
            N_("As {role} you may not {action}. Ask someone whose role allows it."),
            role=ROLE_LABELS.get(self.role, self.role),
            action=ACTION_LABELS[permission],
        )

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise self.refusal(permission)


#: Used by the CLI for set-up and maintenance commands run by whoever owns the machine.
SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="系统", role="admin")
